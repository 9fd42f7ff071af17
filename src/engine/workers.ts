// Worker threads for large trees: the units of partition() are linted in parallel, one unit at a time per
// worker, and the diagnostics are put back in unit order, so the output is the same as a serial run.
// Only from the bundle (the launcher names the file a worker runs), with more than one core, and when
// COMPOSE_LINT_WORKERS is not 0.
import type { MessagePort, Worker as WorkerThread } from "node:worker_threads";
import type { ModelInputs } from "../model/build.js";
import type { Diagnostic, RuleSetting } from "../types.js";

export const WORKER_MARK = "compose-lint-unit-worker";

/** What a worker is given: the launcher it starts the bundle with (its setup comes as the first message, see startWorker). */
export interface WorkerData {
  mark: typeof WORKER_MARK;
  launcher: string;
}

/** Set in a worker thread by WORKER_BOOT before the bundle runs: how src/cli.ts knows it serves units. */
export interface WorkerGlobal {
  workerData: WorkerData;
  parentPort: MessagePort;
}

/**
 * The code a worker thread runs: the launcher (src/launcher/cli-launcher.cjs), told it is in a worker, so the
 * bundle is compiled exactly as in the main thread and V8 accepts the launcher's code cache.
 */
const WORKER_BOOT = `"use strict";
const wt = require("node:worker_threads");
globalThis.__composeLintWorker = { workerData: wt.workerData, parentPort: wt.parentPort };
require(wt.workerData.launcher);
`;

/** The worker thread's data when this code runs in a worker started by lintUnitsInWorkers, else undefined. */
export function workerGlobal(): WorkerGlobal | undefined {
  const w = (globalThis as { __composeLintWorker?: WorkerGlobal }).__composeLintWorker;
  return w?.workerData?.mark === WORKER_MARK ? w : undefined;
}

export interface WorkerSetup {
  cwd: string;
  roots: string[];
  rules: Record<string, RuleSetting>;
  reportUnusedSuppressions?: boolean;
  knowledge: { programs: unknown[]; images: unknown[]; wrappers: unknown[]; waitHelpers: unknown[] };
  /** files reached by several paths: named alike in every unit (see Discovered.aliases) */
  aliases: Record<string, string[]>;
}

export interface UnitResult {
  diagnostics: Diagnostic[];
  linted: string[];
}

/** How many workers to use for this many units (0: lint in this thread). */
export function workerCount(units: number): number {
  const launcher = (globalThis as { __composeLintLauncher?: string }).__composeLintLauncher;
  const setting = process.env.COMPOSE_LINT_WORKERS;
  if (!launcher || setting === "0" || units < 4) return 0;
  // node:os is loaded here, not at start-up: a small run never needs it
  const os = process.getBuiltinModule("node:os");
  const cores = typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length;
  const wanted = setting && /^\d+$/.test(setting) ? Number(setting) : cores;
  return Math.max(0, Math.min(wanted, units, 8, cores > 1 ? cores : 0));
}

/** The old-generation heap of each worker, in MiB (COMPOSE_LINT_WORKER_HEAP_MB overrides it, for tests). */
export const WORKER_HEAP_MB = Number(process.env.COMPOSE_LINT_WORKER_HEAP_MB) > 0 ? Number(process.env.COMPOSE_LINT_WORKER_HEAP_MB) : 96;
/**
 * The young generation of each worker, in MiB (COMPOSE_LINT_WORKER_YOUNG_MB overrides it, for measurements). On the
 * 1,000-project corpus, 8 against 16: peak RSS 243–247 MB against 262–278 MB, wall time within the noise (+0–5 %).
 */
export const WORKER_YOUNG_MB = Number(process.env.COMPOSE_LINT_WORKER_YOUNG_MB) > 0 ? Number(process.env.COMPOSE_LINT_WORKER_YOUNG_MB) : 8;

/**
 * A worker started before its setup is known: a worker's start (reading and compiling the bundle, ~0.2 s) needs
 * no setup, so a large run starts them while discovery still walks the tree (prestartWorkers).
 * Its setup is its first message; units follow.
 */
function startWorker(): WorkerThread {
  const launcher = (globalThis as { __composeLintLauncher?: string }).__composeLintLauncher!;
  // loaded here, not at start: most runs use no worker (the module costs milliseconds of every start)
  const { Worker } = process.getBuiltinModule("node:worker_threads");
  // a bounded heap makes V8 collect as it goes (several heaps share the process); a unit too big for it is
  // linted again in the main thread
  const workerData: WorkerData = { mark: WORKER_MARK, launcher };
  return new Worker(WORKER_BOOT, { eval: true, workerData, resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB, maxYoungGenerationSizeMb: WORKER_YOUNG_MB } });
}

