import { createRequire as __compose_lint_cr } from 'node:module'; const require = __compose_lint_cr(import.meta.url);
import {
  allRules
} from "./chunk-XBP7SAZ3.js";
import "./chunk-Y6MHYMOS.js";

// src/docs.ts
function ruleMarkdown(rule) {
  const { meta, docs } = rule;
  const out = [];
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
function explainRule(id) {
  const rule = allRules().find((r) => r.meta.id === id);
  return rule ? ruleMarkdown(rule) : null;
}
export {
  explainRule,
  ruleMarkdown
};
