// The configuration file: `.compose-lint.yaml` (or `.yml`), found by walking up from the working
// directory, or named with `--config`. Parsed with positions so that every problem names its file,
// line and column; schema/compose-lint.schema.json describes the same format for editors.
//
//   rules:            { <rule-id>: off | info | warning | error }
//   ignore:           [ <glob>, … ]           paths not linted, relative to the config file's directory
//   fail-on:          error | warning | info | never
//   max-warnings:     <whole number>
//   knowledge:
//     images:         { <image or prefix/*>: init | reaper | non-reaper | s6 }
//     programs:       { <program>: init | reaper | non-reaper | s6 }
//     wrappers:       { <program>: exec | parent | { runs, operands, options, options-with-value, assignments } }
//     wait-helpers:   { <program>: exec | parent | none }
import fs from "node:fs";
import path from "node:path";
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, type Pair } from "yaml";
import {
  basename,
  imageRepository,
  KnowledgeBase,
  type HelperEntry,
  type HelperRuns,
  type ImageEntry,
  type KnowledgeEntry,
  type WrapperEntry,
  type WrapperRuns,
} from "./knowledge/index.js";
import type { RuleSetting } from "./types.js";

export const CONFIG_NAMES = [".compose-lint.yaml", ".compose-lint.yml"] as const;
export const RULE_SETTINGS = ["off", "info", "warning", "error"] as const;
export const FAIL_ON = ["error", "warning", "info", "never"] as const;
export const KNOWLEDGE_VERDICTS = ["init", "reaper", "non-reaper", "s6"] as const;
const TOP_KEYS = ["rules", "ignore", "fail-on", "max-warnings", "knowledge"] as const;
const KNOWLEDGE_KEYS = ["images", "programs", "wrappers", "wait-helpers"] as const;
type KnowledgeKey = (typeof KNOWLEDGE_KEYS)[number];
const KNOWLEDGE_SHAPES: Record<KnowledgeKey, string> = {
  images: "image name to init, reaper, non-reaper or s6",
  programs: "program name to init, reaper, non-reaper or s6",
  wrappers: "program name to exec, parent or a mapping with `runs`",
  "wait-helpers": "program name to exec, parent or none",
};
export const WRAPPER_RUNS = ["exec", "parent"] as const;
export const WAIT_HELPER_RUNS = ["exec", "parent", "none"] as const;
const WRAPPER_KEYS = ["runs", "operands", "options", "options-with-value", "assignments"] as const;

export type FailOn = (typeof FAIL_ON)[number];
export type KnowledgeVerdict = (typeof KNOWLEDGE_VERDICTS)[number];

export interface Config {
  /** absolute path of the file the configuration came from; null for the built-in defaults */
  file: string | null;
  /** directory that `ignore` globs are relative to */
  base: string;
  rules: Record<string, RuleSetting>;
  ignore: string[];
  failOn?: FailOn;
  maxWarnings?: number;
  knowledge: { images: ImageEntry[]; programs: KnowledgeEntry[]; wrappers: WrapperEntry[]; waitHelpers: HelperEntry[] };
}

export interface ConfigProblem {
  file: string;
  line: number;
  column: number;
  message: string;
}

/** One or more problems in a configuration file; `message` lists them as `file:line:column: text`. */
export class ConfigError extends Error {
  constructor(readonly problems: ConfigProblem[]) {
    super(problems.map((p) => `${p.file}:${p.line}:${p.column}: ${p.message}`).join("\n"));
    this.name = "ConfigError";
  }
}

export function emptyConfig(base: string): Config {
  return { file: null, base, rules: {}, ignore: [], knowledge: { images: [], programs: [], wrappers: [], waitHelpers: [] } };
}

/** The nearest `.compose-lint.yaml` / `.compose-lint.yml` in `dir` or one of its parents, or null. */
export function findConfig(dir: string): string | null {
  let d = path.resolve(dir);
  for (;;) {
    for (const name of CONFIG_NAMES) {
      const f = path.join(d, name);
      try {
        if (fs.statSync(f).isFile()) return f;
      } catch {
        // not here
      }
    }
    const parent = path.dirname(d);
    if (parent === d) return null;
    d = parent;
  }
}

export interface LoadConfigOptions {
  cwd: string;
  /** an explicit file (`--config`), relative to cwd; otherwise the nearest one is searched for */
  file?: string;
  /** rule ids that `rules` may name; unchecked when absent */
  knownRules?: string[];
}

