// Following a container's command to the program that ends as PID 1:
// ENTRYPOINT/CMD (or compose overrides) → `sh -c` strings → scripts COPYed into the image → each `exec` → …
import {
  basename,
  daemonises,
  endsAtOnce,
  helperCommandIndex,
  isBusyboxImage,
  pythonModule,
  shellExecsLast,
  SHELL_C,
  wrapperCommandIndex,
  type HelperEntry,
  type KnowledgeBase,
  type ResolvedWrapper,
  type ShellCBehaviour,
  type WrapperWord,
} from "../knowledge/index.js";
import type { Stage } from "../parse/dockerfile.js";
import { joinPosix } from "../parse/dockerfile.js";
import { parseScript, parseScriptOf, wordText, type ScriptModel, type ShellCommand, type Word } from "../parse/shell.js";
import type { FileStore } from "../files.js";
import { lineIndexOf } from "../source.js";
import type { SourceFile, Span } from "../types.js";
import {
  buildFlow,
  classifyWord,
  expandWords,
  isPureBuiltin,
  literalName,
  mentions,
  activeTraps,
  spanIn,
  termHandler,
  type Arg,
  type CommandWord,
  type Flow,
  type FlowOptions,
  type Loaded,
  type ScriptUnit,
  type ShippedFile,
  type Step,
} from "./script-flow.js";
import type { Hop, ParseProblem, Pid1Chain, ShellStays } from "./types.js";
import { isShellInterpreter, pythonExec, rubyLoads, shebang } from "./launcher.js";
import { throughMount, type BindMount } from "./mounts.js";
import { locateInStage, type Located } from "./image-fs.js";

