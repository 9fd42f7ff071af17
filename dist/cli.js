#!/usr/bin/env node
// compose-lint's command: runs the single-file CommonJS bundle cli.cjs through a V8 code cache kept next
// to it (dist/.cache/), so later starts skip most of the JavaScript compilation (about a third of a short
// run). When the cache cannot be written (a read-only install) the bundle simply runs without it.
// This file is copied to dist/cli.js by scripts/build.mjs; BUILD_ID is replaced by the bundle's hash. It is
// CommonJS (dist/package.json says so): an ES module entry point would load Node's ES module loader first,
// about 10 ms of every start.
"use strict";
const fs = require("node:fs");
const { createRequire } = require("node:module");
const path = require("node:path");
const v8 = require("node:v8");
const vm = require("node:vm");

// the same V8 flags at every start keep the cache valid; tree-sitter's grammar wants Liftoff only (its
// optimising compile otherwise holds the process ~0.4 s at exit)
v8.setFlagsFromString("--liftoff-only");
// a smaller inlining budget for the optimising compiler: a large run compiles the same big functions in every
// worker thread, and with V8's default budget (920 bytes of bytecode inlined per function) that compiling cost
// more than the inlining gained. On the benchmark's 1,000-project corpus, 460 took 7-9 % off the wall and CPU
// time (interleaved runs of both settings; 345 or 230 gained no more, no inlining at all lost).
v8.setFlagsFromString("--max-inlined-bytecode-size-cumulative=460");
// a collector the engine may call between units of a large tree: V8 would otherwise let garbage grow to
// hundreds of megabytes before collecting (the live set stays near 40 MB)
v8.setFlagsFromString("--expose-gc");
// the collector lives in a new context: made on first use (a context costs milliseconds; short runs never collect)
let collect;
globalThis.__composeLintGc = () => (collect ??= vm.runInNewContext("gc"))();

const dir = __dirname;
const file = path.join(dir, "cli.cjs");
// the bundle is ASCII (scripts/build.mjs checks): read as latin1, several times faster than decoding UTF-8
const code = fs.readFileSync(file).toString("latin1");
const cacheFile = path.join(dir, ".cache", `cli-4c00ac488618d929-${process.version}-${process.arch}.v8`);
let cachedData;
try {
  cachedData = fs.readFileSync(cacheFile);
} catch {
  cachedData = undefined;
}
// cli.cjs is the bundle already wrapped as a function expression (scripts/build.mjs), so the text is compiled as read
const script = new vm.Script(code, { filename: file, cachedData });
// a worker thread of a large run (src/engine/workers.ts) starts through this file too: it uses the cache, and
// leaves writing it and starting workers to the main thread
const inWorker = globalThis.__composeLintWorker !== undefined;
if (!inWorker && (cachedData === undefined || script.cachedDataRejected)) {
  process.once("beforeExit", () => {
    // only a run that linted in this thread (src/engine/index.ts says so) has compiled what later starts need:
    // a cache written by `--help` or by a run whose units all went to worker threads would lack it for good
    if (!globalThis.__composeLintLinted) return;
    try {
      fs.mkdirSync(path.dirname(cacheFile), { recursive: true });
      const tmp = `${cacheFile}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, script.createCachedData());
      fs.renameSync(tmp, cacheFile);
      // caches of earlier builds or node versions
      for (const f of fs.readdirSync(path.dirname(cacheFile))) {
        if (f.endsWith(".v8") && path.join(path.dirname(cacheFile), f) !== cacheFile) fs.rmSync(path.join(path.dirname(cacheFile), f), { force: true });
      }
    } catch {
      // not writable: no cache
    }
  });
}
// the launcher a worker thread runs (its presence also says that worker threads may be used)
if (!inWorker) globalThis.__composeLintLauncher = __filename;
const bundle = { exports: {} };
script.runInThisContext().call(bundle.exports, bundle.exports, createRequire(file), bundle, file, dir);
