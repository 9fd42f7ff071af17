// The fixer: collect fixes, apply non-overlapping edits, re-parse and re-lint, repeat until stable
// (at most 10 passes); refuse a pass that breaks parsing; write atomically.
import fs from "node:fs";
import path from "node:path";
import { FileStore } from "../files.js";
import { editsKey, lint, type LintOptions, type LintResult } from "../engine/index.js";
import { makeSourceFile, positionOf } from "../source.js";
import type { Diagnostic, Fix, SourceFile, TextEdit } from "../types.js";

export interface FixOptions extends LintOptions {
  unsafe: boolean;
  /** compute but do not write */
  dryRun: boolean;
}

export interface AppliedFix {
  rule: string;
  title: string;
  /** the file of the finding, relative to the working directory */
  file: string;
  /**
   * the finding's line in the file as it was before any fix (positions found in later passes are mapped
   * back through the edits of the earlier ones); with `addedLine`, the line where a fix added the line
   */
  line: number;
  /** the finding lies in a line that an earlier fix added (it has no line in the original file) */
  addedLine: boolean;
  /** found only after earlier fixes: not among the fixes the first lint offered */
  followOn: boolean;
  /** 1-based pass that applied it */
  pass: number;
}

/** A fix the first lint offered (or a later pass found) that was not applied, with the reason. */
export interface UnfixedFinding {
  rule: string;
  title: string;
  file: string;
  /** line in the original file, as for AppliedFix */
  line: number;
  reason: string;
}

export interface FileChange {
  path: string;
  rel: string;
  /** the path a patch names the file by, when `rel` goes through a symbolic link (see patchName) */
  patchRel?: string;
  before: string;
  after: string;
}

/** Why a fix was not written: it would have broken parsing, the file changed meanwhile, or writing failed. */
export type RefusalKind = "would-break-parsing" | "changed-on-disk" | "write-failed";

