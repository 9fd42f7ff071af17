// Runs the built CLI on a directory and collects what the robustness tests check.
import { spawnSync, type SpawnSyncOptions } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ROOT } from "./generate.js";

export const CLI = path.join(ROOT, "dist/cli.js");

/** Whether the `nobody` user can read `file`: every directory above it is searchable by others, the file readable. */
function othersCanRead(file: string): boolean {
  if ((fs.statSync(file).mode & 0o004) === 0) return false;
  for (let d = path.dirname(file); ; d = path.dirname(d)) {
    if ((fs.statSync(d).mode & 0o001) === 0) return false;
    if (d === path.dirname(d)) return true;
  }
}

let cliForNobody: string | null = null;
/**
 * The CLI as the `nobody` user can start it: dist/cli.js itself, or, when the checkout sits in a directory only
 * its owner may enter (a clone into `mktemp -d`), a copy of dist/ (without its code cache) in a temp dir of its own.
 */
export function cliNobodyCanRun(): string {
  if (cliForNobody) return cliForNobody;
  if (othersCanRead(CLI)) return (cliForNobody = CLI);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "compose-lint-dist-"));
  fs.chmodSync(dir, 0o755);
  const dist = path.dirname(CLI);
  fs.cpSync(dist, dir, { recursive: true, filter: (f) => path.relative(dist, f).split(path.sep)[0] !== ".cache" });
  process.once("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
  return (cliForNobody = path.join(dir, "cli.js"));
}
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
  let argv = [...(opts.nodeArgs ?? []), opts.asNobody ? cliNobodyCanRun() : CLI, ...args];
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
