import { createRequire as __compose_lint_cr } from 'node:module'; const require = __compose_lint_cr(import.meta.url);
import {
  sortByPosition,
  xmlAttr,
  xmlText
} from "./chunk-NBLA2PSM.js";
import "./chunk-Y6MHYMOS.js";

// src/report/junit.ts
function formatJunit(diagnostics, ctx) {
  const byFile = /* @__PURE__ */ new Map();
  for (const f of ctx.files) byFile.set(f, []);
  for (const d of sortByPosition(diagnostics)) {
    const list = byFile.get(d.file) ?? [];
    list.push(d);
    byFile.set(d.file, list);
  }
  const names = [...byFile.keys()].sort((a, b) => a < b ? -1 : a > b ? 1 : 0);
  const cases = [];
  let tests = 0;
  let failures = 0;
  for (const file of names) {
    const list = byFile.get(file);
    const fileAttr = xmlAttr(file);
    if (list.length === 0) {
      tests++;
      cases.push(`    <testcase classname="${fileAttr}" name="${fileAttr}" file="${fileAttr}" time="0"/>`);
      continue;
    }
    for (const d of list) {
      tests++;
      const where = `${d.file}:${d.line}:${d.column}`;
      const head = `    <testcase classname="${fileAttr}" name="${xmlAttr(`${d.rule} at ${where}`)}" file="${fileAttr}" line="${d.line}" time="0">`;
      const body = xmlText(`${d.severity}: ${d.message}
at ${where}
rule: ${d.rule} (${ctx.ruleDocUrl(d.rule)})`);
      if (d.severity === "info") {
        cases.push(`${head}
      <system-out>${body}</system-out>
    </testcase>`);
      } else {
        failures++;
        cases.push(
          `${head}
      <failure message="${xmlAttr(d.message)}" type="${xmlAttr(d.rule)}">${body}</failure>
    </testcase>`
        );
      }
    }
  }
  const name = xmlAttr(ctx.toolName);
  const counts = `tests="${tests}" failures="${failures}" errors="0" skipped="0" time="0"`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${name}" ${counts}>`,
    `  <testsuite name="${name}" ${counts}>`,
    ...cases,
    "  </testsuite>",
    "</testsuites>",
    ""
  ].join("\n");
}
export {
  formatJunit
};
