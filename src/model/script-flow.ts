// The path a script takes: its commands in the order the shell runs them, with the calls of its functions and
// the files it sources (`. file`) followed into, "$@" as each command sees it (after `shift` and `set --`), and
// what the first word of a command is to the shell (a program, a function, a builtin, an alias, a variable).
import { basename, type KnowledgeEntry } from "../knowledge/index.js";
import { FROM_ENV, type ScriptModel, type ShellCommand, type Trap, type VarRef, type VarValue, type Word } from "../parse/shell.js";
import type { Span } from "../types.js";

/** An argument on its way to PID 1: its text, and where it was written. */
export interface Arg {
  text: string;
  span: Span | null;
  /** the word is `"$@"` not yet expanded */
  allArgs?: boolean;
}

/** A script, or a `sh -c` string, with where its offsets point. */
export interface ScriptUnit {
  file: string;
  script: ScriptModel;
  /** offsets in the script are offsets in `file` */
  exact: boolean;
  /** the file's path for messages (null for an inline string) */
  display: string | null;
  /** where to point when offsets are not exact */
  fallback: Span | null;
  /** the files this one sources (`. /etc/app/env.sh`): variables they set are seen after them */
  sourced?: ScriptUnit[];
  /** an inline string's text, and the offset in it of the script's offset 0 (offsets minus `base` index `text`) */
  text?: { text: string; base: number };
}

/** One command on the script's path. */
export interface Step {
  cmd: ShellCommand;
  unit: ScriptUnit;
  /** "$@" where the command runs: the script's arguments, or the function's */
  args: Arg[];
  /** on the script's main path: not under a condition, in a subshell or in the background */
  main: boolean;
  /** provably the last command the script runs */
  last: boolean;
  conditional: boolean;
  subshell: boolean;
  background: boolean;
  /** the function calls and `.` commands that led here, outermost first */
  via: Step[];
  /** the step is a call that was followed into a function or a sourced file */
  inlined?: "function" | "source";
}

export interface FunctionRef {
  name: string;
  unit: ScriptUnit;
  index: number;
}

export interface Flow {
  root: ScriptUnit;
  steps: Step[];
  /** the functions the script can call: its own and those of the files it sources */
  functions: Map<string, FunctionRef[]>;
  aliases: Map<string, ScriptUnit>;
  /** the script and the files it sources */
  units: ScriptUnit[];
  /** `.`/`source` of files that are not read: functions the script calls may be defined there */
  unread: Unread[];
}

/** A file the image the script runs on ships, described by the knowledge base (what it runs as a program). */
export interface ShippedFile {
  path: string;
  image: string;
  entry: KnowledgeEntry;
}

/** A sourced file that is not read: why, and what the knowledge base says of it when the image ships it. */
export interface Unread {
  text: string;
  why: string;
  step: Step;
  shipped?: ShippedFile;
}

/** What loading a sourced file gives: its unit, or why it is not read (with the knowledge of a file the image ships). */
export type Loaded = ScriptUnit | { error: string; shipped?: ShippedFile };

/** What the first word of a command is to the shell. */
export type CommandWord =
  | { kind: "program"; name: string; fromVariable: boolean }
  | { kind: "function"; name: string; defs: FunctionRef[] }
  | { kind: "builtin"; name: string }
  | { kind: "alias"; name: string; unit: ScriptUnit }
  | { kind: "unknown"; text: string };

/**
 * Shell builtins (POSIX special and regular builtins, and bash's): `exec` looks a word up as a program only,
 * so `exec wait` fails. https://pubs.opengroup.org/onlinepubs/9799919799/utilities/V3_chap02.html#tag_19_15
 */