/** Loads the configuration that applies to `cwd`. No file found → the defaults. Throws ConfigError. */
export function loadConfig(options: LoadConfigOptions): Config {
  const file = options.file !== undefined ? path.resolve(options.cwd, options.file) : findConfig(options.cwd);
  if (file === null) return emptyConfig(options.cwd);
  const shown = displayPath(options.cwd, file);
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory" : code === "EACCES" ? "permission denied" : (e as Error).message;
    throw new ConfigError([{ file: shown, line: 1, column: 1, message: `cannot read the configuration file: ${why}` }]);
  }
  return parseConfig(text, { file, shown, knownRules: options.knownRules });
}

export interface ParseConfigOptions {
  /** absolute path of the file (its directory is the base of `ignore`) */
  file: string;
  /** how the file is named in messages (default: `file`) */
  shown?: string;
  knownRules?: string[];
}

/** Parses and validates the text of a configuration file. Throws ConfigError listing every problem. */
export function parseConfig(text: string, options: ParseConfigOptions): Config {
  const shown = options.shown ?? options.file;
  const config: Config = { ...emptyConfig(path.dirname(options.file)), file: options.file };
  const problems: ConfigProblem[] = [];
  const lc = new LineCounter();
  const doc = parseDocument(text.replace(/^\uFEFF/, ""), { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number, message: string): void => {
    const p = lc.linePos(offset);
    problems.push({ file: shown, line: p.line, column: p.col, message });
  };
  const ctx: Ctx = { config, shown, knownRules: options.knownRules, lc, atNode: (node, message) => at(node?.range?.[0] ?? 0, message) };
  for (const e of doc.errors) at(e.pos[0], `invalid YAML: ${e.message.split("\n")[0]}`);
  if (problems.length) throw new ConfigError(problems);

  const root = doc.contents;
  if (root === null || (isScalar(root) && (root.value === null || root.value === undefined))) return config;
  if (!isMap(root)) {
    ctx.atNode(root, "the configuration must be a mapping of keys (rules, ignore, fail-on, max-warnings, knowledge)");
    throw new ConfigError(problems);
  }
  for (const pair of root.items) readTopKey(ctx, pair);
  if (problems.length) throw new ConfigError(problems);
  return config;
}

/** What the readers of each key share: the configuration being built and where to report a problem. */
interface Ctx {
  config: Config;
  shown: string;
  knownRules?: string[];
  lc: LineCounter;
  atNode: (node: Node | null | undefined, message: string) => void;
}

function readTopKey(ctx: Ctx, pair: Pair): void {
  const key = keyOf(pair);
  const value = pair.value as Node | null;
  const keyNode = pair.key as Node;
  if (key === null) return ctx.atNode(keyNode, "keys must be plain strings");
  switch (key) {
    case "rules":
      return readRules(ctx, value, keyNode);
    case "ignore":
      return readIgnore(ctx, value, keyNode);
    case "fail-on": {
      const v = scalarString(value);
      if (v === null || !(FAIL_ON as readonly string[]).includes(v)) {
        return ctx.atNode(value ?? keyNode, `\`fail-on\`: expected error, warning, info or never, got ${describe(value)}${v ? didYouMean(v, FAIL_ON) : ""}`);
      }
      ctx.config.failOn = v as FailOn;
      return;
    }
    case "max-warnings": {
      const v = isScalar(value) ? value.value : undefined;
      if (typeof v !== "number" || !Number.isInteger(v) || v < 0) return ctx.atNode(value ?? keyNode, `\`max-warnings\`: expected a whole number (0 or more), got ${describe(value)}`);
      ctx.config.maxWarnings = v;
      return;
    }
    case "knowledge":
      return readKnowledge(ctx, value, keyNode);
    default:
      ctx.atNode(keyNode, `unknown key \`${key}\`${didYouMean(key, TOP_KEYS)}; expected one of ${TOP_KEYS.join(", ")}`);
  }
}

function readRules(ctx: Ctx, value: Node | null, keyNode: Node): void {
  if (isNull(value)) return;
  if (!isMap(value)) return ctx.atNode(value ?? keyNode, "`rules` must be a mapping of rule id to off, info, warning or error");
  for (const rp of value.items) {
    const id = keyOf(rp);
    if (id === null) {
      ctx.atNode(rp.key as Node, "rule ids must be plain strings");
      continue;
    }
    if (ctx.knownRules && !ctx.knownRules.includes(id)) {
      ctx.atNode(rp.key as Node, `unknown rule \`${id}\`${didYouMean(id, ctx.knownRules)} (see compose-lint --list-rules)`);
      continue;
    }
    const v = scalarString(rp.value as Node | null);
    if (v === null || !(RULE_SETTINGS as readonly string[]).includes(v)) {
      ctx.atNode((rp.value as Node | null) ?? (rp.key as Node), `rule \`${id}\`: expected off, info, warning or error, got ${describe(rp.value as Node | null)}${v ? didYouMean(v, RULE_SETTINGS) : ""}`);
      continue;
    }
    ctx.config.rules[id] = v as RuleSetting;
  }
}

function readIgnore(ctx: Ctx, value: Node | null, keyNode: Node): void {
  if (isNull(value)) return;
  if (!isSeq(value)) return ctx.atNode(value ?? keyNode, "`ignore` must be a list of glob patterns");
  for (const item of value.items as (Node | null)[]) {
    const g = scalarString(item);
    if (g === null || g.trim() === "") {
      ctx.atNode(item ?? value, `\`ignore\`: expected a glob pattern, got ${describe(item)}`);
      continue;
    }
    ctx.config.ignore.push(g);
  }
}

function readKnowledge(ctx: Ctx, value: Node | null, keyNode: Node): void {
  if (isNull(value)) return;
  if (!isMap(value)) return ctx.atNode(value ?? keyNode, "`knowledge` must be a mapping with `images`, `programs`, `wrappers` and/or `wait-helpers`");
  for (const kp of value.items) {
    const k = keyOf(kp);
    const kv = kp.value as Node | null;
    if (k === null || !(KNOWLEDGE_KEYS as readonly string[]).includes(k)) {
      ctx.atNode(kp.key as Node, `unknown key \`knowledge.${k ?? "?"}\`${k ? didYouMean(k, KNOWLEDGE_KEYS) : ""}; expected ${KNOWLEDGE_KEYS.join(", ")}`);
      continue;
    }
    if (isNull(kv)) continue;
    if (!isMap(kv)) {
      ctx.atNode(kv ?? (kp.key as Node), `\`knowledge.${k}\` must be a mapping of ${KNOWLEDGE_SHAPES[k as KnowledgeKey]}`);
      continue;
    }
    for (const ep of kv.items) {
      const name = keyOf(ep);
      if (name === null || name.trim() === "") {
        ctx.atNode(ep.key as Node, `\`knowledge.${k}\`: names must be non-empty strings`);
        continue;
      }
      const source = `configuration: ${ctx.shown}:${ctx.lc.linePos((ep.key as Node).range?.[0] ?? 0).line}`;
      const entry = { name, value: ep.value as Node | null, keyNode: ep.key as Node, source };
      if (k === "wrappers") readWrapper(ctx, entry);
      else if (k === "wait-helpers") readWaitHelper(ctx, entry);
      else readVerdict(ctx, k as "images" | "programs", entry);
    }
  }
}

/** One `name: value` entry of a knowledge mapping. */
interface KnowledgeItem {
  name: string;
  value: Node | null;
  keyNode: Node;
  source: string;
}

function readVerdict(ctx: Ctx, k: "images" | "programs", { name, value, keyNode, source }: KnowledgeItem): void {
  const verdict = scalarString(value);
  if (verdict === null || !(KNOWLEDGE_VERDICTS as readonly string[]).includes(verdict)) {
    return ctx.atNode(value ?? keyNode, `\`knowledge.${k}.${name}\`: expected init, reaper, non-reaper or s6, got ${describe(value)}${verdict ? didYouMean(verdict, KNOWLEDGE_VERDICTS) : ""}`);
  }
  const v = verdict as KnowledgeVerdict;
  if (k === "images") {
    const pattern = name.endsWith("/*") ? name.toLowerCase() : imageRepository(name);
    ctx.config.knowledge.images.push({ name: pattern, verdict: v, program: `the image's command (declared ${v} in ${ctx.shown})`, source });
  } else {
    ctx.config.knowledge.programs.push({ name: basename(name), verdict: v, note: `declared ${v} in ${ctx.shown}`, source });
  }
}

/**
 * `wrappers: { name: exec | parent }`, or a mapping `{ runs, operands, options, options-with-value, assignments }`
 * for a wrapper that takes words of its own before the command.
 */
function readWrapper(ctx: Ctx, { name, value, keyNode, source }: KnowledgeItem): void {
  const where = `knowledge.wrappers.${name}`;
  const runs = scalarString(value);
  if (runs !== null) {
    if (!(WRAPPER_RUNS as readonly string[]).includes(runs)) return ctx.atNode(value, `\`${where}\`: expected exec or parent, got ${describe(value)}${didYouMean(runs, WRAPPER_RUNS)}`);
    ctx.config.knowledge.wrappers.push({ name: basename(name), runs: runs as WrapperRuns, note: `declared ${runs} in ${ctx.shown}`, source });
    return;
  }
  if (!isMap(value)) return ctx.atNode(value ?? keyNode, `\`${where}\`: expected exec, parent or a mapping with \`runs\`, got ${describe(value)}`);
  const entry: WrapperEntry = { name: basename(name), runs: "exec", note: "", source };
  let runsGiven = false;
  let ok = true;
  for (const fp of value.items) {
    const f = keyOf(fp);
    const fv = fp.value as Node | null;
    const bad = (expected: string, hint = ""): void => {
      ok = false;
      ctx.atNode(fv ?? (fp.key as Node), `\`${where}.${f}\`: expected ${expected}, got ${describe(fv)}${hint}`);
    };
    if (f === "runs") {
      runsGiven = true;
      const r = scalarString(fv);
      if (r === null || !(WRAPPER_RUNS as readonly string[]).includes(r)) bad("exec or parent", r ? didYouMean(r, WRAPPER_RUNS) : "");
      else entry.runs = r as WrapperRuns;
    } else if (f === "operands") {
      const n = isScalar(fv) ? fv.value : undefined;
      if (typeof n !== "number" || !Number.isInteger(n) || n < 0) bad("a whole number (0 or more)");
      else entry.operands = n;
    } else if (f === "options" || f === "assignments") {
      const b = isScalar(fv) ? fv.value : undefined;
      if (typeof b !== "boolean") bad("true or false");
      else entry[f] = b;
    } else if (f === "options-with-value") {
      const list = isSeq(fv) ? (fv.items as (Node | null)[]).map(scalarString) : null;
      if (!list || list.some((o) => o === null || !/^-\S/.test(o))) bad("a list of options (`-u`, `--user`)");
      else entry.optionsWithValue = list as string[];
    } else {
      ok = false;
      ctx.atNode(fp.key as Node, `unknown key \`${where}.${f ?? "?"}\`${f ? didYouMean(f, WRAPPER_KEYS) : ""}; expected ${WRAPPER_KEYS.join(", ")}`);
    }
  }
  if (!runsGiven) return ctx.atNode(keyNode, `\`${where}\`: \`runs\` (exec or parent) is required`);
  if (!ok) return;
  entry.note = `declared ${entry.runs} in ${ctx.shown}`;
  ctx.config.knowledge.wrappers.push(entry);
}

/** `wait-helpers: { name: exec | parent | none }`: a helper known by the name it is called by. */
function readWaitHelper(ctx: Ctx, { name, value, keyNode, source }: KnowledgeItem): void {
  const how = scalarString(value);
  if (how === null || !(WAIT_HELPER_RUNS as readonly string[]).includes(how)) {
    return ctx.atNode(value ?? keyNode, `\`knowledge.wait-helpers.${name}\`: expected exec, parent or none, got ${describe(value)}${how ? didYouMean(how, WAIT_HELPER_RUNS) : ""}`);
  }
  const runs: HelperRuns = how === "exec" ? "exec-after-double-dash" : how === "parent" ? "child-after-options" : "none";
  const does = how === "exec" ? "waits, then execs the command after `--`" : how === "parent" ? "waits, then runs the command as its child and stays its parent" : "waits and exits; it runs no command";
  const n = basename(name);
  ctx.config.knowledge.waitHelpers.push({
    id: `configuration:${n}`,
    name: n,
    title: n,
    kind: "unknown",
    urls: [],
    names: [n],
    runs,
    background: [],
    verdict: "non-reaper",
    summary: `declared a wait helper in ${ctx.shown}: ${does}`,
    source,
  });
}

/** A KnowledgeBase with the configuration's images, programs, wrappers and wait helpers ahead of the built-in ones. */
export function knowledgeBase(config: Config): KnowledgeBase {
  const k = config.knowledge;
  return new KnowledgeBase(k.programs, k.images, k.wrappers, k.waitHelpers);
}

function displayPath(cwd: string, file: string): string {
  const rel = path.relative(cwd, file);
  return (rel && !rel.startsWith("..") && !path.isAbsolute(rel) ? rel : file).split(path.sep).join("/");
}

function keyOf(pair: Pair): string | null {
  const k = pair.key;
  if (isScalar(k) && (typeof k.value === "string" || typeof k.value === "number")) return String(k.value);
  return null;
}

function isNull(n: Node | null | undefined): boolean {
  return n === null || n === undefined || (isScalar(n) && n.value === null);
}

function scalarString(n: Node | null | undefined): string | null {
  return n && isScalar(n) && typeof n.value === "string" ? n.value : null;
}

function describe(n: Node | null | undefined): string {
  if (isNull(n)) return "nothing";
  if (isMap(n)) return "a mapping";
  if (isSeq(n)) return "a list";
  if (isScalar(n)) return typeof n.value === "string" ? `\`${n.value}\`` : `${typeof n.value} \`${String(n.value)}\``;
  return "an unsupported value";
}

/** ` (did you mean \`x\`?)` for the closest candidate within a small edit distance, or "". */
export function didYouMean(word: string, candidates: readonly string[]): string {
  let best: string | null = null;
  let bestD = Infinity;
  const w = word.toLowerCase();
  for (const c of candidates) {
    const d = editDistance(w, c.toLowerCase().replace(/_/g, "-")) - (w.replace(/_/g, "-") === c ? 1 : 0);
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  const limit = Math.max(2, Math.min(3, Math.floor(word.length / 3)));
  if (best !== null && bestD <= limit) return ` (did you mean \`${best}\`?)`;
  const prefixed = w.length >= 3 ? candidates.filter((c) => c.toLowerCase().startsWith(w)) : [];
  return prefixed.length === 1 ? ` (did you mean \`${prefixed[0]}\`?)` : "";
}

function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length]!;
}

