// A large tree of independent projects is linted one unit at a time (flat memory); the result must be
// the same as linting everything as one model.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { discover } from "../src/discover.js";
import { dedupe, editsKey, lint, partition, UNIT_THRESHOLD } from "../src/engine/index.js";
import type { Diagnostic } from "../src/types.js";
import { spawnSync } from "node:child_process";
import { cliPath, project } from "./helpers.js";

const files: Record<string, string> = {};
// enough projects (three files each) for the tree to be split, and into at least four units (workers start from four)
const N = Math.ceil(UNIT_THRESHOLD / 3) * 2;
for (let i = 0; i < N; i++) {
  const p = `p${String(i).padStart(3, "0")}`;
  files[`${p}/compose.yaml`] = `services:\n  app:\n    build: .\n${i % 3 === 0 ? "    init: true\n" : ""}  cache:\n    image: redis:7\n`;
  files[`${p}/Dockerfile`] = i % 2 ? 'FROM node:20\nCOPY start.sh /start.sh\nENTRYPOINT ["/start.sh"]\n' : "FROM python:3.12\nCMD python -m app\n";
  files[`${p}/start.sh`] = i % 4 === 1 ? "#!/bin/sh\nnode server.js\n" : '#!/bin/sh\nsleep 1 &\nexec node server.js "$@"\n';
}
const dir = project(files);
// the last project's script is a link to the second project's: one file, in two units
const LAST = `p${String(N - 1).padStart(3, "0")}`;
fs.rmSync(`${dir}/${LAST}/start.sh`);
fs.symlinkSync("../p001/start.sh", `${dir}/${LAST}/start.sh`);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("linting in units", () => {
  it("splits a tree of independent projects", () => {
    const found = discover(dir, ["."]);
    const units = partition(found, dir, ["."]);
    expect(units).not.toBeNull();
    expect(units!.length).toBeGreaterThan(1);
    expect(units!.flatMap((u) => u.composeFiles).sort()).toEqual([...found.composeFiles].sort());
  });

  it("gives the same diagnostics as one model", async () => {
    const found = discover(dir, ["."]);
    const whole = await lint(["."], { cwd: dir }, undefined, found);
    const units = await lint(["."], { cwd: dir });
    expect(units.model).toBeNull();
    expect(whole.model).not.toBeNull();
    const strip = (ds: typeof whole.diagnostics) => ds.map(({ span: _s, path: _p, ...d }) => d);
    expect(strip(units.diagnostics)).toEqual(strip(whole.diagnostics));
    expect(units.diagnostics.length).toBeGreaterThan(N);
    expect([...units.files].sort()).toEqual([...whole.files].sort());
  });

  it("a file reached from two units (a link in one, the file in the other) is reported once, by its own name", async () => {
    const r = await lint(["."], { cwd: dir });
    expect(r.model).toBeNull();
    const units = partition(discover(dir, ["."]), dir, ["."])!;
    const unitOf = (f: string): number => units.findIndex((u) => [...u.dockerfiles, ...u.runCallers, ...u.composeFiles].some((x) => x.startsWith(`${dir}/${f}/`)));
    expect(unitOf(LAST)).not.toBe(unitOf("p001"));
    const inScript = r.diagnostics.filter((d) => d.file === "p001/start.sh" && d.rule === "entrypoint-without-exec");
    expect(inScript).toHaveLength(1);
    expect(inScript[0]!.message).toContain(`(also reached as \`${LAST}/start.sh\`)`);
    expect(r.diagnostics.some((d) => d.file === `${LAST}/start.sh`)).toBe(false);
  });

  it("keeps each top-level directory whole in one unit of about 150 files, however the root is written", () => {
    const found = discover(dir, ["."]);
    const units = partition(found, dir, ["."])!;
    const filesOf = (u: (typeof units)[number]): string[] => [...u.composeFiles, ...u.dockerfiles, ...u.runCallers, ...(u.extras ?? [])];
    const unitOfDir = new Map<string, number>();
    units.forEach((u, i) => {
      for (const f of filesOf(u)) {
        const top = path.relative(dir, f).split(path.sep)[0]!;
        expect(unitOfDir.get(top) ?? i, top).toBe(i);
        unitOfDir.set(top, i);
      }
    });
    expect(unitOfDir.size).toBe(N);
    // every unit but the last is filled to 150 files, and by whole directories (three files each here)
    for (const u of units.slice(0, -1)) expect(filesOf(u).length).toBe(150);
    expect(units.reduce((n, u) => n + filesOf(u).length, 0)).toBe(found.composeFiles.length + found.dockerfiles.length + found.runCallers.length + (found.extras?.length ?? 0));
    for (const root of ["./", dir, `${dir}/`]) expect(partition(discover(dir, [root]), dir, [root]), root).toEqual(units);
  });

  it("does not split when a compose file at the root may build any subdirectory", () => {
    const found = discover(dir, ["."]);
    const withRoot = { ...found, composeFiles: [...found.composeFiles, `${dir}/compose.yaml`] };
    expect(partition(withRoot, dir, ["."])).toBeNull();
  });
});

