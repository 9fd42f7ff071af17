// Programs whose behaviour as PID 1 depends on their own configuration: read it where the image has it.
//
// uWSGI: with `master` the master process waits for any child (core/master.c reaps with
// waitpid(WAIT_ANY)), so it is a reaper; without it the single worker is PID 1 and waits for nobody.
// The option can be given as `--master`/`-M`, as `UWSGI_MASTER` in the environment (every option has a
// UWSGI_<NAME> variable), or in an ini file (`uwsgi app.ini`, `--ini app.ini`) as `master`, `master = true`.
// https://github.com/unbit/uwsgi/blob/master/core/master.c
// https://uwsgi-docs.readthedocs.io/en/latest/Configuration.html
import { basename } from "../knowledge/index.js";
import type { KnowledgeEntry } from "../knowledge/index.js";
import type { Pid1Chain } from "./types.js";
import { clusterReaps, lockedPuma, PUMA, PUMA_SOURCES, pumaWorkers } from "./puma-config.js";

const UWSGI_SOURCE = "https://github.com/unbit/uwsgi/blob/master/core/master.c";

/** Reads a file of the image by its in-image path; null when the image's copy of it is not in the build context. */
export type ImageFileReader = (inImagePath: string) => Promise<{ text: string; rel: string } | null>;

const TRUE = /^(true|1|yes|on|y)$/i;

/** `master` in the [uwsgi] section of an ini text: true, false, or null when the file does not say. */
export function uwsgiIniMaster(text: string): boolean | null {
  let section = "";
  let found: boolean | null = null;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith("#") || line.startsWith(";")) continue;
    const sec = /^\[([^\]]+)\]$/.exec(line);
    if (sec) {
      section = sec[1]!.trim();
      continue;
    }
    if (section !== "uwsgi") continue;
    const kv = /^([A-Za-z0-9_-]+)\s*(?:=\s*(.*))?$/.exec(line);
    if (!kv || kv[1] !== "master") continue;
    found = kv[2] === undefined || kv[2] === "" ? true : TRUE.test(kv[2].trim());
  }
  return found;
}

/** Whether uWSGI runs with a master, from its argv, its environment and the ini files it is given; null when unknown. */
export async function uwsgiMaster(argv: string[], env: Map<string, string>, read: ImageFileReader): Promise<{ master: boolean | null; evidence: string }> {
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--master" || a === "-M" || /^--master=/.test(a)) {
      const v = a.includes("=") ? a.slice(a.indexOf("=") + 1) : "true";
      return { master: TRUE.test(v), evidence: `\`${a}\` on the command line` };
    }
  }
  const envMaster = env.get("UWSGI_MASTER");
  if (envMaster !== undefined) return { master: TRUE.test(envMaster), evidence: `UWSGI_MASTER=${envMaster} in the image's environment` };
  const inis: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if ((a === "--ini" || a === "-i") && argv[i + 1]) inis.push(argv[++i]!);
    else if (a.startsWith("--ini=")) inis.push(a.slice(6));
    else if (!a.startsWith("-") && /\.ini$/.test(a)) inis.push(a);
  }
  for (const p of inis) {
    const f = await read(p);
    if (!f) return { master: null, evidence: `its configuration ${p} is not in the build context` };
    const m = uwsgiIniMaster(f.text);
    if (m !== null) return { master: m, evidence: `\`master\` ${m ? "set" : "off"} in ${f.rel}` };
  }
  // off unless set: uWSGI's default
  return { master: false, evidence: inis.length ? `no \`master\` in ${inis.join(", ")}` : "no `master` option" };
}

