// Compose files: YAML documents with exact positions. The document is never re-serialised;
// rules read nodes and their ranges, the fixer edits the original text.
import {
  isAlias,
  isCollection,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  type Alias,
  type Document,
  type Node,
  type Pair,
  type YAMLMap,
} from "yaml";
import type { ComposeFileModel, ParseProblem } from "./types.js";
import { parseYamlDocument } from "./yaml-fast.js";
import type { SourceFile, Span } from "../types.js";

/** Aliases a document may expand when it is converted to plain data. Big self-hosted stacks use hundreds. */
export const MAX_ALIAS_COUNT = 10_000;
/**
 * Nodes that aliases may add when every alias is replaced by what it names (a "billion laughs" file adds
 * billions). A stack with 1,000 services each merging a 50-node anchor adds 50,000.
 */
export const MAX_ALIAS_EXPANSION = 250_000;
/** Nesting of mappings and sequences. Compose files use about 6; consumers recurse over it. */
export const MAX_YAML_DEPTH = 256;

export function parseCompose(source: SourceFile): { model: ComposeFileModel | null; problems: ParseProblem[] } {
  const problems: ParseProblem[] = [];
  const lineCounter = new LineCounter();
  // YAML 1.2 (and Compose's parser) take a lone CR as a line break, the yaml package does not: replacing
  // it keeps the length, so every offset stays valid in the original text
  const text = source.text.includes("\r") ? source.text.replace(/\r(?!\n)/g, "\n") : source.text;
  const doc = parseYamlDocument(text, {
    lineCounter,
    merge: true,
    keepSourceTokens: false,
    prettyErrors: false,
    // the package checks unique keys in quadratic time (30 s for 20,000 services): analyseDocument does
    uniqueKeys: false,
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
    // the parser recurses: a file nested thousands of levels deep exhausts the stack (caught by yaml)
    const message = /Maximum call stack size exceeded/.test(e.message) ? "nested too deeply to parse" : firstLine(e.message).replace(/ at line \d+, column \d+:?$/, "");
    problems.push({ file: source.path, rule: "parse-error", message: `YAML: ${message}`, span: { file: source.path, start, end } });
  }
  if (doc.errors.length > 0) return { model: null, problems };
  const shape = analyseDocument(doc);
  const p = shape.problems[0];
  if (p) {
    problems.push({ file: source.path, rule: "parse-error", message: p.message, span: nodeSpan(source, p.node) });
    return { model: null, problems };
  }
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

interface DocShape {
  /** what each alias names (the last anchor of that name before it), null when none */
  targets: Map<Alias, Node | null>;
  /** the first problem found: duplicate key, alias bomb, nesting */
  problems: { message: string; node: Node }[];
}

const shapes = new WeakMap<Document, DocShape>();

/**
 * One iterative pass over a document (no recursion: any depth is safe) that resolves every alias, counts
 * the nodes aliases would add if they were expanded (without expanding them), measures the nesting and
 * finds duplicate keys.
 */
function analyseDocument(doc: Document): DocShape {
  const cached = shapes.get(doc);
  if (cached) return cached;
  const shape: DocShape = { targets: new Map(), problems: [] };
  shapes.set(doc, shape);
  const anchors = new Map<string, Node>();
  const sizes = new Map<Node, number>(); // expanded size of each anchored node once complete
  const open = new Set<Node>(); // anchored nodes being walked
  let added = 0;
  type Frame = { node: Node; children: unknown[]; next: number; size: number; depth: number };
  const stack: Frame[] = [];
  /** the node's expanded size, or -1 when it was pushed to be walked */
  const enter = (n: unknown, depth: number): number => {
    if (isAlias(n)) {
      const target = anchors.get(n.source) ?? null;
      shape.targets.set(n, target);
      // an alias inside the node it names expands without end
      const size = target === null ? 1 : open.has(target) ? Infinity : (sizes.get(target) ?? 1);
      added += size - 1;
      if (added > MAX_ALIAS_EXPANSION && shape.problems.length === 0) {
        shape.problems.push({ message: `YAML: aliases expand to more than ${MAX_ALIAS_EXPANSION.toLocaleString("en")} nodes (an alias bomb?): not analysed`, node: n });
      }
      return size;
    }
    if (!n || typeof n !== "object") return 0;
    const node = n as Node;
    if (node.anchor) anchors.set(node.anchor, node);
    if (!isCollection(node)) return 1;
    if (depth > MAX_YAML_DEPTH) {
      shape.problems.push({ message: `YAML: nested more than ${MAX_YAML_DEPTH} levels deep: not analysed`, node });
      return 1;
    }
    const children: unknown[] = [];
    const keys = isMap(node) ? new Set<string>() : null;
    for (const item of node.items) {
      if (!isPair(item)) {
        children.push(item);
        continue;
      }
      children.push(item.key, item.value);
      if (keys && isScalar(item.key) && !isMergeKey(item.key)) {
        const k = `${typeof item.key.value}:${String(item.key.value)}`;
        if (keys.has(k)) shape.problems.push({ message: "YAML: Map keys must be unique", node: item.key });
        keys.add(k);
      }
    }
    if (node.anchor) open.add(node);
    stack.push({ node, children, next: 0, size: 1, depth });
    return -1;
  };
  enter(doc.contents, 1);
  while (stack.length > 0 && shape.problems.length === 0) {
    const top = stack[stack.length - 1]!;
    if (top.next < top.children.length) {
      const size = enter(top.children[top.next++], top.depth + 1);
      if (size >= 0) top.size += size;
      continue;
    }
    stack.pop();
    if (top.node.anchor) {
      open.delete(top.node);
      sizes.set(top.node, top.size);
    }
    const parent = stack[stack.length - 1];
    if (parent) parent.size += top.size;
  }
  return shape;
}

/** Follows an alias to the node it names. */
export function resolveNode(doc: Document, node: Node | null | undefined): Node | null {
  if (!isAlias(node)) return node ?? null;
  // yaml's Alias.resolve walks the whole document at each call: minutes for a file with thousands of aliases
  const targets = analyseDocument(doc).targets;
  let n: unknown = node;
  for (let i = 0; i < 64 && isAlias(n); i++) n = targets.has(n) ? targets.get(n) : n.resolve(doc);
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

/** Shared between callers (getPair makes one per pair of a mapping): read-only. */
export interface FoundPair {
  readonly pair: Pair;
  /** true when the pair comes from a `<<` merge (an anchor), not from the mapping itself */
  readonly merged: boolean;
}

/**
 * The pair for `key` in a mapping, as YAML merge keys resolve it: the mapping's own keys win,
 * then each merged mapping in order (`<<: [*a, *b]`: *a before *b).
 */
export function getPair(doc: Document, map: YAMLMap, key: string, depth = 0): FoundPair | null {
  if (depth > 32) return null;
  const { pairs, merges } = ownPairs(map);
  const own = pairs.get(key);
  if (own) return own;
  for (const item of merges) {
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

const ownPairsCache = new WeakMap<YAMLMap, { length: number; pairs: Map<string, FoundPair>; merges: Pair[] }>();

/**
 * A mapping's own pairs by key (first one wins) and its merge-key pairs in order, built once: a lookup per key
 * would make 10,000 services quadratic, and a key a mapping lacks looks only at its merges.
 */
function ownPairs(map: YAMLMap): { pairs: Map<string, FoundPair>; merges: Pair[] } {
  const hit = ownPairsCache.get(map);
  if (hit && hit.length === map.items.length) return hit;
  // each own pair's answer made once: getPair is asked for the same keys many times (shared, read-only)
  const pairs = new Map<string, FoundPair>();
  const merges: Pair[] = [];
  for (const item of map.items) {
    if (!isPair(item)) continue;
    if (isMergeKey(item.key)) {
      merges.push(item);
      continue;
    }
    const k = scalarString(item.key);
    if (k !== null && !pairs.has(k)) pairs.set(k, { pair: item, merged: false });
  }
  const entry = { length: map.items.length, pairs, merges };
  ownPairsCache.set(map, entry);
  return entry;
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
