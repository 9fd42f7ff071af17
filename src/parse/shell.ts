// Shell scripts: the fast path of shell-fast.ts for the plain scripts most entrypoints are, web-tree-sitter +
// tree-sitter-bash (loaded lazily, only when a script needs it) for the rest. Both give the same tree; it is
// reduced to what the PID 1 analysis needs: the commands, where they stand, their words.
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import v8 from "node:v8";
import type { Parser as TSParser } from "web-tree-sitter";
import { parseShellFast, type ShellNode as TSNode } from "./shell-fast.js";

/** The value a variable had before the script assigned it: whatever the environment gives. */
export const FROM_ENV: unique symbol = Symbol("from the environment");

/** A value a variable may hold: a literal, FROM_ENV, or null (known only at run time). */
export type VarValue = string | null | typeof FROM_ENV;

/** a word that is exactly one variable reference: `$X`, `"${X}"`, `${X:-default}` */
export interface VarRef {
  name: string;
  /** the default of `${X:-d}` / `${X-d}` / `${X:=d}`, when it is literal */
  fallback?: string;
  /** inside double quotes: no field splitting */
  quoted: boolean;
  /** what the script had assigned to the variable where the word stands; absent: nothing (the environment decides) */
  assigned?: { values: VarValue[] } | { ref: string; fallback?: string };
}

export type Word =
  | { kind: "lit"; text: string; start: number; end: number; fromVar?: "quoted" | "unquoted" }
  | { kind: "all-args"; start: number; end: number }
  | { kind: "self"; start: number; end: number }
  | { kind: "dynamic"; raw: string; start: number; end: number; ref?: VarRef };

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
  /** index in ScriptModel.functionDefs of the function whose body holds the command, or null */
  fn: number | null;
  /** inside if/case/loop bodies */
  conditional: boolean;
  /** inside ( … ), a pipeline or $( … ): an exec there does not replace the script's process */
  subshell: boolean;
  /** has redirections */
  redirected: boolean;
  /** the command is the last one the script runs at its top level (a list's last element counts, and the last command of a trailing `( … )`) */
  last: boolean;
  /** the command is the last one its function runs, at the top of the function's body */
  lastInFunction: boolean;
  /** part of an && / || list */
  inList: boolean;
}

export interface FunctionDef {
  name: string;
  start: number;
  end: number;
  /** `f() ( … )`: the body runs in a subshell, so an exec in it does not replace the script's process */
  subshellBody: boolean;
}

export interface Trap {
  signals: string[];
  /** the handler (`kill -TERM $pid`, `stop`), `""` to ignore, `-` to reset; null when it is built at run time */
  action: string | null;
  start: number;
  end: number;
}

export interface ScriptModel {
  commands: ShellCommand[];
  /** literal values the script assigns unconditionally at the top (X=1, export X=1) */
  vars: Map<string, string>;
  /** variables assigned in branches: each value they may hold (FROM_ENV: left as the environment gives it; null: not known here) */
  alternatives: Map<string, VarValue[]>;
  /** X=$Y, X=${Y:-d}: the value of another variable, usually from the environment */
  refs: Map<string, { ref: string; fallback?: string }>;
  /** variables assigned a value only known at run time (`X=$(id -u)`) */
  opaque: Set<string>;
  traps: Trap[];
  errors: { start: number; end: number; message: string }[];
  /** names of the functions defined */
  functions: Set<string>;
  functionDefs: FunctionDef[];
  /** names defined with `alias name=…` */
  aliases: Set<string>;
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
      // both read here, at once: tree-sitter would read them through the thread pool, a wait each
      await Parser.init({ locateFile: () => runtimeWasm, wasmBinary: fs.readFileSync(runtimeWasm) });
      const bash = await Language.load(fs.readFileSync(findWasm("tree-sitter-bash.wasm", "tree-sitter-bash")));
      const p = new Parser();
      p.setLanguage(bash);
      return p;
    })();
  }
  return parserPromise;
}

const MAX_SCRIPT_BYTES = 2_000_000;

