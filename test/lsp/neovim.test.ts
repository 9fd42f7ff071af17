// A real editor as the client: Debian's Neovim, headless, attaches `compose-lint lsp` (the bundle in dist/) to
// the bundled example with vim.lsp and prints the diagnostics it received and a hover. Skipped where nvim is
// not installed, except in CI (CI=true), where .ci/run installs it and the test must run.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { cliPath, repoRoot } from "../helpers.js";

const nvim = spawnSync("nvim", ["--version"], { encoding: "utf8" });
const haveNvim = nvim.status === 0;
const inCi = process.env.CI === "true";
const why = "nvim is not installed (apt-get install neovim); CI installs it and runs this test";

describe.skipIf(!haveNvim && !inCi)(`Neovim as the client${haveNvim ? "" : ` (${why})`}`, () => {
  it("attaches compose-lint lsp to the example and receives the diagnostics of every file of the project, and a hover", () => {
    expect(haveNvim, why).toBe(true);
    expect(fs.existsSync(cliPath), "dist/cli.js is missing: run `npm run build`").toBe(true);
    const root = path.join(repoRoot, "examples", "wakapi-like");
    const r = spawnSync("nvim", ["--headless", "-u", "NONE", "-i", "NONE", "-n", "-c", `luafile ${path.join(import.meta.dirname, "nvim", "attach.lua")}`], {
      encoding: "utf8",
      timeout: 60_000,
      env: { ...process.env, CL_NODE: process.execPath, CL_CLI: cliPath, CL_ROOT: root, CL_FILE: "docker-compose.yml", CL_WAIT_FOR: "3", CL_HOVER_LINE: "3" },
    });
    const out = r.stdout;
    expect(r.status, `${out}\n${r.stderr}`).toBe(0);
    const diagnostics = out.split("\n").filter((l) => l.startsWith("diagnostic "));
    // the open compose file, and the Dockerfile and script that were never opened
    expect(diagnostics.map((l) => l.split(" ").slice(1, 4).join(" "))).toEqual([
      "Dockerfile:13:1 warning missing-init",
      "Dockerfile:13:1 warning shell-form-command",
      "docker-compose.yml:4:3 warning missing-init",
      "scripts/await.sh:21:1 warning non-reaping-exec-chain",
    ]);
    const hover = out.split("\n").filter((l) => l.startsWith("hover ")).join("\n");
    expect(hover).toContain("service `tracker`");
    expect(hover).toContain("[scripts/await.sh:21]");
    expect(hover).toMatch(/PID 1: tracker/);
  });
});
