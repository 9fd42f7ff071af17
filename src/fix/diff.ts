// `--diff`: the fixes as a unified diff that `patch -p1` and `git apply` take from the working directory.
import { createTwoFilesPatch } from "diff";
import type { FileChange } from "./apply.js";

/**
 * One unified diff for all changed files, paths `a/<rel>` and `b/<rel>` (a file shown by the name of a
 * symbolic link is named by its real path, which `git apply` and `patch` take). Line endings stay in the lines
 * (a CRLF file gives `\r\n` lines), a BOM stays in the first line, and a last line without a line break
 * is marked `\ No newline at end of file`, so applying the diff gives the bytes `--fix` writes.
 */
export function renderDiff(changes: FileChange[], color = false): string {
  let out = "";
  for (const c of changes) {
    const name = c.patchRel ?? c.rel;
    out += createTwoFilesPatch(`a/${name}`, `b/${name}`, c.before, c.after, undefined, undefined, {
      context: 3,
      headerOptions: { includeIndex: false, includeUnderline: false, includeFileHeaders: true },
    });
  }
  if (!color) return out;
  return out
    .split("\n")
    .map((l) => {
      if (l.startsWith("+++") || l.startsWith("---")) return `\x1b[1m${l}\x1b[0m`;
      if (l.startsWith("@@")) return `\x1b[36m${l}\x1b[0m`;
      if (l.startsWith("+")) return `\x1b[32m${l}\x1b[0m`;
      if (l.startsWith("-")) return `\x1b[31m${l}\x1b[0m`;
      return l;
    })
    .join("\n");
}
