#!/usr/bin/env node
// The yaml-parse floor: read every compose file under the given paths and parse it with `yaml`
// (parseDocument with a LineCounter, merge keys on), nothing else. A linter built on `yaml` cannot be
// faster than this; the benchmark compares compose-lint with it.
//   node bench/floor-yaml.mjs PATH…      prints "N files, E with errors" on stdout
import fs from "node:fs";
import { parseDocument, LineCounter } from "yaml";
import { findComposeFiles } from "./discover.mjs";

const files = findComposeFiles(process.argv.slice(2));
let bad = 0;
let nodes = 0;
for (const f of files) {
  const lineCounter = new LineCounter();
  const doc = parseDocument(fs.readFileSync(f, "utf8"), { lineCounter, merge: true, keepSourceTokens: false });
  if (doc.errors.length) bad++;
  if (doc.contents) nodes++;
}
process.stdout.write(`${files.length} files, ${bad} with errors, ${nodes} non-empty\n`);
