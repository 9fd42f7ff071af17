// A stage's list of operations: its instructions read in order (WORKDIR, ARG and SHELL as state; COPY/ADD and
// the commands of each RUN as operations that put files in place).
import { joinPosix, parseExecForm, type Stage, type StageInstruction } from "../../parse/dockerfile.js";
import { lineIndexOf } from "../../source.js";
import { copyOps } from "./copy.js";
import { parseRuns, runOps, type RunPiece } from "./run.js";
import { addKnown, globalArgsOf, stageAt } from "./stages.js";
import type { DfFlow, FlowStep, StageFlow, StageState } from "./types.js";
import { expandVars, joined, shortText } from "./words.js";

/** One instruction as its handler reads it. */
interface InstrCtx {
  instr: StageInstruction;
  /** where its arguments start in the Dockerfile */
  argsStart: number;
  /** the stage's RUN scripts, parsed, by the offset of their instruction */
  runs: Map<number, RunPiece[]>;
}

type InstructionHandler = (st: StageState, a: InstrCtx) => void;

/** The instructions that change what the stage's operations see or do; the others are passed over. */
const INSTRUCTIONS = new Map<string, InstructionHandler>([
  ["WORKDIR", workdir],
  ["ARG", arg],
  ["SHELL", shell],
  ["COPY", (st, a) => copyOps(st, "COPY", a.instr.span, a.instr.line, a.argsStart)],
  ["ADD", (st, a) => copyOps(st, "ADD", a.instr.span, a.instr.line, a.argsStart)],
  ["RUN", run],
]);

export async function buildStageFlow(df: DfFlow, index: number): Promise<StageFlow> {
  const stage = stageAt(df, index);
  if (!stage) return emptyStageFlow(df, index);
  addKnown(df, stage.base);
  const st = stageState(df, stage, stage.name ?? `#${index}`);
  const runs = await parseRuns(df, stage);
  for (const instr of stage.instructions) {
    const handler = INSTRUCTIONS.get(instr.keyword);
    if (handler) handler(st, { instr, argsStart: argsStartOf(df, instr), runs });
  }
  return stageFlowOf(st, index);
}

/** A stage the Dockerfile does not have. */
function emptyStageFlow(df: DfFlow, index: number): StageFlow {
  const none: FlowStep = { keyword: "FROM", line: 1, span: { file: df.source.path, start: 0, end: 0 }, text: "FROM", stage: `#${index}`, dockerfile: df.dfName };
  return { index, label: `#${index}`, baseIndex: null, baseImage: "scratch", fromStep: none, coverUnder: [], coverNames: new Set(), ops: [], createdDirs: [], buildSteps: [], runCount: 0 };
}

/** The state at the stage's FROM: its base stage's WORKDIR and SHELL, its ENV. */
function stageState(df: DfFlow, stage: Stage, label: string): StageState {
  return {
    df,
    stage,
    label,
    workdir: stage.base?.workdir ?? "/",
    vars: new Map(stage.env),
    shell: stage.base?.shell ?? ["/bin/sh", "-c"],
    ops: [],
    createdDirs: [],
    buildSteps: [],
    runCount: 0,
  };
}

function stageFlowOf(st: StageState, index: number): StageFlow {
  const { stage, df, label } = st;
  const source = df.source;
  let bottom: Stage = stage;
  for (let i = 0; i < 64 && bottom.base; i++) bottom = bottom.base;
  return {
    index,
    label,
    baseIndex: stage.base ? stage.base.index : null,
    baseImage: bottom.from,
    fromStep: { keyword: "FROM", line: lineIndexOf(source, stage.fromSpan.start) + 1, span: stage.fromSpan, text: shortText(source.text.slice(stage.fromSpan.start, stage.fromSpan.end)), stage: label, dockerfile: df.dfName },
    ops: st.ops,
    coverUnder: [...new Set(st.ops.flatMap((o) => o.cover.under))],
    coverNames: new Set(st.ops.flatMap((o) => o.cover.names ?? [])),
    createdDirs: st.createdDirs,
    buildSteps: st.buildSteps,
    runCount: st.runCount,
  };
}

/** Where an instruction's arguments start (after its keyword). */
function argsStartOf(df: DfFlow, instr: StageInstruction): number {
  const raw = df.source.text.slice(instr.span.start, Math.min(instr.span.end, instr.span.start + 32));
  const kw = /^\s*[A-Za-z]+\s*/.exec(raw);
  return instr.span.start + (kw ? kw[0].length : 0);
}

/** The instruction's arguments, continuation lines joined. */
function argsOf(st: StageState, a: InstrCtx): string {
  return joined(st.df.source.text.slice(a.argsStart, a.instr.span.end), st.df.escape);
}

function workdir(st: StageState, a: InstrCtx): void {
  const w = expandVars(argsOf(st, a).trim(), st.vars);
  st.workdir = w === null ? null : w.startsWith("/") ? joinPosix("/", w) : st.workdir === null ? null : joinPosix(st.workdir, w);
  if (st.workdir) st.createdDirs.push(st.workdir);
}

/** `ARG a=1 b`: a value given here, else the global ARG's default; an ENV of the same name wins. */
function arg(st: StageState, a: InstrCtx): void {
  for (const word of argsOf(st, a).trim().split(/\s+/)) {
    const eq = word.indexOf("=");
    const name = eq === -1 ? word : word.slice(0, eq);
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) || st.stage.env.has(name)) continue;
    if (eq !== -1) st.vars.set(name, word.slice(eq + 1).replace(/^["']|["']$/g, ""));
    else if (globalArgsOf(st.df).has(name)) st.vars.set(name, globalArgsOf(st.df).get(name)!);
    else st.vars.delete(name);
  }
}

function shell(st: StageState, a: InstrCtx): void {
  const argv = parseExecForm(argsOf(st, a));
  if (argv) st.shell = argv;
}

function run(st: StageState, a: InstrCtx): void {
  st.runCount++;
  runOps(st, a.runs.get(a.instr.span.start) ?? []);
}
