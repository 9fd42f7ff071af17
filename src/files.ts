// Reading files for the linter: one read per file, bounded sizes, and containment (a file outside the
// roots the user named is never read: a build context that points outside is reported, not followed).
import fs from "node:fs";
import path from "node:path";
import { isUtf8 } from "node:buffer";
import type { Document } from "yaml";
import { parseYamlDocument } from "./parse/yaml-fast.js";
import { lineIndexOf, makeSourceFile } from "./source.js";
import type { FileKind, SourceFile } from "./types.js";

export const MAX_FILE_BYTES = 64 * 1024 * 1024;
/**
 * Files that are parsed (compose and other YAML, Dockerfiles, scripts): the YAML and Dockerfile parsers take
 * up to 2 s per MiB, and real files are well under 100 KiB. Bounds each file to a few seconds.
 */
export const MAX_PARSED_BYTES = 2 * 1024 * 1024;
/** YAML (compose files, workflows): a 1 MiB compose file holds about 6,500 services and lints in a few seconds. */
export const MAX_YAML_BYTES = 1024 * 1024;

export type ReadResult =
  | { ok: true; file: SourceFile }
  | {
      ok: false;
      message: string;
      rule: "io-error" | "parse-error";
      /** not text (NUL bytes), or larger than a text file of its kind may be: for a program, the compiled program itself */
      notText?: "binary" | "too-large";
    };

/**
 * The files of one run, each read once. A file is known by its real path (symbolic links resolved): a file
 * reached through a link and directly is one file, read once, with one SourceFile whose `path` is the name
 * it was first given (see name(): the engine names discovered files first, in discovery order), and its
 * other names listed by aliases().
 */
export class FileStore {
  /** results by real path */
  private cache = new Map<string, ReadResult>();
  /** every path used so far → its real path */
  private keys = new Map<string, string>();
  /** real path → the name shown (first named), then the other names that reached it */
  private names = new Map<string, string[]>();
  /** what readers derived from a file's text (its parses), by the SourceFile read: a replaced text has none yet */
  private derivedValues = new WeakMap<SourceFile, Map<string, unknown>>();
  /** directory → its real path (or the path itself where it does not exist): the parents of the paths keyed */
  private dirKeys = new Map<string, string>();
  /** directory → its entries by name, "missing" when it does not exist, null when it cannot be listed (see entryKind) */
  private listings = new Map<string, Map<string, EntryKind> | "missing" | null>();
  private roots: string[];
  /** each root as the prefix of the paths inside it (ending in a separator) */
  private rootPrefixes: string[];
  /** the roots, for a lookup by ancestor: a run over many paths (pre-commit passes every changed file) checks each path's few ancestors, not every root */
  private rootSet: Set<string>;

  constructor(
    readonly cwd: string,
    roots: string[],
  ) {
    this.roots = roots.map((r) => realOrSelf(path.resolve(cwd, r)));
    this.rootPrefixes = this.roots.map((r) => (r.endsWith(path.sep) ? r : r + path.sep));
    this.rootSet = new Set(this.roots);
  }

  /** The real path a path stands for (the path itself for a virtual file or one that does not exist). */
  keyOf(absPath: string): string {
    let k = this.keys.get(absPath);
    if (k === undefined) {
      k = this.realOf(absPath);
      this.keys.set(absPath, k);
    }
    return k;
  }

  /**
   * realOrSelf, with the real paths of directories kept for the store: a path that is no symbolic link is its
   * directory's real path and its name (one lstat instead of resolving every component of the path again).
   * Only where names are compared as written (Linux): elsewhere the real path also gives a name its case on disk.
   */
  private realOf(p: string): string {
    const dir = path.dirname(p);
    // a trailing separator makes lstat follow a link (`link/` is the directory it names)
    if (dir === p || !NAMES_AS_WRITTEN || p.endsWith(path.sep)) return realOrSelf(p);
    let realDir = this.dirKeys.get(dir);
    if (realDir === undefined) {
      realDir = this.realOf(dir);
      this.dirKeys.set(dir, realDir);
    }
    const listed = this.entry(p);
    if (listed === undefined) {
      let st: fs.Stats | undefined;
      try {
        st = fs.lstatSync(p, { throwIfNoEntry: false });
      } catch {
        st = undefined;
      }
      if (st?.isSymbolicLink()) return realOrSelf(p);
    } else if (listed === "link") return realOrSelf(p);
    return path.join(realDir, path.basename(p));
  }

  /**
   * What a path is, from its directory's listing (one readdir per directory of a run answers the many
   * existence checks of a model: `.env` and its examples, `.dockerignore`, COPY sources): "none" when the
   * directory does not list it, or does not exist. Undefined when the listing cannot say: a symbolic link
   * (its target decides), a name with `.`/`..` or a trailing separator, a directory that cannot be listed or
   * lies outside the linted paths (never listed), and on systems whose names are not compared as written (a
   * listing does not match names case-insensitively).
   */
  entryKind(absPath: string): "file" | "dir" | "other" | "none" | undefined {
    const k = this.entry(absPath);
    return k === "link" ? undefined : k;
  }

