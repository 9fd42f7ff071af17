// The knowledge base: what programs and images do as PID 1. The facts are data (programs.ts,
// images/*.ts), each with its source; this module only looks them up.
import { helperByName, HELPERS, type HelperEntry } from "./downloads.js";
import { IMAGES } from "./images/index.js";
import { PROGRAMS } from "./programs.js";
import { imageRepository, imageTag, parseImageRef, type ImageRef } from "./reference.js";
import type { ImageEntry, ImageVariant, KnowledgeEntry, Verdict } from "./types.js";
import { WRAPPERS, type WrapperEntry } from "./wrappers.js";

export type { ImageEntry, ImageFacts, ImageFile, ImageVariant, KnowledgeEntry, Prepend, Runtime, Verdict } from "./types.js";
export { imageRepository, imageTag, parseImageRef, type ImageRef } from "./reference.js";
// the rest of the data set, for the model: one-shot commands and well-known helper scripts
export { endsAtOnce, EXITS_AT_ONCE, ONE_SHOT, oneShotCommand, READS_STDIN, RETURNS_AT_ONCE, type OneShotCommand } from "./one-shot.js";
export { SHELL_C, shellExecsLast, type LastPosition, type ShellCBehaviour } from "./shells.js";
export { helperByImage, helperByName, helperByPackage, helperByUrl, helperCommandIndex, helperPackagePaths, HELPERS, type HelperEntry, type HelperRuns } from "./downloads.js";
export { WRAPPERS, type WrapperEntry, type WrapperRuns } from "./wrappers.js";
export { DAEMONS, daemonises, type DaemonEntry } from "./daemons.js";
export { PYTHON_MODULES, pythonModule, type PythonModuleEntry } from "./python-modules.js";

/** A wrapper's facts for one userland: busybox's applet may differ (and leave an orphan). */
export type ResolvedWrapper = WrapperEntry & { orphans?: "busybox-timeout" };

/** A word of a command as the wrappers' reader sees it: its text, and whether it stands for arguments not known here (`"$@"`). */
export interface WrapperWord {
  text: string;
  allArgs?: boolean;
}

/**
 * Where the command starts in a wrapper's arguments (`nice -n 5 app` → 2, `gosu app node` → 1), or null when none is
 * given (or the program's first word is not the subcommand that makes it a wrapper: `bundle install`): its subcommand, its options (up to `--`; a word of unknown arguments ends them), then `NAME=value` words for env, then its own operands.
 */
export function wrapperCommandIndex(w: WrapperEntry, args: readonly WrapperWord[]): number | null {
  let i = 0;
  if (w.subcommands) {
    if (!args[0] || args[0].allArgs || !w.subcommands.includes(args[0].text)) return null;
    i = 1;
  }
  if (w.options !== false) {
    const withValue = new Set(w.optionsWithValue ?? []);
    while (i < args.length && args[i]!.text.startsWith("-") && !args[i]!.allArgs) {
      const t = args[i]!.text;
      i++;
      if (t === "--") break;
      if (withValue.has(t)) i++;
    }
  }
  if (w.assignments) while (i < args.length && !args[i]!.allArgs && /^[A-Za-z_][A-Za-z0-9_]*=/.test(args[i]!.text)) i++;
  i += w.operands ?? 0;
  return i < args.length ? i : null;
}

/** Knowledge base: built-in entries plus a user's extensions (config), user entries first. */
export class KnowledgeBase {
  private programs = new Map<string, KnowledgeEntry>();
  private exact = new Map<string, ImageEntry>();
  private prefixes: { prefix: string; entry: ImageEntry }[] = [];
  private wrappers = new Map<string, WrapperEntry>();
  private helpers: HelperEntry[];
  /** lookups already answered (the base does not change after construction): by image reference, by helper name */
  private imageMemo = new Map<string, ImageEntry | null>();
  private helperMemo = new Map<string, HelperEntry | null>();

