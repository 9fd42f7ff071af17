#!/usr/bin/env node
// The yaml + schema floor: floor-yaml.mjs plus toJS() and validation of every file against the
// compose-spec JSON schema with ajv (what a linter that validates the schema pays at least).
// Schema: <repo>/vendor/compose-spec/compose-spec.json if vendored, else <repo>/../shared/vendor/compose-spec/compose-spec.json.
//   node bench/floor-ajv.mjs PATH…       prints "N files, E parse errors, I invalid" on stdout
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseDocument, LineCounter } from "yaml";
import Ajv from "ajv";
import { findComposeFiles } from "./discover.mjs";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const SCHEMA_CANDIDATES = [
  path.join(repo, "vendor/compose-spec/compose-spec.json"),
  path.resolve(repo, "../shared/vendor/compose-spec/compose-spec.json"),
];
const schemaPath = SCHEMA_CANDIDATES.find((p) => fs.existsSync(p));
if (!schemaPath) {
  process.stderr.write(`compose-spec.json not found in:\n  ${SCHEMA_CANDIDATES.join("\n  ")}\n`);
  process.exit(2);
}
const schema = JSON.parse(fs.readFileSync(schemaPath, "utf8"));
delete schema.$schema; // "https://json-schema.org/draft-07/schema" is not a meta-schema id ajv knows; draft-07 is its default
const ajv = new Ajv({ strict: false, allErrors: false });
const validate = ajv.compile(schema);

const files = findComposeFiles(process.argv.slice(2));
let bad = 0;
let invalid = 0;
const firstInvalid = [];
for (const f of files) {
  const lineCounter = new LineCounter();
  const doc = parseDocument(fs.readFileSync(f, "utf8"), { lineCounter, merge: true });
  if (doc.errors.length) {
    bad++;
    continue;
  }
  if (!validate(doc.toJS({ maxAliasCount: -1 }))) {
    invalid++;
    if (firstInvalid.length < 3) firstInvalid.push(`${f}: ${ajv.errorsText(validate.errors)}`);
  }
}
process.stdout.write(`${files.length} files, ${bad} parse errors, ${invalid} invalid\n${firstInvalid.join("\n")}${firstInvalid.length ? "\n" : ""}`);
