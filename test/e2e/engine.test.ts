// End-to-end: the linter's verdicts against a real container engine (podman + podman-compose).
//
// For every scenario under test/e2e/scenarios/: run the linter (dist/cli.js --format json), bring the
// project up, measure per service the zombies and PID 1 (podman top) and whether PID 1 stops on
// SIGTERM, and require that the services the linter flags are exactly those with a measured PID 1
// problem. Then `--fix` a copy, bring it up again and require zero zombies, every service running,
// and no shell PID 1 that ignores SIGTERM. Needs root, podman, podman-compose and the base image
// made by scripts/engine-setup.sh; otherwise the suite is skipped with the reason printed.
// COMPOSE_LINT_REQUIRE_ENGINE=1 turns that skip into a failure (for CI); COMPOSE_LINT_SKIP_ENGINE=1
// skips it on purpose (quick local runs).
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { EngineClient } from "../../src/probe/engine.js";
import { probe } from "../../src/probe/probe.js";
import {
  cleanupShim,
  engineStatus,
  flagged,
  lint,
  lintFix,
  loadScenario,
  measure,
  measuredBad,
  positionProblems,
  rows,
  sigtermProbe,
  table,
  up,
  type Finding,
  type Row,
} from "./harness.js";

const engine = engineStatus();
if (!engine.ok) {
  console.warn(`[e2e] container engine suite SKIPPED: ${engine.reason}`);
}

const SCENARIOS: { name: string; what: string }[] = [
  { name: "await-chain", what: "(a) entrypoint execs a wait script: busybox timeout &, wait, exec server" },
  { name: "go-orphan", what: "(b) Go-like server as PID 1 whose helper leaves an orphan" },
  { name: "shell-form-cmd", what: "(c) shell-form CMD /usr/local/bin/server --orphan" },
  { name: "no-exec", what: "(d) entrypoint script whose last command lacks exec" },
  { name: "shell-reaper", what: "(e) reaping PID 1: a busybox shell that loops on wait and forwards TERM" },
  { name: "init-true", what: "(f) the await chain under init: true" },
  { name: "docker-run", what: "(g) docker run -d without --init, from a Makefile" },
];

const RUN_ID = `${process.pid.toString(36)}${Date.now().toString(36).slice(-4)}`;
const tmpRoots: string[] = [];
const summary: string[] = [];

function sideBySide(title: string, rs: Row[], unattributed: Finding[], extra: string[] = []): string {
  const lines = [table(title, rs)];
  if (unattributed.length) {
    lines.push("findings attributed to no service: " + unattributed.map((f) => `${f.rule}@${f.file}:${f.line}`).join(", "));
  }
  return [...lines, ...extra].join("\n");
}

describe.skipIf(engine.ok || process.env.COMPOSE_LINT_REQUIRE_ENGINE !== "1" || process.env.COMPOSE_LINT_SKIP_ENGINE === "1")("container engine required", () => {
  it("has a container engine (COMPOSE_LINT_REQUIRE_ENGINE=1)", () => {
    throw new Error(`no usable container engine: ${engine.reason}`);
  });
});

const skipNote = engine.ok ? "" : ` (SKIPPED: ${engine.reason})`;

describe.skipIf(!engine.ok)(`real engine: linter verdicts vs measured zombies${skipNote}`, () => {
  afterAll(() => {
    if (summary.length) console.log(["", "== e2e zombie summary (before -> after --fix)", ...summary].join("\n"));
    for (const d of tmpRoots) fs.rmSync(d, { recursive: true, force: true });
    cleanupShim();
  });

  for (const sc of SCENARIOS) {
    const needsMake = sc.name === "docker-run";
    it.skipIf(needsMake && !engine.make)(`${sc.name}: ${sc.what}${needsMake && !engine.make ? " (SKIPPED: make is not installed)" : ""}`, { timeout: 240_000 }, async () => {
      const s = loadScenario(sc.name);
      const problems: string[] = [];

      // ---- before: lint the project as committed, then run it
      const before = await lint(s.dir);
      if (before.error) problems.push(`linter: ${before.error}`);
      problems.push(...positionProblems(s, before.findings));

      const dep = await up(s, s.dir, `cle2e-${sc.name}-b-${RUN_ID}`);
      let beforeRows: Row[] = [];
      let beforeView = "";
      try {
        const measured = await measure(dep.targets);
        await sigtermProbe(dep.targets, measured);
        const r = rows(s, before.findings, measured);
        beforeRows = r.rows;
        beforeView = sideBySide(`[${sc.name}] before --fix`, r.rows, r.unattributed);
        console.log(beforeView);
        for (const row of r.rows) {
          if (!row.measured) problems.push(`${row.unit}: no container was started for this service`);
          else if (flagged(row) !== measuredBad(row.measured)) {
            problems.push(
              `${row.unit}: linter ${flagged(row) ? "flags it" : row.findings.length ? "does not flag it (info only: PID 1 unknown)" : "does not flag it"}, but measured ` +
                (measuredBad(row.measured) ? "a PID 1 problem" : "no PID 1 problem"),
            );
          }
        }
        if (r.unattributed.length) problems.push(`${r.unattributed.length} finding(s) belong to no service`);
      } finally {
        await dep.down();
      }

      // ---- after: fix a copy, run it again
      const root = fs.mkdtempSync(path.join(os.tmpdir(), `cl-e2e-${sc.name}-`));
      tmpRoots.push(root);
      const fixedDir = path.join(root, sc.name);
      fs.cpSync(s.dir, fixedDir, { recursive: true });
      const fix = await lintFix(fixedDir);
      let afterView = "";
      let afterRows: Row[] = [];
      if (!fix.ok) {
        problems.push(`--fix failed: ${fix.output.slice(0, 600)}`);
      } else {
        const fixed = loadScenario(sc.name, fixedDir);
        const after = await lint(fixedDir);
        const dep2 = await up(fixed, fixedDir, `cle2e-${sc.name}-a-${RUN_ID}`);
        try {
          const measured = await measure(dep2.targets);
          const running = new Map(measured.map((m) => [m.unit, m.running]));
          await sigtermProbe(dep2.targets, measured);
          const r = rows(fixed, after.findings, measured);
          afterRows = r.rows;
          afterView = sideBySide(`[${sc.name}] after --fix`, r.rows, r.unattributed);
          console.log(afterView);
          for (const row of r.rows) {
            const m = row.measured;
            if (!m) {
              problems.push(`after --fix ${row.unit}: no container`);
              continue;
            }
            if (m.zombies > 0) problems.push(`after --fix ${row.unit}: ${m.zombies} zombie(s) (${m.zombieComms.join(",")})`);
            if (!running.get(row.unit)) problems.push(`after --fix ${row.unit}: not running`);
            if (m.pid1Shell && m.stopsOnTerm === false) problems.push(`after --fix ${row.unit}: shell PID 1 ignores SIGTERM`);
          }
        } finally {
          await dep2.down();
        }
      }

      const z = (rs: Row[]) => rs.map((r) => `${r.unit}=${r.measured?.zombies ?? "?"}`).join(" ");
      summary.push(`${sc.name.padEnd(15)} before: ${z(beforeRows).padEnd(14)} after: ${afterRows.length ? z(afterRows) : "(not run)"}`);

      if (problems.length) {
        throw new Error(
          [`${sc.name}: linter and engine disagree`, ...problems.map((p) => "  - " + p), "", beforeView, afterView].join("\n"),
        );
      }
      expect(problems).toEqual([]);
    });
  }
});

