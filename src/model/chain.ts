// Following a container's command to the program that ends as PID 1:
// ENTRYPOINT/CMD (or compose overrides) → `sh -c` strings → scripts COPYed into the image → each `exec` → …
import { basename, isBusyboxImage, type KnowledgeBase } from "../knowledge/index.js";
import type { Stage } from "../parse/dockerfile.js";
import { joinPosix } from "../parse/dockerfile.js";
import { parseScript, wordText, type ScriptModel, type ShellCommand, type Word } from "../parse/shell.js";
import type { FileStore } from "../files.js";
import { lineIndexOf } from "../source.js";
import type { SourceFile, Span } from "../types.js";
import type { Hop, ParseProblem, Pid1Chain, ShellStays } from "./types.js";
import { locateInStage, type Located } from "./image-fs.js";

/** An argument on its way to PID 1: its text, and where it was written. */
export interface Arg {
  text: string;
  span: Span | null;
  /** the word is `"$@"` not yet expanded */
  allArgs?: boolean;
}

export interface ChainInput {
  argv: Arg[];
  hops: Hop[];
  /** argv came from a shell-form instruction (`/bin/sh -c "…"`) */
  shellForm: boolean;
  /** where an inline `-c` string lives, for shellStays origin */
  origin: "compose" | "dockerfile";
}

export interface ImageContext {
  stage: Stage | null;
  /** absolute build context directory */
  contextDir: string | null;
  /** image the container runs on (compose `image`, or the stage's base image) */
  imageRef: string | null;
  env: Map<string, string>;
}

export class ChainResolver {
  private scriptCache = new Map<string, Promise<{ source: SourceFile; script: ScriptModel } | { error: string }>>();

  constructor(
    private kb: KnowledgeBase,
    private files: FileStore,
    private problems: ParseProblem[],
  ) {}

  async resolve(input: ChainInput, img: ImageContext): Promise<Pid1Chain> {
    const chain: Pid1Chain = {
      hops: [...input.hops],
      argv: null,
      program: null,
      verdict: "unknown",
      how: "",
      initInChain: null,
      orphanRisks: [],
      finalExec: null,
      shellStays: null,
      shellForm: input.shellForm,
    };
    const state: FollowState = { chain, img, depth: 0, visited: new Set(), origin: input.origin };
    await this.follow(input.argv, state);
    chain.how = describe(chain);
    return chain;
  }

  private busybox(img: ImageContext): boolean {
    return img.imageRef !== null && isBusyboxImage(this.kb, img.imageRef);
  }

