// Bundles the CLI into dist/ with esbuild (one file to load at start-up) and copies the tree-sitter
// WebAssembly next to it. `--check` rebuilds into a temp dir and fails when the committed dist/ is stale.
// `--profile DIR` builds only the CLI, unminified with function names kept, into DIR (for bench/profile.mjs --cli DIR/cli.js).
import { build } from "esbuild";
import fs from "node:fs";
import os from "node:os";
import { createRequire } from "node:module";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const check = process.argv.includes("--check");
const profileAt = process.argv.indexOf("--profile");
const profileDir = profileAt === -1 ? null : path.resolve(process.argv[profileAt + 1] ?? "");
if (profileDir !== null && !process.argv[profileAt + 1]) throw new Error("--profile needs a directory");
const finalDir = profileDir ?? path.join(root, "dist");
// build into a fresh directory, then move the files into dist/: a process running dist/cli.js meanwhile
// never finds it missing or half-written
const outdir = fs.mkdtempSync(path.join(check ? os.tmpdir() : root, check ? "compose-lint-dist-" : ".dist-build-"));

const entries = [];
if (fs.existsSync(path.join(root, "src/action.ts"))) entries.push({ in: "src/action.ts", out: "action" });
if (fs.existsSync(path.join(root, "src/api.ts"))) entries.push({ in: "src/api.ts", out: "api" });

// commander's node:child_process, loaded only when used (src/launcher/lazy-child-process.cjs)
const lazyChildProcess = {
  name: "lazy-child-process",
  setup(b) {
    b.onResolve({ filter: /^node:child_process$/ }, (args) =>
      /[\\/]node_modules[\\/]commander[\\/]/.test(args.importer) ? { path: path.join(root, "src/launcher/lazy-child-process.cjs") } : undefined,
    );
  },
};

// src/parse/dockerfile-ast-lazy.ts loads dockerfile-ast with a require made for the source tree; in the built files
// its body is a lazy require of the bundled package (run on first use, as esbuild runs a required CommonJS module)
const lazyDockerfileAst = {
  name: "lazy-dockerfile-ast",
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/]parse[\\/]dockerfile-ast-lazy\.ts$/ }, () => ({
      contents: 'let loaded = null;\nexport function dockerfileAst() {\n  return (loaded ??= require("dockerfile-ast"));\n}\n',
      loader: "js",
      resolveDir: root,
    }));
  },
};

if (!profileDir) await build({
  absWorkingDir: root,
  entryPoints: entries,
  outdir,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  chunkNames: "chunks/[name]-[hash]",
  // dist/package.json makes dist/*.js CommonJS (the CLI launcher): the ES modules are .mjs
  outExtension: { ".js": ".mjs" },
  legalComments: "linked",
  minify: true,
  keepNames: false,
  logLevel: "warning",
  banner: { js: "import { createRequire as __compose_lint_cr } from 'node:module'; const require = __compose_lint_cr(import.meta.url);" },
  plugins: [lazyDockerfileAst],
});
// node builtins imported by default (`import fs from "node:fs"`) from the project's ES modules: esbuild's CommonJS
// output copies every property of the builtin into a fresh object once per importing module (34 modules import
// node:path, 14 node:fs); routed through one shared module, each builtin is wrapped once
const sharedBuiltins = {
  name: "shared-builtins",
  setup(b) {
    b.onResolve({ filter: /^node:[a-z_/]+$/ }, (args) =>
      args.namespace === "file" && /[\\/]src[\\/]|[\\/]rules[\\/]/.test(args.importer) && !/[\\/]node_modules[\\/]/.test(args.importer)
        ? { path: args.path, namespace: "shared-builtin" }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: "shared-builtin" }, (args) => ({
      contents: `export * from ${JSON.stringify(args.path)};\nimport m from ${JSON.stringify(args.path)};\nexport default m;\n`,
      loader: "js",
    }));
  },
};

// CommonJS packages the project's ES modules import by name (`import { isMap } from "yaml"`): esbuild wraps such a
// module in an object of getters, one call per use of an imported name (2.4 % of a 1,000-project run went to
// those getters). Routed through a module that reads each name once into a constant, the uses are direct.
const DIRECT_CJS = ["yaml"];
const directCjs = {
  name: "direct-cjs-exports",
  setup(b) {
    const req = createRequire(path.join(root, "package.json"));
    b.onResolve({ filter: new RegExp(`^(${DIRECT_CJS.join("|")})$`) }, (args) =>
      args.namespace === "file" && !/[\\/]node_modules[\\/]/.test(args.importer) ? { path: args.path, namespace: "direct-cjs" } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: "direct-cjs" }, (args) => {
      const file = req.resolve(args.path);
      const names = Object.keys(req(args.path)).filter((n) => n !== "default" && n !== "__esModule" && /^[A-Za-z_$][\w$]*$/.test(n));
      return {
        contents: `import * as m from ${JSON.stringify(file)};\nexport const { ${names.join(", ")} } = m;\n`,
        loader: "js",
        resolveDir: root,
      };
    });
  },
};

