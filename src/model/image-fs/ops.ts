// Operations shared by the instructions and commands that put files in place.
import { basename } from "../../knowledge/index.js";
import type { FileOrigin, FlowStep, Resolver, StageState } from "./types.js";

/** One file put at `p` (a download, a build output, a file a command writes). */
export function opFile(st: StageState, step: FlowStep, p: string, origin: (steps: FlowStep[]) => FileOrigin): void {
  st.ops.push({ step, cover: { under: [p] }, match: (t) => (t === p ? { origin: origin([step]) } : null) });
}

/** A copy to a place that is not known here: any file named like one of its sources may come from it, for a reason not known. */
export function unknownByName(st: StageState, step: FlowStep, names: string[], why: string): void {
  st.ops.push({ step, cover: { under: [], names }, match: (t) => (names.includes(basename(t)) ? { origin: { kind: "unknown", why, steps: [step] } } : null) });
}

/** The text of a file as it is in a stage at an instruction, when it comes from the build context. */
export async function readInImage(rc: Resolver, stage: number, p: string, end: number): Promise<string | null> {
  const o = await rc.resolveIn(stage, p, end, 1);
  if (o === "absent" || o.kind !== "context") return null;
  return rc.readContext(o.path);
}
