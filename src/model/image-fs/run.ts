// RUN: the shell text of each RUN (shell form, exec form, heredocs), parsed with the project's shell parser, and
// its commands read in order (cd, pushd/popd and subshells tracked) into the stage's operations.
import { basename, helperByUrl } from "../../knowledge/index.js";
import { parseExecForm, type Stage } from "../../parse/dockerfile.js";
import type { ShellCommand } from "../../parse/shell.js";
import { lineIndexOf } from "../../source.js";
import type { Span } from "../../types.js";
import { commandOps } from "./commands.js";
import { opFile } from "./ops.js";
import { bodiesOf } from "./stages.js";
import type { DfFlow, FlowStep, RunCmd, StageState } from "./types.js";
import { absPath, expandShellRaw, joined, shortText, wordValue } from "./words.js";

/** The text of a RUN as the shell sees it, with offsets kept equal to the Dockerfile's. */
function runScripts(df: DfFlow, shell: string[], span: Span, argsStart: number): { text: string; base: number; aligned: boolean; continued?: boolean }[] | null {
  const source = df.source;
  let start = argsStart;
  // RUN flags (--mount=…, --network=…, --security=…), also on continuation lines
  const flag = /^(?:[ \t]*(?:\\|`)\r?\n)*[ \t]*--[a-z-]+(?:=\S*)?(?=[ \t\r\n\\`])/;
  for (let m = flag.exec(source.text.slice(start, span.end)); m; m = flag.exec(source.text.slice(start, span.end))) start += m[0].length;
  const lead = /^(?:[ \t]*(?:\\|`)\r?\n)*[ \t]*/.exec(source.text.slice(start, span.end));
  if (lead) start += lead[0].length;
  const raw = source.text.slice(start, span.end);
  const firstNl = raw.search(/\r?\n/);
  const firstLine = firstNl === -1 ? raw : raw.slice(0, firstNl);
  const shellName = basename(shell[0] ?? "/bin/sh");
  if (!/^(sh|bash|ash|dash|zsh|ksh)$/.test(shellName)) return null;
  const exec = parseExecForm(raw);
  if (exec) {
    const name = basename(exec[0] ?? "");
    if (/^(sh|bash|ash|dash)$/.test(name) && /^-[a-z]*c[a-z]*$/.test(exec[1] ?? "")) return [{ text: exec[2] ?? "", base: start, aligned: false }];
    return [{ text: exec.map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(" "), base: start, aligned: false }];
  }
  if (/<<-?\s*["']?[A-Za-z_]/.test(firstLine) && !/\\\s*$/.test(firstLine)) {
    const bodies = bodiesOf(df).get(source.lineStarts[lineIndexOf(source, span.start)] ?? -1);
    const cmdPart = firstLine.replace(/<<-?\s*(["']?)[A-Za-z_][A-Za-z0-9_]*\1/g, "").trim();
    // `RUN <<EOF` and `RUN bash <<EOF`: the body is the script
    if (bodies && (cmdPart === "" || /^(\/(usr\/)?bin\/)?(sh|bash|ash|dash)(\s+-[a-z]+)*$/.test(cmdPart))) {
      return [...bodies.values()].map((b) => ({ text: b.text, base: b.start, aligned: true }));
    }
    // `RUN cat > /x <<EOF …`: the command line and its heredocs are one script
    return [{ text: raw, base: start, aligned: true }];
  }
  return [{ text: raw, base: start, aligned: true, continued: true }];
}

/** Docker drops comment and empty lines inside a continued instruction; blank them (offsets kept) so the shell parses what Docker runs. */
function blankContinuedComments(text: string, escape: string): string {
  const lines = text.split(/(?<=\n)/);
  let continued = false;
  const out: string[] = [];
  for (const line of lines) {
    const bare = line.replace(/\r?\n$/, "");
    if (continued && (/^\s*#/.test(bare) || bare.trim() === "")) {
      out.push(" ".repeat(line.length));
      continue;
    }
    let l = line;
    if (escape !== "\\" && bare.endsWith(escape)) l = bare.slice(0, -1) + " " + line.slice(bare.length).replace(/\r?\n/, (m) => " ".repeat(m.length));
    out.push(l);
    continued = bare.endsWith(escape);
  }
  return out.join("");
}

/** Builds whose outputs the model does not read (make, cmake, a build script…): what they make in a toolchain stage is a program of that language. */
const OPAQUE_BUILD = /^(make|gmake|cmake|ninja|meson|bazel|bazelisk|just|task|mage|goreleaser|scons|xmake|nimble|swift|stack|cabal|ghc|crystal|shards|build(\.sh)?|.*-build(\.sh)?)$/;

/** A RUN's script (or a heredoc body of it) and its commands. */
export interface RunPiece {
  text: string;
  base: number;
  /** the text is the Dockerfile's own at `base` (offsets line up) */
  aligned: boolean;
  cmds: ShellCommand[];
}

/** Commands that put files in place (or build): a RUN without any (apt-get, pip, npm…) is not parsed. */
const RELEVANT_CMD =
  /(?:^|[;&|(`\n]|\b(?:then|do|else)\b)\s*(?:(?:[A-Za-z_][A-Za-z0-9_]*=\S*|sudo|env|exec|command|time|nohup)\s+)*(?:[\w.-]*\/)*(?:cp|mv|install|ln|wget|curl|tar|bsdtar|unzip|git|go|cargo|nim|nimble|dotnet|gcc|g\+\+|cc|c\+\+|clang|clang\+\+|musl-gcc|tcc|zig|tee|touch|make|gmake|cmake|ninja|meson|bazel|bazelisk|just|task|mage|goreleaser|scons|xmake|swift|stack|cabal|ghc|crystal|shards|[\w.-]*build[\w.-]*)(?=\s|$|;)/;

function relevantRun(text: string): boolean {
  if (text.includes("wait-for-it") || /(?:^|[^<&\d])>>?\s*(?!&|\/dev\/)[^\s&|;]/.test(text)) return true;
  return RELEVANT_CMD.test(text.includes("\\") ? text.replace(/\\\r?\n/g, "  ") : text);
}

/**
 * The RUN scripts of a stage, parsed with the project's shell parser: the RUNs that may put files in place are
 * parsed together as one text laid over the Dockerfile's offsets (one parse a stage), each command then
 * belonging to its RUN. A RUN that does not parse cleanly that way is parsed on its own.
 */
export async function parseRuns(df: DfFlow, stage: Stage): Promise<Map<number, RunPiece[]>> {
  const source = df.source;
  const out = new Map<number, RunPiece[]>();
  let shell = stage.base?.shell ?? ["/bin/sh", "-c"];
  const pieces: { instr: number; piece: RunPiece }[] = [];
  for (const instr of stage.instructions) {
    if (instr.keyword !== "RUN" && instr.keyword !== "SHELL") continue;
    const kw = /^\s*[A-Za-z]+\s*/.exec(source.text.slice(instr.span.start, instr.span.end));
    const argsStart = instr.span.start + (kw ? kw[0].length : 0);
    if (instr.keyword === "SHELL") {
      const argv = parseExecForm(joined(source.text.slice(argsStart, instr.span.end), df.escape));
      if (argv) shell = argv;
      continue;
    }
    const scripts = runScripts(df, shell, instr.span, argsStart);
    const list: RunPiece[] = [];
    out.set(instr.span.start, list);
    for (const sc of scripts ?? []) {
      if (!relevantRun(sc.text)) continue;
      // a continued RUN: comment lines inside it are dropped by Docker, blanked here
      const piece: RunPiece = { text: sc.continued ? blankContinuedComments(sc.text, df.escape) : sc.text, base: sc.base, aligned: sc.aligned, cmds: [] };
      list.push(piece);
      pieces.push({ instr: instr.span.start, piece });
    }
  }
  const aligned = pieces.filter((p) => p.piece.aligned).sort((a, b) => a.piece.base - b.piece.base);
  let together = aligned.length > 1;
  for (let i = 1; together && i < aligned.length; i++) if (aligned[i]!.piece.base < aligned[i - 1]!.piece.base + aligned[i - 1]!.piece.text.length) together = false;
  if (together) {
    let text = "";
    let pos = 0;
    for (const { piece } of aligned) {
      text += source.text.slice(pos, piece.base).replace(/[^\n]/g, " ") + piece.text;
      pos = piece.base + piece.text.length;
    }
    const script = await df.parse(text, 0);
    if (script.errors.length === 0) {
      let k = 0;
      for (const c of script.commands) {
        while (k < aligned.length - 1 && c.start >= aligned[k]!.piece.base + aligned[k]!.piece.text.length) k++;
        const p = aligned[k]!.piece;
        if (c.start >= p.base && c.start < p.base + p.text.length) p.cmds.push(c);
      }
      for (const { piece } of pieces) if (!piece.aligned) piece.cmds = [...(await df.parse(piece.text, piece.base)).commands];
      return out;
    }
  }
  for (const { piece } of pieces) piece.cmds = [...(await df.parse(piece.text, piece.base)).commands];
  return out;
}

export function runOps(st: StageState, pieces: RunPiece[]): void {
  const source = st.df.source;
  const stepFor = (c: ShellCommand, sliceEnd?: number): FlowStep => ({
    keyword: "RUN",
    line: lineIndexOf(source, c.start) + 1,
    span: { file: source.path, start: c.start, end: c.end },
    text: shortText(`RUN ${source.text.slice(c.start, sliceEnd ?? c.end)}`),
    stage: st.label,
    dockerfile: st.df.dfName,
  });
  for (const { text, base, cmds } of pieces) {
    let cwd = st.workdir;
    let subCwd: string | null = null;
    let inSub = false;
    const dirStack: (string | null)[] = [];
    for (let i = 0; i < cmds.length; i++) {
      const c = cmds[i]!;
      if (c.subshell && !inSub) {
        subCwd = cwd;
        inSub = true;
      } else if (!c.subshell && inSub) {
        inSub = false;
        subCwd = null;
      }
      const here = inSub ? subCwd : cwd;
      const setCwd = (v: string | null): void => {
        if (inSub) subCwd = v;
        else cwd = v;
      };
      // what follows the command on its line, up to the next command (its redirections, a `| next`)
      const from = c.end - base;
      const nl = text.indexOf("\n", from);
      const next = cmds[i + 1] ? cmds[i + 1]!.start - base : text.length;
      const lineEnd = Math.max(from, Math.min(nl === -1 ? text.length : nl, next));
      const cmdText = source.text.slice(c.start, c.end);
      let words = c.words.map((w) => wordValue(w, st.vars));
      words = unwrapPrefix(words);
      const name = words[0] ? basename(words[0]) : null;
      const tail = text.slice(c.end - base, lineEnd);
      const cmd: RunCmd = { c, words, cwd: here, step: stepFor(c), tail };
      if (name === "cd" || name === "pushd") {
        if (name === "pushd") dirStack.push(here);
        const d = words[1];
        setCwd(words.length === 1 ? (st.vars.get("HOME") ?? "/root") : d === null || d === undefined || d === "-" ? null : absPath(d, here, st.vars));
        continue;
      }
      if (name === "popd") {
        setCwd(dirStack.length ? dirStack.pop()! : null);
        continue;
      }
      if (name && (OPAQUE_BUILD.test(name) || (words[0] !== null && /^\.{0,2}\/.*build/.test(words[0]!)))) st.buildSteps.push(cmd.step);
      const prev = i > 0 ? cmds[i - 1]! : null;
      const piped = prev !== null && /^\s*\|(?!\|)/.test(source.text.slice(prev.end, c.start).replace(/\\\r?\n/g, " "));
      commandOps(st, cmd, name, piped ? prev : null);
      redirectOps(st, cmd, name, cmdText);
    }
  }
}

/** `sudo`, `env X=1`, `exec`, `command`, `nohup`, `time` run the command that follows them. */
function unwrapPrefix(words: (string | null)[]): (string | null)[] {
  let w = words;
  for (let n = 0; n < 4 && w.length > 1; n++) {
    const a = w[0];
    if (a === "sudo" || a === "exec" || a === "command" || a === "nohup" || a === "time") {
      let i = 1;
      while (i < w.length && w[i]?.startsWith("-")) i++;
      w = w.slice(i);
    } else if (a === "env") {
      let i = 1;
      while (i < w.length && (w[i] === null || /^-|^[A-Za-z_][A-Za-z0-9_]*=/.test(w[i]!))) i++;
      w = w.slice(i);
    } else break;
  }
  return w;
}

/** Redirections of the command (`> file`, `>> file`): a file the RUN writes. */
function redirectOps(st: StageState, r: RunCmd, name: string | null, cmdText: string): void {
  // the command's own text may hold its redirections; what follows it on its line may too
  const text = cmdText + r.tail.split(/[;&|]/)[0];
  const re = /(?:^|[\s)])(?:&|\d)?>>?\|?[ \t]*(["']?)([^\s;&|<>()"'`]+)\1/g;
  const targets: string[] = [];
  for (const m of text.matchAll(re)) {
    const t = m[2]!;
    if (t.startsWith("&") || t.startsWith("/dev/")) continue;
    const v = expandShellRaw(t, st.vars);
    const p = v === null ? null : absPath(v, r.cwd, st.vars);
    if (p) targets.push(p);
  }
  if (targets.length === 0) return;
  const source = st.df.source;
  const step: FlowStep = { ...r.step, text: shortText(`RUN ${text}`) };
  // `cat > /x <<EOF`: the heredoc is the file's content
  const hd = name === "cat" ? /<<(-?)\s*(["']?)([A-Za-z_][A-Za-z0-9_]*)\2/.exec(source.text.slice(r.c.start, r.c.end + r.tail.length)) : null;
  let body: { text: string; start: number; expanded: boolean } | null = null;
  if (hd) {
    const from = source.text.indexOf("\n", r.c.start + hd.index) + 1;
    if (from > 0) {
      const lines = source.text.slice(from).split(/(?<=\n)/);
      let len = 0;
      for (const l of lines) {
        const bare = l.replace(/\r?\n$/, "");
        if ((hd[1] ? bare.replace(/^\t+/, "") : bare) === hd[3]) {
          body = { text: source.text.slice(from, from + len), start: from, expanded: hd[2] === "" };
          break;
        }
        len += l.length;
      }
    }
  }
  const isDownload = (name === "curl" || name === "wget") && r.words.some((w) => w !== null && /^(https?|ftp):\/\//i.test(w));
  const url = isDownload ? r.words.find((w): w is string => w !== null && /^(https?|ftp):\/\//i.test(w))! : null;
  for (const p of targets) {
    opFile(st, step, p, (steps) => {
      if (url) return { kind: "download", url, helper: helperByUrl(url), how: "file", steps };
      if (body) return { kind: "heredoc", text: body.text, start: body.start, file: source.path, expanded: body.expanded, steps };
      return { kind: "generated", why: `a file written by \`${step.text.slice(4)}\` (RUN at ${st.df.dfName}:${step.line}), whose content is not in the build context`, steps };
    });
  }
}
