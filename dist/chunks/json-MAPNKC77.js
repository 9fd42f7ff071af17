import { createRequire as __compose_lint_cr } from 'node:module'; const require = __compose_lint_cr(import.meta.url);
import "./chunk-Y6MHYMOS.js";

// src/report/json.ts
function formatJson(diagnostics, ctx) {
  const doc = {
    tool: { name: ctx.toolName, version: ctx.toolVersion },
    diagnostics: diagnostics.map((d) => ({
      file: d.file,
      line: d.line,
      column: d.column,
      endLine: d.endLine,
      endColumn: d.endColumn,
      rule: d.rule,
      severity: d.severity,
      message: d.message,
      fix: d.fix ? { safety: d.fix.safety, title: d.fix.title } : null
    }))
  };
  return JSON.stringify(doc, null, 2) + "\n";
}
export {
  formatJson
};
