// Compose files: YAML documents with exact positions. The document is never re-serialised;
// rules read nodes and their ranges, the fixer edits the original text.
import {
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  type Document,
  type Node,
  type Pair,
  type YAMLMap,
} from "yaml";
import type { ComposeFileModel, ParseProblem } from "../model/types.js";
import type { SourceFile, Span } from "../types.js";

/** Aliases a document may expand when it is converted to plain data. Big self-hosted stacks use hundreds. */
export const MAX_ALIAS_COUNT = 10_000;

export function parseCompose(source: SourceFile): { model: ComposeFileModel | null; problems: ParseProblem[] } {
  const problems: ParseProblem[] = [];
  const lineCounter = new LineCounter();
  const doc = parseDocument(source.text, {
    lineCounter,
    merge: true,
    keepSourceTokens: false,
    prettyErrors: false,
    uniqueKeys: true,
    strict: true,
  });
  // the first error is the one to fix: the ones after it are usually its consequences (as Compose reports one)
  const e = doc.errors[0];
  if (e) {
    let start = e.pos[0];
    let end = Math.max(e.pos[1], e.pos[0]);
    if (e.code === "MISSING_CHAR" && /quote/.test(e.message)) {
      const open = unclosedQuote(source.text, start);
      if (open !== -1) {
        start = open;
        end = open + 1;
      }
    }
    problems.push({ file: source.path, rule: "parse-error", message: `YAML: ${firstLine(e.message).replace(/ at line \d+, column \d+:?$/, "")}`, span: { file: source.path, start, end } });
  }
  if (doc.errors.length > 0) return { model: null, problems };
  const contents = doc.contents;
  if (contents !== null && !isMap(contents)) {
    problems.push({
      file: source.path,
      rule: "parse-error",
      message: "a compose file must be a mapping at the top level",
      span: nodeSpan(source, contents as Node),
    });
    return { model: null, problems };
  }
  let servicesNode: YAMLMap | null = null;
  const services = contents ? getPair(doc, contents, "services") : null;
  if (services) {
    const v = resolveNode(doc, services.pair.value as Node | null);
    if (isMap(v)) servicesNode = v;
  }
  return { model: { source, doc, servicesNode }, problems };
}

/** The opening quote of a quoted scalar that runs to `end` without closing (yaml reports the end of the text). */
function unclosedQuote(text: string, end: number): number {
  const re = /(^|[\s:\-\[{,])(["'])/g;
  let candidate = -1;
  for (let m = re.exec(text); m && m.index < end; m = re.exec(text)) {
    const q = m[2]!;
    const at = m.index + m[1]!.length;
    // does this quote close before the end?
    let i = at + 1;
    let closed = false;
    for (; i < end; i++) {
      if (q === '"' && text[i] === "\\") {
        i++;
        continue;
      }
      if (text[i] === q) {
        if (q === "'" && text[i + 1] === "'") {
          i++;
          continue;
        }
        closed = true;
        break;
      }
    }
    if (!closed) {
      candidate = at;
      break;
    }
    re.lastIndex = i + 1;
  }
  return candidate;
}

function firstLine(s: string): string {
  const i = s.indexOf("\n");
  return (i === -1 ? s : s.slice(0, i)).trim();
}

export function nodeSpan(source: SourceFile, node: Node | null | undefined): Span {
  const r = node?.range;
  if (!r) return { file: source.path, start: 0, end: 0 };
  return { file: source.path, start: r[0], end: r[1] };
}

/** Follows an alias to the node it names. */
export function resolveNode(doc: Document, node: Node | null | undefined): Node | null {
  let n: unknown = node;
  for (let i = 0; i < 64 && isAlias(n); i++) n = n.resolve(doc);
  return (n as Node) ?? null;
}

export function isMergeKey(key: unknown): boolean {
  if (!isScalar(key)) return false;
  const v: unknown = key.value;
  // with `merge: true`, yaml gives the plain key `<<` as a symbol
  if (typeof v === "symbol") return v.description === "<<";
  return v === "<<" && (key.type === "PLAIN" || key.type === undefined);
}

export function scalarString(node: unknown): string | null {
  if (!isScalar(node)) return null;
  const v = node.value;
  if (v === null || v === undefined) return null;
  return String(v);
}

export interface FoundPair {
  pair: Pair;
  /** true when the pair comes from a `<<` merge (an anchor), not from the mapping itself */
  merged: boolean;
}

/**
 * The pair for `key` in a mapping, as YAML merge keys resolve it: the mapping's own keys win,
 * then each merged mapping in order (`<<: [*a, *b]`: *a before *b).
 */
export function getPair(doc: Document, map: YAMLMap, key: string, depth = 0): FoundPair | null {
  if (depth > 32) return null;
  for (const item of map.items) {
    if (!isPair(item) || isMergeKey(item.key)) continue;
    if (scalarString(item.key) === key) return { pair: item, merged: false };
  }
  for (const item of map.items) {
    if (!isPair(item) || !isMergeKey(item.key)) continue;
    const sources = isSeq(item.value) ? item.value.items : [item.value];
    for (const s of sources) {
      const m = resolveNode(doc, s as Node);
      if (isMap(m)) {
        const hit = getPair(doc, m, key, depth + 1);
        if (hit) return { pair: hit.pair, merged: true };
      }
    }
  }
  return null;
}

/** Effective keys of a mapping (own keys and merged ones), in source order of first appearance. */
export function effectiveKeys(doc: Document, map: YAMLMap, depth = 0): string[] {
  const out = new Set<string>();
  if (depth > 32) return [];
  for (const item of map.items) {
    if (!isPair(item)) continue;
    if (isMergeKey(item.key)) {
      const sources = isSeq(item.value) ? item.value.items : [item.value];
      for (const s of sources) {
        const m = resolveNode(doc, s as Node);
        if (isMap(m)) for (const k of effectiveKeys(doc, m, depth + 1)) out.add(k);
      }
    } else {
      const k = scalarString(item.key);
      if (k !== null) out.add(k);
    }
  }
  return [...out];
}

/** A node's value for reading: alias resolved. */
export function valueOf(doc: Document, found: FoundPair | null): Node | null {
  if (!found) return null;
  return resolveNode(doc, found.pair.value as Node | null);
}

/** A string or list-of-strings value (compose `command`, `entrypoint`, healthcheck `test`). */
export function stringOrList(doc: Document, node: Node | null): { kind: "string"; value: string } | { kind: "list"; value: string[] } | null {
  if (!node) return null;
  if (isScalar(node)) {
    const s = scalarString(node);
    return s === null ? null : { kind: "string", value: s };
  }
  if (isSeq(node)) {
    const out: string[] = [];
    for (const it of node.items) {
      const s = scalarString(resolveNode(doc, it as Node));
      out.push(s ?? "");
    }
    return { kind: "list", value: out };
  }
  return null;
}
