import type { Diagnostic, RuleMeta } from "../types.js";

/** Everything a report format may need besides the diagnostics. */
export interface ReportContext {
  /** the working directory; Diagnostic.file is relative to it */
  cwd: string;
  /** metadata of every rule known to this run (for SARIF rules, docs links…) */
  rules: RuleMeta[];
  toolName: string;
  toolVersion: string;
  /** project home page */
  informationUri: string;
  /** URL of a rule's documentation page */
  ruleDocUrl(ruleId: string): string;
  /** full documentation of a rule in Markdown (generated docs), when available */
  ruleDocMarkdown?(ruleId: string): string | undefined;
  color: boolean;
  /** files that were linted (some formats list clean files too) */
  files: string[];
}

/** A report format: diagnostics in, text out (no I/O). */
export type Formatter = (diagnostics: Diagnostic[], ctx: ReportContext) => string;