  private async follow(argv: Arg[], st: FollowState): Promise<void> {
    const { chain } = st;
    if (++st.depth > 24) {
      unknown(chain, "the chain is too long (more than 24 hops)");
      return;
    }
    argv = argv.filter((a) => !(a.allArgs && a.text === ""));
    if (argv.length === 0) {
      unknown(chain, "no command");
      return;
    }
    const a0 = argv[0]!;
    if (a0.allArgs) {
      unknown(chain, "the command comes from arguments that are not known here");
      return;
    }
    if (/[$`]/.test(a0.text)) {
      unknown(chain, `the command \`${a0.text}\` is a variable that is not known here`);
      return;
    }
    const name = basename(a0.text);
    const args = argv.slice(1);

    // inits
    if (this.kb.isInit(a0.text)) {
      const entry = this.kb.program(a0.text);
      chain.initInChain = { value: name === "init" ? "/init" : name, span: a0.span ?? lastHopSpan(chain) };
      setProgram(chain, argv, entry.verdict === "s6" ? "s6" : "init", entry);
      return;
    }
    // shells
    if (/^(sh|bash|dash|ash|zsh|ksh|busybox)$/.test(name)) {
      let rest = args;
      if (name === "busybox" && rest[0] && /^(sh|ash)$/.test(rest[0].text)) rest = rest.slice(1);
      let i = 0;
      let cString: Arg | null = null;
      while (i < rest.length && rest[i]!.text.startsWith("-") && !rest[i]!.allArgs) {
        const opt = rest[i]!.text;
        i++;
        if (/^-[a-zA-Z]*c[a-zA-Z]*$/.test(opt)) {
          cString = rest[i] ?? null;
          i++;
          break;
        }
        if (opt === "-o" || opt === "+o") i++;
      }
      if (cString) {
        chain.hops.push({ span: cString.span ?? lastHopSpan(chain), text: `${name} -c` });
        const self = rest[i] ?? null;
        await this.followInline(cString, rest.slice(i + 1), self, st);
        return;
      }
      const scriptArg = rest[i];
      if (scriptArg && !scriptArg.allArgs) {
        await this.followScriptPath(scriptArg, rest.slice(i + 1), st);
        return;
      }
      setProgram(chain, argv, "shell", this.kb.program(name));
      return;
    }
    // wrappers that exec their target
    const wrapped = unwrap(name, args);
    if (wrapped) {
      chain.hops.push({ span: a0.span ?? lastHopSpan(chain), text: name });
      await this.follow(wrapped, st);
      return;
    }
    // busybox timeout execs the command in its own process and orphans a watchdog
    if (name === "timeout") {
      const rest = dropOptions(args, new Set(["-s", "-k", "--signal", "--kill-after"]));
      if (this.busybox(st.img) && rest.length > 1) {
        chain.orphanRisks.push({ kind: "busybox-timeout", at: a0.span ?? lastHopSpan(chain), text: "timeout (busybox) orphans its watchdog" });
        await this.follow(rest.slice(1), st);
        return;
      }
    }
    // scripts and programs by path
    const resolved = await this.locateInImage(a0.text, st.img);
    if (resolved.kind === "file") {
      await this.followScriptFile(resolved.path, a0, args, st);
      return;
    }
    if (resolved.kind === "not-local") {
      if (/\.(sh|bash)$/.test(name)) {
        unknown(chain, `${a0.text} comes from ${resolved.why}: its content is not in the build context`);
        return;
      }
      // a binary built in another stage: an application
    }
    if (resolved.kind === "outside") {
      unknown(chain, `${a0.text} is copied from ${resolved.why}: not read`);
      return;
    }
    // helpers such as wait-for-it that are not in the build context: `… -- cmd args`
    if (/^(wait-for(-it)?(\.sh)?|await(\.sh)?|wait_for(_it)?(\.sh)?|dockerize)$/.test(name)) {
      const dd = args.findIndex((a) => a.text === "--");
      if (dd !== -1) {
        chain.orphanRisks.push({ kind: "wait-helper", at: a0.span ?? lastHopSpan(chain), text: `${name} (a wait helper)` });
        chain.hops.push({ span: a0.span ?? lastHopSpan(chain), text: `${name} … --` });
        await this.follow(args.slice(dd + 1), st);
        return;
      }
    }
    // entrypoint scripts of official images end in exec "$@"
    if (name === "docker-entrypoint.sh" && st.img.imageRef && this.kb.image(st.img.imageRef)?.passesToCommand) {
      chain.hops.push({ span: a0.span ?? lastHopSpan(chain), text: `${name} (image)` });
      await this.follow(args, st);
      return;
    }
    if (/\.(sh|bash)$/.test(name)) {
      unknown(chain, `the script ${a0.text} is not in the build context`);
      return;
    }
    if (name === "su" || name === "runuser" || name === "sudo") {
      setProgram(chain, argv, "non-reaper", this.kb.program(name));
      return;
    }
    if (name === "timeout") {
      setProgram(chain, argv, "non-reaper", { name: "timeout", verdict: "non-reaper", note: "GNU timeout waits only for its own child", source: "measured: PID 1 lab (test/lab)" });
      return;
    }
    const entry = this.kb.program(a0.text);
    setProgram(chain, argv, entry.verdict, entry);
  }

