// The programmatic API (src/api.ts, the package entry point dist/api.mjs with types/api.d.ts).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ComposeLintUsageError, failed, fix, lint, ruleIds, version } from "../src/api.js";
import { allRules } from "../src/engine/index.js";
import { formatJson } from "../src/report/json.js";
import { HOMEPAGE, ruleDocUrl, TOOL_NAME, VERSION } from "../src/version.js";

const root = path.resolve(import.meta.dirname, "..");

function project(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "compose-lint-api-"));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

const PROJECT = {
  "compose.yaml": "services:\n  api:\n    build: .\n    restart: always\n  svc:\n    image: ghcr.io/acme/svc:2\n    restart: always\n",
  Dockerfile: "FROM node:20\nCMD node server.js\n",
  "vendor/compose.yaml": "services:\n  v:\n    image: node:20\n    command: [\"node\"]\n    restart: always\n",
};

describe("api", () => {
  it("lint returns the JSON contract's diagnostics, the raw ones, files and counts", async () => {
    const cwd = project(PROJECT);
    const r = await lint([], { cwd, config: false });
    const ctx = { cwd, rules: allRules().map((x) => x.meta), toolName: TOOL_NAME, toolVersion: VERSION, informationUri: HOMEPAGE, ruleDocUrl, color: false, files: r.files };
    expect(r.diagnostics).toEqual(JSON.parse(formatJson(r.raw as any, ctx)).diagnostics);
    expect(r.raw.every((d) => path.isAbsolute(d.path))).toBe(true);
    expect(r.files.sort()).toEqual(["Dockerfile", "compose.yaml", "vendor/compose.yaml"]);
    // the service, the image it builds (judged on its own), its shell-form CMD, the vendored service; the unknown image at info
    expect(r.counts).toEqual({ error: 0, warning: 4, info: 1 });
    expect(r.configFile).toBeNull();
    expect(failed(r)).toBe(true);
    expect(failed(r, "error")).toBe(false);
    expect(failed(r, "warning", 4)).toBe(false);
    expect(failed(r, "warning", 3)).toBe(true);
    expect(failed(r, "never", 3)).toBe(true);
  });

  it("options: rules, ignore, knowledge; the configuration file is found from cwd", async () => {
    const cwd = project({ ...PROJECT, ".compose-lint.yaml": "ignore: [vendor/]\nfail-on: error\n" });
    const r = await lint([], { cwd, rules: { "shell-form-command": "off" }, knowledge: { images: { "ghcr.io/acme/svc": "init" } } });
    expect(r.configFile).toBe(path.join(cwd, ".compose-lint.yaml"));
    expect(r.failOn).toBe("error");
    expect(r.diagnostics.map((d) => `${d.file}:${d.line} ${d.rule}`)).toEqual(["Dockerfile:2 missing-init", "compose.yaml:2 missing-init"]);
    expect(failed(r)).toBe(false);
    const s = await lint([], { cwd, config: false, ignore: ["vendor/**", "Dockerfile"] });
    expect(s.files).toEqual(["compose.yaml"]);
  });

  it("composeFiles merges files in order, as docker compose -f does", async () => {
    const cwd = project({ "base.yaml": "services:\n  api:\n    image: node:20\n    command: [\"node\", \"x.js\"]\n    restart: always\n", "ops.yaml": "services:\n  api:\n    init: true\n" });
    expect((await lint(["base.yaml"], { cwd, config: false })).counts.warning).toBe(1);
    expect((await lint([], { cwd, config: false, composeFiles: ["base.yaml", "ops.yaml"] })).counts.warning).toBe(0);
  });

  it("fix writes safe fixes (dryRun writes nothing)", async () => {
    const cwd = project(PROJECT);
    const dry = await fix(["compose.yaml", "Dockerfile"], { cwd, config: false, dryRun: true });
    expect(dry.changes.map((c) => c.file).sort()).toEqual(["Dockerfile", "compose.yaml"]);
    expect(fs.readFileSync(path.join(cwd, "Dockerfile"), "utf8")).toBe(PROJECT.Dockerfile);
    const r = await fix(["compose.yaml", "Dockerfile"], { cwd, config: false });
    expect(r.applied.map((a) => a.rule).sort()).toEqual(["missing-init", "shell-form-command"]);
    expect(fs.readFileSync(path.join(cwd, "Dockerfile"), "utf8")).toBe('FROM node:20\nCMD ["node", "server.js"]\n');
    expect(r.counts.warning).toBe(0);
    // the report: lines in the original files, nothing left, every fixable finding of the lint fixed
    for (const a of r.applied) expect(a).toMatchObject({ addedLine: false, followOn: false, pass: 1 });
    expect(r.applied.map((a) => `${a.file}:${a.line}`).sort()).toEqual(dry.applied.map((a) => `${a.file}:${a.line}`).sort());
    expect(r.fixableAtStart).toBe(r.applied.length);
    expect(r.unfixed).toEqual([]);
    expect(r.resolvedByOthers).toBe(0);
  });

  it("usage errors: missing paths, bad configuration, unknown rules", async () => {
    const cwd = project({ ".compose-lint.yaml": "rules:\n  nope: off\n" });
    await expect(lint(["missing"], { cwd, config: false })).rejects.toThrow(/missing: no such file or directory/);
    const e = await lint([], { cwd }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ComposeLintUsageError);
    expect((e as ComposeLintUsageError).problems[0]).toMatchObject({ file: ".compose-lint.yaml", line: 2, column: 3 });
    await expect(lint([], { cwd, config: false, rules: { nope: "off" } })).rejects.toThrow(/unknown rule `nope`/);
    await expect(lint([], { cwd, config: false, knowledge: { programs: { x: "reaps" as any } } })).rejects.toThrow(/expected init, reaper, non-reaper or s6/);
  });

  it("exports the version and the rule ids", () => {
    expect(version).toBe(JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")).version);
    expect(ruleIds()).toContain("missing-init");
    expect(ruleIds()).toContain("unused-suppression");
  });

  it("the bundle dist/api.mjs works without node_modules, and types/api.d.ts stands alone", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "compose-lint-pkg-"));
    fs.cpSync(path.join(root, "dist"), path.join(dir, "dist"), { recursive: true });
    const api = await import(path.join(dir, "dist", "api.mjs"));
    const cwd = project(PROJECT);
    const r = await api.lint([], { cwd, config: false });
    expect(r.counts).toEqual({ error: 0, warning: 4, info: 1 });
    const dts = fs.readFileSync(path.join(root, "types", "api.d.ts"), "utf8");
    expect(dts).not.toMatch(/from\s+["']\.|import\(["']\./);
    for (const name of ["lint", "fix", "failed", "toJsonDiagnostic", "ruleIds"]) expect(dts).toContain(`export declare function ${name}(`);
  });
});
