// `compose-lint probe`: look at running containers through the Docker Engine API and report zombies
// and PID 1 without an init, pointing at the compose service that started each container.
// Read-only: only GET requests; no container is changed or stopped.
import fs from "node:fs";
import path from "node:path";
import { LineCounter, isMap, isScalar, parseDocument } from "yaml";
import type { Diagnostic, Severity } from "../types.js";
import { EngineClient, type ContainerInspect, type ContainerSummary, type ProcessRow } from "./engine.js";
import { KnowledgeBase } from "../knowledge/index.js";

export interface ProbeOptions {
  /** only containers of this compose project (label com.docker.compose.project or io.podman.compose.project) */
  project?: string;
  /** every running container */
  all?: boolean;
  /** sample for this many seconds (about one sample a second) and keep each container's worst sample */
  watch?: number;
  /** number of samples (overrides the count derived from `watch`) */
  samples?: number;
  /** working directory: diagnostics' `file` is relative to it; without project/all, the project run from here */
  cwd: string;
  /** engine endpoint (unix:///… or tcp://…); else DOCKER_HOST, else the usual sockets */
  endpoint?: string;
  /** milliseconds between samples (default 1000) */
  intervalMs?: number;
  /** environment used to find the engine (default process.env) */
  env?: NodeJS.ProcessEnv;
  /** an already connected client (tests) */
  client?: EngineClient;
}

/** What programs do as PID 1: the linter's knowledge base. */
const KB = new KnowledgeBase();

/**
 * Process names seen only at run time, which the file-based knowledge base has no entry for: `init`
 * (s6-overlay's /init, systemd's), s6's supervisor, and uWSGI (which reaps when run with `master`).
 */
const RUNTIME_REAPERS = ["init", "s6-supervise", "uwsgi"];
const SHELLS = new Set(["sh", "ash", "bash", "dash", "zsh", "ksh", "mksh", "busybox"]);

const LABELS = {
  project: ["com.docker.compose.project", "io.podman.compose.project"],
  service: ["com.docker.compose.service", "io.podman.compose.service"],
  workingDir: ["com.docker.compose.project.working_dir", "io.podman.compose.project.working_dir"],
  configFiles: ["com.docker.compose.project.config_files", "io.podman.compose.project.config_files"],
};

function label(labels: Record<string, string> | null | undefined, names: string[]): string | undefined {
  for (const n of names) {
    const v = labels?.[n];
    if (v !== undefined && v !== "") return v;
  }
  return undefined;
}

export interface ContainerReport {
  id: string;
  name: string;
  labels: Record<string, string>;
  pid1: ProcessRow | undefined;
  /** PID 1's command line from inspect (Path + Args) */
  command: string;
  init: boolean;
  zombies: ProcessRow[];
}

/** Sample the containers and return one report per container, with its worst sample. */
export async function sampleContainers(options: ProbeOptions): Promise<ContainerReport[]> {
  const client = options.client ?? (await EngineClient.connect(options.endpoint, options.env ?? process.env));
  const containers = selectContainers(await client.listContainers(), options);
  const interval = options.intervalMs ?? 1000;
  const samples = Math.max(
    1,
    Math.floor(options.samples ?? (options.watch && options.watch > 0 ? options.watch * (1000 / interval) + 1 : 1)),
  );

  const reports = new Map<string, ContainerReport>();
  const inspected = new Map<string, ContainerInspect>();
  for (let i = 0; i < samples; i++) {
    if (i > 0) await new Promise((r) => setTimeout(r, interval));
    for (const c of containers) {
      let info = inspected.get(c.Id);
      if (!info) {
        try {
          info = await client.inspect(c.Id);
        } catch {
          continue; // gone meanwhile
        }
        inspected.set(c.Id, info);
      }
      let rows: ProcessRow[];
      try {
        rows = await client.top(c.Id);
      } catch {
        continue; // stopped between list and top
      }
      const pid1 = findPid1(rows, info);
      const zombies = rows.filter((r) => r.state.startsWith("Z"));
      const prev = reports.get(c.Id);
      if (prev && prev.zombies.length >= zombies.length && prev.pid1) continue;
      const labels = { ...(c.Labels ?? {}), ...(info.Config?.Labels ?? {}) };
      const pid1Name = pid1 ? commName(pid1.comm) : "";
      reports.set(c.Id, {
        id: c.Id,
        name: containerName(c, info),
        labels,
        pid1,
        command: [info.Path ?? "", ...(info.Args ?? [])].join(" ").trim(),
        init: info.HostConfig?.Init === true || KB.isInit(pid1Name),
        zombies: prev && prev.zombies.length > zombies.length ? prev.zombies : zombies,
      });
    }
  }
  return [...reports.values()];
}

