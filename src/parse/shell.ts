// Shell scripts via web-tree-sitter + tree-sitter-bash, loaded lazily (only when a script is analysed).
// The tree is reduced to what the PID 1 analysis needs: the commands, where they stand, their words.
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import v8 from "node:v8";
import type { Node as TSNode, Parser as TSParser } from "web-tree-sitter";

export type Word =
  | { kind: "lit"; text: string; start: number; end: number }
  | { kind: "all-args"; start: number; end: number }
  | { kind: "self"; start: number; end: number }
  | { kind: "dynamic"; raw: string; start: number; end: number };

export interface ShellCommand {
  /** words after prefix assignments; words[0] is the command name */
  words: Word[];
  /** prefix assignments (`X=1 cmd`) */
  assignments: [string, string][];
  start: number;
  end: number;
  /** ends with `&` */
  background: boolean;
  /** directly at the top of the script: not in a function, branch, loop, subshell or pipeline */
  topLevel: boolean;
  inFunction: string | null;
  /** inside if/case/loop bodies */
  conditional: boolean;
  /** inside ( … ), a pipeline or $( … ): an exec there does not replace the script's process */
  subshell: boolean;
  /** has redirections */
  redirected: boolean;
  /** the command is the last one the script runs at its top level (a list's last element counts) */
  last: boolean;
  /** part of an && / || list */
  inList: boolean;
}

export interface ScriptModel {
  commands: ShellCommand[];
  /** top-level literal assignments (X=1, export X=1) */
  vars: Map<string, string>;
  traps: { signals: string[]; start: number; end: number }[];
  errors: { start: number; end: number; message: string }[];
  /** functions defined, and the names of commands called at top level */
  functions: Set<string>;
  /** statements started in the background (`cmd &`, `( … ) &`, `{ …; } &`, `while …; done &`) */
  backgroundJobs: { start: number; end: number; text: string }[];
  /** the script looks for a `--` separator in its arguments (wait-for-it style: `… -- cmd args`) */
  handlesDoubleDash: boolean;
}

let parserPromise: Promise<TSParser> | null = null;

function findWasm(file: string, pkg: string): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [path.join(here, file), path.join(here, "..", file), path.join(here, "..", "..", "dist", file)];
  for (const c of candidates) if (fs.existsSync(c)) return c;
  // development: the package in node_modules (its main file sits at the package root)
  const require = createRequire(import.meta.url);
  let dir = path.dirname(require.resolve(pkg));
  for (let i = 0; i < 4 && !fs.existsSync(path.join(dir, file)); i++) dir = path.dirname(dir);
  return path.join(dir, file);
}

/** Loads tree-sitter and the bash grammar once. */
export function getShellParser(): Promise<TSParser> {
  if (!parserPromise) {
    parserPromise = (async () => {
      // V8's optimizing tier compiles the 1.4 MB grammar at exit and holds the process ~0.4 s; Liftoff alone is enough.
      v8.setFlagsFromString("--liftoff-only");
      const { Parser, Language } = await import("web-tree-sitter");
      const runtimeWasm = findWasm("web-tree-sitter.wasm", "web-tree-sitter");
      await Parser.init({ locateFile: () => runtimeWasm });
      const bash = await Language.load(findWasm("tree-sitter-bash.wasm", "tree-sitter-bash"));
      const p = new Parser();
      p.setLanguage(bash);
      return p;
    })();
  }
  return parserPromise;
}

const MAX_SCRIPT_BYTES = 2_000_000;

