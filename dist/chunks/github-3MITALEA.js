import { createRequire as __compose_lint_cr } from 'node:module'; const require = __compose_lint_cr(import.meta.url);
import {
  compactLine
} from "./chunk-MP5QBFEM.js";
import {
  plural,
  sortByPosition,
  sortBySeverity
} from "./chunk-NBLA2PSM.js";
import "./chunk-Y6MHYMOS.js";

// src/report/github.ts
import { appendFileSync } from "node:fs";
var GITHUB_ANNOTATIONS_PER_LEVEL = 10;
var COMMAND = { error: "error", warning: "warning", info: "notice" };
var SEVERITIES = ["error", "warning", "info"];
function escapeGithubData(text) {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}
function escapeGithubProperty(text) {
  return escapeGithubData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}
function annotation(d, toolName) {
  const props = [
    ["file", d.file],
    ["line", d.line],
    ["endLine", d.endLine]
  ];
  if (d.line === d.endLine) {
    props.push(["col", d.column], ["endColumn", Math.max(d.column, d.endColumn - 1)]);
  }
  props.push(["title", `${toolName} (${d.rule})`]);
  const list = props.map(([k, v]) => `${k}=${escapeGithubProperty(String(v))}`).join(",");
  return `::${COMMAND[d.severity]} ${list}::${escapeGithubData(d.message)}`;
}
function countBySeverity(counts) {
  return SEVERITIES.filter((s) => counts[s] > 0).map((s) => s === "info" ? `${counts[s]} info` : plural(counts[s], s)).join(", ");
}
function plainLine(d) {
  const line = compactLine(d);
  return /^\s*::/.test(line) ? `./${line.trimStart()}` : line;
}
function formatGithub(diagnostics, ctx) {
  if (diagnostics.length === 0) return "";
  const sorted = sortBySeverity(diagnostics);
  const total = { error: 0, warning: 0, info: 0 };
  for (const d of sorted) total[d.severity]++;
  const needSummary = SEVERITIES.some((s) => total[s] > GITHUB_ANNOTATIONS_PER_LEVEL);
  const cap = {
    error: GITHUB_ANNOTATIONS_PER_LEVEL,
    warning: GITHUB_ANNOTATIONS_PER_LEVEL,
    info: needSummary ? GITHUB_ANNOTATIONS_PER_LEVEL - 1 : GITHUB_ANNOTATIONS_PER_LEVEL
  };
  const lines = [];
  const emitted = { error: 0, warning: 0, info: 0 };
  const omitted = { error: 0, warning: 0, info: 0 };
  for (const d of sorted) {
    if (emitted[d.severity] < cap[d.severity]) {
      emitted[d.severity]++;
      lines.push(annotation(d, ctx.toolName));
    } else {
      omitted[d.severity]++;
    }
  }
  const omittedTotal = omitted.error + omitted.warning + omitted.info;
  if (omittedTotal > 0) {
    const text = `${ctx.toolName}: ${omittedTotal} more ${omittedTotal === 1 ? "finding" : "findings"} not annotated (${countBySeverity(omitted)}); see the job log or SARIF`;
    lines.push(`::notice::${escapeGithubData(text)}`);
  }
  lines.push(`${ctx.toolName}: ${plural(sorted.length, "finding")} (${countBySeverity(total)})`);
  for (const d of sortByPosition(diagnostics)) lines.push(plainLine(d));
  return lines.map((l) => `${l}
`).join("");
}
var SUMMARY_BUDGET_BYTES = 9e5;
function escapeMarkdownCell(text) {
  return text.split(/\r\n|\r|\n/).map(
    (part) => part.replace(/[\\`*_[\]|~$]/g, "\\$&").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
  ).join("<br>");
}
function markdownUrl(url) {
  return url.replace(/[\s()<>|]/g, (c) => encodeURIComponent(c));
}
function githubStepSummary(diagnostics, ctx) {
  const title = `### ${escapeMarkdownCell(ctx.toolName)}

`;
  const checked = ctx.files.length > 0 ? ` (${plural(ctx.files.length, "file")} checked)` : "";
  if (diagnostics.length === 0) return `${title}No findings${checked}.
`;
  const sorted = sortBySeverity(diagnostics);
  const total = { error: 0, warning: 0, info: 0 };
  for (const d of sorted) total[d.severity]++;
  const files = new Set(sorted.map((d) => d.file)).size;
  let out = `${title}${plural(sorted.length, "finding")} (${countBySeverity(total)}) in ${plural(files, "file")}${checked}.

| Severity | Rule | Location | Message |
| --- | --- | --- | --- |
`;
  let bytes = Buffer.byteLength(out);
  for (let i = 0; i < sorted.length; i++) {
    const d = sorted[i];
    const row = `| ${d.severity} | [${escapeMarkdownCell(d.rule)}](${markdownUrl(ctx.ruleDocUrl(d.rule))}) | ${escapeMarkdownCell(`${d.file}:${d.line}`)} | ${escapeMarkdownCell(d.message)} |
`;
    const size = Buffer.byteLength(row);
    if (bytes + size > SUMMARY_BUDGET_BYTES) {
      out += `
_${sorted.length - i} more ${sorted.length - i === 1 ? "finding" : "findings"} not shown (step summary size limit); see the job log or SARIF._
`;
      break;
    }
    out += row;
    bytes += size;
  }
  return out;
}
function appendStepSummary(markdown, env = process.env) {
  const file = env.GITHUB_STEP_SUMMARY;
  if (!file) return false;
  appendFileSync(file, markdown.endsWith("\n") ? markdown : `${markdown}
`, "utf8");
  return true;
}
export {
  GITHUB_ANNOTATIONS_PER_LEVEL,
  appendStepSummary,
  escapeGithubData,
  escapeGithubProperty,
  escapeMarkdownCell,
  formatGithub,
  githubStepSummary
};
