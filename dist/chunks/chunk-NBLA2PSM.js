import { createRequire as __compose_lint_cr } from 'node:module'; const require = __compose_lint_cr(import.meta.url);

// src/report/util.ts
import { createHash } from "node:crypto";
var SEVERITY_RANK = { error: 0, warning: 1, info: 2 };
function compareStrings(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}
function comparePosition(a, b) {
  return compareStrings(a.file, b.file) || a.line - b.line || a.column - b.column || a.endLine - b.endLine || a.endColumn - b.endColumn || compareStrings(a.rule, b.rule) || compareStrings(a.message, b.message);
}
function compareSeverity(a, b) {
  return SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || comparePosition(a, b);
}
function sortByPosition(diagnostics) {
  return [...diagnostics].sort(comparePosition);
}
function sortBySeverity(diagnostics) {
  return [...diagnostics].sort(compareSeverity);
}
function foldLines(text) {
  return text.replace(/[ \t]*(?:(?:\r\n|\r|\n)[ \t]*)+/g, " ");
}
function sha256(text) {
  return createHash("sha256").update(text, "utf8").digest("hex");
}
function fingerprints(diagnostics, salt = "composeLint/v1") {
  const order = diagnostics.map((d, i) => ({ d, i })).sort((x, y) => comparePosition(x.d, y.d) || x.i - y.i);
  const seen = /* @__PURE__ */ new Map();
  const out = new Array(diagnostics.length);
  for (const { d, i } of order) {
    const message = d.message.replace(/\s+/g, " ").trim();
    const key = JSON.stringify([d.rule, d.file, message]);
    const occurrence = seen.get(key) ?? 0;
    seen.set(key, occurrence + 1);
    out[i] = sha256(`${salt}\0${key}\0${occurrence}`);
  }
  return out;
}
function xmlSanitize(text) {
  return text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`).replace(/[\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD");
}
function xmlAttr(text) {
  return xmlSanitize(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;").replace(/\t/g, "&#9;").replace(/\n/g, "&#10;").replace(/\r/g, "&#13;");
}
function xmlText(text) {
  return xmlSanitize(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\r/g, "&#13;");
}
function plural(n, one, many = `${one}s`) {
  return `${n} ${n === 1 ? one : many}`;
}

export {
  sortByPosition,
  sortBySeverity,
  foldLines,
  fingerprints,
  xmlAttr,
  xmlText,
  plural
};
