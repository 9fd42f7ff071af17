import { createRequire as __compose_lint_cr } from 'node:module'; const require = __compose_lint_cr(import.meta.url);
import {
  fingerprints,
  sortByPosition
} from "./chunk-NBLA2PSM.js";
import "./chunk-Y6MHYMOS.js";

// src/report/gitlab.ts
var SEVERITY = { info: "info", warning: "minor", error: "major" };
function formatGitlab(diagnostics, ctx) {
  const sorted = sortByPosition(diagnostics);
  const prints = fingerprints(sorted, "composeLint/gitlab/v1");
  const issues = sorted.map((d, i) => ({
    type: "issue",
    description: d.message,
    check_name: d.rule,
    categories: ["Bug Risk"],
    fingerprint: prints[i],
    severity: SEVERITY[d.severity],
    engine_name: ctx.toolName,
    location: {
      path: d.file,
      lines: { begin: d.line, end: d.endLine }
    }
  }));
  return `${JSON.stringify(issues, null, 2)}
`;
}
export {
  formatGitlab
};