function emptyModel(text: string): ScriptModel {
  return {
    commands: [],
    vars: new Map(),
    alternatives: new Map(),
    refs: new Map(),
    opaque: new Set(),
    traps: [],
    errors: [],
    functions: new Set(),
    functionDefs: [],
    aliases: new Set(),
    backgroundJobs: [],
    handlesDoubleDash: /["']--["']|(^|[\s|(])--\)/m.test(text),
  };
}

const parsedBy = new WeakMap<object, Map<string, Promise<ScriptModel>>>();

/**
 * parseScript, once per text and offset for one owner (the file the text comes from, whose lifetime is one
 * lint run): the chain, `docker run` scanning and a stage judged on its own share one parse of a script or
 * `sh -c` string. The model returned is shared: read it, never change it.
 */
export function parseScriptOf(owner: object, text: string, base = 0): Promise<ScriptModel> {
  let byText = parsedBy.get(owner);
  if (!byText) parsedBy.set(owner, (byText = new Map()));
  const key = `${base}\0${text}`;
  let p = byText.get(key);
  if (!p) {
    p = parseScript(text, base);
    byText.set(key, p);
  }
  return p;
}

/**
 * Calls `use` with the syntax tree of a script: the fast path's when the script is in its subset, else
 * tree-sitter's (loaded on first use); null when tree-sitter gives none. `engine` forces one (tests compare them).
 */
export async function withShellTree<T>(text: string, use: (root: TSNode | null) => T, engine: "auto" | "fast" | "tree-sitter" = "auto"): Promise<T> {
  if (engine !== "tree-sitter") {
    const fast = parseShellFast(text);
    if (fast || engine === "fast") return use(fast);
  }
  const parser = await getShellParser();
  const tree = parser.parse(text);
  if (!tree) return use(null);
  try {
    return use(tree.rootNode);
  } finally {
    tree.delete();
  }
}

/** Parses a script; `base` is added to every offset (for `sh -c '…'` strings inside another file). */
export async function parseScript(text: string, base = 0, engine: "auto" | "fast" | "tree-sitter" = "auto"): Promise<ScriptModel> {
  const model = emptyModel(text);
  if (text.length > MAX_SCRIPT_BYTES) {
    model.errors.push({ start: base, end: base, message: `script larger than ${MAX_SCRIPT_BYTES} bytes: not analysed` });
    return model;
  }
  return withShellTree(
    text,
    (root) => {
      if (!root) return model;
      collectErrors(root, model, base);
      const ctx: Ctx = { scopeTop: true, inFunction: null, fn: null, conditional: false, subshell: false, inList: false, log: null, fnAssigned: null };
      walkStatements(root, model, base, ctx, "program");
      return model;
    },
    engine,
  );
}

/** What an assignment gives a variable: a literal, another variable's value, or a value known only at run time (null). */
type Value = { lit: string } | { ref: string; fallback?: string } | { values: VarValue[] } | null;

/** Assignments made under a condition inside one top statement: the values before it, and those it may assign. */
type AssignLog = Map<string, { prior: VarValue[]; values: VarValue[] }>;

interface Ctx {
  /** directly at the top of the script or of a function body: not in a branch, loop, list, subshell or pipeline */
  scopeTop: boolean;
  inFunction: string | null;
  fn: number | null;
  conditional: boolean;
  subshell: boolean;
  inList: boolean;
  /** conditional assignments of the current top statement, applied when it ends */
  log: AssignLog | null;
  /** inside a function body: the variables it assigns (other than `local` ones), which are uncertain after it */
  fnAssigned: Map<string, VarValue[]> | null;
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

/** The named statements of a node, with `&` marking the one before it as started in the background. */
function statementsOf(node: TSNode): { n: TSNode; bg: boolean }[] {
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
  return children;
}

/** Walks a node holding statements; marks the last command of the script or of a function body. */
function walkStatements(node: TSNode, model: ScriptModel, base: number, ctx: Ctx, mark: "program" | "function" | null = null): void {
  const children = statementsOf(node);
  children.forEach(({ n, bg }, idx) => {
    if (bg) recordBackgroundJob(n, model, base);
    const before = model.commands.length;
    const log: AssignLog | null = ctx.scopeTop ? new Map() : ctx.log;
    walkStatement(n, model, base, { ...ctx, log }, bg);
    if (ctx.scopeTop && log) applyLog(n, log, model);
    if (mark && idx === children.length - 1 && model.commands.length > before) markLast(model.commands[model.commands.length - 1]!, ctx, mark);
    if (mark === "program" && idx === children.length - 1 && !bg) markTrailingSubshell(n, model, base);
  });
}

/**
 * `a && ( b & c )` at the end of the script: c, the last simple command of the trailing subshell, is the last
 * command the script runs (busybox ash execs it in the shell's own process: knowledge/shells.ts). It stays `subshell`.
 */
function markTrailingSubshell(n: TSNode, model: ScriptModel, base: number): void {
  let node: TSNode | null = n;
  let inSubshell = false;
  for (let depth = 0; node && depth < 16; depth++) {
    if (node.type === "list") node = node.namedChild(node.namedChildCount - 1);
    else if (node.type === "subshell") {
      const last = statementsOf(node).pop();
      if (!last || last.bg) return;
      node = last.n;
      inSubshell = true;
    } else break;
  }
  if (!node || !inSubshell || node.type !== "command") return;
  const start = base + node.startIndex;
  const cmd = model.commands.find((c) => c.start === start && c.inFunction === null && !c.conditional);
  if (cmd) cmd.last = true;
}

function recordBackgroundJob(n: TSNode, model: ScriptModel, base: number): void {
  const cmd = n.type === "redirected_statement" ? (n.childForFieldName("body") ?? n) : n;
  const name = cmd.type === "command" ? cmd.childForFieldName("name")?.text : undefined;
  const first = name !== undefined ? (cmd.namedChildCount > 1 ? `${name} …` : name) : cmd.text;
  const text = first.replace(/\s+/g, " ");
  model.backgroundJobs.push({ start: base + n.startIndex, end: base + n.endIndex, text: text.length > 30 ? text.slice(0, 29) + "…" : text });
}

/** The final command of the script (at its top level) or of a function body (at the body's top). */
function markLast(last: ShellCommand, ctx: Ctx, mark: "program" | "function"): void {
  if (mark === "program") {
    if (last.topLevel || (last.inList && !last.subshell && !last.conditional && last.inFunction === null)) last.last = true;
  } else if (last.fn === ctx.fn && last.conditional === ctx.conditional && last.subshell === ctx.subshell) {
    last.lastInFunction = true;
  }
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

/** Walks each named child of a list, pipeline or negation. */
function walkParts(n: TSNode, model: ScriptModel, base: number, ctx: Ctx, background: boolean): void {
  for (let i = 0; i < n.childCount; i++) {
    const c = n.child(i)!;
    if (c.isNamed && c.type !== "comment") walkStatement(c, model, base, ctx, background);
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
    case "list":
      walkParts(n, model, base, { ...ctx, scopeTop: false, inList: true }, background);
      return;
    case "pipeline":
      walkParts(n, model, base, { ...ctx, scopeTop: false, subshell: true }, background);
      return;
    case "negated_command":
      walkParts(n, model, base, { ...ctx, scopeTop: false }, background);
      return;
    case "subshell":
      walkStatements(n, model, base, { ...ctx, scopeTop: false, subshell: true });
      return;
    case "compound_statement":
      walkStatements(n, model, base, { ...ctx, scopeTop: false });
      return;
    case "function_definition":
      walkFunction(n, model, base, ctx);
      return;
    case "if_statement":
    case "while_statement":
    case "for_statement":
    case "c_style_for_statement":
    case "case_statement":
    case "case_item":
    case "elif_clause":
    case "else_clause":
    case "do_group":
      walkBranches(n, model, base, { ...ctx, scopeTop: false, conditional: true });
      return;
    case "variable_assignment":
      if (!background) recordAssignment(n, model, ctx, false);
      return;
    case "variable_assignments":
      for (let i = 0; i < n.namedChildCount; i++) walkStatement(n.namedChild(i)!, model, base, ctx, background);
      return;
    case "declaration_command": {
      const local = ctx.inFunction !== null && /^(local|declare|typeset)$/.test(n.child(0)?.text ?? "");
      for (let i = 0; i < n.namedChildCount; i++) {
        const c = n.namedChild(i)!;
        if (c.type === "variable_assignment" && !background) recordAssignment(c, model, ctx, local);
      }
      return;
    }
    default:
      return;
  }
}

/** The parts of an if, case or loop: each runs under a condition. */
function walkBranches(n: TSNode, model: ScriptModel, base: number, inner: Ctx): void {
  for (let i = 0; i < n.childCount; i++) {
    const c = n.child(i)!;
    if (!c.isNamed || c.type === "comment") continue;
    if (STATEMENT_CONTAINERS.has(c.type) || c.type === "case_item") walkStatements(c, model, base, inner);
    else walkStatement(c, model, base, inner, false);
  }
}

/** A function definition: its body is walked with its own view of the variables, restored after it. */
function walkFunction(n: TSNode, model: ScriptModel, base: number, ctx: Ctx): void {
  const name = n.childForFieldName("name")?.text ?? "?";
  const body = n.childForFieldName("body");
  const subshellBody = body?.type === "subshell";
  const index = model.functionDefs.length;
  model.functions.add(name);
  model.functionDefs.push({ name, start: base + n.startIndex, end: base + n.endIndex, subshellBody });
  if (!body) return;
  const outer = snapshotVars(model);
  const fnAssigned = new Map<string, VarValue[]>();
  const inner: Ctx = { scopeTop: true, inFunction: name, fn: index, conditional: ctx.conditional, subshell: ctx.subshell || subshellBody, inList: false, log: null, fnAssigned };
  if (body.type === "compound_statement" || subshellBody) walkStatements(body, model, base, inner, "function");
  else walkStatement(body, model, base, { ...inner, scopeTop: false, conditional: true, log: new Map() }, false);
  restoreVars(model, outer);
  // once the function may have run, what it assigns is one more possible value
  for (const [v, values] of fnAssigned) setValues(model, v, dedupe([...currentValues(model, v), ...values]));
}

function snapshotVars(model: ScriptModel): Pick<ScriptModel, "vars" | "alternatives" | "refs" | "opaque"> {
  return { vars: new Map(model.vars), alternatives: new Map(model.alternatives), refs: new Map(model.refs), opaque: new Set(model.opaque) };
}

function restoreVars(model: ScriptModel, s: Pick<ScriptModel, "vars" | "alternatives" | "refs" | "opaque">): void {
  model.vars.clear();
  for (const [k, v] of s.vars) model.vars.set(k, v);
  model.alternatives.clear();
  for (const [k, v] of s.alternatives) model.alternatives.set(k, v);
  model.refs.clear();
  for (const [k, v] of s.refs) model.refs.set(k, v);
  model.opaque.clear();
  for (const k of s.opaque) model.opaque.add(k);
}

function forget(model: ScriptModel, name: string): void {
  model.vars.delete(name);
  model.alternatives.delete(name);
  model.refs.delete(name);
  model.opaque.delete(name);
}

/** The values a variable may hold at this point of the walk (null: not known here). */
function currentValues(model: ScriptModel, name: string): VarValue[] {
  const v = model.vars.get(name);
  if (v !== undefined) return [v];
  if (model.opaque.has(name) || model.refs.has(name)) return [null];
  return model.alternatives.get(name) ?? [FROM_ENV];
}

function setValues(model: ScriptModel, name: string, values: VarValue[]): void {
  forget(model, name);
  const only = values.length === 1 ? values[0] : undefined;
  if (typeof only === "string") model.vars.set(name, only);
  else if (only === FROM_ENV) return;
  else if (values.every((v) => v === null)) model.opaque.add(name);
  else model.alternatives.set(name, values);
}

function dedupe(values: VarValue[]): VarValue[] {
  return [...new Set(values)];
}

function valuesOf(v: Value): VarValue[] {
  if (v === null || "ref" in v) return [null];
  if ("lit" in v) return [v.lit];
  return v.values;
}

function recordAssignment(n: TSNode, model: ScriptModel, ctx: Ctx, local: boolean): void {
  const name = n.childForFieldName("name")?.text;
  if (!name || ctx.subshell) return;
  const valueNode = n.childForFieldName("value");
  const value = valueNode ? valueOfWord(evalWord(valueNode, 0, model)) : { lit: "" };
  if (ctx.fnAssigned && !local) ctx.fnAssigned.set(name, [...(ctx.fnAssigned.get(name) ?? []), ...valuesOf(value)]);
  if (ctx.scopeTop || !ctx.log) {
    forget(model, name);
    if (value === null) model.opaque.add(name);
    else if ("lit" in value) model.vars.set(name, value.lit);
    else if ("ref" in value) model.refs.set(name, value);
    else setValues(model, name, value.values);
    return;
  }
  // assigned under a condition: possible values are known once the top statement ends
  let entry = ctx.log.get(name);
  if (!entry) {
    entry = { prior: currentValues(model, name), values: [] };
    ctx.log.set(name, entry);
  }
  entry.values.push(...valuesOf(value));
  forget(model, name);
  model.opaque.add(name);
}

function valueOfWord(w: Word): Value {
  if (w.kind === "lit") return { lit: w.text };
  if (w.kind !== "dynamic" || !w.ref) return null;
  const a = w.ref.assigned;
  if (!a) return { ref: w.ref.name, ...(w.ref.fallback !== undefined ? { fallback: w.ref.fallback } : {}) };
  return "values" in a ? { values: a.values } : { ref: a.ref, ...(a.fallback !== undefined ? { fallback: a.fallback } : {}) };
}

/** At the end of a top statement: the variables it assigned under conditions may hold any of their values. */
function applyLog(n: TSNode, log: AssignLog, model: ScriptModel): void {
  for (const [name, e] of log) setValues(model, name, dedupe(coversAll(n, name) ? e.values : [...e.prior, ...e.values]));
}

/** The statement assigns the variable on every path: `test && X=a || X=b`, or every branch of an if with an else. */
function coversAll(n: TSNode, name: string): boolean {
  if (n.type === "list") {
    const parts = n.namedChildren.filter((c): c is TSNode => c !== null && c.type !== "comment");
    const op = n.children.find((c) => c !== null && !c.isNamed && (c.type === "||" || c.type === "&&"))?.type;
    return op === "||" && parts.length === 2 && lastAssigns(parts[1]!) === name && lastAssigns(parts[0]!) === name;
  }
  if (n.type !== "if_statement") return false;
  const branches: TSNode[][] = [[]];
  let inThen = false;
  let hasElse = false;
  for (const c of n.children) {
    if (!c) continue;
    if (c.type === "then") inThen = true;
    else if (c.type === "elif_clause" || c.type === "else_clause") {
      inThen = false;
      hasElse ||= c.type === "else_clause";
      const after = c.type === "elif_clause" ? c.children.findIndex((x) => x?.type === "then") : -1;
      branches.push(c.namedChildren.filter((x): x is TSNode => x !== null && (c.type === "else_clause" || x.startIndex > c.child(after)!.startIndex)));
    } else if (inThen && c.isNamed) branches[0]!.push(c);
  }
  return hasElse && branches.every((b) => b.some((s) => assignsDirectly(s, name)));
}

function lastAssigns(n: TSNode): string | null {
  if (n.type === "variable_assignment") return n.childForFieldName("name")?.text ?? null;
  if (n.type === "declaration_command" || n.type === "list") {
    const kids = n.namedChildren.filter((c): c is TSNode => c !== null && c.type !== "comment");
    return kids.length ? lastAssigns(kids[kids.length - 1]!) : null;
  }
  return null;
}

function assignsDirectly(n: TSNode, name: string): boolean {
  if (n.type === "variable_assignment") return n.childForFieldName("name")?.text === name;
  if (n.type === "declaration_command" || n.type === "variable_assignments") return n.namedChildren.some((c) => c !== null && assignsDirectly(c, name));
  return false;
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
      const w = v ? evalWord(v, base, model) : null;
      assignments.push([name, w && w.kind === "lit" ? w.text : ""]);
      continue;
    }
    if (c.type === "command_name") {
      const inner = c.namedChild(0);
      if (inner) words.push(evalWord(inner, base, model));
      continue;
    }
    if (c.type === "file_redirect" || c.type === "heredoc_redirect" || c.type === "herestring_redirect") {
      redirected = true;
      continue;
    }
    if (c.type === "comment") continue;
    words.push(evalWord(c, base, model));
  }
  if (words.length === 0) return;
  const cmd: ShellCommand = {
    words,
    assignments,
    start: base + n.startIndex,
    end: base + n.endIndex,
    background,
    topLevel: ctx.scopeTop && ctx.inFunction === null,
    inFunction: ctx.inFunction,
    fn: ctx.fn,
    conditional: ctx.conditional,
    subshell: ctx.subshell,
    redirected,
    last: false,
    lastInFunction: false,
    inList: ctx.inList,
  };
  recordBuiltinEffects(cmd, model, ctx);
  model.commands.push(cmd);
}

/** What `trap`, `alias` and `read` change in the shell. */
function recordBuiltinEffects(cmd: ShellCommand, model: ScriptModel, ctx: Ctx): void {
  const w0 = cmd.words[0]!;
  const name = w0.kind === "lit" && !w0.fromVar ? w0.text : "";
  const rest = cmd.words.slice(1);
  if (name === "trap") {
    const args = rest[0]?.kind === "lit" && rest[0].text === "--" ? rest.slice(1) : rest;
    // a handler in double quotes with expansions (`trap "kill $pid" TERM`) is kept as written: only its commands matter
    const a = args[0];
    const action = a?.kind === "lit" ? a.text : a?.kind === "dynamic" && /^"[^"]*"$/.test(a.raw) ? a.raw.slice(1, -1) : null;
    const sigs = args.slice(1).map((w) => (w.kind === "lit" ? w.text.toUpperCase().replace(/^SIG/, "") : "?"));
    model.traps.push({ signals: sigs, action, start: cmd.start, end: cmd.end });
  } else if (name === "alias") {
    for (const w of rest) if (w.kind === "lit" && /^[^=\s]+=/.test(w.text)) model.aliases.add(w.text.slice(0, w.text.indexOf("=")));
  } else if (name === "read" && !ctx.subshell) {
    for (const w of rest) if (w.kind === "lit" && /^[A-Za-z_][A-Za-z0-9_]*$/.test(w.text)) recordOpaque(model, ctx, w.text);
  }
}

