// A fast path for the YAML that compose files are made of: block mappings and sequences of one-line
// scalars, one-line flow sequences, anchors, aliases and merge keys, comments, a leading `---`. It builds the same nodes
// the `yaml` package builds (its classes, values, types, anchors and ranges), at a fraction of the cost:
// the package lexes into tokens, builds a concrete syntax tree and composes nodes from it, which made
// YAML parsing and its garbage the largest single cost of linting a tree of compose files.
//
// It returns null for anything outside that subset (block scalars, multi-line or escaped scalars, flow
// mappings, tags, directives, several documents, tabs, anything the package would report as an error),
// and the caller then parses with the package: the fast path never decides what is valid YAML.
// Comments are not attached to nodes (nothing here reads them). test/parse/yaml-fast.test.ts compares the two
// parsers node by node on every YAML file of the fixtures and tests, on written cases, and on mutations.
import { Alias, Document, isScalar, Pair, parseDocument, Scalar, YAMLMap, YAMLSeq, type DocumentOptions, type LineCounter, type ParseOptions, type SchemaOptions } from "yaml";

type Options = DocumentOptions & ParseOptions & SchemaOptions;
type Node = Scalar | Alias | YAMLMap | YAMLSeq;
type Tag = { default?: boolean | "key"; test?: RegExp; format?: string; resolve: (value: string, onError: (m: string) => void, options: object) => unknown };
type DocSchema = Document["schema"];

/** Characters that may not start a plain scalar in block context (YAML 1.2, c-indicator), besides `-?:` before a space. */
const INDICATOR = new Set([..."-?:,[]{}#&*!|>'\"%@`"]);
/** First characters of the plain scalars a core-schema tag other than string can match (null, bool, numbers, merge key). */
const MAYBE_TYPED = new Set([..."~nNtTfF0123456789+-.<"]);
/** Characters the fast path leaves to the package: control characters, tabs, CR, byte-order marks, line and paragraph separators. */
const UNSUPPORTED_CHARS = /[\x00-\x09\x0b-\x1f\x7f-\x9f\ufeff\u2028\u2029]/;
/** Anchor and alias names the fast path takes (the package takes more; the rest go to it). */
const ANCHOR_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;
/** Longest implicit key: the package reports keys over 1,024 characters in strict mode. */
const MAX_KEY = 1000;

class Unsupported extends Error {}
const bail = (): never => {
  throw new Unsupported();
};

/**
 * Parses a YAML text the way `parseDocument(text, options)` does when it is in the subset above; null
 * otherwise. The line counter, when given, receives the same line starts.
 */
export function fastParseDocument(text: string, options: Options, lineCounter?: LineCounter): Document | null {
  if (!supportedOptions(options) || UNSUPPORTED_CHARS.test(text)) return null;
  const doc = new Document(undefined, options);
  try {
    if ((doc.schema as { compat?: unknown }).compat) return null;
    const p = new FastParser(text, doc.schema as DocSchema, doc.options);
    const parsed = p.document();
    if (!parsed) return null;
    doc.contents = parsed.contents as never;
    doc.range = parsed.range;
    if (parsed.docStart) doc.directives!.docStart = true;
  } catch (e) {
    if (e instanceof Unsupported || e instanceof RangeError) return null;
    throw e;
  }
  if (lineCounter) {
    lineCounter.addNewLine(0);
    for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) lineCounter.addNewLine(i + 1);
  }
  return doc;
}

/**
 * The options the fast path honours: the YAML 1.2 core schema (merge keys or not) with duplicate keys
 * tolerated (it does not look for them). Any other option leaves the text to the package.
 */
const HONOURED = new Set(["merge", "uniqueKeys", "prettyErrors", "strict", "keepSourceTokens"]);
function supportedOptions(options: Options): boolean {
  for (const [k, v] of Object.entries(options)) if (v !== undefined && !HONOURED.has(k)) return false;
  return options.uniqueKeys === false && options.keepSourceTokens !== true;
}

class FastParser {
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  private readonly indents: number[] = [];
  /** 0 blank, 1 comment, 2 content */
  private readonly kinds: number[] = [];
  private readonly tags: Tag[];
  private readonly stringTag: Tag;
  /** Whether the last value read was empty (it then holds the lines after it, and the document none). */
  private lastEmpty = false;

