// A fake Docker Engine API on a unix socket in a temp dir, serving canned JSON.
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import type { TopResponse } from "../../src/probe/engine.js";

export interface FakeContainer {
  id: string;
  name: string;
  labels?: Record<string, string>;
  init?: boolean;
  path?: string;
  args?: string[];
  hostPid?: number;
  /** successive answers to /top (the last one repeats); or a function of ps_args */
  top: TopResponse[] | ((psArgs: string | null) => { status: number; body: unknown });
}

export interface FakeEngine {
  socket: string;
  url: string;
  requests: { method: string; url: string }[];
  containers: FakeContainer[];
  close: () => Promise<void>;
}

export async function startFakeEngine(containers: FakeContainer[], opts: { hang?: boolean } = {}): Promise<FakeEngine> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cl-fake-engine-"));
  const socket = path.join(dir, "docker.sock");
  const requests: { method: string; url: string }[] = [];
  const topCalls = new Map<string, number>();
  const server = http.createServer((req, res) => {
    requests.push({ method: req.method ?? "", url: req.url ?? "" });
    if (opts.hang) return; // never answers
    const url = new URL(req.url ?? "/", "http://docker");
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { "Content-Type": "application/json" });
      res.end(typeof body === "string" ? body : JSON.stringify(body));
    };
    if (req.method !== "GET") return send(405, { message: "read-only fake" });
    if (url.pathname === "/_ping") return send(200, "OK");
    if (url.pathname === "/v1.41/containers/json") {
      return send(
        200,
        containers.map((c) => ({ Id: c.id, Names: [`/${c.name}`], State: "running", Labels: c.labels ?? {} })),
      );
    }
    const m = /^\/v1\.41\/containers\/([^/]+)\/(json|top)$/.exec(url.pathname);
    const c = m ? containers.find((x) => x.id === m[1] || x.name === m[1]) : undefined;
    if (!m || !c) return send(404, { message: "no such container" });
    if (m[2] === "json") {
      return send(200, {
        Id: c.id,
        Name: `/${c.name}`,
        Path: c.path ?? "/usr/local/bin/server",
        Args: c.args ?? [],
        State: { Running: true, Pid: c.hostPid ?? 4242 },
        HostConfig: { Init: c.init ?? null },
        Config: { Labels: c.labels ?? {} },
      });
    }
    if (typeof c.top === "function") {
      const r = c.top(url.searchParams.get("ps_args"));
      return send(r.status, r.body);
    }
    const n = topCalls.get(c.id) ?? 0;
    topCalls.set(c.id, n + 1);
    return send(200, c.top[Math.min(n, c.top.length - 1)]);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(socket, () => resolve());
  });
  return {
    socket,
    url: `unix://${socket}`,
    requests,
    containers,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          fs.rmSync(dir, { recursive: true, force: true });
          resolve();
        });
      }),
  };
}

/** A Docker-style /top answer (columns split) for -o pid,ppid,stat,comm. */
export function dockerTop(rows: [number, number, string, string][]): TopResponse {
  return {
    Titles: ["PID", "PPID", "STAT", "COMMAND"],
    Processes: rows.map(([pid, ppid, stat, comm]) => [String(pid), String(ppid), stat, comm]),
  };
}
