import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { explicitComposeFiles, groupProjects, splitComposeFileVar } from "../../src/compose/project.js";
import { lint } from "../../src/engine/index.js";
import { fix } from "../../src/fix/apply.js";

const dirs: string[] = [];
function project(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "compose-project-"));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const BASE = "services:\n  api:\n    image: node:22\n    command: [\"node\", \"server.js\"]\n    restart: unless-stopped\n";
const OVERRIDE = "services:\n  api:\n    init: true\n";

async function findings(cwd: string, rule: string, composeFiles?: string[]): Promise<string[]> {
  const r = await lint([], { cwd, composeFiles });
  return r.diagnostics.filter((d) => d.rule === rule).map((d) => `${d.file}:${d.line}:${d.column} ${d.severity}`);
}

describe("compose projects", () => {
  it("merges compose.override.yaml: init: true there makes the service clean", async () => {
    const dir = project({ "compose.yaml": BASE, "compose.override.yaml": OVERRIDE });
    expect(await findings(dir, "missing-init")).toEqual([]);
  });

  it("with -f compose.yaml only, missing-init is reported on the service in compose.yaml", async () => {
    const dir = project({ "compose.yaml": BASE, "compose.override.yaml": OVERRIDE });
    expect(await findings(dir, "missing-init", ["compose.yaml"])).toEqual(["compose.yaml:2:3 warning"]);
  });

  it("-f files merge in order and the fix edits the first file that declares the service", async () => {
    const dir = project({ "base.yaml": BASE, "prod.yaml": "services:\n  api:\n    restart: always\n" });
    expect(await findings(dir, "missing-init", ["base.yaml", "prod.yaml"])).toEqual(["base.yaml:2:3 warning"]);
    await fix([], { cwd: dir, composeFiles: ["base.yaml", "prod.yaml"], unsafe: false, dryRun: false });
    expect(fs.readFileSync(path.join(dir, "base.yaml"), "utf8")).toContain("init: true");
    expect(fs.readFileSync(path.join(dir, "prod.yaml"), "utf8")).not.toContain("init");
  });

  it("a later file's command replaces the earlier one; the chain points into the later file", async () => {
    const dir = project({ "compose.yaml": "services:\n  web:\n    image: node:22\n", "compose.override.yaml": "services:\n  web:\n    command: [\"python\", \"app.py\"]\n" });
    const r = await lint([], { cwd: dir });
    const web = r.model!.containers.find((c) => c.name === "web")!;
    expect(web.chain.program).toBe("python");
    expect(web.chain.hops[0]!.span.file).toBe(path.join(dir, "compose.override.yaml"));
    expect(web.at.file).toBe(path.join(dir, "compose.yaml"));
  });

  it("!reset removes a value and !override replaces it", async () => {
    const dir = project({
      "compose.yaml": "services:\n  a:\n    image: node:22\n    init: true\n  b:\n    build:\n      context: .\n      target: dev\n",
      "compose.override.yaml": "services:\n  a:\n    init: !reset null\n  b:\n    build: !override\n      context: ./other\n",
      "Dockerfile": "FROM node:22 AS dev\nCMD [\"node\"]\n",
      "other/Dockerfile": "FROM python:3.12\nCMD [\"python\", \"app.py\"]\n",
    });
    const r = await lint([], { cwd: dir });
    const a = r.model!.containers.find((c) => c.name === "a")!;
    const b = r.model!.containers.find((c) => c.name === "b")!;
    expect(a.init.state).toBe("unset");
    expect(b.build?.context).toBe("./other");
    expect(b.build?.target).toBeNull();
    expect(b.chain.program).toBe("python");
  });

  it("build mappings merge key-wise, a string build is the context", async () => {
    const dir = project({
      "compose.yaml": "services:\n  b:\n    build: ./app\n",
      "compose.override.yaml": "services:\n  b:\n    build:\n      dockerfile: Dockerfile.dev\n",
      "app/Dockerfile.dev": "FROM node:22\nCMD [\"node\", \"dev.js\"]\n",
    });
    const r = await lint([], { cwd: dir });
    const b = r.model!.containers.find((c) => c.name === "b")!;
    expect(b.build?.dockerfile).toBe("Dockerfile.dev");
    expect(b.chain.program).toBe("node");
  });

  it("reports extends and include cycles instead of following them", async () => {
    const dir = project({
      "compose.yaml": "include:\n  - sub/compose.yaml\nservices:\n  a:\n    extends: b\n  b:\n    extends: a\n    image: node:22\n",
      "sub/compose.yaml": "include:\n  - ../compose.yaml\nservices:\n  s:\n    image: nginx:1.27\n",
    });
    const r = await lint([], { cwd: dir });
    const msgs = r.diagnostics.filter((d) => d.rule === "parse-error").map((d) => d.message);
    expect(msgs.some((m) => /extends cycle/.test(m))).toBe(true);
    expect(msgs.some((m) => /include cycle/.test(m))).toBe(true);
  });

  it("an unset variable in init is unknown, not a crash; a default decides", async () => {
    const dir = project({ "compose.yaml": "services:\n  a:\n    image: node:22\n    init: ${USE_INIT}\n  b:\n    image: node:22\n    init: ${USE_INIT:-true}\n" });
    const r = await lint([], { cwd: dir });
    const byName = Object.fromEntries(r.model!.containers.map((c) => [c.name, c.init.state]));
    expect(byName).toEqual({ a: "unknown", b: "true" });
  });

  it("YAML 1.1 habits: restart: no, init: yes/on", async () => {
    const dir = project({ "compose.yaml": "services:\n  a:\n    image: node:22\n    restart: no\n    init: yes\n  b:\n    image: node:22\n    init: on\n" });
    const r = await lint([], { cwd: dir });
    const a = r.model!.containers.find((c) => c.name === "a")!;
    expect(a.restart?.value).toBe("no");
    expect(a.init.state).toBe("true");
    expect(r.model!.containers.find((c) => c.name === "b")!.init.state).toBe("true");
  });
});