  private async followInline(cString: Arg, args: Arg[], self: Arg | null, st: FollowState): Promise<void> {
    const text = cString.text;
    // offsets inside the string map back to the file only when the span covers the literal text
    const src = cString.span ? this.files.get(cString.span.file) : undefined;
    let base = -1;
    if (src && cString.span) {
      const raw = src.text.slice(cString.span.start, cString.span.end);
      const k = raw.indexOf(text);
      if (k !== -1) base = cString.span.start + k;
    }
    const script = await parseScript(text, Math.max(0, base));
    const file = cString.span?.file ?? "";
    await this.followScript({ file, script, exact: base >= 0, display: null, fallback: cString.span }, args, self?.text ?? "sh", st, "inline");
  }

  private async followScriptPath(scriptArg: Arg, args: Arg[], st: FollowState): Promise<void> {
    const resolved = await this.locateInImage(scriptArg.text, st.img, true);
    if (resolved.kind === "file") {
      await this.followScriptFile(resolved.path, scriptArg, args, st);
      return;
    }
    unknown(st.chain, `the script ${scriptArg.text} is not in the build context`);
  }

  private async followScriptFile(absPath: string, a0: Arg, args: Arg[], st: FollowState): Promise<void> {
    const key = `${absPath}\0${args.map((a) => a.text).join("\0")}`;
    if (st.visited.has(key)) {
      unknown(st.chain, `${basename(a0.text)} runs itself again in a loop`);
      return;
    }
    st.visited.add(key);
    const loaded = await this.loadScript(absPath);
    if ("error" in loaded) {
      unknown(st.chain, `${basename(a0.text)}: ${loaded.error}`);
      return;
    }
    await this.followScript({ file: absPath, script: loaded.script, exact: true, display: loaded.source.rel, fallback: null }, args, a0.text, st, "script");
  }

  async loadScript(absPath: string): Promise<{ source: SourceFile; script: ScriptModel } | { error: string }> {
    let p = this.scriptCache.get(absPath);
    if (!p) {
      p = (async () => {
        const r = this.files.read(absPath, "script");
        if (!r.ok) {
          if (r.rule === "parse-error" || r.message !== "no such file") {
            this.problems.push({ file: absPath, rule: r.rule, message: r.message, span: { file: absPath, start: 0, end: 0 } });
          }
          return { error: r.message };
        }
        const script = await parseScript(r.file.text);
        for (const e of script.errors.slice(0, 1)) {
          this.problems.push({ file: absPath, rule: "parse-error", message: `shell: ${e.message}`, span: { file: absPath, start: e.start, end: e.end } });
        }
        return { source: r.file, script };
      })();
      this.scriptCache.set(absPath, p);
    }
    return p;
  }