  private entry(absPath: string): EntryKind | "none" | undefined {
    if (!NAMES_AS_WRITTEN || absPath.endsWith(path.sep)) return undefined;
    const dir = path.dirname(absPath);
    const name = absPath.slice(dir.length + (dir.endsWith(path.sep) ? 0 : 1));
    if (dir === absPath || name === "" || name === "." || name === "..") return undefined;
    let listing = this.listings.get(dir);
    if (listing === undefined) {
      // only directories inside the linted paths, as written and with links resolved, are listed (a listing reads
      // the names in a directory: nothing outside is read); the others are left to a stat of the path
      listing = this.underRoots(dir) && this.contains(dir) ? listDirectory(dir) : null;
      this.listings.set(dir, listing);
    }
    if (listing === null) return undefined;
    if (listing === "missing") return "none";
    return listing.get(name) ?? "none";
  }

  /**
   * Gives a file its name before it is read: the first name a file gets is the one findings, fixes and
   * diffs use; later names (another path through a link) are kept as aliases.
   */
  name(absPath: string): void {
    const key = this.keyOf(absPath);
    const list = this.names.get(key);
    if (!list) this.names.set(key, [absPath]);
    else if (!list.includes(absPath)) list.push(absPath);
  }

  /** Other paths (absolute) that reached the file `absPath` names, in the order they were met (the first name is the one shown). */
  aliases(absPath: string): string[] {
    const key = this.keys.get(absPath);
    return key === undefined ? [] : (this.names.get(key)?.slice(1) ?? []);
  }

  /** The name shown for a file (its first name), by any of its names; the path itself when it was never used. */
  shownName(absPath: string): string {
    const key = this.keys.get(absPath);
    return (key !== undefined && this.names.get(key)?.[0]) || absPath;
  }

