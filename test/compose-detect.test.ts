import fs from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { composeFileFromDotEnv, DETECT_READ_BYTES, isComposeFileByContent, isComposeFileName, isComposeText, overrideBase } from "../src/compose-detect.js";
import { groupProjects } from "../src/compose/project.js";
import { discover } from "../src/discover.js";
import { lint } from "../src/engine/index.js";
import { project } from "./helpers.js";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
function proj(files: Record<string, string>): string {
  const d = project(files);
  dirs.push(d);
  return d;
}

const COMPOSE = "services:\n  web:\n    image: nginx:1.27\n";

describe("compose file names", () => {
  it("knows the names people give other compose files", () => {
    for (const n of ["docker-compose.prod.yml", "docker-compose.test.override.yml", "docker-compose-caddy-proxy.yml", "compose.dev.yaml", "app.compose.yaml", "web.compose.yml"]) {
      expect(isComposeFileName(n), n).toBe(true);
    }
    for (const n of ["compose.yaml.bak", "docker-compose.txt", "compose.json", "mycompose.yaml", "values.yaml", "docker-compose-.yml"]) {
      expect(isComposeFileName(n), n).toBe(false);
    }
  });

  it("an override file's base is the same name without `.override`, when it is there", () => {
    const list = ["/p/docker-compose.test.yml", "/p/docker-compose.test.override.yml", "/p/compose.override.yaml"];
    expect(overrideBase("/p/docker-compose.test.override.yml", list)).toBe("/p/docker-compose.test.yml");
    expect(overrideBase("/p/compose.override.yaml", list)).toBeNull();
    expect(overrideBase("/p/docker-compose.test.yml", list)).toBeNull();
    expect(overrideBase("/p/stack.override.yaml", ["/p/stack.yml"])).toBe("/p/stack.yml");
  });

  it("reads COMPOSE_FILE from a .env text", () => {
    expect(composeFileFromDotEnv("# env\nCOMPOSE_FILE=compose.yaml:compose.prod.yaml\n")).toEqual(["compose.yaml", "compose.prod.yaml"]);
    expect(composeFileFromDotEnv('COMPOSE_PATH_SEPARATOR=;\nCOMPOSE_FILE="a.yml;b.yml"\n')).toEqual(["a.yml", "b.yml"]);
    expect(composeFileFromDotEnv("OTHER=1\n")).toBeNull();
    expect(composeFileFromDotEnv("COMPOSE_FILE=${FILES}\n")).toBeNull();
  });
});

describe("compose files by content", () => {
  it("a top-level services mapping with a service that has an image or a build", () => {
    expect(isComposeText(COMPOSE)).toBe(true);
    expect(isComposeText("version: '3.8'\nx-common: &c\n  image: app:1\nservices:\n  a:\n    <<: *c\n")).toBe(true);
    expect(isComposeText("name: demo\nservices:\n  api:\n    build:\n      context: .\n")).toBe(true);
    expect(isComposeText("services:\n  api:\n    build: ./api\nvolumes:\n  data: {}\n")).toBe(true);
  });

  it("not a workflow, a Kubernetes manifest, a CI file with a list of services or Helm values", () => {
    expect(isComposeText("on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    services:\n      db:\n        image: postgres\n")).toBe(false);
    expect(isComposeText("apiVersion: v1\nkind: List\nservices:\n  web:\n    image: nginx\n")).toBe(false);
    expect(isComposeText("stages: [test]\nservices:\n  - docker:dind\ntest:\n  script: [make]\n")).toBe(false);
    expect(isComposeText("services:\n  api:\n    image:\n      repository: acme/api\n      tag: 1.0\n")).toBe(false);
    expect(isComposeText("services:\n  api:\n    ports: ['80:80']\n")).toBe(false);
    expect(isComposeText("  services:\n    web:\n      image: nginx\n")).toBe(false);
    expect(isComposeText("services: [\n")).toBe(false);
  });

  it("reads at most the first 64 KiB of a file", () => {
    const big = COMPOSE + `x-notes: |\n${"  filler line of text\n".repeat(Math.ceil((DETECT_READ_BYTES * 2) / 21))}`;
    const late = `x-notes: |\n${"  filler line of text\n".repeat(Math.ceil((DETECT_READ_BYTES * 2) / 21))}${COMPOSE}`;
    const dir = proj({ "big.yml": big, "late.yml": late, "bin.yml": "services:\n\0\0" });
    expect(isComposeFileByContent(path.join(dir, "big.yml"))).toBe(true);
    expect(isComposeFileByContent(path.join(dir, "late.yml"))).toBe(false);
    expect(isComposeFileByContent(path.join(dir, "bin.yml"))).toBe(false);
    expect(isComposeFileByContent(path.join(dir, "missing.yml"))).toBe(false);
  });
});