export type { Arg } from "./script-flow.js";

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
  /** files and folders the container gets through bind mounts (compose `volumes:`), which hide the image's own */
  mounts?: readonly BindMount[];
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
    argv = argv.filter((a) => !(a.allArgs && a.text === ""));
    const why = ++st.depth > 24 ? "the chain is too long (more than 24 hops)" : notACommand(argv);
    if (why) {
      unknown(st.chain, why);
      return;
    }
    if (await this.followByName(argv, st)) return;
    if (await this.followPythonLauncher(argv, st)) return;
    if (await this.followPythonModule(argv, st)) return;
    const resolved = await this.locateInImage(argv[0]!.text, st.img);
    if (await this.followLocated(resolved, argv, st)) return;
    await this.followNamed(basename(argv[0]!.text), argv, st);
  }

  /** Programs known by their name before any file is looked up: inits, shells, wrappers that exec their command. */
  private async followByName(argv: Arg[], st: FollowState): Promise<boolean> {
    const { chain } = st;
    const a0 = argv[0]!;
    const name = basename(a0.text);
    if (this.kb.isInit(a0.text)) {
      const entry = this.kb.program(a0.text);
      chain.initInChain = { value: name === "init" ? "/init" : name, span: a0.span ?? lastHopSpan(chain) };
      setProgram(chain, argv, entry.verdict === "s6" ? "s6" : "init", entry);
      return true;
    }
    if (/^(sh|bash|dash|ash|zsh|ksh|busybox)$/.test(name)) {
      await this.followShell(name, argv, st);
      return true;
    }
    return this.followExecWrapper(argv, st);
  }

  /** The wrapper a command names, with busybox's facts where the image's userland is busybox and they differ. */
  private wrapperOn(argv0: string, img: ImageContext): ResolvedWrapper | null {
    const w = this.kb.wrapper(argv0);
    return w?.busybox && this.busybox(img) ? this.kb.wrapper(argv0, { busybox: true }) : w;
  }

  /**
   * A wrapper that execs its command (gosu, setpriv, env, nice …; knowledge/wrappers.ts): the command takes its PID.
   * busybox timeout execs too, and the watchdog it forks is orphaned: recorded as an orphan risk instead of a hop.
   */
  private async followExecWrapper(argv: Arg[], st: FollowState): Promise<boolean> {
    const a0 = argv[0]!;
    const w = this.wrapperOn(a0.text, st.img);
    if (w?.runs !== "exec") return false;
    const args = argv.slice(1);
    const cmd = wrapperCommandIndex(w, args);
    if (cmd === null) return false;
    const at = a0.span ?? lastHopSpan(st.chain);
    if (w.orphans) st.chain.orphanRisks.push({ kind: w.orphans, at, text: `${w.name} (busybox) orphans its watchdog` });
    else st.chain.hops.push({ span: at, text: w.subcommands ? `${basename(a0.text)} ${args[0]!.text}` : basename(a0.text) });
    await this.follow(args.slice(cmd), st);
    return true;
  }

  /** `python3 launcher.py …`: a Python launcher in the image may exec another program. */
  private async followPythonLauncher(argv: Arg[], st: FollowState): Promise<boolean> {
    const a0 = argv[0]!;
    const script = argv[1];
    if (!/^python[0-9.]*$/.test(basename(a0.text)) || !script || !/\.py$/.test(script.text) || script.allArgs) return false;
    const found = await this.locateInImage(script.text, st.img, true);
    if (found.kind !== "file") return false;
    const r = this.files.read(found.path, "script");
    if (!r.ok) return false;
    await this.followInterpreter([a0.text], r.file, script, argv.slice(2), st, false);
    return true;
  }

  /** What the image-fs model found at the command's path: a script, a well-known helper, a built program, a file of the image. */
  private async followLocated(resolved: Located, argv: Arg[], st: FollowState): Promise<boolean> {
    const { chain } = st;
    const a0 = argv[0]!;
    const args = argv.slice(1);
    const name = basename(a0.text);
    if (resolved.kind === "file") {
      // a script that reached the image through more than one instruction (RUN cp, COPY --from): say how
      if (resolved.description && (resolved.origin?.steps.length ?? 0) > 1) chain.hops.push({ span: a0.span ?? lastHopSpan(chain), text: resolved.description });
      await this.followScriptFile(resolved.path, a0, args, st);
      return true;
    }
    // a well-known helper put in the image (downloaded, installed or copied from its image): its facts decide
    if (resolved.kind === "helper") {
      await this.followHelper(resolved.helper, resolved.description ?? resolved.why, a0, args, st);
      return true;
    }
    // a program the build compiled (`go build -o …`): an application, named with where it was built
    if (resolved.knowledge) {
      chain.hops.push({ span: a0.span ?? lastHopSpan(chain), text: resolved.description ?? name });
      setProgram(chain, argv, resolved.knowledge.verdict, resolved.knowledge);
      return true;
    }
    // a script from another stage or outside image is not read (a binary built in another stage is an application)
    if ((resolved.kind === "not-local" && /\.(sh|bash)$/.test(name)) || resolved.kind === "outside") {
      unknown(chain, resolved.kind === "outside" ? `${a0.text} is copied from ${resolved.why}: not read` : `${a0.text} comes from ${resolved.why}: its content is not in the build context`);
      return true;
    }
    // a file the image itself ships, known to the knowledge base (`entrypoint: /cron.sh` on nextcloud)
    const shipped = resolved.kind === "none" && st.img.imageRef && a0.text.startsWith("/") ? this.kb.imageFile(st.img.imageRef, a0.text) : null;
    if (!shipped) return false;
    chain.hops.push({ span: a0.span ?? lastHopSpan(chain), text: `${a0.text} (a file of the image ${st.img.imageRef})` });
    setProgram(chain, [{ text: shipped.program ?? name, span: a0.span }, ...args], shipped.verdict, shipped);
    return true;
  }

  /** `sh -c '…'`, `sh script.sh args`, or a shell alone. */
  private async followShell(name: string, argv: Arg[], st: FollowState): Promise<void> {
    const { chain } = st;
    let rest = argv.slice(1);
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
      st.cShell = this.shellOf(name, argv[0]!.text, st.img);
      await this.followInline(cString, rest.slice(i + 1), self, st);
      return;
    }
    const scriptArg = rest[i];
    if (scriptArg && !scriptArg.allArgs) {
      await this.followScriptPath(scriptArg, rest.slice(i + 1), st);
      return;
    }
    setProgram(chain, argv, "shell", this.kb.program(name));
  }

  /** A well-known helper script or binary (knowledge/downloads.ts): what it starts, and what it hands PID 1 to. */
  private async followHelper(helper: HelperEntry, how: string, a0: Arg, args: Arg[], st: FollowState): Promise<void> {
    const { chain } = st;
    const at = a0.span ?? lastHopSpan(chain);
    const knowledge = { name: helper.name, verdict: helper.verdict, note: helper.summary, source: helper.source };
    for (const job of helper.background) {
      if (job.orphans === "busybox-timeout" && this.busybox(st.img)) {
        chain.orphanRisks.push({ kind: "busybox-timeout", at, text: `timeout (busybox) in ${helper.title} (\`${job.text}\`) orphans its watchdog` });
      }
    }
    const cmd = helperCommandIndex(helper, args.map((a) => a.text));
    if (cmd !== null && (helper.runs === "exec-after-double-dash" || helper.runs === "exec-after-user")) {
      chain.hops.push({ span: at, text: `${how} (execs the command)` });
      await this.follow(args.slice(cmd), st);
      return;
    }
    chain.hops.push({ span: at, text: how });
    if (helper.verdict === "shell") setProgram(chain, [a0, ...args], "shell", knowledge);
    else setProgram(chain, [a0, ...args], helper.verdict, knowledge);
    if (helper.runs === "init") chain.initInChain = { value: helper.name, span: at };
  }

  /** Which shell runs a `-c` string: named (bash, dash, busybox/ash), or the image's /bin/sh (busybox on Alpine and busybox images). */
  private shellOf(name: string, path: string, img: ImageContext): ShellCBehaviour["shell"] | null {
    if (name === "bash" || name === "dash") return name;
    if (name === "ash" || name === "busybox") return "busybox";
    if (name === "sh" && (path === "sh" || path === "/bin/sh") && this.busybox(img)) return "busybox";
    return null;
  }

  /** A program that is not in the build context, known by its name: wait helpers, image entrypoints, su, timeout, the knowledge base. */
  private async followNamed(name: string, argv: Arg[], st: FollowState): Promise<void> {
    const { chain } = st;
    const a0 = argv[0]!;
    const args = argv.slice(1);
    if (await this.followWaitHelper(name, argv, st)) return;
    // entrypoint scripts of official images end in exec "$@"
    if (name === "docker-entrypoint.sh" && st.img.imageRef && this.kb.imageInfo(st.img.imageRef)?.passesToCommand) {
      chain.hops.push({ span: a0.span ?? lastHopSpan(chain), text: `${name} (image)` });
      await this.follow(args, st);
      return;
    }
    // wrappers that run the command as their child (su, runuser, sudo, GNU timeout): the wrapper is PID 1
    const w = this.kb.wrapper(name);
    // a wrapper only through its subcommand (`uv run …`; `uv sync` is uv itself)
    if (w?.runs === "parent" && (!w.subcommands || wrapperCommandIndex(w, args) !== null)) {
      const entry = this.kb.parentWrapper(w);
      setProgram(chain, argv, entry.verdict, entry);
      return;
    }
    if (/\.(sh|bash)$/.test(name)) {
      if (this.imageProgram(name, argv, st)) return;
      unknown(chain, `the script ${a0.text} is not in the build context`);
      return;
    }
    const entry = this.kb.program(a0.text);
    setProgram(chain, argv, entry.verdict, entry);
  }

  /**
   * The command names the script the image itself runs (`catalina.sh run` on tomcat), which the build context does
   * not hold: the image's entry says what it ends in.
   */
  private imageProgram(name: string, argv: Arg[], st: FollowState): boolean {
    const ref = st.img.imageRef;
    const own = ref ? this.kb.image(ref) : null;
    // by name only, as PATH finds it (`./start.sh` or `/opt/x/start.sh` may be another file of the same name)
    if (argv[0]!.text.includes("/")) return false;
    if (!ref || !own || own.program !== name || this.kb.knows(name) || (own.verdict !== "reaper" && own.verdict !== "non-reaper")) return false;
    st.chain.hops.push({ span: argv[0]!.span ?? lastHopSpan(st.chain), text: `${name} (the program of the image ${ref})` });
    setProgram(st.chain, argv, own.verdict, { name: own.name, verdict: own.verdict, note: own.note, source: own.source, ...(own.assumed ? { assumed: true } : {}) });
    return true;
  }

  /**
   * A wait helper known by its name only (`wait-for-it.sh db:5432 -- app` with no such file in the build context;
   * the names are knowledge/downloads.ts data): one that execs the command after `--` hands PID 1 on, the others stay PID 1.
   */
  private async followWaitHelper(name: string, argv: Arg[], st: FollowState): Promise<boolean> {
    const helper = this.kb.waitHelper(name);
    if (!helper) return false;
    const a0 = argv[0]!;
    const args = argv.slice(1);
    if (helper.runs === "exec-after-double-dash") {
      const dd = args.findIndex((a) => a.text === "--");
      if (dd === -1) return false;
      const at = a0.span ?? lastHopSpan(st.chain);
      st.chain.orphanRisks.push({ kind: "wait-helper", at, text: `${name} (a wait helper)` });
      st.chain.hops.push({ span: at, text: `${name} … --` });
      await this.follow(args.slice(dd + 1), st);
      return true;
    }
    if (helper.runs !== "child-after-options" && helper.runs !== "none") return false;
    await this.followHelper(helper, name, a0, args, st);
    return true;
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
    const script = await (src ? parseScriptOf(src, text, Math.max(0, base)) : parseScript(text, Math.max(0, base)));
    const file = cString.span?.file ?? "";
    const unit: ScriptUnit = { file, script, exact: base >= 0, display: null, fallback: cString.span, text: { text, base: Math.max(0, base) } };
    await this.followScript(unit, args, self?.text ?? "sh", st, "inline");
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
    // a compiled program in the build context (ELF, NUL bytes, larger than any script) is the program itself
    const raw = this.files.read(absPath, "script");
    if ((raw.ok && raw.file.text.startsWith("\x7fELF")) || (!raw.ok && raw.notText)) {
      const entry = this.kb.program(a0.text);
      st.chain.hops.push({ span: a0.span ?? lastHopSpan(st.chain), text: `${basename(raw.ok ? raw.file.rel : a0.text)} (a compiled program in the build context)` });
      setProgram(st.chain, [a0, ...args], entry.verdict, entry);
      return;
    }
    // a `#!` line that names another interpreter: that interpreter is PID 1 (or what its launcher execs)
    const interp = raw.ok ? shebang(raw.file.text) : null;
    if (raw.ok && interp && !isShellInterpreter(interp)) {
      await this.followInterpreter(interp, raw.file, a0, args, st);
      return;
    }
    const loaded = await this.loadScript(absPath);
    if ("error" in loaded) {
      unknown(st.chain, `${basename(a0.text)}: ${loaded.error}`);
      return;
    }
    await this.followScript({ file: absPath, script: loaded.script, exact: true, display: loaded.source.rel, fallback: null }, args, a0.text, st, "script");
  }

  /** A script run by a non-shell interpreter (`#!/usr/bin/env python3`): the interpreter, or what its launcher execs. */
  private async followInterpreter(interp: string[], file: SourceFile, a0: Arg, args: Arg[], st: FollowState, fromShebang = true): Promise<void> {
    const { chain } = st;
    const name = basename(interp[0]!);
    const at = (line: number): Span => ({ file: file.path, start: file.lineStarts[line - 1] ?? 0, end: file.lineStarts[line - 1] ?? 0 });
    const firstLine = file.text.split(/\r?\n/, 1)[0]!;
    chain.hops.push({ span: a0.span ?? lastHopSpan(chain), text: fromShebang ? `${basename(file.rel)} (${firstLine})` : `${name} ${basename(file.rel)}` });
    if (await this.followRubyLoad(name, file, args, at, st)) return;
    const ex = /^python/.test(name) ? pythonExec(file.text) : null;
    if (ex?.kind === "argv") {
      chain.hops.push({ span: at(ex.line), text: `${basename(file.rel)}:${ex.line} os.exec* ${ex.argv.join(" ")}` });
      chain.finalExec = at(ex.line);
      await this.follow(ex.argv.map((t) => ({ text: t, span: at(ex.line) })), st);
      return;
    }
    if (ex?.kind === "computed") {
      unknown(chain, `${basename(file.rel)}:${ex.line} execs a program computed at run time (${ex.what})`);
      return;
    }
    if (ex?.kind === "self") {
      chain.hops.push({ span: at(ex.line), text: `${basename(file.rel)}:${ex.line} execs ${ex.via ? `${ex.via}, then ` : ""}the interpreter again (sys.executable)` });
      chain.finalExec = at(ex.line);
    }
    const argv: Arg[] = [...interp.map((t) => ({ text: t, span: a0.span })), { text: a0.text, span: a0.span }, ...args];
    const entry = this.kb.program(interp[0]!);
    setProgram(chain, argv, entry.verdict, entry);
  }

  /**
   * A Ruby launcher (a Bundler binstub, bin/rails) that runs a program in the interpreter's own process: that program's
   * facts decide, looked up by name (a binstub found again on PATH would be itself).
   */
  private async followRubyLoad(interpreter: string, file: SourceFile, args: Arg[], at: (line: number) => Span, st: FollowState): Promise<boolean> {
    if (!/^(ruby|jruby|truffleruby)[0-9.]*$/.test(interpreter)) return false;
    const loads = rubyLoads(file.text);
    if (!loads) return false;
    const span = at(loads.line);
    st.chain.hops.push({ span, text: `${basename(file.rel)}:${loads.line} ${loads.text} (runs ${loads.program} in this process)` });
    await this.followInProcess([{ text: loads.program, span }, ...args], st);
    return true;
  }

  /** A program that runs inside the current process (a loaded Ruby executable, a `python -m` module): known by its name only. */
  private async followInProcess(argv: Arg[], st: FollowState): Promise<void> {
    if (++st.depth > 24) unknown(st.chain, "the chain is too long (more than 24 hops)");
    else if (!(await this.followByName(argv, st))) await this.followNamed(basename(argv[0]!.text), argv, st);
  }

  /** `python -m gunicorn …`: the interpreter runs the module's __main__ in its own process (knowledge/python-modules.ts). */
  private async followPythonModule(argv: Arg[], st: FollowState): Promise<boolean> {
    const a0 = argv[0]!;
    if (!/^python[0-9.]*$/.test(basename(a0.text))) return false;
    const hit = pythonModule(argv.slice(1).map((a) => a.text));
    if (!hit || argv.slice(1, hit.rest + 1).some((a) => a.allArgs)) return false;
    const at = a0.span ?? lastHopSpan(st.chain);
    st.chain.hops.push({ span: at, text: `${basename(a0.text)} -m ${hit.entry.module} (runs ${hit.entry.program} in this process)` });
    await this.followInProcess([{ text: hit.entry.program, span: at }, ...argv.slice(hit.rest + 1)], st);
    return true;
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
        const script = await parseScriptOf(r.file, r.file.text);
        for (const e of script.errors.slice(0, 1)) {
          this.problems.push({ file: absPath, rule: "parse-error", message: `shell: ${e.message}`, span: { file: absPath, start: e.start, end: e.end } });
        }
        return { source: r.file, script };
      })();
      this.scriptCache.set(absPath, p);
    }
    return p;
  }

  /** A file the script sources (`. /lib.sh`, `source ./env.sh`): looked up in the image as the shell does. */
  private async loadSourced(pathText: string, st: FollowState): Promise<Loaded> {
    // `. name` without a slash searches PATH (dash, POSIX); bash then tries the working directory
    let found = await this.locateInImage(pathText, st.img);
    if (found.kind === "none" && !pathText.startsWith("/")) found = await this.locateInImage(pathText, st.img, true);
    const image = st.img.imageRef;
    // a file the image ships (`. /docker-entrypoint.sh`): not read, but the knowledge base may say what it runs
    const entry = found.kind === "none" && image && pathText.startsWith("/") ? this.kb.imageFile(image, joinPosix("/", pathText)) : null;
    if (entry && image) return { error: `a file of the image ${image}`, shipped: { path: pathText, image, entry } };
    if (found.kind !== "file") return { error: found.kind === "none" ? "not in the build context" : `it comes from ${found.why}` };
    const loaded = await this.loadScript(found.path);
    if ("error" in loaded) return loaded;
    return { file: found.path, script: loaded.script, exact: true, display: loaded.source.rel, fallback: null };
  }

  /** A script or `sh -c` string: its path through functions and sourced files, to an exec or its last command. */
  private async followScript(unit: ScriptUnit, args: Arg[], self: string, st: FollowState, kind: "script" | "inline"): Promise<void> {
    const opts = this.flowOptions(st, self);
    const flow = await buildFlow(unit, args, opts);
    const s: ScriptRun = { flow, opts, st, kind, spanOf: (u, c) => spanIn(u, c) ?? lastHopSpan(st.chain) };
    this.noteOrphanRisks(s);
    if (await this.followSourcedShipped(s)) return;
    const chosen = this.chooseExec(s);
    if (chosen) {
      await this.followExec(chosen, s);
      return;
    }
    await this.followLast(s);
  }

  /**
   * The script sources a file the image ships that the knowledge base describes (`. /docker-entrypoint.sh`, an
   * imageFile). Sourced last, the file runs in the script's shell with its arguments: PID 1 is what the knowledge
   * says the file runs. When the script goes on after it, whether the file returns is not known (an exec in it
   * ends the script there), nor which functions it defines.
   */
  private async followSourcedShipped(s: ScriptRun): Promise<boolean> {
    const src = s.flow.unread.find((u) => u.shipped && u.step.main && !u.step.inlined);
    if (!src?.shipped) return false;
    const { step, shipped } = src;
    const index = s.flow.steps.indexOf(step);
    // an exec on the main path before it: the script never gets there
    if (s.flow.steps.some((x, i) => i < index && x.main && !x.inlined && isExecStep(x))) return false;
    const { chain } = s.st;
    const { path, image, entry } = shipped;
    if (!step.last) {
      unknown(chain, await this.afterSourcing(s, shipped));
      return true;
    }
    this.pushViaHops(step, s);
    const at = s.spanOf(step.unit, step.cmd);
    chain.hops.push({ span: at, text: `${this.hopPrefix(step)}${commandText(step.cmd)} (a file of the image ${image}: it runs in this shell)` });
    if (entry.verdict === "unknown" || !entry.program) {
      unknown(chain, `the script ends by sourcing ${path} of the image ${image}, which the knowledge base does not follow${entry.note ? ` (${entry.note})` : ""}`);
      return true;
    }
    // `. file args` gives the file those arguments; without, it sees the script's own
    const args = step.cmd.words.length > 2 ? expandWords(step.cmd.words.slice(2), step, s.opts) : step.args;
    setProgram(chain, [{ text: entry.program, span: at }, ...args], entry.verdict, entry);
    return true;
  }

  /** Why a script that sources a file of the image and goes on is not followed: a call of one of its functions, or the rest. */
  private async afterSourcing(s: ScriptRun, shipped: ShippedFile): Promise<string> {
    const { path, image, entry } = shipped;
    const end = this.chooseEnd(s);
    const name = end ? literalName(end) : null;
    if (name && !name.includes("/") && classifyWord(end!, name, s.flow).kind === "program" && !this.kb.knows(name) && !this.kb.wrapper(name)) {
      const found = await this.locateInImage(name, s.st.img);
      if (found.kind === "none") return `the script sources ${path} of the image ${image}, whose functions are not known, and ends in \`${name}\`, which may be one of them`;
    }
    const runs = entry.program ? `, which run as a program ends in ${entry.program}` : "";
    return `the script sources ${path} of the image ${image}${runs}, and goes on: whether the file returns when sourced (an exec in it ends the script there) is not known`;
  }

  /** The first word of the command the script ends in: its last exec on the main path, else its last command. */
  private chooseEnd(s: ScriptRun): Word | null {
    const execs = s.flow.steps.filter((x) => !x.inlined && isExecStep(x) && x.main);
    const exec = execs[execs.length - 1];
    if (exec) return exec.cmd.words[1 + execOptionCount(exec.cmd.words)] ?? null;
    const last = s.flow.steps.filter((x) => x.last && !x.inlined).pop();
    return last?.cmd.words[0] ?? null;
  }

  private flowOptions(st: FollowState, self: string): FlowOptions {
    return {
      load: (p) => this.loadSourced(p, st),
      env: st.img.env,
      isWrapper: (name) => this.kb.wrapper(name)?.runs === "exec",
      self,
    };
  }

  /** Processes the script leaves behind on its way: busybox timeout, wait helpers, background jobs. */
  private noteOrphanRisks(s: ScriptRun): void {
    const { chain } = s.st;
    for (const step of s.flow.steps) {
      if (step.inlined) continue;
      const c = step.cmd;
      const n = c.words[0]?.kind === "lit" ? c.words[0].text : "";
      // an exec's own program is followed as the chain goes on
      if (n === "exec") continue;
      for (const w of this.orphaningWrappers(literalPrefix(c.words), s.st.img)) {
        chain.orphanRisks.push({ kind: w.orphans!, at: s.spanOf(step.unit, c), text: `${w.name} (busybox) orphans its watchdog` });
      }
      if (n && this.kb.waitHelper(n)) {
        chain.orphanRisks.push({ kind: "wait-helper", at: s.spanOf(step.unit, c), text: `${basename(n)} (a wait helper)` });
      }
    }
    for (const unit of s.flow.units) {
      for (const job of unit.script.backgroundJobs) {
        if (/^exec\s/.test(job.text)) continue;
        chain.orphanRisks.push({ kind: "background-job", at: s.spanOf(unit, job), text: `\`${job.text} &\` in the background` });
      }
    }
  }

  /** The wrappers a command passes through that leave an orphan behind (busybox timeout's watchdog): `env timeout 5 job`. */
  private orphaningWrappers(words: WrapperWord[], img: ImageContext): ResolvedWrapper[] {
    const out: ResolvedWrapper[] = [];
    for (let i = 0; i < 8 && words.length > 0; i++) {
      const w = this.wrapperOn(words[0]!.text, img);
      if (w?.orphans) out.push(w);
      if (w?.runs !== "exec") break;
      const cmd = wrapperCommandIndex(w, words.slice(1));
      if (cmd === null) break;
      words = words.slice(1 + cmd);
    }
    return out;
  }

  /** The program a command runs once the wrappers that exec it are passed (`env A=1 gosu app echo` → echo). */
  private programAfterWrappers(argv: Arg[], img: ImageContext): string {
    for (let i = 0; i < 8 && argv.length > 1; i++) {
      const w = this.wrapperOn(argv[0]!.text, img);
      const cmd = w?.runs === "exec" ? wrapperCommandIndex(w, argv.slice(1)) : null;
      if (cmd === null) break;
      argv = argv.slice(1 + cmd);
    }
    return argv[0] ? basename(argv[0].text) : "";
  }

  /** The exec that replaces the shell: the last one on the main path, else the last one reached; a re-exec of the script itself is passed. */
  private chooseExec(s: ScriptRun): Step | undefined {
    const { chain } = s.st;
    const execs = s.flow.steps.filter((x) => !x.inlined && isExecStep(x) && !x.subshell && !x.background);
    const isSelf = (x: Step): boolean => x.cmd.words.slice(1).some((w, i) => w.kind === "self" && i < 3);
    const pick = (list: Step[]): Step | undefined => list.filter((x) => x.main).pop() ?? list[list.length - 1];
    let chosen = pick(execs);
    const selfExec = execs.find(isSelf);
    if (chosen && selfExec && !isSelf(chosen)) {
      // `exec gosu user "$0" "$@"` runs the script again (as another user), which then takes the final exec
      chain.hops.push({ span: s.spanOf(selfExec.unit, selfExec.cmd), text: `${this.hopPrefix(selfExec)}${commandText(selfExec.cmd)} (runs itself again)` });
    }
    if (chosen && isSelf(chosen)) {
      const other = pick(execs.filter((x) => !isSelf(x)));
      chain.hops.push({ span: s.spanOf(chosen.unit, chosen.cmd), text: `${this.hopPrefix(chosen)}${commandText(chosen.cmd)} (runs itself again)` });
      chosen = other;
    }
    return chosen;
  }

  private async followExec(step: Step, s: ScriptRun): Promise<void> {
    const { chain } = s.st;
    this.pushViaHops(step, s);
    const at = s.spanOf(step.unit, step.cmd);
    chain.hops.push({ span: at, text: `${this.hopPrefix(step)}${commandText(step.cmd)}` });
    chain.finalExec = at;
    const words = step.cmd.words.slice(1 + execOptionCount(step.cmd.words));
    if (words.length === 0) {
      unknown(chain, "the exec has no command");
      return;
    }
    const argv = expandWords(words, step, s.opts);
    if (this.brokenExec(step, words[0]!, argv[0]?.text, s)) return;
    this.noteDaemons(step, s);
    await this.follow(argv, s.st);
  }

  /** `exec name` where name is a function, builtin or alias: exec runs only programs, so it fails with "not found". */
  private brokenExec(step: Step, w: Word, text: string | undefined, s: ScriptRun): boolean {
    const what = classifyWord(w, text, s.flow);
    if (what.kind === "program" || what.kind === "unknown") return false;
    if (what.kind === "builtin" && !isPureBuiltin(what.name)) return false;
    if (what.kind === "function" && this.kb.knows(what.name)) return false; // a program of that name exists: exec runs it
    const def = what.kind === "function" ? what.defs[what.defs.length - 1]! : null;
    const definedAt = def ? spanIn(def.unit, def.unit.script.functionDefs[def.index]!) : null;
    const execWord = step.cmd.words[0]!;
    const next = step.cmd.words[1]!;
    s.st.chain.brokenExec = {
      at: s.spanOf(step.unit, step.cmd),
      name: what.name,
      kind: what.kind,
      definedAt,
      removeExec: step.unit.exact && literalName(execWord) === "exec" ? { file: step.unit.file, start: execWord.start, end: next.start } : null,
    };
    unknown(s.st.chain, `\`exec ${what.name}\` fails: \`${what.name}\` is a shell ${what.kind}, not a program ("exec: ${what.name}: not found")`);
    return true;
  }

  /** Daemons started before the exec (`supervisord` without -n) are left to whatever becomes PID 1. */
  private noteDaemons(exec: Step, s: ScriptRun): void {
    for (const step of s.flow.steps) {
      if (step === exec) break;
      if (step.inlined || step.background || step.subshell) continue;
      const argv = expandWords(step.cmd.words, step, s.opts);
      const d = daemonises(argv.map((a) => a.text));
      if (d) s.st.chain.orphanRisks.push({ kind: "background-job", at: s.spanOf(step.unit, step.cmd), text: `\`${d}\` daemonises and is left to PID 1` });
    }
  }

  private pushViaHops(step: Step, s: ScriptRun): void {
    for (const v of step.via) {
      const what = v.inlined === "source" ? "sourced" : "function";
      s.st.chain.hops.push({ span: s.spanOf(v.unit, v.cmd), text: `${this.hopPrefix(v)}${commandText(v.cmd)} (${what})` });
    }
  }

  /** No exec: the script's last command runs as a child of the shell, which stays PID 1. */
  private async followLast(s: ScriptRun): Promise<void> {
    const { chain } = s.st;
    const last = s.flow.steps.filter((x) => x.last && !x.inlined).pop();
    if (!last) {
      const call = s.flow.steps.filter((x) => x.last && x.inlined).pop();
      if (this.waiting(s)) return;
      unknown(chain, call ? `the script ends in \`${commandText(call.cmd)}\`, whose last command is under a condition or in a loop` : "the script runs no command that can be followed");
      return;
    }
    // `( … exec cmd )`: the exec replaces the subshell only; what runs is cmd
    const words = last.subshell && isExecStep(last) ? last.cmd.words.slice(1 + execOptionCount(last.cmd.words)) : last.cmd.words;
    const argv = expandWords(words, last, s.opts);
    const what = words.length > 0 ? classifyWord(words[0]!, argv[0]?.text, s.flow) : ({ kind: "builtin", name: "exec" } as const);
    if (what.kind === "builtin" || what.kind === "alias") {
      this.lastIsBuiltin(last, what, s);
      return;
    }
    if (argv.length === 0 && words[0]!.kind === "all-args") {
      unknown(chain, `the script ends with \`${commandText(last.cmd)}\`: its arguments are not known here`);
      return;
    }
    if (last.subshell) {
      await this.followInSubshell(last, argv, s);
      return;
    }
    const single = s.kind === "inline" && s.flow.root.script.commands.length === 1 && !last.cmd.redirected;
    if (single && shellExecsLast(s.st.cShell ?? null, "lone") !== false) {
      // bash and busybox sh exec a lone command given with -c (dash 0.5.12 does not): follow it as PID 1
      await this.follow(argv, s.st);
      return;
    }
    // busybox ash also execs the last command of a `-c` string after `;`, `&&` or `||`, bash that of an and-or list that is the whole string (knowledge/shells.ts)
    const position = !last.cmd.inList ? "after-semicolon" : loneAndOrList(s.flow.root) ? "lone-and-or" : "after-and-or";
    const plain = !last.cmd.conditional && last.cmd.inFunction === null && !last.cmd.redirected && !last.background;
    if (s.kind === "inline" && plain && shellExecsLast(s.st.cShell ?? null, position)) {
      s.st.chain.hops.push({ span: s.spanOf(last.unit, last.cmd), text: `${commandText(last.cmd)} (${s.st.cShell} execs the last command)` });
      await this.follow(argv, s.st);
      return;
    }
    if (argv.length > 0 && !endsAtOnce(this.programAfterWrappers(argv, s.st.img)) && !last.background) {
      await this.shellStays(last, argv, what, s);
      return;
    }
    if (this.waiting(s)) return;
    unknown(chain, `the script ends with \`${commandText(last.cmd)}\`, which does not keep the container running`);
  }

  /**
   * The script's last command runs in a subshell: the trailing `( … )` of a `-c` string, which busybox ash runs in
   * its own process and execs the last command of (knowledge/shells.ts), or a subshell the shell forks (dash, bash,
   * a script, a function whose body is a subshell) and waits for, staying PID 1.
   */
  private async followInSubshell(last: Step, argv: Arg[], s: ScriptRun): Promise<void> {
    const { chain } = s.st;
    const shell = s.st.cShell ?? null;
    const trailing = s.kind === "inline" && last.via.length === 0 && !last.background && !last.cmd.redirected;
    if (trailing && shellExecsLast(shell, "trailing-subshell")) {
      chain.hops.push({ span: s.spanOf(last.unit, last.cmd), text: `${commandText(last.cmd)} (${shell} execs the last command of the trailing subshell)` });
      await this.follow(argv, s.st);
      return;
    }
    if (argv.length === 0 || last.background || endsAtOnce(this.programAfterWrappers(argv, s.st.img))) {
      if (this.waiting(s)) return;
      unknown(chain, `the script ends with \`${commandText(last.cmd)}\`, which does not keep the container running`);
      return;
    }
    this.pushViaHops(last, s);
    const who = s.kind === "script" ? "the shell" : shell ? `${shell}` : "the shell (unless it is busybox ash)";
    chain.hops.push({ span: s.spanOf(last.unit, last.cmd), text: `${this.hopPrefix(last)}${commandText(last.cmd)} (in a subshell: ${who} forks it and stays PID 1)` });
    const note = "a subshell's last command runs in a child the shell forks (dash 0.5.12, bash 5.2.15; busybox ash execs the last command of a trailing `( … )` of a -c string): the shell stays PID 1 and waits";
    setProgram(chain, [{ text: "sh", span: null }], "shell", { name: "sh", verdict: "shell", note, source: SHELL_C[0]!.source });
    chain.program = `sh (running ${basename(argv[0]!.text)})`;
  }

  /** The script ends in a builtin (`wait`, `eval`, `read` …) or an alias: never a place for `exec`. */
  private lastIsBuiltin(last: Step, what: CommandWord & { kind: "builtin" | "alias" }, s: ScriptRun): void {
    const { chain } = s.st;
    const unread = what.name === "." || what.name === "source" ? s.flow.unread.find((u) => u.step === last) : undefined;
    if (unread) unknown(chain, `the script ends by sourcing ${unread.text}, which is not read (${unread.why})`);
    else if (what.kind === "alias") unknown(chain, `the script ends with \`${what.name}\`, an alias: what it runs depends on the shell`);
    else if (what.name === "eval") unknown(chain, `the script ends with \`${commandText(last.cmd)}\`: eval runs a command built at run time`);
    else if (!this.waiting(s, what.name === "wait")) unknown(chain, `the script ends with \`${commandText(last.cmd)}\`, which does not keep the container running`);
  }

  /**
   * A shell that stays PID 1 and waits for its jobs (`cmd & … wait`) reaps while it waits; with a trap that
   * forwards SIGTERM to them (or exits) it is a supervisor. Returns false when the script does not wait.
   */
  private waiting(s: ScriptRun, force = false): boolean {
    const waits = force || s.flow.steps.some((x) => literalName(x.cmd.words[0]!) === "wait" && !x.subshell);
    if (!waits) return false;
    const handler = termHandler(s.flow);
    const { chain } = s.st;
    if (handler) {
      const { trap, step, does } = handler;
      chain.hops.push({ span: s.spanOf(step.unit, step.cmd), text: `${this.hopPrefix(step)}trap ${trap.action ?? "…"} ${trap.signals.join(" ")} (${does === "forwards" ? "forwards SIGTERM" : "exits on SIGTERM"})` });
      const note = does === "forwards" ? "a shell that traps SIGTERM, forwards it to its jobs and reaps while it waits: a supervisor" : "a shell that exits on SIGTERM and reaps while it waits";
      setProgram(chain, [{ text: "sh", span: null }], "shell", { name: "sh", verdict: "shell", note, source: "measured: PID 1 lab (test/lab)" });
      return true;
    }
    setProgram(chain, [{ text: "sh", span: null }], "shell", { name: "sh", verdict: "shell", note: "a shell that waits reaps while it waits", source: "measured: PID 1 lab (test/lab)" });
    return true;
  }

  /** The shell stays PID 1 in front of a long-running command: say where, and whether `exec` can be added safely. */
  private async shellStays(last: Step, argv: Arg[], what: CommandWord, s: ScriptRun): Promise<void> {
    const { chain } = s.st;
    // a command held in a variable is shown as written (`$SERVER_CMD`): that is where `exec` would go
    const w0 = last.cmd.words[0]!;
    const written = w0.kind === "dynamic" || (w0.kind === "lit" && w0.fromVar !== undefined);
    const stays: ShellStays = {
      at: s.spanOf(last.unit, last.cmd),
      command: written ? commandText(last.cmd) : argv.map((a) => a.text).join(" "),
      origin: s.kind === "script" ? "script" : s.st.origin,
    };
    const fix = execFix(last, what, s.flow);
    if ("insert" in fix) stays.execInsert = fix.insert;
    else stays.noFixReason = fix.noFix;
    const via = viaText(last, (st) => this.hopPrefix(st));
    if (via) stays.via = via;
    chain.shellStays = stays;
    this.pushViaHops(last, s);
    chain.hops.push({ span: stays.at, text: `${this.hopPrefix(last)}${commandText(last.cmd)} (no exec)` });
    if (s.kind === "inline") {
      // the program underneath decides once `exec` is added; the shell is PID 1 meanwhile
      await this.follow(argv, s.st);
      chain.verdict = chain.verdict === "non-reaper" ? "shell" : chain.verdict;
      return;
    }
    const lname = what.kind === "unknown" ? what.text : basename(argv[0]!.text);
    setProgram(chain, [{ text: "sh", span: null }], "shell", { name: "sh", verdict: "shell", source: "measured: PID 1 lab (test/lab)" });
    chain.program = `sh (running ${lname})`;
  }

  /** `start.sh:12 ` before a hop's text, when the command is in a file. */
  private hopPrefix(step: Step): string {
    const u = step.unit;
    if (!u.exact || !u.display) return "";
    const f = this.files.get(u.file);
    if (!f) return "";
    return `${basename(u.display)}:${lineIndexOf(f, step.cmd.start) + 1} `;
  }
  /**
   * Where an in-image path comes from (image-fs.ts): a build-context file (read), another stage, an outside image,
   * a download or package (a well-known helper), a program built in the image, a file a RUN wrote, or nothing known.
   */
  async locateInImage(cmd: string, img: ImageContext, relativeToWorkdir = false): Promise<Located> {
    const stage = img.stage;
    const candidates: string[] = [];
    if (cmd.startsWith("/")) candidates.push(joinPosix("/", cmd));
    else if (cmd.includes("/") || relativeToWorkdir) {
      if (stage) candidates.push(joinPosix(stage.workdir, cmd));
    } else {
      const pathDirs = (img.env.get("PATH") ?? "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin").split(":");
      for (const d of pathDirs) if (d.startsWith("/")) candidates.push(joinPosix(d, cmd));
    }
    const mounted = this.locateMounted(candidates, img);
    if (mounted) return mounted;
    if (!stage || !img.contextDir) return { kind: "none" };
    return locateInStage(this.files, stage, img.contextDir, candidates);
  }

  /** A candidate path that a bind mount of the service covers: the host file (it hides the image's). */
  private locateMounted(candidates: string[], img: ImageContext): Located | null {
    if (!img.mounts?.length) return null;
    for (const c of candidates) {
      const host = throughMount(img.mounts, c);
      if (!host) continue;
      if (!this.files.contains(host)) return { kind: "outside", why: `a bind mount of ${host}, outside the linted paths` };
      const r = this.files.read(host, "script");
      if (r.ok || r.message !== "no such file") return { kind: "file", path: host };
    }
    return null;
  }
}

