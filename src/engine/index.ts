// The engine: discover files, build the model, run the rules, apply severities and suppressions.
import path from "node:path";
import { RULES } from "../../rules/index.js";
import { applyNamedComposeFiles } from "../compose/project.js";
import { discover } from "../discover.js";
import { FileStore } from "../files.js";
import { KnowledgeBase, type HelperEntry, type ImageEntry, type KnowledgeEntry, type WrapperEntry } from "../knowledge/index.js";
import { lintUnitsInWorkers, prestartWorkers, releaseSpareWorkers, workerCount, workerGlobal, type UnitResult, type WorkerSetup } from "./workers.js";
import { buildModel, type ModelInputs, type ProjectModel } from "../model/build.js";
import { positionOf } from "../source.js";
import type { Diagnostic, RuleSetting, Severity, Span, TextEdit } from "../types.js";
import { formatMessage, type Rule, type RuleContext } from "./rule.js";
import { findSuppressions, isSuppressed, suppressionProblems, type Suppression } from "./suppress.js";

export interface LintOptions {
  cwd: string;
  /** per-rule settings: off, or a severity that replaces the rule's */
  rules?: Record<string, RuleSetting>;
  kb?: KnowledgeBase;
  /** report suppressions that matched nothing (info) */
  reportUnusedSuppressions?: boolean;
  /** paths not linted (configuration `ignore`): skipped by discovery, and their findings dropped */
  ignore?: (absPath: string, isDir: boolean) => boolean;
  /** compose files named with -f/--file, merged in order as one project (else COMPOSE_FILE, else discovery) */
  composeFiles?: string[];
}

export interface LintResult {
  diagnostics: Diagnostic[];
  /** the project model; null when a large tree was linted in units (see partition) */
  model: ProjectModel | null;
  /** files linted, relative POSIX paths */
  files: string[];
  inputs: ModelInputs;
  /** usage problems: paths that do not exist */
  missing: { path: string; message: string }[];
  /** files reached by several paths (symbolic links): the path findings use → the other paths (absolute) */
  aliases: Record<string, string[]>;
}

export const UNUSED_SUPPRESSION = "unused-suppression";

export function allRules(): Rule[] {
  return RULES;
}

export async function lint(paths: string[], options: LintOptions, store?: FileStore, inputs?: ModelInputs): Promise<LintResult> {
  const cwd = options.cwd;
  const roots = paths.length ? paths : ["."];
  // inputs given (the fixer's later passes, tests): their aliases, and those the store met
  const given = inputs as (ModelInputs & { aliases?: Record<string, string[]> }) | undefined;
  // a tree large enough to be linted in units by worker threads: the workers start while the walk goes on
  const mayUseWorkers = !store && !inputs && !options.composeFiles?.length;
  const onListed = mayUseWorkers ? (n: number): void => void (n >= UNIT_THRESHOLD && prestartWorkers()) : undefined;
  const found = given ? { ...given, missing: [], aliases: { ...given.aliases, ...store?.knownAliases() } } : applyNamedComposeFiles(discover(cwd, roots, options.ignore, onListed), cwd, paths, options.composeFiles);
  const aliases = found.aliases;
  const allInputs: ModelInputs = { composeFiles: found.composeFiles, composeProjects: found.composeProjects, dockerfiles: found.dockerfiles, runCallers: found.runCallers, extras: found.extras, buildFiles: found.buildFiles };
  const kb = options.kb ?? new KnowledgeBase();
  const units = store || inputs || options.composeFiles?.length ? null : partition(allInputs, cwd, roots);
  if (units) {
    // a large tree of independent projects: one model at a time keeps memory flat (the fixer never batches)
    const diagnostics: Diagnostic[] = [];
    const linted: string[] = [];
    const workers = workerCount(units.length);
    if (workers === 0) releaseSpareWorkers();
    if (workers > 0) {
      const setup: WorkerSetup = { cwd, roots, rules: options.rules ?? {}, reportUnusedSuppressions: options.reportUnusedSuppressions, knowledge: { programs: kb.extraPrograms, images: kb.extraImages, wrappers: kb.extraWrappers, waitHelpers: kb.extraWaitHelpers }, aliases };
      for (const r of await lintUnitsInWorkers(units, setup, workers, (unit) => lintUnit(unit, { ...options, kb }, roots, aliases))) {
        // the configuration's ignore is a function: applied here, to what the workers found
        diagnostics.push(...(options.ignore ? r.diagnostics.filter((d) => !options.ignore!(d.path, false)) : r.diagnostics));
        linted.push(...r.linted);
      }
    } else {
      for (const unit of units) {
        const r = await lintUnit(unit, { ...options, kb }, roots, aliases);
        diagnostics.push(...r.diagnostics);
        linted.push(...r.linted);
      }
      lintedInThisThread();
    }
    // a file reached from two units (a link in one, the file in the other) is named alike in both: once
    return { diagnostics: sortDiagnostics(dedupe(diagnostics)), model: null, files: linted, inputs: allInputs, missing: found.missing, aliases };
  }
  releaseSpareWorkers();
  const files = store ?? new FileStore(cwd, roots);
  nameFiles(files, allInputs, aliases);
  const model = await buildModel(found, files, kb);
  const diagnostics = runRules(model, options);
  const linted = unitFiles(allInputs).map((f) => files.get(f)?.rel ?? relPosix(cwd, f));
  lintedInThisThread();
  return { diagnostics, model, files: linted, inputs: allInputs, missing: found.missing, aliases: files.knownAliases() };
}

