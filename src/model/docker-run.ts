// `docker run` / `podman run` (and `docker build -t`, to link images to runs) in shell scripts and Makefiles,
// found only where they are executed: the file is parsed as shell (a Makefile's recipe lines after make's
// own expansion), and a call is a command whose words are `docker run …`. Text in strings, comments, heredocs
// fed to `cat` and `echo`/`printf` arguments is not a command. Code the shell runs from a string or a nested
// part (`$( … )`, `sh -c '…'`, `eval '…'`, `bash <<EOF`) is parsed as shell in turn, at its own offsets.
import { EXITS_AT_ONCE, READS_STDIN } from "../knowledge/index.js";
import type { ShellNode as TSNode } from "../parse/shell-fast.js";
import { parseScript, parseScriptOf, withShellTree, type Word } from "../parse/shell.js";
import type { SourceFile, Span } from "../types.js";
import type { Arg } from "./chain.js";

export interface DockerBuildCall {
  tags: string[];
  /** build context as written (relative to the file's directory) */
  context: string;
  /** -f/--file */
  dockerfile: string | null;
  target: string | null;
}

export interface DockerRunCall {
  /** from the command's first word to the end of that line or of the command, whichever comes first */
  span: Span;
  /** the image when it is known from the file; a tag that only the shell knows is kept as written (`postgres:$PG_TAG`) */
  image: string | null;
  /**
   * the image is decided when the command runs: the word as written, in the image's place (`"$(shuf -n 1 images.txt)"`)
   * or in front of it among the options (`"${args[@]}"`: which word is the image is then not known)
   */
  imageUnknown: { written: string; inOptions: boolean } | null;
  name: string | null;
  detach: boolean;
  /** started in the background with `&`: it runs on as if detached */
  background: boolean;
  interactive: boolean;
  restart: string | null;
  init: boolean;
  rm: boolean;
  pid: string | null;
  entrypoint: { args: Arg[]; span: Span } | null;
  command: { args: Arg[]; span: Span } | null;
  /** the container's command (with the `--entrypoint` override) ends at once: `true`, `echo …`, `sh -c 'exit 0'` */
  exitsAtOnce: boolean;
}

/**
 * Whether a `docker run` call is a job rather than a long-running container: it runs in the foreground (not
 * `-d`, not `&`) with no restart policy (`--rm` or not), or its command ends at once. `argsToImageProgram`: the image's own
 * ENTRYPOINT takes the command as arguments, so a command such as `true` is not what runs.
 */
export function runIsOneShot(run: DockerRunCall, argsToImageProgram: boolean): boolean {
  if (!run.detach && !run.background && !run.restart) return true;
  return run.exitsAtOnce && (run.entrypoint !== null || !argsToImageProgram);
}

// ---------------------------------------------------------------------------------------------------------
// executed commands

/** A command as the shell runs it; offsets are in the file's text. */
interface Cmd {
  words: Word[];
  start: number;
  end: number;
  /** started with `&` */
  background: boolean;
}

/** Maps offsets in a text made by expansion back to the file's text. */
type OffsetMap = (pos: number, isEnd: boolean) => number;

const cache = new WeakMap<SourceFile, Promise<Cmd[]>>();

/** Commands the file executes that name docker or podman (any word), in source order. */
function containerCommands(file: SourceFile): Promise<Cmd[]> {
  let p = cache.get(file);
  if (!p) {
    p = collectFile(file);
    cache.set(file, p);
  }
  return p;
}

async function collectFile(file: SourceFile): Promise<Cmd[]> {
  if (!/\b(docker|podman)\b/.test(file.text)) return [];
  // CRLF: the carriage return would end up in the last word of each line; a space keeps every offset
  const text = file.text.replace(/\r(?=\n)/g, " ");
  const out: Cmd[] = [];
  if (isMakefile(file.path)) {
    for (const piece of makeShellPieces(text)) {
      const cmds = new Map<number, Cmd>();
      await collectShell(file, piece.text, 0, new Map(), 0, cmds);
      for (const c of cmds.values()) out.push(mapCmd(c, piece.map));
    }
  } else {
    const cmds = new Map<number, Cmd>();
    await collectShell(file, text, 0, new Map(), 0, cmds);
    out.push(...cmds.values());
  }
  return out.filter((c) => c.words.some((w) => w.kind === "lit" && /^(?:.*\/)?(docker|podman)$/.test(w.text))).sort((a, b) => a.start - b.start);
}

function isMakefile(p: string): boolean {
  const name = p.slice(p.lastIndexOf("/") + 1);
  return /^(GNUmakefile|[Mm]akefile)$/.test(name) || name.endsWith(".mk");
}

function mapCmd(c: Cmd, map: OffsetMap): Cmd {
  const words = c.words.map((w) => ({ ...w, start: map(w.start, false), end: map(w.end, true) }));
  return { words, start: map(c.start, false), end: map(c.end, true), background: c.background };
}

