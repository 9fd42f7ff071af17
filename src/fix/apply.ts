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

export function applyEdits(text: string, edits: TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

function wanted(d: Diagnostic, unsafe: boolean): d is Diagnostic & { fix: Fix } {
  return d.fix !== null && (d.fix.safety === "safe" || unsafe) && d.fix.edits.length > 0;
}

/** Picks fixes whose edits overlap no edit already picked (per file). */
export function selectFixes(ds: Diagnostic[], unsafe: boolean): { picked: (Diagnostic & { fix: Fix })[]; editsByFile: Map<string, TextEdit[]> } {
  const editsByFile = new Map<string, TextEdit[]>();
  const picked: (Diagnostic & { fix: Fix })[] = [];
  const overlaps = (a: TextEdit, b: TextEdit): boolean =>
    a.start < b.end && b.start < a.end ? true : a.start === b.start && a.end === b.end && a.start === a.end ? true : a.start === a.end && a.start > b.start && a.start < b.end;
  for (const d of ds) {
    if (!wanted(d, unsafe)) continue;
    const ok = d.fix.edits.every((e) => !(editsByFile.get(e.file) ?? []).some((o) => overlaps(e, o) || overlaps(o, e)));
    if (!ok) continue;
    picked.push(d);
    for (const e of d.fix.edits) {
      const list = editsByFile.get(e.file) ?? [];
      list.push(e);
      editsByFile.set(e.file, list);
    }
  }
  return { picked, editsByFile };
}

function parseErrorsIn(r: LintResult, file: string): number {
  return r.diagnostics.filter((d) => d.rule === "parse-error" && d.path === file).length;
}

export async function fix(paths: string[], options: FixOptions): Promise<FixResult> {
  const store = new FileStore(options.cwd, paths.length ? paths : ["."]);
  let result = await lint(paths, options, store);
  const inputs = result.inputs;
  const original = new Map<string, { text: string; bom: boolean; rel: string }>();
  const applied: AppliedFix[] = [];
  const refused: FixResult["refused"] = [];
  let passes = 0;
  for (; passes < MAX_PASSES; passes++) {
    const { picked, editsByFile } = selectFixes(result.diagnostics, options.unsafe);
    if (picked.length === 0) break;
    const before = new Map<string, string>();
    for (const [file, edits] of editsByFile) {
      const src = store.get(file);
      if (!src) continue;
      if (!original.has(file)) original.set(file, { text: src.text, bom: src.bom, rel: src.rel });
      before.set(file, src.text);
      store.override(file, applyEdits(src.text, edits));
    }
    const next = await lint(paths, options, store, inputs);
    // refuse the changes to any file that this pass made unparseable
    let reverted = false;
    for (const [file, text] of before) {
      if (parseErrorsIn(next, file) > parseErrorsIn(result, file)) {
        store.override(file, text);
        refused.push({ file: store.get(file)?.rel ?? file, reason: "a fix would have made the file unparseable; it was not applied" });
        reverted = true;
      }
    }
    for (const d of picked) {
      if (d.fix.edits.every((e) => before.has(e.file) && store.get(e.file)?.text !== before.get(e.file))) {
        applied.push({ rule: d.rule, title: d.fix.title, file: d.file, line: d.line });
      }
    }
    result = reverted ? await lint(paths, options, store, inputs) : next;
    if (reverted && [...before.keys()].every((f) => store.get(f)?.text === before.get(f))) break;
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
        writeAtomic(c.path, c.after);
      } catch (e) {
        refused.push({ file: c.rel, reason: `could not write: ${(e as NodeJS.ErrnoException).code === "EACCES" || (e as NodeJS.ErrnoException).code === "EPERM" ? "permission denied" : (e as Error).message}` });
      }
    }
  }
  return { applied, changes, remaining: result, refused, passes };
}

/** Writes through a temporary file in the same directory and a rename: readers see the old or the new file, never half of one. */
export function writeAtomic(file: string, text: string): void {
  const st = fs.statSync(file);
  // a read-only file stays read-only: say so instead of replacing it behind the user's back
  fs.accessSync(file, fs.constants.W_OK);
  const dir = path.dirname(file);
  const tmp = path.join(dir, `.${path.basename(file)}.compose-lint-${process.pid}-${Date.now()}.tmp`);
  const fd = fs.openSync(tmp, "wx", st.mode & 0o7777);
  try {
    fs.writeSync(fd, text);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  try {
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
