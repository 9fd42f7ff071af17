// Bundles the CLI into dist/ with esbuild (one file to load at start-up) and copies the tree-sitter
// WebAssembly next to it. `--check` rebuilds into a temp dir and fails when the committed dist/ is stale.
import { build } from "esbuild";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const check = process.argv.includes("--check");
const finalDir = path.join(root, "dist");
// build into a fresh directory, then move the files into dist/: a process running dist/cli.js meanwhile
// never finds it missing or half-written
const outdir = fs.mkdtempSync(path.join(check ? os.tmpdir() : root, check ? "compose-lint-dist-" : ".dist-build-"));

const entries = [{ in: "src/cli.ts", out: "cli" }];
if (fs.existsSync(path.join(root, "src/action.ts"))) entries.push({ in: "src/action.ts", out: "action" });
if (fs.existsSync(path.join(root, "src/api.ts"))) entries.push({ in: "src/api.ts", out: "api" });

await build({
  absWorkingDir: root,
  entryPoints: entries,
  outdir,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  chunkNames: "chunks/[name]-[hash]",
  legalComments: "linked",
  minify: true,
  keepNames: false,
  logLevel: "warning",
  banner: { js: "import { createRequire as __compose_lint_cr } from 'node:module'; const require = __compose_lint_cr(import.meta.url);" },
});
// the CLI entry must be executable with a shebang
const cli = path.join(outdir, "cli.js");
let text = fs.readFileSync(cli, "utf8").replace(/^#!.*\n/gm, "");
fs.writeFileSync(cli, "#!/usr/bin/env node\n" + text);
fs.chmodSync(cli, 0o755);
for (const [pkg, file] of [["web-tree-sitter", "web-tree-sitter.wasm"], ["tree-sitter-bash", "tree-sitter-bash.wasm"]]) {
  fs.copyFileSync(path.join(root, "node_modules", pkg, file), path.join(outdir, file));
}

const listFiles = (d) => (fs.existsSync(d) ? fs.readdirSync(d, { recursive: true }).filter((f) => fs.statSync(path.join(d, f)).isFile()).sort() : []);
if (!check) {
  const fresh = listFiles(outdir);
  for (const f of fresh) {
    fs.mkdirSync(path.dirname(path.join(finalDir, f)), { recursive: true });
    fs.renameSync(path.join(outdir, f), path.join(finalDir, f));
  }
  const keep = new Set(fresh);
  for (const f of listFiles(finalDir)) if (!keep.has(f)) fs.rmSync(path.join(finalDir, f));
  fs.rmSync(outdir, { recursive: true, force: true });
}

if (check) {
  const committed = finalDir;
  const a = listFiles(outdir);
  const b = listFiles(committed);
  const stale = [];
  for (const f of new Set([...a, ...b])) {
    const x = path.join(outdir, f);
    const y = path.join(committed, f);
    if (!fs.existsSync(x) || !fs.existsSync(y) || !fs.readFileSync(x).equals(fs.readFileSync(y))) stale.push(f);
  }
  fs.rmSync(outdir, { recursive: true, force: true });
  if (stale.length) {
    console.error(`dist/ is stale (run npm run build and commit): ${stale.slice(0, 10).join(", ")}`);
    process.exit(1);
  }
  console.log("dist/ is up to date");
}
