// Generates the rule documentation from each rule's meta and docs:
//   docs/rules/<id>.md                      one page per rule (src/docs.ts ruleMarkdown, the same text as --explain)
//   README.md between <!-- rules:start --> and <!-- rules:end -->   the rule table
//   schema/compose-lint.schema.json         the rule ids that `rules:` accepts (editor completion)
// `--check` writes nothing and exits 1 when any of them is stale.
// The TypeScript sources are bundled with esbuild into node_modules/.cache (so that their imports
// resolve against node_modules) and imported from there: no TypeScript loader needed.
import { build } from "esbuild";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const check = process.argv.includes("--check");
const START = "<!-- rules:start -->";
const END = "<!-- rules:end -->";

const cacheDir = path.join(root, "node_modules", ".cache", "compose-lint-gen-docs");
fs.mkdirSync(cacheDir, { recursive: true });
const outfile = path.join(cacheDir, `docs-${process.pid}.mjs`);
await build({
  absWorkingDir: root,
  stdin: {
    contents: 'export { ruleMarkdown } from "./src/docs.ts";\nexport { RULES } from "./rules/index.ts";\nexport { UNUSED_SUPPRESSION } from "./src/engine/index.ts";\n',
    resolveDir: root,
    loader: "ts",
    sourcefile: "gen-docs-entry.ts",
  },
  outfile,
  bundle: true,
  format: "esm",
  platform: "node",
  target: "node20",
  packages: "external",
  logLevel: "warning",
});
let mod;
try {
  mod = await import(pathToFileURL(outfile).href);
} finally {
  fs.rmSync(outfile, { force: true });
}
const { ruleMarkdown, RULES, UNUSED_SUPPRESSION } = mod;

/** path relative to root → wanted content; null = the file must not exist */
const wanted = new Map();

// docs/rules/<id>.md
const rulesDir = path.join(root, "docs", "rules");
const pages = new Set();
for (const rule of RULES) {
  pages.add(`${rule.meta.id}.md`);
  wanted.set(`docs/rules/${rule.meta.id}.md`, ruleMarkdown(rule));
}
pages.add(`${UNUSED_SUPPRESSION}.md`);
wanted.set(`docs/rules/${UNUSED_SUPPRESSION}.md`, unusedSuppressionPage(UNUSED_SUPPRESSION));
if (fs.existsSync(rulesDir)) {
  for (const f of fs.readdirSync(rulesDir)) if (f.endsWith(".md") && !pages.has(f)) wanted.set(`docs/rules/${f}`, null);
}

// README.md rule table
const readmePath = path.join(root, "README.md");
const readme = fs.existsSync(readmePath) ? fs.readFileSync(readmePath, "utf8") : null;
const problems = [];
if (readme === null || !readme.includes(START) || !readme.includes(END) || readme.indexOf(START) > readme.indexOf(END)) {
  problems.push(`README.md: the markers ${START} and ${END} are missing`);
} else {
  const eol = readme.includes("\r\n") ? "\r\n" : "\n";
  const table = ruleTable(RULES).split("\n").join(eol);
  const before = readme.slice(0, readme.indexOf(START) + START.length);
  const after = readme.slice(readme.indexOf(END));
  wanted.set("README.md", `${before}${eol}${table}${eol}${after}`);
}

// schema: rules.properties
const schemaPath = path.join(root, "schema", "compose-lint.schema.json");
const schema = JSON.parse(fs.readFileSync(schemaPath, "utf8"));
const props = {};
for (const rule of RULES) props[rule.meta.id] = { description: `${rule.meta.summary}. Default: ${rule.meta.defaultSeverity}.`, $ref: "#/definitions/setting" };
props[UNUSED_SUPPRESSION] = { description: "A compose-lint suppression comment that suppressed nothing. Default: info.", $ref: "#/definitions/setting" };
schema.properties.rules.properties = props;
wanted.set("schema/compose-lint.schema.json", JSON.stringify(schema, null, 2) + "\n");

const stale = [];
for (const [rel, text] of wanted) {
  const abs = path.join(root, rel);
  const exists = fs.existsSync(abs);
  const current = exists ? fs.readFileSync(abs, "utf8") : null;
  if (current === text) continue;
  stale.push(rel);
  if (check) continue;
  if (text === null) fs.rmSync(abs);
  else {
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, text);
  }
}

for (const p of problems) console.error(`gen-docs: ${p}`);
if (check) {
  if (stale.length || problems.length) {
    if (stale.length) console.error(`gen-docs: stale generated files (run node scripts/gen-docs.mjs and commit): ${stale.join(", ")}`);
    process.exit(1);
  }
  console.log("rule docs, README rule table and schema rule list are up to date");
} else {
  console.log(stale.length ? `gen-docs: wrote ${stale.join(", ")}` : "gen-docs: nothing to change");
  if (problems.length) process.exit(1);
}

function cell(text) {
  return String(text).replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

function ruleTable(rules) {
  const lines = ["| rule | default | fix | what it flags |", "|---|---|---|---|"];
  for (const r of rules) {
    const fix = r.meta.fixable === "none" ? "no" : r.meta.fixable === "always" ? "yes" : "sometimes";
    lines.push(`| [${r.meta.id}](docs/rules/${r.meta.id}.md) | ${r.meta.defaultSeverity} | ${fix} | ${cell(r.meta.summary)} |`);
  }
  lines.push(`| [${UNUSED_SUPPRESSION}](docs/rules/${UNUSED_SUPPRESSION}.md) | info | no | A suppression comment that suppressed nothing, or names a rule that does not exist |`);
  return lines.join("\n");
}

function unusedSuppressionPage(id) {
  return [
    `# ${id}`,
    "",
    "A `# compose-lint disable…` comment that suppressed nothing, or that names a rule that does not exist.",
    "",
    "- Default severity: **info**",
    "- Fixable: no",
    "",
    "## What it does",
    "",
    "Reports `# compose-lint disable-next-line`, `disable-line` and `disable-file` comments that matched no finding in this run, and rule ids in them that are not rules (see `compose-lint --list-rules`). A comment whose rules are all turned off (`--rule <id>=off` or `rules:` in `.compose-lint.yaml`) is not reported. `# hadolint ignore=…` comments are never reported: hadolint may still need them.",
    "",
    "## Why",
    "",
    "A suppression that outlived its finding hides the next real finding on that line; a misspelled rule id suppresses nothing.",
    "",
    "## Example",
    "",
    "```",
    "services:",
    "  db:  # compose-lint disable-line missing-init -- postgres reaps",
    "    image: postgres:17",
    "```",
    "",
    "Turn it off with `--rule unused-suppression=off` or `rules: { unused-suppression: off }`.",
    "",
  ].join("\n");
}
