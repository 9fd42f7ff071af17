// The PID 1 lab for `exec` fixes: every fixture case whose fix adds (or removes) an `exec` is run, FIXED, as PID 1
// of a fresh PID namespace (unshare --pid --fork --mount-proc) with stub programs on PATH, and the program the
// linter says ends as PID 1 must be PID 1 (its /proc/1/comm and cmdline). The naive fixes this project must never
// make (`exec` of a shell function) are run too, and must fail with "not found" (exit 127), which is why the linter
// follows the function instead. A trap-forwarding supervisor is run to show the shell stays PID 1 and stops on
// SIGTERM.
//
// Needs Linux, root, unshare, gcc and the shells the scripts name (/bin/sh, bash); skipped with the reason otherwise.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { parse as parseYaml } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lint } from "../../src/engine/index.js";
import { shlexSplit } from "../../src/model/build.js";
import { parseScript } from "../../src/parse/shell.js";
import { BUILTINS } from "../../src/model/script-flow.js";
import { Namespace, which } from "./lab.js";

const FIXTURES = path.resolve(import.meta.dirname, "..", "..", "fixtures");

function unavailable(): string | null {
  if (process.platform !== "linux") return `needs Linux PID namespaces (platform is ${process.platform})`;
  if (typeof process.getuid !== "function" || process.getuid() !== 0) return "needs root (unshare --pid --mount-proc)";
  const missing = ["unshare", "gcc", "bash"].filter((t) => which(t) === null);
  if (!fs.existsSync("/bin/sh")) missing.push("/bin/sh");
  if (missing.length) return `needs ${missing.join(", ")}`;
  const probe = spawnSync("unshare", ["--pid", "--fork", "--mount-proc", "--", "/bin/sh", "-c", "test $$ = 1"], { timeout: 5000 });
  if (probe.status !== 0) return `unshare --pid --fork --mount-proc does not work here (exit ${String(probe.status)})`;
  return null;
}

const why = unavailable();
if (why) console.warn(`[exec-fix lab] skipped: ${why}`);

// A stub program: stays running (like a server) when it is called with the argv the linter says ends as PID 1
// (LAB_PID1_ARGV, fields joined by \x1f, argv[0] as a basename), and exits 0 otherwise (migrations, checks …).
const STUB_C = `
#include <libgen.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
int main(int argc, char **argv) {
  static char buf[8192];
  size_t n = 0;
  for (int i = 0; i < argc && n < sizeof buf - 2; i++) {
    const char *a = i == 0 ? basename(argv[0]) : argv[i];
    if (i > 0) buf[n++] = 0x1f;
    size_t l = strlen(a);
    if (n + l >= sizeof buf - 1) l = sizeof buf - 1 - n;
    memcpy(buf + n, a, l);
    n += l;
  }
  buf[n] = 0;
  const char *want = getenv("LAB_PID1_ARGV");
  if (want == NULL || strcmp(buf, want) == 0) for (;;) pause();
  return 0;
}
`;

interface Case {
  fixture: string;
  variant: "fixed" | "fixed-unsafe";
  /** the command Docker runs, from the fixed files: a script path relative to the case, or an argv */
  run: (dir: string) => string[];
  /** the same script with the naive fix (exec before the final function call): must fail */
  naive?: { file: string; call: RegExp };
  /** the script before the fix fails as it is (exec of a function) */
  originalFails?: string;
}

const scriptRun = (rel: string) => (dir: string) => [path.join(dir, rel)];

/** `command:` of the first compose service (string commands split as compose does). */
const composeCommand = (file: string) => (dir: string) => {
  const doc = parseYaml(fs.readFileSync(path.join(dir, file), "utf8")) as { services: Record<string, { command: string | string[] }> };
  const cmd = Object.values(doc.services)[0]!.command;
  return typeof cmd === "string" ? shlexSplit(cmd) : cmd;
};

/** The exec-form CMD of a Dockerfile. */
const dockerfileCmd = (dir: string) => JSON.parse(/^CMD (\[.*\])$/m.exec(fs.readFileSync(path.join(dir, "Dockerfile"), "utf8"))![1]!) as string[];

const CASES: Case[] = [
  { fixture: "entrypoint-without-exec/bad/function-last-call", variant: "fixed", run: scriptRun("docker/entrypoint.sh"), naive: { file: "docker/entrypoint.sh", call: /^start$/m } },
  { fixture: "entrypoint-without-exec/bad/exec-of-function", variant: "fixed-unsafe", run: scriptRun("start.sh"), originalFails: "start.sh" },
  { fixture: "entrypoint-without-exec/bad/node-start-script", variant: "fixed", run: scriptRun("docker/start.sh") },
  { fixture: "entrypoint-without-exec/bad/python-entrypoint-no-exec", variant: "fixed", run: scriptRun("entrypoint.sh") },
  { fixture: "entrypoint-without-exec/bad/compose-sh-c-npm", variant: "fixed", run: composeCommand("compose.yaml") },
  { fixture: "entrypoint-without-exec/bad/dockerfile-cmd-sh-c", variant: "fixed", run: dockerfileCmd },
];

