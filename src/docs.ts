// Rule documentation: docs/rules/<id>.md and `--explain`, from each rule's meta and docs.
import { allRules } from "./engine/index.js";
import type { Rule } from "./engine/rule.js";

export function ruleMarkdown(rule: Rule): string {
  const { meta, docs } = rule;
  const out: string[] = [];
  out.push(`# ${meta.id}`, "", meta.summary + ".", "");
  out.push(`- Default severity: **${meta.defaultSeverity}**`);
  out.push(`- Fixable: ${meta.fixable === "none" ? "no" : meta.fixable === "always" ? "yes" : "sometimes"}`);
  out.push("", "## What it does", "", docs.what, "", "## Why", "", docs.why);
  if (docs.bad) out.push("", "## Example", "", "```", docs.bad, "```");
  if (docs.good) out.push("", "Instead:", "", "```", docs.good, "```");
  if (docs.fixSafety) out.push("", "## Fix safety", "", docs.fixSafety);
  if (meta.sources.length) {
    out.push("", "## Sources", "");
    for (const s of meta.sources) out.push(`- [${s.title}](${s.url})${s.code ? ` (${s.code})` : ""}`);
  }
  return out.join("\n") + "\n";
}

export function explainRule(id: string): string | null {
  const rule = allRules().find((r) => r.meta.id === id);
  return rule ? ruleMarkdown(rule) : null;
}