/** Refines the chain's verdict for programs whose configuration decides whether they reap. */
export async function refineByConfig(chain: Pid1Chain, env: Map<string, string>, read: ImageFileReader): Promise<void> {
  // a shell that stays PID 1 in front of the program decides, whatever the program's mode
  if (!chain.argv || chain.verdict === "unknown" || chain.verdict === "shell" || chain.initInChain) return;
  const name = basename(chain.argv[0]!);
  if (name === "puma" || (name === "rails" && /^(server|s)$/.test(chain.argv[1] ?? ""))) {
    await refinePuma(chain, env, read);
    return;
  }
  if (name === "supercronic") {
    refineSupercronic(chain, env);
    return;
  }
  if (name === "solid_queue") {
    refineSolidQueue(chain, env);
    return;
  }
  if (name !== "uwsgi") return;
  const { master, evidence } = await uwsgiMaster(chain.argv, env, read);
  if (master === null) {
    chain.verdict = "unknown";
    chain.unknownWhy = `uWSGI reaps only with \`master\`, and ${evidence}`;
    return;
  }
  const entry: KnowledgeEntry = master
    ? { name: "uwsgi", verdict: "reaper", note: `the master process waits for any child (${evidence})`, source: UWSGI_SOURCE }
    : { name: "uwsgi", verdict: "non-reaper", note: `without \`master\` the worker is PID 1 and waits only for its own children (${evidence})`, source: UWSGI_SOURCE };
  chain.verdict = entry.verdict;
  chain.knowledge = entry;
  if (chain.program === "uwsgi") chain.program = master ? "uwsgi (master)" : "uwsgi";
}

/**
 * puma, or `rails server` (puma in the rails process, unless `-u`/`--using` names another server): single mode does not
 * reap; the cluster master of puma 6.4.1 and later does, so the version locked in Gemfile.lock decides.
 */
async function refinePuma(chain: Pid1Chain, env: Map<string, string>, read: ImageFileReader): Promise<void> {
  const argv = chain.argv!;
  const isPuma = basename(argv[0]!) === "puma";
  if (!isPuma && argv.some((a, i) => a === "-u" || a === "--using" || a.startsWith("--using=") || (i > 1 && argv[i - 1] === "-u"))) return;
  const label = isPuma ? "puma" : "rails (puma)";
  const { n, evidence } = await pumaWorkers(argv, env, read, isPuma);
  if (n === null) {
    chain.verdict = "unknown";
    chain.unknownWhy = `puma reaps only in cluster mode (workers > 0) from 6.4.1 on, and ${evidence}`;
    return;
  }
  if (n === 0) {
    chain.knowledge = { name: "puma", verdict: "non-reaper", note: `single mode: one process serves in threads and waits for no child (${evidence})`, source: `${PUMA}/lib/puma/configuration.rb#L182`, seeAlso: [PUMA_SOURCES.clustered] };
    chain.verdict = "non-reaper";
    return;
  }
  const gemfile = env.get("BUNDLE_GEMFILE");
  const lockPath = gemfile ? `${gemfile}.lock` : "Gemfile.lock";
  const lock = await read(lockPath);
  const version = lock ? lockedPuma(lock.text) : null;
  chain.program = isPuma ? "puma (cluster)" : "rails (puma cluster)";
  if (!version) {
    chain.verdict = "unknown";
    chain.unknownWhy = `${label} runs in cluster mode (${evidence}); its master reaps any child from puma 6.4.1 on, and the puma version is not known (${lock ? `${lock.rel} locks no puma` : `no ${lockPath} in the build context`})`;
    chain.program = null;
    return;
  }
  const v = version.join(".");
  const reaps = clusterReaps(version);
  chain.verdict = reaps ? "reaper" : "non-reaper";
  chain.knowledge = reaps
    ? { name: "puma", verdict: "reaper", note: `cluster mode (${evidence}): puma ${v}'s master (wait_workers) loops Process.wait2(-1, WNOHANG), reaping any child (puma ${v} locked in ${lock!.rel})`, source: PUMA_SOURCES.reap, seeAlso: [PUMA_SOURCES.reapSince, PUMA_SOURCES.before641] }
    : { name: "puma", verdict: "non-reaper", note: `cluster mode (${evidence}), but puma ${v} (locked in ${lock!.rel}) is older than 6.4.1: its master waits for each worker by pid only`, source: PUMA_SOURCES.before641, seeAlso: [PUMA_SOURCES.reapSince] };
}