  constructor(
    private readonly text: string,
    private readonly schema: DocSchema,
    private readonly options: object,
  ) {
    // scalar tags a plain scalar is tested against, in the schema's order (collection tags have no test)
    this.tags = (schema.tags as unknown as Tag[]).filter((t) => t.test && (t.default === true || t.default === "key"));
    this.stringTag = (schema as unknown as Record<symbol, Tag>)[Symbol.for("yaml.scalar")]!;
    let s = 0;
    const n = text.length;
    while (s <= n) {
      let e = text.indexOf("\n", s);
      if (e === -1) e = n;
      let i = s;
      while (i < e && text.charCodeAt(i) === 32) i++;
      this.starts.push(s);
      this.ends.push(e);
      this.indents.push(i - s);
      this.kinds.push(i === e ? 0 : text.charCodeAt(i) === 35 ? 1 : 2);
      if (e === n) break;
      s = e + 1;
    }
  }

  private get lineCount(): number {
    return this.starts.length;
  }

  /** The first content line at or after `from`. */
  private nextContent(from: number): number {
    let i = from;
    while (i < this.lineCount && this.kinds[i] !== 2) i++;
    return i;
  }

  /** Where line `i` ends, its newline included. */
  private after(i: number): number {
    return Math.min(this.ends[i]! + 1, this.text.length);
  }

  /** Offset where the content of line `i` starts (the end of the text past the last line). */
  private contentStart(i: number): number {
    return i < this.lineCount ? this.starts[i]! + this.indents[i]! : this.text.length;
  }

  document(): { contents: Node; range: [number, number, number]; docStart: boolean } | null {
    let first = this.nextContent(0);
    if (first >= this.lineCount || this.indents[first] !== 0) return null;
    let start = this.starts[first]!;
    // a document start marker alone on its line (a comment may follow it); other directives and markers: the package
    const docStart = this.text.startsWith("---", start) && this.onlyCommentAfter(start + 3, this.ends[first]!);
    if (docStart) {
      first = this.nextContent(first + 1);
      if (first >= this.lineCount || this.indents[first] !== 0) return null;
    }
    const c = this.text.charCodeAt(this.starts[first]!);
    if (c === 37 /* % */ || this.text.startsWith("---", this.starts[first]!) || this.text.startsWith("...", this.starts[first]!)) return null;
    if (!docStart) start = this.starts[first]!;
    const { node, next } = this.isSeqLine(first, 0) ? this.seq(first, 0) : this.map(first, this.starts[first]!, 0);
    if (next < this.lineCount) return null;
    const contentEnd = node.range![2];
    return { contents: node, range: [start, contentEnd, !this.lastEmpty && this.trailingLines() ? this.text.length : contentEnd], docStart };
  }

  /** Whether the text from `p` to `e` (a line's end) is empty, spaces, or spaces then a comment. */
  private onlyCommentAfter(p: number, e: number): boolean {
    if (p === e) return true;
    if (this.text.charCodeAt(p) !== 32) return false;
    while (p < e && this.text.charCodeAt(p) === 32) p++;
    return p === e || this.text.charCodeAt(p) === 35;
  }

  /** Whether blank or comment lines follow the last content line (the document keeps them). */
  private trailingLines(): boolean {
    let last = this.lineCount - 1;
    while (this.kinds[last] !== 2) last--;
    const n = this.lineCount;
    return last < n - 2 || (last === n - 2 && this.ends[n - 1]! > this.starts[n - 1]!);
  }

  private isSeqLine(i: number, indent: number): boolean {
    if (this.indents[i] !== indent) return false;
    const p = this.starts[i]! + indent;
    return this.text.charCodeAt(p) === 45 /* - */ && (p + 1 === this.ends[i] || this.text.charCodeAt(p + 1) === 32);
  }

  // ---- collections ----

  /** A block mapping whose first key is at `pos` on line `line`, its keys at column `indent`; `next`: the content line after it. */
  private map(line: number, pos: number, indent: number): { node: YAMLMap; next: number } {
    const map = new YAMLMap(this.schema);
    let i = line;
    let p = pos;
    let offset = pos;
    for (;;) {
      const { pair, lastLine, end } = this.entry(i, p, indent);
      map.items.push(pair);
      offset = end;
      const next = this.nextContent(lastLine + 1);
      if (next >= this.lineCount || this.indents[next]! < indent) {
        map.range = [pos, offset, this.collectionEnd(indent, offset, next)];
        return { node: map, next };
      }
      if (this.indents[next]! > indent || this.isSeqLine(next, indent)) bail();
      i = next;
      p = this.starts[next]! + indent;
    }
  }