/**
 * Tells the launcher (src/launcher/cli-launcher.cjs) that this thread ran the linter itself: the V8 code cache it
 * writes at exit then holds the linter's compiled code. A run that only printed help, or whose units all went to
 * worker threads, would write a cache without it, and every later start would compile that code again.
 */
function lintedInThisThread(): void {
  (globalThis as { __composeLintLinted?: boolean }).__composeLintLinted = true;
}

/**
 * Names the files of a run before the model reads them: a file reached by several paths is known by the
 * path discovery listed (named on the command line, or the first found), whatever path a Dockerfile or a
 * script reaches it by later.
 */
function nameFiles(files: FileStore, inputs: ModelInputs, aliases: Record<string, string[]>): void {
  for (const f of unitFiles(inputs)) files.name(f);
  for (const [f, others] of Object.entries(aliases)) {
    files.name(f);
    for (const o of others) files.name(o);
  }
}

/** Lints one unit of a partitioned tree with a model of its own. */
export async function lintUnit(unit: ModelInputs, options: LintOptions & { kb: KnowledgeBase }, roots: string[], aliases: Record<string, string[]> = {}): Promise<UnitResult> {
  const files = new FileStore(options.cwd, roots);
  nameFiles(files, unit, aliases);
  const model = await buildModel(unit, files, options.kb);
  const diagnostics = runRules(model, options);
  const linted = unitFiles(unit).map((f) => files.get(f)?.rel ?? relPosix(options.cwd, f));
  collectGarbage();
  return { diagnostics, linted };
}

/** The worker side: lints the units the main thread sends, one at a time. */
export function serveUnits(port: { on(e: "message", f: (m: { setup: WorkerSetup } | { index: number; unit: ModelInputs }) => void): void; postMessage(m: unknown): void }): void {
  // the first message is the run's setup (the worker may have started before it was known)
  let setup: WorkerSetup | null = null;
  let options: LintOptions & { kb: KnowledgeBase };
  port.on("message", (m) => {
    if ("setup" in m) {
      setup = m.setup;
      const kb = new KnowledgeBase(setup.knowledge.programs as KnowledgeEntry[], setup.knowledge.images as ImageEntry[], setup.knowledge.wrappers as WrapperEntry[], setup.knowledge.waitHelpers as HelperEntry[]);
      options = { cwd: setup.cwd, rules: setup.rules, reportUnusedSuppressions: setup.reportUnusedSuppressions, kb };
      return;
    }
    if (!setup) {
      port.postMessage({ index: m.index, error: "a unit came before the worker's setup" });
      return;
    }
    lintUnit(m.unit, options, setup.roots, setup.aliases).then(
      (result) => port.postMessage({ index: m.index, result }),
      (e: unknown) => port.postMessage({ index: m.index, error: (e as Error)?.stack ?? String(e) }),
    );
  });
}

/** Heap in use above which a finished unit's garbage is collected at once (when the launcher exposed a collector). */
const GC_ABOVE_BYTES = 64 * 1024 * 1024;

/** The heap in use above which the next unit's garbage is collected (see collectGarbage). */
let collectAbove = GC_ABOVE_BYTES;

function collectGarbage(): void {
  const gc = (globalThis as { __composeLintGc?: () => void }).__composeLintGc;
  // workers have a bounded heap (resourceLimits) and collect on their own
  if (workerGlobal() || typeof gc !== "function" || process.memoryUsage().heapUsed <= collectAbove) return;
  gc();
  // what a collection leaves is live (the findings kept so far): the next one waits until as much again has
  // come on top, or a run that keeps many findings would collect its whole heap after every unit
  collectAbove = Math.max(GC_ABOVE_BYTES, 2 * process.memoryUsage().heapUsed);
}

function unitFiles(u: ModelInputs): string[] {
  return [...u.composeFiles, ...u.dockerfiles, ...u.runCallers, ...(u.extras ?? [])];
}

