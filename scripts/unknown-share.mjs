#!/usr/bin/env node
// How often compose-lint answers "PID 1 is unknown" over a folder of repositories (issue: know the images).
// Usage: node scripts/unknown-share.mjs <corpus-folder> [--list]
// Every direct subfolder is one repository. Denominator: the services of every YAML file compose-lint treats
// as a compose file (top-level `services:` with at least one service that has `image` or `build`).
// Numerator: services with a missing-init "PID 1 is unknown" diagnostic. Runs dist/api.mjs (build first).
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { parse } from "yaml";

const args = process.argv.slice(2);
const corpus = args.find((a) => !a.startsWith("--"));
const list = args.includes("--list");
if (!corpus) {
  console.error("usage: node scripts/unknown-share.mjs <corpus-folder> [--list]");
  process.exit(2);
}
const api = await import(new URL("../dist/api.mjs", import.meta.url).href);

const SKIP = new Set(["node_modules", ".git", "vendor", "dist"]);
function* yamlFiles(dir) {
  for (const name of readdirSync(dir)) {
    if (SKIP.has(name)) continue;
    const path = join(dir, name);
    const st = statSync(path, { throwIfNoEntry: false });
    if (!st) continue;
    if (st.isDirectory()) yield* yamlFiles(path);
    else if (/\.ya?ml$/.test(name) && st.size < 1_000_000) yield path;
  }
}
function composeServices(path) {
  let doc;
  try {
    doc = parse(readFileSync(path, "utf8"), { logLevel: "silent", uniqueKeys: false, merge: true });
  } catch {
    return [];
  }
  const services = doc && typeof doc === "object" ? doc.services : undefined;
  if (!services || typeof services !== "object" || Array.isArray(services)) return [];
  const names = Object.keys(services);
  const any = names.some((n) => services[n] && typeof services[n] === "object" && ("image" in services[n] || "build" in services[n]));
  return any ? names : [];
}

let total = 0;
let unknown = 0;
let stageUnknown = 0;
const rows = [];
for (const repo of readdirSync(corpus).sort()) {
  const root = resolve(corpus, repo);
  if (!statSync(root).isDirectory()) continue;
  const services = [];
  for (const file of yamlFiles(root)) {
    if (file.includes(`${join(".github", "workflows")}`)) continue;
    for (const name of composeServices(file)) services.push(`${relative(root, file)}:${name}`);
  }
  const result = await api.lint([root], { cwd: root, config: false });
  const diagnostics = result.diagnostics ?? result;
  const unknownHere = new Set();
  for (const d of diagnostics) {
    if (d.rule === "missing-init" && /^this image's PID 1 is unknown/.test(d.message)) {
      stageUnknown++;
      if (list) console.log(`unknown-stage\t${repo}/${d.file}:${d.line}`);
    }
    if (d.rule !== "missing-init" || !/PID 1 is unknown/.test(d.message)) continue;
    const m = /^service `([^`]+)`/.exec(d.message);
    if (m) unknownHere.add(`${d.file}:${m[1]}`);
  }
  total += services.length;
  unknown += unknownHere.size;
  rows.push([repo, services.length, unknownHere.size]);
  if (list) for (const u of [...unknownHere].sort()) console.log(`unknown\t${repo}/${u}`);
}
for (const [repo, n, u] of rows) console.log(`${repo}\t${u}/${n}`);
console.log(`compose services: ${total}; PID 1 unknown: ${unknown} (${((100 * unknown) / Math.max(total, 1)).toFixed(1)}%)`);
console.log(`Dockerfile stages judged on their own with PID 1 unknown: ${stageUnknown}`);
