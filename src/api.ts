// The programmatic API (package entry point): lint or fix paths the way the CLI does, without a process.
//
//   import { lint, fix } from "compose-lint";
//   const result = await lint(["."], { cwd: "/repo" });
//   for (const d of result.diagnostics) console.log(`${d.file}:${d.line} ${d.rule} ${d.message}`);
//
// `diagnostics` have the shape of `--format json` (the stable contract); `raw` are the engine's own objects
// (absolute paths, offsets, fix edits), which may change between minor versions.
// The exported types are declared here in full (no internal imports) so that the published api.d.ts stands alone.
import path from "node:path";
import { ConfigError, emptyConfig, ignoreMatcher, knowledgeBase, loadConfig, parseConfig, type Config } from "./config.js";
import { allRules, lint as engineLint, UNUSED_SUPPRESSION } from "./engine/index.js";
import { toJsonDiagnostic as jsonShape } from "./report/json.js";
import type { Diagnostic } from "./types.js";
import { VERSION } from "./version.js";

export type Severity = "error" | "warning" | "info";
export type RuleSetting = Severity | "off";
export type FailOn = Severity | "never";
export type KnowledgeVerdict = "init" | "reaper" | "non-reaper" | "s6";

export interface LintApiOptions {
  /** working directory: paths, `file` in results and the configuration search start here (default: process.cwd()) */
  cwd?: string;
  /**
   * configuration file: a path (relative to cwd), or false for none. By default the nearest
   * `.compose-lint.yaml` / `.compose-lint.yml` from cwd upwards is used.
   */
  config?: string | false;
  /** rule settings, over the configuration's */
  rules?: Record<string, RuleSetting>;
  /** more glob patterns of paths not linted, relative to cwd (the configuration's `ignore` applies too) */
  ignore?: string[];
  /** what your images and programs do as PID 1, ahead of the configuration's and the built-in knowledge */
  knowledge?: { images?: Record<string, KnowledgeVerdict>; programs?: Record<string, KnowledgeVerdict> };
  /**
   * compose files merged in order as one project, like `docker compose -f a.yaml -f b.yaml` (relative to cwd);
   * by default each directory's compose file with its override, or COMPOSE_FILE (as `--file` in the CLI)
   */
  composeFiles?: string[];
}

export interface FixApiOptions extends LintApiOptions {
  /** apply unsafe fixes too (default false) */
  unsafe?: boolean;
  /** compute the changes but write nothing (default false) */
  dryRun?: boolean;
}

/** A diagnostic as `--format json` prints it: paths relative to cwd (POSIX), 1-based positions, endColumn exclusive. */
export interface JsonDiagnostic {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  rule: string;
  severity: Severity;
  message: string;
  fix: null | { safety: "safe" | "unsafe"; title: string };
}

/** The engine's diagnostic: the JSON fields plus the absolute path, the span and the fix's text edits. */
export interface RawDiagnostic extends Omit<JsonDiagnostic, "fix"> {
  /** absolute path */
  path: string;
  span: { file: string; start: number; end: number };
  fix: null | { safety: "safe" | "unsafe"; title: string; edits: { file: string; start: number; end: number; newText: string }[] };
  noFixReason?: string;
}

export interface LintOutput {
  /** findings in the JSON contract's shape, sorted by file and position */
  diagnostics: JsonDiagnostic[];
  /** the same findings as the engine produced them */
  raw: RawDiagnostic[];
  /** files linted, relative to cwd (POSIX) */
  files: string[];
  counts: Record<Severity, number>;
  /** the configuration file that was used (absolute), or null */
  configFile: string | null;
  /** the configuration's fail-on and max-warnings (undefined when not set) */
  failOn?: FailOn;
  maxWarnings?: number;
}

export interface FixOutput extends LintOutput {
  /**
   * the fixes applied and written (or, with dryRun, that would be), follow-on fixes of later passes included;
   * `line` is the finding's line in the file as it was before any fix (`addedLine`: the finding lies in a
   * line a fix added, at that line); `followOn`: found only after earlier fixes
   */
  applied: { rule: string; title: string; file: string; line: number; addedLine: boolean; followOn: boolean; pass: number }[];
  /** files changed and written (or, with dryRun, that would be), with their text before and after */
  changes: { path: string; file: string; before: string; after: string }[];
  /** fixes not written: `kind` says why (`would-break-parsing`, `changed-on-disk`, `write-failed`) */
  refused: { file: string; reason: string; kind: "would-break-parsing" | "changed-on-disk" | "write-failed" }[];
  /** findings with a fix of the wanted safety that the first lint reported */
  fixableAtStart: number;
  /** fixable findings still there, with the reason (line: in the original file) */
  unfixed: { rule: string; title: string; file: string; line: number; reason: string }[];
  /** fixable findings of the first lint that another fix resolved */
  resolvedByOthers: number;
}

/** A problem with the arguments: a path that does not exist, or a configuration file with errors (`problems`). */
export class ComposeLintUsageError extends Error {
  constructor(
    message: string,
    readonly problems: { file: string; line: number; column: number; message: string }[] = [],
  ) {
    super(message);
    this.name = "ComposeLintUsageError";
  }
}

export const version: string = VERSION;

/** The ids of every rule (and `unused-suppression`). */
export function ruleIds(): string[] {
  return [...allRules().map((r) => r.meta.id), UNUSED_SUPPRESSION];
}

/** Lints files and directories (default: cwd) as `compose-lint [paths]` does. Writes nothing. */
export async function lint(paths: string[] = [], options: LintApiOptions = {}): Promise<LintOutput> {
  const { cwd, config, engine } = prepare(options);
  const r = await engineLint(paths, { cwd, ...engine });
  checkMissing(cwd, r.missing);
  return output(r.diagnostics, r.files, config);
}

