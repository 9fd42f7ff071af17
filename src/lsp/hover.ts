// Hover: on a service key, an `image:`, an ENTRYPOINT/CMD line, an `exec` line of a script (any line a
// PID 1 chain passes through), the resolved chain of each container that passes there, as `explain` prints it.
import type { Hover } from "vscode-languageserver";
import { explainContainer } from "../explain.js";
import type { ProjectModel } from "../model/build.js";
import type { Container } from "../model/types.js";
import { positionOf } from "../source.js";
import type { Diagnostic, SourceFile, Span } from "../types.js";

/** Containers shown in one hover at most (a Dockerfile line many services run through names the others). */
const MAX_SHOWN = 3;

function onLine(model: ProjectModel, file: SourceFile, span: Span | null | undefined, line: number): boolean {
  if (!span || !span.file || model.files.get(span.file) !== file) return false;
  const a = positionOf(file, span.start).line;
  const b = positionOf(file, Math.max(span.start, span.end)).line;
  return line >= a && line <= b;
}

/** The containers whose PID 1 chain is decided at 1-based `line` of `file`. */
export function containersAt(model: ProjectModel, file: SourceFile, line: number): Container[] {
  const out: Container[] = [];
  for (const c of [...model.containers, ...model.nonLinux]) {
    const spans = [c.at, c.compose?.keySpan, c.image?.span, ...c.chain.hops.map((h) => h.span), c.chain.finalExec, c.chain.shellStays?.at];
    if (spans.some((s) => onLine(model, file, s, line))) out.push(c);
  }
  // the container reported at this very line first (the service whose key this is, the image of this ENTRYPOINT)
  return out.sort((a, b) => Number(onLine(model, file, b.at, line)) - Number(onLine(model, file, a.at, line)));
}

export function hoverAt(model: ProjectModel, filePath: string, line: number, diagnostics: Diagnostic[]): Hover | null {
  const file = model.files.get(filePath);
  if (!file) return null;
  const hits = containersAt(model, file, line + 1);
  if (!hits.length) return null;
  const parts = hits.slice(0, MAX_SHOWN).map((c) => "```text\n" + explainContainer(model, c, diagnostics) + "\n```");
  if (hits.length > MAX_SHOWN) parts.push(`… and ${hits.length - MAX_SHOWN} more containers whose chain passes here (\`compose-lint explain\` lists each).`);
  const lineText = file.text.slice(file.lineStarts[line] ?? 0, file.lineStarts[line + 1] ?? file.text.length).replace(/\r?\n$/, "");
  return {
    contents: { kind: "markdown", value: `**compose-lint: PID 1 chain**\n\n${parts.join("\n\n")}` },
    range: { start: { line, character: 0 }, end: { line, character: lineText.length } },
  };
}