describe("discovery", () => {
  it("finds every compose file of a tree, and the files that say how images are built", () => {
    const dir = proj({
      "docker-compose.yml": COMPOSE,
      "docker-compose.prod.yml": COMPOSE,
      "examples/docker-compose-caddy-proxy.yml": COMPOSE,
      "deploy/stack.yaml": COMPOSE,
      "deploy/app.compose.yml": COMPOSE,
      "deploy/k8s.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n",
      "config/settings.yml": "services:\n  mail:\n    host: smtp.example.com\n",
      ".github/workflows/ci.yml": "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps: [{run: make}]\n",
      "docker-bake.hcl": 'target "app" {\n  tags = ["acme/app"]\n}\n',
      ".gitlab-ci.yml": "build:\n  script: [docker build -t acme/app .]\n",
    });
    const found = discover(dir, ["."]);
    const rel = (l: string[]): string[] => l.map((f) => path.relative(dir, f).split(path.sep).join("/")).sort();
    expect(rel(found.composeFiles)).toEqual(["deploy/app.compose.yml", "deploy/stack.yaml", "docker-compose.prod.yml", "docker-compose.yml", "examples/docker-compose-caddy-proxy.yml"]);
    expect(rel(found.buildFiles)).toEqual([".gitlab-ci.yml", "docker-bake.hcl"]);
    expect(rel(found.extras)).toEqual([".github/workflows/ci.yml"]);
  });

  it("never reads a YAML file outside the searched paths through a symbolic link", () => {
    const outside = proj({ "stack.yml": COMPOSE });
    const dir = proj({ "inside/stack.yml": COMPOSE });
    fs.symlinkSync(path.join(outside, "stack.yml"), path.join(dir, "inside", "linked-out.yml"));
    fs.symlinkSync(path.join(dir, "inside", "stack.yml"), path.join(dir, "linked-in.yml"));
    const found = discover(dir, ["."]);
    const rel = found.composeFiles.map((f) => path.relative(dir, f).split(path.sep).join("/"));
    expect(rel).toEqual(["inside/stack.yml"]);
  });

  it("groups: another compose file is its own project; `X.override.yml` goes with `X.yml`; a directory's COMPOSE_FILE names one project", () => {
    expect(groupProjects(["/p/docker-compose.yml", "/p/docker-compose.prod.yml"])).toEqual([["/p/docker-compose.yml"], ["/p/docker-compose.prod.yml"]]);
    expect(groupProjects(["/p/docker-compose.yml", "/p/docker-compose.test.override.yml", "/p/docker-compose.test.yml"])).toEqual([
      ["/p/docker-compose.yml"],
      ["/p/docker-compose.test.yml", "/p/docker-compose.test.override.yml"],
    ]);
    expect(groupProjects(["/p/docker-compose.test.yml", "/p/docker-compose.test.override.yml"])).toEqual([["/p/docker-compose.test.yml", "/p/docker-compose.test.override.yml"]]);
    const env = (abs: string): string | null => (abs === "/p/.env" ? "COMPOSE_FILE=compose.yaml:compose.prod.yaml\n" : null);
    expect(groupProjects(["/p/compose.yaml", "/p/compose.override.yaml", "/p/compose.prod.yaml", "/q/compose.yaml"], env)).toEqual([
      ["/p/compose.yaml", "/p/compose.prod.yaml"],
      ["/q/compose.yaml"],
    ]);
  });

  it("a compose file found by its content is linted; one only used through `extends` is not a project of its own", async () => {
    const dir = proj({
      "compose.yaml": "services:\n  worker:\n    extends:\n      file: common/base.yml\n      service: node-base\n    command: [\"node\", \"worker.js\"]\n",
      "common/base.yml": "services:\n  node-base:\n    image: node:22\n    restart: unless-stopped\n",
      "deploy/stack.yml": "services:\n  api:\n    image: node:22\n    command: [\"node\", \"api.js\"]\n    restart: always\n",
    });
    const r = await lint(["."], { cwd: dir });
    const got = r.diagnostics.filter((d) => d.rule === "missing-init").map((d) => `${d.file}:${d.line}`);
    expect(got.sort()).toEqual(["compose.yaml:2", "deploy/stack.yml:2"]);
    expect(r.files.sort()).toEqual(["common/base.yml", "compose.yaml", "deploy/stack.yml"]);
  });
});
