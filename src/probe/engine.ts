// A minimal, read-only Docker Engine API client (Docker, or podman's `podman system service`).
// Only GET requests: it lists containers, inspects them and reads their process table.
import fs from "node:fs";
import http from "node:http";

export const API_VERSION = "v1.41";

export type Endpoint =
  | { kind: "unix"; socketPath: string; url: string }
  | { kind: "tcp"; host: string; port: number; url: string };

/** The engine could not be reached, or answered something unusable. Exit code 2 in the CLI. */
export class EngineError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "EngineError";
  }
}

/** `unix:///run/x.sock`, `/run/x.sock`, `tcp://127.0.0.1:2375`, `http://localhost:2375`. */
export function parseEndpoint(url: string): Endpoint {
  const u = url.trim();
  if (u.startsWith("unix://")) {
    const socketPath = u.slice("unix://".length);
    if (!socketPath.startsWith("/")) throw new EngineError(`bad unix endpoint ${JSON.stringify(url)}: expected unix:///absolute/path`);
    return { kind: "unix", socketPath, url: u };
  }
  if (u.startsWith("/")) return { kind: "unix", socketPath: u, url: `unix://${u}` };
  const m = /^(?:tcp|http):\/\/(\[[^\]]+\]|[^:/]+)(?::(\d+))?\/?$/.exec(u);
  if (m) {
    const host = m[1]!.replace(/^\[|\]$/g, "");
    const port = m[2] ? Number(m[2]) : 2375;
    return { kind: "tcp", host, port, url: `tcp://${m[1]}:${port}` };
  }
  if (u.startsWith("https://") || u.startsWith("ssh://") || u.startsWith("npipe://")) {
    throw new EngineError(`unsupported engine endpoint ${JSON.stringify(url)}: use unix:// or tcp:// (no TLS, ssh or named pipes)`);
  }
  throw new EngineError(`bad engine endpoint ${JSON.stringify(url)}: expected unix:///path or tcp://host:port`);
}

/** Where to look, in order: an explicit endpoint, else DOCKER_HOST, else the usual sockets. */
export function candidateEndpoints(explicit: string | undefined, env: NodeJS.ProcessEnv = process.env): Endpoint[] {
  if (explicit) return [parseEndpoint(explicit)];
  if (env.DOCKER_HOST) return [parseEndpoint(env.DOCKER_HOST)];
  const paths = ["/var/run/docker.sock"];
  if (env.XDG_RUNTIME_DIR) paths.push(`${env.XDG_RUNTIME_DIR}/podman/podman.sock`);
  paths.push("/run/podman/podman.sock");
  return paths.map((p) => parseEndpoint(p));
}

export interface ContainerSummary {
  Id: string;
  Names?: string[];
  Image?: string;
  Command?: string;
  State?: string;
  Labels?: Record<string, string> | null;
}

export interface ContainerInspect {
  Id: string;
  Name?: string;
  Path?: string;
  Args?: string[];
  State?: { Running?: boolean; Pid?: number };
  HostConfig?: { Init?: boolean | null; PidMode?: string };
  Config?: { Labels?: Record<string, string> | null; Image?: string };
}

export interface ProcessRow {
  pid: number;
  /** null when the engine's table has no PPID column */
  ppid: number | null;
  /** ps state letters ("S", "Z", "Ss"…), "" when unknown */
  state: string;
  /** command name (comm) or command line when only that is available */
  comm: string;
}

export interface TopResponse {
  Titles?: string[];
  Processes?: string[][];
}

interface RequestResult {
  status: number;
  body: string;
}

export interface EngineClientOptions {
  /** per-request timeout, ms */
  timeoutMs?: number;
}

export class EngineClient {
  readonly endpoint: Endpoint;
  private readonly timeoutMs: number;

  constructor(endpoint: Endpoint | string, options: EngineClientOptions = {}) {
    this.endpoint = typeof endpoint === "string" ? parseEndpoint(endpoint) : endpoint;
    this.timeoutMs = options.timeoutMs ?? 5000;
  }

  /**
   * The first candidate endpoint that answers GET /_ping. Throws EngineError naming every endpoint
   * tried when none answers.
   */
  static async connect(
    explicit?: string,
    env: NodeJS.ProcessEnv = process.env,
    options: EngineClientOptions = {},
  ): Promise<EngineClient> {
    const tried: string[] = [];
    for (const ep of candidateEndpoints(explicit, env)) {
      if (ep.kind === "unix" && !explicit && !env.DOCKER_HOST && !fs.existsSync(ep.socketPath)) {
        tried.push(`${ep.url} (no such socket)`);
        continue;
      }
      const client = new EngineClient(ep, { timeoutMs: Math.min(options.timeoutMs ?? 5000, 3000), ...options });
      try {
        await client.ping();
        return client;
      } catch (e) {
        tried.push(`${ep.url} (${(e as Error).message})`);
      }
    }
    throw new EngineError(`no container engine answered at ${tried.join(", ")}; set DOCKER_HOST or pass --host`);
  }

  async ping(): Promise<void> {
    const r = await this.request("/_ping");
    if (r.status !== 200) throw new EngineError(`HTTP ${r.status} from /_ping`);
  }

  /** Running containers (GET /containers/json). */
  async listContainers(): Promise<ContainerSummary[]> {
    const list = await this.getJson<ContainerSummary[]>(`/${API_VERSION}/containers/json`);
    if (!Array.isArray(list)) throw new EngineError("GET /containers/json did not return a list");
    return list;
  }