  private async followScript(
    s: { file: string; script: ScriptModel; exact: boolean; display: string | null; fallback: Span | null },
    args: Arg[],
    self: string,
    st: FollowState,
    kind: "script" | "inline",
  ): Promise<void> {
    const { chain } = st;
    const { script } = s;
    const spanOf = (c: { start: number; end: number }): Span =>
      s.exact ? { file: s.file, start: c.start, end: c.end } : (s.fallback ?? lastHopSpan(chain));
    const vars = new Map([...st.img.env, ...script.vars]);
    // "$@" as the script sees it where it execs: after its unconditional shifts, and past a `--` it handles
    let scriptArgs = args;
    const shifts = script.commands.filter((c) => c.topLevel && c.words[0]?.kind === "lit" && c.words[0].text === "shift");
    for (const sh of shifts) {
      const n = sh.words[1]?.kind === "lit" ? Number(sh.words[1].text) : 1;
      scriptArgs = scriptArgs.slice(Number.isFinite(n) ? n : 1);
    }
    const dd = scriptArgs.findIndex((a) => a.text === "--");
    if (dd !== -1 && script.handlesDoubleDash) scriptArgs = scriptArgs.slice(dd + 1);
    const expand = (words: Word[]): Arg[] => {
      const out: Arg[] = [];
      for (const w of words) {
        if (w.kind === "all-args") out.push(...scriptArgs);
        else if (w.kind === "self") out.push({ text: self, span: spanOf(w) });
        else if (w.kind === "lit") out.push({ text: w.text, span: spanOf(w) });
        else {
          const v = /^"?\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?"?$/.exec(w.raw);
          if (v && vars.has(v[1]!)) out.push({ text: vars.get(v[1]!)!, span: spanOf(w) });
          else out.push({ text: w.raw, span: spanOf(w) });
        }
      }
      return out;
    };
    // orphan risks on the way
    for (const c of script.commands) {
      const n = c.words[0]?.kind === "lit" ? c.words[0].text : "";
      const cname = n === "exec" ? "" : basename(n);
      const timeoutHere = cname === "timeout" || c.words.some((w, i) => i > 0 && w.kind === "lit" && w.text === "timeout" && c.words[0]?.kind === "lit" && /^(exec|env|nice)$/.test(c.words[0].text));
      if (timeoutHere && this.busybox(st.img) && n !== "exec") {
        chain.orphanRisks.push({ kind: "busybox-timeout", at: spanOf(c), text: "timeout (busybox) orphans its watchdog" });
      }
      if (/^(wait-for(-it)?(\.sh)?|wait_for(_it)?(\.sh)?|await(\.sh)?|dockerize)$/.test(cname) && n !== "exec") {
        chain.orphanRisks.push({ kind: "wait-helper", at: spanOf(c), text: `${cname} (a wait helper)` });
      }
    }
    for (const job of script.backgroundJobs) {
      if (/^exec\s/.test(job.text)) continue;
      chain.orphanRisks.push({ kind: "background-job", at: spanOf(job), text: `\`${job.text} &\` in the background` });
    }
    // the exec that replaces the shell
    const execs = script.commands.filter(
      (c) => c.words[0]?.kind === "lit" && c.words[0].text === "exec" && c.words.length > 1 && !c.subshell && !c.background,
    );
    const isSelf = (c: ShellCommand): boolean => c.words.slice(1).some((w, i) => w.kind === "self" && i < 3);
    const pick = (list: ShellCommand[]): ShellCommand | undefined => {
      const top = list.filter((c) => c.topLevel || (c.inList && !c.conditional && c.inFunction === null));
      return top[top.length - 1] ?? list[list.length - 1];
    };
    let chosen = pick(execs);
    const selfExec = execs.find(isSelf);
    if (chosen && selfExec && !isSelf(chosen)) {
      // `exec gosu user "$0" "$@"` runs the script again (as another user), which then takes the final exec
      chain.hops.push({ span: spanOf(selfExec), text: `${hopPrefix(s, selfExec, this.files)}${commandText(selfExec)} (runs itself again)` });
    }
    if (chosen && isSelf(chosen)) {
      const other = pick(execs.filter((c) => !isSelf(c)));
      chain.hops.push({ span: spanOf(chosen), text: `${hopPrefix(s, chosen, this.files)}${commandText(chosen)} (runs itself again)` });
      chosen = other;
    }
    if (chosen) {
      chain.hops.push({ span: spanOf(chosen), text: `${hopPrefix(s, chosen, this.files)}${commandText(chosen)}` });
      chain.finalExec = spanOf(chosen);
      await this.follow(expand(chosen.words.slice(1)), st);
      return;
    }
    // no exec: the last command runs as a child of the shell, which stays PID 1
    const last = script.commands.filter((c) => c.last).pop();
    const waits = script.commands.some((c) => c.words[0]?.kind === "lit" && c.words[0].text === "wait" && !c.subshell && c.inFunction === null);
    if (!last) {
      if (waits) {
        // a supervisor loop (`cmd & … while …; do wait; done`): the shell stays PID 1 and reaps while it waits
        setProgram(chain, [{ text: "sh", span: null }], "shell", { name: "sh", verdict: "shell", note: "a shell that waits reaps while it waits", source: "measured: PID 1 lab (test/lab)" });
        return;
      }
      unknown(chain, "the script runs no command that can be followed");
      return;
    }
    const argv = expand(last.words);
    const lname = argv[0] ? basename(argv[0].text) : "";
    const longRunning = !SHORT_COMMANDS.has(lname) && argv.length > 0;
    const single = kind === "inline" && script.commands.length === 1 && !last.redirected;
    if (kind === "inline" && (single || last.subshell)) {
      // bash and busybox sh exec a lone command given with -c: follow it as PID 1
      await this.follow(argv, st);
      return;
    }
    if (longRunning && !last.background && !last.subshell) {
      const stays: ShellStays = {
        at: spanOf(last),
        command: argv.map((a) => a.text).join(" "),
        origin: kind === "script" ? "script" : st.origin,
      };
      if (s.exact && last.assignments.length === 0) stays.execInsert = { file: s.file, offset: last.start, text: "exec " };
      else if (s.exact) stays.execInsert = { file: s.file, offset: last.words[0]!.start, text: "exec " };
      chain.shellStays = stays;
      chain.hops.push({ span: spanOf(last), text: `${hopPrefix(s, last, this.files)}${commandText(last)} (no exec)` });
      if (kind === "inline") {
        // the program underneath decides once `exec` is added; the shell is PID 1 meanwhile
        await this.follow(argv, st);
        chain.verdict = chain.verdict === "non-reaper" ? "shell" : chain.verdict;
        return;
      }
      setProgram(chain, [{ text: "sh", span: null }], "shell", { name: "sh", verdict: "shell", source: "measured: PID 1 lab (test/lab)" });
      chain.program = `sh (running ${lname})`;
      return;
    }
    if (lname === "wait") {
      setProgram(chain, [{ text: "sh", span: null }], "shell", { name: "sh", verdict: "shell", note: "a shell that waits reaps while it waits", source: "measured: PID 1 lab (test/lab)" });
      return;
    }
    if (waits) {
      // a supervisor: the shell stays PID 1 and waits for its jobs (and reaps while it waits)
      setProgram(chain, [{ text: "sh", span: null }], "shell", { name: "sh", verdict: "shell", note: "a shell that waits reaps while it waits", source: "measured: PID 1 lab (test/lab)" });
      return;
    }
    unknown(chain, `the script ends with \`${commandText(last)}\`, which does not keep the container running`);
  }

