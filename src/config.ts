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
import fs from "node:fs";
import path from "node:path";
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, type Pair } from "yaml";
import { imageRepository, KnowledgeBase, basename, type ImageEntry, type KnowledgeEntry } from "./knowledge/index.js";
import type { RuleSetting } from "./types.js";

export const CONFIG_NAMES = [".compose-lint.yaml", ".compose-lint.yml"] as const;
export const RULE_SETTINGS = ["off", "info", "warning", "error"] as const;
export const FAIL_ON = ["error", "warning", "info", "never"] as const;
export const KNOWLEDGE_VERDICTS = ["init", "reaper", "non-reaper", "s6"] as const;
const TOP_KEYS = ["rules", "ignore", "fail-on", "max-warnings", "knowledge"] as const;
const KNOWLEDGE_KEYS = ["images", "programs"] as const;

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
  knowledge: { images: ImageEntry[]; programs: KnowledgeEntry[] };
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
  return { file: null, base, rules: {}, ignore: [], knowledge: { images: [], programs: [] } };
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
  const atNode = (node: Node | null | undefined, message: string): void => at(node?.range?.[0] ?? 0, message);
  for (const e of doc.errors) at(e.pos[0], `invalid YAML: ${e.message.split("\n")[0]}`);
  if (problems.length) throw new ConfigError(problems);

  const root = doc.contents;
  if (root === null || (isScalar(root) && (root.value === null || root.value === undefined))) return config;
  if (!isMap(root)) {
    atNode(root, "the configuration must be a mapping of keys (rules, ignore, fail-on, max-warnings, knowledge)");
    throw new ConfigError(problems);
  }

  for (const pair of root.items) {
    const key = keyOf(pair);
    const value = pair.value as Node | null;
    if (key === null) {
      atNode(pair.key as Node, "keys must be plain strings");
      continue;
    }
    switch (key) {
      case "rules": {
        if (isNull(value)) break;
        if (!isMap(value)) {
          atNode(value ?? (pair.key as Node), "`rules` must be a mapping of rule id to off, info, warning or error");
          break;
        }
        for (const rp of value.items) {
          const id = keyOf(rp);
          if (id === null) {
            atNode(rp.key as Node, "rule ids must be plain strings");
            continue;
          }
          if (options.knownRules && !options.knownRules.includes(id)) {
            atNode(rp.key as Node, `unknown rule \`${id}\`${didYouMean(id, options.knownRules)} (see compose-lint --list-rules)`);
            continue;
          }
          const v = scalarString(rp.value as Node | null);
          if (v === null || !(RULE_SETTINGS as readonly string[]).includes(v)) {
            atNode((rp.value as Node | null) ?? (rp.key as Node), `rule \`${id}\`: expected off, info, warning or error, got ${describe(rp.value as Node | null)}${v ? didYouMean(v, RULE_SETTINGS) : ""}`);
            continue;
          }
          config.rules[id] = v as RuleSetting;
        }
        break;
      }
      case "ignore": {
        if (isNull(value)) break;
        if (!isSeq(value)) {
          atNode(value ?? (pair.key as Node), "`ignore` must be a list of glob patterns");
          break;
        }
        for (const item of value.items as (Node | null)[]) {
          const g = scalarString(item);
          if (g === null || g.trim() === "") {
            atNode(item ?? value, `\`ignore\`: expected a glob pattern, got ${describe(item)}`);
            continue;
          }
          config.ignore.push(g);
        }
        break;
      }
      case "fail-on": {
        const v = scalarString(value);
        if (v === null || !(FAIL_ON as readonly string[]).includes(v)) {
          atNode(value ?? (pair.key as Node), `\`fail-on\`: expected error, warning, info or never, got ${describe(value)}${v ? didYouMean(v, FAIL_ON) : ""}`);
          break;
        }
        config.failOn = v as FailOn;
        break;
      }
      case "max-warnings": {
        const v = isScalar(value) ? value.value : undefined;
        if (typeof v !== "number" || !Number.isInteger(v) || v < 0) {
          atNode(value ?? (pair.key as Node), `\`max-warnings\`: expected a whole number (0 or more), got ${describe(value)}`);
          break;
        }
        config.maxWarnings = v;
        break;
      }
      case "knowledge": {
        if (isNull(value)) break;
        if (!isMap(value)) {
          atNode(value ?? (pair.key as Node), "`knowledge` must be a mapping with `images` and/or `programs`");
          break;
        }
        for (const kp of value.items) {
          const k = keyOf(kp);
          const kv = kp.value as Node | null;
          if (k !== "images" && k !== "programs") {
            atNode(kp.key as Node, `unknown key \`knowledge.${k ?? "?"}\`${k ? didYouMean(k, KNOWLEDGE_KEYS) : ""}; expected images or programs`);
            continue;
          }
          if (isNull(kv)) continue;
          if (!isMap(kv)) {
            atNode(kv ?? (kp.key as Node), `\`knowledge.${k}\` must be a mapping of ${k === "images" ? "image" : "program"} name to init, reaper, non-reaper or s6`);
            continue;
          }
          for (const ep of kv.items) {
            const name = keyOf(ep);
            if (name === null || name.trim() === "") {
              atNode(ep.key as Node, `\`knowledge.${k}\`: names must be non-empty strings`);
              continue;
            }
            const verdict = scalarString(ep.value as Node | null);
            if (verdict === null || !(KNOWLEDGE_VERDICTS as readonly string[]).includes(verdict)) {
              atNode((ep.value as Node | null) ?? (ep.key as Node), `\`knowledge.${k}.${name}\`: expected init, reaper, non-reaper or s6, got ${describe(ep.value as Node | null)}${verdict ? didYouMean(verdict, KNOWLEDGE_VERDICTS) : ""}`);
              continue;
            }
            const keyNode = ep.key as Node;
            const pos = lc.linePos(keyNode.range?.[0] ?? 0);
            const source = `configuration: ${shown}:${pos.line}`;
            if (k === "images") {
              const pattern = name.endsWith("/*") ? name.toLowerCase() : imageRepository(name);
              config.knowledge.images.push({ name: pattern, verdict: verdict as KnowledgeVerdict, program: `the image's command (declared ${verdict} in ${shown})`, source });
            } else {
              config.knowledge.programs.push({ name: basename(name), verdict: verdict as KnowledgeVerdict, note: `declared ${verdict} in ${shown}`, source });
            }
          }
        }
        break;
      }
      default:
        atNode(pair.key as Node, `unknown key \`${key}\`${didYouMean(key, TOP_KEYS)}; expected one of ${TOP_KEYS.join(", ")}`);
    }
  }
  if (problems.length) throw new ConfigError(problems);
  return config;
}

/** A KnowledgeBase with the configuration's images and programs ahead of the built-in ones. */
export function knowledgeBase(config: Config): KnowledgeBase {
  return new KnowledgeBase(config.knowledge.programs, config.knowledge.images);
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
