// GitLab Code Quality report (a subset of the Code Climate issue format).
import type { Diagnostic, Severity } from "../types.js";
import type { ReportContext } from "./types.js";
import { fingerprints, sortByPosition } from "./util.js";

const SEVERITY: Record<Severity, "info" | "minor" | "major"> = { info: "info", warning: "minor", error: "major" };

/** GitLab Code Quality JSON: an array of issues with stable, unique fingerprints. */
export function formatGitlab(diagnostics: Diagnostic[], ctx: ReportContext): string {
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
      lines: { begin: d.line, end: d.endLine },
    },
  }));
  return `${JSON.stringify(issues, null, 2)}\n`;
}
