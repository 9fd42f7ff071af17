#!/usr/bin/env node
// Counts the images named by compose files under the given directories: for each image repository
// (registry alias, tag and digest normalised), in how many compose files and in how many of the
// given directories it appears. Used to choose which images the knowledge base describes; see
// docs/knowledge.md for the directories that were counted.
//
//   node test/knowledge/count-images.mjs <dir>... [--top N] [--tsv]
import fs from "node:fs";
import path from "node:path";

const args = process.argv.slice(2);
const top = args.includes("--top") ? Number(args[args.indexOf("--top") + 1]) : 200;
const tsv = args.includes("--tsv");
const dirs = args.filter((a, i) => !a.startsWith("--") && args[i - 1] !== "--top");

const COMPOSE = /(^|[-_.])(docker-)?compose[^/]*\.(ya?ml|json)(\.j2)?$|^templates\/compose\/[^/]+\.ya?ml$/i;

/** `docker.io/library/nginx:1.27@sha256:…` → `nginx`; null for references that are only a variable. */
export function normalise(ref) {
  let r = ref.trim().replace(/^["']|["']$/g, "").toLowerCase();
  // `${IMAGE:-repo:tag}` → the default
  const dflt = /^\$\{[a-z0-9_]+:?-(.+)\}$/.exec(r);
  if (dflt) r = dflt[1];
  const at = r.indexOf("@");
  if (at !== -1) r = r.slice(0, at);
  r = r.replace(/:\$\{[^}]*\}$/, "");
  const slash = r.lastIndexOf("/");
  const colon = r.lastIndexOf(":");
  if (colon > slash) r = r.slice(0, colon);
  if (r === "" || r.includes("$") || r.includes("{")) return null;
  r = r.replace(/^(docker\.io|index\.docker\.io|registry-1\.docker\.io|registry\.hub\.docker\.com)\//, "");
  r = r.replace(/^(public\.ecr\.aws\/docker\/library|mirror\.gcr\.io\/library|library)\//, "");
  if (!/^[a-z0-9][a-z0-9._\/-]*$/.test(r)) return null;
  return r;
}

function* walk(dir, rel = "") {
  let ents;
  try {
    ents = fs.readdirSync(path.join(dir, rel), { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of ents) {
    if (e.name === "node_modules" || e.name === ".git") continue;
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) yield* walk(dir, r);
    else if (e.isFile()) yield r;
  }
}

const files = new Map(); // image → files
const dirsOf = new Map(); // image → directories
let nFiles = 0;
for (const dir of dirs) {
  for (const rel of walk(dir)) {
    if (!COMPOSE.test(path.basename(rel)) && !COMPOSE.test(rel)) continue;
    const text = fs.readFileSync(path.join(dir, rel), "utf8");
    const seen = new Set();
    for (const m of text.matchAll(/^\s*-?\s*"?image"?\s*:\s*("[^"]*"|'[^']*'|[^\s#,]+)/gm)) {
      const name = normalise(m[1]);
      if (name) seen.add(name);
    }
    if (seen.size) nFiles++;
    for (const n of seen) {
      files.set(n, (files.get(n) ?? 0) + 1);
      if (!dirsOf.has(n)) dirsOf.set(n, new Set());
      dirsOf.get(n).add(dir);
    }
  }
}
const rows = [...files].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, top);
if (tsv) {
  console.log("image\tfiles\tdirectories");
  for (const [n, c] of rows) console.log(`${n}\t${c}\t${dirsOf.get(n).size}`);
} else {
  console.log(`${nFiles} compose files with images, ${files.size} distinct images`);
  rows.forEach(([n, c], i) => console.log(`${String(i + 1).padStart(4)} ${String(c).padStart(5)} ${String(dirsOf.get(n).size).padStart(3)}  ${n}`));
}