/** Parses a script; `base` is added to every offset (for `sh -c '…'` strings inside another file). */
export async function parseScript(text: string, base = 0): Promise<ScriptModel> {
  const model: ScriptModel = { commands: [], vars: new Map(), traps: [], errors: [], functions: new Set(), backgroundJobs: [], handlesDoubleDash: /["']--["']|(^|[\s|(])--\)/m.test(text) };
  if (text.length > MAX_SCRIPT_BYTES) {
    model.errors.push({ start: base, end: base, message: `script larger than ${MAX_SCRIPT_BYTES} bytes: not analysed` });
    return model;
  }
  const parser = await getShellParser();
  const tree = parser.parse(text);
  if (!tree) return model;
  try {
    const root = tree.rootNode;
    collectErrors(root, model, base);
    walkStatements(root, model, base, { topLevel: true, inFunction: null, conditional: false, subshell: false, inList: false }, true);
  } finally {
    tree.delete();
  }
  return model;
}

interface Ctx {
  topLevel: boolean;
  inFunction: string | null;
  conditional: boolean;
  subshell: boolean;
  inList: boolean;
}

/** Error and missing nodes in source order; iterative, as a script can nest thousands of levels deep. */
function collectErrors(root: TSNode, model: ScriptModel, base: number): void {
  const stack: TSNode[] = [root];
  while (stack.length > 0 && model.errors.length < 20) {
    const node = stack.pop()!;
    if (node.isError || node.isMissing) {
      model.errors.push({
        start: base + node.startIndex,
        end: base + Math.max(node.endIndex, node.startIndex + 1),
        message: node.isMissing ? `missing ${node.type}` : "syntax error",
      });
      continue;
    }
    if (!node.hasError) continue;
    for (let i = node.childCount - 1; i >= 0; i--) stack.push(node.child(i)!);
  }
}

/** Statements nested deeper than this (subshells, ifs, loops) are not analysed: the walk below recurses. */
export const MAX_SCRIPT_NESTING = 200;
let nesting = 0;

const STATEMENT_CONTAINERS = new Set(["program", "compound_statement", "do_group", "else_clause", "elif_clause"]);

/** Walks a node holding statements; marks the last top-level command. */
function walkStatements(node: TSNode, model: ScriptModel, base: number, ctx: Ctx, isProgram = false): void {
  const children: { n: TSNode; bg: boolean }[] = [];
  for (let i = 0; i < node.childCount; i++) {
    const c = node.child(i)!;
    if (!c.isNamed) {
      if (c.type === "&" && children.length > 0) children[children.length - 1]!.bg = true;
      continue;
    }
    if (c.type === "comment") continue;
    if (c.type === "ERROR") {
      // a syntax error: keep what can still be read inside it
      flattenError(c, children);
      continue;
    }
    children.push({ n: c, bg: false });
  }
  children.forEach(({ n, bg }, idx) => {
    if (bg) {
      const cmd = n.type === "redirected_statement" ? (n.childForFieldName("body") ?? n) : n;
      const name = cmd.type === "command" ? cmd.childForFieldName("name")?.text : undefined;
      const first = name !== undefined ? (cmd.namedChildCount > 1 ? `${name} …` : name) : cmd.text;
      const text = first.replace(/\s+/g, " ");
      model.backgroundJobs.push({ start: base + n.startIndex, end: base + n.endIndex, text: text.length > 30 ? text.slice(0, 29) + "…" : text });
    }
    const before = model.commands.length;
    walkStatement(n, model, base, ctx, bg);
    if (isProgram && idx === children.length - 1 && model.commands.length > before) {
      // the script's final command: the last command recorded for its last statement, when at top level
      const last = model.commands[model.commands.length - 1]!;
      if (last.topLevel || (last.inList && !last.subshell && !last.conditional && last.inFunction === null)) last.last = true;
    }
  });
}

function flattenError(n: TSNode, out: { n: TSNode; bg: boolean }[]): void {
  for (let i = 0; i < n.childCount; i++) {
    const c = n.child(i)!;
    if (!c.isNamed) {
      if (c.type === "&" && out.length > 0) out[out.length - 1]!.bg = true;
      continue;
    }
    if (c.type === "ERROR") flattenError(c, out);
    else if (c.type !== "comment") out.push({ n: c, bg: false });
  }
}

function walkStatement(n: TSNode, model: ScriptModel, base: number, ctx: Ctx, background: boolean, redirected = false): void {
  if (nesting >= MAX_SCRIPT_NESTING) {
    if (!model.errors.some((e) => e.message.startsWith("nested more than"))) {
      model.errors.push({ start: base + n.startIndex, end: base + n.startIndex + 1, message: `nested more than ${MAX_SCRIPT_NESTING} levels deep: not analysed further` });
    }
    return;
  }
  nesting++;
  try {
    walkStatementAt(n, model, base, ctx, background, redirected);
  } finally {
    nesting--;
  }
}

function walkStatementAt(n: TSNode, model: ScriptModel, base: number, ctx: Ctx, background: boolean, redirected: boolean): void {
  switch (n.type) {
    case "command":
      recordCommand(n, model, base, ctx, background, redirected);
      return;
    case "redirected_statement": {
      const body = n.childForFieldName("body");
      if (body) walkStatement(body, model, base, ctx, background, true);
      return;
    }
    case "list": {
      for (let i = 0; i < n.childCount; i++) {
        const c = n.child(i)!;
        if (c.isNamed && c.type !== "comment") walkStatement(c, model, base, { ...ctx, topLevel: false, inList: true }, background);
      }
      return;
    }
    case "pipeline": {
      for (let i = 0; i < n.childCount; i++) {
        const c = n.child(i)!;
        if (c.isNamed && c.type !== "comment") walkStatement(c, model, base, { ...ctx, topLevel: false, subshell: true }, background);
      }
      return;
    }
    case "negated_command": {
      for (let i = 0; i < n.childCount; i++) {
        const c = n.child(i)!;
        if (c.isNamed) walkStatement(c, model, base, { ...ctx, topLevel: false }, background);
      }
      return;
    }
    case "subshell":
      walkStatements(n, model, base, { ...ctx, topLevel: false, subshell: true });
      return;
    case "compound_statement":
      walkStatements(n, model, base, { ...ctx, topLevel: false, conditional: ctx.conditional });
      return;
    case "function_definition": {
      const name = n.childForFieldName("name")?.text ?? "?";
      model.functions.add(name);
      const body = n.childForFieldName("body");
      if (body) walkStatements(body, model, base, { ...ctx, topLevel: false, inFunction: name });
      return;
    }
    case "if_statement":
    case "while_statement":
    case "for_statement":
    case "c_style_for_statement":
    case "case_statement":
    case "case_item":
    case "elif_clause":
    case "else_clause":
    case "do_group": {
      const inner = { ...ctx, topLevel: false, conditional: true };
      for (let i = 0; i < n.childCount; i++) {
        const c = n.child(i)!;
        if (!c.isNamed || c.type === "comment") continue;
        if (STATEMENT_CONTAINERS.has(c.type) || c.type === "case_item") walkStatements(c, model, base, inner);
        else walkStatement(c, model, base, inner, false);
      }
      return;
    }
    case "variable_assignment":
      if (ctx.topLevel) recordAssignment(n, model);
      return;
    case "variable_assignments":
      for (let i = 0; i < n.namedChildCount; i++) walkStatement(n.namedChild(i)!, model, base, ctx, false);
      return;
    case "declaration_command":
      for (let i = 0; i < n.namedChildCount; i++) {
        const c = n.namedChild(i)!;
        if (c.type === "variable_assignment" && ctx.topLevel) recordAssignment(c, model);
      }
      return;
    default:
      return;
  }
}

function recordAssignment(n: TSNode, model: ScriptModel): void {
  const name = n.childForFieldName("name")?.text;
  const value = n.childForFieldName("value");
  if (!name) return;
  const w = value ? evalWord(value, 0, model.vars) : { kind: "lit" as const, text: "", start: 0, end: 0 };
  if (w.kind === "lit") model.vars.set(name, w.text);
  else model.vars.delete(name);
}

function recordCommand(n: TSNode, model: ScriptModel, base: number, ctx: Ctx, background: boolean, redirected: boolean): void {
  const words: Word[] = [];
  const assignments: [string, string][] = [];
  for (let i = 0; i < n.childCount; i++) {
    const c = n.child(i)!;
    if (!c.isNamed) continue;
    if (c.type === "variable_assignment") {
      const name = c.childForFieldName("name")?.text ?? "";
      const v = c.childForFieldName("value");
      const w = v ? evalWord(v, base, model.vars) : null;
      assignments.push([name, w && w.kind === "lit" ? w.text : ""]);
      continue;
    }
    if (c.type === "command_name") {
      const inner = c.namedChild(0);
      if (inner) words.push(evalWord(inner, base, model.vars));
      continue;
    }
    if (c.type === "file_redirect" || c.type === "heredoc_redirect" || c.type === "herestring_redirect") {
      redirected = true;
      continue;
    }
    if (c.type === "comment") continue;
    words.push(evalWord(c, base, model.vars));
  }
  if (words.length === 0) return;
  const cmd: ShellCommand = {
    words,
    assignments,
    start: base + n.startIndex,
    end: base + n.endIndex,
    background,
    topLevel: ctx.topLevel,
    inFunction: ctx.inFunction,
    conditional: ctx.conditional,
    subshell: ctx.subshell,
    redirected,
    last: false,
    inList: ctx.inList,
  };
  const name = words[0]!.kind === "lit" ? words[0]!.text : "";
  if (name === "trap") {
    const sigs = words.slice(2).map((w) => (w.kind === "lit" ? w.text.toUpperCase().replace(/^SIG/, "") : "?"));
    model.traps.push({ signals: sigs, start: cmd.start, end: cmd.end });
  }
  model.commands.push(cmd);
}

/** Evaluates a word when it is static; `"$@"` and `$0` are kept as markers; anything else is dynamic. */
export function evalWord(n: TSNode, base: number, vars: Map<string, string>): Word {
  const start = base + n.startIndex;
  const end = base + n.endIndex;
  const dyn: Word = { kind: "dynamic", raw: n.text, start, end };
  switch (n.type) {
    case "word":
    case "number":
      return { kind: "lit", text: n.text.replace(/\\(.)/g, "$1"), start, end };
    case "raw_string":
      return { kind: "lit", text: n.text.slice(1, -1), start, end };
    case "ansi_c_string":
      return dyn;
    case "simple_expansion":
    case "expansion": {
      const special = n.namedChildren.find((c) => c?.type === "special_variable_name");
      if (special && (special.text === "@" || special.text === "*")) return { kind: "all-args", start, end };
      const varName = n.namedChildren.find((c) => c?.type === "variable_name")?.text;
      if (varName === "0") return { kind: "self", start, end };
      if (n.type === "simple_expansion" && varName && vars.has(varName)) return { kind: "lit", text: vars.get(varName)!, start, end };
      if (n.type === "expansion" && varName && n.namedChildCount === 1 && vars.has(varName)) {
        return { kind: "lit", text: vars.get(varName)!, start, end };
      }
      return dyn;
    }
    case "string": {
      let text = "";
      const parts = n.namedChildren.filter((c): c is TSNode => c !== null);
      if (parts.length === 1 && (parts[0]!.type === "simple_expansion" || parts[0]!.type === "expansion")) {
        const w = evalWord(parts[0]!, base, vars);
        if (w.kind !== "dynamic") return { ...w, start, end };
        return dyn;
      }
      // string_content nodes do not cover all text (spaces between parts): use the raw slice when static
      for (const p of parts) {
        if (p.type === "string_content") continue;
        const w = evalWord(p, base, vars);
        if (w.kind !== "lit") return dyn;
      }
      const inner = n.text.slice(1, -1);
      text = inner.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (_m, v: string) => vars.get(v) ?? "").replace(/\\([$`"\\\n])/g, "$1");
      return { kind: "lit", text, start, end };
    }
    case "concatenation": {
      let text = "";
      for (const c of n.namedChildren) {
        if (!c) continue;
        const w = evalWord(c, base, vars);
        if (w.kind !== "lit") return dyn;
        text += w.text;
      }
      return { kind: "lit", text, start, end };
    }
    default:
      return dyn;
  }
}

export function wordText(w: Word): string {
  switch (w.kind) {
    case "lit":
      return w.text;
    case "all-args":
      return '"$@"';
    case "self":
      return "$0";
    case "dynamic":
      return w.raw;
  }
}
