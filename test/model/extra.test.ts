import fs from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { lint } from "../../src/engine/index.js";
import { fix } from "../../src/fix/apply.js";
import { stripJsonc } from "../../src/model/extra.js";
import { project } from "../helpers.js";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
function proj(files: Record<string, string>): string {
  const d = project(files);
  dirs.push(d);
  return d;
}

const WORKFLOW = `name: ci
on: [push]
jobs:
  test:
    runs-on: ubuntu-latest
    container:
      image: node:20
      options: --user 1001
    services:
      redis:
        image: redis:7
      db:
        image: postgres:16
    steps:
      - run: npm test
  plain:
    runs-on: ubuntu-latest
    container: node:20
    steps:
      - run: echo hi
  safe:
    runs-on: ubuntu-latest
    container:
      image: node:20
      options: "--init"
    steps:
      - run: echo hi
`;

describe("GitHub workflows", () => {
  it("flags job containers (PID 1 is tail) and non-reaping services without --init", async () => {
    const d = proj({ ".github/workflows/ci.yml": WORKFLOW });
    const r = await lint(["."], { cwd: d });
    const mi = r.diagnostics.filter((x) => x.rule === "missing-init").map((x) => `${x.line} ${x.severity}`);
    expect(mi).toEqual(["6 warning", "10 info", "18 warning"]);
  });

  it("--fix appends --init to the options, or adds options", async () => {
    const d = proj({ ".github/workflows/ci.yml": WORKFLOW });
    await fix(["."], { cwd: d, unsafe: false, dryRun: false });
    const text = fs.readFileSync(`${d}/.github/workflows/ci.yml`, "utf8");
    expect(text).toContain("      options: --user 1001 --init\n");
    expect(text).toContain("      redis:\n        options: --init\n        image: redis:7\n");
    expect(text).toContain("    container: node:20\n");
  });
});

describe("dev containers", () => {
  it("the default overrideCommand runs a waiting shell: no finding", async () => {
    const d = proj({ ".devcontainer/devcontainer.json": '{ "image": "node:20" }\n' });
    const r = await lint(["."], { cwd: d });
    expect(r.diagnostics.filter((x) => x.rule === "missing-init")).toEqual([]);
  });

  it("overrideCommand: false runs the image's command; the fix adds \"init\": true (JSONC kept)", async () => {
    const src = '// dev container\n{\n  "name": "api",\n  "image": "node:20",\n  "overrideCommand": false,\n}\n';
    const d = proj({ ".devcontainer/devcontainer.json": src });
    const r = await lint(["."], { cwd: d });
    expect(r.diagnostics.filter((x) => x.rule === "missing-init").map((x) => x.line)).toEqual([4]);
    await fix(["."], { cwd: d, unsafe: false, dryRun: false });
    expect(fs.readFileSync(`${d}/.devcontainer/devcontainer.json`, "utf8")).toBe('// dev container\n{\n  "init": true,\n  "name": "api",\n  "image": "node:20",\n  "overrideCommand": false,\n}\n');
  });

  it("strips JSONC comments and trailing commas without moving offsets", () => {
    const t = '{ // a\n "a": "//x", /* b */ "b": [1,],\n}';
    const s = stripJsonc(t);
    expect(JSON.parse(s)).toEqual({ a: "//x", b: [1] });
    expect(s.indexOf('"b"')).toBe(t.indexOf('"b"'));
  });
});