describe("which files", () => {
  it("groups a directory's base file with its override", () => {
    const g = groupProjects(["/p/compose.yaml", "/p/compose.override.yaml", "/p/compose.prod.yaml", "/q/docker-compose.yml"]);
    expect(g).toEqual([["/p/compose.yaml", "/p/compose.override.yaml"], ["/p/compose.prod.yaml"], ["/q/docker-compose.yml"]]);
  });

  it("merges an overlay (a service with neither image nor build) after the nearest base file that completes it", () => {
    const shapes: Record<string, Record<string, boolean>> = {
      "/p/compose.yaml": { web: true, db: true },
      "/p/compose.override.yaml": { web: false },
      "/p/docker-compose-dev.yml": { web: false },
      "/p/deploy/proxy/compose.proxy.yaml": { web: false, proxy: true },
      "/p/docker-compose-other.yml": { worker: false },
      "/p/compose.prod.yaml": { web: true },
      "/q/docker-compose-lone.yml": { api: false },
      // a variant kept in a folder: an override with no base beside it, complete services of its own
      "/p/variants/build/docker-compose.override.yml": { web: true },
      // a CI scenario named like a base file, adding only environment to the project's service
      "/p/ci/basic/compose.yaml": { web: false },
      // an override with no base beside it that shares no service with the base above: its own project
      "/p/tools/compose.override.yaml": { linter: true },
    };
    const shape = (f: string): Map<string, boolean> | null => (shapes[f] ? new Map(Object.entries(shapes[f]!)) : null);
    const g = groupProjects(Object.keys(shapes), undefined, shape);
    expect(g).toEqual([
      ["/p/compose.yaml", "/p/compose.override.yaml"],
      ["/p/compose.yaml", "/p/docker-compose-dev.yml"],
      // no base defines `worker`: Compose could not run it with any base here, so it stays on its own
      ["/p/docker-compose-other.yml"],
      ["/p/compose.prod.yaml"],
      ["/p/compose.yaml", "/p/deploy/proxy/compose.proxy.yaml"],
      ["/q/docker-compose-lone.yml"],
      ["/p/compose.yaml", "/p/variants/build/docker-compose.override.yml"],
      ["/p/compose.yaml", "/p/ci/basic/compose.yaml"],
      ["/p/tools/compose.override.yaml"],
    ]);
  });

  it("lints an overlay file merged with its base: no 'unknown' for a service the overlay only adds to", async () => {
    const dir = project({
      "compose.yaml": "services:\n  web:\n    image: node:22\n    command: [node, server.js]\n",
      "docker-compose-dev.yml": "services:\n  web:\n    volumes:\n      - ./src:/app\n",
    });
    const r = await lint([], { cwd: dir });
    expect(r.diagnostics.filter((d) => /unknown/.test(d.message))).toEqual([]);
    const web = r.diagnostics.filter((d) => d.rule === "missing-init");
    expect(web.map((d) => `${path.basename(d.path)}:${d.line} ${d.severity}`)).toEqual(["compose.yaml:2 warning"]);
  });

  it("a service that only adds to an included service of the same name is judged merged with it, once", async () => {
    const dir = project({
      "compose.yaml": "include:\n  - path: ./services/db.yaml\nservices:\n  app:\n    image: node:22\n    init: true\n  db:\n    shm_size: 256mb\n    init: true\n",
      "services/db.yaml": "services:\n  db:\n    image: postgres:16\n",
    });
    const r = await lint([], { cwd: dir });
    const db = r.model!.containers.filter((c) => c.name === "db");
    expect(db).toHaveLength(1);
    expect(db[0]!.init.state).toBe("true");
    expect(r.diagnostics.filter((d) => /unknown/.test(d.message))).toEqual([]);
  });

  it("interpolates with the .env example the project ships when there is no .env, and with .env when there is", async () => {
    const files = { "compose.yaml": "services:\n  app:\n    image: ${APP_IMAGE}\n", "env.example": "APP_IMAGE=node:22\n" };
    const example = await lint([], { cwd: project(files) });
    expect(example.diagnostics.map((d) => d.message).join("\n")).toMatch(/runs node \(image node:22\)/);
    const own = await lint([], { cwd: project({ ...files, ".env": "APP_IMAGE=nginx:1.27\n" }) });
    expect(own.diagnostics.filter((d) => d.rule === "missing-init")).toEqual([]);
    const none = await lint([], { cwd: project({ "compose.yaml": files["compose.yaml"] }) });
    expect(none.diagnostics.map((d) => d.message).join("\n")).toMatch(/APP_IMAGE/);
  });

  it("honours -f, then COMPOSE_FILE with COMPOSE_PATH_SEPARATOR", () => {
    expect(explicitComposeFiles("/w", [], ["a.yaml", "b.yaml"], {})).toEqual(["/w/a.yaml", "/w/b.yaml"]);
    expect(explicitComposeFiles("/w", [], undefined, { COMPOSE_FILE: "a.yaml:b.yaml" })).toEqual(["/w/a.yaml", "/w/b.yaml"]);
    expect(explicitComposeFiles("/w", [], undefined, { COMPOSE_FILE: "a.yaml,b.yaml", COMPOSE_PATH_SEPARATOR: "," })).toEqual(["/w/a.yaml", "/w/b.yaml"]);
    expect(explicitComposeFiles("/w", [], undefined, {}, () => "COMPOSE_FILE=x.yaml\n")).toEqual(["/w/x.yaml"]);
    expect(explicitComposeFiles("/w", ["sub"], undefined, { COMPOSE_FILE: "a.yaml" })).toBeNull();
    expect(splitComposeFileVar("a:b", ":")).toEqual(["a", "b"]);
  });
});