describe("worker threads (the bundled CLI)", () => {
  const cli = (env: Record<string, string>) =>
    spawnSync(process.execPath, [cliPath, "--format", "json", "."], { cwd: dir, encoding: "utf8", env: { ...process.env, ...env }, timeout: 120_000, maxBuffer: 64 * 1024 * 1024 });

  it("gives byte-identical output with and without workers, and when a worker runs out of heap", () => {
    const serial = cli({ COMPOSE_LINT_WORKERS: "0" });
    expect(serial.status).toBe(1);
    expect(JSON.parse(serial.stdout).diagnostics.length).toBeGreaterThan(N);
    const parallel = cli({ COMPOSE_LINT_WORKERS: "2" });
    expect(parallel.stderr).toBe("");
    expect(parallel.stdout).toBe(serial.stdout);
    // a heap too small for any unit: every unit falls back to the main thread
    const starved = cli({ COMPOSE_LINT_WORKERS: "2", COMPOSE_LINT_WORKER_HEAP_MB: "2" });
    expect(starved.stdout).toBe(serial.stdout);
    expect(starved.status).toBe(1);
  });

  it("the launcher writes its code cache only after linting in its own thread (not after --version, nor when workers linted)", () => {
    // a copy of dist/: its own cache directory
    const dist = fs.mkdtempSync(path.join(os.tmpdir(), "compose-lint-dist-"));
    try {
      const source = path.dirname(cliPath);
      fs.cpSync(source, dist, { recursive: true, filter: (f) => path.relative(source, f).split(path.sep)[0] !== ".cache" });
      const run = (args: string[], env: Record<string, string> = {}) =>
        spawnSync(process.execPath, [path.join(dist, "cli.js"), ...args], { cwd: dir, encoding: "utf8", env: { ...process.env, ...env }, timeout: 120_000, maxBuffer: 64 * 1024 * 1024 });
      const caches = (): string[] => (fs.existsSync(path.join(dist, ".cache")) ? fs.readdirSync(path.join(dist, ".cache")).filter((f) => f.endsWith(".v8")) : []);
      expect(run(["--version"]).status).toBe(0);
      expect(caches()).toEqual([]);
      expect(run(["--format", "json", "."], { COMPOSE_LINT_WORKERS: "2" }).status).toBe(1);
      // with one core there are no workers: the main thread lints, and writes the cache
      if (os.availableParallelism() > 1) expect(caches()).toEqual([]);
      expect(run(["--format", "json", "."], { COMPOSE_LINT_WORKERS: "0" }).status).toBe(1);
      expect(caches()).toHaveLength(1);
      // the next start takes the cache as it is (V8 accepts it: the launcher compiles the same text it was made from)
      const written = fs.statSync(path.join(dist, ".cache", caches()[0]!)).mtimeMs;
      expect(run(["--format", "json", "."], { COMPOSE_LINT_WORKERS: "0" }).status).toBe(1);
      expect(fs.statSync(path.join(dist, ".cache", caches()[0]!)).mtimeMs).toBe(written);
    } finally {
      fs.rmSync(dist, { recursive: true, force: true });
    }
  });
});

describe("dedupe", () => {
  it("keeps one finding per rule, place and message or per rule, place and fix, the more severe, as a plain scan of keys does", () => {
    let seed = 3;
    const rnd = (n: number): number => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff), seed % n);
    const sev = ["info", "warning", "error"] as const;
    const ds: Diagnostic[] = Array.from({ length: 3000 }, () => {
      const fix = rnd(3) === 0 ? { title: "fix", safety: "safe" as const, edits: [{ file: `/p/${rnd(3)}.yml`, start: rnd(4), end: 5, newText: `t${rnd(2)}` }] } : undefined;
      return { rule: `r${rnd(2)}`, severity: sev[rnd(3)]!, path: `f${rnd(4)}`, file: `/p/f`, line: 1 + rnd(6), column: 1 + rnd(2), endLine: 1, endColumn: 1, message: `m${rnd(3)}`, span: { file: "/p/f", start: 0, end: 1 }, fix: fix ?? null } as Diagnostic;
    });
    // the keys of every finding in one map, as it was written before places were keyed first
    const reference = (list: Diagnostic[]): Diagnostic[] => {
      const W = { error: 3, warning: 2, info: 1 };
      const kept = new Map<string, number>();
      const out: Diagnostic[] = [];
      for (const d of list) {
        const place = `${d.rule}\0${d.path}\0${d.line}\0${d.column}`;
        const keys = [`${place}\0message\0${d.message}`, ...(d.fix ? [`${place}\0fix\0${editsKey(d.fix.edits)}`] : [])];
        const at = keys.map((k) => kept.get(k)).find((i) => i !== undefined);
        if (at === undefined) {
          for (const k of keys) kept.set(k, out.length);
          out.push(d);
          continue;
        }
        for (const k of keys) kept.set(k, at);
        if (W[d.severity] > W[out[at]!.severity]) out[at] = d;
      }
      return out;
    };
    const got = dedupe(ds);
    expect(got).toEqual(reference(ds));
    expect(got.length).toBeLessThan(ds.length);
    expect(got.length).toBeGreaterThan(10);
  });
});