/** The case's files with the variant's files over them (what --fix leaves), in a fresh directory. */
function materialise(c: Case, work: string): string {
  const src = path.join(FIXTURES, c.fixture);
  const dir = fs.mkdtempSync(path.join(work, "case-"));
  for (const e of fs.readdirSync(src)) {
    if (e === "expected.txt" || e === "fixed" || e === "fixed-unsafe") continue;
    fs.cpSync(path.join(src, e), path.join(dir, e), { recursive: true });
  }
  fs.cpSync(path.join(src, c.variant), dir, { recursive: true });
  for (const f of fs.readdirSync(dir, { recursive: true }) as string[]) if (f.endsWith(".sh")) fs.chmodSync(path.join(dir, f), 0o755);
  return dir;
}

/**
 * The environment the container gets (Dockerfile ENV, then the compose service's `environment:`, literal
 * values): what the linter expands the scripts with.
 */
function imageEnv(dir: string): Record<string, string> {
  const env: Record<string, string> = {};
  const df = path.join(dir, "Dockerfile");
  if (fs.existsSync(df)) for (const m of fs.readFileSync(df, "utf8").matchAll(/^ENV (\w+)=("?)(.*)\2$/gm)) env[m[1]!] = m[3]!;
  for (const name of ["compose.yaml", "compose.yml", "docker-compose.yml", "docker-compose.yaml"]) {
    const f = path.join(dir, name);
    if (!fs.existsSync(f)) continue;
    const doc = parseYaml(fs.readFileSync(f, "utf8")) as { services?: Record<string, { environment?: Record<string, unknown> | string[] }> };
    for (const svc of Object.values(doc?.services ?? {})) {
      const e = svc?.environment;
      if (Array.isArray(e)) {
        for (const kv of e) if (kv.includes("=")) env[kv.slice(0, kv.indexOf("="))] = kv.slice(kv.indexOf("=") + 1);
      }
      else if (e) for (const [k, v] of Object.entries(e)) if (v !== null && v !== undefined) env[k] = String(v);
    }
  }
  return env;
}

/** Every program a script or `sh -c` string names (literal first words that are not builtins or its own functions). */
async function programsNamed(text: string): Promise<string[]> {
  const s = await parseScript(text);
  const out = new Set<string>();
  for (const c of s.commands) {
    const words = c.words[0]?.kind === "lit" && c.words[0].text === "exec" ? c.words.slice(1) : c.words;
    const w = words[0];
    if (w?.kind === "lit" && !w.fromVar && !w.text.includes("/") && !BUILTINS.has(w.text) && !s.functions.has(w.text)) out.add(w.text);
  }
  return [...out];
}

/** PID 1's comm and argv, seen from the host, once they are `want` (or the last seen at the bound). */
async function pid1Once(ns: Namespace, want: { comm: string; argv?: string[] }, boundMs: number): Promise<{ comm: string; argv: string[] }> {
  const deadline = Date.now() + boundMs;
  let seen = { comm: "", argv: [] as string[] };
  const same = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
  while (Date.now() < deadline) {
    try {
      // read twice around the exec: comm and cmdline change at slightly different moments
      const argv = fs.readFileSync(`/proc/${ns.hostPid1}/cmdline`, "utf8").split("\0").slice(0, -1);
      seen = { comm: fs.readFileSync(`/proc/${ns.hostPid1}/comm`, "utf8").trim(), argv: [path.basename(argv[0] ?? ""), ...argv.slice(1)] };
    } catch {
      // PID 1 changing or gone
    }
    if (seen.comm === want.comm && (!want.argv || same(seen.argv, want.argv))) return seen;
    await sleep(25);
  }
  return seen;
}

describe.skipIf(why !== null)("exec fixes run as PID 1", () => {
  let work = "";
  let stub = "";
  beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "exec-fix-lab-"));
    fs.chmodSync(work, 0o755);
    fs.writeFileSync(path.join(work, "stub.c"), STUB_C);
    stub = path.join(work, "stub");
    const cc = spawnSync("gcc", ["-O2", "-o", stub, path.join(work, "stub.c")], { encoding: "utf8" });
    if (cc.status !== 0) throw new Error(`gcc failed: ${cc.stderr}`);
  });
  afterAll(() => {
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  /** A bin directory with a stub for each program the texts name. */
  async function stubBin(texts: string[]): Promise<string> {
    const bin = fs.mkdtempSync(path.join(work, "bin-"));
    for (const text of texts) for (const name of await programsNamed(text)) if (!fs.existsSync(path.join(bin, name))) fs.copyFileSync(stub, path.join(bin, name));
    for (const f of fs.readdirSync(bin)) fs.chmodSync(path.join(bin, f), 0o755);
    return bin;
  }

  for (const c of CASES) {
    it(`${c.fixture} (${c.variant}): the program the linter names is PID 1`, async () => {
      const dir = materialise(c, work);
      const r = await lint(["."], { cwd: dir });
      const chain = r.model!.containers.find((x) => x.kind !== "image")?.chain ?? r.model!.containers[0]!.chain;
      expect(chain.argv, `the linter's PID 1 after the fix: ${chain.how}`).not.toBeNull();
      const expected = [path.basename(chain.argv![0]!), ...chain.argv!.slice(1)];
      expect(expected[0]).not.toMatch(/^(sh|bash|dash)$/);

      const argv = c.run(dir);
      const texts = [...(argv[0]!.startsWith(dir) ? [fs.readFileSync(argv[0]!, "utf8")] : []), ...(argv[1] === "-c" ? [argv[2]!] : [])];
      const bin = await stubBin(texts);
      if (argv[0] === "sh") argv[0] = "/bin/sh";
      const env = { ...imageEnv(dir), PATH: `${bin}:/usr/bin:/bin`, LAB_PID1_ARGV: expected.join("\x1f") };
      const ns = await Namespace.start(argv, { binDir: null, env });
      try {
        const pid1 = await pid1Once(ns, { comm: expected[0]!.slice(0, 15), argv: expected }, 5000);
        expect(pid1.comm, `PID 1 of ${argv.join(" ")} (expected ${expected.join(" ")}); stderr: ${ns.unshareStderr}`).toBe(expected[0]!.slice(0, 15));
        expect(pid1.argv).toEqual(expected);
      } finally {
        await ns.stop();
      }
    }, 20_000);

    if (c.naive) {
      it(`${c.fixture}: the naive fix, exec before the function call, fails with "not found"`, async () => {
        const dir = materialise({ ...c, variant: "fixed" }, work);
        const file = path.join(dir, c.naive!.file);
        const original = fs.readFileSync(path.join(FIXTURES, c.fixture, c.naive!.file), "utf8");
        expect(original).toMatch(c.naive!.call);
        fs.writeFileSync(file, original.replace(c.naive!.call, (m) => `exec ${m}`));
        const bin = await stubBin([original]);
        const res = spawnSync(file, [], { encoding: "utf8", env: { PATH: `${bin}:/usr/bin:/bin` }, timeout: 10_000 });
        expect(res.status).toBe(127);
        expect(res.stderr).toMatch(/exec: .*not found/);
      }, 20_000);
    }
    if (c.originalFails) {
      it(`${c.fixture}: the script as written (exec of a function) fails with "not found"`, async () => {
        const file = path.join(FIXTURES, c.fixture, c.originalFails!);
        const text = fs.readFileSync(file, "utf8");
        const copy = path.join(fs.mkdtempSync(path.join(work, "orig-")), path.basename(file));
        fs.writeFileSync(copy, text, { mode: 0o755 });
        const bin = await stubBin([text]);
        const res = spawnSync(copy, [], { encoding: "utf8", env: { PATH: `${bin}:/usr/bin:/bin` }, timeout: 10_000 });
        expect(res.status).toBe(127);
        expect(res.stderr).toMatch(/exec: .*not found/);
      }, 20_000);
    }
  }

  it("a trap-forwarding supervisor stays PID 1 and stops promptly on SIGTERM (no exec fix is offered)", async () => {
    const c: Case = { fixture: "entrypoint-without-exec/good/trap-forwarding-supervisor", variant: "fixed", run: scriptRun("run.sh") };
    const src = path.join(FIXTURES, c.fixture);
    const dir = fs.mkdtempSync(path.join(work, "case-"));
    fs.cpSync(src, dir, { recursive: true });
    fs.chmodSync(path.join(dir, "run.sh"), 0o755);
    const r = await lint(["."], { cwd: dir });
    expect(r.diagnostics.filter((d) => d.rule === "entrypoint-without-exec")).toEqual([]);
    const text = fs.readFileSync(path.join(dir, "run.sh"), "utf8");
    const bin = await stubBin([text]);
    // no LAB_PID1_ARGV: every stub stays running, like the API and the worker
    const ns = await Namespace.start([path.join(dir, "run.sh")], { binDir: null, env: { PATH: `${bin}:/usr/bin:/bin` } });
    try {
      const pid1 = await pid1Once(ns, { comm: "run.sh" }, 3000);
      expect(pid1.comm, "the shell stays PID 1").toBe("run.sh");
      await sleep(200);
      const ms = await ns.sigterm(3000);
      expect(ms, "SIGTERM ends the supervisor (it forwards it and exits)").not.toBeNull();
      expect(ms!).toBeLessThan(3000);
    } finally {
      await ns.stop();
    }
  }, 20_000);
});
