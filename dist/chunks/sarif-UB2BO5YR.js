import { createRequire as __compose_lint_cr } from 'node:module'; const require = __compose_lint_cr(import.meta.url);
import {
  fingerprints,
  sortByPosition
} from "./chunk-NBLA2PSM.js";
import "./chunk-Y6MHYMOS.js";

// src/report/sarif.ts
import { pathToFileURL } from "node:url";
var SARIF_SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
var SARIF_FINGERPRINT_KEY = "composeLint/v1";
var SRCROOT = "%SRCROOT%";
var LEVEL = { error: "error", warning: "warning", info: "note" };
function ruleName(id) {
  const name = id.split(/[^A-Za-z0-9]+/).filter(Boolean).map((p) => p[0].toUpperCase() + p.slice(1)).join("");
  return name || id;
}
function isAbsolutePath(p) {
  return p.startsWith("/") || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith("\\\\");
}
function encodeRelative(p) {
  return p.split("/").map(encodeURIComponent).join("/");
}
function artifactLocation(file) {
  if (isAbsolutePath(file)) return { uri: pathToFileURL(file).href };
  const rel = file.replace(/\\/g, "/").replace(/^\.\//, "");
  return { uri: encodeRelative(rel), uriBaseId: SRCROOT };
}
function srcRootUri(cwd) {
  const href = pathToFileURL(cwd).href;
  return href.endsWith("/") ? href : `${href}/`;
}
function editFile(edit, d, cwd) {
  if (edit.file === d.path || edit.file === d.file) return d.file;
  if (isAbsolutePath(edit.file)) {
    const base = cwd.replace(/[\\/]+$/, "");
    const abs = edit.file.replace(/\\/g, "/");
    const root = base.replace(/\\/g, "/");
    if (abs.startsWith(`${root}/`)) return abs.slice(root.length + 1);
  }
  return edit.file;
}
function helpMarkdown(rule, ctx) {
  const doc = ctx.ruleDocMarkdown?.(rule.id);
  if (doc && doc.trim()) return doc;
  return `${rule.summary}

[Documentation for \`${rule.id}\`](${ctx.ruleDocUrl(rule.id)})`;
}
function fullDescription(rule) {
  if (rule.sources.length === 0) return rule.summary;
  const refs = rule.sources.map((s) => s.code ? `${s.title} (${s.code}): ${s.url}` : `${s.title}: ${s.url}`);
  return `${rule.summary}

References:
${refs.map((r) => `- ${r}`).join("\n")}`;
}
function ruleDescriptor(rule, ctx) {
  const url = ctx.ruleDocUrl(rule.id);
  const tags = ["compose-lint", "pid1"];
  if (rule.fixable !== "none") tags.push("fixable");
  for (const s of rule.sources) if (s.code) tags.push(s.code);
  return {
    id: rule.id,
    name: ruleName(rule.id),
    shortDescription: { text: rule.summary },
    fullDescription: { text: fullDescription(rule) },
    help: { text: `${rule.summary}

Documentation: ${url}`, markdown: helpMarkdown(rule, ctx) },
    helpUri: url,
    defaultConfiguration: { level: LEVEL[rule.defaultSeverity] },
    properties: { tags, fixable: rule.fixable }
  };
}
function formatSarif(diagnostics, ctx) {
  const sorted = sortByPosition(diagnostics);
  const prints = fingerprints(sorted);
  const rules = [];
  const ruleIndex = /* @__PURE__ */ new Map();
  for (const rule of ctx.rules) {
    if (ruleIndex.has(rule.id)) continue;
    ruleIndex.set(rule.id, rules.length);
    rules.push(ruleDescriptor(rule, ctx));
  }
  for (const d of sorted) {
    if (ruleIndex.has(d.rule)) continue;
    ruleIndex.set(d.rule, rules.length);
    rules.push({
      id: d.rule,
      name: ruleName(d.rule),
      shortDescription: { text: d.rule },
      helpUri: ctx.ruleDocUrl(d.rule),
      defaultConfiguration: { level: LEVEL[d.severity] },
      properties: { tags: ["compose-lint"] }
    });
  }
  const artifacts = [];
  const artifactIndex = /* @__PURE__ */ new Map();
  const locate = (file) => {
    let index = artifactIndex.get(file);
    if (index === void 0) {
      index = artifacts.length;
      artifactIndex.set(file, index);
      artifacts.push({ location: artifactLocation(file) });
    }
    return { ...artifactLocation(file), index };
  };
  for (const f of ctx.files) locate(f);
  const results = sorted.map((d, i) => {
    const result = {
      ruleId: d.rule,
      ruleIndex: ruleIndex.get(d.rule),
      level: LEVEL[d.severity],
      message: { text: d.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: locate(d.file),
            region: {
              startLine: d.line,
              startColumn: d.column,
              endLine: d.endLine,
              endColumn: d.endColumn
            }
          }
        }
      ],
      partialFingerprints: { [SARIF_FINGERPRINT_KEY]: prints[i] }
    };
    if (d.fix && d.fix.edits.length > 0) {
      const byFile = /* @__PURE__ */ new Map();
      for (const e of d.fix.edits) {
        const f = editFile(e, d, ctx.cwd);
        const list = byFile.get(f) ?? [];
        list.push(e);
        byFile.set(f, list);
      }
      result.fixes = [
        {
          description: { text: d.fix.title },
          artifactChanges: [...byFile].map(([file, edits]) => ({
            artifactLocation: locate(file),
            replacements: [...edits].sort((a, b) => a.start - b.start || a.end - b.end).map((e) => ({
              deletedRegion: { charOffset: e.start, charLength: e.end - e.start },
              insertedContent: { text: e.newText }
            }))
          })),
          properties: { safety: d.fix.safety }
        }
      ];
    }
    return result;
  });
  const log = {
    $schema: SARIF_SCHEMA_URI,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: ctx.toolName,
            version: ctx.toolVersion,
            ...ctx.informationUri ? { informationUri: ctx.informationUri } : {},
            rules
          }
        },
        originalUriBaseIds: { [SRCROOT]: { uri: srcRootUri(ctx.cwd) } },
        artifacts,
        columnKind: "utf16CodeUnits",
        results
      }
    ]
  };
  return `${JSON.stringify(log, null, 2)}
`;
}
export {
  SARIF_FINGERPRINT_KEY,
  SARIF_SCHEMA_URI,
  formatSarif
};
