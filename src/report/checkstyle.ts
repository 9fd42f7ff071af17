// Checkstyle XML (Jenkins warnings-ng, reviewdog, SonarQube external issues…).
import type { Diagnostic } from "../types.js";
import type { ReportContext } from "./types.js";
import { groupByFile, xmlAttr } from "./util.js";

/** Checkstyle 4.3 XML: one <file> per linted file (clean ones included, empty), sorted by name. */
export function formatCheckstyle(diagnostics: Diagnostic[], ctx: ReportContext): string {
  const byFile = groupByFile(diagnostics, ctx.files);
  const names = [...byFile.keys()];
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', '<checkstyle version="4.3">'];
  for (const name of names) {
    const list = byFile.get(name)!;
    if (list.length === 0) {
      out.push(`  <file name="${xmlAttr(name)}"/>`);
      continue;
    }
    out.push(`  <file name="${xmlAttr(name)}">`);
    for (const d of list) {
      out.push(
        `    <error line="${d.line}" column="${d.column}" severity="${d.severity}" ` +
          `message="${xmlAttr(d.message)}" source="${xmlAttr(`compose-lint.${d.rule}`)}"/>`,
      );
    }
    out.push("  </file>");
  }
  out.push("</checkstyle>");
  return `${out.join("\n")}\n`;
}