  /**
   * Where an in-image path comes from (image-fs.ts): a build-context file (read), another stage, an outside image,
   * a download or package (a well-known helper), a program built in the image, a file a RUN wrote, or nothing known.
   */
  async locateInImage(cmd: string, img: ImageContext, relativeToWorkdir = false): Promise<Located> {
    const stage = img.stage;
    if (!stage || !img.contextDir) return { kind: "none" };
    const candidates: string[] = [];
    if (cmd.startsWith("/")) candidates.push(joinPosix("/", cmd));
    else if (cmd.includes("/") || relativeToWorkdir) candidates.push(joinPosix(stage.workdir, cmd));
    else {
      const pathDirs = (img.env.get("PATH") ?? "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin").split(":");
      for (const d of pathDirs) if (d.startsWith("/")) candidates.push(joinPosix(d, cmd));
    }
    return locateInStage(this.files, stage, img.contextDir, candidates);
  }
}

const SHORT_COMMANDS = new Set([
  "echo", "printf", "true", "false", "exit", "return", "set", "export", "cd", ":", "test", "[", "shift", "unset", "source", ".",
  "chmod", "chown", "mkdir", "rm", "cp", "mv", "ln", "touch", "sed", "cat", "ls", "umask", "ulimit", "wait", "trap", "envsubst",
]);

interface FollowState {
  chain: Pid1Chain;
  img: ImageContext;
  depth: number;
  visited: Set<string>;
  origin: "compose" | "dockerfile";
}

function lastHopSpan(chain: Pid1Chain): Span {
  return chain.hops[chain.hops.length - 1]?.span ?? { file: "", start: 0, end: 0 };
}

