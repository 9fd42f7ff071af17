// A Dockerfile as the image model reads it: its stages (the parse the looked-up stages came from; parsed again only
// for a stage that parseDockerfile did not make), its heredoc bodies and its global ARGs, each computed once.
import path from "node:path";
import { dockerfileOf, heredocBodiesOf, maskHeredocs, parseDockerfile, type Stage } from "../../parse/dockerfile.js";
import type { SourceFile } from "../../types.js";
import type { DfFlow, HeredocBodies } from "./types.js";

/** A Dockerfile's flow, first reached through `stage` (its parse gives the other stages); `parse` parses shell text. */
export function newDfFlow(source: SourceFile, stage: Stage, parse: DfFlow["parse"]): DfFlow {
  const esc = /^(?:[ \t]*#[^\n]*\n)*?[ \t]*#[ \t]*escape[ \t]*=[ \t]*([\\`])/i.exec(source.text);
  const parsed = dockerfileOf(stage);
  const same = parsed !== null && parsed.source === source;
  return {
    source,
    dfName: path.basename(source.rel || source.path),
    escape: esc ? esc[1]! : "\\",
    known: new Map(),
    all: same ? parsed.stages : null,
    bodies: same ? heredocBodiesOf(parsed) : null,
    globalArgs: null,
    stages: new Map(),
    built: new Map(),
    parse,
  };
}

/** Records a stage and the stages it is built FROM as known (the chain brought them: no parse needed for them). */
export function addKnown(df: DfFlow, stage: Stage | null): void {
  for (let s: Stage | null = stage, i = 0; s && i < 64; s = s.base, i++) if (!df.known.has(s.index)) df.known.set(s.index, s);
}

/** Heredoc bodies by the offset of their instruction's line. */
export function bodiesOf(df: DfFlow): Map<number, HeredocBodies> {
  df.bodies ??= maskHeredocs(df.source.text).bodies;
  return df.bodies;
}

/** ARGs declared before the first FROM, with their defaults. */
export function globalArgsOf(df: DfFlow): Map<string, string> {
  if (df.globalArgs) return df.globalArgs;
  const out = new Map<string, string>();
  const text = df.source.text;
  const first = /^[ \t]*FROM[ \t]/im.exec(text);
  const head = first ? text.slice(0, first.index) : "";
  for (const m of head.matchAll(/^[ \t]*ARG[ \t]+([^\r\n]+)/gim)) {
    for (const a of m[1]!.trim().split(/\s+/)) {
      const eq = a.indexOf("=");
      if (eq > 0) out.set(a.slice(0, eq), a.slice(eq + 1).replace(/^["']|["']$/g, ""));
    }
  }
  df.globalArgs = out;
  return out;
}

/** Every stage of the Dockerfile: the parse the known stages came from, else (a stage made elsewhere) a parse of its own. */
function allStages(df: DfFlow): Stage[] {
  df.all ??= parsedStages(df) ?? parseDockerfile(df.source).model.stages;
  return df.all;
}

/** The stage list of the parse a known stage came from, when it parsed this very text. */
function parsedStages(df: DfFlow): Stage[] | null {
  for (const s of df.known.values()) {
    const parsed = dockerfileOf(s);
    if (parsed && parsed.source === df.source) return parsed.stages;
  }
  return null;
}

export function stageAt(df: DfFlow, index: number): Stage | null {
  return df.known.get(index) ?? allStages(df)[index] ?? null;
}

/** The stage `COPY --from=<ref>` names (by name or index), when it is an earlier stage of this Dockerfile. */
export function stageByRef(df: DfFlow, ref: string, before: number): number | null {
  const name = ref.toLowerCase();
  if (/^\d+$/.test(ref)) return Number(ref) < before ? Number(ref) : null;
  for (const s of df.known.values()) if (s.name === name && s.index < before) return s.index;
  // a name that is not a stage of this Dockerfile is an image: only a name written in a FROM … AS can be a stage
  if (!df.all && !parsedStages(df) && !new RegExp(`^[ \\t]*FROM[ \\t].*\\bAS[ \\t]+${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}[ \\t]*$`, "im").test(df.source.text)) return null;
  const hit = allStages(df).find((s) => s.name === name && s.index < before);
  return hit ? hit.index : null;
}