  constructor(
    /** the user's own entries (configuration), kept so the base can be rebuilt in a worker thread */
    readonly extraPrograms: KnowledgeEntry[] = [],
    readonly extraImages: ImageEntry[] = [],
    readonly extraWrappers: WrapperEntry[] = [],
    /** wait helpers known by name (HelperEntry with `names`) */
    readonly extraWaitHelpers: HelperEntry[] = [],
  ) {
    for (const p of [...PROGRAMS, ...extraPrograms]) this.programs.set(p.name, p);
    // a user entry replaces the built-in one of the same name
    for (const w of [...WRAPPERS, ...extraWrappers]) this.wrappers.set(w.name, w);
    this.helpers = [...extraWaitHelpers, ...HELPERS];
    // user entries first: the first entry to claim a name keeps it
    for (const e of [...extraImages, ...IMAGES]) {
      for (const name of [e.name, ...(e.aliases ?? [])]) {
        if (name.endsWith("/*")) this.prefixes.push({ prefix: name.slice(0, -1), entry: e });
        else if (!this.exact.has(name)) this.exact.set(name, e);
      }
    }
  }

  /** What a program (argv[0]) is. A program not listed is an application: a non-reaper, by assumption. */
  program(argv0: string): KnowledgeEntry {
    const base = basename(argv0);
    const hit = this.listed(argv0);
    if (hit) return hit;
    if (argv0 === "/init") {
      return { name: "/init", verdict: "s6", source: "https://github.com/just-containers/s6-overlay#the-docker-way" };
    }
    return {
      name: base,
      verdict: "non-reaper",
      note: "not in the knowledge base: assumed to be an application that waits only for the children it started",
      source: "measured: PID 1 lab (test/lab): applications (node, python, java, Go and Rust binaries) do not reap orphans",
      assumed: true,
    };
  }

  /** Whether the knowledge base lists this program. */
  knows(argv0: string): boolean {
    return this.listed(argv0) !== null;
  }

  /** The entry for argv0's basename, unless the entry names the paths its program lives at and argv0 is another path. */
  private listed(argv0: string): KnowledgeEntry | null {
    const hit = this.programs.get(basename(argv0));
    if (!hit || (hit.paths && argv0.includes("/") && !hit.paths.includes(argv0))) return null;
    return hit;
  }

  /**
   * The wrapper argv[0] names (`gosu`, `nice`, `timeout` …), or null. On busybox userland (`busybox: true`) the
   * facts of busybox's applet apply where they differ.
   */
  wrapper(argv0: string, on: { busybox?: boolean } = {}): ResolvedWrapper | null {
    const w = this.wrappers.get(basename(argv0));
    if (!w) return null;
    if (!on.busybox || !w.busybox) return w;
    const { busybox, ...rest } = w;
    return { ...rest, ...busybox };
  }

  /** What a parent wrapper is as PID 1: the program's own entry when the base lists it, else a non-reaper by the wrapper's facts. */
  parentWrapper(w: WrapperEntry): KnowledgeEntry {
    if (this.knows(w.name)) return this.program(w.name);
    return { name: w.name, verdict: "non-reaper", note: w.note, source: w.source };
  }

  /** The wait helper a command's name (argv[0] basename) stands for (`wait-for-it.sh`, `dockerize`), or null. */
  waitHelper(argv0: string): HelperEntry | null {
    const name = basename(argv0);
    let hit = this.helperMemo.get(name);
    if (hit === undefined) this.helperMemo.set(name, (hit = helperByName(name, this.helpers)));
    return hit;
  }

  isInit(argv0: string): boolean {
    const v = this.programs.get(basename(argv0))?.verdict;
    return v === "init" || argv0 === "/init";
  }

  /**
   * What an image runs as PID 1, by its reference. The registry is normalised (Docker Hub's names and
   * mirrors, `library/`), the digest ignored, and the tag picks the entry's variants.
   */
  image(ref: string): ImageEntry | null {
    const out = this.imageInfo(ref);
    // a copy of its own for each caller, as a fresh resolution would give
    return out ? { ...out } : null;
  }

  /** What `image` says of an image, shared between callers: read it, never change it (`image` gives a copy). */
  imageInfo(ref: string): Readonly<ImageEntry> | null {
    let out = this.imageMemo.get(ref);
    if (out === undefined) {
      const parsed = parseImageRef(ref);
      const entry = this.lookup(parsed.repository);
      out = entry ? resolveVariants(entry, parsed) : null;
      // the older boolean that model code reads: the entrypoint prepends before subcommand words too
      if (out) out.subcommands = out.prepend === "subcommands" || out.prepend === "always";
      this.imageMemo.set(ref, out);
    }
    return out;
  }

  /**
   * What a file inside an image runs (`entrypoint: /cron.sh` on the nextcloud image), when the
   * knowledge base lists it; null otherwise (the file may still be in a build context).
   */
  imageFile(ref: string, file: string): KnowledgeEntry | null {
    const entry = this.image(ref);
    const f = entry?.files?.[file];
    if (!entry || !f) return null;
    return { name: `${entry.name}:${file}`, ...f };
  }