const SHELLS = new Set(["sh", "bash", "dash", "ash", "zsh", "ksh", "mksh", "busybox"]);
const MAX_NESTING = 6;

/**
 * Commands of `text` (offsets + `base`), and those of the code nested in it that the shell runs.
 * `vars`: literal variables of the enclosing script, known inside `$( … )` and `sh -c` strings.
 */
async function collectShell(file: SourceFile, text: string, base: number, vars: Map<string, string>, depth: number, out: Map<number, Cmd>): Promise<void> {
  // the enclosing script's variables are set in front of the nested code, so that its words resolve the same way
  let prefix = "";
  for (const [k, v] of vars) prefix += `${k}='${v.replace(/'/g, "'\\''")}'\n`;
  // the file's own text at depth 0 is the script the chain also reads: one parse of it
  const model = await parseScriptOf(file, prefix + text, base - prefix.length);
  for (const c of model.commands) {
    if (c.start >= base && !out.has(c.start)) out.set(c.start, { words: c.words, start: c.start, end: c.end, background: c.background });
  }
  if (depth >= MAX_NESTING || !/[`$]|<<|-\w*c|eval/.test(text)) return;
  const inner = new Map([...vars, ...model.vars]);
  for (const r of await nestedCode(text)) {
    await collectShell(file, text.slice(r.start, r.end), base + r.start, inner, depth + 1, out);
  }
}

/** Parts of a script that the shell runs as code of their own: `$( … )`, `` ` … ` ``, `<( … )`, `sh -c '…'`, `eval '…'`, `bash <<EOF`. */
async function nestedCode(text: string): Promise<{ start: number; end: number }[]> {
  return withShellTree(text, (root) => {
    if (!root) return [];
    const out: { start: number; end: number }[] = [];
    const stack: TSNode[] = [root];
    while (stack.length) {
      const n = stack.pop()!;
      if (n.type === "command_substitution" || n.type === "process_substitution") {
        const open = n.text.startsWith("`") ? 1 : 2;
        if (n.endIndex - n.startIndex > open + 1) out.push({ start: n.startIndex + open, end: n.endIndex - 1 });
        continue;
      }
      if (n.type === "command") {
        const code = codeArgument(n);
        if (code) out.push(code);
      }
      if (n.type === "redirected_statement") {
        const body = n.childForFieldName("body");
        if (body?.type === "command" && SHELLS.has(baseName(body.childForFieldName("name")?.text ?? "")) && !codeArgument(body)) {
          for (const r of n.namedChildren) {
            if (r?.type !== "heredoc_redirect") continue;
            const hb = r.namedChildren.find((c) => c?.type === "heredoc_body");
            if (hb) out.push({ start: hb.startIndex, end: hb.endIndex });
          }
        }
      }
      for (let i = n.childCount - 1; i >= 0; i--) {
        const c = n.child(i)!;
        // a heredoc body fed to a shell is parsed on its own; a single-quoted string holds no code
        if (c.type === "raw_string" || c.type === "comment") continue;
        stack.push(c);
      }
    }
    return out;
  });
}

/** The quoted code of `sh -c '…'` / `bash -ec "…"` / `eval '…'`, without its quotes. */
function codeArgument(cmd: TSNode): { start: number; end: number } | null {
  const name = baseName(cmd.childForFieldName("name")?.text ?? "");
  const args = cmd.namedChildren.filter((c): c is TSNode => c !== null && c.type !== "command_name" && c.type !== "variable_assignment" && !c.type.endsWith("redirect"));
  let code: TSNode | undefined;
  if (name === "eval" && args.length === 1) code = args[0];
  else if (SHELLS.has(name)) {
    const i = args.findIndex((a) => /^-[a-z]*c[a-z]*$/.test(a.text));
    if (i !== -1) code = args[i + 1];
  }
  if (!code || (code.type !== "raw_string" && code.type !== "string")) return null;
  return code.endIndex - code.startIndex > 2 ? { start: code.startIndex + 1, end: code.endIndex - 1 } : null;
}

function baseName(p: string): string {
  return p.slice(p.lastIndexOf("/") + 1);
}

// ---------------------------------------------------------------------------------------------------------
// Makefiles: recipe lines (and `$(shell …)`) become shell text after make's expansion, with an offset map

interface ShellPiece {
  text: string;
  map: OffsetMap;
}

const MAKE_UNKNOWN = "${__make_unknown__}";