function relPosix(cwd: string, f: string): string {
  return path.relative(cwd, f).split(path.sep).join("/");
}

/** Files per unit before a tree is linted in units. */
export const UNIT_THRESHOLD = 400;
const UNIT_TARGET_FILES = 150;

/**
 * Splits a large tree into units that can be linted independently: the top-level directories under
 * each linted root, batched to about UNIT_TARGET_FILES files. Only when no compose file sits at a root
 * itself (it could build any subdirectory) and no compose file is merged across directories.
 */
export function partition(inputs: ModelInputs, cwd: string, roots: string[]): ModelInputs[] | null {
  const all = unitFiles(inputs);
  if (all.length < UNIT_THRESHOLD || inputs.composeProjects?.some((g) => new Set(g.map((f) => path.dirname(f))).size > 1)) return null;
  const absRoots = roots.map((r) => path.resolve(cwd, r));
  const prefixes = absRoots.map((r) => (r.endsWith(path.sep) ? r : r + path.sep));
  // the paths here are absolute and normalised (discovery builds them under the resolved roots): a prefix test
  // and one search for the next separator name a file's top-level directory (path.relative per file cost ~10x more)
  const keyOf = (f: string): string | null => {
    for (let i = 0; i < absRoots.length; i++) {
      if (f === absRoots[i]) return null;
      const prefix = prefixes[i]!;
      if (!f.startsWith(prefix)) continue;
      const end = f.indexOf(path.sep, prefix.length);
      return end === -1 ? null : `${absRoots[i]}\0${f.slice(prefix.length, end)}`;
    }
    return null;
  };
  if (inputs.composeFiles.some((f) => keyOf(f) === null)) return null;
  const groups = new Map<string, ModelInputs>();
  const unit = (f: string): ModelInputs => {
    const k = keyOf(f) ?? "";
    let u = groups.get(k);
    if (!u) groups.set(k, (u = { composeFiles: [], composeProjects: [], dockerfiles: [], runCallers: [], extras: [] }));
    return u;
  };
  for (const f of inputs.composeFiles) unit(f).composeFiles.push(f);
  for (const g of inputs.composeProjects ?? []) unit(g[0]!).composeProjects!.push(g);
  for (const f of inputs.dockerfiles) unit(f).dockerfiles.push(f);
  for (const f of inputs.runCallers) unit(f).runCallers.push(f);
  for (const f of inputs.extras ?? []) unit(f).extras!.push(f);
  // image provenance: every unit sees the tree's workflows and bake/CI files (a workflow builds images anywhere in it)
  const provenanceSources = [...(inputs.extras ?? []), ...(inputs.buildFiles ?? [])];
  const out: ModelInputs[] = [];
  let cur: ModelInputs | null = null;
  // the files of the unit being filled (what unitFiles(cur) would count)
  let curFiles = 0;
  for (const u of groups.values()) {
    if (!inputs.composeProjects) delete u.composeProjects;
    if (!cur || curFiles >= UNIT_TARGET_FILES) {
      cur = { composeFiles: [], dockerfiles: [], runCallers: [], extras: [], provenanceSources, ...(inputs.composeProjects ? { composeProjects: [] } : {}) };
      out.push(cur);
      curFiles = 0;
    }
    curFiles += u.composeFiles.length + u.dockerfiles.length + u.runCallers.length + (u.extras?.length ?? 0);
    cur.composeFiles.push(...u.composeFiles);
    cur.composeProjects?.push(...(u.composeProjects ?? []));
    cur.dockerfiles.push(...u.dockerfiles);
    cur.runCallers.push(...u.runCallers);
    cur.extras!.push(...(u.extras ?? []));
  }
  return out.length > 1 ? out : null;
}

