// Minimal text edits on compose YAML: never re-serialise, only insert or remove what the fix names,
// in the file's own indentation and line endings. Comments, blank lines, quoting, anchors, a BOM
// (outside `source.text`) and a missing final newline are left as they are.
import { isAlias, isMap, isPair, isScalar, isSeq, visit, type Document, type Node, type Pair, type YAMLMap } from "yaml";
import type { ComposeFileModel } from "../model/types.js";
import { isMergeKey, resolveNode } from "../parse/compose.js";
import type { SourceFile, Span, TextEdit } from "../types.js";
import { lineStartOf, nextLineStart } from "../source.js";

type EditOrReason = TextEdit | { reason: string };

/**
 * The start of the comment block directly above the line that starts at `ls` (comment lines with no blank
 * line between them and that line, indented no deeper than it): such a comment belongs to the key below
 * it, so a new key goes above it. A comment indented deeper belongs to the value above.
 */
function commentBlockStart(text: string, ls: number, indent: number): number {
  let at = ls;
  while (at > 0) {
    // the line before `at`: step over its line break (\n, \r\n or \r)
    let end = at - 1;
    if (text[end] === "\n" && end > 0 && text[end - 1] === "\r") end--;
    const prev = lineStartOf(text, end);
    const m = /^([ \t]*)#/.exec(text.slice(prev, end));
    if (!m || m[1]!.length > indent) break;
    at = prev;
  }
  return at;
}
/** The line break ending the line that holds `offset` (the file's own when the line has none). */
function eolOfLine(source: SourceFile, offset: number): string {
  const text = source.text;
  for (let i = offset; i < text.length; i++) {
    if (text[i] === "\n") return "\n";
    if (text[i] === "\r") return text[i + 1] === "\n" ? "\r\n" : "\r";
  }
  return source.eol;
}

/** Inserts `key: value` into a mapping (block or flow). Returns a reason when it cannot be done cleanly. */
export function insertMapEntry(source: SourceFile, map: YAMLMap, key: string, value: string): EditOrReason {
  if (!map.range) return { reason: "the service has no mapping of its own" };
  const text = source.text;
  const entry = `${key}: ${value}`;
  const pairs = map.items.filter((p): p is Pair<Node, unknown> => isPair(p) && Boolean((p.key as Node | null)?.range));
  if (map.flow) {
    const open = map.range[0];
    if (text[open] !== "{") return { reason: "unexpected flow mapping" };
    const first = pairs[0];
    if (!first) {
      // `{}` → `{init: true}`, `{ }` → `{ init: true }`
      const spaced = text[open + 1] === " ";
      return { file: source.path, start: open + 1, end: open + 1, newText: spaced ? ` ${entry}` : entry };
    }
    const keyStart = first.key.range![0];
    const ls = lineStartOf(text, keyStart);
    if (ls > open && /^[ \t]*$/.test(text.slice(ls, keyStart))) {
      // a flow mapping written over several lines: a line of its own
      return { file: source.path, start: ls, end: ls, newText: `${text.slice(ls, keyStart)}${entry},${eolOfLine(source, keyStart)}` };
    }
    // same spacing as the first entry: `{ a: 1 }` → `{ init: true, a: 1 }`, `{a: 1}` → `{init: true, a: 1}`
    return { file: source.path, start: keyStart, end: keyStart, newText: `${entry}, ` };
  }
  if (pairs.length === 0) return { reason: "the service mapping is empty" };
  const own = pairs.find((p) => !isMergeKey(p.key));
  if (own) {
    const keyStart = own.key.range![0];
    const ls = lineStartOf(text, keyStart);
    const prefix = text.slice(ls, keyStart);
    if (/^[ \t]*$/.test(prefix)) {
      // above the key's own comments: a comment directly above a key describes that key
      const at = commentBlockStart(text, ls, prefix.length);
      return { file: source.path, start: at, end: at, newText: `${prefix}${entry}${eolOfLine(source, keyStart)}` };
    }
  }
  // only merge keys (`<<: *defaults`), or a first key that shares its line: a line after the last entry
  const first = pairs[0]!;
  const firstStart = first.key.range![0];
  const firstLs = lineStartOf(text, firstStart);
  const indent = text.slice(firstLs, firstStart);
  if (!/^[ \t]*$/.test(indent)) return { reason: "the service mapping starts on a line shared with other content" };
  const last = pairs[pairs.length - 1]!;
  const lastNode = (last.value as Node | null)?.range ? (last.value as Node) : last.key;
  let end = lastNode.range![1];
  while (end > 0 && /[\s]/.test(text[end - 1]!)) end--;
  const at = nextLineStart(text, end);
  // on the file's last line, with no line break after it: go before the first entry instead, so that no line
  // (the last one) has to gain a line break; own keys win over merged ones wherever they stand
  if (at === -1) return { file: source.path, start: firstLs, end: firstLs, newText: `${indent}${entry}${eolOfLine(source, firstStart)}` };
  return { file: source.path, start: at, end: at, newText: `${indent}${entry}${eolOfLine(source, end)}` };
}