/** Variables a Makefile sets with a value known from the file (assigned once, or to the same value). */
function makeVariables(lines: string[]): Map<string, string | null> {
  const vars = new Map<string, string | null>();
  for (const line of lines) {
    const m = /^\s*(?:(?:export|override)\s+)*([A-Za-z_][A-Za-z0-9_.-]*)\s*(\?=|:=|::=|:::=|=|\+=|!=)\s*(.*?)\s*$/.exec(line);
    if (!m) continue;
    const [, name, op] = m as unknown as [string, string, string];
    let value: string | null = m[3]!.replace(/\s+#.*$/, "");
    if (op === "!=") value = null;
    else if (op === "+=") {
      const old = vars.get(name);
      value = old === undefined ? value : old === null ? null : old ? `${old} ${value}` : value;
    } else if (op === "?=" && vars.has(name)) continue;
    else if (vars.has(name) && vars.get(name) !== value) value = null; // two different values: which one applies is not known here
    vars.set(name, value);
  }
  return vars;
}

/** Each recipe line (a shell command line of its own) and each `$(shell …)` outside recipes, expanded. */
function makeShellPieces(text: string): ShellPiece[] {
  const lines: { text: string; start: number }[] = [];
  const re = /[^\n]*(?:\n|$)/g;
  for (let m = re.exec(text); m && m[0] !== ""; m = re.exec(text)) lines.push({ text: m[0].replace(/\n$/, ""), start: m.index });
  // non-recipe lines with their continuations joined, for variables
  const vars = makeVariables(lines.filter((l) => !l.text.startsWith("\t")).map((l) => l.text));
  const pieces: ShellPiece[] = [];
  let inRule = false;
  let inDefine = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    // a logical line: make joins lines that end with an odd number of backslashes
    let last = i;
    while (/(^|[^\\])(\\\\)*\\$/.test(lines[last]!.text) && last + 1 < lines.length) last++;
    const end = lines[last]!.start + lines[last]!.text.length;
    const logical = text.slice(line.start, end);
    if (inDefine) {
      if (/^\s*endef\b/.test(line.text)) inDefine = false;
      else if (line.text.startsWith("\t")) recipe(line.start + 1, end);
      i = last;
      continue;
    }
    if (line.text.startsWith("\t") && inRule) {
      recipe(line.start + 1, end);
      i = last;
      continue;
    }
    i = last;
    if (/^\s*(#|$)/.test(line.text) || /^\s*(ifeq|ifneq|ifdef|ifndef|else|endif)\b/.test(line.text)) continue;
    if (/^\s*(?:(?:export|override)\s+)*define\b/.test(line.text)) {
      inDefine = true;
      continue;
    }
    shellCalls(line.start, logical);
    const colon = /^[^=#]*?[^:=#]:(?![:=])/.exec(logical) ?? /^:(?![:=])/.exec(logical);
    const assignment = /^\s*(?:(?:export|override)\s+)*[A-Za-z_][A-Za-z0-9_.-]*\s*(\?=|:=|::=|:::=|=|\+=|!=)/.test(logical);
    inRule = !!colon && !assignment && !/^\s*(-?include|sinclude|vpath|export|unexport)\b/.test(logical);
    if (inRule) {
      // `target: prerequisites ; recipe`
      const semi = logical.indexOf(";", colon![0].length);
      if (semi !== -1 && !/=/.test(logical.slice(colon![0].length, semi))) recipe(line.start + semi + 1, end);
    }
  }
  return pieces;

  function recipe(start: number, end: number): void {
    // make's own prefixes: @ (silent), - (ignore errors), + (always run)
    const m = /^[\s@+-]*/.exec(text.slice(start, end))!;
    pieces.push(expandMake(text, start + m[0].length, end, vars));
  }

  /** `$(shell …)` in a variable or a rule line: make runs it through the shell. */
  function shellCalls(start: number, logical: string): void {
    for (let k = logical.indexOf("$(shell"); k !== -1; k = logical.indexOf("$(shell", k + 1)) {
      if (!/\s/.test(logical[k + 7] ?? "")) continue;
      const close = matchingParen(logical, k + 1, logical.length);
      if (close === -1) break;
      // a `$(shell …)` nested in this one is part of its text
      pieces.push(expandMake(text, start + k + 8, start + close, vars));
      k = close;
    }
  }
}

/** Index of the `)` or `}` closing the bracket at `open` (before `limit`), or -1. */
function matchingParen(s: string, open: number, limit: number): number {
  const o = s[open]!;
  const c = o === "(" ? ")" : "}";
  let depth = 0;
  for (let i = open; i < limit; i++) {
    if (s[i] === o) depth++;
    else if (s[i] === c && --depth === 0) return i;
  }
  return -1;
}

/** [text start, text end, file start, file end, exact]: an exact segment is copied, the others were expanded */
type Segment = [number, number, number, number, boolean];

/**
 * Make's expansion of text[start, end) for the shell: `$$` → `$`, variables known from the file → their value,
 * `$(shell cmd)` → `$(cmd)`, anything else (automatic variables, functions, variables set elsewhere) → an
 * expansion that the shell parser keeps as unknown.
 */
function expandMake(text: string, start: number, end: number, vars: Map<string, string | null>): ShellPiece {
  const segs: Segment[] = [];
  let out = "";
  const emit = (s: string, from: number, to: number, exact: boolean): void => {
    if (!s) return;
    segs.push([out.length, out.length + s.length, from, to, exact]);
    out += s;
  };
  const isName = (n: string): boolean => /^[A-Za-z_][A-Za-z0-9_.-]*$/.test(n);
  const expandValue = (v: string, depth: number): string => {
    if (depth > 8) return MAKE_UNKNOWN;
    return v.replace(/\$\$|\$\(([^()]*)\)|\$\{([^{}]*)\}|\$(.)/g, (m, a?: string, b?: string, c?: string) => {
      if (m === "$$") return "$";
      const name = a ?? b ?? c ?? "";
      const val = vars.get(name);
      return isName(name) && typeof val === "string" ? expandValue(val, depth + 1) : MAKE_UNKNOWN;
    });
  };
  const walk = (from: number, to: number): void => {
    let lit = from;
    let i = from;
    while (i < to) {
      if (text[i] !== "$") {
        i++;
        continue;
      }
      emit(text.slice(lit, i), lit, i, true);
      const next = text[i + 1];
      const close = next === "(" || next === "{" ? matchingParen(text, i + 1, to) : -1;
      if (next === "$") {
        emit("$", i, i + 2, false);
        i += 2;
      } else if (close !== -1) {
        const inner = text.slice(i + 2, close);
        const val = vars.get(inner);
        if (/^shell\s/.test(inner)) {
          emit("$(", i, i + 8, false);
          walk(i + 8, close);
          emit(")", close, close + 1, false);
        } else emit(isName(inner) && typeof val === "string" ? expandValue(val, 0) : MAKE_UNKNOWN, i, close + 1, false);
        i = close + 1;
      } else {
        // `$@`, `$<` … (or an unclosed reference)
        const stop = next === "(" || next === "{" ? to : Math.min(to, i + 2);
        emit(MAKE_UNKNOWN, i, stop, false);
        i = stop;
      }
      lit = i;
    }
    emit(text.slice(lit, to), lit, to, true);
  };
  walk(start, end);
  const map: OffsetMap = (pos, isEnd) => {
    const seg = segs.find(([os, oe]) => (isEnd ? os < pos && pos <= oe : os <= pos && pos < oe));
    if (!seg) return isEnd ? end : start;
    const [os, , ss, se, exact] = seg;
    return exact ? ss + (pos - os) : isEnd ? se : ss;
  };
  return { text: out, map };
}

// ---------------------------------------------------------------------------------------------------------
// reading the words of a call

function litText(w: Word | undefined): string | null {
  return w && w.kind === "lit" ? w.text : null;
}

/** Skips a wrapper's options from `i`: up to the first word that is not one, or past `--`; `withValue` options take the next word. */
function skipOptions(words: Word[], i: number, withValue: RegExp): number {
  while (i < words.length) {
    const t = litText(words[i]);
    if (t === null || !t.startsWith("-") || t === "-") return i;
    i++;
    if (t === "--") return i;
    if (withValue.test(t)) i++;
  }
  return i;
}

function isAssign(w: Word | undefined): boolean {
  return !!w && w.kind === "lit" && /^[A-Za-z_][A-Za-z0-9_]*=/.test(w.text);
}

/** `env [-i] [-u NAME] [NAME=value …]`: after its options and assignments; null for `env -S` (a command line in one word). */
function skipEnv(words: Word[], at: number): number | null {
  let i = at + 1;
  for (;;) {
    const o = litText(words[i]);
    if (o === null) break;
    if (/^-[a-zA-Z]*S|^--split-string/.test(o)) return null;
    if (isAssign(words[i])) i++;
    else if (/^(-[uC]|--unset|--chdir)$/.test(o)) i += 2;
    else if (o.startsWith("-") && o !== "-") i++;
    else break;
  }
  return i;
}

function skipSudo(words: Word[], at: number): number {
  let i = skipOptions(words, at + 1, /^-[ugphCDrtTUa]$|^--(user|group|host|prompt|chdir|role|type|other-user|close-from|command-timeout)$/);
  while (isAssign(words[i])) i++;
  return i;
}

/**
 * Programs that run the command in their arguments, by name: from the wrapper's word (at `at`), the index of the
 * word after its own (options, assignments, operands); null when what follows is not a command this reader can tell.
 */
const WRAPPERS = new Map<string, (words: Word[], at: number) => number | null>([
  ["sudo", skipSudo],
  ["doas", skipSudo],
  ["exec", (words, at) => skipOptions(words, at + 1, /^-[cl]*a$/)],
  // `command -v docker` looks it up
  ["command", (words, at) => (/^-[pvV]*[vV]/.test(litText(words[at + 1]) ?? "") ? null : skipOptions(words, at + 1, /^$/))],
  ["env", skipEnv],
  ["nohup", (_words, at) => at + 1],
  ["time", (words, at) => skipOptions(words, at + 1, /^$/)],
  ["nice", (words, at) => skipOptions(words, at + 1, /^(-n|--adjustment)$/)],
  // then the duration
  ["timeout", (words, at) => skipOptions(words, at + 1, /^(-s|-k|--signal|--kill-after)$/) + 1],
  ["stdbuf", (words, at) => skipOptions(words, at + 1, /^-[ioe]$/)],
]);

/** Words of a command after the programs that run another one (`sudo`, `exec`, `env X=1`, `nohup`, `timeout 5m` …). */
function unwrap(words: Word[]): Word[] | null {
  let i = 0;
  for (let guard = 0; guard < 8 && i < words.length; guard++) {
    const w = words[i]!;
    const t = litText(w);
    if (t === null) {
      // `$SUDO docker run`: a bare variable in front of docker is a wrapper (empty, sudo …), whatever it holds
      if (w.kind === "dynamic" && /^"?\$\{?[A-Za-z_][A-Za-z0-9_]*\}?"?$/.test(w.raw) && /^(?:.*\/)?(docker|podman)$/.test(litText(words[i + 1]) ?? "")) {
        i++;
        continue;
      }
      return words.slice(i);
    }
    const skip = WRAPPERS.get(baseName(t));
    if (!skip) return words.slice(i);
    const next = skip(words, i);
    if (next === null) return null;
    i = next;
  }
  return i < words.length ? words.slice(i) : null;
}

/** Global options of docker and podman that take a value (`docker --context prod run`). */
const GLOBAL_WITH_VALUE = /^(-c|-H|-l|--config|--context|--host|--log-level|--tlscacert|--tlscert|--tlskey|--connection|--cgroup-manager|--conmon|--events-backend|--hooks-dir|--identity|--imagestore|--module|--network-cmd-path|--network-config-dir|--out|--root|--runroot|--runtime|--runtime-flag|--ssh|--storage-driver|--storage-opt|--tmpdir|--url|--volumepath)$/;

/** `docker|podman [global options] run|container run|build|image build|buildx build …`: the words after the subcommand. */
function containerCall(words: Word[]): { sub: "run" | "build"; rest: Word[] } | null {
  const ws = unwrap(words);
  if (!ws || !/^(docker|podman)$/.test(baseName(litText(ws[0]) ?? ""))) return null;
  let i = 1;
  for (; i < ws.length; i++) {
    const t = litText(ws[i]);
    if (t === null) return null;
    if (!t.startsWith("-")) break;
    if (!t.includes("=") && GLOBAL_WITH_VALUE.test(t)) i++;
  }
  const a = litText(ws[i]);
  const b = litText(ws[i + 1]);
  if (a === "run") return { sub: "run", rest: ws.slice(i + 1) };
  if (a === "container" && b === "run") return { sub: "run", rest: ws.slice(i + 2) };
  if (a === "build" || a === "builder" && b === "build") return { sub: "build", rest: ws.slice(a === "build" ? i + 1 : i + 2) };
  if ((a === "image" && b === "build") || (a === "buildx" && (b === "build" || b === "b"))) return { sub: "build", rest: ws.slice(i + 2) };
  return null;
}

/** Flags of `docker run` / `podman run` that take a value (when not written as --flag=value). */
const WITH_VALUE = new Set([
  "-a", "--attach", "--add-host", "--annotation", "--blkio-weight", "--blkio-weight-device", "--cap-add", "--cap-drop", "--cgroup-parent",
  "--cgroupns", "--cidfile", "--cpu-count", "--cpu-percent", "--cpu-period", "--cpu-quota", "--cpu-rt-period", "--cpu-rt-runtime",
  "--cpu-shares", "-c", "--cpus", "--cpuset-cpus", "--cpuset-mems", "--detach-keys", "--device", "--device-cgroup-rule",
  "--device-read-bps", "--device-read-iops", "--device-write-bps", "--device-write-iops", "--dns", "--dns-option", "--dns-opt",
  "--dns-search", "--domainname", "--entrypoint", "-e", "--env", "--env-file", "--expose", "--gpus", "--group-add", "--health-cmd",
  "--health-interval", "--health-retries", "--health-start-interval", "--health-start-period", "--health-timeout", "-h", "--hostname",
  "--io-maxbandwidth", "--io-maxiops", "--ip", "--ip6", "--ipc", "--isolation", "--kernel-memory", "-l", "--label", "--label-file",
  "--link", "--link-local-ip", "--log-driver", "--log-opt", "--mac-address", "-m", "--memory", "--memory-reservation", "--memory-swap",
  "--memory-swappiness", "--mount", "--name", "--network", "--net", "--network-alias", "--oom-score-adj", "--pid", "--pids-limit",
  "--platform", "-p", "--publish", "--pull", "--restart", "--runtime", "--security-opt", "--shm-size", "--stop-signal", "--stop-timeout",
  "--storage-opt", "--sysctl", "--tmpfs", "-u", "--user", "--userns", "--uts", "-v", "--volume", "--volume-driver", "--volumes-from",
  "-w", "--workdir", "--ulimit", "--log-level",
  // podman
  "--arch", "--authfile", "--cert-dir", "--cgroup-conf", "--cgroups", "--chrootdirs", "--conmon-pidfile", "--creds", "--decryption-key",
  "--env-merge", "--gidmap", "--group-entry", "--hostuser", "--image-volume", "--init-path", "--os", "--passwd-entry", "--personality",
  "--pidfile", "--pod", "--pod-id-file", "--preserve-fds", "--requires", "--retry", "--retry-delay", "--sdnotify", "--seccomp-policy",
  "--secret", "--subgidname", "--subuidname", "--systemd", "--timeout", "--tz", "--uidmap", "--umask", "--unsetenv", "--variant",
]);
/** Short flags of `docker run` that take a value, and those that do not (`-dit`, `-p8080:80`). */
const SHORT_VALUE = new Set("acehlmpuvw");
const SHORT_BOOL = new Set("diPqt");

/** The text of a word as written, with quotes, from the file. */
function sourceOf(file: SourceFile, w: Word): string {
  return file.text.slice(w.start, w.end);
}

function toArg(file: SourceFile, w: Word): Arg {
  const span: Span = { file: file.path, start: w.start, end: w.end };
  if (w.kind === "lit") return { text: w.text, span };
  if (w.kind === "all-args") return { text: '"$@"', span, allArgs: true };
  return { text: w.kind === "self" ? "$0" : sourceOf(file, w), span };
}

/**
 * A word the shell keeps as one word (the image) whatever its value: a double-quoted string with no `[@]`/`$@`,
 * a word that starts with literal text (`postgres:$TAG`), or a plain variable (`$IMAGE`, as images are named).
 * `${args[@]}`, `$(…)` and `$OPTS`-like bags in front of the image make as many words as the shell decides.
 */
function oneWord(w: Word): boolean {
  if (w.kind !== "dynamic") return w.kind === "self";
  if (/\[@\]|\$\{?[@*]/.test(w.raw)) return false;
  if (/^"[^"]*"$/.test(w.raw)) return true;
  if (/^[^$`"'\\]/.test(w.raw)) return true;
  return /^\$\{?[A-Za-z_][A-Za-z0-9_]*\}?$/.test(w.raw);
}

/** `postgres:$PG_TAG`: the repository is written out and only the tag comes from a variable. */
function partialImage(expanded: string, written: string): string | null {
  const s = expanded.replace(/^"|"$/g, "");
  const k = s.search(/[$`"'\\]/);
  if (k <= 0) return null;
  const prefix = s.slice(0, k);
  const colon = prefix.lastIndexOf(":");
  if (colon <= prefix.lastIndexOf("/") || !/^[a-z0-9][a-z0-9._\/:-]*$/i.test(prefix) || colon === 0) return null;
  const repo = prefix.slice(0, colon);
  const tag = /:((?:\$\{[^}]*\}|\$\([^)]*\)|\$\w+|[\w.-])+)"?$/.exec(written.replace(/^"/, ""));
  return `${repo}:${tag && tag[1]!.includes("$") ? tag[1] : "…"}`;
}

/** The container's argv ends at once (nothing of it waits, loops or serves). */
async function exitsAtOnce(argv: Arg[], interactive: boolean): Promise<boolean> {
  if (argv.length === 0 || argv.some((a) => a.allArgs)) return false;
  const prog = baseName(argv[0]!.text);
  if (SHELLS.has(prog) && prog !== "busybox") {
    const c = argv.findIndex((a, i) => i > 0 && /^-[a-z]*c[a-z]*$/.test(a.text));
    if (c === -1 || c + 1 >= argv.length) return false;
    const model = await parseScript(argv[c + 1]!.text);
    if (model.errors.length || model.backgroundJobs.length || model.commands.length === 0) return false;
    return model.commands.every(
      (cmd) => !cmd.conditional && !cmd.inFunction && cmd.words[0]!.kind === "lit" && EXITS_AT_ONCE.has(baseName(cmd.words[0]!.text)) && !(READS_STDIN.has(baseName(cmd.words[0]!.text)) && cmd.words.length === 1 && !cmd.redirected),
    );
  }
  if (argv[0]!.text.includes("$")) return false;
  // `node --version`, `python --help`, `--version` given to the image's entrypoint: a probe prints and exits, whatever the program
  if (argv.length <= 2 && /^(--version|--help)$/.test(argv[argv.length - 1]!.text)) return true;
  if (!EXITS_AT_ONCE.has(prog)) return false;
  if (interactive && READS_STDIN.has(prog) && argv.slice(1).every((a) => a.text.startsWith("-"))) return false;
  return true;
}

// ---------------------------------------------------------------------------------------------------------
// the calls

/** `docker build -t name[:tag] [-f file] [--target t] context` calls, with literal tags. */
export async function findDockerBuilds(file: SourceFile): Promise<DockerBuildCall[]> {
  const out: DockerBuildCall[] = [];
  for (const cmd of await containerCommands(file)) {
    const call = containerCall(cmd.words);
    if (!call || call.sub !== "build") continue;
    const words = call.rest;
    const build: DockerBuildCall = { tags: [], context: ".", dockerfile: null, target: null };
    const rest: (string | null)[] = [];
    for (let k = 0; k < words.length; k++) {
      const w = litText(words[k]);
      if (w === null) {
        rest.push(null);
        continue;
      }
      const eq = w.indexOf("=");
      const flag = w.startsWith("--") && eq !== -1 ? w.slice(0, eq) : w;
      const inline = w.startsWith("--") && eq !== -1 ? w.slice(eq + 1) : /^-[tf]./.test(w) ? w.slice(2) : null;
      const short = inline !== null && !w.startsWith("--") ? w.slice(0, 2) : flag;
      const value = (): string | null => inline ?? litText(words[++k]);
      if (short === "-t" || flag === "--tag") {
        const t = value();
        if (t) build.tags.push(t);
      } else if (short === "-f" || flag === "--file") build.dockerfile = value();
      else if (flag === "--target") build.target = value();
      else if (/^--(build-arg|label|platform|network|secret|ssh|cache-from|cache-to|output|progress|iidfile|add-host|build-context|shm-size|ulimit|isolation|cgroup-parent|memory|cpu-shares|cpuset-cpus|metadata-file|annotation|attest|builder|call|allow)$/.test(flag) && inline === null) k++;
      else if (!w.startsWith("-") || w === "-") rest.push(w);
    }
    const context = rest[rest.length - 1];
    if (context === null) build.context = "$"; // decided when the command runs: not followed
    else if (context !== undefined) build.context = context;
    if (build.tags.length) out.push(build);
  }
  return out;
}

export async function findDockerRuns(file: SourceFile): Promise<DockerRunCall[]> {
  const out: DockerRunCall[] = [];
  for (const cmd of await containerCommands(file)) {
    const call = containerCall(cmd.words);
    if (call?.sub === "run") out.push(await readRun(file, cmd, call.rest));
  }
  return out;
}

/** One `docker run` call: its options, then the image and the command after them. */
async function readRun(file: SourceFile, cmd: Cmd, words: Word[]): Promise<DockerRunCall> {
  const lineEnd = file.text.slice(cmd.start).search(/\r?\n/);
  const span: Span = { file: file.path, start: cmd.start, end: lineEnd === -1 ? cmd.end : Math.min(cmd.end, cmd.start + lineEnd) };
  const run: DockerRunCall = {
    span, image: null, imageUnknown: null, name: null, detach: false, background: cmd.background, interactive: false,
    restart: null, init: false, rm: false, pid: null, entrypoint: null, command: null, exitsAtOnce: false,
  };
  const imageAt = new RunOptions(file, words, run).read();
  if (imageAt !== -1 && imageAt < words.length) await readImageAndCommand(file, words, imageAt, run);
  if (run.restart === "no") run.restart = null;
  return run;
}

/** The options of a `docker run` call, read into the call; read() gives the index of the image's word (-1: not known). */
class RunOptions {
  constructor(
    private readonly file: SourceFile,
    private readonly words: Word[],
    private readonly run: DockerRunCall,
  ) {}

  read(): number {
    const { file, words } = this;
    /** the end of the options is known: the next word that is not an option is the image */
    let boundaryKnown = true;
    for (let k = 0; k < words.length; k++) {
      const w = words[k]!;
      const t = litText(w);
      if (t === null) {
        const raw = w.kind === "dynamic" ? w.raw.replace(/^["']/, "") : "";
        const opt = /^(-{1,2}[A-Za-z0-9][A-Za-z0-9-]*)(=?)/.exec(raw);
        if (opt) {
          // `--name="$NAME"`, `-v"$PWD":/src`: an option whose value the shell decides
          if (opt[1]!.startsWith("--")) this.apply(opt[1]!, opt[2] ? raw.slice(opt[0].length) : null, !opt[2], wordSpan(file, w));
          else k = this.shortFlags(opt[1]!, w, k, false);
          continue;
        }
        if (boundaryKnown && oneWord(w)) return k;
        // `${args[@]}`, `"$@"`, `$(…)`: as many words as the shell makes, options or the image
        boundaryKnown = false;
        this.run.imageUnknown ??= { written: sourceOf(file, w), inOptions: true };
        continue;
      }
      if (t === "--") return boundaryKnown ? k + 1 : -1;
      if (!t.startsWith("-") || t === "-") return boundaryKnown ? k : -1;
      if (t.startsWith("--")) k = this.longFlag(t, w, k);
      else k = this.shortFlags(t, w, k, true);
    }
    return -1;
  }

  /** `--flag=value`, `--flag value` or a flag alone; the index of the last word it takes. */
  private longFlag(t: string, w: Word, k: number): number {
    const { file, words } = this;
    const eq = t.indexOf("=");
    if (eq !== -1) this.apply(t.slice(0, eq), t.slice(eq + 1), true, wordSpan(file, w));
    else if (WITH_VALUE.has(t)) {
      const next = words[++k];
      this.apply(t, next ? (litText(next) ?? sourceOf(file, next)) : "", !next || next.kind === "lit", next ? wordSpan(file, next) : wordSpan(file, w));
    } else this.apply(t, null, true, wordSpan(file, w));
    return k;
  }

  /** short flags, grouped (`-dit`) or with a value attached (`-p8080:80`) or in the next word */
  private shortFlags(flags: string, w: Word, k: number, known: boolean): number {
    const { file, words } = this;
    const at = wordSpan(file, w);
    for (let j = 1; j < flags.length; j++) {
      const ch = flags[j]!;
      if (SHORT_VALUE.has(ch)) {
        if (j + 1 < flags.length || !known) this.apply(`-${ch}`, sourceOf(file, w).slice(j + 1), known && w.kind === "lit", at);
        else {
          const next = words[k + 1];
          this.apply(`-${ch}`, next ? (litText(next) ?? sourceOf(file, next)) : "", !!next && next.kind === "lit", next ? wordSpan(file, next) : at);
          return k + 1;
        }
        return k;
      }
      if (SHORT_BOOL.has(ch)) this.apply(`-${ch}`, null, true, at);
    }
    return k;
  }

  /** `value`: the option's value as the file writes it; `known`: the value is a literal, not decided by the shell */
  private apply(flag: string, value: string | null, known: boolean, at: Span): void {
    const run = this.run;
    const v = known ? value : null;
    switch (flag) {
      case "-d":
      case "--detach":
        run.detach = v !== "false";
        break;
      case "-i":
      case "--interactive":
        run.interactive = v !== "false";
        break;
      case "--init":
        run.init = v !== "false";
        break;
      case "--rm":
        run.rm = v !== "false";
        break;
      case "--name":
        run.name = v;
        break;
      case "--pid":
        run.pid = v;
        break;
      case "--restart":
        // a policy that only the shell knows is kept as written: the container may restart
        run.restart = value;
        break;
      case "--entrypoint":
        run.entrypoint = { args: entrypointArgs(value ?? "", known, at), span: at };
        break;
    }
  }
}

/** The image's word (as written when the shell decides it) and the command after it. */
async function readImageAndCommand(file: SourceFile, words: Word[], imageAt: number, run: DockerRunCall): Promise<void> {
  const iw = words[imageAt]!;
  if (iw.kind === "lit") run.image = iw.text || null;
  else {
    const written = sourceOf(file, iw);
    run.image = iw.kind === "dynamic" ? partialImage(iw.raw, written) : null;
    if (!run.image) run.imageUnknown = { written, inOptions: false };
  }
  const cmdWords = words.slice(imageAt + 1);
  if (cmdWords.length) {
    run.command = { args: cmdWords.map((x) => toArg(file, x)), span: { file: file.path, start: cmdWords[0]!.start, end: cmdWords[cmdWords.length - 1]!.end } };
  }
  const argv = [...(run.entrypoint?.args ?? []), ...(run.command?.args ?? [])];
  run.exitsAtOnce = (run.entrypoint !== null || run.command !== null) && (await exitsAtOnce(argv, run.interactive));
}

function wordSpan(file: SourceFile, w: Word): Span {
  return { file: file.path, start: w.start, end: w.end };
}

/** `--entrypoint` replaces the image's ENTRYPOINT with one program (podman also takes a JSON array); `""` clears it. */
function entrypointArgs(value: string, known: boolean, span: Span): Arg[] {
  if (!known) return [{ text: value, span }];
  if (value === "") return [];
  if (value.startsWith("[")) {
    try {
      const parsed: unknown = JSON.parse(value);
      if (Array.isArray(parsed)) return parsed.map((t) => ({ text: String(t), span }));
    } catch {
      // not JSON: a program name
    }
  }
  return [{ text: value, span }];
}

/** Why PID 1 is unknown when the image is decided by the shell. */
export function imageUnknownWhy(unknown: { written: string; inOptions: boolean }): string {
  const w = unknown.written.replace(/\s+/g, " ");
  const shown = `\`${w.length > 40 ? `${w.slice(0, 39)}…` : w}\``;
  return unknown.inOptions ? `${shown} expands to words only the shell knows: which one is the image is not known` : `the image is decided when the command runs: ${shown}`;
}