export function runRules(model: ProjectModel, options: LintOptions): Diagnostic[] {
  const out: Diagnostic[] = [];
  const settings = options.rules ?? {};
  for (const rule of RULES) {
    const setting = settings[rule.meta.id];
    if (setting === "off") continue;
    const ctx: RuleContext = {
      model,
      wantsFixes: true,
      file: (p) => model.files.get(p),
      line: (span) => {
        const f = model.files.get(span.file);
        return f ? positionOf(f, span.start).line : 1;
      },
      report(r) {
        const severity: Severity = setting ?? r.severity ?? rule.meta.defaultSeverity;
        const message = formatMessage(rule.meta.messages[r.messageId] ?? r.messageId, r.data);
        const d = toDiagnostic(model, rule.meta.id, severity, message + aliasNote(model, r.at.file), r.at);
        if (!d) return;
        d.fix = r.fix ?? null;
        if (r.noFixReason) d.noFixReason = r.noFixReason;
        out.push(d);
      },
    };
    try {
      rule.check(ctx);
    } catch (e) {
      throw new Error(`rule ${rule.meta.id} failed: ${(e as Error).stack ?? String(e)}`);
    }
  }
  // ignored files (configuration), then suppressions
  const ignore = options.ignore;
  const linted = ignore ? out.filter((d) => !ignore(d.path, false)) : out;
  const sups: Suppression[] = [];
  for (const f of model.files.files()) if (!ignore?.(f.path, false)) sups.push(...findSuppressions(f, RULES));
  const kept = sups.length ? linted.filter((d) => !isSuppressed(d, sups)) : linted;
  if (kept.length < linted.length) {
    // one edit may fix several findings (a mapping other services merge): not when one of them is suppressed
    const shown = new Set(kept);
    const held = new Set(linted.filter((d) => d.fix && !shown.has(d)).map((d) => editsKey(d.fix!.edits)));
    for (const d of kept) {
      if (d.fix && held.has(editsKey(d.fix.edits))) {
        d.fix = null;
        d.noFixReason = "its fix is also that of a finding suppressed here: it would change what the suppression keeps";
      }
    }
  }
  if (options.reportUnusedSuppressions !== false && settings[UNUSED_SUPPRESSION] !== "off") {
    for (const p of suppressionProblems(sups, RULES, settings)) {
      const d = toDiagnostic(model, UNUSED_SUPPRESSION, (settings[UNUSED_SUPPRESSION] as Severity | undefined) ?? "info", p.message + aliasNote(model, p.span.file), p.span);
      if (d) kept.push(d);
    }
  }
  return sortDiagnostics(dedupe(kept));
}

/** ` (also reached as a, b)` when other paths (symbolic links) reach the file: its findings are listed once, under one name. */
function aliasNote(model: ProjectModel, file: string): string {
  const others = model.files.aliases(file);
  if (!others.length) return "";
  return ` (also reached as ${others.map((o) => `\`${relPosix(model.cwd, o)}\``).join(", ")})`;
}

function toDiagnostic(model: ProjectModel, rule: string, severity: Severity, message: string, at: Span): Diagnostic | null {
  const f = model.files.get(at.file);
  if (!f) {
    return { rule, severity, message, path: at.file, file: path.relative(model.cwd, at.file).split(path.sep).join("/") || at.file, line: 1, column: 1, endLine: 1, endColumn: 1, span: at, fix: null };
  }
  const s = positionOf(f, at.start);
  const e = positionOf(f, Math.max(at.end, at.start));
  return { rule, severity, message, path: f.path, file: f.rel, line: s.line, column: s.column, endLine: e.line, endColumn: e.column, span: at, fix: null };
}

/** The identity of a fix's edits: two fixes with the same key make the same change. */
export function editsKey(edits: TextEdit[]): string {
  return JSON.stringify(edits.map((e) => [e.file, e.start, e.end, e.newText]).sort());
}

/**
 * One finding per rule, place and message, and per rule, place and change: a file reached from two units
 * is named alike in both; a service that several projects load (its file with an override, with an overlay)
 * is reported once when the fixes are the same edits (the more severe finding is kept, the first of equals).
 * Exported for tests.
 */
export function dedupe(ds: Diagnostic[]): Diagnostic[] {
  // keyed first by place (rule, file, line, column): most places hold one finding, and the keys with the message
  // and the fix, long strings, are built only where a place holds several
  const places = new Map<string, { first: Diagnostic; at: number; kept: Map<string, number> | null }>();
  const out: Diagnostic[] = [];
  const keysOf = (d: Diagnostic, place: string): string[] => [`${place}\0message\0${d.message}`, ...(d.fix ? [`${place}\0fix\0${editsKey(d.fix.edits)}`] : [])];
  for (const d of ds) {
    const place = `${d.rule}\0${d.path}\0${d.line}\0${d.column}`;
    const seen = places.get(place);
    if (!seen) {
      places.set(place, { first: d, at: out.length, kept: null });
      out.push(d);
      continue;
    }
    if (!seen.kept) seen.kept = new Map(keysOf(seen.first, place).map((k) => [k, seen.at]));
    const kept = seen.kept;
    const keys = keysOf(d, place);
    const at = keys.map((k) => kept.get(k)).find((i) => i !== undefined);
    if (at === undefined) {
      for (const k of keys) kept.set(k, out.length);
      out.push(d);
      continue;
    }
    for (const k of keys) kept.set(k, at);
    if (WEIGHT[d.severity] > WEIGHT[out[at]!.severity]) out[at] = d;
  }
  return out;
}

const WEIGHT: Record<Severity, number> = { error: 3, warning: 2, info: 1 };

export function sortDiagnostics(ds: Diagnostic[]): Diagnostic[] {
  return ds.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0)));
}
