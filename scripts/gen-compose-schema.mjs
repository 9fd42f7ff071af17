// Writes the vendored compose-spec JSON schema without its descriptions to src/generated/compose-schema.json,
// the form src/compose/json-schema.ts interprets at run time (small to load: no generated validator code).
// `--check` fails when the committed file is stale.
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const schemaPath = path.join(root, "vendor/compose-spec/compose-spec.json");
const outPath = path.join(root, "src/generated/compose-schema.json");
const check = process.argv.includes("--check");

const schema = JSON.parse(fs.readFileSync(schemaPath, "utf8"));
delete schema.$schema;
// descriptions are documentation only
const strip = (v) => {
  if (Array.isArray(v)) return v.map(strip);
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).filter(([k, x]) => !(k === "description" && typeof x === "string") && k !== "deprecated").map(([k, x]) => [k, strip(x)]));
  return v;
};
const text = JSON.stringify(strip(schema)) + "\n";

if (check) {
  const current = fs.existsSync(outPath) ? fs.readFileSync(outPath, "utf8") : "";
  if (current !== text) {
    console.error("src/generated/compose-schema.json is stale: run node scripts/gen-compose-schema.mjs and commit it");
    process.exit(1);
  }
  console.log("src/generated/compose-schema.json is up to date");
} else {
  fs.mkdirSync(path.dirname(outPath), { recursive: true });
  fs.writeFileSync(outPath, text);
  console.log(`wrote ${path.relative(root, outPath)} (${text.length} bytes)`);
}
