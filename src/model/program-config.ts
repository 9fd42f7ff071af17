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
  if (!chain.argv || chain.verdict === "unknown" || chain.initInChain) return;
  if (basename(chain.argv[0]!) !== "uwsgi") return;
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
