import type { Diagnostic } from "../types.js";
import type { ReportContext } from "./types.js";

/** The `--format json` shape of one diagnostic. */
export function toJsonDiagnostic(d: Diagnostic): JsonDiagnostic {
  return {
    file: d.file,
    line: d.line,
    column: d.column,
    endLine: d.endLine,
    endColumn: d.endColumn,
    rule: d.rule,
    severity: d.severity,
    message: d.message,
    fix: d.fix ? { safety: d.fix.safety, title: d.fix.title } : null,
  };
}

export interface JsonDiagnostic {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  rule: string;
  severity: Diagnostic["severity"];
  message: string;
  fix: { safety: "safe" | "unsafe"; title: string } | null;
}

/** The JSON contract: { diagnostics: [{ file, line, column, endLine, endColumn, rule, severity, message, fix }] }. */
export function formatJson(diagnostics: Diagnostic[], ctx: ReportContext): string {
  const doc = {
    tool: { name: ctx.toolName, version: ctx.toolVersion },
    diagnostics: diagnostics.map(toJsonDiagnostic),
  };
  return JSON.stringify(doc, null, 2) + "\n";
}
