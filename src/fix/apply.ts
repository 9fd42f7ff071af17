// The fixer: collect fixes, apply non-overlapping edits, re-parse and re-lint, repeat until stable
// (at most 10 passes); refuse a pass that breaks parsing; write atomically.
import fs from "node:fs";
import path from "node:path";
import { FileStore } from "../files.js";
import { lint, type LintOptions, type LintResult } from "../engine/index.js";
import type { Diagnostic, Fix, TextEdit } from "../types.js";

export interface FixOptions extends LintOptions {
  unsafe: boolean;
  /** compute but do not write */
  dryRun: boolean;
}

export interface AppliedFix {
  rule: string;
  title: string;
  file: string;
  line: number;
}

export interface FileChange {
  path: string;
  rel: string;
  before: string;
  after: string;
}

export interface FixResult {
  applied: AppliedFix[];
  changes: FileChange[];
  /** the lint result after the last pass */
  remaining: LintResult;
  /** passes or files refused (a fix that would break parsing), and write failures */
  refused: { file: string; reason: string }[];
  passes: number;
}

export const MAX_PASSES = 10;

/**
 * Applies non-overlapping edits, from the end of the text backwards so earlier offsets stay valid.
 * Insertions at the same offset keep their given order (the first given ends up first).
 */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const sorted = edits.map((e, i) => ({ e, i })).sort((a, b) => b.e.start - a.e.start || b.e.end - a.e.end || b.i - a.i);
  let out = text;
  for (const { e } of sorted) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

/** Two edits conflict when their ranges overlap, or when an insertion falls at the same point as, or inside, another edit. */
export function editsConflict(a: TextEdit, b: TextEdit): boolean {
  if (a.file !== b.file) return false;
  if (a.start < b.end && b.start < a.end) return true;
  // two insertions at one offset: their order would be arbitrary
  if (a.start === a.end && b.start === b.end) return a.start === b.start;
  // an insertion strictly inside a replaced range
  if (a.start === a.end) return a.start > b.start && a.start < b.end;
  if (b.start === b.end) return b.start > a.start && b.start < a.end;
  return false;
}

function fixKey(d: Diagnostic & { fix: Fix }): string {
  return `${d.rule}\0${d.path}\0${d.message}\0${d.fix.title}`;
}

function wanted(d: Diagnostic, unsafe: boolean): d is Diagnostic & { fix: Fix } {
  return d.fix !== null && (d.fix.safety === "safe" || unsafe) && d.fix.edits.length > 0;
}

/**
 * Picks fixes whose edits overlap no edit already picked (per file), in diagnostic order.
 * `skip` leaves fixes out (refused earlier); `onePerFile` takes at most one fix in those files.
 */
export function selectFixes(
  ds: Diagnostic[],
  unsafe: boolean,
  opts: { skip?: Set<string>; onePerFile?: Set<string>; editable?: (file: string) => boolean } = {},
): { picked: (Diagnostic & { fix: Fix })[]; editsByFile: Map<string, TextEdit[]> } {
  const editsByFile = new Map<string, TextEdit[]>();
  const picked: (Diagnostic & { fix: Fix })[] = [];
  for (const d of ds) {
    if (!wanted(d, unsafe)) continue;
    if (opts.skip?.has(fixKey(d))) continue;
    if (opts.editable && !d.fix.edits.every((e) => opts.editable!(e.file))) continue;
    // the edits of one fix must not conflict with each other either
    const own = d.fix.edits;
    if (own.some((e, i) => own.some((o, j) => j > i && editsConflict(e, o)))) continue;
    if (own.some((e) => opts.onePerFile?.has(e.file) && editsByFile.has(e.file))) continue;
    const ok = own.every((e) => !(editsByFile.get(e.file) ?? []).some((o) => editsConflict(e, o)));
    if (!ok) continue;
    picked.push(d);
    for (const e of own) {
      const list = editsByFile.get(e.file) ?? [];
      list.push(e);
      editsByFile.set(e.file, list);
    }
  }
  return { picked, editsByFile };
}

/** Parse problems of a file, from the model (not the diagnostics: `--rule parse-error=off` or a suppression must not hide a broken fix). */
function parseErrorsIn(r: LintResult, file: string): number {
  return (r.model?.problems ?? []).filter((p) => p.rule === "parse-error" && p.file === file).length;
}

