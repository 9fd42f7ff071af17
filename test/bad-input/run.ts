// Runs the built CLI on a directory and collects what the robustness tests check.
import { spawnSync, type SpawnSyncOptions } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ROOT } from "./generate.js";

export const CLI = path.join(ROOT, "dist/cli.js");
export const HAS_TIME = fs.existsSync("/usr/bin/time");

export interface CliRun {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
  rssMiB: number | null;
}

export interface JsonDiagnostic {
  file: string;
  line: number;
  rule: string;
  message: string;
  severity: string;
}

/** Runs `node dist/cli.js …` in cwd; measures wall time, and peak RSS through /usr/bin/time when it exists. */
export function runCli(args: string[], cwd: string, opts: { asNobody?: boolean; timeoutMs?: number; env?: NodeJS.ProcessEnv; nodeArgs?: string[] } = {}): CliRun {
  const rssFile = path.join(os.tmpdir(), `compose-lint-rss-${process.pid}-${Date.now()}`);
  let cmd = process.execPath;
  let argv = [...(opts.nodeArgs ?? []), CLI, ...args];
  if (opts.asNobody) {
    argv = ["--reuid=65534", "--regid=65534", "--clear-groups", cmd, ...argv];
    cmd = "setpriv";
  }
  if (HAS_TIME) {
    argv = ["-f", "%M", "-o", rssFile, cmd, ...argv];
    cmd = "/usr/bin/time";
  }
  const o: SpawnSyncOptions = { cwd, encoding: "utf8", timeout: opts.timeoutMs ?? 60_000, maxBuffer: 256 * 1024 * 1024, env: { ...process.env, NO_COLOR: "1", ...opts.env } };
  const t0 = performance.now();
  const r = spawnSync(cmd, argv, o);
  const ms = performance.now() - t0;
  let rssMiB: number | null = null;
  if (HAS_TIME) {
    try {
      const kb = Number(/(\d+)\s*$/.exec(fs.readFileSync(rssFile, "utf8"))?.[1]);
      rssMiB = Number.isFinite(kb) ? kb / 1024 : null;
      fs.rmSync(rssFile, { force: true });
    } catch {
      rssMiB = null;
    }
  }
  // /usr/bin/time reports a signalled child as "Command terminated by signal N" and exits 128+N
  return { status: r.status, signal: r.signal, stdout: String(r.stdout ?? ""), stderr: String(r.stderr ?? ""), ms, rssMiB };
}

export function parseJson(out: string): JsonDiagnostic[] {
  return (JSON.parse(out) as { diagnostics: JsonDiagnostic[] }).diagnostics;
}

/** Whether the nobody user can be simulated here (setpriv present, running as root). */
export function canRunAsNobody(): string | null {
  if (process.getuid?.() !== 0) return "not running as root: setpriv cannot switch users";
  const r = spawnSync("setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", process.execPath, "-e", "process.exit(0)"]);
  if (r.error || r.status !== 0) return `setpriv unavailable: ${r.error?.message ?? r.stderr}`;
  return null;
}
