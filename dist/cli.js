#!/usr/bin/env node
// compose-lint's command: runs the single-file CommonJS bundle cli.cjs through a V8 code cache kept next
// to it (dist/.cache/), so later starts skip most of the JavaScript compilation (about a third of a short
// run). When the cache cannot be written (a read-only install) the bundle simply runs without it.
// This file is copied to dist/cli.js by scripts/build.mjs; BUILD_ID is replaced by the bundle's hash.
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import v8 from "node:v8";
import vm from "node:vm";

// the same V8 flags at every start keep the cache valid; tree-sitter's grammar wants Liftoff only (its
// optimising compile otherwise holds the process ~0.4 s at exit)
v8.setFlagsFromString("--liftoff-only");
// a collector the engine may call between units of a large tree: V8 would otherwise let garbage grow to
// hundreds of megabytes before collecting (the live set stays near 40 MB)
v8.setFlagsFromString("--expose-gc");
globalThis.__composeLintGc = vm.runInNewContext("gc");

const dir = path.dirname(fileURLToPath(import.meta.url));
const file = path.join(dir, "cli.cjs");
const code = fs.readFileSync(file, "utf8");
const cacheFile = path.join(dir, ".cache", `cli-da396d785caddf9c-${process.version}-${process.arch}.v8`);
let cachedData;
try {
  cachedData = fs.readFileSync(cacheFile);
} catch {
  cachedData = undefined;
}
const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${code}\n})`, { filename: file, cachedData });
if (cachedData === undefined || script.cachedDataRejected) {
  process.once("beforeExit", () => {
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
// worker threads of a large run start the bundle itself
globalThis.__composeLintBundle = file;
const module = { exports: {} };
script.runInThisContext().call(module.exports, module.exports, createRequire(file), module, file, dir);