/** Applies safe fixes (and unsafe ones with `unsafe: true`) as `compose-lint --fix` does, then returns what remains. */
export async function fix(paths: string[] = [], options: FixApiOptions = {}): Promise<FixOutput> {
  const { cwd, config, engine } = prepare(options);
  const { fix: engineFix } = await import("./fix/apply.js");
  const r = await engineFix(paths, { cwd, ...engine, unsafe: Boolean(options.unsafe), dryRun: Boolean(options.dryRun) });
  checkMissing(cwd, r.remaining.missing);
  return {
    ...output(r.remaining.diagnostics, r.remaining.files, config),
    applied: r.applied.map((a) => ({ rule: a.rule, title: a.title, file: a.file, line: a.line, addedLine: a.addedLine, followOn: a.followOn, pass: a.pass })),
    changes: r.changes.map((c) => ({ path: c.path, file: c.rel, before: c.before, after: c.after })),
    refused: r.refused.map((f) => ({ file: f.file, reason: f.reason, kind: f.kind })),
    fixableAtStart: r.fixableAtStart,
    unfixed: r.unfixed.map((u) => ({ rule: u.rule, title: u.title, file: u.file, line: u.line, reason: u.reason })),
    resolvedByOthers: r.resolvedByOthers,
  };
}

/**
 * Whether a result fails a run, as the CLI's exit code decides: any finding at or above `failOn`
 * (default: the configuration's, else warning), or more warnings than `maxWarnings`.
 */
export function failed(result: Pick<LintOutput, "diagnostics" | "failOn" | "maxWarnings">, failOn?: FailOn, maxWarnings?: number): boolean {
  const level = failOn ?? result.failOn ?? "warning";
  const max = maxWarnings ?? result.maxWarnings;
  const rank: Record<Severity, number> = { info: 0, warning: 1, error: 2 };
  const warnings = result.diagnostics.filter((d) => d.severity === "warning").length;
  const tooMany = max !== undefined && warnings > max;
  if (max !== undefined && level === "warning") return tooMany || result.diagnostics.some((d) => d.severity === "error");
  const threshold = level === "never" ? Infinity : rank[level];
  return tooMany || result.diagnostics.some((d) => rank[d.severity] >= threshold);
}

/** The `--format json` shape of one engine diagnostic. */
export function toJsonDiagnostic(d: RawDiagnostic): JsonDiagnostic {
  return jsonShape(d as Diagnostic);
}

function prepare(options: LintApiOptions): {
  cwd: string;
  config: Config;
  engine: { rules: Record<string, RuleSetting>; kb: ReturnType<typeof knowledgeBase>; ignore?: (p: string, isDir: boolean) => boolean; composeFiles?: string[] };
} {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  let config: Config;
  try {
    config = options.config === false ? emptyConfig(cwd) : loadConfig({ cwd, file: options.config, knownRules: ruleIds() });
  } catch (e) {
    if (e instanceof ConfigError) throw new ComposeLintUsageError(e.message, e.problems);
    throw e;
  }
  const known = new Set(ruleIds());
  for (const [id, v] of Object.entries(options.rules ?? {})) {
    if (!known.has(id)) throw new ComposeLintUsageError(`unknown rule \`${id}\``);
    if (!["off", "info", "warning", "error"].includes(v)) throw new ComposeLintUsageError(`rule \`${id}\`: expected off, info, warning or error, got \`${String(v)}\``);
  }
  const extra = options.knowledge;
  if (extra) {
    const text = [
      "knowledge:",
      "  images:",
      ...Object.entries(extra.images ?? {}).map(([k, v]) => `    ${JSON.stringify(k)}: ${JSON.stringify(v)}`),
      "  programs:",
      ...Object.entries(extra.programs ?? {}).map(([k, v]) => `    ${JSON.stringify(k)}: ${JSON.stringify(v)}`),
    ].join("\n");
    let k: Config;
    try {
      k = parseConfig(text, { file: path.join(cwd, "options.knowledge"), shown: "options.knowledge" });
    } catch (e) {
      if (e instanceof ConfigError) throw new ComposeLintUsageError(e.problems.map((p) => p.message).join("; "));
      throw e;
    }
    config = { ...config, knowledge: { ...config.knowledge, images: [...k.knowledge.images, ...config.knowledge.images], programs: [...config.knowledge.programs, ...k.knowledge.programs] } };
  }
  const fromConfig = ignoreMatcher(config.ignore, config.base);
  const fromOptions = ignoreMatcher(options.ignore ?? [], cwd);
  const ignore = fromConfig && fromOptions ? (p: string, d: boolean) => fromConfig(p, d) || fromOptions(p, d) : (fromConfig ?? fromOptions);
  const engine = { rules: { ...config.rules, ...(options.rules ?? {}) }, kb: knowledgeBase(config), ...(ignore ? { ignore } : {}), ...(options.composeFiles?.length ? { composeFiles: options.composeFiles } : {}) };
  return { cwd, config, engine };
}

function checkMissing(cwd: string, missing: { path: string; message: string }[]): void {
  if (missing.length) {
    const m = missing[0]!;
    throw new ComposeLintUsageError(`${path.relative(cwd, m.path) || m.path}: ${m.message}`);
  }
}

function output(ds: Diagnostic[], files: string[], config: Config): LintOutput {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const d of ds) counts[d.severity]++;
  const raw: RawDiagnostic[] = ds;
  return {
    diagnostics: ds.map(toJsonDiagnostic),
    raw,
    files,
    counts,
    configFile: config.file,
    ...(config.failOn ? { failOn: config.failOn } : {}),
    ...(config.maxWarnings !== undefined ? { maxWarnings: config.maxWarnings } : {}),
  };
}