export const BUILTINS = new Set([
  ":", ".", "source", "break", "continue", "eval", "exec", "exit", "export", "readonly", "return", "set", "shift", "times", "trap", "unset",
  "alias", "unalias", "bg", "fg", "jobs", "cd", "command", "getopts", "hash", "read", "type", "ulimit", "umask", "wait", "local", "declare",
  "typeset", "let", "shopt", "builtin", "enable", "mapfile", "readarray", "pushd", "popd", "dirs", "disown", "suspend", "caller", "compgen",
  "complete", "help", "history", "logout", "fc", "newgrp", "echo", "printf", "test", "[", "true", "false", "kill", "pwd",
]);

/** Builtins that also exist as programs on Linux systems, so `exec` of them runs the program. */
const ALSO_PROGRAMS = new Set(["echo", "printf", "test", "[", "true", "false", "kill", "pwd", "newgrp"]);

export function isPureBuiltin(name: string): boolean {
  return BUILTINS.has(name) && !ALSO_PROGRAMS.has(name);
}

export interface FlowOptions {
  /** reads a sourced file, given the path the script names */
  load: (pathText: string, from: ScriptUnit) => Promise<Loaded>;
  /** the environment the image gives (Dockerfile ENV, compose environment) */
  env: Map<string, string>;
  /** the program execs its target (gosu, su-exec, env …): an empty value or this wrapper run the same program */
  isWrapper: (name: string) => boolean;
  /** the script's own name ($0) */
  self: string;
}

const MAX_CALL_DEPTH = 16;
/** Functions that call functions that call functions…: past this many steps, calls are no longer followed into. */
const MAX_STEPS = 5000;
const MAX_SOURCED = 20;

/** The script's path from its first command to its last, functions and sourced files followed into. */
export async function buildFlow(root: ScriptUnit, args: Arg[], opts: FlowOptions): Promise<Flow> {
  const flow: Flow = { root, steps: [], functions: new Map(), aliases: new Map(), units: [root], unread: [] };
  const sourced = await loadSourced(root, opts, flow);
  for (const unit of flow.units) {
    unit.script.functionDefs.forEach((d, index) => flow.functions.set(d.name, [...(flow.functions.get(d.name) ?? []), { name: d.name, unit, index }]));
    for (const a of unit.script.aliases) if (!flow.aliases.has(a)) flow.aliases.set(a, unit);
  }
  const walker = new FlowWalker(flow, sourced, opts);
  const frame = { args, doubleDash: root.script.handlesDoubleDash };
  walker.walk(root, null, frame, { main: true, last: true, conditional: false, subshell: false, background: false }, []);
  return flow;
}

/** The positional parameters of a script or function; `doubleDash`: the script skips past a `--` it finds in them. */
interface Frame {
  args: Arg[];
  doubleDash?: boolean;
}

/** "$@" where a command runs: past a `--` the script handles itself (wait-for-it style: `… -- cmd args`). */
function argsOf(frame: Frame): Arg[] {
  const dd = frame.doubleDash ? frame.args.findIndex((a) => a.text === "--") : -1;
  return dd !== -1 ? frame.args.slice(dd + 1) : frame.args;
}

function sourceKey(unit: ScriptUnit, cmd: ShellCommand): string {
  return `${unit.file}\0${cmd.start}`;
}

