#!/usr/bin/env node
// Packages the VS Code extension as a .vsix that runs offline: the extension bundled with its language
// client (esbuild), the compose-lint server from dist/ (the CLI bundle and the tree-sitter grammars), the
// README and the licence, staged in a temporary directory and packed with @vscode/vsce.
//
//   node editors/vscode/scripts/package.mjs [--out FILE.vsix]     (after `npm run build` at the repository root;
//   installs editors/vscode's devDependencies, the language client and @vscode/vsce, when they are missing)
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const here = path.dirname(fileURLToPath(import.meta.url));
const ext = path.resolve(here, "..");
const root = path.resolve(ext, "..", "..");
const rootPkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
const outArg = process.argv.indexOf("--out");
const vsix = outArg !== -1 ? path.resolve(process.argv[outArg + 1]) : path.join(ext, `compose-lint-${rootPkg.version}.vsix`);

// the extension's own devDependencies (the language client, @vscode/vsce): installed here, not at the
// repository root, whose devDependencies every pre-commit user of the hooks installs
if (!fs.existsSync(path.join(ext, "node_modules", "@vscode", "vsce")) || !fs.existsSync(path.join(ext, "node_modules", "vscode-languageclient"))) {
  console.log("installing the extension's devDependencies (npm ci in editors/vscode)");
  const npm = spawnSync("npm", ["ci", "--no-audit", "--no-fund"], { cwd: ext, stdio: "inherit" });
  if (npm.status !== 0) {
    console.error("npm ci in editors/vscode failed: the language client and @vscode/vsce are needed to package the extension");
    process.exit(2);
  }
}

// package.json: dist's, which makes the launcher cli.js CommonJS
const SERVER_FILES = ["cli.js", "cli.cjs", "lsp.cjs", "package.json", "web-tree-sitter.wasm", "tree-sitter-bash.wasm"];
for (const f of SERVER_FILES) {
  if (!fs.existsSync(path.join(root, "dist", f))) {
    console.error(`dist/${f} is missing: run \`npm run build\` at the repository root first`);
    process.exit(2);
  }
}

const stage = fs.mkdtempSync(path.join(os.tmpdir(), "compose-lint-vsix-"));
process.on("exit", () => fs.rmSync(stage, { recursive: true, force: true }));
fs.mkdirSync(path.join(stage, "server"), { recursive: true });

// the extension and vscode-languageclient in one CommonJS file (`vscode` is the editor's)
await build({
  absWorkingDir: root,
  entryPoints: [path.join(ext, "src", "extension.mjs")],
  outfile: path.join(stage, "out", "extension.js"),
  bundle: true,
  format: "cjs",
  platform: "node",
  target: "node20",
  external: ["vscode"],
  minify: true,
  legalComments: "linked",
  logLevel: "warning",
});

// the server: the CLI bundle, its launcher (CommonJS) and the grammars, as dist/ has them
for (const f of SERVER_FILES) fs.copyFileSync(path.join(root, "dist", f), path.join(stage, "server", f));
fs.chmodSync(path.join(stage, "server", "cli.js"), 0o755);

const pkg = JSON.parse(fs.readFileSync(path.join(ext, "package.json"), "utf8"));
pkg.version = rootPkg.version;
delete pkg.devDependencies;
fs.writeFileSync(path.join(stage, "package.json"), JSON.stringify(pkg, null, 2) + "\n");
for (const [from, to] of [
  [path.join(ext, "README.md"), "README.md"],
  [path.join(root, "LICENSE"), "LICENSE"],
  [path.join(root, "NOTICE"), "NOTICE"],
  [path.join(ext, ".vscodeignore"), ".vscodeignore"],
]) {
  fs.copyFileSync(from, path.join(stage, to));
}

const vsce = path.join(ext, "node_modules", "@vscode", "vsce", "vsce");
const r = spawnSync(process.execPath, [vsce, "package", "--no-dependencies", "--out", vsix], { cwd: stage, stdio: "inherit" });
if (r.status !== 0) process.exit(r.status ?? 2);
console.log(`packaged ${path.relative(process.cwd(), vsix)}`);
