// The contract between the engine and a rule module in rules/.
import type { ProjectModel } from "../model/build.js";
import type { Report, RuleDocs, RuleMeta, SourceFile, Span } from "../types.js";

export interface RuleContext {
  model: ProjectModel;
  report(r: Report): void;
  /** a file the model has read */
  file(path: string): SourceFile | undefined;
  /** 1-based line of a span's start */
  line(span: Span): number;
  /** whether a fix of this safety will be applied in this run (fixes are computed only when wanted) */
  wantsFixes: boolean;
}

export interface Rule {
  meta: RuleMeta;
  docs: RuleDocs;
  check(ctx: RuleContext): void;
}

export function defineRule(rule: Rule): Rule {
  return rule;
}

/** Replaces {name} placeholders in a message with data. */
export function formatMessage(template: string, data: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in data ? String(data[k]) : m));
}
