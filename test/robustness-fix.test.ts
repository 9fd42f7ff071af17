// --fix safety: atomic writes under SIGKILL, file modes kept, read-only files refused (even for root),
// stale temporary files of killed runs cleaned.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { classify } from "../src/discover.js";
import { CLI, cliNobodyCanRun } from "./bad-input/run.js";

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "compose-lint-fix-safety-"));
});
afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

const SERVICE = (i: number): string => `  svc${i}:\n    image: node:20\n    command: ["node", "server-${i}.js"]\n`;
const N_FILES = 40;

/** 40 projects of 60 services each: every service gets `init: true` from --fix. */
function makeProject(dir: string): Map<string, string> {
  const originals = new Map<string, string>();
  for (let k = 0; k < N_FILES; k++) {
    const f = path.join(dir, `p${String(k).padStart(2, "0")}`, "compose.yaml");
    fs.mkdirSync(path.dirname(f), { recursive: true });
    let text = "services:\n";
    for (let i = 0; i < 60; i++) text += SERVICE(i);
    fs.writeFileSync(f, text, { mode: k % 2 ? 0o640 : 0o644 });
    originals.set(f, text);
  }
  return originals;
}

function fixOnce(dir: string): ReturnType<typeof spawnSync> {
  return spawnSync(process.execPath, [CLI, "--fix", "."], { cwd: dir, encoding: "utf8", timeout: 120_000 });
}

describe("--fix killed at random moments", () => {
  it("leaves every file old or new, never partial, 50 runs in a row", async () => {
    const dir = path.join(tmp, "kill");
    const originals = makeProject(dir);
    // the fixed text of each file, from a run on a copy that is not killed
    const ref = path.join(tmp, "kill-ref");
    makeProject(ref);
    const t0 = performance.now();
    const full = fixOnce(ref);
    // how long a run that writes takes here: kill moments spread over all of it
    const runMs = Math.max(300, performance.now() - t0);
    expect(full.status, String(full.stderr)).toBe(0);
    const fixed = new Map<string, string>();
    for (const f of originals.keys()) fixed.set(f, fs.readFileSync(f.replace(dir, ref), "utf8"));
    expect([...fixed.values()].every((t, i) => t !== [...originals.values()][i])).toBe(true);

    let killedMidway = 0;
    let leftovers = 0;
    let mixed = 0;
    let rng = 12345;
    const rand = (): number => ((rng = (rng * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let run = 0; run < 50; run++) {
      // every run starts from the old files (a killed run may have written some): each has all of them to write
      for (const [f, t] of originals) if (fs.readFileSync(f, "utf8") !== t) fs.writeFileSync(f, t);
      const child = spawn(process.execPath, [CLI, "--fix", "."], { cwd: dir, stdio: "ignore" });
      // half of the kills anywhere in the run, half in its last fifth, where the files are written
      const at = run % 2 ? 150 + rand() * runMs * 1.1 : runMs * (0.8 + rand() * 0.3);
      const exited = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => {
          child.kill("SIGKILL");
        }, at);
        child.on("exit", (_code, signal) => {
          clearTimeout(timer);
          resolve(signal === "SIGKILL");
        });
      });
      if (exited) killedMidway++;
      for (const [f, old] of originals) {
        const now = fs.readFileSync(f, "utf8");
        expect(now === old || now === fixed.get(f), `${f} after run ${run} is neither the old nor the fixed version`).toBe(true);
        expect(fs.statSync(f).mode & 0o777).toBe(Number(path.basename(path.dirname(f)).slice(1)) % 2 ? 0o640 : 0o644);
      }
      // a temporary file left by the kill is never a name discovery lints
      const left = fs.readdirSync(dir, { recursive: true }).map(String).filter((n) => n.endsWith(".tmp"));
      leftovers += left.length;
      expect(left.filter((n) => classify(path.basename(n)) !== null)).toEqual([]);
      const states = [...originals].map(([f, old]) => fs.readFileSync(f, "utf8") === old);
      if (states.some((s) => s) && states.some((s) => !s)) mixed++;
    }
    console.log(`kill test: 50 runs, ${killedMidway} killed before they finished (full run ${Math.round(runMs)} ms), ${mixed} killed while writing (some files old, some new), ${leftovers} temporary files seen after kills`);
    expect(killedMidway).toBeGreaterThan(10);
    // a complete run afterwards fixes everything and removes the temporary files of the killed runs
    const last = fixOnce(dir);
    expect(last.status, String(last.stderr)).toBe(0);
    for (const [f, t] of fixed) expect(fs.readFileSync(f, "utf8")).toBe(t);
    expect(fs.readdirSync(dir, { recursive: true }).map(String).filter((n) => n.endsWith(".tmp"))).toEqual([]);
  }, 240_000);
});

describe("--fix and file permissions", () => {
  // root may write any file (as with any editor), so the read-only case runs as the `nobody` user there
  const asRoot = process.getuid?.() === 0;
  const setpriv = spawnSync("setpriv", ["--version"]).status === 0;
  it.skipIf(asRoot && !setpriv)("refuses a file the user may not write, fixes the others, keeps modes", () => {
    const dir = path.join(tmp, "modes");
    for (const [name, mode] of [["ro", 0o444], ["rw", 0o600], ["exec", 0o755]] as const) {
      fs.mkdirSync(path.join(dir, name), { recursive: true });
      const f = path.join(dir, name, "compose.yaml");
      fs.writeFileSync(f, "services:\n" + SERVICE(1));
      fs.chmodSync(f, mode);
    }
    let r: ReturnType<typeof spawnSync>;
    if (asRoot) {
      for (let p = dir; p !== path.dirname(tmp); p = path.dirname(p)) fs.chmodSync(p, 0o755);
      spawnSync("chown", ["-R", "65534:65534", dir]);
      r = spawnSync("setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", process.execPath, cliNobodyCanRun(), "--fix", "."], { cwd: dir, encoding: "utf8", timeout: 120_000 });
    } else {
      r = fixOnce(dir);
    }
    expect(String(r.stderr)).toMatch(/not fixed ro\/compose\.yaml: could not write: permission denied/);
    expect(fs.readFileSync(path.join(dir, "ro", "compose.yaml"), "utf8")).not.toMatch(/init: true/);
    expect(fs.statSync(path.join(dir, "ro", "compose.yaml")).mode & 0o777).toBe(0o444);
    for (const [name, mode] of [["rw", 0o600], ["exec", 0o755]] as const) {
      const f = path.join(dir, name, "compose.yaml");
      expect(fs.readFileSync(f, "utf8")).toMatch(/init: true/);
      expect(fs.statSync(f).mode & 0o777).toBe(mode);
    }
    expect(String(r.stderr)).not.toMatch(/\n\s+at /);
  });

  it("removes a stale temporary file of a killed run, keeps one of a live process", () => {
    const dir = path.join(tmp, "stale");
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "compose.yaml"), "services:\n" + SERVICE(1));
    const dead = path.join(dir, ".compose.yaml.compose-lint-2147483646-1.tmp");
    const live = path.join(dir, `.compose.yaml.compose-lint-${process.pid}-1.tmp`);
    fs.writeFileSync(dead, "partial");
    fs.writeFileSync(live, "in progress");
    const r = fixOnce(dir);
    expect(r.status, String(r.stderr)).toBe(0);
    expect(fs.existsSync(dead)).toBe(false);
    expect(fs.existsSync(live)).toBe(true);
  });
});
