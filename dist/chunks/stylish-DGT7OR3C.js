import { createRequire as __compose_lint_cr } from 'node:module'; const require = __compose_lint_cr(import.meta.url);
import "./chunk-Y6MHYMOS.js";

// src/report/stylish.ts
var C = { red: "\x1B[31m", yellow: "\x1B[33m", blue: "\x1B[34m", dim: "\x1B[2m", bold: "\x1B[1m", underline: "\x1B[4m", reset: "\x1B[0m" };
function formatStylish(diagnostics, ctx) {
  const paint = (code, s) => ctx.color ? code + s + C.reset : s;
  if (diagnostics.length === 0) return "";
  const byFile = /* @__PURE__ */ new Map();
  for (const d of diagnostics) {
    const list = byFile.get(d.file) ?? [];
    list.push(d);
    byFile.set(d.file, list);
  }
  const lines = [];
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
  lines.push(paint(C.bold, (counts.error ? paint(C.red, "\u2716 ") : counts.warning ? paint(C.yellow, "\u26A0 ") : "\u2139 ") + summary));
  if (fixable) lines.push(paint(C.dim, `  ${fixable} of them can be fixed with --fix`));
  return lines.join("\n") + "\n";
}
export {
  formatStylish
};