  /** A block sequence whose `-` are at column `indent`, the first on line `line`; `next`: the content line after it. */
  private seq(line: number, indent: number): { node: YAMLSeq; next: number } {
    const seq = new YAMLSeq(this.schema);
    const pos = this.starts[line]! + indent;
    let i = line;
    let offset = pos;
    for (;;) {
      const { node, lastLine, end } = this.seqItem(i, indent);
      seq.items.push(node);
      offset = end;
      const next = this.nextContent(lastLine + 1);
      if (next >= this.lineCount || this.indents[next]! < indent || !this.isSeqLine(next, indent)) {
        if (next < this.lineCount && this.indents[next]! > indent) bail();
        seq.range = [pos, offset, this.collectionEnd(indent, offset, next)];
        return { node: seq, next };
      }
      i = next;
    }
  }

  /**
   * The end of a collection's range: past its trailing blank and comment lines when one of those comments
   * is at least as indented as its entries (the package keeps them with it then), else its last value's end.
   * A collection at column 0 never keeps them.
   */
  private collectionEnd(indent: number, offset: number, next: number): number {
    if (indent === 0) return offset;
    for (let j = next - 1; j >= 0 && this.kinds[j] !== 2 && this.starts[j]! >= offset; j--) {
      if (this.kinds[j] === 1 && this.indents[j]! >= indent) return this.contentStart(next);
    }
    return offset;
  }

  /** One `key: value` entry starting at `pos` on line `line` of a mapping at column `indent`. */
  private entry(line: number, pos: number, indent: number): { pair: Pair; lastLine: number; end: number } {
    const { node: key, colon } = this.key(line, pos);
    const v = this.value(line, colon + 1, indent, true);
    return { pair: new Pair(key, v.node), lastLine: v.lastLine, end: v.end };
  }

  /** One `- item` of a sequence at column `indent` on line `line`. */
  private seqItem(line: number, indent: number): { node: Node; lastLine: number; end: number } {
    const dash = this.starts[line]! + indent;
    let p = dash + 1;
    const e = this.ends[line]!;
    while (p < e && this.text.charCodeAt(p) === 32) p++;
    if (p < e && this.looksLikeKey(p, e)) {
      const col = p - this.starts[line]!;
      const { node, next } = this.map(line, p, col);
      return { node, lastLine: next - 1, end: node.range![2] };
    }
    return this.value(line, dash + 1, indent, false);
  }

  /** Whether the text at `p` (to `e`, the line's end) is a mapping key followed by `:`. */
  private looksLikeKey(p: number, e: number): boolean {
    const c = this.text[p]!;
    if (c === '"' || c === "'") {
      const close = this.text.indexOf(c, p + 1);
      if (close === -1 || close > e) return false;
      return this.text.charCodeAt(close + 1) === 58 && (close + 2 === e || this.text.charCodeAt(close + 2) === 32);
    }
    if (c === "-" && (p + 1 === e || this.text.charCodeAt(p + 1) === 32)) bail(); // a sequence in a sequence
    if (INDICATOR.has(c) && c !== "-" && c !== "?" && c !== ":") return false;
    for (let i = p; i < e; i++) {
      const ch = this.text.charCodeAt(i);
      if (ch === 35 /* # */ && this.text.charCodeAt(i - 1) === 32) return false;
      if (ch === 58 /* : */ && (i + 1 === e || this.text.charCodeAt(i + 1) === 32)) return true;
    }
    return false;
  }

  // ---- keys and values ----

  private key(line: number, pos: number): { node: Scalar; colon: number } {
    const e = this.ends[line]!;
    const c = this.text[pos]!;
    if (c === '"' || c === "'") {
      const { node, end } = this.quoted(pos, e);
      if (this.text.charCodeAt(end) !== 58) bail();
      node.range = [pos, end, end];
      return { node, colon: end };
    }
    if (INDICATOR.has(c) && !((c === "-" || c === "?" || c === ":") && pos + 1 < e && this.text.charCodeAt(pos + 1) !== 32)) bail();
    let i = pos;
    for (; i < e; i++) {
      const ch = this.text.charCodeAt(i);
      if (ch === 58 && (i + 1 === e || this.text.charCodeAt(i + 1) === 32)) break;
      if (ch === 35 && this.text.charCodeAt(i - 1) === 32) bail();
    }
    if (i === e || this.text.charCodeAt(i - 1) === 32 || i - pos > MAX_KEY) bail();
    const node = this.plain(this.text.slice(pos, i), true);
    node.range = [pos, i, i];
    return { node, colon: i };
  }

