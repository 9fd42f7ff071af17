// Helpers of the PID 1 lab: run a process tree as PID 1 of a fresh PID (and mount) namespace,
// look at its processes from inside, send it SIGTERM from outside, clean up.
import { execFile, spawn, spawnSync, type ChildProcess } from "node:child_process";
import { accessSync, constants, readFileSync, readlinkSync, realpathSync } from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { promisify } from "node:util";

const execFileP = promisify(execFile);

export interface Proc {
  /** pid inside the namespace */
  pid: number;
  ppid: number;
  stat: string;
  comm: string;
}

export const isZombie = (p: Proc): boolean => p.stat.startsWith("Z");

/** The directory the lab mounts its own bin directory over, inside the namespace. */
export const MOUNTED_DIR = "/usr/local/bin";

/**
 * Absolute path of an executable found on PATH (plus the sbin directories root normally has), or null.
 * MOUNTED_DIR is not searched: inside the namespace it holds only the lab's files.
 */
export function which(name: string): string | null {
  const dirs = [...(process.env.PATH ?? "").split(":"), "/usr/local/sbin", "/usr/sbin", "/sbin", "/usr/bin", "/bin"];
  for (const dir of dirs) {
    if (!dir || path.resolve(dir) === MOUNTED_DIR) continue;
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

/** Why the lab cannot run here, or null when it can. */
export function labUnavailableReason(): string | null {
  if (process.platform !== "linux") return `the PID 1 lab needs Linux PID namespaces (platform is ${process.platform})`;
  if (typeof process.getuid !== "function" || process.getuid() !== 0) {
    return "the PID 1 lab needs root (unshare --pid --mount-proc); run the suite as root";
  }
  const missing = ["unshare", "nsenter", "ps", "gcc", "busybox", "tini", "dumb-init", "setpriv", "su", "runuser", "dash", "timeout"].filter(
    (tool) => which(tool) === null,
  );
  if (missing.length > 0) {
    return `the PID 1 lab needs these programs, missing here (outside ${MOUNTED_DIR}): ${missing.join(", ")} (Debian packages: util-linux procps gcc libc6-dev busybox tini dumb-init dash coreutils)`;
  }
  const probe = spawnSync("unshare", ["--pid", "--fork", "--mount-proc", "--", "/bin/sh", "-c", "test $$ = 1"], {
    encoding: "utf8",
    timeout: 5000,
  });
  if (probe.status !== 0) {
    return `unshare --pid --fork --mount-proc does not work here (exit ${String(probe.status)}): ${(probe.stderr ?? "").trim() || "no message"}`;
  }
  return null;
}

// Inside the namespace, before exec'ing the command: put the lab's bin directory over MOUNTED_DIR
// (the mount namespace unshare creates is private, so the host never sees it). The wrapper shell
// execs the command, so the command itself becomes PID 1.
const MOUNT_AND_EXEC = `mount --bind "$0" ${MOUNTED_DIR} && exec "$@"`;

export interface StartOptions {
  /** directory bind-mounted over /usr/local/bin inside the namespace (null: no mount) */
  binDir: string | null;
  env?: NodeJS.ProcessEnv;
}

/** One process tree running as PID 1 of its own PID namespace. */
export class Namespace {
  private exited = false;
  private readonly exitPromise: Promise<void>;

  private constructor(
    private readonly unshare: ChildProcess,
    /** host pid of the namespace's PID 1 */
    readonly hostPid1: number,
    exitPromise: Promise<void>,
    private readonly stderrRef: { text: string },
  ) {
    this.exitPromise = exitPromise.then(() => {
      this.exited = true;
    });
  }

  static async start(argv: string[], opts: StartOptions): Promise<Namespace> {
    const wrapper = opts.binDir === null ? ["/bin/sh", "-c", 'exec "$@"', "lab"] : ["/bin/sh", "-c", MOUNT_AND_EXEC, opts.binDir];
    const child = spawn(
      "unshare",
      ["--pid", "--fork", "--mount-proc", "--kill-child", "--", ...wrapper, ...argv],
      { stdio: ["ignore", "ignore", "pipe"], env: opts.env ?? process.env },
    );
    const stderrRef = { text: "" };
    child.stderr?.setEncoding("utf8");
    child.stderr?.on("data", (chunk: string) => {
      if (stderrRef.text.length < 4000) stderrRef.text += chunk;
    });
    const exitPromise = new Promise<void>((resolve) => {
      child.once("exit", () => resolve());
      child.once("error", () => resolve());
    });
    const unsharePid = child.pid;
    if (unsharePid === undefined) throw new Error("could not start unshare");
    // the namespace's PID 1 is the child unshare forks
    const deadline = Date.now() + 3000;
    while (Date.now() < deadline) {
      let text = "";
      try {
        text = readFileSync(`/proc/${unsharePid}/task/${unsharePid}/children`, "utf8").trim();
      } catch {
        // unshare not ready yet, or gone
      }
      const first = text.split(/\s+/)[0];
      if (first) return new Namespace(child, Number(first), exitPromise, stderrRef);
      if (child.exitCode !== null || child.signalCode !== null) break;
      await sleep(10);
    }
    child.kill("SIGKILL");
    await exitPromise;
    throw new Error(`the namespace's PID 1 did not appear; unshare stderr: ${stderrRef.text.trim() || "(empty)"}`);
  }

  /** Processes of the namespace, seen from inside (`nsenter … ps`); the ps itself is left out. */
  async ps(): Promise<Proc[]> {
    const { stdout } = await execFileP(
      "nsenter",
      ["-t", String(this.hostPid1), "-p", "-m", "ps", "-eo", "pid=,ppid=,stat=,comm="],
      { encoding: "utf8", timeout: 5000 },
    );
    const procs: Proc[] = [];
    for (const line of stdout.split("\n")) {
      const m = /^\s*(\d+)\s+(\d+)\s+(\S+)\s+(.*)$/.exec(line);
      if (!m) continue;
      const proc: Proc = { pid: Number(m[1]), ppid: Number(m[2]), stat: m[3] ?? "", comm: (m[4] ?? "").trim() };
      // the ps we entered has no parent inside the namespace
      if (proc.comm === "ps" && proc.ppid === 0) continue;
      procs.push(proc);
    }
    return procs;
  }

  /**
   * Poll (every `intervalMs`, at most `timeoutMs`) until `done` holds for a snapshot.
   * Returns the last snapshot and whether the condition was met.
   */
  async waitFor(
    done: (procs: Proc[]) => boolean,
    timeoutMs: number,
    intervalMs = 50,
  ): Promise<{ ok: boolean; procs: Proc[]; elapsedMs: number }> {
    const start = Date.now();
    let procs: Proc[] = [];
    for (;;) {
      if (this.exited) return { ok: false, procs, elapsedMs: Date.now() - start };
      try {
        procs = await this.ps();
      } catch {
        procs = [];
      }
      if (done(procs)) return { ok: true, procs, elapsedMs: Date.now() - start };
      if (Date.now() - start >= timeoutMs) return { ok: false, procs, elapsedMs: Date.now() - start };
      await sleep(intervalMs);
    }
  }

  /** The host's view of PID 1's executable (resolved), or null. */
  pid1Exe(): string | null {
    try {
      return realpathSync(readlinkSync(`/proc/${this.hostPid1}/exe`));
    } catch {
      return null;
    }
  }

  /** PID 1's real uid, or null. */
  pid1Uid(): number | null {
    try {
      const status = readFileSync(`/proc/${this.hostPid1}/status`, "utf8");
      const m = /^Uid:\s+(\d+)/m.exec(status);
      return m ? Number(m[1]) : null;
    } catch {
      return null;
    }
  }

  /**
   * Send SIGTERM to PID 1 from outside (as `docker stop` does) and wait up to `boundMs` for the
   * namespace to end (PID 1 exiting takes everything else in the namespace down with it).
   * Returns the time it took, or null when it was still running at the bound.
   */
  async sigterm(boundMs: number): Promise<number | null> {
    const start = Date.now();
    try {
      process.kill(this.hostPid1, "SIGTERM");
    } catch {
      // already gone
    }
    const cancel = new AbortController();
    const timer = sleep(boundMs, "timeout" as const, { signal: cancel.signal }).catch(() => "timeout" as const);
    const result = await Promise.race([this.exitPromise.then(() => "exited" as const), timer]);
    cancel.abort();
    return result === "exited" ? Date.now() - start : null;
  }

  /** SIGKILL PID 1 (and so the whole namespace) and wait for unshare to finish. */
  async stop(): Promise<void> {
    if (!this.exited) {
      try {
        process.kill(this.hostPid1, "SIGKILL");
      } catch {
        // already gone
      }
      const t = setTimeout(() => this.unshare.kill("SIGKILL"), 3000);
      await this.exitPromise;
      clearTimeout(t);
    }
  }

  /** what unshare and the processes of the namespace wrote to stderr (first 4000 characters) */
  get unshareStderr(): string {
    return this.stderrRef.text;
  }
}

export interface Scenario {
  /** command run as PID 1 (through the /usr/local/bin bind-mount wrapper) */
  argv: string[];
  env?: NodeJS.ProcessEnv;
  /** `comm` of the process that must be running once the chain has settled */
  target: string;
  /** `comm`s that may still be running once the chain has settled (all others must have ended) */
  steady: string[];
  /**
   * `comm`s that must have been seen (running or defunct) before the chain counts as settled: proves the
   * short-lived part of the chain really ran, so a snapshot taken too early cannot pass for a settled one
   */
  mustSee?: string[];
  /** how long the chain may take to settle */
  settleMs?: number;
  /** how long to wait for SIGTERM to take effect */
  sigtermBoundMs: number;
  /** false: do not mount the lab's bin directory over /usr/local/bin (for commands that may live there, like node) */
  mountBin?: boolean;
}

export interface Measurement {
  settled: boolean;
  settleMs: number;
  procs: Proc[];
  pid1Comm: string | null;
  pid1Exe: string | null;
  pid1Uid: number | null;
  zombies: Proc[];
  /** ms until the namespace ended after SIGTERM, or null if it was still running at the bound */
  sigtermMs: number | null;
  unshareStderr: string;
}

/** Time allowed after settling for a reaper to collect the last exited process before counting zombies. */
export const REAP_GRACE_MS = 300;

/** Run one scenario end to end: start, wait until settled, count zombies, SIGTERM, clean up. */
export async function measure(scenario: Scenario, binDir: string): Promise<Measurement> {
  const ns = await Namespace.start(scenario.argv, { binDir: scenario.mountBin === false ? null : binDir, env: scenario.env });
  try {
    const seen = new Set<string>();
    const settledCheck = (procs: Proc[]): boolean => {
      for (const p of procs) seen.add(p.comm);
      const live = procs.filter((p) => !isZombie(p));
      return (
        (scenario.mustSee ?? []).every((comm) => seen.has(comm)) &&
        live.some((p) => p.comm === scenario.target) &&
        live.every((p) => scenario.steady.includes(p.comm))
      );
    };
    const settle = await ns.waitFor(settledCheck, scenario.settleMs ?? 4000);
    let procs = settle.procs;
    if (settle.ok) {
      await sleep(REAP_GRACE_MS);
      procs = await ns.ps();
    }
    const pid1 = procs.find((p) => p.pid === 1);
    const measurement: Measurement = {
      settled: settle.ok,
      settleMs: settle.elapsedMs,
      procs,
      pid1Comm: pid1?.comm ?? null,
      pid1Exe: ns.pid1Exe(),
      pid1Uid: ns.pid1Uid(),
      zombies: procs.filter(isZombie),
      sigtermMs: null,
      unshareStderr: "",
    };
    measurement.sigtermMs = await ns.sigterm(scenario.sigtermBoundMs);
    measurement.unshareStderr = ns.unshareStderr;
    return measurement;
  } finally {
    await ns.stop();
  }
}

/** A process listing for assertion messages. */
export function formatProcs(procs: Proc[]): string {
  return procs.map((p) => `${p.pid} ${p.ppid} ${p.stat} ${p.comm}`).join("; ") || "(no processes seen)";
}
