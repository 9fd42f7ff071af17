import { createRequire as __compose_lint_cr } from 'node:module'; const require = __compose_lint_cr(import.meta.url);
import {
  foldLines,
  sortByPosition
} from "./chunk-NBLA2PSM.js";

// src/report/compact.ts
var COLORS = { error: "\x1B[31m", warning: "\x1B[33m", info: "\x1B[36m" };
var RESET = "\x1B[39m";
function compactLine(d, color = false) {
  const severity = color ? `${COLORS[d.severity]}${d.severity}${RESET}` : d.severity;
  return `${d.file}:${d.line}:${d.column}: ${severity}: ${foldLines(d.message)} [${d.rule}]`;
}
function formatCompact(diagnostics, ctx) {
  return sortByPosition(diagnostics).map((d) => `${compactLine(d, ctx.color)}
`).join("");
}

export {
  compactLine,
  formatCompact
};
