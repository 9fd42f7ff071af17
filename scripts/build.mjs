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

const entries = [];
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
// the CLI: one CommonJS file (one compile, cacheable by V8), started by the launcher as dist/cli.js; it also
// holds the language server (`compose-lint lsp`, src/lsp/), whose code V8 compiles only when that command runs
await build({
  absWorkingDir: root,
  entryPoints: ["src/cli.ts"],
  outfile: path.join(outdir, "cli.cjs"),
  bundle: true,
  format: "cjs",
  platform: "node",
  target: "node20",
  minify: true,
  legalComments: "none",
  logLevel: "warning",
  define: { "import.meta.url": "__compose_lint_url" },
  banner: { js: "var __compose_lint_url=require('node:url').pathToFileURL(__filename).href,__compose_lint_require=require;" },
});
const cjsPath = path.join(outdir, "cli.cjs");
// web-tree-sitter imports two node builtins dynamically; a vm.Script has no module loader for import()
let cjs = fs.readFileSync(cjsPath, "utf8").replace(/^#!.*\n/gm, "");
cjs = cjs.replace(/await import\("(module|fs\/promises)"\)/g, '__compose_lint_require("$1")');
if (/\bimport\(/.test(cjs)) throw new Error("cli.cjs still contains a dynamic import(): the launcher cannot run it");
fs.writeFileSync(cjsPath, cjs);
const { createHash } = await import("node:crypto");
const buildId = createHash("sha256").update(cjs).digest("hex").slice(0, 16);
const launcher = fs.readFileSync(path.join(root, "src/launcher/cli-launcher.js"), "utf8").replace("__BUILD_ID__", buildId);
fs.writeFileSync(path.join(outdir, "cli.js"), launcher);
fs.chmodSync(path.join(outdir, "cli.js"), 0o755);
for (const [pkg, file] of [["web-tree-sitter", "web-tree-sitter.wasm"], ["tree-sitter-bash", "tree-sitter-bash.wasm"]]) {
  fs.copyFileSync(path.join(root, "node_modules", pkg, file), path.join(outdir, file));
}

// dist/.cache holds the launcher's V8 code cache: not part of the build
const listFiles = (d) => (fs.existsSync(d) ? fs.readdirSync(d, { recursive: true }).filter((f) => !f.startsWith(".cache") && fs.statSync(path.join(d, f)).isFile()).sort() : []);
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
