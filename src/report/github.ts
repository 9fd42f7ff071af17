// GitHub Actions: workflow-command annotations, plain log lines, and a job step summary.
import { appendFileSync } from "node:fs";
import type { Diagnostic, Severity } from "../types.js";
import type { ReportContext } from "./types.js";
import { compactLine } from "./compact.js";
import { plural, sortByPosition, sortBySeverity } from "./util.js";

/** The runner turns at most this many annotations of each level into annotations, per step. */
export const GITHUB_ANNOTATIONS_PER_LEVEL = 10;

const COMMAND: Record<Severity, "error" | "warning" | "notice"> = { error: "error", warning: "warning", info: "notice" };
const SEVERITIES: Severity[] = ["error", "warning", "info"];

/** Escaping of a workflow command's message (the part after `::`), as the runner unescapes it. */
export function escapeGithubData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** Escaping of a workflow command's property value (`key=value`, separated by `,`). */
export function escapeGithubProperty(text: string): string {
  return escapeGithubData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

function annotation(d: Diagnostic, toolName: string): string {
  const props: [string, string | number][] = [
    ["file", d.file],
    ["line", d.line],
    ["endLine", d.endLine],
  ];
  // Columns are only accepted on single-line annotations; the runner's endColumn is inclusive.
  if (d.line === d.endLine) {
    props.push(["col", d.column], ["endColumn", Math.max(d.column, d.endColumn - 1)]);
  }
  props.push(["title", `${toolName} (${d.rule})`]);
  const list = props.map(([k, v]) => `${k}=${escapeGithubProperty(String(v))}`).join(",");
  return `::${COMMAND[d.severity]} ${list}::${escapeGithubData(d.message)}`;
}

function countBySeverity(counts: Record<Severity, number>): string {
  return SEVERITIES.filter((s) => counts[s] > 0)
    .map((s) => (s === "info" ? `${counts[s]} info` : plural(counts[s], s)))
    .join(", ");
}

/** A plain log line that the runner can never mistake for a workflow command. */
function plainLine(d: Diagnostic): string {
  const line = compactLine(d);
  return /^\s*::/.test(line) ? `./${line.trimStart()}` : line;
}

/**
 * GitHub workflow commands: annotations sorted by severity then position, at most 10 per level
 * (9 notices when a summary notice is needed, since it is a notice too), then one `::notice::`
 * counting the findings not annotated, then every finding as a plain log line. "" when there are none.
 */
export function formatGithub(diagnostics: Diagnostic[], ctx: ReportContext): string {
  if (diagnostics.length === 0) return "";
  const sorted = sortBySeverity(diagnostics);
  const total: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const d of sorted) total[d.severity]++;
  const needSummary = SEVERITIES.some((s) => total[s] > GITHUB_ANNOTATIONS_PER_LEVEL);
  const cap: Record<Severity, number> = {
    error: GITHUB_ANNOTATIONS_PER_LEVEL,
    warning: GITHUB_ANNOTATIONS_PER_LEVEL,
    info: needSummary ? GITHUB_ANNOTATIONS_PER_LEVEL - 1 : GITHUB_ANNOTATIONS_PER_LEVEL,
  };

  const lines: string[] = [];
  const emitted: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  const omitted: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
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
    const text =
      `${ctx.toolName}: ${omittedTotal} more ${omittedTotal === 1 ? "finding" : "findings"} not annotated ` +
      `(${countBySeverity(omitted)}); see the job log or SARIF`;
    lines.push(`::notice::${escapeGithubData(text)}`);
  }
  lines.push(`${ctx.toolName}: ${plural(sorted.length, "finding")} (${countBySeverity(total)})`);
  for (const d of sortByPosition(diagnostics)) lines.push(plainLine(d));
  return lines.map((l) => `${l}\n`).join("");
}

/** GitHub's limit on one step's summary is 1 MiB; stay well below it. */
const SUMMARY_BUDGET_BYTES = 900_000;

/** Markdown for a table cell: no line breaks, no `|`, no HTML, no inline Markdown. */
export function escapeMarkdownCell(text: string): string {
  return text
    .split(/\r\n|\r|\n/)
    .map((part) =>
      part
        .replace(/[\\`*_[\]|~$]/g, "\\$&")
        .replace(/&/g, "&amp;")
        .replace(/</g, "&lt;")
        .replace(/>/g, "&gt;"),
    )
    .join("<br>");
}

function markdownUrl(url: string): string {
  return url.replace(/[\s()<>|]/g, (c) => encodeURIComponent(c));
}

/** A Markdown report of all findings for `$GITHUB_STEP_SUMMARY` (severity first, then position). */
export function githubStepSummary(diagnostics: Diagnostic[], ctx: ReportContext): string {
  const title = `### ${escapeMarkdownCell(ctx.toolName)}\n\n`;
  const checked = ctx.files.length > 0 ? ` (${plural(ctx.files.length, "file")} checked)` : "";
  if (diagnostics.length === 0) return `${title}No findings${checked}.\n`;
  const sorted = sortBySeverity(diagnostics);
  const total: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const d of sorted) total[d.severity]++;
  const files = new Set(sorted.map((d) => d.file)).size;
  let out =
    `${title}${plural(sorted.length, "finding")} (${countBySeverity(total)}) in ${plural(files, "file")}${checked}.\n\n` +
    `| Severity | Rule | Location | Message |\n| --- | --- | --- | --- |\n`;
  let bytes = Buffer.byteLength(out);
  for (let i = 0; i < sorted.length; i++) {
    const d = sorted[i]!;
    const row =
      `| ${d.severity} | [${escapeMarkdownCell(d.rule)}](${markdownUrl(ctx.ruleDocUrl(d.rule))}) ` +
      `| ${escapeMarkdownCell(`${d.file}:${d.line}`)} | ${escapeMarkdownCell(d.message)} |\n`;
    const size = Buffer.byteLength(row);
    if (bytes + size > SUMMARY_BUDGET_BYTES) {
      out += `\n_${sorted.length - i} more ${sorted.length - i === 1 ? "finding" : "findings"} not shown (step summary size limit); see the job log or SARIF._\n`;
      break;
    }
    out += row;
    bytes += size;
  }
  return out;
}

/**
 * Appends Markdown to the file named by `$GITHUB_STEP_SUMMARY` (the only function here that does I/O).
 * Returns false, writing nothing, when the variable is not set.
 */
export function appendStepSummary(markdown: string, env: NodeJS.ProcessEnv = process.env): boolean {
  const file = env.GITHUB_STEP_SUMMARY;
  if (!file) return false;
  appendFileSync(file, markdown.endsWith("\n") ? markdown : `${markdown}\n`, "utf8");
  return true;
}
