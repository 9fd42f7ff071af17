// Minimal text edits on compose YAML: never re-serialise, only insert or remove what the fix names,
// in the file's own indentation and line endings.
import { isMap, isPair, type Node, type Pair, type YAMLMap } from "yaml";
import type { SourceFile, TextEdit } from "../types.js";

/** Inserts `key: value` into a service mapping (block or flow). Returns null when it cannot be done cleanly. */
export function insertMapEntry(source: SourceFile, map: YAMLMap, key: string, value: string): TextEdit | null | { reason: string } {
  if (!map.range) return { reason: "the service has no mapping of its own" };
  const text = source.text;
  if (map.flow) {
    const open = map.range[0];
    if (text[open] !== "{") return { reason: "unexpected flow mapping" };
    const empty = map.items.length === 0;
    const spaced = text[open + 1] === " ";
    if (empty) return { file: source.path, start: open + 1, end: open + 1, newText: `${key}: ${value}` };
    if (spaced) return { file: source.path, start: open + 1, end: open + 1, newText: ` ${key}: ${value},` };
    return { file: source.path, start: open + 1, end: open + 1, newText: `${key}: ${value}, ` };
  }
  const first = map.items.find((p) => isPair(p) && (p.key as Node | null)?.range) as Pair | undefined;
  if (!first) return { reason: "the service mapping is empty" };
  const keyStart = (first.key as Node).range![0];
  let lineStart = keyStart;
  while (lineStart > 0 && text[lineStart - 1] !== "\n" && text[lineStart - 1] !== "\r") lineStart--;
  const prefix = text.slice(lineStart, keyStart);
  if (!/^[ \t]*$/.test(prefix)) {
    // the first key shares its line with something else (`- name:` in a sequence, `svc: {`…): append after the last pair instead
    return appendAfterLast(source, map, key, value);
  }
  return { file: source.path, start: lineStart, end: lineStart, newText: `${prefix}${key}: ${value}${source.eol}` };
}

function appendAfterLast(source: SourceFile, map: YAMLMap, key: string, value: string): TextEdit | { reason: string } {
  const text = source.text;
  const first = map.items[0] as Pair;
  const keyStart = (first.key as Node).range![0];
  let ls = keyStart;
  while (ls > 0 && text[ls - 1] !== "\n") ls--;
  const col = keyStart - ls;
  const end = map.range![1];
  // insert at the start of the line after the mapping's content
  let pos = end;
  while (pos > 0 && (text[pos - 1] === "\n" || text[pos - 1] === "\r")) pos--;
  const nl = text.indexOf("\n", pos);
  const at = nl === -1 ? text.length : nl + 1;
  const needsEol = nl === -1;
  return { file: source.path, start: at, end: at, newText: `${needsEol ? source.eol : ""}${" ".repeat(col)}${key}: ${value}${source.eol}` };
}

/** Removes a `key: value` pair of a block or flow mapping, with its line when it has one to itself. */
export function removePair(source: SourceFile, map: YAMLMap, pair: Pair): TextEdit | { reason: string } {
  const text = source.text;
  const k = pair.key as Node | null;
  const v = pair.value as Node | null;
  if (!k?.range) return { reason: "no key position" };
  const start = k.range[0];
  let end = v?.range ? v.range[1] : k.range[1];
  if (map.flow) {
    // drop the following comma and spaces, or the preceding comma when it is the last pair
    let e = end;
    while (e < text.length && /[ \t]/.test(text[e]!)) e++;
    if (text[e] === ",") {
      e++;
      while (e < text.length && /[ \t]/.test(text[e]!)) e++;
      return { file: source.path, start, end: e, newText: "" };
    }
    let s = start;
    while (s > 0 && /[ \t]/.test(text[s - 1]!)) s--;
    if (text[s - 1] === ",") s--;
    return { file: source.path, start: s, end, newText: "" };
  }
  let ls = start;
  while (ls > 0 && text[ls - 1] !== "\n") ls--;
  if (!/^[ \t]*$/.test(text.slice(ls, start))) return { reason: "the pair shares its line" };
  // the value's range may stop before a trailing comment: remove through the end of the line
  const nl = text.indexOf("\n", end);
  end = nl === -1 ? text.length : nl + 1;
  const rest = text.slice(v?.range ? v.range[1] : k.range[1], nl === -1 ? text.length : nl);
  if (!/^[ \t]*(#.*)?\r?$/.test(rest)) return { reason: "more follows the value on its line" };
  return { file: source.path, start: ls, end, newText: "" };
}

export function isYamlMap(n: unknown): n is YAMLMap {
  return isMap(n);
}
