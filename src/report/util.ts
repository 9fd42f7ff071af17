// Small helpers shared by the report formats (no I/O).
import type { Diagnostic, Severity } from "../types.js";

export const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Position order: file, line, column, end, rule, message (total and deterministic). */
export function comparePosition(a: Diagnostic, b: Diagnostic): number {
  return (
    compareStrings(a.file, b.file) ||
    a.line - b.line ||
    a.column - b.column ||
    a.endLine - b.endLine ||
    a.endColumn - b.endColumn ||
    compareStrings(a.rule, b.rule) ||
    compareStrings(a.message, b.message)
  );
}

/** Severity first (error, warning, info), then position. */
export function compareSeverity(a: Diagnostic, b: Diagnostic): number {
  return SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || comparePosition(a, b);
}

export function sortByPosition(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(comparePosition);
}

export function sortBySeverity(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(compareSeverity);
}

/** Replaces each run of line breaks (CRLF, CR, LF, blank lines, and the spaces around them) with one space. */
/**
 * Diagnostics by file, in position order, files sorted by name; `files` adds the clean ones (empty lists).
 */
export function groupByFile(diagnostics: readonly Diagnostic[], files: readonly string[] = []): Map<string, Diagnostic[]> {
  const byFile = new Map<string, Diagnostic[]>();
  for (const f of files) byFile.set(f, []);
  for (const d of sortByPosition(diagnostics)) {
    const list = byFile.get(d.file) ?? [];
    list.push(d);
    byFile.set(d.file, list);
  }
  return new Map([...byFile].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export function foldLines(text: string): string {
  return text.replace(/[ \t]*(?:(?:\r\n|\r|\n)[ \t]*)+/g, " ");
}

export function sha256(text: string): string {
  // node:crypto is loaded here, when a report format asks for a fingerprint: loading it at start-up cost every
  // run ~7 ms (about 20 of Node's internal modules)
  return process.getBuiltinModule("node:crypto").createHash("sha256").update(text, "utf8").digest("hex");
}

/**
 * Stable fingerprints, one per diagnostic (same order as the input).
 *
 * The report formats never see file contents, so instead of the flagged line's text the hash covers
 * rule + file + the message with whitespace normalised + the occurrence index among diagnostics with
 * the same (rule, file, message), counted in position order. Line numbers are not hashed, so a
 * finding keeps its fingerprint when lines are inserted above it; the occurrence index keeps the
 * fingerprints unique even for identical findings.
 */
export function fingerprints(diagnostics: readonly Diagnostic[], salt = "composeLint/v1"): string[] {
  const order = diagnostics.map((d, i) => ({ d, i })).sort((x, y) => comparePosition(x.d, y.d) || x.i - y.i);
  const seen = new Map<string, number>();
  const out: string[] = new Array<string>(diagnostics.length);
  for (const { d, i } of order) {
    const message = d.message.replace(/\s+/g, " ").trim();
    const key = JSON.stringify([d.rule, d.file, message]);
    const occurrence = seen.get(key) ?? 0;
    seen.set(key, occurrence + 1);
    out[i] = sha256(`${salt}\0${key}\0${occurrence}`);
  }
  return out;
}

/**
 * Text safe to put in an XML 1.0 document. Characters XML 1.0 forbids (C0 controls other than tab,
 * LF and CR; U+FFFE, U+FFFF; unpaired surrogates) cannot even be written as character references:
 * C0 controls become a visible `\uXXXX`, the others U+FFFD.
 */
export function xmlSanitize(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`)
    .replace(/[\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD");
}

/** Escapes an XML attribute value (double-quoted); line breaks and tabs survive attribute normalisation. */
export function xmlAttr(text: string): string {
  return xmlSanitize(text)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;")
    .replace(/\t/g, "&#9;")
    .replace(/\n/g, "&#10;")
    .replace(/\r/g, "&#13;");
}

/** Escapes XML character data; a CR is written as a reference so parsers do not turn CRLF into LF. */
export function xmlText(text: string): string {
  return xmlSanitize(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\r/g, "&#13;");
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
