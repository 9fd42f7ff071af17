// Node-by-node comparison of the fast shell parser's tree with tree-sitter-bash's (test helper).
import type { ShellNode } from "../../src/parse/shell-fast.js";

/** tree-sitter's node, with the one member the analysis does not use but the comparison needs */
export interface TSLike extends ShellNode {
  fieldNameForChild(index: number): string | null;
  readonly children: (TSLike | null)[];
  child(index: number): TSLike | null;
}
export interface FastLike extends ShellNode {
  fieldNameForChild(index: number): string | null;
  child(index: number): FastLike | null;
}

const kind = (t: string): string => (t === "number" ? "word" : t);

/**
 * The first difference between the two trees, or null. The fast tree is coarser in two places the analysis never
 * reads: a test command's expression (only the node's range is compared) and the default of `${X:-default}` (only
 * whether there is one).
 */
export function treeDifference(fast: FastLike, ts: TSLike, path = "program"): string | null {
  if (ts.isError || ts.isMissing) return `${path}: tree-sitter has ${ts.isMissing ? "a missing node" : "an error"} here`;
  const here = `${path} ${ts.type}[${ts.startIndex},${ts.endIndex}]`;
  if (kind(fast.type) !== kind(ts.type) || fast.isNamed !== ts.isNamed) return `${here}: fast ${fast.type} (named ${fast.isNamed})`;
  if (fast.startIndex !== ts.startIndex || fast.endIndex !== ts.endIndex) return `${here}: fast range [${fast.startIndex},${fast.endIndex}]`;
  if (ts.type === "test_command") return ts.hasError ? `${here}: tree-sitter has an error inside` : null;
  if (ts.type === "expansion") {
    const opAt = (n: ShellNode): number => {
      for (let k = 0; k < n.childCount; k++) if (n.child(k)!.type.match(/^(:?[-=+?]|#|##|%|%%|\/|\/\/|:)$/) && (n as TSLike).fieldNameForChild(k) === "operator") return k;
      return -1;
    };
    const fo = opAt(fast);
    const to = opAt(ts);
    if (fo !== -1 || to !== -1) {
      if (fo !== to) return `${here}: operator at child ${to}, fast ${fo}`;
      for (let k = 0; k <= to; k++) {
        const d = treeDifference(fast.child(k)!, ts.child(k)!, `${path}/${k}`);
        if (d) return d;
      }
      const namedAfter = (n: ShellNode, from: number): boolean => n.children.slice(from + 1).some((c) => c?.isNamed);
      if (namedAfter(fast, fo) !== namedAfter(ts, to)) return `${here}: default present in tree-sitter ${namedAfter(ts, to)}, fast ${namedAfter(fast, fo)}`;
      if (ts.hasError) return `${here}: tree-sitter has an error inside`;
      const lf = fast.child(fast.childCount - 1)!;
      const lt = ts.child(ts.childCount - 1)!;
      return lf.type === lt.type && lf.startIndex === lt.startIndex ? null : `${here}: closing brace differs`;
    }
  }
  if (fast.childCount !== ts.childCount) {
    const show = (n: ShellNode): string => n.children.map((c) => c?.type).join(" ");
    return `${here}: ${ts.childCount} children (${show(ts)}), fast ${fast.childCount} (${show(fast)})`;
  }
  for (let k = 0; k < ts.childCount; k++) {
    const ff = fast.fieldNameForChild(k) ?? null;
    const tf = ts.fieldNameForChild(k) ?? null;
    if (ff !== tf) return `${here}: child ${k} field ${tf}, fast ${ff}`;
    const d = treeDifference(fast.child(k)!, ts.child(k)!, `${path}/${k}`);
    if (d) return d;
  }
  return null;
}