  async inspect(id: string): Promise<ContainerInspect> {
    return this.getJson<ContainerInspect>(`/${API_VERSION}/containers/${encodeURIComponent(id)}/json`);
  }

  /**
   * The container's processes with pid, ppid, state and comm. Tries, in order:
   * `ps_args=<psArgs>` (Docker runs `ps` on the host; podman runs it inside the container),
   * podman's own descriptors `pid,ppid,state,comm` (no `ps` needed in the image), and the plain
   * default table, where zombies are recognised by `<defunct>` or a bracketed `[name]`.
   */
  async top(id: string, psArgs = "-o pid,ppid,stat,comm"): Promise<ProcessRow[]> {
    const base = `/${API_VERSION}/containers/${encodeURIComponent(id)}/top`;
    const attempts = [psArgs, "pid,ppid,state,comm", ""];
    let lastError = "";
    let fallback: ProcessRow[] | null = null;
    for (const args of attempts) {
      const path = args ? `${base}?ps_args=${encodeURIComponent(args)}` : base;
      let r: RequestResult;
      try {
        r = await this.request(path);
      } catch (e) {
        if (e instanceof EngineError && /timed out|ECONNREFUSED|ENOENT/.test(e.message)) throw e;
        lastError = (e as Error).message;
        continue;
      }
      if (r.status !== 200) {
        lastError = `HTTP ${r.status}: ${errorMessage(r.body)}`;
        continue;
      }
      let parsed: TopResponse;
      try {
        parsed = JSON.parse(r.body) as TopResponse;
      } catch {
        lastError = "top answered with invalid JSON";
        continue;
      }
      const table = parseTop(parsed);
      if (table.hasState) return table.rows;
      fallback ??= table.rows;
    }
    if (fallback) return fallback;
    throw new EngineError(`cannot read the processes of container ${id.slice(0, 12)}: ${lastError}`);
  }

  private async getJson<T>(path: string): Promise<T> {
    const r = await this.request(path);
    if (r.status !== 200) throw new EngineError(`GET ${path}: HTTP ${r.status}: ${errorMessage(r.body)}`);
    try {
      return JSON.parse(r.body) as T;
    } catch {
      throw new EngineError(`GET ${path}: invalid JSON from the engine`);
    }
  }

  private request(path: string): Promise<RequestResult> {
    const ep = this.endpoint;
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          method: "GET",
          path,
          headers: { Host: "docker", Accept: "application/json" },
          timeout: this.timeoutMs,
          ...(ep.kind === "unix" ? { socketPath: ep.socketPath } : { host: ep.host, port: ep.port }),
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
          res.on("error", (e) => reject(new EngineError(`${ep.url}: ${e.message}`)));
        },
      );
      req.on("timeout", () => {
        req.destroy(new EngineError(`timed out after ${this.timeoutMs} ms`));
      });
      req.on("error", (e) => {
        const code = (e as NodeJS.ErrnoException).code;
        reject(e instanceof EngineError ? e : new EngineError(code ? `${code}` : e.message));
      });
      req.end();
    });
  }
}

function errorMessage(body: string): string {
  try {
    const j = JSON.parse(body) as { message?: string; cause?: string };
    return j.message ?? j.cause ?? body.slice(0, 200);
  } catch {
    return body.slice(0, 200);
  }
}

/**
 * Normalises a /top answer. Docker splits columns (Titles ["PID","PPID","STAT","COMMAND"]); podman,
 * when it runs `ps` inside the container, returns each row as one string with one title string.
 */
export function parseTop(res: TopResponse): { rows: ProcessRow[]; hasState: boolean } {
  let titles = (res.Titles ?? []).map((t) => t.trim());
  const joinedTitles = titles.length === 1 && /\s/.test(titles[0]!);
  if (joinedTitles) titles = titles[0]!.split(/\s+/);
  const col = (...names: string[]) => titles.findIndex((t) => names.includes(t.toUpperCase()));
  const iPid = col("PID");
  const iPpid = col("PPID");
  const iState = col("STAT", "STATE", "S");
  const iComm = col("COMM", "COMMAND", "UCOMM", "CMD", "ARGS");
  const rows: ProcessRow[] = [];
  for (const raw of res.Processes ?? []) {
    let cells = raw;
    if (cells.length === 1 && titles.length > 1) cells = splitColumns(cells[0]!, titles.length);
    const pid = Number(cells[iPid] ?? NaN);
    if (iPid < 0 || !Number.isFinite(pid)) continue;
    let comm = (iComm >= 0 ? cells.slice(iComm).join(" ") : cells[cells.length - 1] ?? "").trim();
    let state = iState >= 0 ? (cells[iState] ?? "").trim() : "";
    if (iState < 0) {
      // `ps -ef` (Docker) marks zombies "<defunct>"; busybox ps shows a zombie's comm in brackets
      if (/<defunct>\s*$/.test(comm) || /^\[[^\]]+\]$/.test(comm)) state = "Z";
    }
    comm = comm.replace(/\s*<defunct>\s*$/, "").replace(/^\[([^\]]+)\]$/, "$1");
    rows.push({ pid, ppid: iPpid >= 0 && Number.isFinite(Number(cells[iPpid])) ? Number(cells[iPpid]) : null, state, comm });
  }
  return { rows, hasState: iState >= 0 };
}

function splitColumns(line: string, n: number): string[] {
  const parts = line.trim().split(/\s+/);
  if (parts.length <= n) return parts;
  return [...parts.slice(0, n - 1), parts.slice(n - 1).join(" ")];
}