/** Workers started ahead of the run's units, oldest first. */
const spares: WorkerThread[] = [];
let lastStart = 0;
/** How many workers the machine gives a run (workerCount), asked once */
let maxSpares: number | undefined;

/** About how long a worker takes to start (measured: 0.22-0.26 s on the benchmark's machine). */
const WORKER_START_MS = 250;

/**
 * Starts workers ahead, for a run that is going to use them: discovery calls it at each file it lists once it has
 * found enough for a large run. The first starts at once, each next one when the one before has had the time to
 * start, so that one worker at a time starts beside the walk (on two cores, the walk and a starting worker each
 * have one), up to the number of workers the machine gives. Does nothing where workers are not used. Workers
 * started ahead do not keep the process alive; a run that does not use them stops them (releaseSpareWorkers).
 */
export function prestartWorkers(): void {
  // called at every file listed past the threshold: the cheap tests first
  if (spares.length > 0 && performance.now() - lastStart < WORKER_START_MS) return;
  maxSpares ??= workerCount(Infinity);
  if (spares.length >= maxSpares) return;
  const w = startWorker();
  spares.push(w);
  lastStart = performance.now();
  w.unref();
  // a failure before it is used: the run starts a fresh worker instead
  w.once("error", () => {
    const i = spares.indexOf(w);
    if (i !== -1) spares.splice(i, 1);
  });
}

/** Stops the workers started ahead that the run does not use (all of them, or those beyond `keep`). */
export function releaseSpareWorkers(keep = 0): void {
  for (const w of spares.splice(keep)) void w.terminate();
}

export async function lintUnitsInWorkers(
  units: ModelInputs[],
  setup: WorkerSetup,
  count: number,
  inThisThread: (unit: ModelInputs) => Promise<UnitResult>,
): Promise<UnitResult[]> {
  releaseSpareWorkers(count);
  const results: UnitResult[] = new Array(units.length);
  const strings = new Map<string, string>();
  let next = 0;
  const retry = async (index: number): Promise<void> => {
    results[index] = await inThisThread(units[index]!);
  };
  const run = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const w: WorkerThread = spares.shift() ?? startWorker();
      w.ref();
      w.postMessage({ setup });
      let current = -1;
      const feed = (): void => {
        if (next >= units.length) {
          void w.terminate();
          resolve();
          return;
        }
        current = next++;
        w.postMessage({ index: current, unit: units[current] });
      };
      w.on("message", (m: { index: number; result?: UnitResult; error?: string }) => {
        if (m.error !== undefined) {
          void w.terminate();
          reject(new Error(m.error));
          return;
        }
        results[m.index] = shareStrings(m.result!, strings);
        feed();
      });
      let failed = false;
      w.on("error", (e: NodeJS.ErrnoException) => {
        failed = true;
        if (e.code === "ERR_WORKER_OUT_OF_MEMORY" && current !== -1) {
          // this unit again, here; the other units go on in a fresh worker
          retry(current).then(() => run().then(resolve, reject), reject);
        } else reject(e);
      });
      w.on("exit", (code) => {
        if (!failed && current !== -1 && results[current] === undefined && code !== 0) reject(new Error(`a lint worker stopped (exit ${code})`));
      });
      feed();
    });
  await Promise.all(Array.from({ length: count }, run));
  return results;
}

/**
 * A result as received holds its own copy of every string: the same paths, rule names and severities, once per
 * finding. The results of a large run stay in memory until the end, so the copies are replaced by one shared
 * string each (and die young).
 */
function shareStrings(r: UnitResult, strings: Map<string, string>): UnitResult {
  const one = (s: string): string => {
    const hit = strings.get(s);
    if (hit !== undefined) return hit;
    strings.set(s, s);
    return s;
  };
  for (const d of r.diagnostics) {
    d.rule = one(d.rule);
    d.severity = one(d.severity) as typeof d.severity;
    d.path = one(d.path);
    d.file = one(d.file);
    d.span.file = d.path === d.span.file ? d.path : one(d.span.file);
    if (d.fix) for (const e of d.fix.edits) e.file = one(e.file);
  }
  return r;
}
