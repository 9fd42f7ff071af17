import { createRequire as __compose_lint_cr } from 'node:module'; const require = __compose_lint_cr(import.meta.url);
import {
  sortByPosition,
  xmlAttr
} from "./chunk-NBLA2PSM.js";
import "./chunk-Y6MHYMOS.js";

// src/report/checkstyle.ts
function formatCheckstyle(diagnostics, ctx) {
  const byFile = /* @__PURE__ */ new Map();
  for (const f of ctx.files) byFile.set(f, []);
  for (const d of sortByPosition(diagnostics)) {
    const list = byFile.get(d.file) ?? [];
    list.push(d);
    byFile.set(d.file, list);
  }
  const names = [...byFile.keys()].sort((a, b) => a < b ? -1 : a > b ? 1 : 0);
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', '<checkstyle version="4.3">'];
  for (const name of names) {
    const list = byFile.get(name);
    if (list.length === 0) {
      out.push(`  <file name="${xmlAttr(name)}"/>`);
      continue;
    }
    out.push(`  <file name="${xmlAttr(name)}">`);
    for (const d of list) {
      out.push(
        `    <error line="${d.line}" column="${d.column}" severity="${d.severity}" message="${xmlAttr(d.message)}" source="${xmlAttr(`compose-lint.${d.rule}`)}"/>`
      );
    }
    out.push("  </file>");
  }
  out.push("</checkstyle>");
  return `${out.join("\n")}
`;
}
export {
  formatCheckstyle
};
