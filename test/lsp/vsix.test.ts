// The VS Code extension as packaged: editors/vscode/scripts/package.mjs makes a .vsix (with @vscode/vsce) that
// holds the extension, its language client and the whole server; the server inside it runs on its own (no
// node_modules, no network) and publishes the example's diagnostics.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { cliPath, repoRoot } from "../helpers.js";
import { TestClient } from "./client.js";

/** The files of a zip archive (stored or deflated entries), from its central directory. */
function unzip(buf: Buffer): Map<string, Buffer> {
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error("not a zip archive");
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const out = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error("bad central directory");
    const method = buf.readUInt16LE(p + 10);
    const compressed = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString("utf8", p + 46, p + 46 + nameLen);
    const dataAt = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const raw = buf.subarray(dataAt, dataAt + compressed);
    out.set(name, method === 8 ? zlib.inflateRawSync(raw) : raw);
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "compose-lint-vsix-"));
// the extension's devDependencies live in editors/vscode (CI installs them; the packaging script would too)
const extDeps = fs.existsSync(path.join(repoRoot, "editors/vscode/node_modules/@vscode/vsce"));
const why = "editors/vscode has no node_modules: run `npm ci --prefix editors/vscode` (CI does)";
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe.skipIf(!extDeps && process.env.CI !== "true")(`the VS Code extension package${extDeps ? "" : ` (${why})`}`, () => {
  it("packs the extension, its client and the server into a .vsix whose server runs on its own", async () => {
    expect(fs.existsSync(cliPath), "dist/cli.js is missing: run `npm run build`").toBe(true);
    const vsix = path.join(tmp, "compose-lint.vsix");
    const r = spawnSync(process.execPath, [path.join(repoRoot, "editors/vscode/scripts/package.mjs"), "--out", vsix], { encoding: "utf8", timeout: 240_000 });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    const files = unzip(fs.readFileSync(vsix));
    const manifest = JSON.parse(files.get("extension/package.json")!.toString("utf8"));
    expect(manifest.devDependencies).toBeUndefined();
    const rootPkg = JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8"));
    expect(manifest.version).toBe(rootPkg.version);
    expect(manifest.main).toBe("./out/extension.js");
    for (const f of ["out/extension.js", "server/cli.js", "server/cli.cjs", "server/lsp.cjs", "server/package.json", "server/web-tree-sitter.wasm", "server/tree-sitter-bash.wasm", "LICENSE.txt", "readme.md"]) {
      expect(files.has(`extension/${f}`), f).toBe(true);
    }
    // the client is bundled (no node_modules in the package); only the editor's `vscode` is required
    expect([...files.keys()].some((f) => f.includes("node_modules"))).toBe(false);
    const client = files.get("extension/out/extension.js")!.toString("utf8");
    expect(client).toContain('require("vscode")');
    expect(client).toContain("compose-lint.restartServer");
    // the server as the extension starts it, from a directory of its own
    const dir = path.join(tmp, "unpacked");
    for (const [name, data] of files) {
      if (!name.startsWith("extension/")) continue;
      const target = path.join(dir, name);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, data);
    }
    const project = path.join(tmp, "project");
    fs.cpSync(path.join(repoRoot, "examples", "wakapi-like"), project, { recursive: true });
    const c = new TestClient({ cli: path.join(dir, "extension", "server", "cli.js"), root: project, initializationOptions: { debounceMs: 20 } });
    try {
      await c.initialize();
      const compose = path.join(project, "docker-compose.yml");
      await c.waitFor(() => c.diagnosticsOf(compose).some((d) => d.code === "missing-init") && c.diagnosticsOf(path.join(project, "scripts", "await.sh")).length > 0);
    } finally {
      await c.shutdown();
    }
    // the extension itself, activated with a stand-in for the editor's API: its client starts the bundled
    // server, which answers `initialize` with the capabilities the client turns into providers
    const act = spawnSync(process.execPath, [path.join(import.meta.dirname, "vscode", "activate.mjs"), path.join(dir, "extension")], { cwd: project, encoding: "utf8", timeout: 60_000 });
    expect(act.status, act.stdout + act.stderr).toBe(0);
    const lines = act.stdout.split("\n");
    expect(lines[0]).toMatch(new RegExp(`^fork ${path.join(dir, "extension", "server", "cli.js").replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} \\["lsp",`));
    expect(lines).toContain("activated");
    expect(lines).toEqual(expect.arrayContaining(["vscode.commands.registerCommand", "vscode.languages.registerHoverProvider", "vscode.languages.registerCodeActionsProvider"]));
  }, 300_000);
});
