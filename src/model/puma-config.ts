// Puma's mode decides whether it reaps. In single mode (workers 0, the default) one process serves in threads and
// waits for no child; in cluster mode (workers > 0) the master forks workers, and from puma 6.4.1 on its
// wait_workers loops Process.wait2(-1, WNOHANG), reaping any child (before, it waited for each worker by pid).
// The number of workers comes, first to last: `-w N`/`--workers N` on the command line, `workers N` in the config
// files (`-C file`, else the first of config/puma/<environment>.rb and config/puma.rb; `--no-config`/`-C -`
// for none), WEB_CONCURRENCY in the environment (puma ≥ 5), else 0. `rails server` runs puma in its own process
// through Puma's Rack handler, which reads the same config files.
import { rubyCalls, type RubyValue } from "./ruby-config.js";

/** Reads a file of the image by its in-image path (program-config's ImageFileReader); null when the build context lacks it. */
type ImageFileReader = (inImagePath: string) => Promise<{ text: string; rel: string } | null>;

export const PUMA = "https://github.com/puma/puma/blob/ff2e2126ee2f0f97e21c57ce1967afde1b6f05a1";
export const PUMA_SOURCES = {
  reap: `${PUMA}/lib/puma/cluster.rb#L569`,
  /**
   * puma 6.4.0's wait_workers waits for each worker by its pid (Process.wait(w.pid, WNOHANG)); commit a4826bba ("Make puma
   * cluster process suitable as PID 1 (#3255)", first released in 6.4.1) made it loop Process.wait2(-1, WNOHANG)
   */
  before641: "https://github.com/puma/puma/blob/52eff8d3344fa0a4daa8d00ba1de74cb746a5ff4/lib/puma/cluster.rb#L515",
  reapSince: "https://github.com/puma/puma/blob/a4826bba41954cb431e427f47c0e2dd17d094289/lib/puma/cluster.rb#L533",
  clustered: `${PUMA}/lib/puma/launcher.rb#L340`,
  cli: `${PUMA}/lib/puma/cli.rb#L214`,
  configFiles: `${PUMA}/lib/puma/configuration.rb#L267`,
  env: `${PUMA}/lib/puma/configuration.rb#L245`,
  rack: `${PUMA}/lib/rack/handler/puma.rb#L35`,
} as const;

/** The first puma release whose cluster master waits for any child. */
const REAPS_FROM = [6, 4, 1];

/** What a config file or the environment says about the number of workers. */
export type Workers = { n: number; evidence: string } | { n: null; evidence: string };