/** One script being followed: its path, how its words expand, and the chain being built. */
interface ScriptRun {
  flow: Flow;
  opts: FlowOptions;
  st: FollowState;
  kind: "script" | "inline";
  spanOf: (unit: ScriptUnit, c: { start: number; end: number }) => Span;
}

interface FollowState {
  chain: Pid1Chain;
  img: ImageContext;
  depth: number;
  visited: Set<string>;
  origin: "compose" | "dockerfile";
  /** the shell that runs the `-c` string being followed (busybox ash, dash, bash), when it is known */
  cShell?: ShellCBehaviour["shell"] | null;
}

/**
 * Whether an inline string is one `&&`/`||` list of simple commands and nothing else (`cd /app && npm start`):
 * only those operators and blanks between its commands, which none of a function, subshell, branch or job holds.
 */
function loneAndOrList(unit: ScriptUnit): boolean {
  const { commands, functionDefs } = unit.script;
  const src = unit.text;
  if (!src || commands.length < 2 || functionDefs.length > 0) return false;
  if (commands.some((c) => !c.inList || c.subshell || c.conditional || c.background || c.inFunction !== null)) return false;
  const at = (offset: number): number => offset - src.base;
  const sorted = [...commands].sort((a, b) => a.start - b.start);
  if (src.text.slice(0, at(sorted[0]!.start)).trim() !== "" || src.text.slice(at(sorted[sorted.length - 1]!.end)).trim() !== "") return false;
  return sorted.every((c, i) => i === 0 || AND_OR_GAP.test(src.text.slice(at(sorted[i - 1]!.end), at(c.start))));
}

