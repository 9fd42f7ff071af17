#!/usr/bin/env node
// CPU profile of compose-lint on a corpus case, summarised: self time by function and by package/file.
//
//   node bench/profile.mjs [--case synthetic|realistic|typical|typical-noscripts|one-file] [--projects N] [--top N]
//                          [--paths a,b] [--cli bench/.work/cl-dist/cli.js] [-- extra CLI args]
//
// Runs `node --cpu-prof dist/cli.js --format json PATHS` (output to /dev/null), then reads the .cpuprofile
// from bench/.work/prof/ and prints the biggest costs. Default: the first 200 synthetic projects.
import fs from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { generate } from "./generate.mjs";

const BENCH = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(BENCH, "..");
let CLI = path.join(ROOT, "dist/cli.js");

const argv = process.argv.slice(2);
const o = { case: "synthetic", projects: 200, top: 25, extra: [] };
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === "--case") o.case = argv[++i];
  else if (argv[i] === "--projects") o.projects = Number(argv[++i]);
  else if (argv[i] === "--top") o.top = Number(argv[++i]);
  else if (argv[i] === "--cli") CLI = path.resolve(argv[++i]);
  else if (argv[i] === "--paths") {
    o.paths = argv[++i].split(",").map((p) => path.resolve(p));
  }
  else if (argv[i] === "--") {
    o.extra = argv.slice(i + 1);
    break;
  } else throw new Error(`unknown argument ${argv[i]}`);
}
if (!fs.existsSync(CLI)) {
  console.error("dist/cli.js does not exist: build the CLI first");
  process.exit(2);
}
const corpus = generate({ quiet: true }).out;
let paths;
if (o.paths) paths = o.paths;
else if (o.case === "synthetic") {
  const dir = path.join(corpus, "synthetic");
  paths = fs.readdirSync(dir).filter((d) => /^p\d+$/.test(d)).sort().slice(0, o.projects).map((d) => path.join(dir, d));
} else if (o.case === "one-file") paths = [path.join(corpus, "typical/compose.yaml")];
else paths = [path.join(corpus, o.case)];

const profDir = path.join(BENCH, ".work/prof");
fs.rmSync(profDir, { recursive: true, force: true });
fs.mkdirSync(profDir, { recursive: true });
const t0 = process.hrtime.bigint();
const r = spawnSync(process.execPath, ["--cpu-prof", "--cpu-prof-dir", profDir, "--cpu-prof-interval", "200", CLI, "--format", "json", ...o.extra, ...paths], { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"] });
const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
const file = fs.readdirSync(profDir).find((f) => f.endsWith(".cpuprofile"));
if (!file) {
  console.error(`no profile written (exit ${r.status})`);
  process.exit(2);
}
const prof = JSON.parse(fs.readFileSync(path.join(profDir, file), "utf8"));

// self time per node from samples × time deltas
const selfUs = new Map();
for (let i = 0; i < prof.samples.length; i++) selfUs.set(prof.samples[i], (selfUs.get(prof.samples[i]) ?? 0) + (prof.timeDeltas[i] ?? 0));
const totalUs = [...selfUs.values()].reduce((a, b) => a + b, 0);

// esbuild's unminified bundles mark each inlined module with a "// node_modules/yaml/dist/…" or
// "// src/…" comment line: map a bundle line back to the module it came from
const markerCache = new Map();
function markers(file) {
  if (!markerCache.has(file)) {
    const list = [];
    try {
      fs.readFileSync(file, "utf8").split("\n").forEach((line, i) => {
        const m = /^\/\/ ((?:node_modules|src|rules|scripts)\/\S+\.[cm]?[jt]s)$/.exec(line);
        if (m) list.push([i, m[1]]);
      });
    } catch {
      /* not a file */
    }
    markerCache.set(file, list);
  }
  return markerCache.get(file);
}
function moduleOf(url, line) {
  const p = url.replace(/^file:\/\//, "");
  let mod = null;
  for (const [l, m] of markers(p)) {
    if (l > line) break;
    mod = m;
  }
  return mod ? `${path.relative(ROOT, p)} ← ${mod}` : path.relative(ROOT, p) || p;
}
function where(url, line) {
  if (!url) return "(native/vm)";
  if (url.startsWith("node:")) return "node internals";
  const p = url.replace(/^file:\/\//, "");
  const nm = p.lastIndexOf("node_modules/");
  if (nm >= 0) {
    const rest = p.slice(nm + 13).split("/");
    return rest[0].startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  return moduleOf(url, line);
}
function pkgOf(w) {
  // "dist/chunks/x.js ← node_modules/yaml/dist/parse/lexer.js" → "yaml"; "… ← src/parse/compose.ts" → "src/parse"
  if (w.startsWith("(") || w === "node internals") return w;
  if (w.startsWith("wasm:")) return "wasm (tree-sitter)";
  const mod = w.includes(" ← ") ? w.split(" ← ")[1] : w;
  const m = /^node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(mod);
  if (m) return m[1];
  return mod.includes("/") ? mod.split("/").slice(0, -1).join("/") : mod;
}
const byFn = new Map();
const byPkg = new Map();
for (const n of prof.nodes) {
  const us = selfUs.get(n.id) ?? 0;
  if (!us) continue;
  const cf = n.callFrame;
  const w = where(cf.url, cf.lineNumber);
  const pkg = pkgOf(w);
  const key = `${cf.functionName || "(anonymous)"}  ${w.includes(" ← ") ? w.split(" ← ")[1] : w}${cf.url ? ` (${path.basename(cf.url)}:${cf.lineNumber + 1})` : ""}`;
  byFn.set(key, (byFn.get(key) ?? 0) + us);
  byPkg.set(pkg, (byPkg.get(pkg) ?? 0) + us);
}
const pct = (us) => `${((us / totalUs) * 100).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(6)} ms`;
console.log(`compose-lint on ${o.case}${o.case === "synthetic" ? ` (${paths.length} projects)` : ""}: exit ${r.status}, wall ${(wallMs / 1000).toFixed(2)} s (with profiler), sampled ${(totalUs / 1e6).toFixed(2)} s`);
console.log(`\nself time by package / source folder:`);
for (const [k, us] of [...byPkg].sort((a, b) => b[1] - a[1]).slice(0, o.top)) console.log(`  ${pct(us)}  ${k}`);
console.log(`\nself time by function (top ${o.top}):`);
for (const [k, us] of [...byFn].sort((a, b) => b[1] - a[1]).slice(0, o.top)) console.log(`  ${pct(us)}  ${k}`);
console.log(`\nprofile: ${path.relative(process.cwd(), path.join(profDir, file))} (open in Chrome DevTools › Performance)`);