export async function fix(paths: string[], options: FixOptions): Promise<FixResult> {
  const store = new FileStore(options.cwd, paths.length ? paths : ["."]);
  let result = await lint(paths, options, store);
  const inputs = result.inputs;
  const original = new Map<string, { text: string; bom: boolean; rel: string }>();
  const applied: AppliedFix[] = [];
  const refused: FixResult["refused"] = [];
  const skip = new Set<string>();
  let onePerFile = new Set<string>();
  const editableCache = new Map<string, boolean>();
  // only files read from disk: never virtual ones (an inline Dockerfile lives inside the compose file)
  const editable = (file: string): boolean => {
    let ok = editableCache.get(file);
    if (ok === undefined) {
      try {
        ok = store.get(file) !== undefined && fs.statSync(file).isFile();
      } catch {
        ok = false;
      }
      editableCache.set(file, ok);
    }
    return ok;
  };
  let passes = 0;
  while (passes < MAX_PASSES) {
    const { picked, editsByFile } = selectFixes(result.diagnostics, options.unsafe, { skip, onePerFile, editable });
    if (picked.length === 0) break;
    passes++;
    const before = new Map<string, string>();
    for (const [file, edits] of editsByFile) {
      const src = store.get(file)!;
      if (!original.has(file)) original.set(file, { text: src.text, bom: src.bom || startsWithBom(file), rel: src.rel });
      before.set(file, src.text);
      store.override(file, applyEdits(src.text, edits));
    }
    const next = await lint(paths, options, store, inputs);
    // refuse the changes to any file that this pass made unparseable
    const broken = new Set<string>();
    for (const [file, text] of before) {
      if (parseErrorsIn(next, file) > parseErrorsIn(result, file)) {
        store.override(file, text);
        broken.add(file);
      }
    }
    const nextOnePerFile = new Set<string>();
    for (const file of broken) {
      const inFile = picked.filter((d) => d.fix.edits.some((e) => e.file === file));
      if (inFile.length === 1) {
        // this fix alone breaks the file: never try it again
        const d = inFile[0]!;
        skip.add(fixKey(d));
        refused.push({ file: store.get(file)?.rel ?? file, reason: `${d.rule} at line ${d.line}: \`${d.fix.title}\` would have made the file unparseable; it was not applied` });
      } else {
        // several fixes together: try them one at a time to find the one that breaks it
        nextOnePerFile.add(file);
      }
    }
    onePerFile = nextOnePerFile;
    // a fix with edits in several files is all or nothing
    for (const d of picked) {
      if (!d.fix.edits.some((e) => broken.has(e.file))) continue;
      for (const e of d.fix.edits) {
        if (!broken.has(e.file) && before.has(e.file)) {
          // revert only when no other applied fix edited this file in this pass
          const others = picked.some((o) => o !== d && !o.fix.edits.some((x) => broken.has(x.file)) && o.fix.edits.some((x) => x.file === e.file));
          if (!others) {
            store.override(e.file, before.get(e.file)!);
            broken.add(e.file);
          }
        }
      }
    }
    for (const d of picked) {
      // a fix that touched a reverted file was not applied
      if (d.fix.edits.some((e) => broken.has(e.file))) continue;
      applied.push({ rule: d.rule, title: d.fix.title, file: d.file, line: d.line });
    }
    result = broken.size ? await lint(paths, options, store, inputs) : next;
  }
  const changes: FileChange[] = [];
  for (const [file, orig] of original) {
    const now = store.get(file);
    if (!now || now.text === orig.text) continue;
    const bom = orig.bom ? "\uFEFF" : "";
    changes.push({ path: file, rel: orig.rel, before: bom + orig.text, after: bom + now.text });
  }
  if (!options.dryRun) {
    for (const c of changes) {
      try {
        // the text was decoded from the bytes on disk: write only when they still match (valid UTF-8, not changed meanwhile)
        const onDisk = fs.readFileSync(c.path);
        if (!onDisk.equals(Buffer.from(c.before, "utf8"))) {
          refused.push({ file: c.rel, reason: "the file is not valid UTF-8 or changed on disk while it was being fixed: not written" });
          continue;
        }
        writeAtomic(c.path, c.after);
      } catch (e) {
        refused.push({ file: c.rel, reason: `could not write: ${(e as NodeJS.ErrnoException).code === "EACCES" || (e as NodeJS.ErrnoException).code === "EPERM" ? "permission denied" : (e as Error).message}` });
      }
    }
  }
  return { applied, changes, remaining: result, refused, passes };
}

/** Whether the file on disk starts with a UTF-8 BOM (the decoder may have dropped it without saying so). */
function startsWithBom(file: string): boolean {
  try {
    const fd = fs.openSync(file, "r");
    try {
      const b = Buffer.alloc(3);
      const n = fs.readSync(fd, b, 0, 3, 0);
      return n === 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf;
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return false;
  }
}

/** Writes through a temporary file in the same directory and a rename: readers see the old or the new file, never half of one. */
export function writeAtomic(target: string, text: string): void {
  // through a symbolic link: replace the file it points to, not the link
  const file = fs.realpathSync(target);
  const st = fs.statSync(file);
  // a file this user may not write is not replaced behind its back (permission denied); the operating
  // system decides, as for any editor: root may fix a file whose mode has no write bit
  fs.accessSync(file, fs.constants.W_OK);
  const dir = path.dirname(file);
  const prefix = `.${path.basename(file)}.compose-lint-`;
  removeStaleTemps(dir, prefix);
  const tmp = path.join(dir, `${prefix}${process.pid}-${Date.now()}.tmp`);
  const fd = fs.openSync(tmp, "wx", st.mode & 0o7777);
  try {
    try {
      fs.writeFileSync(fd, text); // loops until every byte is written
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.chmodSync(tmp, st.mode & 0o7777);
    try {
      fs.chownSync(tmp, st.uid, st.gid);
    } catch {
      // not permitted for a non-root user: the owner stays the writer
    }
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}

/** Temporary files left by an earlier run that was killed before its rename (its process is gone). */
function removeStaleTemps(dir: string, prefix: string): void {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith(".tmp")) continue;
    const pid = Number(/^(\d+)-\d+\.tmp$/.exec(name.slice(prefix.length))?.[1]);
    if (!pid || pid === process.pid || processExists(pid)) continue;
    fs.rmSync(path.join(dir, name), { force: true });
  }
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}
