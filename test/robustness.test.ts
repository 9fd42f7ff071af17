// Hostile and broken input through the built CLI: every case of fixtures/bad-input gives its diagnostics,
// within its time and memory bounds, without a stack trace; all of them together still exit 1 (not 2).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { caseNames, materialize, readExpect, type Expect } from "./bad-input/generate.js";
import { canRunAsNobody, CLI, parseJson, runCli, type CliRun, type JsonDiagnostic } from "./bad-input/run.js";

let tmp: string;
const CASES = caseNames();

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "compose-lint-bad-input-"));
  fs.chmodSync(tmp, 0o755); // the nobody user must be able to enter it
});
afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

function checkClean(r: CliRun): void {
  expect(r.signal, r.stderr).toBeNull();
  expect(r.stderr).not.toMatch(/internal error|\n\s+at .+:\d+:\d+\)?\n/);
}

function checkExpected(ds: JsonDiagnostic[], exp: Expect, prefix = ""): void {
  for (const want of exp.diagnostics) {
    const file = prefix + want.file;
    const hit = ds.find((d) => d.rule === want.rule && d.file === file && d.line === want.line && (!want.message || d.message.includes(want.message)));
    expect(hit, `${want.rule} at ${file}:${want.line}${want.message ? ` (${want.message})` : ""}; got:\n${ds.map((d) => `${d.file}:${d.line} ${d.rule} ${d.message}`).join("\n")}`).toBeDefined();
  }
  for (const rule of exp.forbid ?? []) {
    const bad = ds.filter((d) => d.rule === rule && d.file.startsWith(prefix));
    expect(bad.map((d) => `${d.file}:${d.line} ${d.message}`)).toEqual([]);
  }
}

describe("bad-input corpus, one case per run", () => {
  const nobody = canRunAsNobody();
  it.each(CASES)("%s", (name) => {
    const dir = path.join(tmp, "single", name);
    const exp = materialize(name, dir, path.join(tmp, "outside", name));
    if (exp.runAs === "nobody" && nobody) {
      console.log(`bad-input ${name}: skipped, cannot run as nobody (${nobody}); as root the file is readable`);
      return;
    }
    for (let d = dir; d.startsWith(tmp); d = path.dirname(d)) fs.chmodSync(d, 0o755);
    const r = runCli(["--format", "json", ...(exp.args ?? ["."])], dir, { asNobody: exp.runAs === "nobody" && !nobody, timeoutMs: exp.maxMs * 3 });
    checkClean(r);
    expect(r.status, r.stderr).toBe(exp.exit);
    checkExpected(parseJson(r.stdout), exp);
    expect(r.ms, `wall time of ${name}`).toBeLessThan(exp.maxMs);
    if (r.rssMiB !== null && exp.maxRssMiB) expect(r.rssMiB, `peak RSS of ${name}`).toBeLessThan(exp.maxRssMiB);
    console.log(`bad-input ${name}: ${Math.round(r.ms)} ms, ${r.rssMiB === null ? "?" : Math.round(r.rssMiB)} MiB`);
  }, 60_000);
});

describe("every bad input together", () => {
  it("exits 1, reports each bad file and still finds the normal project's problem", () => {
    const root = path.join(tmp, "all");
    const exps = new Map<string, Expect>();
    for (const name of CASES) exps.set(name, materialize(name, path.join(root, name), path.join(tmp, "outside-all", name)));
    const r = runCli(["--format", "json", "."], root, { timeoutMs: 120_000 });
    checkClean(r);
    expect(r.status, r.stderr).toBe(1);
    const ds = parseJson(r.stdout);
    for (const [name, exp] of exps) {
      if (exp.runAs || exp.args) continue; // root reads the unreadable file; odd-names lints named paths
      checkExpected(ds, { ...exp, forbid: [] }, `${name}/`);
    }
    expect(ds.some((d) => d.file === "normal-project/compose.yaml" && d.rule === "missing-init")).toBe(true);
    expect(r.ms).toBeLessThan(60_000);
    console.log(`bad-input all together: ${Math.round(r.ms)} ms, ${r.rssMiB === null ? "?" : Math.round(r.rssMiB)} MiB, ${ds.length} diagnostics`);
  }, 180_000);
});

describe("output integrity", () => {
  it("a 5 MB JSON report through a pipe is byte-identical to --output", () => {
    const dir = path.join(tmp, "report");
    const parts = ["services:\n"];
    for (let i = 0; i < 4000; i++) parts.push(`  svc${i}:\n    image: node:20\n    command: ["node", "server-${i}.js"]\n`);
    for (let k = 0; k < 3; k++) {
      fs.mkdirSync(path.join(dir, `p${k}`), { recursive: true });
      fs.writeFileSync(path.join(dir, `p${k}`, "compose.yaml"), parts.join(""));
    }
    const out = path.join(tmp, "report.json");
    const a = runCli(["--format", "json", "--output", out, "."], dir);
    expect(a.status, a.stderr).toBe(1);
    const piped = spawnSync("sh", ["-c", `"${process.execPath}" "${CLI}" --format json . | cat`], { cwd: dir, maxBuffer: 512 * 1024 * 1024 });
    const file = fs.readFileSync(out);
    console.log(`report: ${file.length} bytes`);
    expect(file.length).toBeGreaterThan(5 * 1024 * 1024);
    expect(Buffer.compare(piped.stdout, file)).toBe(0);
    expect(() => JSON.parse(file.toString("utf8"))).not.toThrow();
  }, 120_000);
});

describe("internal errors", () => {
  // no input crashes the linter any more (the deep-script stack overflow was the last one found): a module
  // preloaded with --import makes the report's serialisation throw, as an internal bug would
  const hook = (dir: string): string => {
    const f = path.join(dir, "crash.mjs");
    fs.writeFileSync(f, 'JSON.stringify = () => { throw new TypeError("simulated internal failure"); };\n');
    return f;
  };
  it("prints one line asking for a bug report, the stack only with --debug, and exits 2", () => {
    const dir = path.join(tmp, "crash");
    fs.mkdirSync(path.join(dir, "p"), { recursive: true });
    fs.writeFileSync(path.join(dir, "p", "compose.yaml"), "services:\n  web:\n    image: node:20\n");
    const f = hook(dir);
    const r = runCli(["--format", "json", "p"], dir, { nodeArgs: ["--import", f] });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/internal error: simulated internal failure/);
    expect(r.stderr).toMatch(/report it at/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const d = runCli(["--debug", "--format", "json", "p"], dir, { nodeArgs: ["--import", f] });
    expect(d.status).toBe(2);
    expect(d.stderr).toMatch(/TypeError: simulated internal failure\n\s+at /);
  });
  it("user errors give one line and no stack", () => {
    const r = runCli(["does-not-exist"], tmp);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    const u = runCli(["--rule", "nope=error", "."], tmp);
    expect(u.status).toBe(2);
    expect(u.stderr).not.toMatch(/\n\s+at /);
  });
});

void readExpect;
