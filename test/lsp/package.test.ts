// The package as users install it: `npm pack`, then `npm install` of the tarball with no registry (--offline)
// brings one package with no dependency of its own; its command lints the example and serves the language
// server from dist/ alone (the grammars included).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cliPath, repoRoot } from "../helpers.js";
import { TestClient } from "./client.js";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "compose-lint-pack-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const npm = (args: string[], cwd: string) =>
  spawnSync("npm", args, { cwd, encoding: "utf8", timeout: 120_000, env: { ...process.env, npm_config_audit: "false", npm_config_fund: "false", npm_config_update_notifier: "false", npm_config_cache: path.join(tmp, "npm-cache") } });
const hasNpm = spawnSync("npm", ["--version"], { encoding: "utf8" }).status === 0;

describe.skipIf(!hasNpm)("npm install compose-lint", () => {
  it("installs one package with no dependency, offline, whose CLI and language server run from dist/", async () => {
    expect(fs.existsSync(cliPath), "dist/cli.js is missing: run `npm run build`").toBe(true);
    const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8"));
    expect(Object.keys(manifest.dependencies ?? {})).toEqual([]);
    const packed = npm(["pack", "--json", "--pack-destination", tmp], repoRoot);
    expect(packed.status, packed.stderr).toBe(0);
    const info = JSON.parse(packed.stdout)[0];
    const names: string[] = info.files.map((f: { path: string }) => f.path);
    for (const f of ["dist/cli.js", "dist/cli.cjs", "dist/lsp.cjs", "dist/api.mjs", "dist/package.json", "dist/web-tree-sitter.wasm", "dist/tree-sitter-bash.wasm"]) expect(names, f).toContain(f);
    // the launcher's code cache is made on the user's machine, for their Node.js
    expect(names.some((n) => n.startsWith("dist/.cache"))).toBe(false);

    const app = path.join(tmp, "app");
    fs.mkdirSync(app);
    fs.writeFileSync(path.join(app, "package.json"), '{ "name": "app", "private": true }\n');
    const installed = npm(["install", "--offline", "--no-save", path.join(tmp, info.filename)], app);
    expect(installed.status, installed.stderr).toBe(0);
    expect(installed.stderr).not.toMatch(/install-scripts|deprecated/);
    expect(fs.readdirSync(path.join(app, "node_modules")).filter((n) => !n.startsWith("."))).toEqual(["compose-lint"]);

    const project = path.join(tmp, "project");
    fs.cpSync(path.join(repoRoot, "examples", "wakapi-like"), project, { recursive: true });
    const bin = path.join(app, "node_modules", ".bin", "compose-lint");
    const r = spawnSync(bin, ["--format", "json", project], { cwd: app, encoding: "utf8", timeout: 60_000 });
    expect(r.status, r.stderr).toBe(1);
    const rules = JSON.parse(r.stdout).diagnostics.map((d: { rule: string }) => d.rule);
    // the script finding needs the bash grammar (WebAssembly) from dist/
    expect(rules).toContain("non-reaping-exec-chain");

    const c = new TestClient({ cli: path.join(app, "node_modules", "compose-lint", "dist", "cli.js"), root: project, initializationOptions: { debounceMs: 20 } });
    try {
      await c.initialize();
      await c.waitFor(() => c.diagnosticsOf(path.join(project, "docker-compose.yml")).some((d) => d.code === "missing-init"));
    } finally {
      await c.shutdown();
    }
  });
});