describe.skipIf(!engine.ok)(`real engine: compose-lint probe over the Docker API (podman system service)${skipNote}`, () => {
  let service: ChildProcess | undefined;
  let sockDir = "";
  let endpoint = "";
  let serviceLog = "";

  beforeAll(async () => {
    sockDir = fs.mkdtempSync(path.join(os.tmpdir(), "cl-e2e-api-"));
    endpoint = `unix://${path.join(sockDir, "podman.sock")}`;
    service = spawn("podman", ["system", "service", "--time", "0", endpoint], { stdio: ["ignore", "pipe", "pipe"] });
    service.stdout?.on("data", (c: Buffer) => void (serviceLog += c.toString()));
    service.stderr?.on("data", (c: Buffer) => void (serviceLog += c.toString()));
    const deadline = Date.now() + 20_000;
    for (;;) {
      try {
        await EngineClient.connect(endpoint, {}, { timeoutMs: 1000 });
        return;
      } catch (e) {
        if (Date.now() > deadline || service.exitCode !== null) {
          throw new Error(`podman system service did not answer at ${endpoint}: ${(e as Error).message}\n${serviceLog.slice(-800)}`);
        }
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  }, 30_000);

  afterAll(async () => {
    if (service && service.exitCode === null) {
      const exited = new Promise((r) => service!.once("exit", r));
      service.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (service.exitCode === null) service.kill("SIGKILL");
    }
    if (sockDir) fs.rmSync(sockDir, { recursive: true, force: true });
  });

  it("await-chain: reports the zombie at the compose service line, and nothing after --fix", { timeout: 120_000 }, async () => {
    const s = loadScenario("await-chain");
    const app = s.units.find((u) => u.name === "app")!;
    const project = `cle2e-probe-b-${RUN_ID}`;
    const dep = await up(s, s.dir, project);
    try {
      const diags = await probe({ project, cwd: s.dir, endpoint, watch: 3 });
      console.log(`[probe] before --fix:\n${diags.map((d) => `  ${d.file}:${d.line}:${d.column} ${d.severity} ${d.rule} ${d.message}`).join("\n")}`);
      const z = diags.filter((d) => d.rule === "zombies");
      expect(z).toHaveLength(1);
      expect(z[0]).toMatchObject({ file: "compose.yaml", line: app.keyLine, severity: "error" });
      expect(z[0]!.message).toMatch(/1 zombie process \(timeout\)/);
      expect(z[0]!.message).toContain(`${project}_app_1`);
      expect(diags.filter((d) => d.rule === "missing-init").map((d) => d.line)).toEqual([app.keyLine]);
    } finally {
      await dep.down();
    }

    const root = fs.mkdtempSync(path.join(os.tmpdir(), "cl-e2e-probe-"));
    onTestFinished(() => fs.rmSync(root, { recursive: true, force: true }));
    const fixedDir = path.join(root, "await-chain");
    fs.cpSync(s.dir, fixedDir, { recursive: true });
    const fix = await lintFix(fixedDir);
    expect(fix.ok, `--fix failed: ${fix.output}`).toBe(true);
    const fixed = loadScenario("await-chain", fixedDir);
    const project2 = `cle2e-probe-a-${RUN_ID}`;
    const dep2 = await up(fixed, fixedDir, project2);
    try {
      const diags = await probe({ project: project2, cwd: fixedDir, endpoint, watch: 3 });
      console.log(`[probe] after --fix: ${diags.length ? diags.map((d) => `${d.file}:${d.line} ${d.rule} ${d.message}`).join("; ") : "nothing"}`);
      expect(diags).toEqual([]);
    } finally {
      await dep2.down();
    }
  });
});
