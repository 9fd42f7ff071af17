#!/usr/bin/env node
// Which images do compose files of public repositories run, and does compose-lint's knowledge base know them?
// Used to choose the images the knowledge base describes (docs/image-list.md records how the list was made).
//
//   node scripts/count-images.mjs <corpus-folder>... [--top N] [--unknown] [--markdown | --tsv] [--repos]
//
// --repos lists the repositories that hold compose files (with their number of compose files) instead of images.
//
// Every direct subfolder of a corpus folder is one repository. A compose file is a YAML file whose top level
// has a `services:` mapping (parsed with `yaml`, merge keys on). Each service's `image:` is normalised the
// way the linter reads it (src/knowledge/reference.ts: tag and digest removed, Docker Hub's hosts, mirrors
// and `library/` folded, a whole `${VAR:-default}` stands for its default); a repository part that is still
// a variable is skipped. An image is counted once per repository that uses it, however many files name it.
// "known" asks the knowledge base (src/knowledge, bundled on the fly with esbuild) for the image.
import { build } from "esbuild";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parse } from "yaml";

const root = resolve(new URL(".", import.meta.url).pathname, "..");
const args = process.argv.slice(2);
const valueOf = (flag) => (args.includes(flag) ? args[args.indexOf(flag) + 1] : undefined);
const top = Number(valueOf("--top") ?? 150);
const onlyUnknown = args.includes("--unknown");
const listRepos = args.includes("--repos");
const format = args.includes("--markdown") ? "markdown" : args.includes("--tsv") ? "tsv" : "text";
const corpora = args.filter((a, i) => !a.startsWith("--") && args[i - 1] !== "--top");
if (corpora.length === 0 || !Number.isInteger(top) || top < 1) {
  console.error("usage: node scripts/count-images.mjs <corpus-folder>... [--top N] [--unknown] [--markdown | --tsv] [--repos]");
  process.exit(2);
}

/** The knowledge base and the reference parser, from the sources (no dist/ needed). */
async function loadKnowledge() {
  const dir = mkdtempSync(join(os.tmpdir(), "count-images-"));
  try {
    const out = join(dir, "knowledge.mjs");
    await build({ absWorkingDir: root, entryPoints: ["src/knowledge/index.ts"], bundle: true, format: "esm", platform: "node", outfile: out, logLevel: "warning" });
    return await import(pathToFileURL(out).href);
  } finally {
    // the module is loaded: its file is no longer needed
    setTimeout(() => rmSync(dir, { recursive: true, force: true }), 0);
  }
}

const SKIP = new Set(["node_modules", ".git", "vendor"]);
function* yamlFiles(dir) {
  let names;
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (SKIP.has(name)) continue;
    const path = join(dir, name);
    const st = statSync(path, { throwIfNoEntry: false });
    if (!st) continue;
    if (st.isDirectory()) yield* yamlFiles(path);
    else if (/\.ya?ml$/i.test(name) && st.size < 1_000_000) yield path;
  }
}

/** The `image:` strings of a compose file's services; [] for YAML that is not a compose file. */
function composeImages(path) {
  let doc;
  try {
    doc = parse(readFileSync(path, "utf8"), { logLevel: "silent", uniqueKeys: false, merge: true });
  } catch {
    return null;
  }
  const services = doc && typeof doc === "object" && !Array.isArray(doc) ? doc.services : undefined;
  if (!services || typeof services !== "object" || Array.isArray(services)) return null;
  const out = [];
  for (const s of Object.values(services)) {
    if (s && typeof s === "object" && typeof s.image === "string" && s.image.trim() !== "") out.push(s.image);
  }
  return out;
}

const { KnowledgeBase, parseImageRef } = await loadKnowledge();
const kb = new KnowledgeBase();

/** `docker.io/library/postgres:16@sha256:…` → `postgres`; null when the repository itself is a variable. */
function normalise(ref) {
  const { repository } = parseImageRef(ref.replace(/^["']|["']$/g, ""));
  if (repository === "" || /[${}\s]/.test(repository) || !/^[a-z0-9][a-z0-9._/:-]*$/.test(repository)) return null;
  return repository;
}

const repos = new Map(); // image → repositories using it
const files = new Map(); // image → compose files naming it
let nRepos = 0;
let nComposeRepos = 0;
let nComposeFiles = 0;
let nSkipped = 0;
const seen = new Set();
const composeRepos = []; // [repository, compose files]
for (const corpus of corpora) {
  for (const name of readdirSync(corpus).sort()) {
    const dir = join(corpus, name);
    if (!statSync(dir).isDirectory()) continue;
    // `owner__name@commit` is a second checkout of `owner__name`: one repository
    const repo = name.replace(/@.*$/, "");
    if (seen.has(repo)) continue;
    seen.add(repo);
    nRepos++;
    const here = new Set();
    let composeHere = 0;
    for (const file of yamlFiles(dir)) {
      const images = composeImages(file);
      if (images === null) continue;
      composeHere++;
      const inFile = new Set();
      for (const ref of images) {
        const image = normalise(ref);
        if (image === null) nSkipped++;
        else inFile.add(image);
      }
      for (const image of inFile) {
        files.set(image, (files.get(image) ?? 0) + 1);
        here.add(image);
      }
    }
    if (composeHere > 0) {
      nComposeRepos++;
      composeRepos.push([repo, composeHere]);
    }
    nComposeFiles += composeHere;
    for (const image of here) {
      if (!repos.has(image)) repos.set(image, new Set());
      repos.get(image).add(repo);
    }
  }
}

const ranked = [...repos]
  .map(([image, users]) => {
    const entry = kb.image(image);
    // an entry whose verdict is `unknown` is a base image whose command decides PID 1 (alpine, busybox)
    const known = !entry ? "" : entry.verdict === "unknown" ? "command decides" : entry.verdict;
    return { image, repos: users.size, files: files.get(image), known };
  })
  .sort((a, b) => b.repos - a.repos || b.files - a.files || a.image.localeCompare(b.image));
ranked.forEach((r, i) => (r.rank = i + 1));
const shown = ranked.slice(0, top).filter((r) => !onlyUnknown || !r.known);
const knownInTop = ranked.slice(0, top).filter((r) => r.known).length;

if (listRepos) {
  for (const [repo, n] of composeRepos.sort((a, b) => a[0].localeCompare(b[0]))) console.log(`${repo}\t${n}`);
  process.exit(0);
}

const summary = `${nRepos} repositories (${nComposeRepos} with compose files), ${nComposeFiles} compose files, ${repos.size} distinct images (${nSkipped} references skipped: the repository is a variable); known in the top ${Math.min(top, ranked.length)}: ${knownInTop}`;
if (format === "tsv") {
  console.log("rank\timage\trepositories\tfiles\tknown");
  for (const r of shown) console.log(`${r.rank}\t${r.image}\t${r.repos}\t${r.files}\t${r.known || "no"}`);
} else if (format === "markdown") {
  console.log(`<!-- ${summary} -->`);
  console.log("| # | image | repositories | compose files | knowledge base |");
  console.log("| ---: | --- | ---: | ---: | --- |");
  for (const r of shown) console.log(`| ${r.rank} | \`${r.image}\` | ${r.repos} | ${r.files} | ${r.known || "**unknown**"} |`);
} else {
  console.log(summary);
  for (const r of shown) console.log(`${String(r.rank).padStart(4)} ${String(r.repos).padStart(4)} ${String(r.files).padStart(5)}  ${(r.known || "-").padEnd(15)} ${r.image}`);
}