function recordOpaque(model: ScriptModel, ctx: Ctx, name: string): void {
  if (ctx.scopeTop || !ctx.log) {
    forget(model, name);
    model.opaque.add(name);
  } else {
    if (!ctx.log.has(name)) ctx.log.set(name, { prior: currentValues(model, name), values: [] });
    ctx.log.get(name)!.values.push(null);
    forget(model, name);
    model.opaque.add(name);
  }
}

type Scope = Pick<ScriptModel, "vars" | "alternatives" | "refs" | "opaque">;

/** Evaluates a word when it is static; `"$@"` and `$0` are kept as markers; anything else is dynamic. */
export function evalWord(n: TSNode, base: number, scope: Scope, quoted = false): Word {
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
    case "expansion":
      return evalExpansion(n, base, scope, quoted);
    case "string":
      return evalString(n, base, scope);
    case "concatenation": {
      let text = "";
      for (const c of n.namedChildren) {
        if (!c) continue;
        const w = evalWord(c, base, scope);
        if (w.kind !== "lit") return dyn;
        text += w.text;
      }
      return { kind: "lit", text, start, end };
    }
    default:
      return dyn;
  }
}

function evalString(n: TSNode, base: number, scope: Scope): Word {
  const start = base + n.startIndex;
  const end = base + n.endIndex;
  const dyn: Word = { kind: "dynamic", raw: n.text, start, end };
  const parts = n.namedChildren.filter((c): c is TSNode => c !== null);
  if (parts.length === 1 && (parts[0]!.type === "simple_expansion" || parts[0]!.type === "expansion")) {
    const w = evalWord(parts[0]!, base, scope, true);
    if (w.kind === "dynamic") return w.ref ? { ...w, raw: n.text, start, end } : dyn;
    return { ...w, start, end };
  }
  // string_content nodes do not cover all text (spaces between parts): use the raw slice when static
  for (const p of parts) {
    if (p.type === "string_content") continue;
    const w = evalWord(p, base, scope, true);
    if (w.kind !== "lit") return dyn;
  }
  const inner = n.text.slice(1, -1);
  const text = inner.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (_m, v: string) => scope.vars.get(v) ?? "").replace(/\\([$`"\\\n])/g, "$1");
  return { kind: "lit", text, start, end };
}

/** `$X`, `${X}`, `${X:-default}`, `"$@"`, `$0`. */
function evalExpansion(n: TSNode, base: number, scope: Scope, quoted: boolean): Word {
  const start = base + n.startIndex;
  const end = base + n.endIndex;
  const dyn: Word = { kind: "dynamic", raw: n.text, start, end };
  const special = n.namedChildren.find((c) => c?.type === "special_variable_name");
  if (special && (special.text === "@" || special.text === "*")) return { kind: "all-args", start, end };
  const named = n.namedChildren.filter((c): c is TSNode => c !== null);
  const varNode = named[0];
  if (!varNode || varNode.type !== "variable_name") return dyn;
  const name = varNode.text;
  if (name === "0") return { kind: "self", start, end };
  // only a bare name or a default: a prefix (`${#X}`, `${!X}`) or another operator (`${X#…}`, `${X:+…}`) is not followed
  if (n.type === "expansion" && n.child(1)?.type !== "variable_name") return dyn;
  const op = n.type === "expansion" ? n.childForFieldName("operator")?.text : undefined;
  if (named.length > 1 && !(op && /^:?[-=]$/.test(op))) return dyn;
  let fallback: string | undefined;
  if (op) {
    fallback = defaultText(n, base, scope, quoted);
    if (fallback === undefined) return dyn;
  }
  const known = scope.vars.get(name);
  const fromVar = quoted ? ("quoted" as const) : ("unquoted" as const);
  if (known !== undefined) {
    const text = op && op.startsWith(":") && known === "" && fallback !== undefined ? fallback : known;
    return { kind: "lit", text, start, end, fromVar };
  }
  const ref: VarRef = { name, quoted, ...(fallback !== undefined ? { fallback } : {}) };
  if (scope.opaque.has(name)) ref.assigned = { values: [null] };
  else if (scope.alternatives.has(name)) ref.assigned = { values: [...scope.alternatives.get(name)!] };
  else if (scope.refs.has(name)) ref.assigned = { ...scope.refs.get(name)! };
  return { ...dyn, ref };
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

/** The literal default of `${X:-default}`, or undefined when it expands something itself. */
function defaultText(n: TSNode, base: number, scope: Scope, quoted: boolean): string | undefined {
  const op = n.childForFieldName("operator")!;
  const close = n.child(n.childCount - 1);
  const raw = n.text.slice(op.endIndex - n.startIndex, close?.type === "}" ? close.startIndex - n.startIndex : undefined);
  // the grammar splits plain text oddly (`su-exec` is read as a name and a word): plain text is taken as written
  if (!/[$`\\]/.test(raw)) return raw.replace(/["']/g, "");
  const parts = n.namedChildren.filter((c): c is TSNode => c !== null && c.startIndex >= op.endIndex).map((c) => evalWord(c, base, scope, quoted));
  return parts.every((w) => w.kind === "lit") ? parts.map((w) => (w as { text: string }).text).join("") : undefined;
}