  /**
   * The value after an indicator (`:` of a key, `-` of an item) that ends at `from` on line `line`, in a
   * collection at column `indent`: inline on the line, a block on the lines below, or empty.
   */
  private value(line: number, from: number, indent: number, inMap: boolean): { node: Node; lastLine: number; end: number } {
    const e = this.ends[line]!;
    let p = from;
    while (p < e && this.text.charCodeAt(p) === 32) p++;
    let anchor: string | undefined;
    if (p < e && this.text.charCodeAt(p) === 38 /* & */) {
      let q = p + 1;
      while (q < e && this.text.charCodeAt(q) !== 32) q++;
      anchor = this.text.slice(p + 1, q);
      if (!ANCHOR_NAME.test(anchor)) bail();
      p = q;
      while (p < e && this.text.charCodeAt(p) === 32) p++;
    }
    if (p === e || (this.text.charCodeAt(p) === 35 && this.text.charCodeAt(p - 1) === 32)) {
      // nothing inline: a block below, or an empty value
      const next = this.nextContent(line + 1);
      if (next < this.lineCount && (this.indents[next]! > indent || (inMap && this.isSeqLine(next, indent)))) {
        const at = this.indents[next]!;
        const { node, next: after } = this.isSeqLine(next, at) ? this.seq(next, at) : this.map(next, this.starts[next]! + at, at);
        if (anchor) node.anchor = anchor;
        return { node, lastLine: after - 1, end: node.range![2] };
      }
      if (anchor) bail();
      const node = this.plain("", false);
      node.range = [p, p, this.emptyEnd(line, p, p < e, next, indent, inMap)];
      this.lastEmpty = true;
      return { node, lastLine: next - 1, end: node.range[2] };
    }
    const c = this.text[p]!;
    let node: Node;
    let valueEnd: number;
    if (c === "*") {
      if (anchor) bail();
      let q = p + 1;
      while (q < e && this.text.charCodeAt(q) !== 32) q++;
      const name = this.text.slice(p + 1, q);
      if (!ANCHOR_NAME.test(name)) bail();
      node = new Alias(name);
      valueEnd = q;
    } else if (c === "[") {
      ({ node, end: valueEnd } = this.flowSeq(p, e));
    } else if (c === '"' || c === "'") {
      ({ node, end: valueEnd } = this.quoted(p, e));
    } else {
      if (INDICATOR.has(c) && !((c === "-" || c === "?" || c === ":") && p + 1 < e && this.text.charCodeAt(p + 1) !== 32)) bail();
      let q = p;
      for (; q < e; q++) {
        const ch = this.text.charCodeAt(q);
        if (ch === 35 && this.text.charCodeAt(q - 1) === 32) break;
        if (ch === 58 && (q + 1 === e || this.text.charCodeAt(q + 1) === 32)) bail();
      }
      while (this.text.charCodeAt(q - 1) === 32) q--;
      node = this.plain(this.text.slice(p, q), false);
      valueEnd = q;
    }
    // only spaces or a comment may follow on the line
    let r = valueEnd;
    while (r < e && this.text.charCodeAt(r) === 32) r++;
    if (r < e && !(this.text.charCodeAt(r) === 35 && r > valueEnd)) bail();
    if (anchor) node.anchor = anchor;
    this.lastEmpty = false;
    // a value continued on a more indented line is a multi-line scalar (or an error): the package decides
    const next = this.nextContent(line + 1);
    if (next < this.lineCount && this.indents[next]! > indent) bail();
    // comments more indented than the collection, right below the value, belong to it
    let end = this.after(line);
    let last = line;
    for (let j = line + 1; j < next; j++) {
      if (this.kinds[j] === 1 && this.indents[j]! > indent) {
        end = this.after(j);
        last = j;
      } else if (this.kinds[j] === 1) break;
    }
    node.range = [p, valueEnd, end];
    return { node, lastLine: last, end };
  }

