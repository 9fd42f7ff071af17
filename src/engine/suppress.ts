// Inline suppressions in YAML, Dockerfiles and scripts (all use # comments):
//   # compose-lint disable-next-line <rule>[, <rule>] [-- reason]
//   # compose-lint disable-line <rule>…       (on the line itself, after the code)
//   # compose-lint disable-file [<rule>…]
//   # hadolint ignore=DL3025[,…]   (next line)   # hadolint global ignore=DL3025
// A hadolint comment suppresses the rules whose sources name one of its codes; it is never reported as
// unused (hadolint itself may need it). A compose-lint comment that suppresses nothing, or names a rule
// that does not exist, is reported by the engine as `unused-suppression`.
import type { Rule } from "./rule.js";
import type { Diagnostic, RuleSetting, SourceFile, Span } from "../types.js";

export interface Suppression {
  file: string;
  /** 1-based line the suppression applies to; 0 = whole file */
  line: number;
  /** rule ids; empty = every rule */
  rules: string[];
  span: Span;
  used: boolean;
  text: string;
  /** a comment for another linter (hadolint): never reported as unused */
  foreign?: boolean;
}

const RE = /#\s*compose-lint\s+(disable-next-line|disable-line|disable-file|disable)(?=\s|$)([^\n\r]*)/;
const HADOLINT = /#\s*hadolint\s+(global\s+)?ignore=([A-Z0-9, ]+)/;

export function findSuppressions(file: SourceFile, rules: Rule[]): Suppression[] {
  const out: Suppression[] = [];
  if (!file.text.includes("compose-lint") && !file.text.includes("hadolint")) return out;
  const lines = file.text.split(/\r?\n|\r/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line.includes("#")) continue;
    const start = file.lineStarts[i]!;
    const m = RE.exec(line);
    if (m) {
      const rest = m[2]!.split(" -- ")[0]!.replace(/--.*$/, "");
      const ids = rest.split(/[,\s]+/).map((s) => s.trim()).filter(Boolean);
      const kind = m[1]!;
      const target = kind === "disable-next-line" ? i + 2 : kind === "disable-line" ? i + 1 : 0;
      out.push({ file: file.path, line: target, rules: ids, span: { file: file.path, start: start + m.index, end: start + line.length }, used: false, text: m[0].trim() });
      continue;
    }
    const h = HADOLINT.exec(line);
    if (h && file.kind === "dockerfile") {
      const codes = h[2]!.split(/[,\s]+/).filter(Boolean);
      const ids = rules.filter((r) => r.meta.sources.some((s) => s.code && codes.includes(s.code))).map((r) => r.meta.id);
      if (ids.length === 0) continue;
      out.push({ file: file.path, line: h[1] ? 0 : i + 2, rules: ids, span: { file: file.path, start: start + h.index, end: start + line.length }, used: false, text: h[0].trim(), foreign: true });
    }
  }
  return out;
}

export function isSuppressed(d: Diagnostic, sups: Suppression[]): boolean {
  let hit = false;
  for (const s of sups) {
    if (s.file !== d.path) continue;
    if (s.line !== 0 && s.line !== d.line) continue;
    if (s.rules.length > 0 && !s.rules.includes(d.rule)) continue;
    s.used = true;
    hit = true;
  }
  return hit;
}

/**
 * What to report about the suppressions after the diagnostics went through isSuppressed: rule ids
 * that do not exist, and compose-lint comments that suppressed nothing (unless every rule they name
 * is turned off in this run).
 */
export function suppressionProblems(sups: Suppression[], rules: Rule[], settings: Record<string, RuleSetting> = {}): { span: Span; message: string }[] {
  const known = new Set(rules.map((r) => r.meta.id));
  const out: { span: Span; message: string }[] = [];
  for (const s of sups) {
    if (s.foreign) continue;
    const unknown = s.rules.filter((id) => !known.has(id));
    if (unknown.length) {
      out.push({ span: s.span, message: `suppression \`${s.text}\` names ${unknown.length === 1 ? "an unknown rule" : "unknown rules"}: ${unknown.map((id) => `\`${id}\``).join(", ")} (see --list-rules)` });
      continue;
    }
    if (s.used) continue;
    if (s.rules.length > 0 && s.rules.every((id) => settings[id] === "off")) continue;
    out.push({ span: s.span, message: `unused suppression \`${s.text}\`: nothing was reported there` });
  }
  return out;
}
