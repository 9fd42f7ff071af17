// Conversions between the engine's types (absolute paths, offsets, 1-based positions) and the protocol's
// (URIs, 0-based positions in UTF-16 code units, as JavaScript strings count them).
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Diagnostic as LspDiagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, Position, Range, TextEdit as LspTextEdit } from "vscode-languageserver";
import type { ProjectModel } from "../model/build.js";
import type { Container } from "../model/types.js";
import { positionOf } from "../source.js";
import type { Diagnostic, SourceFile, Span, TextEdit } from "../types.js";
import { ruleDocUrl, TOOL_NAME } from "../version.js";

/** The absolute path of a `file:` URI, or null for any other scheme (untitled buffers, remote files). */
export function uriToPath(uri: string): string | null {
  if (!uri.startsWith("file:")) return null;
  try {
    return path.resolve(fileURLToPath(uri));
  } catch {
    return null;
  }
}

export function pathToUri(abs: string): string {
  return pathToFileURL(abs).href;
}

const SEVERITY: Record<Diagnostic["severity"], DiagnosticSeverity> = { error: 1, warning: 2, info: 3 };

/** An offset of a file as a protocol position. */
export function lspPosition(file: SourceFile, offset: number): Position {
  const p = positionOf(file, offset);
  return { line: p.line - 1, character: p.column - 1 };
}

export function lspRange(file: SourceFile, span: { start: number; end: number }): Range {
  return { start: lspPosition(file, span.start), end: lspPosition(file, Math.max(span.start, span.end)) };
}

/**
 * A span of a virtual file (an inline Dockerfile, `compose.yaml#services.web.build.dockerfile_inline`) shown
 * in the file that holds it: the first place its line appears there, else the file's first line.
 */
export function hostOf(model: ProjectModel, span: Span): { file: SourceFile; range: Range } | null {
  const hash = span.file.indexOf("#");
  if (hash === -1) return null;
  const host = model.files.get(span.file.slice(0, hash));
  const inner = model.files.get(span.file);
  if (!host || !inner) return null;
  const p = positionOf(inner, span.start);
  const lineText = inner.text.slice(inner.lineStarts[p.line - 1]!, inner.lineStarts[p.line] ?? inner.text.length).trim();
  const at = lineText ? host.text.indexOf(lineText) : -1;
  if (at === -1) return { file: host, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } };
  return { file: host, range: lspRange(host, { start: at, end: at + lineText.length }) };
}

/** Where a span is, as a protocol location (virtual files mapped to the file that holds them). */
export function locationOf(model: ProjectModel, span: Span): { path: string; range: Range } | null {
  if (!span.file) return null;
  const f = model.files.get(span.file);
  if (!f) return null;
  if (span.file.includes("#") && !isRealFile(f)) {
    const h = hostOf(model, span);
    return h ? { path: h.file.path, range: h.range } : null;
  }
  return { path: f.path, range: lspRange(f, span) };
}

function isRealFile(f: SourceFile): boolean {
  return !/#services\.[^/]*$/.test(f.path);
}

function overlaps(a: Span, b: Span): boolean {
  return a.file === b.file && a.start <= Math.max(b.end, b.start) && b.start <= Math.max(a.end, a.start);
}

/** The container a finding is about: the one reported at the finding's place, else one whose chain passes there. */
export function containerOf(model: ProjectModel, d: Diagnostic): Container | undefined {
  const all = [...model.containers, ...model.nonLinux];
  const exact = all.find((c) => c.at.file === d.span.file && c.at.start === d.span.start);
  if (exact) return exact;
  return all.find(
    (c) =>
      c.chain.hops.some((h) => overlaps(h.span, d.span)) ||
      c.chain.orphanRisks.some((r) => overlaps(r.at, d.span)) ||
      (c.chain.shellStays !== null && overlaps(c.chain.shellStays.at, d.span)) ||
      (c.chain.finalExec !== null && overlaps(c.chain.finalExec, d.span)),
  );
}

/** The hops of the PID 1 chain behind a finding, as related information (each hop where it was decided). */
export function chainInformation(model: ProjectModel, d: Diagnostic, uriOf: (abs: string) => string): DiagnosticRelatedInformation[] {
  const c = containerOf(model, d);
  if (!c) return [];
  const hops = c.chain.hops;
  const out: DiagnosticRelatedInformation[] = [];
  hops.forEach((h, i) => {
    const at = locationOf(model, h.span);
    if (at) out.push({ location: { uri: uriOf(at.path), range: at.range }, message: `PID 1 chain, hop ${i + 1} of ${hops.length}: ${h.text}` });
  });
  for (const r of c.chain.orphanRisks) {
    const at = locationOf(model, r.at);
    if (at) out.push({ location: { uri: uriOf(at.path), range: at.range }, message: `orphan risk: ${r.text}` });
  }
  return out.slice(0, 24);
}

/** An engine diagnostic as the protocol carries it. */
export function toLspDiagnostic(d: Diagnostic, related: DiagnosticRelatedInformation[] | null, range?: Range): LspDiagnostic {
  const out: LspDiagnostic = {
    range: range ?? { start: { line: d.line - 1, character: d.column - 1 }, end: { line: d.endLine - 1, character: d.endColumn - 1 } },
    severity: SEVERITY[d.severity],
    code: d.rule,
    codeDescription: { href: ruleDocUrl(d.rule) },
    source: TOOL_NAME,
    message: d.message,
  };
  if (related?.length) out.relatedInformation = related;
  return out;
}

/** The engine's edits (offsets into the files the lint read) as protocol edits per file path; null when a file is unknown or virtual. */
export function toLspEdits(model: ProjectModel, edits: TextEdit[]): Map<string, LspTextEdit[]> | null {
  const out = new Map<string, LspTextEdit[]>();
  for (const e of edits) {
    const f = model.files.get(e.file);
    if (!f || !isRealFile(f)) return null;
    const list = out.get(f.path) ?? [];
    list.push({ range: lspRange(f, e), newText: e.newText });
    out.set(f.path, list);
  }
  return out;
}
