import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { EngineClient, EngineError, candidateEndpoints, parseEndpoint, parseTop } from "../../src/probe/engine.js";
import { probe } from "../../src/probe/probe.js";
import { dockerTop, startFakeEngine, type FakeEngine } from "./fake-engine.js";

let engine: FakeEngine | undefined;
const tmpDirs: string[] = [];
afterEach(async () => {
  await engine?.close();
  engine = undefined;
  for (const d of tmpDirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function tmp(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), "cl-probe-test-"));
  tmpDirs.push(d);
  return d;
}

const HOST_PID = 4242;
/** Docker reports host PIDs: PID 1 of the container is State.Pid. */
const goWithZombie = dockerTop([
  [HOST_PID, 4200, "Ssl", "server"],
  [HOST_PID + 7, HOST_PID, "Z", "timeout"],
]);

describe("probe against a fake Docker API", () => {
  it("counts zombies and names the container, count and zombie commands", async () => {
    engine = await startFakeEngine([
      {
        id: "a1",
        name: "shop_app_1",
        top: [
          dockerTop([
            [HOST_PID, 4200, "Ssl", "server"],
            [4250, HOST_PID, "Z", "timeout"],
            [4251, HOST_PID, "Z", "timeout"],
            [4252, HOST_PID, "Z+", "sh"],
            [4253, HOST_PID, "S", "worker"],
          ]),
        ],
      },
    ]);
    const diags = await probe({ all: true, cwd: tmp(), endpoint: engine.url });
    const z = diags.find((d) => d.rule === "zombies");
    expect(z).toBeDefined();
    expect(z!.severity).toBe("error");
    expect(z!.message).toContain("shop_app_1");
    expect(z!.message).toMatch(/\b3 zombie processes\b/);
    expect(z!.message).toContain("timeout ×2");
    expect(z!.message).toContain("sh");
    expect(z!.file).toBe("container:shop_app_1");
    expect(z!.line).toBe(1);
    const mi = diags.find((d) => d.rule === "missing-init");
    expect(mi?.severity).toBe("warning");
    expect(mi?.message).toContain("server");
    // read-only: nothing but GET
    expect(engine.requests.every((r) => r.method === "GET")).toBe(true);
  });

  it("reports nothing for a container with an init (HostConfig.Init or an init as PID 1)", async () => {
    engine = await startFakeEngine([
      { id: "i1", name: "with_init_flag", init: true, top: [dockerTop([[HOST_PID, 1, "Ss", "docker-init"], [HOST_PID + 1, HOST_PID, "S", "server"]])] },
      { id: "i2", name: "tini_in_image", top: [dockerTop([[HOST_PID, 1, "Ss", "tini"], [HOST_PID + 1, HOST_PID, "S", "node"]])] },
      { id: "i3", name: "podman_init", top: [{ Titles: ["PID", "PPID", "STATE", "COMMAND"], Processes: [["1", "0", "S", "podman-init"], ["7", "1", "S", "server"]] }] },
      { id: "i4", name: "nginx", top: [dockerTop([[HOST_PID, 1, "Ss", "nginx"], [HOST_PID + 1, HOST_PID, "S", "nginx"]])] },
    ]);
    const diags = await probe({ all: true, cwd: tmp(), endpoint: engine.url });
    expect(diags).toEqual([]);
  });

  it("flags a shell that stays PID 1 as missing-init", async () => {
    engine = await startFakeEngine([
      { id: "s1", name: "shelly", path: "/bin/sh", args: ["/entrypoint.sh"], top: [dockerTop([[HOST_PID, 1, "Ss", "sh"], [HOST_PID + 1, HOST_PID, "S", "server"]])] },
    ]);
    const diags = await probe({ all: true, cwd: tmp(), endpoint: engine.url });
    expect(diags.map((d) => d.rule)).toEqual(["missing-init"]);
    expect(diags[0]!.message).toContain("shell");
  });

  it("points at the compose service key line from the compose labels", async () => {
    const dir = tmp();
    const proj = path.join(dir, "shop");
    fs.mkdirSync(proj);
    fs.writeFileSync(
      path.join(proj, "compose.yaml"),
      ["# shop", "services:", "  db:", "    image: postgres:16", "", "  app:", "    build: .", "    command: [server]", ""].join("\n"),
    );
    const labels = (svc: string) => ({
      "com.docker.compose.project": "shop",
      "com.docker.compose.service": svc,
      "com.docker.compose.project.working_dir": proj,
      "com.docker.compose.project.config_files": "compose.yaml",
    });
    engine = await startFakeEngine([
      { id: "c1", name: "shop_app_1", labels: labels("app"), top: [goWithZombie] },
      { id: "c2", name: "shop_db_1", labels: labels("db"), top: [dockerTop([[HOST_PID, 1, "Ss", "postgres"]])] },
      { id: "c3", name: "other_x_1", labels: { "com.docker.compose.project": "other" }, top: [goWithZombie] },
    ]);
    const diags = await probe({ project: "shop", cwd: dir, endpoint: engine.url });
    expect(diags.map((d) => [d.rule, d.file, d.line, d.column, d.endColumn])).toEqual([
      ["missing-init", "shop/compose.yaml", 6, 3, 6],
      ["zombies", "shop/compose.yaml", 6, 3, 6],
    ]);
    expect(diags[0]!.path).toBe(path.join(proj, "compose.yaml"));
    expect(diags[1]!.message).toContain("service app");
    expect(diags[1]!.message).toContain("init: true");
  });

  it("supports podman-compose's io.podman.compose.* labels and absolute config file paths", async () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, "docker-compose.yml"), "services:\n  api:\n    image: x\n");
    engine = await startFakeEngine([
      {
        id: "p1",
        name: "proj_api_1",
        labels: {
          "io.podman.compose.project": "proj",
          "io.podman.compose.service": "api",
          "io.podman.compose.project.config_files": path.join(dir, "docker-compose.yml"),
        },
        top: [goWithZombie],
      },
    ]);
    const diags = await probe({ project: "proj", cwd: dir, endpoint: engine.url });
    expect(diags.map((d) => `${d.rule} ${d.file}:${d.line}`)).toEqual(["missing-init docker-compose.yml:2", "zombies docker-compose.yml:2"]);
  });

  it("without --project/--all, probes the compose project whose working dir is cwd", async () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, "compose.yaml"), "services:\n  app:\n    build: .\n");
    const here = {
      "com.docker.compose.project": "here",
      "com.docker.compose.service": "app",
      "com.docker.compose.project.working_dir": dir,
      "com.docker.compose.project.config_files": "compose.yaml",
    };
    engine = await startFakeEngine([
      { id: "h1", name: "here_app_1", labels: here, top: [goWithZombie] },
      { id: "o1", name: "elsewhere", labels: { "com.docker.compose.project.working_dir": "/elsewhere" }, top: [goWithZombie] },
      { id: "n1", name: "plain", top: [goWithZombie] },
    ]);
    const diags = await probe({ cwd: dir, endpoint: engine.url });
    expect(new Set(diags.map((d) => d.file))).toEqual(new Set(["compose.yaml"]));
    const all = await probe({ all: true, cwd: dir, endpoint: engine.url });
    expect(new Set(all.map((d) => d.file))).toEqual(new Set(["compose.yaml", "container:elsewhere", "container:plain"]));
  });

  it("--watch samples repeatedly and reports the worst sample per container", async () => {
    const top = (n: number) =>
      dockerTop([[HOST_PID, 1, "Ssl", "server"], ...Array.from({ length: n }, (_, i): [number, number, string, string] => [5000 + i, HOST_PID, "Z", `job${i}`])]);
    engine = await startFakeEngine([{ id: "w1", name: "watched", top: [top(0), top(2), top(1), top(0)] }]);
    const diags = await probe({ all: true, watch: 0.03, intervalMs: 10, cwd: tmp(), endpoint: engine.url });
    const z = diags.find((d) => d.rule === "zombies");
    expect(z?.message).toMatch(/\b2 zombie processes \(job0, job1\)/);
    const tops = engine.requests.filter((r) => r.url.includes("/top"));
    expect(tops.length).toBe(4);
    // a single sample (no --watch) sees only the first answer
    await engine.close();
    engine = await startFakeEngine([{ id: "w1", name: "watched", top: [top(0), top(2)] }]);
    const once = await probe({ all: true, cwd: tmp(), endpoint: engine.url });
    expect(once.some((d) => d.rule === "zombies")).toBe(false);
  });

  it("falls back when the engine ignores ps_args (busybox-style and ps -ef tables)", async () => {
    engine = await startFakeEngine([
      {
        id: "b1",
        name: "busybox_style",
        // podman without usable descriptors: busybox `ps` output, one string per row
        top: () => ({ status: 200, body: { Titles: ["PID   USER     COMMAND"], Processes: [["1 root     server"], ["8 root     [timeout]"]] } }),
      },
      {
        id: "d1",
        name: "ef_style",
        top: () => ({
          status: 200,
          body: {
            Titles: ["UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"],
            Processes: [
              ["root", String(HOST_PID), "4200", "0", "10:00", "?", "00:00:00", "/usr/local/bin/server"],
              ["root", "4300", String(HOST_PID), "0", "10:00", "?", "00:00:00", "[timeout] <defunct>"],
            ],
          },
        }),
      },
    ]);
    const diags = await probe({ all: true, cwd: tmp(), endpoint: engine.url });
    const z = diags.filter((d) => d.rule === "zombies");
    expect(z.map((d) => d.file).sort()).toEqual(["container:busybox_style", "container:ef_style"]);
    for (const d of z) expect(d.message).toMatch(/1 zombie process \(timeout\)/);
    // it asked with ps_args first, then podman descriptors, then the plain table
    const urls = engine.requests.filter((r) => r.url.includes("/containers/b1/top")).map((r) => r.url);
    expect(urls).toEqual([
      "/v1.41/containers/b1/top?ps_args=-o%20pid%2Cppid%2Cstat%2Ccomm",
      "/v1.41/containers/b1/top?ps_args=pid%2Cppid%2Cstate%2Ccomm",
      "/v1.41/containers/b1/top",
    ]);
  });

  it("uses podman descriptors when ps is missing in the image (ps_args answer is an error)", async () => {
    engine = await startFakeEngine([
      {
        id: "x1",
        name: "distroless",
        top: (ps) =>
          ps === "pid,ppid,state,comm"
            ? { status: 200, body: { Titles: ["PID", "PPID", "STATE", "COMMAND"], Processes: [["1", "0", "S", "app"], ["9", "1", "Z", "curl"]] } }
            : { status: 500, body: { message: 'executable file `ps` not found in $PATH' } },
      },
    ]);
    const diags = await probe({ all: true, cwd: tmp(), endpoint: engine.url });
    expect(diags.find((d) => d.rule === "zombies")?.message).toMatch(/1 zombie process \(curl\): PID 1 app/);
  });

  it("no engine: a clear error naming where it looked", async () => {
    const dir = tmp();
    const sock = path.join(dir, "nothing.sock");
    await expect(probe({ all: true, cwd: dir, endpoint: `unix://${sock}` })).rejects.toThrow(EngineError);
    await expect(probe({ all: true, cwd: dir, endpoint: `unix://${sock}` })).rejects.toThrow(
      new RegExp(`no container engine answered at unix://${sock}.*; set DOCKER_HOST`),
    );
    await expect(EngineClient.connect(undefined, { DOCKER_HOST: `unix://${sock}` })).rejects.toThrow(/set DOCKER_HOST/);
  });

  it("an engine that does not answer times out with a clear error", async () => {
    engine = await startFakeEngine([], { hang: true });
    const t0 = Date.now();
    await expect(EngineClient.connect(engine.url, {}, { timeoutMs: 200 })).rejects.toThrow(/no container engine answered at .*timed out/);
    expect(Date.now() - t0).toBeLessThan(3000);
  });
});