function countOf(text: string, how: string): { n: number; how: string } | { why: string } {
  const t = text.trim().replace(/^["']|["']$/g, "");
  if (/^\d+$/.test(t)) return { n: Number(t), how };
  if (t === "auto" || t === ":auto") return { n: 1, how: `${how} (auto: one per processor)` };
  return { why: `${how} is \`${text.trim()}\`, not a number` };
}

/** What `workers` is given: a count, nil (0), auto (one per processor), or not known here. */
function workersValue(value: RubyValue): number | null {
  if (!value) return null;
  const v = value.v;
  if (v === null) return 0;
  if (typeof v === "number") return Number.isInteger(v) && v >= 0 ? v : null;
  if (typeof v === "string") {
    if (/^\s*\d+\s*$/.test(v)) return Number(v);
    if (v === "auto" || v === ":auto") return 1;
  }
  return null;
}

/**
 * `workers` in a puma config file (Ruby, config/puma.rb): the last call that runs decides. Conditions, top-level
 * variables and ENV lookups are evaluated with the environment the files set; a call under a condition or in a
 * block that cannot be told, or with a value computed at run time, leaves the count unknown. Null when no call runs.
 */
export function pumaConfigWorkers(text: string, env: Map<string, string>, rel: string): Workers | null {
  let found: Workers | null = null;
  for (const c of rubyCalls(text, "workers", env)) {
    const where = `${rel}:${c.line}`;
    if (c.runs === false) continue;
    if (c.runs === null) {
      found = { n: null, evidence: `\`workers\` at ${where} is under a condition or in a block that cannot be told here` };
      continue;
    }
    const n = workersValue(c.value);
    found = n === null ? { n: null, evidence: `\`workers ${c.args}\` at ${where} is computed at run time` } : { n, evidence: `\`workers ${c.args}\` at ${where} gives ${n} with the environment the files set` };
  }
  return found;
}

/** The puma options read from a command line: workers, config files, environment. */
interface PumaArgs {
  workers?: string;
  configs: string[];
  noConfig: boolean;
  environment?: string;
}

/** Reads puma's (or `rails server`'s) options from argv. */
function pumaArgs(argv: readonly string[]): PumaArgs {
  const out: PumaArgs = { configs: [], noConfig: false };
  const value = (i: number, short: string, long: string): { v: string; skip: number } | null => {
    const a = argv[i]!;
    if (a === short || a === long) return argv[i + 1] !== undefined ? { v: argv[i + 1]!, skip: 1 } : null;
    if (a.startsWith(`${long}=`)) return { v: a.slice(long.length + 1), skip: 0 };
    if (a.startsWith(short) && a.length > short.length && !a.startsWith("--")) return { v: a.slice(short.length), skip: 0 };
    return null;
  };
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--no-config") out.noConfig = true;
    const w = value(i, "-w", "--workers");
    const c = value(i, "-C", "--config");
    const e = value(i, "-e", "--environment");
    if (w) out.workers = w.v;
    if (c?.v === "-") out.noConfig = true;
    else if (c) out.configs.push(c.v);
    if (e) out.environment = e.v;
    i += w?.skip ?? c?.skip ?? e?.skip ?? 0;
  }
  return out;
}

/** How many workers puma starts, from its command line, its config files and the environment; n is null when it cannot be told. */
export async function pumaWorkers(argv: readonly string[], env: Map<string, string>, read: ImageFileReader, cli = true): Promise<Workers> {
  const args = pumaArgs(argv);
  if (cli && args.workers !== undefined) {
    const v = countOf(args.workers, `\`--workers ${args.workers}\` on the command line`);
    return "n" in v ? { n: v.n, evidence: v.how } : { n: null, evidence: v.why };
  }
  const explicit = cli && !args.noConfig && args.configs.length > 0;
  let files = explicit ? args.configs : [];
  if (!args.noConfig && !explicit) {
    const environment = args.environment ?? env.get("APP_ENV") ?? env.get("RACK_ENV") ?? env.get("RAILS_ENV") ?? "development";
    files = [`config/puma/${environment}.rb`, "config/puma.rb"];
  }
  let decided: Workers | null = null;
  for (const p of files) {
    const f = await read(p);
    if (!f) {
      if (explicit) return { n: null, evidence: `its configuration ${p} is not in the build context` };
      continue;
    }
    decided = pumaConfigWorkers(f.text, env, f.rel) ?? decided;
    // without -C, only the first default file that exists is loaded
    if (!explicit) break;
  }
  if (decided) return decided;
  const web = env.get("WEB_CONCURRENCY");
  if (web !== undefined && web.trim() !== "") {
    const v = countOf(web, `WEB_CONCURRENCY=${web} in the environment`);
    return "n" in v ? { n: v.n, evidence: v.how } : { n: null, evidence: v.why };
  }
  const none = args.noConfig ? "no config file (--no-config)" : explicit ? `no \`workers\` in ${files.join(", ")}` : "no config file sets `workers`";
  return { n: 0, evidence: `${none} and no WEB_CONCURRENCY: single mode` };
}

/** The puma version a Gemfile.lock locks (`    puma (6.4.2)`), or null. */
export function lockedPuma(lock: string): number[] | null {
  const m = /^ {4}puma \((\d+(?:\.\d+)*)[^)]*\)/m.exec(lock);
  return m ? m[1]!.split(".").map(Number) : null;
}

/** Whether a locked puma version's cluster master waits for any child (6.4.1 and later). */
export function clusterReaps(version: readonly number[]): boolean {
  for (let i = 0; i < REAPS_FROM.length; i++) {
    const v = version[i] ?? 0;
    if (v !== REAPS_FROM[i]) return v > REAPS_FROM[i]!;
  }
  return true;
}