/** Removes a `key: value` pair of a block or flow mapping, with its line when it has one to itself. */
export function removePair(source: SourceFile, map: YAMLMap, pair: Pair): EditOrReason {
  const text = source.text;
  const k = pair.key as Node | null;
  const v = pair.value as Node | null;
  if (!k?.range) return { reason: "no key position" };
  const start = k.range[0];
  const valueEnd = v?.range ? v.range[1] : k.range[1];
  if (map.flow) {
    // drop the following comma and spaces, or the preceding comma when it is the last pair
    let e = valueEnd;
    while (e < text.length && /[ \t]/.test(text[e]!)) e++;
    if (text[e] === ",") {
      e++;
      while (e < text.length && /[ \t]/.test(text[e]!)) e++;
      return { file: source.path, start, end: e, newText: "" };
    }
    let s = start;
    while (s > 0 && /[ \t]/.test(text[s - 1]!)) s--;
    if (text[s - 1] === ",") {
      s--;
      // `{ a: 1, init: true }` → `{ a: 1 }`: keep the space before the closing brace
      return { file: source.path, start: s, end: valueEnd, newText: "" };
    }
    if (/[\r\n]/.test(text.slice(s, start)) || /[\r\n]/.test(text.slice(valueEnd, e))) {
      return { reason: "the pair is the only entry of a flow mapping written over several lines" };
    }
    // the only entry: `{ init: true }` → `{}`
    return { file: source.path, start: s, end: e, newText: "" };
  }
  const others = map.items.filter((p) => p !== pair);
  if (others.length === 0) return { reason: "`init` is the only entry of the service: removing it would leave the service empty" };
  const ls = lineStartOf(text, start);
  if (!/^[ \t]*$/.test(text.slice(ls, start))) return { reason: "the pair shares its line" };
  const nl = nextLineStart(text, valueEnd);
  const lineEnd = nl === -1 ? text.length : nl;
  const rest = text.slice(valueEnd, lineEnd);
  // the value's range stops before a trailing comment: the comment belongs to the entry and goes with it
  if (!/^[ \t]*(#.*)?(\r\n|\r|\n)?$/.test(rest)) return { reason: "more follows the value on its line" };
  if (nl === -1) {
    // the last line has no line break: take the one before it, so the file still ends without one
    let s = ls;
    if (s > 0 && text[s - 1] === "\n") s--;
    if (s > 0 && text[s - 1] === "\r") s--;
    return { file: source.path, start: s, end: text.length, newText: "" };
  }
  return { file: source.path, start: ls, end: nl, newText: "" };
}


/** The mappings a mapping merges (`<<: *a`, `<<: [*a, *b]`), transitively, itself included. */
function mergedMaps(doc: Document, map: YAMLMap, out = new Set<YAMLMap>(), depth = 0): Set<YAMLMap> {
  if (out.has(map) || depth > 32) return out;
  out.add(map);
  for (const item of map.items) {
    if (!isPair(item) || !isMergeKey(item.key)) continue;
    const sources = isSeq(item.value) ? item.value.items : [item.value];
    for (const s of sources) {
      const m = resolveNode(doc, s as Node);
      if (isMap(m)) mergedMaps(doc, m, out, depth + 1);
    }
  }
  return out;
}

const mergedByCache = new WeakMap<YAMLMap, Map<YAMLMap, Pair[]>>();

/** For each mapping, the services that see its keys (through their own mapping, an alias or merge keys): built once per file, not once per service. */
function mergedBy(doc: Document, servicesNode: YAMLMap): Map<YAMLMap, Pair[]> {
  let index = mergedByCache.get(servicesNode);
  if (index) return index;
  index = new Map();
  for (const other of servicesNode.items) {
    if (!isPair(other)) continue;
    const m = resolveNode(doc, other.value as Node);
    if (!isMap(m)) continue;
    for (const seen of mergedMaps(doc, m)) {
      const list = index.get(seen) ?? [];
      list.push(other);
      index.set(seen, list);
    }
  }
  mergedByCache.set(servicesNode, index);
  return index;
}

const serviceMapsCache = new WeakMap<YAMLMap, Map<YAMLMap, string>>();

/** The services written as mappings of their own (not aliases), by their mapping: built once per file. */
function serviceMaps(servicesNode: YAMLMap): Map<YAMLMap, string> {
  let index = serviceMapsCache.get(servicesNode);
  if (index) return index;
  index = new Map();
  for (const p of servicesNode.items) if (isPair(p) && isMap(p.value) && !index.has(p.value)) index.set(p.value, isScalar(p.key) ? String(p.key.value) : "?");
  serviceMapsCache.set(servicesNode, index);
  return index;
}

export interface ServiceTarget {
  /** the mapping the service's own keys live in */
  map: YAMLMap;
  /** other services (by name) that see keys of this mapping through an alias or a merge key */
  sharedWith: string[];
  /** an alias elsewhere in the file (outside `services`) points at this mapping */
  aliasedElsewhere: boolean;
  /** other services (by name) whose own mappings this service merges (`<<: *web`, directly or through other merges) */
  merges: string[];
}

/**
 * Where keys of a compose service can be added without changing another service: its own mapping,
 * unless the service is written as an alias (`api: *x`). Lists the services that would see the change.
 */
export function serviceTarget(file: ComposeFileModel, keySpan: Span): ServiceTarget | { reason: string } {
  const { doc, servicesNode } = file;
  if (!servicesNode) return { reason: "no `services` mapping" };
  const item = servicesNode.items.find((p) => isPair(p) && (p.key as Node | null)?.range?.[0] === keySpan.start);
  if (!item) return { reason: "the service entry was not found" };
  if (isAlias(item.value)) {
    return { reason: `the service is the alias \`*${item.value.source}\` of a mapping other services may share: write its keys out to add \`init: true\` to it alone` };
  }
  if (!isMap(item.value)) return { reason: "the service has no mapping of its own to add `init: true` to" };
  const map = item.value;
  const sharedWith = (mergedBy(doc, servicesNode).get(map) ?? []).filter((other) => other !== item).map((other) => (isScalar(other.key) ? String(other.key.value) : "?"));
  let aliasedElsewhere = false;
  if (map.anchor) {
    const anchor = map.anchor;
    visit(doc, {
      Alias(_k, node, path) {
        if (node.source !== anchor) return;
        // aliases inside `services` were counted above through the services that use them
        if (path.some((p) => p === servicesNode)) return;
        aliasedElsewhere = true;
        return visit.BREAK;
      },
    });
  }
  const owners = serviceMaps(servicesNode);
  const merges: string[] = [];
  for (const m of mergedMaps(doc, map)) {
    const name = m === map ? undefined : owners.get(m);
    if (name !== undefined) merges.push(name);
  }
  return { map, sharedWith, aliasedElsewhere, merges };
}