/** Run the probe and return its findings as diagnostics (sorted by file, line, rule). */
export async function probe(options: ProbeOptions): Promise<Diagnostic[]> {
  const reports = await sampleContainers(options);
  const locator = new ServiceLocator(options.cwd);
  const out: Diagnostic[] = [];
  for (const r of reports) {
    const loc = locator.locate(r);
    const service = label(r.labels, LABELS.service);
    const subject = service ? `container ${r.name} (service ${service})` : `container ${r.name}`;
    const pid1Name = r.pid1 ? commName(r.pid1.comm) : "";
    const pid1Text = pid1Name || r.command || "?";
    if (r.zombies.length > 0) {
      const counts = new Map<string, number>();
      for (const z of r.zombies) counts.set(z.comm || "?", (counts.get(z.comm || "?") ?? 0) + 1);
      const list = [...counts].map(([c, n]) => (n > 1 ? `${c} ×${n}` : c)).join(", ");
      out.push(
        diag(loc, "zombies", "error",
          `${subject} has ${r.zombies.length} zombie process${r.zombies.length === 1 ? "" : "es"} (${list}): ` +
            `PID 1 ${pid1Text} does not reap orphans` +
            (r.init ? "" : service ? "; add `init: true` to the service" : "; run it with --init")),
      );
    }
    if (!r.init && !isKnownReaper(pid1Name)) {
      const why = SHELLS.has(pid1Name)
        ? `the shell (${r.command || pid1Name}) ignores SIGTERM unless it traps it`
        : `${pid1Text} is not an init or a known reaper`;
      out.push(
        diag(loc, "missing-init", "warning",
          `${subject} runs ${SHELLS.has(pid1Name) ? "a shell" : pid1Text} as PID 1 without an init: ${why}` +
            (service ? "; add `init: true` to the service" : "; run it with --init")),
      );
    }
  }
  return out.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.rule.localeCompare(b.rule) || a.message.localeCompare(b.message));
}

function selectContainers(list: ContainerSummary[], options: ProbeOptions): ContainerSummary[] {
  const running = list.filter((c) => !c.State || c.State === "running");
  if (options.all) return running;
  if (options.project) return running.filter((c) => label(c.Labels, LABELS.project) === options.project);
  // default: the compose project(s) whose working directory is cwd
  const cwd = path.resolve(options.cwd);
  return running.filter((c) => {
    const wd = label(c.Labels, LABELS.workingDir);
    return wd !== undefined && path.resolve(wd) === cwd;
  });
}

function containerName(c: ContainerSummary, info: ContainerInspect): string {
  const n = info.Name || c.Names?.[0] || c.Id.slice(0, 12);
  return n.replace(/^\//, "");
}

/** Container PID 1: podman reports PIDs inside the container (1); Docker reports host PIDs (State.Pid). */
function findPid1(rows: ProcessRow[], info: ContainerInspect): ProcessRow | undefined {
  const hostPid = info.State?.Pid;
  return (
    (hostPid ? rows.find((r) => r.pid === hostPid) : undefined) ??
    rows.find((r) => r.pid === 1) ??
    rows.find((r) => r.ppid === 0) ??
    rows[0]
  );
}

function commName(comm: string): string {
  const first = comm.trim().split(/\s+/)[0] ?? "";
  return path.posix.basename(first);
}

/** A reaping PID 1, also under a versioned process name (`php-fpm8.2`, `postgres-16`). */
function isKnownReaper(name: string): boolean {
  const bare = name.replace(/[-.]?\d[\d.]*$/, "");
  return [name, bare].some((n) => RUNTIME_REAPERS.includes(n) || ["reaper", "init", "s6"].includes(KB.program(n).verdict) && KB.knows(n));
}

interface Location {
  path: string;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  start: number;
  end: number;
}

/** Finds the compose file and the line of a service key from a container's compose labels. */
class ServiceLocator {
  private cache = new Map<string, { text: string; lc: LineCounter; doc: ReturnType<typeof parseDocument> } | null>();

  constructor(private readonly cwd: string) {}

  locate(r: ContainerReport): Location {
    const service = label(r.labels, LABELS.service);
    const files = label(r.labels, LABELS.configFiles);
    const wd = label(r.labels, LABELS.workingDir);
    if (service && files) {
      for (const f of files.split(",").map((s) => s.trim()).filter(Boolean)) {
        const abs = path.resolve(wd ?? this.cwd, f);
        const hit = this.serviceKey(abs, service);
        if (hit) return hit;
      }
    }
    const pseudo = `container:${r.name}`;
    return { path: pseudo, file: pseudo, line: 1, column: 1, endLine: 1, endColumn: 1, start: 0, end: 0 };
  }

  private serviceKey(abs: string, service: string): Location | null {
    let parsed = this.cache.get(abs);
    if (parsed === undefined) {
      parsed = null;
      try {
        const text = fs.readFileSync(abs, "utf8").replace(/^\uFEFF/, "");
        const lc = new LineCounter();
        parsed = { text, lc, doc: parseDocument(text, { lineCounter: lc }) };
      } catch {
        parsed = null;
      }
      this.cache.set(abs, parsed);
    }
    if (!parsed) return null;
    const services = parsed.doc.get("services", true);
    if (!isMap(services)) return null;
    for (const pair of services.items) {
      const key = pair.key;
      if (!isScalar(key) || String(key.value) !== service || !key.range) continue;
      const [start, end] = key.range;
      const a = parsed.lc.linePos(start);
      const b = parsed.lc.linePos(end);
      return {
        path: abs,
        file: path.relative(this.cwd, abs).split(path.sep).join("/"),
        line: a.line,
        column: a.col,
        endLine: b.line,
        endColumn: b.col,
        start,
        end,
      };
    }
    return null;
  }
}

function diag(loc: Location, rule: string, severity: Severity, message: string): Diagnostic {
  return {
    rule,
    severity,
    message,
    path: loc.path,
    file: loc.file,
    line: loc.line,
    column: loc.column,
    endLine: loc.endLine,
    endColumn: loc.endColumn,
    span: { file: loc.path, start: loc.start, end: loc.end },
    fix: null,
  };
}