function unknown(chain: Pid1Chain, why: string): void {
  chain.verdict = "unknown";
  chain.unknownWhy = why;
  chain.program = null;
  chain.argv = null;
}

function setProgram(chain: Pid1Chain, argv: Arg[], verdict: Pid1Chain["verdict"], entry: Pid1Chain["knowledge"]): void {
  chain.argv = argv.map((a) => a.text);
  chain.program = basename(argv[0]!.text);
  chain.verdict = verdict;
  chain.knowledge = entry;
}

function commandText(c: ShellCommand): string {
  const t = c.words.map(wordText).join(" ");
  return t.length > 60 ? t.slice(0, 57) + "…" : t;
}

function hopPrefix(s: { file: string; exact: boolean; display: string | null }, c: ShellCommand, files: FileStore): string {
  if (!s.exact || !s.display) return "";
  const f = files.get(s.file);
  if (!f) return "";
  return `${basename(s.display)}:${lineIndexOf(f, c.start) + 1} `;
}

/** Wrappers that exec their target (the target becomes PID 1): returns the target argv. */
function unwrap(name: string, args: Arg[]): Arg[] | null {
  switch (name) {
    case "gosu":
    case "su-exec":
    case "s6-setuidgid":
      return args.length > 1 ? args.slice(1) : null;
    case "setpriv":
    case "nice":
    case "ionice":
    case "chrt":
    case "taskset":
    case "stdbuf":
    case "numactl": {
      const withValue = new Set(["-n", "-c", "--reuid", "--regid", "--groups", "--inh-caps", "--bounding-set", "--securebits", "--pdeathsig", "-i", "-o", "-e", "--adjustment"]);
      const rest = dropOptions(args, withValue);
      if (name === "taskset" && rest.length > 1) return rest.slice(1);
      return rest.length > 0 ? rest : null;
    }
    case "chpst": {
      const withValue = new Set(["-u", "-U", "-b", "-e", "-/", "-n", "-l", "-L", "-m", "-d", "-o", "-p", "-f", "-c"]);
      const rest = dropOptions(args, withValue);
      return rest.length > 0 ? rest : null;
    }
    case "env": {
      let i = 0;
      while (i < args.length) {
        const t = args[i]!.text;
        if (t === "-i" || t === "-" || t === "--ignore-environment") i++;
        else if (t === "-u" || t === "--unset" || t === "-C" || t === "--chdir") i += 2;
        else if (/^-/.test(t)) i++;
        else if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(t)) i++;
        else break;
      }
      return i < args.length ? args.slice(i) : null;
    }
    case "exec":
      return args.length > 0 ? args : null;
    default:
      return null;
  }
}

function dropOptions(args: Arg[], withValue: Set<string>): Arg[] {
  let i = 0;
  while (i < args.length && args[i]!.text.startsWith("-") && !args[i]!.allArgs) {
    const t = args[i]!.text;
    if (t === "--") {
      i++;
      break;
    }
    i++;
    if (withValue.has(t)) i++;
  }
  return args.slice(i);
}

/** "node (CMD in Dockerfile:7)", or "api (via ENTRYPOINT in Dockerfile:9 → entrypoint.sh:3 exec wait-for.sh … → wait-for.sh:7 exec "$@")". */
function describe(chain: Pid1Chain): string {
  const hops = chain.hops.map((h) => h.text);
  const end = chain.verdict === "unknown" ? "an unknown program" : (chain.program ?? "an unknown program");
  if (hops.length === 0) return end;
  if (hops.length === 1) return `${end} (${hops[0]})`;
  return `${end} (via ${hops.join(" → ")})`;
}

/** The chain as hops ending in the program: `start.sh:7 exec await.sh → await.sh:8 exec "$@" → tracker`. */
export function chainText(chain: Pid1Chain): string {
  return [...chain.hops.map((h) => h.text), chain.program ?? "?"].join(" → ");
}