describe("engine endpoints and /top parsing", () => {
  it("parses DOCKER_HOST forms and orders the default sockets", () => {
    expect(parseEndpoint("unix:///run/podman/podman.sock")).toMatchObject({ kind: "unix", socketPath: "/run/podman/podman.sock" });
    expect(parseEndpoint("tcp://127.0.0.1:2375")).toMatchObject({ kind: "tcp", host: "127.0.0.1", port: 2375 });
    expect(parseEndpoint("tcp://[::1]:2376")).toMatchObject({ kind: "tcp", host: "::1", port: 2376 });
    expect(() => parseEndpoint("ssh://me@host")).toThrow(EngineError);
    expect(candidateEndpoints(undefined, { DOCKER_HOST: "tcp://localhost:2375" }).map((e) => e.url)).toEqual(["tcp://localhost:2375"]);
    expect(candidateEndpoints(undefined, { XDG_RUNTIME_DIR: "/run/user/1000" }).map((e) => e.url)).toEqual([
      "unix:///var/run/docker.sock",
      "unix:///run/user/1000/podman/podman.sock",
      "unix:///run/podman/podman.sock",
    ]);
    expect(candidateEndpoints("unix:///x.sock", { DOCKER_HOST: "tcp://localhost:1" }).map((e) => e.url)).toEqual(["unix:///x.sock"]);
  });

  it("splits podman's one-string rows", () => {
    const t = parseTop({ Titles: ["PID   PPID  STAT COMMAND"], Processes: [["1     0 S    server"], ["8     1 Z    timeout"]] });
    expect(t.hasState).toBe(true);
    expect(t.rows).toEqual([
      { pid: 1, ppid: 0, state: "S", comm: "server" },
      { pid: 8, ppid: 1, state: "Z", comm: "timeout" },
    ]);
  });
});
