// JUnit XML (GitLab test reports, Jenkins, Azure Pipelines, CircleCI…).
import type { Diagnostic } from "../types.js";
import type { ReportContext } from "./types.js";
import { groupByFile, xmlAttr, xmlText } from "./util.js";

/**
 * JUnit XML with one testsuite. Each finding is its own testcase (CI test views list testcases, so
 * every finding gets its own row): errors and warnings are <failure>s, `info` findings pass with
 * the note in <system-out>. Each linted file without findings is one passing testcase.
 * Testcases are grouped by file (classname = file), files sorted by name.
 */
export function formatJunit(diagnostics: Diagnostic[], ctx: ReportContext): string {
  const byFile = groupByFile(diagnostics, ctx.files);
  const names = [...byFile.keys()];

  const cases: string[] = [];
  let tests = 0;
  let failures = 0;
  for (const file of names) {
    const list = byFile.get(file)!;
    const fileAttr = xmlAttr(file);
    if (list.length === 0) {
      tests++;
      cases.push(`    <testcase classname="${fileAttr}" name="${fileAttr}" file="${fileAttr}" time="0"/>`);
      continue;
    }
    for (const d of list) {
      tests++;
      const where = `${d.file}:${d.line}:${d.column}`;
      const head =
        `    <testcase classname="${fileAttr}" name="${xmlAttr(`${d.rule} at ${where}`)}" ` +
        `file="${fileAttr}" line="${d.line}" time="0">`;
      const body = xmlText(`${d.severity}: ${d.message}\nat ${where}\nrule: ${d.rule} (${ctx.ruleDocUrl(d.rule)})`);
      if (d.severity === "info") {
        cases.push(`${head}\n      <system-out>${body}</system-out>\n    </testcase>`);
      } else {
        failures++;
        cases.push(
          `${head}\n      <failure message="${xmlAttr(d.message)}" type="${xmlAttr(d.rule)}">${body}</failure>\n    </testcase>`,
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
    "",
  ].join("\n");
}