/** What may stand between two commands of one and-or list: the first one's redirections (`< in > out`), then `&&` or `||`. */
const AND_OR_GAP = /^(?:\s*\d*(?:>>|>\||>&|<&|&>>|&>|<>|<|>)\s*(?:"[^"]*"|'[^']*'|[^\s;&|()<>"']+))*\s*(?:&&|\|\|)\s*$/;

/** Why argv cannot be followed as a command: empty, or its first word is not known here. */
function notACommand(argv: Arg[]): string | null {
  const a0 = argv[0];
  if (!a0) return "no command";
  if (a0.allArgs) return "the command comes from arguments that are not known here";
  if (/[$`]/.test(a0.text)) return `the command \`${a0.text}\` is a variable that is not known here`;
  return null;
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

function isExecStep(step: Step): boolean {
  return literalName(step.cmd.words[0]!) === "exec" && step.cmd.words.length > 1;
}

/** Options of `exec` itself (`exec -a name cmd`, `-c`, `-l`): how many words they take after `exec`. */
function execOptionCount(words: Word[]): number {
  let i = 1;
  while (i < words.length) {
    const w = literalName(words[i]!);
    if (w === "--") return i;
    if (w === "-a") i += 2;
    else if (w !== null && /^-[cl]+$/.test(w)) i++;
    else break;
  }
  return i - 1;
}

/** "the last command of `start`, called at start.sh:40": how the script reaches a command inside a function or sourced file. */
function viaText(step: Step, prefix: (s: Step) => string): string | null {
  if (step.via.length === 0) return null;
  return step.via
    .map((v) => (v.inlined === "source" ? `in ${literalName(v.cmd.words[1]!) ?? "a sourced file"}, sourced at ${prefix(v).trim() || "the script"}` : `the last command of \`${literalName(v.cmd.words[0]!)}\`, called at ${prefix(v).trim() || "the script"}`))
    .reverse()
    .join(", ");
}

/**
 * Whether `exec` can be put before the script's last command and run the same program: the word must be a
 * program written in the script (or the known arguments), not a function, builtin, alias or variable; every
 * function on the way must be defined once, called once and not run in a subshell; not in a sourced file
 * (other scripts may source it). A trap makes the fix unsafe: after exec the shell's traps no longer run.
 */
function execFix(last: Step, what: CommandWord, flow: Flow): { insert: NonNullable<ShellStays["execInsert"]> } | { noFix: string } {
  const w0 = last.cmd.words[0]!;
  if (!last.unit.exact) return { noFix: "the command's position in the file is not exact" };
  if (what.kind === "unknown") return { noFix: `\`${what.text}\` is not known here: \`exec\` is added only before a program` };
  if (what.kind !== "program") return { noFix: `\`${what.name}\` is a shell ${what.kind}: \`exec\` runs only programs` };
  if (what.fromVariable && w0.kind !== "all-args") return { noFix: `\`${wordText(w0)}\` is a variable: \`exec\` is added only before a program written in the script` };
  const unread = flow.unread[0];
  if (unread && !what.name.startsWith("/")) return { noFix: `the script sources ${unread.text}, which is not read here (${unread.why}): \`${what.name}\` may be a function defined there` };
  for (const v of last.via) {
    if (v.inlined === "source") return { noFix: `the command is in a sourced file, which other scripts may source too` };
    const name = literalName(v.cmd.words[0]!)!;
    const defs = flow.functions.get(name) ?? [];
    if (defs.length !== 1) return { noFix: `the function \`${name}\` is defined more than once` };
    if (defs[0]!.unit !== flow.root) return { noFix: `the function \`${name}\` is defined in ${basename(defs[0]!.unit.display ?? defs[0]!.unit.file)}, a sourced file other scripts may source too` };
    if (defs[0]!.unit.script.functionDefs[defs[0]!.index]!.subshellBody) return { noFix: `the function \`${name}\` runs in a subshell` };
    if (mentions(flow, name) !== 1) return { noFix: `the function \`${name}\` is called more than once: \`exec\` inside it would end the script at the first call` };
  }
  const offset = last.cmd.assignments.length === 0 ? last.cmd.start : w0.start;
  const trap = activeTraps(flow)[0];
  if (trap) return { insert: { file: last.unit.file, offset, text: "exec ", safety: "unsafe", note: `the trap on ${trap.trap.signals.join(" ")} no longer runs once the shell is replaced` } };
  return { insert: { file: last.unit.file, offset, text: "exec ", safety: "safe" } };
}

/** The leading words of a command whose text is written out (`timeout 5 "$CMD"` → timeout, 5). */
function literalPrefix(words: Word[]): WrapperWord[] {
  const out: WrapperWord[] = [];
  for (const w of words) {
    if (w.kind !== "lit") break;
    out.push({ text: w.text });
  }
  return out;
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

