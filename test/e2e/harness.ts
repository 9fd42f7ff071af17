// Helpers for the end-to-end suite: run commands with bounded time, bring scenarios up on podman,
// measure zombies / PID 1 per service, run the linter, compare both views and print tables.
import { execFile, execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { LineCounter, parseDocument, isMap, isScalar } from "yaml";

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const SCENARIOS_DIR = path.join(REPO, "test/e2e/scenarios");
/** The linter under test; COMPOSE_LINT_CLI points the suite at another build. */
export const CLI = process.env.COMPOSE_LINT_CLI ? path.resolve(process.env.COMPOSE_LINT_CLI) : path.join(REPO, "dist/cli.js");
export const LAB_IMAGE = "localhost/compose-lint-lab:1";

/** Rules whose findings mean "this service has a PID 1 problem". */
export const PID1_RULES = new Set(["missing-init", "non-reaping-exec-chain", "entrypoint-without-exec"]);
const isPid1Rule = (rule: string) => PID1_RULES.has(rule) || rule.includes("shell-form");

const SHELLS = new Set(["sh", "ash", "bash", "dash", "busybox", "zsh", "ksh", "mksh"]);

// ---------------------------------------------------------------------------------------------
// commands

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

export function run(
  cmd: string,
  args: string[],
  opts: { cwd?: string; timeoutMs?: number; env?: NodeJS.ProcessEnv } = {},
): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(
      cmd,
      args,
      {
        cwd: opts.cwd,
        timeout: opts.timeoutMs ?? 60_000,
        killSignal: "SIGKILL",
        maxBuffer: 32 * 1024 * 1024,
        env: opts.env ?? process.env,
      },
      (err, stdout, stderr) => {
        const e = err as (NodeJS.ErrnoException & { code?: number | string; killed?: boolean }) | null;
        const code = e ? (typeof e.code === "number" ? e.code : 127) : 0;
        resolve({ code, stdout: String(stdout), stderr: String(stderr), timedOut: Boolean(e?.killed) });
      },
    );
  });
}

async function must(cmd: string, args: string[], opts: Parameters<typeof run>[2] = {}): Promise<RunResult> {
  const r = await run(cmd, args, opts);
  if (r.code !== 0) {
    const tail = (r.stdout + "\n" + r.stderr).trim().split("\n").slice(-25).join("\n");
    throw new Error(`${cmd} ${args.join(" ")} failed (exit ${r.code}${r.timedOut ? ", timed out" : ""}):\n${tail}`);
  }
  return r;
}

const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

