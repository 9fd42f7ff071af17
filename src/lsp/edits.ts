// Edits the language server offers besides the fixes' own: the suppression comment of "disable for this
// line", and the edits that turn a file's text before the fixer into its text after it.
import { diffArrays } from "diff";
import { DockerfileParser } from "dockerfile-ast";
import { parseAllDocuments } from "yaml";
import type { Range, TextEdit as LspTextEdit } from "vscode-languageserver";
import { maskHeredocs } from "../parse/dockerfile.js";
import { getShellParser } from "../parse/shell.js";
import { computeLineStarts, detectEol, makeSourceFile } from "../source.js";
import { lspPosition } from "./convert.js";
import type { FileKind } from "../types.js";
import { applyEdits } from "../fix/apply.js";

const DISABLE_NEXT = /^([ \t]*)#\s*compose-lint\s+disable-next-line(?=\s|$)([^\r\n]*)$/;

/** The text of 0-based line `i` without its line ending. */
function lineAt(text: string, starts: number[], i: number): string {
  const end = i + 1 < starts.length ? starts[i + 1]! : text.length;
  return text.slice(starts[i]!, end).replace(/\r?\n$|\r$/, "");
}

/**
 * The edit that suppresses `rule` at 1-based `line` with `# compose-lint disable-next-line <rule>` on a line
 * of its own above it (the line's indentation, the file's line ending), or that adds the rule to such a
 * comment already there. Null where a comment line cannot go without changing what the file means: inside
 * a YAML block scalar or multi-line string, a shell string or heredoc, a continued command or instruction,
 * and in JSON files.
 */
export async function disableEdit(text: string, kind: FileKind, fileName: string, line: number, rule: string): Promise<LspTextEdit | null> {
  const starts = computeLineStarts(text);
  const i = line - 1;
  if (i < 0 || i >= starts.length) return null;
  const current = lineAt(text, starts, i);
  if (i > 0) {
    const above = DISABLE_NEXT.exec(lineAt(text, starts, i - 1));
    if (above) {
      const rest = above[2]!;
      const list = rest.split(" -- ")[0]!.replace(/--.*$/, "");
      const ids = list.split(/[,\s]+/).filter(Boolean);
      // a bare `disable-next-line` already disables every rule there
      if (ids.length === 0 || ids.includes(rule)) return null;
      const col = lineAt(text, starts, i - 1).length - rest.length + list.trimEnd().length;
      const at = { line: i - 1, character: col };
      return { range: { start: at, end: at }, newText: `, ${rule}` };
    }
  }
  const indent = /^[ \t]*/.exec(current)![0];
  const eol = detectEol(text);
  const comment = `${indent}# compose-lint disable-next-line ${rule}${eol}`;
  const at = { line: i, character: 0 };
  const edit = { range: { start: at, end: at } as Range, newText: comment };
  const insertAt = starts[i]!;
  const after = text.slice(0, insertAt) + comment + text.slice(insertAt);
  const ok = await commentFits(kind, fileName, text, after, starts, i);
  return ok ? edit : null;
}

async function commentFits(kind: FileKind, fileName: string, before: string, after: string, starts: number[], i: number): Promise<boolean> {
  const previous = i > 0 ? lineAt(before, starts, i - 1) : "";
  if (kind === "compose" || kind === "workflow" || (kind === "other" && /\.ya?ml$/i.test(fileName))) return sameYaml(before, after);
  if (kind === "dockerfile") return startsInstruction(before, i);
  if (kind === "script") return /\\$/.test(previous) ? false : await startsShellLine(before, i);
  if (kind === "makefile") return !/\\$/.test(previous) && !/^\s*define\b/m.test(before.slice(0, starts[i]));
  return false;
}

/** The comment changes no YAML value (it would inside a block scalar or a multi-line string). */
function sameYaml(before: string, after: string): boolean {
  try {
    const a = parseAllDocuments(before, { prettyErrors: false });
    const b = parseAllDocuments(after, { prettyErrors: false });
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let k = 0; k < a.length; k++) {
      if (b[k]!.errors.length > a[k]!.errors.length) return false;
      const opts = { maxAliasCount: 10_000 };
      if (JSON.stringify(a[k]!.toJS(opts)) !== JSON.stringify(b[k]!.toJS(opts))) return false;
    }
    return true;
  } catch {
    return false;
  }
}

/** 0-based line `i` is the first line of a Dockerfile instruction (not a continuation, not a heredoc body). */
function startsInstruction(text: string, i: number): boolean {
  const { masked } = maskHeredocs(text);
  return DockerfileParser.parse(masked)
    .getInstructions()
    .some((ins) => ins.getRange().start.line === i);
}

/** Node types a line inside which is part of one word, string or command: a comment line there changes it. */
const INSIDE = new Set(["string", "raw_string", "ansi_c_string", "translated_string", "heredoc_redirect", "heredoc_body", "heredoc_content", "command", "declaration_command", "unset_command", "test_command", "concatenation", "word", "expansion", "simple_expansion", "arithmetic_expansion", "array", "variable_assignment", "file_redirect", "herestring_redirect"]);

/** 0-based line `i` of a script starts a statement of its own (a comment line may go above it). */
async function startsShellLine(text: string, i: number): Promise<boolean> {
  const parser = await getShellParser();
  const tree = parser.parse(text);
  if (!tree) return false;
  try {
    const starts = computeLineStarts(text);
    const line = lineAt(text, starts, i);
    const column = /^[ \t]*/.exec(line)![0].length;
    for (let n = tree.rootNode.descendantForPosition({ row: i, column }); n; n = n.parent) {
      if (INSIDE.has(n.type) && n.startPosition.row < i) return false;
    }
    return true;
  } finally {
    tree.delete();
  }
}

/**
 * Edits that turn `before` into `after`, one per run of changed lines (what the fixer changed, in the
 * smallest whole lines): applied to `before` they give `after` byte for byte.
 */
export function textEdits(before: string, after: string): LspTextEdit[] {
  const split = (t: string): string[] => t.split(/(?<=\r\n|\n|\r(?!\n))/);
  const edits: { file: string; start: number; end: number; newText: string }[] = [];
  let offset = 0;
  let pending: { file: string; start: number; end: number; newText: string } | null = null;
  for (const c of diffArrays(split(before), split(after))) {
    const text = c.value.join("");
    if (!c.added && !c.removed) {
      if (pending) edits.push(pending);
      pending = null;
      offset += text.length;
      continue;
    }
    pending ??= { file: "", start: offset, end: offset, newText: "" };
    if (c.removed) {
      offset += text.length;
      pending.end = offset;
    } else {
      pending.newText += text;
    }
  }
  if (pending) edits.push(pending);
  const file = makeSourceFile("", before, "other", "/");
  // the edits must give the fixer's bytes (they do by construction): otherwise one edit of the whole text
  if (applyEdits(before, edits) !== after) return [{ range: { start: { line: 0, character: 0 }, end: lspPosition(file, before.length) }, newText: after }];
  return edits.map((e) => ({ range: { start: lspPosition(file, e.start), end: lspPosition(file, e.end) }, newText: e.newText }));
}