/** The files the script sources, and those they source, read through the image's files. */
async function loadSourced(root: ScriptUnit, opts: FlowOptions, flow: Flow): Promise<Map<string, SourcedFile>> {
  const out = new Map<string, SourcedFile>();
  const queue = [root];
  while (queue.length > 0) {
    const unit = queue.shift()!;
    for (const cmd of unit.script.commands) {
      if (!isSourceCommand(cmd) || cmd.words.length < 2) continue;
      const pathWord = expandWords([cmd.words[1]!], { unit, args: [] }, opts)[0];
      const text = pathWord?.text ?? wordRaw(cmd.words[1]!);
      if (!pathWord || /[$`]/.test(text)) {
        out.set(sourceKey(unit, cmd), { error: "its path is only known at run time", text });
        continue;
      }
      if (flow.units.length >= MAX_SOURCED) {
        out.set(sourceKey(unit, cmd), { error: "too many sourced files", text });
        continue;
      }
      const loaded = await opts.load(text, unit);
      if ("error" in loaded) {
        out.set(sourceKey(unit, cmd), { ...loaded, text });
        continue;
      }
      const known = flow.units.find((u) => u.file === loaded.file);
      out.set(sourceKey(unit, cmd), known ?? loaded);
      unit.sourced = [...(unit.sourced ?? []), known ?? loaded];
      if (!known) {
        flow.units.push(loaded);
        queue.push(loaded);
      }
    }
  }
  return out;
}

/** A file a `.` command names: read, or not (why, and the knowledge of a file the image ships). */
type SourcedFile = ScriptUnit | { error: string; text: string; shipped?: ShippedFile };

export function isSourceCommand(cmd: ShellCommand): boolean {
  const w = cmd.words[0];
  return w?.kind === "lit" && !w.fromVar && (w.text === "." || w.text === "source");
}

interface Flags {
  main: boolean;
  last: boolean;
  conditional: boolean;
  subshell: boolean;
  background: boolean;
}

class FlowWalker {
  constructor(
    private flow: Flow,
    private sourced: Map<string, SourcedFile>,
    private opts: FlowOptions,
  ) {}

  /** Walks the commands of one scope (a script's top, or a function's body) in order. */
  walk(unit: ScriptUnit, fn: number | null, frame: Frame, outer: Flags, via: Step[]): void {
    for (const cmd of unit.script.commands) {
      if (cmd.fn !== fn) continue;
      const step: Step = {
        cmd,
        unit,
        args: argsOf(frame),
        main: outer.main && !cmd.conditional && !cmd.subshell && !cmd.background,
        last: outer.last && (fn === null ? cmd.last : cmd.lastInFunction),
        conditional: outer.conditional || cmd.conditional,
        subshell: outer.subshell || cmd.subshell,
        background: outer.background || cmd.background,
        via,
      };
      this.flow.steps.push(step);
      // a `shift` in a list (`[ "$1" = -- ] && shift`) may not run: only plain statements move "$@"
      if (!cmd.conditional && !cmd.subshell && !cmd.background && !cmd.inList) this.positional(step, frame);
      if (via.length < MAX_CALL_DEPTH && this.flow.steps.length < MAX_STEPS) this.followCall(step, frame);
    }
  }

  /** `shift [n]` and `set -- …` change "$@" for the commands after them. */
  private positional(step: Step, frame: Frame): void {
    const w = step.cmd.words;
    const name = literalName(w[0]!);
    if (name === "shift") {
      const n = w[1]?.kind === "lit" ? Number(w[1].text) : 1;
      frame.args = frame.args.slice(Number.isFinite(n) ? n : 1);
    } else if (name === "set") {
      const dd = w.findIndex((x, i) => i > 0 && x.kind === "lit" && x.text === "--");
      if (dd !== -1 && w.slice(1, dd).every((x) => x.kind === "lit" && /^[-+]/.test(x.text))) frame.args = expandWords(w.slice(dd + 1), step, this.opts);
    }
  }

  /** A call of a function of the script, or a `.` of a file that is read: followed into. */
  private followCall(step: Step, frame: Frame): void {
    const { cmd, unit } = step;
    const name = literalName(cmd.words[0]!);
    if (!name) return;
    const defs = this.flow.functions.get(name);
    if (defs && !step.via.some((v) => literalName(v.cmd.words[0]!) === name)) {
      const def = defs[defs.length - 1]!;
      step.inlined = "function";
      const fnArgs = expandWords(cmd.words.slice(1), step, this.opts);
      const subshell = step.subshell || def.unit.script.functionDefs[def.index]!.subshellBody;
      this.walk(def.unit, def.index, { args: fnArgs }, { ...step, subshell }, [...step.via, step]);
      return;
    }
    if (!isSourceCommand(cmd)) return;
    const src = this.sourced.get(sourceKey(unit, cmd));
    if (!src) return;
    if ("error" in src) {
      this.flow.unread.push({ text: src.text, why: src.error, step, ...(src.shipped ? { shipped: src.shipped } : {}) });
      return;
    }
    if (src === unit || step.via.some((v) => v.unit === src)) return;
    step.inlined = "source";
    // `. file args` gives the file its own positional parameters (bash); without, it sees the caller's
    const own = cmd.words.length > 2 ? { args: expandWords(cmd.words.slice(2), step, this.opts) } : frame;
    this.walk(src, null, own, step, [...step.via, step]);
  }
}

export function literalName(w: Word): string | null {
  return w.kind === "lit" && !w.fromVar ? w.text : null;
}

function wordRaw(w: Word): string {
  if (w.kind === "lit") return w.text;
  if (w.kind === "dynamic") return w.raw;
  return w.kind === "all-args" ? '"$@"' : "$0";
}

export function spanIn(unit: ScriptUnit, c: { start: number; end: number }): Span | null {
  return unit.exact ? { file: unit.file, start: c.start, end: c.end } : unit.fallback;
}

/** Words as the shell expands them where `at` runs: "$@", $0, variables the script or the image sets. */
export function expandWords(words: Word[], at: { unit: ScriptUnit; args: Arg[] }, opts: Pick<FlowOptions, "env" | "isWrapper" | "self">): Arg[] {
  const out: Arg[] = [];
  for (const w of words) {
    const span = spanIn(at.unit, w);
    if (w.kind === "all-args") out.push(...at.args);
    else if (w.kind === "self") out.push({ text: opts.self, span });
    else if (w.kind === "lit") out.push(...(w.fromVar === "unquoted" ? fields(w.text, span) : [{ text: w.text, span }]));
    else if (w.ref) {
      const value = resolveRef(w.ref, at.unit, opts);
      if (value === null) out.push({ text: w.raw, span });
      else out.push(...(w.ref.quoted ? [{ text: value, span }] : fields(value, span)));
    } else out.push({ text: w.raw, span });
  }
  return out;
}

/** Field splitting of an unquoted expansion (default IFS). */
function fields(text: string, span: Span | null): Arg[] {
  return text.split(/[ \t\n]+/).filter((t) => t !== "").map((t) => ({ text: t, span }));
}

/** The value of a variable reference, or null when it is not known here. */
export function resolveRef(ref: VarRef, unit: ScriptUnit, opts: Pick<FlowOptions, "env" | "isWrapper">): string | null {
  const assigned = ref.assigned ?? assignedAtEnd(unit, ref.name, new Set());
  let value: string | null | undefined;
  if (assigned && "values" in assigned) {
    value = pickValue(assigned.values.map((v) => (v === FROM_ENV ? (opts.env.get(ref.name) ?? null) : v)), opts.isWrapper);
  } else if (assigned) {
    const v = opts.env.get(assigned.ref);
    value = v !== undefined && v !== "" ? v : (assigned.fallback ?? (v === undefined ? null : v));
  } else {
    value = opts.env.get(ref.name);
  }
  if ((value === undefined || value === "") && ref.fallback !== undefined) return ref.fallback;
  return value ?? null;
}

/** A variable the script assigns after the word (a function body read before the assignment runs), or a file it sources. */
function assignedAtEnd(unit: ScriptUnit, name: string, seen: Set<ScriptUnit>): VarRef["assigned"] {
  const script = unit.script;
  const v = script.vars.get(name);
  if (v !== undefined) return { values: [v] };
  if (script.opaque.has(name)) return { values: [null] };
  if (script.alternatives.has(name)) return { values: script.alternatives.get(name)! };
  if (script.refs.has(name)) return script.refs.get(name);
  seen.add(unit);
  for (const u of unit.sourced ?? []) {
    if (seen.has(u)) continue;
    const a = assignedAtEnd(u, name, seen);
    if (a) return a;
  }
  return undefined;
}

/**
 * One value for a variable the script sets in branches: when all agree, or when each is empty or starts with a
 * wrapper that execs its target (`[ "$(id -u)" = 0 ] && GOSU="gosu app" || GOSU=""`: either way the target runs).
 */
function pickValue(values: Exclude<VarValue, typeof FROM_ENV>[], isWrapper: (name: string) => boolean): string | null {
  if (values.some((v) => v === null)) return null;
  const set = [...new Set(values as string[])];
  if (set.length === 1) return set[0]!;
  const nonEmpty = set.filter((v) => v.trim() !== "");
  if (nonEmpty.every((v) => isWrapper(basename(v.trim().split(/\s+/)[0]!)))) return nonEmpty[0] ?? "";
  return null;
}

/** What the shell runs for a command's first word. `text` is the word expanded. */
export function classifyWord(w: Word, text: string | undefined, flow: Flow): CommandWord {
  if (text === undefined || /[$`]/.test(text) || text === "") return { kind: "unknown", text: text ?? wordRaw(w) };
  const name = text;
  const fromVariable = w.kind !== "lit" || w.fromVar !== undefined;
  if (!fromVariable && flow.aliases.has(name)) return { kind: "alias", name, unit: flow.aliases.get(name)! };
  const defs = flow.functions.get(name);
  if (defs) return { kind: "function", name, defs };
  if (BUILTINS.has(name)) return { kind: "builtin", name };
  return { kind: "program", name, fromVariable };
}

/** How often a function is named anywhere in the script and the files it sources (calls, `exec name`, traps). */
export function mentions(flow: Flow, name: string): number {
  let n = 0;
  for (const unit of flow.units) {
    for (const c of unit.script.commands) {
      if (c.words.some((w, i) => w.kind === "lit" && w.text === name && (i === 0 || (i === 1 && literalName(c.words[0]!) === "exec")))) n++;
    }
    for (const t of unit.script.traps) if (t.action !== null && t.action.split(/[\s;&|()]+/).includes(name)) n++;
  }
  return n;
}

/** The traps the script sets on its path that run a handler (not `trap '' SIG`, not `trap - SIG`). */
export function activeTraps(flow: Flow): { trap: Trap; step: Step }[] {
  const out: { trap: Trap; step: Step }[] = [];
  for (const step of flow.steps) {
    if (literalName(step.cmd.words[0]!) !== "trap") continue;
    const trap = step.unit.script.traps.find((t) => t.start === step.cmd.start);
    if (trap && trap.action !== "" && trap.action !== "-" && trap.signals.length > 0) out.push({ trap, step });
  }
  return out;
}

/** What a SIGTERM handler does: kill (forward the signal to) the children, or exit. */
const FORWARDS = new Set(["kill", "killall", "pkill"]);

/** A trap on SIGTERM whose handler forwards it to the children (kill) or exits, with the step that sets it. */
export function termHandler(flow: Flow): { trap: Trap; step: Step; does: "forwards" | "exits" } | null {
  for (const t of activeTraps(flow)) {
    if (!t.trap.signals.some((s) => s === "TERM" || s === "15")) continue;
    const does = t.trap.action === null ? null : handlerDoes(flow, t.trap.action, 0);
    if (does) return { ...t, does };
  }
  return null;
}

function handlerDoes(flow: Flow, action: string, depth: number): "forwards" | "exits" | null {
  let exits = false;
  for (const part of action.split(/[;&|\n]+|\bthen\b|\bdo\b/)) {
    const name = part.trim().split(/\s+/)[0] ?? "";
    if (FORWARDS.has(basename(name))) return "forwards";
    exits ||= name === "exit";
    const defs = flow.functions.get(name);
    if (!defs || depth > 4) continue;
    const def = defs[defs.length - 1]!;
    for (const c of def.unit.script.commands) {
      if (c.fn !== def.index) continue;
      const does = handlerDoes(flow, c.words.map((w) => (w.kind === "lit" ? w.text : w.kind === "dynamic" ? w.raw : "$@")).join(" "), depth + 1);
      if (does === "forwards") return does;
      exits ||= does === "exits";
    }
  }
  return exits ? "exits" : null;
}
