// Source files: decoding, line tables, offset → position, spans.
import path from "node:path";
import type { FileKind, SourceFile, Span } from "./types.js";

export function computeLineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13 && text.charCodeAt(i + 1) !== 10) starts.push(i + 1);
  }
  return starts;
}

export function detectEol(text: string): "\n" | "\r\n" {
  let crlf = 0;
  let lf = 0;
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) {
    if (i > 0 && text.charCodeAt(i - 1) === 13) crlf++;
    else lf++;
  }
  return crlf > lf ? "\r\n" : "\n";
}

export function toPosix(p: string): string {
  return p.split(path.sep).join("/");
}

export function relPath(cwd: string, abs: string): string {
  const r = path.relative(cwd, abs);
  return toPosix(r === "" ? path.basename(abs) : r);
}

/** Builds a SourceFile from raw bytes. Invalid UTF-8 is decoded with replacement characters. */
export function makeSourceFile(absPath: string, raw: string, kind: FileKind, cwd: string): SourceFile {
  const bom = raw.charCodeAt(0) === 0xfeff;
  const text = bom ? raw.slice(1) : raw;
  return {
    path: absPath,
    rel: relPath(cwd, absPath),
    text,
    bom,
    eol: detectEol(text),
    kind,
    lineStarts: computeLineStarts(text),
  };
}

/** 0-based line index of an offset. */
export function lineIndexOf(file: SourceFile, offset: number): number {
  const starts = file.lineStarts;
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** 1-based line and column (UTF-16 code units, as editors and SARIF count) of an offset. */
export function positionOf(file: SourceFile, offset: number): { line: number; column: number } {
  const clamped = Math.max(0, Math.min(offset, file.text.length));
  const li = lineIndexOf(file, clamped);
  return { line: li + 1, column: clamped - file.lineStarts[li]! + 1 };
}

/** Offset of a 0-based line/character position (LSP style). */
export function offsetOf(file: SourceFile, line: number, character: number): number {
  if (line >= file.lineStarts.length) return file.text.length;
  return Math.min(file.lineStarts[Math.max(0, line)]! + character, file.text.length);
}

/** The text of the 1-based line, without its line ending. */
export function lineText(file: SourceFile, line: number): string {
  const start = file.lineStarts[line - 1];
  if (start === undefined) return "";
  const next = file.lineStarts[line];
  let end = next === undefined ? file.text.length : next;
  while (end > start && (file.text[end - 1] === "\n" || file.text[end - 1] === "\r")) end--;
  return file.text.slice(start, end);
}

/** A span covering the whole 1-based line (without the line ending). */
export function lineSpan(file: SourceFile, line: number): Span {
  const start = file.lineStarts[line - 1] ?? file.text.length;
  return { file: file.path, start, end: start + lineText(file, line).length };
}

export function spanText(file: SourceFile, span: Span): string {
  return file.text.slice(span.start, span.end);
}

/** Offset of the start of the line holding `offset`. */
export function lineStartOf(text: string, offset: number): number {
  let i = offset;
  while (i > 0 && text[i - 1] !== "\n" && text[i - 1] !== "\r") i--;
  return i;
}

/** Offset just past the line break of the line holding `offset`, or -1 when that line is the last and has none. */
export function nextLineStart(text: string, offset: number): number {
  for (let i = offset; i < text.length; i++) {
    if (text[i] === "\n") return i + 1;
    if (text[i] === "\r") return text[i + 1] === "\n" ? i + 2 : i + 1;
  }
  return -1;
}