const SOLID_QUEUE = "https://github.com/rails/solid_queue/blob/29e818d9c1181195736ffc5d7c1d1c03757b7752";

/** Solid Queue's supervisor reaps in fork mode (the default) and runs threads in async mode (`--mode async`, SOLID_QUEUE_SUPERVISOR_MODE). */
function refineSolidQueue(chain: Pid1Chain, env: Map<string, string>): void {
  const argv = chain.argv!;
  let mode: string | undefined;
  let evidence = "";
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--mode" && argv[i + 1] !== undefined) mode = argv[i + 1];
    else if (a.startsWith("--mode=")) mode = a.slice(7);
    if (mode !== undefined) {
      evidence = `\`--mode ${mode}\` on the command line`;
      break;
    }
  }
  if (mode === undefined && env.has("SOLID_QUEUE_SUPERVISOR_MODE")) {
    mode = env.get("SOLID_QUEUE_SUPERVISOR_MODE")!;
    evidence = `SOLID_QUEUE_SUPERVISOR_MODE=${mode} in the environment`;
  }
  if (mode === undefined || mode === "fork") return;
  const entry: KnowledgeEntry =
    mode === "async"
      ? { name: "solid_queue", verdict: "non-reaper", note: `async mode (${evidence}): workers and dispatchers are threads of the supervisor, which waits for no child`, source: `${SOLID_QUEUE}/lib/solid_queue/supervisor.rb#L18` }
      : { name: "solid_queue", verdict: "unknown", note: `mode \`${mode}\` (${evidence}) is neither fork nor async`, source: `${SOLID_QUEUE}/lib/solid_queue/cli.rb#L11` };
  chain.verdict = entry.verdict;
  chain.knowledge = entry;
  if (entry.verdict === "unknown") chain.unknownWhy = entry.note;
  else chain.program = "solid_queue (async)";
}

const SUPERCRONIC = "https://github.com/aptible/supercronic/blob/5549d4d9d47e7f28605df816eada5cb5ba1f4f3b";

/**
 * supercronic reaps as PID 1 from v0.2.31 unless `-no-reap` is given. The version is read where the image's
 * environment names it (a release URL `…/aptible/supercronic/releases/download/vX.Y.Z/…`, SUPERCRONIC_VERSION).
 */
function refineSupercronic(chain: Pid1Chain, env: Map<string, string>): void {
  if (chain.argv!.some((a) => a === "-no-reap" || a === "--no-reap" || a === "-no-reap=true" || a === "--no-reap=true")) {
    chain.verdict = "non-reaper";
    chain.knowledge = { name: "supercronic", verdict: "non-reaper", note: "`-no-reap` turns its reaping off: it runs each job and waits for that job by pid only", source: `${SUPERCRONIC}/main.go#L39` };
    return;
  }
  let version: number[] | null = null;
  let where = "";
  for (const [k, v] of env) {
    const m = /aptible\/supercronic\/releases\/download\/v(\d+(?:\.\d+)*)\//.exec(v) ?? (k === "SUPERCRONIC_VERSION" ? /^v?(\d+(?:\.\d+)*)$/.exec(v.trim()) : null);
    if (m) {
      version = m[1]!.split(".").map(Number);
      where = `${k}=${v}`;
      break;
    }
  }
  if (!version) return;
  const [a = 0, b = 0, c = 0] = version;
  const reaps = a > 0 || b > 2 || (b === 2 && c >= 31);
  if (reaps) return;
  chain.verdict = "non-reaper";
  chain.knowledge = { name: "supercronic", verdict: "non-reaper", note: `v${version.join(".")} (${where}) is older than v0.2.31: it waits for each job by pid only`, source: "https://github.com/aptible/supercronic/blob/7468d854628d604a645b39933cf32f165bd2831c/cron/cron.go#L118" };
}