// `compose-lint lsp` (src/lsp/) is a bundle of its own, dist/lsp.cjs, which src/cli.ts requires only for that command:
// its code (the language server and its protocol libraries, about a sixth of the CLI) is then neither read nor
// in the code cache at every start of the CLI
const lspApart = {
  name: "lsp-apart",
  setup(b) {
    b.onResolve({ filter: /^\.\/lsp\/server\.js$/ }, (args) => (args.importer === path.join(root, "src/cli.ts") ? { path: "lsp.cjs", namespace: "lsp-apart" } : undefined));
    b.onLoad({ filter: /.*/, namespace: "lsp-apart" }, () => ({ contents: 'module.exports = __compose_lint_require("./lsp.cjs");', loader: "js" }));
  },
};

// CommonJS bundles, one file each (one compile, cacheable by V8): the CLI, started by the launcher as dist/cli.js,
// and the language server
const cjsBuild = (entry, out, plugins) =>
  build({
    absWorkingDir: root,
    entryPoints: [entry],
    outfile: path.join(outdir, out),
    bundle: true,
    format: "cjs",
    platform: "node",
    target: "node20",
    minify: !profileDir,
    keepNames: Boolean(profileDir),
    legalComments: "none",
    logLevel: "warning",
    define: { "import.meta.url": "__compose_lint_url" },
    banner: { js: "var __compose_lint_url=require('node:url').pathToFileURL(__filename).href,__compose_lint_require=require;" },
    plugins,
  });
await cjsBuild("src/cli.ts", "cli.cjs", [lazyChildProcess, sharedBuiltins, directCjs, lspApart, lazyDockerfileAst]);
await cjsBuild("src/lsp/server.ts", "lsp.cjs", [lazyChildProcess, sharedBuiltins, directCjs, lazyDockerfileAst]);

/** The CommonJS bundle as the launcher (or require) runs it; its text. */
function finishCjs(file) {
  // web-tree-sitter imports two node builtins dynamically; a vm.Script has no module loader for import()
  let cjs = fs.readFileSync(file, "utf8").replace(/^#!.*\n/gm, "");
  cjs = cjs.replace(/await import\("(module|fs\/promises)"\)/g, '__compose_lint_require("$1")');
  if (/\bimport\(/.test(cjs)) throw new Error(`${path.basename(file)} still contains a dynamic import(): the launcher cannot run it`);
  // the launcher reads the bundle as latin1 (src/launcher/cli-launcher.cjs): it must be ASCII (esbuild escapes
  // strings; an unminified profiling build keeps comments, whose other characters do no harm)
  const nonAscii = cjs.search(/[^\x00-\x7f]/);
  if (nonAscii !== -1 && !profileDir) throw new Error(`${path.basename(file)} has a non-ASCII character at offset ${nonAscii}: the launcher reads it as latin1`);
  fs.writeFileSync(file, cjs);
  return cjs;
}
const cjsPath = path.join(outdir, "cli.cjs");
const bundled = finishCjs(cjsPath);
if (!bundled.includes('__compose_lint_require("./lsp.cjs")')) throw new Error("cli.cjs does not load the language server from lsp.cjs");
// cli.cjs holds the CLI bundle already wrapped as the function the launcher compiles and calls (the wrapper of a
// CommonJS module): the launcher gives V8 the text as read. Wrapping it at every start made a second copy of the
// ~1 MB text for V8 to flatten, ~5 ms of each short run (interleaved runs of the typical project).
const cjs = `// compose-lint's CLI bundle as a function expression: dist/cli.js compiles and calls it (not a module to require)\n(function (exports, require, module, __filename, __dirname) {${bundled}\n})\n`;
fs.writeFileSync(cjsPath, cjs);
finishCjs(path.join(outdir, "lsp.cjs"));
const { createHash } = await import("node:crypto");
const buildId = createHash("sha256").update(cjs).digest("hex").slice(0, 16);
const launcher = fs.readFileSync(path.join(root, "src/launcher/cli-launcher.cjs"), "utf8").replace("__BUILD_ID__", buildId);
fs.writeFileSync(path.join(outdir, "cli.js"), launcher);
fs.chmodSync(path.join(outdir, "cli.js"), 0o755);
// dist/cli.js (the launcher) is CommonJS: Node starts it without its ES module loader
fs.writeFileSync(path.join(outdir, "package.json"), `${JSON.stringify({ type: "commonjs" }, null, 2)}\n`);
for (const [pkg, file] of [["web-tree-sitter", "web-tree-sitter.wasm"], ["tree-sitter-bash", "tree-sitter-bash.wasm"]]) {
  fs.copyFileSync(path.join(root, "node_modules", pkg, file), path.join(outdir, file));
}

// dist/.cache holds the launcher's V8 code cache: not part of the build
const listFiles = (d) => (fs.existsSync(d) ? fs.readdirSync(d, { recursive: true }).filter((f) => !f.startsWith(".cache") && fs.statSync(path.join(d, f)).isFile()).sort() : []);
if (profileDir) {
  // another file system, maybe, and a directory of the user's: copy the files in, delete nothing there
  for (const f of listFiles(outdir)) {
    fs.mkdirSync(path.dirname(path.join(profileDir, f)), { recursive: true });
    fs.copyFileSync(path.join(outdir, f), path.join(profileDir, f));
  }
  fs.rmSync(outdir, { recursive: true, force: true });
  console.log(`unminified CLI for profiling in ${profileDir}: node bench/profile.mjs --cli ${path.join(profileDir, "cli.js")}`);
} else if (!check) {
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