  /**
   * Where an empty value's range ends. It keeps the blank and comment lines below it up to the next content
   * (its range ends there when a comment is among them), except that before the next key of the same
   * mapping, the lines from the second line break on go to that key (counted anew after a comment more
   * indented than the keys).
   */
  private emptyEnd(line: number, at: number, sameLineComment: boolean, next: number, indent: number, inMap: boolean): number {
    let keepTo = next;
    let end = this.contentStart(next);
    if (inMap && next < this.lineCount && this.indents[next] === indent && !this.isSeqLine(next, indent)) {
      let first = line;
      let second = -1;
      for (let j = line + 1; j < next; j++) {
        if (this.kinds[j] === 1 && this.indents[j]! > indent) {
          first = j;
          second = -1;
        } else if (second === -1) second = j;
      }
      if (second !== -1 && first < second) {
        // the second line's own text stays, its line break goes
        keepTo = second + 1;
        end = this.ends[second]!;
      }
    }
    if (sameLineComment) return end;
    for (let j = line + 1; j < keepTo; j++) if (this.kinds[j] === 1) return end;
    return at;
  }

  /** A one-line flow sequence of plain and quoted scalars at `p` (its `[`). */
  private flowSeq(p: number, e: number): { node: YAMLSeq; end: number } {
    const seq = new YAMLSeq(this.schema);
    seq.flow = true;
    let i = p + 1;
    for (;;) {
      while (i < e && this.text.charCodeAt(i) === 32) i++;
      if (i >= e) bail();
      const c = this.text[i]!;
      if (c === "]") break;
      let item: Scalar;
      let valueEnd: number;
      const start = i;
      if (c === '"' || c === "'") {
        ({ node: item, end: valueEnd } = this.quoted(i, e));
        i = valueEnd;
      } else {
        if (INDICATOR.has(c) && !((c === "-" || c === "?" || c === ":") && i + 1 < e && !/[ ,[\]{}]/.test(this.text[i + 1]!))) bail();
        let q = i;
        for (; q < e; q++) {
          const ch = this.text[q]!;
          if (ch === "," || ch === "]") break;
          if (ch === "[" || ch === "{" || ch === "}" || ch === ":" || (ch === "#" && this.text[q - 1] === " ")) bail();
        }
        i = q;
        while (this.text.charCodeAt(q - 1) === 32) q--;
        item = this.plain(this.text.slice(start, q), false);
        valueEnd = q;
      }
      while (i < e && this.text.charCodeAt(i) === 32) i++;
      if (i >= e) bail();
      item.range = [start, valueEnd, i];
      seq.items.push(item);
      if (this.text[i] === ",") {
        i++;
        continue;
      }
      if (this.text[i] !== "]") bail();
      break;
    }
    seq.range = [p, i + 1, i + 1];
    return { node: seq, end: i + 1 };
  }

  /** A quoted scalar on one line at `p`, without escapes. */
  private quoted(p: number, e: number): { node: Scalar; end: number } {
    const q = this.text[p]!;
    let value: string;
    let end: number;
    if (q === '"') {
      const close = this.text.indexOf('"', p + 1);
      if (close === -1 || close >= e) bail();
      value = this.text.slice(p + 1, close);
      if (value.includes("\\")) bail();
      end = close + 1;
    } else {
      let i = p + 1;
      const parts: string[] = [];
      let from = i;
      for (;;) {
        const close = this.text.indexOf("'", i);
        if (close === -1 || close >= e) bail();
        if (this.text.charCodeAt(close + 1) === 39) {
          parts.push(this.text.slice(from, close + 1));
          i = from = close + 2;
          continue;
        }
        parts.push(this.text.slice(from, close));
        end = close + 1;
        break;
      }
      value = parts.join("");
    }
    const node = new Scalar(this.stringTag.resolve(value, bail, this.options));
    node.source = value;
    node.type = q === '"' ? Scalar.QUOTE_DOUBLE : Scalar.QUOTE_SINGLE;
    return { node, end: end! };
  }

  /** A plain scalar's node, typed by the schema's tags as the package types it. */
  private plain(value: string, atKey: boolean): Scalar {
    let tag: Tag = this.stringTag;
    if (value === "" || MAYBE_TYPED.has(value[0]!)) {
      for (const t of this.tags) {
        if ((t.default === true || (atKey && t.default === "key")) && t.test?.test(value)) {
          tag = t;
          break;
        }
      }
    }
    const res = tag.resolve(value, bail, this.options);
    const node = isScalar(res) ? (res as Scalar) : new Scalar(res);
    node.source = value;
    node.type = Scalar.PLAIN;
    if (tag.format) node.format = tag.format;
    return node;
  }
}

/** `parseDocument(text, options)`, through the fast path when the text is in its subset. */
export function parseYamlDocument(text: string, options: Options & { lineCounter?: LineCounter }): Document.Parsed {
  const { lineCounter, ...rest } = options;
  return (fastParseDocument(text, rest, lineCounter) as Document.Parsed | null) ?? parseDocument(text, options);
}