  /** Every file reached by several paths so far: the name shown → the other names. */
  knownAliases(): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const list of this.names.values()) if (list.length > 1) out[list[0]!] = list.slice(1);
    return out;
  }

  /** Whether a path lies inside one of the roots (after resolving symlinks of the existing part). */
  contains(absPath: string): boolean {
    return this.underRoots(this.keyOf(absPath));
  }

  /** Whether a path, as given (no link resolved), is a root or below one. */
  private underRoots(given: string): boolean {
    if (this.roots.length < 8) {
      for (let i = 0; i < this.roots.length; i++) if (given === this.roots[i] || given.startsWith(this.rootPrefixes[i]!)) return true;
      return false;
    }
    let p = given;
    while (p.length > 1 && p.endsWith(path.sep)) p = p.slice(0, -1);
    for (;;) {
      if (this.rootSet.has(p)) return true;
      const up = path.dirname(p);
      if (up === p) return false;
      p = up;
    }
  }

  read(absPath: string, kind: FileKind): ReadResult {
    const key = this.keyOf(absPath);
    this.name(absPath);
    const hit = this.cache.get(key);
    if (hit) {
      if (hit.ok && hit.file.kind === "other" && kind !== "other") hit.file.kind = kind;
      return hit;
    }
    const r = this.readUncached(this.names.get(key)![0]!, key, kind);
    this.cache.set(key, r);
    return r;
  }

  /**
   * A value derived from a file's text (a parse), computed once for this store whoever asks: the compose loader
   * and the provenance index read one parse of a compose file, the workflow containers and the provenance index
   * one parse of a workflow. Kept with the SourceFile read, so a text replaced by override() is parsed anew, and
   * with the store, so nothing outlives the lint run (the language server makes a store per lint).
   */
  derived<T>(file: SourceFile, key: string, make: (file: SourceFile) => T): T {
    let values = this.derivedValues.get(file);
    if (!values) this.derivedValues.set(file, (values = new Map()));
    if (values.has(key)) return values.get(key) as T;
    const v = make(file);
    values.set(key, v);
    return v;
  }

  /**
   * A YAML file other than a compose file (a workflow, `.gitlab-ci.yml`) as a document, parsed once per run: merge
   * keys resolved (YAML 1.1 `<<`, as GitHub and GitLab read them), duplicate keys tolerated. Readers check `errors`.
   */
  yamlDocument(file: SourceFile): Document.Parsed {
    return this.derived(file, "yaml", (f) => parseYamlDocument(f.text, { merge: true, uniqueKeys: false, prettyErrors: false }));
  }

  /** Whether a path inside the roots is a directory. */
  isDirectory(absPath: string): boolean {
    if (!this.contains(absPath)) return false;
    try {
      return fs.statSync(absPath).isDirectory();
    } catch {
      return false;
    }
  }

  /** Replaces the text of a file for the next reads (the fixer lints its edits before writing them). */
  override(absPath: string, text: string): void {
    const key = this.keyOf(absPath);
    const old = this.cache.get(key);
    const kind = old?.ok ? old.file.kind : "other";
    const f = makeSourceFile(old?.ok ? old.file.path : absPath, text, kind, this.cwd);
    if (old?.ok) {
      f.bom = old.file.bom;
      f.rel = old.file.rel;
    }
    this.name(absPath);
    this.cache.set(key, { ok: true, file: f });
  }

  /** Forgets parsed state but keeps file texts (for a new lint pass over the same store). */
  snapshotTexts(): Map<string, ReadResult> {
    return new Map(this.cache);
  }

  /** Files read so far (successfully), in read order, each once. */
  files(): SourceFile[] {
    const out: SourceFile[] = [];
    for (const r of this.cache.values()) if (r.ok) out.push(r.file);
    return out;
  }

  /** The file a path names, by any of its names (only paths already used: no file system access). */
  get(absPath: string): SourceFile | undefined {
    const key = this.keys.get(absPath);
    const r = key === undefined ? undefined : this.cache.get(key);
    return r?.ok ? r.file : undefined;
  }

  /** Registers a virtual file (compose `dockerfile_inline`), so spans into it resolve. */
  addVirtual(absPath: string, text: string, kind: FileKind): SourceFile {
    const f = makeSourceFile(absPath, text, kind, this.cwd);
    // a virtual path is its own key: it names no file on disk
    this.keys.set(absPath, absPath);
    this.names.set(absPath, [absPath]);
    this.cache.set(absPath, { ok: true, file: f });
    return f;
  }

  private readUncached(absPath: string, key: string, kind: FileKind): ReadResult {
    if (!this.contains(key)) return { ok: false, rule: "io-error", message: "outside the linted paths: not read" };
    let st: fs.Stats;
    try {
      st = fs.statSync(absPath);
    } catch (e) {
      return { ok: false, rule: "io-error", message: ioMessage(e) };
    }
    if (st.isDirectory()) return { ok: false, rule: "io-error", message: "is a directory" };
    if (!st.isFile()) return { ok: false, rule: "io-error", message: "not a regular file" };
    const limit = kind === "compose" || kind === "workflow" ? MAX_YAML_BYTES : kind === "other" ? MAX_FILE_BYTES : MAX_PARSED_BYTES;
    if (st.size > limit) return { ok: false, rule: "io-error", message: `larger than ${limit / 1024 / 1024} MiB: not read`, notText: "too-large" };
    let buf: Buffer;
    try {
      buf = fs.readFileSync(absPath);
    } catch (e) {
      return { ok: false, rule: "io-error", message: ioMessage(e) };
    }
    if (buf.length > limit) return { ok: false, rule: "io-error", message: `larger than ${limit / 1024 / 1024} MiB: not read`, notText: "too-large" };
    if (looksBinary(buf)) return { ok: false, rule: "parse-error", message: "binary file (NUL bytes): not a text file", notText: "binary" };
    const text = UTF8.decode(buf);
    if (kind === "compose" && !isUtf8(buf)) {
      // Compose refuses such a file; elsewhere (Dockerfiles, scripts) the bytes are only compared, replacement characters do
      const at = makeSourceFile(absPath, text, kind, this.cwd);
      const bad = at.text.indexOf("\uFFFD");
      const li = bad === -1 ? 0 : lineIndexOf(at, bad);
      return { ok: false, rule: "parse-error", message: `not valid UTF-8 (first invalid byte at line ${li + 1}, column ${bad - at.lineStarts[li]! + 1}): Compose cannot read it` };
    }
    return { ok: true, file: makeSourceFile(absPath, text, kind, this.cwd) };
  }
}

function looksBinary(buf: Buffer): boolean {
  const n = Math.min(buf.length, 8192);
  for (let i = 0; i < n; i++) if (buf[i] === 0) return true;
  return false;
}

export function ioMessage(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  switch (err.code) {
    case "ENOENT":
      return "no such file";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "ELOOP":
      return "too many levels of symbolic links";
    case "EISDIR":
      return "is a directory";
    default:
      return err.code ? `${err.code}: ${err.message}` : String(e);
  }
}

/** One decoder for every file (decode without `stream` keeps no state between calls). */
const UTF8 = new TextDecoder("utf-8", { fatal: false, ignoreBOM: true });

type EntryKind = "file" | "dir" | "link" | "other";

function listDirectory(dir: string): Map<string, EntryKind> | "missing" | null {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === "ENOENT" || code === "ENOTDIR" ? "missing" : null;
  }
  const out = new Map<string, EntryKind>();
  for (const e of entries) out.set(e.name, e.isFile() ? "file" : e.isDirectory() ? "dir" : e.isSymbolicLink() ? "link" : "other");
  return out;
}

/** Whether the real path of a file that is no link is its directory's real path and its name as written (not on macOS or Windows, whose real paths give the case on disk). */
const NAMES_AS_WRITTEN = process.platform === "linux";

function realOrSelf(p: string): string {
  try {
    return fs.realpathSync.native(p);
  } catch {
    // resolve the existing prefix
    const parent = path.dirname(p);
    if (parent === p) return p;
    return path.join(realOrSelf(parent), path.basename(p));
  }
}