// ---- ignore globs ---------------------------------------------------------------------------

/**
 * A glob as a regular expression over POSIX paths relative to the config directory:
 * `*` any characters but `/`, `**` any number of directories, `?` one character, `[abc]` / `[!abc]`,
 * `{a,b}` alternatives. As in .gitignore, a pattern with no `/` (other than a trailing one) matches a
 * name at any depth, any other is relative to the base; a trailing `/` matches directories only.
 */
export function globToRegExp(glob: string): { re: RegExp; dirOnly: boolean } {
  let g = glob.trim().replace(/^\.\//, "");
  const dirOnly = g.endsWith("/");
  if (dirOnly) g = g.replace(/\/+$/, "");
  const anchored = g.includes("/");
  g = g.replace(/^\/+/, "");
  let re = "";
  let braces = 0;
  for (let i = 0; i < g.length; i++) {
    const c = g[i]!;
    if (c === "*") {
      if (g[i + 1] === "*") {
        const atStart = i === 0 || g[i - 1] === "/";
        const atEnd = i + 2 === g.length || g[i + 2] === "/";
        if (atStart && atEnd) {
          i += 2;
          // `**/` → zero or more directories; a trailing `**` → everything below
          re += i >= g.length ? ".*" : "(?:.*/)?";
          continue;
        }
        i++;
        re += "[^/]*";
        continue;
      }
      re += "[^/]*";
    } else if (c === "?") re += "[^/]";
    else if (c === "[") {
      const close = g.indexOf("]", i + 2);
      if (close === -1) re += "\\[";
      else {
        let body = g.slice(i + 1, close);
        if (body.startsWith("!")) body = "^" + body.slice(1);
        re += `[${body.replace(/\\/g, "\\\\")}]`;
        i = close;
      }
    } else if (c === "{") {
      braces++;
      re += "(?:";
    } else if (c === "}" && braces > 0) {
      braces--;
      re += ")";
    } else if (c === "," && braces > 0) re += "|";
    else re += c.replace(/[.+^$()|\\\]{}]/g, "\\$&");
  }
  while (braces-- > 0) re += ")";
  return { re: new RegExp(`^${anchored ? "" : "(?:.*/)?"}${re}$`), dirOnly };
}

/**
 * A predicate over absolute paths: whether a file or directory is ignored by `patterns`
 * (relative to `base`). A path is ignored when it or one of its parent directories matches.
 * Paths outside `base` are never ignored.
 */
export function ignoreMatcher(patterns: string[], base: string): ((absPath: string, isDir?: boolean) => boolean) | undefined {
  if (patterns.length === 0) return undefined;
  const compiled = patterns.map(globToRegExp);
  return (absPath, isDir = false) => {
    const rel = path.relative(base, absPath);
    if (!rel || rel.startsWith("..") || path.isAbsolute(rel)) return false;
    const parts = rel.split(path.sep);
    for (let i = 1; i <= parts.length; i++) {
      const p = parts.slice(0, i).join("/");
      const dir = i < parts.length || isDir;
      if (compiled.some((c) => c.re.test(p) && (!c.dirOnly || dir))) return true;
    }
    return false;
  };
}