export interface FixResult {
  /** fixes applied and written (with dryRun: that would be written) */
  applied: AppliedFix[];
  /** files changed and written (with dryRun: that would be written) */
  changes: FileChange[];
  /** findings with a fix of the wanted safety that the first lint reported */
  fixableAtStart: number;
  /** findings with a fix of the wanted safety still there at the end (write failures are in `refused`) */
  unfixed: UnfixedFinding[];
  /** fixable findings of the first lint that went away without their own fix (another fix resolved them) */
  resolvedByOthers: number;
  /** the lint result after the last pass */
  remaining: LintResult;
  /** passes or files refused (a fix that would break parsing), and write failures */
  refused: { file: string; reason: string; kind: RefusalKind }[];
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
 * A fix whose edits are exactly those of a picked fix (one edit that resolves several findings, such as
 * `init: true` in a mapping that other services merge) is picked with it, and its edits are not repeated.
 */
export function selectFixes(
  ds: Diagnostic[],
  unsafe: boolean,
  opts: { skip?: Set<string>; onePerFile?: Set<string>; editable?: (file: string) => boolean } = {},
): { picked: (Diagnostic & { fix: Fix })[]; editsByFile: Map<string, TextEdit[]> } {
  const editsByFile = new Map<string, TextEdit[]>();
  const picked: (Diagnostic & { fix: Fix })[] = [];
  const pickedEdits = new Set<string>();
  for (const d of ds) {
    if (!wanted(d, unsafe)) continue;
    if (opts.skip?.has(fixKey(d))) continue;
    if (opts.editable && !d.fix.edits.every((e) => opts.editable!(e.file))) continue;
    const same = editsKey(d.fix.edits);
    if (pickedEdits.has(same)) {
      picked.push(d);
      continue;
    }
    // the edits of one fix must not conflict with each other either
    const own = d.fix.edits;
    if (own.some((e, i) => own.some((o, j) => j > i && editsConflict(e, o)))) continue;
    if (own.some((e) => opts.onePerFile?.has(e.file) && editsByFile.has(e.file))) continue;
    const ok = own.every((e) => !(editsByFile.get(e.file) ?? []).some((o) => editsConflict(e, o)));
    if (!ok) continue;
    picked.push(d);
    pickedEdits.add(same);
    for (const e of own) {
      const list = editsByFile.get(e.file) ?? [];
      list.push(e);
      editsByFile.set(e.file, list);
    }
  }
  return { picked, editsByFile };
}

/** Parse problems of a file, from the model (not the diagnostics: `--rule parse-error=off` or a suppression must not hide a broken fix). */
function parseErrorsIn(r: LintResult, store: FileStore, file: string): number {
  return (r.model?.problems ?? []).filter((p) => p.rule === "parse-error" && store.shownName(p.file) === file).length;
}

/**
 * An offset in the text after `edits` (non-overlapping, in the coordinates of the text before) mapped back
 * to the text before them. `added`: the offset lies in a line the edits added (made of inserted text only);
 * the offset is then where that text was inserted.
 */
export function unmapOffset(before: string, edits: TextEdit[], offset: number): { offset: number; added: boolean } {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  let delta = 0;
  for (const e of sorted) {
    const newStart = e.start + delta;
    const newEnd = newStart + e.newText.length;
    if (offset < newStart) break;
    if (offset < newEnd) {
      const rel = offset - newStart;
      const head = e.newText.slice(0, rel);
      const tail = e.newText.slice(rel);
      const startsInside = /[\r\n]/.test(head) || e.start === 0 || before[e.start - 1] === "\n" || before[e.start - 1] === "\r";
      const endsInside = /[\r\n]/.test(tail);
      if (startsInside && endsInside) return { offset: e.start, added: true };
      // the line goes on in text that was there before: the line it started in, or the one it ends in
      return { offset: /[\r\n]/.test(head) ? e.end : e.start, added: false };
    }
    delta += e.newText.length - (e.end - e.start);
  }
  return { offset: offset - delta, added: false };
}

/** What the fixer did to one file: its text before any fix and the edits of each pass that changed it. */
interface FileHistory {
  original: string;
  /** the original text's line table, made when first needed */
  lines?: SourceFile;
  /** [text before the pass, edits of the pass] */
  passes: { before: string; edits: TextEdit[] }[];
}

/** A position found after some passes, in the original file: 1-based line, and whether the line was added by a fix. */
function originalLine(h: FileHistory | undefined, file: SourceFile | undefined, offset: number, line: number): { line: number; added: boolean } {
  if (!h || !h.passes.length) return { line, added: false };
  let o = offset;
  let added = false;
  for (let i = h.passes.length - 1; i >= 0; i--) {
    const step = unmapOffset(h.passes[i]!.before, h.passes[i]!.edits, o);
    o = step.offset;
    added ||= step.added;
  }
  if (!file) return { line, added };
  h.lines ??= makeSourceFile(file.path, h.original, file.kind, "/");
  return { line: positionOf(h.lines, Math.min(o, h.original.length)).line, added };
}

/** `store`: the files to fix as given (the language server's, where open editor buffers override the disk); default: read from disk. */
export async function fix(paths: string[], options: FixOptions, given?: FileStore): Promise<FixResult> {
  const store = given ?? new FileStore(options.cwd, paths.length ? paths : ["."]);
  let result = await lint(paths, options, store);
  const inputs = result.inputs;
  const original = new Map<string, { text: string; bom: boolean; rel: string }>();
  const history = new Map<string, FileHistory>();
  const applied: (AppliedFix & { files: string[]; key: string })[] = [];
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
  /** One name per file: edits and spans that name a file by another path (a link) use the name findings use. */
  const canonical = (ds: Diagnostic[]): Diagnostic[] => {
    for (const d of ds) {
      d.span = { ...d.span, file: store.shownName(d.span.file) };
      if (d.fix?.edits.some((e) => store.shownName(e.file) !== e.file)) d.fix = { ...d.fix, edits: d.fix.edits.map((e) => ({ ...e, file: store.shownName(e.file) })) };
    }
    return ds;
  };
  /** Where a finding of the current text was in the original files. */
  const locate = (d: Diagnostic): { line: number; added: boolean } => originalLine(history.get(d.span.file), store.get(d.span.file), d.span.start, d.line);
  const findingKey = (d: Diagnostic, line: number): string => `${d.rule}\0${d.span.file}\0${line}`;
  canonical(result.diagnostics);
  const atStart = result.diagnostics.filter((d) => wanted(d, options.unsafe));
  const startKeys = new Set(atStart.map((d) => findingKey(d, d.line)));
  let passes = 0;
  while (passes < MAX_PASSES) {
    const { picked, editsByFile } = selectFixes(result.diagnostics, options.unsafe, { skip, onePerFile, editable });
    if (picked.length === 0) break;
    passes++;
    // positions before this pass's edits
    const located = new Map(picked.map((d) => [d, locate(d)]));
    const before = new Map<string, string>();
    for (const [file, edits] of editsByFile) {
      const src = store.get(file)!;
      if (!original.has(file)) original.set(file, { text: src.text, bom: src.bom || startsWithBom(file), rel: src.rel });
      before.set(file, src.text);
      store.override(file, applyEdits(src.text, edits));
    }
    const next = await lint(paths, options, store, inputs);
    canonical(next.diagnostics);
    // refuse the changes to any file that this pass made unparseable
    const broken = new Set<string>();
    for (const [file, text] of before) {
      if (parseErrorsIn(next, store, file) > parseErrorsIn(result, store, file)) {
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
        refused.push({ file: store.get(file)?.rel ?? file, kind: "would-break-parsing", reason: `${d.rule} at line ${located.get(d)!.line}: \`${d.fix.title}\` would have made the file unparseable; it was not applied` });
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
    for (const [file, edits] of editsByFile) {
      if (broken.has(file)) continue;
      const h = history.get(file) ?? { original: original.get(file)!.text, passes: [] };
      h.passes.push({ before: before.get(file)!, edits });
      history.set(file, h);
    }
    for (const d of picked) {
      // a fix that touched a reverted file was not applied
      if (d.fix.edits.some((e) => broken.has(e.file))) continue;
      const at = located.get(d)!;
      applied.push({
        rule: d.rule,
        title: d.fix.title,
        file: d.file,
        line: at.line,
        addedLine: at.added,
        followOn: at.added || !startKeys.has(findingKey(d, at.line)),
        pass: passes,
        files: [...new Set(d.fix.edits.map((e) => e.file))],
        key: findingKey(d, at.line),
      });
    }
    result = broken.size ? await lint(paths, options, store, inputs) : next;
    if (broken.size) canonical(result.diagnostics);
  }
  const changes: FileChange[] = [];
  for (const [file, orig] of original) {
    const now = store.get(file);
    if (!now || now.text === orig.text) continue;
    const bom = orig.bom ? "\uFEFF" : "";
    changes.push({ path: file, rel: orig.rel, ...patchName(options.cwd, file, orig.rel), before: bom + orig.text, after: bom + now.text });
  }
  const written = new Set<string>();
  if (options.dryRun) {
    for (const c of changes) written.add(c.path);
  } else {
    for (const c of changes) {
      try {
        // the text was decoded from the bytes on disk: write only when they still match (valid UTF-8, not changed meanwhile)
        const onDisk = fs.readFileSync(c.path);
        if (!onDisk.equals(Buffer.from(c.before, "utf8"))) {
          refused.push({ file: c.rel, kind: "changed-on-disk", reason: "the file is not valid UTF-8 or changed on disk while it was being fixed: not written" });
          continue;
        }
        writeAtomic(c.path, c.after);
        written.add(c.path);
      } catch (e) {
        refused.push({ file: c.rel, kind: "write-failed", reason: `could not write: ${(e as NodeJS.ErrnoException).code === "EACCES" || (e as NodeJS.ErrnoException).code === "EPERM" ? "permission denied" : (e as Error).message}` });
      }
    }
  }
  // what was written, and only that: a fix counts when every file it edits was written
  const done = applied.filter((a) => a.files.every((f) => written.has(f)));
  const unfixed: UnfixedFinding[] = [];
  const stillThere = new Set<string>();
  for (const d of result.diagnostics) {
    if (!wanted(d, options.unsafe)) continue;
    const at = locate(d);
    stillThere.add(findingKey(d, at.line));
    unfixed.push({ rule: d.rule, title: d.fix.title, file: d.file, line: at.line, reason: unfixedReason(d, skip, editable, passes) });
  }
  const fixedKeys = new Set(applied.filter((a) => !a.followOn).map((a) => a.key));
  const resolvedByOthers = atStart.filter((d) => !stillThere.has(findingKey(d, d.line)) && !fixedKeys.has(findingKey(d, d.line))).length;
  return {
    applied: done.map(({ files: _files, key: _key, ...a }) => a),
    changes: changes.filter((c) => written.has(c.path)),
    fixableAtStart: atStart.length,
    unfixed,
    resolvedByOthers,
    remaining: result,
    refused,
    passes,
  };
}

function unfixedReason(d: Diagnostic & { fix: Fix }, skip: Set<string>, editable: (file: string) => boolean, passes: number): string {
  if (skip.has(fixKey(d))) return "it would have made the file unparseable";
  if (!d.fix.edits.every((e) => editable(e.file))) return "it edits text that is not a file of its own (an inline Dockerfile in a compose file): edit it by hand";
  if (passes >= MAX_PASSES) return `still pending after ${MAX_PASSES} passes: run the fixer again`;
  return "its edits conflict with another fix";
}

/**
 * The path a patch names the file by: a path through a symbolic link is refused by `git apply` ("beyond a
 * symbolic link") and by `patch`, so a file shown by a link's name is named in a diff by its real path,
 * when that lies inside the working directory.
 */
function patchName(cwd: string, file: string, rel: string): { patchRel?: string } {
  try {
    const real = fs.realpathSync(file);
    const base = fs.realpathSync(cwd);
    if (real === path.resolve(cwd, rel)) return {};
    const r = path.relative(base, real);
    if (!r || r.startsWith("..") || path.isAbsolute(r)) return {};
    const posix = r.split(path.sep).join("/");
    return posix === rel ? {} : { patchRel: posix };
  } catch {
    return {};
  }
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

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * The fixer's report, one line each: every fix applied (with its finding's line in the original file),
 * every fix not applied and why, then the counts, which add up to what the lint reported as fixable.
 * With dryRun (`--diff`) only the fixes not applied and the counts.
 */
export function fixSummary(r: FixResult, opts: { dryRun: boolean; unsafe: boolean }): string[] {
  const lines: string[] = [];
  if (!opts.dryRun) {
    for (const a of r.applied) {
      const notes: string[] = [];
      if (a.addedLine) notes.push(`in a line an earlier fix added at line ${a.line}`);
      if (a.followOn) notes.push(`follow-on: found after the fixes of pass ${a.pass - 1}`);
      lines.push(`fixed ${a.file}:${a.line}: ${a.title} [${a.rule}]${notes.length ? ` (${notes.join("; ")})` : ""}`);
    }
  }
  for (const u of r.unfixed) lines.push(`not fixed ${u.file}:${u.line}: ${u.title} [${u.rule}]: ${u.reason}`);
  for (const f of r.refused) lines.push(`not fixed ${f.file}: ${f.reason}`);
  const n = r.applied.length;
  if (n === 0 && r.changes.length === 0 && r.fixableAtStart === 0 && r.unfixed.length === 0 && r.refused.length === 0) {
    lines.push("nothing to fix");
  } else {
    const followOn = r.applied.filter((a) => a.followOn).length;
    const first = n - followOn;
    let line = `${plural(n, "fix", "fixes")} ${opts.dryRun ? "would be applied" : "applied"} in ${plural(r.changes.length, "file", "files")}`;
    if (followOn || first !== r.fixableAtStart || r.resolvedByOthers) {
      const parts = [`${first} of the ${plural(r.fixableAtStart, "fixable finding", "fixable findings")} the lint reported`];
      if (r.resolvedByOthers) parts.push(`${r.resolvedByOthers} more resolved by those fixes`);
      if (followOn) parts.push(`${plural(followOn, "follow-on fix", "follow-on fixes")} for findings that appeared after earlier fixes`);
      line += `: ${parts.join(", ")}`;
    }
    lines.push(line);
  }
  const unsafeLeft = opts.unsafe ? 0 : r.remaining.diagnostics.filter((d) => d.fix?.safety === "unsafe" && d.fix.edits.length > 0).length;
  if (unsafeLeft) lines.push(`${unsafeLeft} more can be fixed with --fix-unsafe`);
  return lines;
}
