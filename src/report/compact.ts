// One line per finding: `file:line:col: severity: message [rule]`.
import type { Diagnostic, Severity } from "../types.js";
import type { ReportContext } from "./types.js";
import { foldLines, sortByPosition } from "./util.js";

const COLORS: Record<Severity, string> = { error: "\u001b[31m", warning: "\u001b[33m", info: "\u001b[36m" };
const RESET = "\u001b[39m";

/** A compact line for one diagnostic (no trailing newline); line breaks in the message become spaces. */
export function compactLine(d: Diagnostic, color = false): string {
  const severity = color ? `${COLORS[d.severity]}${d.severity}${RESET}` : d.severity;
  return `${d.file}:${d.line}:${d.column}: ${severity}: ${foldLines(d.message)} [${d.rule}]`;
}

/** Compact format: one line per finding in file/line/column order, each ending with "\n"; "" when there are none. */
export function formatCompact(diagnostics: Diagnostic[], ctx: ReportContext): string {
  return sortByPosition(diagnostics)
    .map((d) => `${compactLine(d, ctx.color)}\n`)
    .join("");
}