function has(cmd: string): boolean {
  try {
    execFileSync("sh", ["-c", `command -v ${cmd}`], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------
// engine availability (decided synchronously, at collection time, for describe.skipIf)

export interface EngineStatus {
  ok: boolean;
  reason: string;
  make: boolean;
}

export function engineStatus(): EngineStatus {
  const no = (reason: string): EngineStatus => ({ ok: false, reason, make: false });
  if (process.env.COMPOSE_LINT_SKIP_ENGINE === "1") return no("COMPOSE_LINT_SKIP_ENGINE=1");
  if (process.platform !== "linux") return no(`not Linux (${process.platform})`);
  if (typeof process.getuid !== "function" || process.getuid() !== 0) return no("not root (podman needs root here)");
  if (!has("podman")) return no("podman is not installed (run scripts/engine-setup.sh as root)");
  if (!has("podman-compose")) return no("podman-compose is not installed (run scripts/engine-setup.sh as root)");
  const imageExists = () => {
    try {
      execFileSync("podman", ["image", "exists", LAB_IMAGE], { stdio: "ignore", timeout: 30_000 });
      return true;
    } catch {
      return false;
    }
  };
  if (!imageExists()) {
    // try to build it once (no package installation from a test)
    try {
      execFileSync(path.join(REPO, "scripts/engine-setup.sh"), [], {
        stdio: "pipe",
        timeout: 300_000,
        env: { ...process.env, ENGINE_SETUP_NO_INSTALL: "1" },
      });
    } catch (e) {
      const out = String((e as { stderr?: Buffer }).stderr ?? e).trim().split("\n").slice(-3).join(" ");
      return no(`base image ${LAB_IMAGE} is missing and scripts/engine-setup.sh failed: ${out}`);
    }
    if (!imageExists()) return no(`base image ${LAB_IMAGE} is missing after scripts/engine-setup.sh`);
  }
  return { ok: true, reason: "", make: has("make") };
}

// ---------------------------------------------------------------------------------------------
// scenario model: units (compose services, or one `docker run` container) and their files

export interface Unit {
  name: string;
  /** compose file (relative to the scenario dir) and the service key's line range */
  composeFile?: string;
  keyLine?: number;
  lastLine?: number;
  /** directory (relative, POSIX) whose files belong to this unit; "." for everything */
  context: string;
}

export type ScenarioKind = "compose" | "make";

export interface Scenario {
  name: string;
  dir: string;
  kind: ScenarioKind;
  units: Unit[];
}

export function loadScenario(name: string, dir = path.join(SCENARIOS_DIR, name)): Scenario {
  const composePath = path.join(dir, "compose.yaml");
  if (!fs.existsSync(composePath)) {
    return { name, dir, kind: "make", units: [{ name: "docker-run", context: "." }] };
  }
  return { name, dir, kind: "compose", units: composeUnits(dir, "compose.yaml") };
}

export function composeUnits(dir: string, rel: string): Unit[] {
  const text = fs.readFileSync(path.join(dir, rel), "utf8");
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc });
  const services = doc.get("services", true);
  if (!isMap(services)) throw new Error(`${rel}: no services map`);
  const totalLines = text.split("\n").length;
  const units: Unit[] = [];
  services.items.forEach((pair, i) => {
    const key = pair.key;
    if (!isScalar(key) || !key.range) return;
    const name = String(key.value);
    const keyLine = lc.linePos(key.range[0]).line;
    const next = services.items[i + 1]?.key;
    const lastLine = next && isScalar(next) && next.range ? lc.linePos(next.range[0]).line - 1 : totalLines;
    const svc = pair.value;
    let context = "";
    if (isMap(svc)) {
      const build: unknown = svc.get("build", true);
      if (isScalar(build)) context = String(build.value);
      else if (isMap(build)) context = String(build.get("context") ?? ".");
    }
    units.push({ name, composeFile: rel, keyLine, lastLine, context: context ? path.posix.normalize(context) : "" });
  });
  return units;
}

// ---------------------------------------------------------------------------------------------
// the linter

export interface Finding {
  file: string;
  line: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
  rule: string;
  severity: string;
  message: string;
  fix?: unknown;
}

export interface LintResult {
  findings: Finding[];
  error?: string;
}

export async function lint(dir: string): Promise<LintResult> {
  if (!fs.existsSync(CLI)) return { findings: [], error: `linter not built: ${path.relative(REPO, CLI)} is missing` };
  const r = await run("node", [CLI, "--format", "json", dir], { cwd: dir, timeoutMs: 60_000 });
  if (r.code !== 0 && r.code !== 1) {
    return { findings: [], error: `linter exited ${r.code}: ${(r.stderr || r.stdout).trim().slice(0, 800)}` };
  }
  try {
    const parsed = JSON.parse(r.stdout) as { diagnostics?: Finding[] };
    if (!Array.isArray(parsed.diagnostics)) throw new Error("no diagnostics array");
    // normalise file names to POSIX paths relative to the scenario dir
    const findings = parsed.diagnostics.map((d) => ({
      ...d,
      file: path.relative(dir, path.resolve(dir, d.file)).split(path.sep).join("/"),
    }));
    return { findings };
  } catch (e) {
    return { findings: [], error: `linter output is not the JSON report (${(e as Error).message}): ${r.stdout.slice(0, 400)}` };
  }
}

export async function lintFix(dir: string): Promise<{ ok: boolean; output: string }> {
  if (!fs.existsSync(CLI)) return { ok: false, output: `linter not built: ${path.relative(REPO, CLI)} is missing` };
  const r = await run("node", [CLI, "--fix", dir], { cwd: dir, timeoutMs: 60_000 });
  // 0: clean after fixing, 1: findings remain (reported) - both are a completed fix run
  return { ok: r.code === 0 || r.code === 1, output: (r.stdout + r.stderr).trim() };
}

/** Which units a finding belongs to (compose findings by service range, others by build context). */
export function unitsOf(s: Scenario, f: Finding): Unit[] {
  if (s.kind === "make") return s.units;
  const inCompose = s.units.filter((u) => u.composeFile === f.file);
  if (inCompose.length > 0) {
    return inCompose.filter((u) => f.line >= (u.keyLine ?? 0) && f.line <= (u.lastLine ?? 0));
  }
  return s.units.filter((u) => {
    if (!u.context) return false;
    const rel = path.posix.relative(u.context, f.file);
    return !rel.startsWith("..") && !path.posix.isAbsolute(rel);
  });
}

/** Checks on where findings point (the JSON contract of the brief). */
export function positionProblems(s: Scenario, findings: Finding[]): string[] {
  const problems: string[] = [];
  for (const f of findings) {
    const where = `${f.file}:${f.line} ${f.rule}`;
    const abs = path.join(s.dir, f.file);
    const lines = fs.existsSync(abs) ? fs.readFileSync(abs, "utf8").split("\n") : [];
    const text = (lines[f.line - 1] ?? "").trim();
    if (f.rule === "missing-init" && s.kind === "compose" && f.file === "compose.yaml") {
      if (!s.units.some((u) => u.keyLine === f.line)) problems.push(`${where}: not at a service key line`);
    }
    if (f.rule === "non-reaping-exec-chain" && f.file.endsWith(".sh") && !/\bexec\b/.test(text)) {
      problems.push(`${where}: line is not an exec line (${JSON.stringify(text)})`);
    }
    if (f.rule === "entrypoint-without-exec" && (text === "" || text.startsWith("#"))) {
      problems.push(`${where}: line is not a command (${JSON.stringify(text)})`);
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// engine side: up, measure, SIGTERM, down

export interface Target {
  unit: string;
  id: string;
}

export interface Measured {
  unit: string;
  found: boolean;
  running: boolean;
  pid1: string;
  pid1Shell: boolean;
  zombies: number;
  zombieComms: string[];
  /** undefined when not tried */
  stopsOnTerm?: boolean;
  note?: string;
}

interface TopRow {
  pid: number;
  ppid: number;
  state: string;
  comm: string;
  args: string;
}

async function top(id: string): Promise<TopRow[] | null> {
  const r = await run("podman", ["top", id, "pid", "ppid", "state", "comm", "args"], { timeoutMs: 15_000 });
  if (r.code !== 0) return null;
  const rows: TopRow[] = [];
  for (const line of r.stdout.split("\n").slice(1)) {
    const m = /^\s*(\d+)\s+(\d+)\s+(\S+)\s+(\S+)\s*(.*)$/.exec(line);
    if (!m) continue;
    rows.push({ pid: Number(m[1]), ppid: Number(m[2]), state: m[3]!, comm: m[4]!, args: m[5]!.trim() });
  }
  return rows;
}

async function isRunning(id: string): Promise<boolean> {
  const r = await run("podman", ["inspect", "-f", "{{.State.Running}}", id], { timeoutMs: 15_000 });
  return r.code === 0 && r.stdout.trim() === "true";
}

function shellPid1(row: TopRow | undefined): boolean {
  if (!row) return false;
  const argv0 = path.posix.basename(row.args.split(/\s+/)[0] ?? "");
  return SHELLS.has(row.comm) || SHELLS.has(argv0);
}

/**
 * Wait (bounded) until every target runs, then observe for `windowMs`, polling `podman top`;
 * reports the worst zombie count per unit. Zombies of busybox timeout's watchdog appear within ~1 s.
 */
export async function measure(targets: Target[], windowMs = 3500): Promise<Measured[]> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const states = await Promise.all(targets.map((t) => isRunning(t.id)));
    if (states.every(Boolean)) break;
    await delay(250);
  }
  const out = new Map<string, Measured>();
  for (const t of targets) {
    out.set(t.unit, { unit: t.unit, found: true, running: false, pid1: "?", pid1Shell: false, zombies: 0, zombieComms: [] });
  }
  const end = Date.now() + windowMs;
  for (;;) {
    for (const t of targets) {
      const m = out.get(t.unit)!;
      const rows = await top(t.id);
      m.running = await isRunning(t.id);
      if (!rows) continue;
      const p1 = rows.find((r) => r.pid === 1);
      if (p1) {
        m.pid1 = p1.args || p1.comm;
        m.pid1Shell = shellPid1(p1);
      }
      const z = rows.filter((r) => r.state.startsWith("Z"));
      if (z.length >= m.zombies) {
        m.zombies = z.length;
        m.zombieComms = z.map((r) => r.comm);
      }
    }
    if (Date.now() >= end) break;
    await delay(500);
  }
  return [...out.values()];
}

/** Send SIGTERM to every target (as `docker stop` does) and record which stop within `graceMs`. */
export async function sigtermProbe(targets: Target[], measured: Measured[], graceMs = 3000): Promise<void> {
  await Promise.all(targets.map((t) => run("podman", ["kill", "--signal", "TERM", t.id], { timeoutMs: 15_000 })));
  const pending = new Set(targets.map((t) => t.unit));
  const deadline = Date.now() + graceMs;
  while (pending.size > 0 && Date.now() < deadline) {
    for (const t of targets) {
      if (pending.has(t.unit) && !(await isRunning(t.id))) pending.delete(t.unit);
    }
    if (pending.size > 0) await delay(200);
  }
  for (const m of measured) m.stopsOnTerm = !pending.has(m.unit);
}

/** A unit has a measured PID 1 problem: it collects zombies, or keeps a shell as PID 1 that ignores SIGTERM. */
export function measuredBad(m: Measured): boolean {
  return m.zombies > 0 || (m.pid1Shell && m.stopsOnTerm === false);
}

export interface Deployment {
  project: string;
  targets: Target[];
  upLog: string;
  down: () => Promise<void>;
}

let shimDir: string | undefined;
/** A `docker` on PATH that is podman, for Makefiles written for Docker. */
function dockerShim(): string {
  if (!shimDir) {
    shimDir = fs.mkdtempSync(path.join(os.tmpdir(), "cl-e2e-shim-"));
    fs.writeFileSync(path.join(shimDir, "docker"), '#!/bin/sh\nexec podman "$@"\n', { mode: 0o755 });
  }
  return shimDir;
}

export function cleanupShim(): void {
  if (shimDir) fs.rmSync(shimDir, { recursive: true, force: true });
  shimDir = undefined;
}

export async function up(s: Scenario, dir: string, project: string): Promise<Deployment> {
  if (s.kind === "make") return upMake(s, dir, project);
  const down = async () => {
    await run("podman-compose", ["-p", project, "down", "-t", "0"], { cwd: dir, timeoutMs: 60_000 });
    const left = await run("podman", ["ps", "-aq", "--filter", `label=io.podman.compose.project=${project}`]);
    const ids = left.stdout.split("\n").filter(Boolean);
    if (ids.length) await run("podman", ["rm", "-f", "-t", "0", ...ids], { timeoutMs: 60_000 });
    await run("podman", ["pod", "rm", "-f", `pod_${project}`], { timeoutMs: 30_000 });
    await run("podman", ["network", "rm", "-f", `${project}_default`], { timeoutMs: 30_000 });
    await run("podman", ["rmi", "-f", ...s.units.map((u) => `${project}_${u.name}`)], { timeoutMs: 60_000 });
  };
  let upLog = "";
  try {
    const r = await run(
      "podman-compose",
      ["-p", project, "--podman-build-args=--network none", "up", "-d", "--build"],
      { cwd: dir, timeoutMs: 180_000 },
    );
    upLog = (r.stdout + r.stderr).trim();
    if (r.code !== 0) throw new Error(`podman-compose up failed (exit ${r.code}):\n${upLog.split("\n").slice(-25).join("\n")}`);
    const ps = await must("podman", [
      "ps", "-a", "--filter", `label=io.podman.compose.project=${project}`,
      "--format", '{{.ID}} {{index .Labels "com.docker.compose.service"}}',
    ]);
    const targets: Target[] = [];
    for (const line of ps.stdout.split("\n")) {
      const [id, svc] = line.trim().split(/\s+/);
      if (id && svc) targets.push({ unit: svc, id });
    }
    return { project, targets, upLog, down };
  } catch (e) {
    await down();
    throw e;
  }
}

async function upMake(s: Scenario, dir: string, project: string): Promise<Deployment> {
  const image = `localhost/${project}:latest`;
  const name = project;
  const env = { ...process.env, PATH: `${dockerShim()}:${process.env.PATH ?? ""}` };
  const down = async () => {
    await run("podman", ["rm", "-f", "-t", "0", name], { timeoutMs: 60_000 });
    await run("podman", ["rmi", "-f", image], { timeoutMs: 60_000 });
  };
  try {
    const r = await run("make", ["-C", dir, "build", "run", `IMAGE=${image}`, `NAME=${name}`], { env, timeoutMs: 180_000 });
    const upLog = (r.stdout + r.stderr).trim();
    if (r.code !== 0) throw new Error(`make build run failed (exit ${r.code}):\n${upLog.split("\n").slice(-25).join("\n")}`);
    const id = (await must("podman", ["inspect", "-f", "{{.Id}}", name])).stdout.trim();
    return { project, targets: [{ unit: s.units[0]!.name, id }], upLog, down };
  } catch (e) {
    await down();
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------
// comparing and printing

export interface Row {
  unit: string;
  findings: Finding[];
  measured?: Measured;
}

export function rows(s: Scenario, findings: Finding[], measured: Measured[]): { rows: Row[]; unattributed: Finding[] } {
  const byUnit = new Map<string, Row>(s.units.map((u) => [u.name, { unit: u.name, findings: [] }]));
  const unattributed: Finding[] = [];
  for (const f of findings) {
    const us = unitsOf(s, f);
    if (us.length === 0) unattributed.push(f);
    for (const u of us) byUnit.get(u.name)!.findings.push(f);
  }
  for (const m of measured) {
    const row = byUnit.get(m.unit) ?? { unit: m.unit, findings: [] };
    row.measured = m;
    byUnit.set(m.unit, row);
  }
  return { rows: [...byUnit.values()], unattributed };
}

/**
 * The linter flags a unit when it reports a PID 1 rule at warning or error. An `info` finding means
 * "PID 1 is unknown": it neither flags nor clears the unit (a measured problem still needs a flag).
 */
export const flagged = (r: Row) => r.findings.some((f) => isPid1Rule(f.rule) && f.severity !== "info");

function describeMeasured(m: Measured | undefined): string {
  if (!m) return "no container";
  const z = m.zombies ? `${m.zombies} (${[...new Set(m.zombieComms)].join(",")})` : "0";
  const term = m.stopsOnTerm === undefined ? "" : m.stopsOnTerm ? " stops" : " IGNORES";
  return `zombies ${z}; PID 1 ${m.pid1.slice(0, 48)}${m.pid1Shell ? " [shell]" : ""};${m.running ? " running" : " NOT running"};${term ? " SIGTERM" + term : ""}`;
}

function describeFindings(fs_: Finding[]): string {
  if (fs_.length === 0) return "-";
  return fs_.map((f) => `${f.rule}${f.severity === "info" ? "(info)" : ""}@${f.file}:${f.line}`).join(", ");
}

export function table(title: string, rs: Row[]): string {
  const head = ["service", "linter", "measured"];
  const body = rs.map((r) => [r.unit, describeFindings(r.findings), describeMeasured(r.measured)]);
  const w = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const fmt = (cells: string[]) => "| " + cells.map((c, i) => c.padEnd(w[i]!)).join(" | ") + " |";
  return [title, fmt(head), "|" + w.map((n) => "-".repeat(n + 2)).join("|") + "|", ...body.map(fmt)].join("\n");
}

export function zombieSummary(rs: Row[]): string {
  return rs.map((r) => `${r.unit}=${r.measured ? r.measured.zombies : "?"}`).join(" ");
}
