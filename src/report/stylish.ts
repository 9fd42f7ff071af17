import type { Diagnostic } from "../types.js";
import type { ReportContext } from "./types.js";
import { groupByFile } from "./util.js";

const C = { red: "\x1b[31m", yellow: "\x1b[33m", blue: "\x1b[34m", dim: "\x1b[2m", bold: "\x1b[1m", underline: "\x1b[4m", reset: "\x1b[0m" };

/** Human output grouped by file, in the manner of ESLint's stylish. */
export function formatStylish(diagnostics: Diagnostic[], ctx: ReportContext): string {
  const paint = (code: string, s: string): string => (ctx.color ? code + s + C.reset : s);
  if (diagnostics.length === 0) return "";
  const byFile = groupByFile(diagnostics);
  const lines: string[] = [];
  const counts = { error: 0, warning: 0, info: 0 };
  let fixable = 0;
  for (const [file, ds] of byFile) {
    lines.push(paint(C.underline, file));
    for (const d of ds) {
      counts[d.severity]++;
      if (d.fix?.safety === "safe") fixable++;
      const sev = d.severity === "error" ? paint(C.red, "error  ") : d.severity === "warning" ? paint(C.yellow, "warning") : paint(C.blue, "info   ");
      const pos = paint(C.dim, `${d.line}:${d.column}`.padEnd(7));
      lines.push(`  ${pos} ${sev}  ${d.message.replace(/\r?\n/g, " ")}  ${paint(C.dim, d.rule)}`);
    }
    lines.push("");
  }
  const total = counts.error + counts.warning + counts.info;
  const summary = `${total} problem${total === 1 ? "" : "s"} (${counts.error} error${counts.error === 1 ? "" : "s"}, ${counts.warning} warning${counts.warning === 1 ? "" : "s"}, ${counts.info} info)`;
  lines.push(paint(C.bold, (counts.error ? paint(C.red, "✖ ") : counts.warning ? paint(C.yellow, "⚠ ") : "ℹ ") + summary));
  if (fixable) lines.push(paint(C.dim, `  ${fixable} of them can be fixed with --fix`));
  return lines.join("\n") + "\n";
}