  /** The entry for a repository without applying a tag (for listing and tests). */
  imageEntry(repository: string): ImageEntry | null {
    return this.lookup(imageRepository(repository));
  }

  private lookup(repo: string): ImageEntry | null {
    const hit = this.exact.get(repo);
    if (hit) return hit;
    let best: { prefix: string; entry: ImageEntry } | null = null;
    for (const p of this.prefixes) {
      if (repo.startsWith(p.prefix) && (!best || p.prefix.length > best.prefix.length)) best = p;
    }
    return best?.entry ?? null;
  }
}

/** The entry with every variant that matches the tag applied in order. */
export function resolveVariants(entry: ImageEntry, ref: Pick<ImageRef, "tag">): ImageEntry {
  const out: ImageEntry = { ...entry };
  delete out.variants;
  const matched = ref.tag === null ? [] : (entry.variants ?? []).filter((v) => variantMatches(v, ref.tag!));
  if (!matched.length) return out;
  for (const v of matched) {
    const { id: _id, tags: _tags, versions: _versions, ...facts } = v;
    Object.assign(out, facts);
    // a variant that names its own program or verdict without a note drops the base entry's note
    if ((v.program !== undefined || v.verdict !== undefined) && v.note === undefined) delete out.note;
  }
  out.variant = matched.map((v) => v.id).join(", ");
  return out;
}

export function variantMatches(v: ImageVariant, tag: string): boolean {
  if (v.tags && !v.tags.some((t) => tagWords(tag).has(t))) return false;
  if (v.versions) {
    const ver = leadingVersion(tag);
    if (!ver) return false;
    if (v.versions.min !== undefined && compareVersions(ver, v.versions.min, "low") < 0) return false;
    if (v.versions.max !== undefined && compareVersions(ver, v.versions.max, "high") > 0) return false;
  }
  return v.tags !== undefined || v.versions !== undefined;
}

/** `8.3-fpm-alpine3.20` → 8.3, fpm, alpine3.20, alpine, fpm-alpine3.20, fpm-alpine … (runs of words, and words without a trailing version). */
export function tagWords(tag: string): Set<string> {
  const parts = tag.toLowerCase().split(/[-_]/).filter(Boolean);
  const words = new Set<string>();
  for (let i = 0; i < parts.length; i++) {
    for (let j = i + 1; j <= parts.length; j++) words.add(parts.slice(i, j).join("-"));
    const bare = parts[i]!.replace(/[0-9.]+$/, "");
    if (bare && bare !== parts[i]) words.add(bare);
  }
  return words;
}

/** `v3.1.2-alpine` → [3, 1, 2]; null when the tag does not start with a version. */
export function leadingVersion(tag: string): number[] | null {
  const m = /^v?(\d+(?:\.\d+)*)/.exec(tag);
  return m ? m[1]!.split(".").map(Number) : null;
}

/**
 * Compares a tag's version with a bound. A tag with fewer parts floats (`7` is the newest 7.x), so its
 * missing parts are highest; a bound's missing parts are lowest for a minimum and highest for a maximum
 * (`max: "7"` covers every 7.x).
 */
export function compareVersions(v: number[], bound: string, boundMissing: "low" | "high"): number {
  const b = bound.split(".").map(Number);
  const n = Math.max(v.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = i < v.length ? v[i]! : Infinity;
    const y = i < b.length ? b[i]! : boundMissing === "low" ? -Infinity : Infinity;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

export function basename(p: string): string {
  const i = p.lastIndexOf("/");
  return i === -1 ? p : p.slice(i + 1);
}

/** Whether an image reference is based on busybox tools (Alpine, busybox): `timeout` orphans its watchdog there. */
export function isBusyboxImage(kb: KnowledgeBase, ref: string): boolean {
  const e = kb.imageInfo(ref);
  if (e?.busybox !== undefined) return e.busybox;
  return /(^|[-_.:])(alpine|musl|busybox)([-_.0-9]|$)/.test(imageTag(ref)) || /(^|\/)alpine$/.test(imageRepository(ref));
}

export const VERDICT_WORDS: Record<Verdict, string> = {
  init: "an init",
  reaper: "reaps orphans",
  "non-reaper": "does not reap orphans",
  s6: "s6-overlay (must be PID 1)",
  shell: "a shell",
  unknown: "unknown",
};
