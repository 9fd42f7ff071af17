// Dockerfiles, read as dockerfile-ast reads them (by dockerfile-fast.ts where it can, else by the package itself):
// stages, FROM <stage> inheritance, ARG expansion in FROM, exec form vs shell form decided as Docker decides it,
// escape directive, heredocs.
import { dockerfileAst, type DockerfileAstModule } from "./dockerfile-ast-lazy.js";
import type { ParseProblem } from "./types.js";
import { offsetOf } from "../source.js";
import { FLAGGED, scanDockerfile, type ScannedDockerfile } from "./dockerfile-fast.js";
import type { SourceFile, Span } from "../types.js";

/**
 * dockerfile-ast splits an instruction's arguments afresh on every call, about six times per instruction (the
 * constructor of each JSON-form instruction, its flags, its argument range), each split allocating positions
 * for every word: the largest cost of reading Dockerfiles. An instruction's text never changes once parsed,
 * so the split is kept per instruction; every caller gets its own copy of the list (the package's flag
 * handling shifts words off the list it gets).
 */
function rememberArgumentSplits(Instruction: DockerfileAstModule["Instruction"]): void {
  type Split = () => unknown[];
  const proto = Instruction.prototype as unknown as { getRawArguments: Split };
  const split = proto.getRawArguments;
  // on the instruction itself (a weak map keyed by short-lived instructions costs the collector more)
  const kept = Symbol("compose-lint argument split");
  proto.getRawArguments = function (this: { [kept]?: unknown[] }): unknown[] {
    const args = (this[kept] ??= split.call(this));
    return args.slice();
  };
}

let astParser: DockerfileAstModule["DockerfileParser"] | null = null;

/** dockerfile-ast's parser, loaded on first use (src/parse/dockerfile-ast-lazy.ts) with its argument splits kept. */
function dockerfileParser(): DockerfileAstModule["DockerfileParser"] {
  if (!astParser) {
    const ast = dockerfileAst();
    rememberArgumentSplits(ast.Instruction);
    astParser = ast.DockerfileParser;
  }
  return astParser;
}

export interface CommandInstruction {
  keyword: "CMD" | "ENTRYPOINT" | "HEALTHCHECK";
  form: "exec" | "shell" | "none";
  /**
   * exec form: the JSON array; shell form: the SHELL in effect at the instruction, then the text
   * (`["/bin/sh", "-c", text]` by default). A HEALTHCHECK's shell form runs, at each check, with the SHELL of
   * the image that runs it (the running stage's `shell`), not the one in effect here.
   */
  argv: string[];
  /** shell form: the command text (continuations joined) */
  shellText: string | null;
  /** whole instruction */
  span: Span;
  /** the argument part (for HEALTHCHECK: after `CMD`) */
  argsSpan: Span;
  line: number;
  stage: Stage;
}

export interface CopyInstruction {
  keyword: "COPY" | "ADD";
  sources: string[];
  dest: string;
  from: string | null;
  chmod: string | null;
  /** WORKDIR in effect when the COPY ran (relative destinations resolve against it) */
  workdir: string;
  span: Span;
  line: number;
  /** heredoc bodies by name (COPY <<EOF /start.sh) */
  heredocs: Map<string, { text: string; start: number }>;
}

/** A USER instruction: the user the following instructions build as, and the image runs as. */
export interface UserInstruction {
  /** the argument as written (`node`, `1000:1000`, `${APP_USER}`) */
  text: string;
  /** the user part, before any `:group`, as written */
  user: string;
  span: Span;
  line: number;
  /** the stage it is written in (an earlier stage when inherited through FROM <stage>) */
  stage: Stage;
}

/** A SHELL instruction (its JSON array). */
export interface ShellInstruction {
  argv: string[];
  span: Span;
  line: number;
  /** the stage it is written in (an earlier stage when inherited through FROM <stage>) */
  stage: Stage;
}

/** One instruction of a stage, with the state it runs in. */
export interface StageInstruction {
  keyword: string;
  span: Span;
  line: number;
  /** the arguments, continuation lines joined (for RUN/COPY/ADD with a heredoc: the first line only) */
  args: string;
  /** the SHELL in effect when this instruction runs (for a SHELL instruction: the one before it) */
  shell: string[];
  /** the USER in effect when this instruction runs (for a USER instruction: the one before it); null: the base image's user */
  user: UserInstruction | null;
}

/** Docker's shell for shell-form instructions on Linux when no SHELL is given. */
export const DEFAULT_SHELL: readonly string[] = ["/bin/sh", "-c"];

export interface Stage {
  index: number;
  name: string | null;
  /** the image or stage reference after ARG expansion */
  from: string;
  fromSpan: Span;
  /** `FROM --platform=<value>` after ARG expansion, when given */
  platform: string | null;
  /** the earlier stage this one is built FROM, when it names one */
  base: Stage | null;
  entrypoint: CommandInstruction | null;
  cmd: CommandInstruction | null;
  healthcheck: CommandInstruction | null;
  workdir: string;
  env: Map<string, string>;
  copies: CopyInstruction[];
  /** SHELL in effect at the end of the stage (default /bin/sh -c), inherited through FROM <stage> */
  shell: string[];
  /** the SHELL instruction `shell` comes from; null: Docker's default */
  shellInstruction: ShellInstruction | null;
  /** USER in effect at the end of the stage, inherited through FROM <stage>; null: the base image's own user (not in this file) */
  user: UserInstruction | null;
  /** the USER instructions written in this stage, in order */
  users: UserInstruction[];
  /** package managers seen in RUN (apk, apt-get, dnf, microdnf, yum) */
  packageManagers: Set<string>;
  /** RUN lines that install/download an init (tini, dumb-init…) */
  runText: string[];
  /** instructions of this stage in order, FROM first */
  instructions: StageInstruction[];
}

export interface DockerfileModel {
  source: SourceFile;
  stages: Stage[];
  escape: string;
}

const HEREDOC_RE = /<<(-?)\s*(["']?)([A-Za-z_][A-Za-z0-9_]*)\2/g;

/** Replaces heredoc bodies with blanks (newlines kept) so dockerfile-ast cannot mis-split them; returns bodies. */
export function maskHeredocs(text: string): {
  masked: string;
  bodies: Map<number, Map<string, { text: string; start: number }>>;
  /** heredocs that run to the end of the file: the offset of the instruction's line, and the name */
  unterminated: { start: number; name: string }[];
} {
  const bodies = new Map<number, Map<string, { text: string; start: number }>>();
  const unterminated: { start: number; name: string }[] = [];
  // no heredoc without `<<`: most files
  if (!text.includes("<<")) return { masked: text, bodies, unterminated };
  const lines = text.split(/(?<=\n)/);
  let offset = 0;
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    out.push(line);
    const lineStart = offset;
    offset += line.length;
    const instr = /^\s*(RUN|COPY|ADD)\b/i.exec(line);
    if (!instr || !line.includes("<<")) continue;
    const names: { name: string; strip: boolean }[] = [];
    HEREDOC_RE.lastIndex = 0;
    for (let m = HEREDOC_RE.exec(line); m; m = HEREDOC_RE.exec(line)) names.push({ name: m[3]!, strip: m[1] === "-" });
    if (names.length === 0) continue;
    const found = new Map<string, { text: string; start: number }>();
    for (const { name, strip } of names) {
      const bodyStart = offset;
      const body: string[] = [];
      let closed = false;
      while (i + 1 < lines.length) {
        const next = lines[++i]!;
        offset += next.length;
        const bare = next.replace(/\r?\n$/, "");
        if ((strip ? bare.replace(/^\t+/, "") : bare) === name) {
          // the terminator stays: dockerfile-ast parses `<<'EOF'` heredocs itself and looks for it
          out.push(next);
          closed = true;
          break;
        }
        body.push(next);
        out.push(blank(next));
      }
      found.set(name, { text: body.join(""), start: bodyStart });
      if (!closed) {
        unterminated.push({ start: lineStart, name });
        break;
      }
    }
    bodies.set(lineStart, found);
  }
  return { masked: out.join(""), bodies, unterminated };
}

function blank(line: string): string {
  return line.replace(/[^\r\n]/g, " ");
}

/** Docker's rule: the argument text is exec form when it parses as a JSON array of strings. */
export function parseExecForm(args: string): string[] | null {
  const t = args.trim();
  if (!t.startsWith("[")) return null;
  try {
    const v: unknown = JSON.parse(t);
    if (Array.isArray(v) && v.every((x) => typeof x === "string")) return v as string[];
  } catch {
    return null;
  }
  return null;
}

const continuationRes = new Map<string, RegExp>();

/** Joins continuation lines the way Docker does (escape char + newline removed, comment lines dropped). */
export function joinContinuations(raw: string, escape: string): string {
  // no escape character, no continuation (most instructions)
  if (!raw.includes(escape)) return raw;
  let re = continuationRes.get(escape);
  if (!re) {
    const esc = escape.replace(/[\\^$.*+?()[\]{}|]/g, "\\$&");
    continuationRes.set(escape, (re = new RegExp(`${esc}[ \\t]*\\r?\\n`)));
  }
  const parts = raw.split(re);
  return parts
    .map((p, i) => (i === 0 ? p : p.replace(/^(?:[ \t]*#[^\n]*\r?\n)+/, "")))
    .join("");
}

export function expandArgs(text: string, vars: Map<string, string>): string {
  return text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?([-+])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (_m, a, op, word, b) => {
    const name = (a ?? b) as string;
    const val = vars.get(name);
    if (op === "-") return val ? val : (word as string);
    if (op === "+") return val ? (word as string) : "";
    return val ?? "";
  });
}

/** `ARG a=1 b` → [a, "1"], [b, null] (quotes around a value removed). */
function argDeclarations(args: string): [string, string | null][] {
  const out: [string, string | null][] = [];
  for (const a of args.trim().split(/\s+/)) {
    const eq = a.indexOf("=");
    const name = eq === -1 ? a : a.slice(0, eq);
    if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) out.push([name, eq === -1 ? null : a.slice(eq + 1).replace(/^["']|["']$/g, "")]);
  }
  return out;
}

/** Expands only the references to `args` that no ENV of the same name shadows; every other reference stays as written. */
function expandKnown(text: string, args: Map<string, string>, env: Map<string, string>): string {
  return text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?([-+])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (m, a, op, word, b) => {
    const name = (a ?? b) as string;
    if (!args.has(name) || env.has(name)) return m;
    const val = args.get(name)!;
    if (op === "-") return val ? val : (word as string);
    if (op === "+") return val ? (word as string) : "";
    return val;
  });
}

function rangeSpan(source: SourceFile, r: { start: { line: number; character: number }; end: { line: number; character: number } }): Span {
  return { file: source.path, start: offsetOf(source, r.start.line, r.start.character), end: offsetOf(source, r.end.line, r.end.character) };
}

/** An instruction as the model reads it: dockerfile-ast's view, in offsets, without its objects. */
export interface Statement {
  keyword: string;
  span: Span;
  /** 0-based line of the instruction's first character */
  line0: number;
  /** the arguments (flags of FROM, COPY and ADD excluded), or null when there are none */
  argsSpan: Span | null;
  /** `--name=value` flags of FROM, COPY and ADD */
  flags: { name: string; value: string | null }[];
}

type Syntax = ReturnType<typeof maskHeredocs> & { text: string; escape: string; statements: Statement[] };
const syntaxCache = new WeakMap<SourceFile, Syntax>();

/**
 * The heredoc masking and dockerfile-ast parse of a file's text, once per text: a parse with build arguments
 * reads the same syntax as the plain one. Kept as plain statements, so the parser's objects (positions and
 * words of every instruction) are garbage as soon as this returns. Shared: read it, never change it.
 */
function syntaxOf(source: SourceFile): Syntax {
  const cached = syntaxCache.get(source);
  if (cached && cached.text === source.text) return cached;
  const masked = maskHeredocs(source.text);
  const fast = scanDockerfile(masked.masked);
  const syntax = { ...masked, text: source.text, ...(fast ? fastSyntax(source, fast) : astSyntax(source, masked.masked)) };
  syntaxCache.set(source, syntax);
  return syntax;
}

/** The plain files: src/parse/dockerfile-fast.ts reads them as dockerfile-ast would, in offsets. */
function fastSyntax(source: SourceFile, scanned: ScannedDockerfile): { escape: string; statements: Statement[] } {
  const file = source.path;
  const statements = scanned.instructions.map(
    (s): Statement => ({
      keyword: s.keyword,
      span: { file, start: s.start, end: s.end },
      line0: s.line0,
      argsSpan: s.args ? { file, start: s.args.start, end: s.args.end } : null,
      flags: s.flags,
    }),
  );
  return { escape: scanned.escape, statements };
}

function astSyntax(source: SourceFile, masked: string): { escape: string; statements: Statement[] } {
  const ast = dockerfileParser().parse(masked);
  const statements: Statement[] = [];
  for (const instr of ast.getInstructions()) {
    const keyword = instr.getKeyword().toUpperCase();
    const range = instr.getRange();
    const argsRange = instr.getArgumentsRange();
    const flags = FLAGGED.has(keyword) ? ((instr as unknown as { getFlags?: () => { getName(): string; getValue(): string | null }[] }).getFlags?.() ?? []) : [];
    statements.push({
      keyword,
      span: rangeSpan(source, range),
      line0: range.start.line,
      argsSpan: argsRange ? rangeSpan(source, argsRange) : null,
      flags: flags.map((f) => ({ name: f.getName(), value: f.getValue() })),
    });
  }
  return { escape: ast.getEscapeCharacter() || "\\", statements };
}

/**
 * The statements of a Dockerfile as dockerfile-ast reads them, by either reader (for the tests, which compare
 * the two: "ast" always uses dockerfile-ast, "fast" returns null where the fast reader declines).
 */
export function dockerfileStatements(source: SourceFile, reader: "ast" | "fast"): { escape: string; statements: Statement[] } | null {
  const masked = maskHeredocs(source.text).masked;
  if (reader === "ast") return astSyntax(source, masked);
  const fast = scanDockerfile(masked);
  return fast ? fastSyntax(source, fast) : null;
}

/** Package managers a RUN instruction calls (`apt` is apt-get's front end), each with the pattern of a call. */
const PACKAGE_MANAGER_CALLS: [string, RegExp][] = ["apk", "apt-get", "apt", "dnf", "microdnf", "yum", "zypper"].map((pm) => [pm === "apt" ? "apt-get" : pm, new RegExp(`(^|[\\s;&|])${pm}\\s`)]);

/**
 * `buildArgs`: the build's `--build-arg`s (compose `build.args`): they set the ARGs the Dockerfile declares, before
 * the first FROM (used in FROM) and in a stage (used in its ENV, WORKDIR, COPY/ADD); an ARG without a value and
 * without a build arg stays unset. An ARG's scope ends with its stage; ENV of the same name wins over it.
 */
export function parseDockerfile(source: SourceFile, buildArgs?: ReadonlyMap<string, string>): { model: DockerfileModel; problems: ParseProblem[] } {
  const problems: ParseProblem[] = [];
  const { bodies, unterminated, escape, statements } = syntaxOf(source);
  for (const u of unterminated) {
    const end = source.text.indexOf("\n", u.start);
    problems.push({ file: source.path, rule: "parse-error", message: `Dockerfile: the heredoc <<${u.name} is never terminated (no line \`${u.name}\`): it runs to the end of the file`, span: { file: source.path, start: u.start, end: end === -1 ? source.text.length : end } });
  }
  const globalArgs = new Map<string, string>();
  const stages: Stage[] = [];
  let stage: Stage | null = null;
  // the ARGs declared in the current stage, with their values (build arg, default, or the global ARG's)
  let stageArgs = new Map<string, string>();
  const vars = (): Map<string, string> => (stageArgs.size ? new Map([...stageArgs, ...stage!.env]) : stage!.env);

  for (const st of statements) {
    const { keyword, span } = st;
    const line = st.line0 + 1;
    const argsSpan = st.argsSpan ?? { file: source.path, start: span.end, end: span.end };
    let rawArgs = source.text.slice(argsSpan.start, argsSpan.end);
    // a heredoc's body is not part of the instruction's arguments
    if (/<<-?\s*["']?[A-Za-z_]/.test(rawArgs) && /^(RUN|COPY|ADD)$/.test(keyword)) {
      const firstBreak = rawArgs.search(/\r?\n/);
      if (firstBreak !== -1 && !/\\\s*$/.test(rawArgs.slice(0, firstBreak))) rawArgs = rawArgs.slice(0, firstBreak);
    }
    const args = joinContinuations(rawArgs, escape);

    if (keyword === "FROM") {
      const words = args.trim().split(/\s+/).filter((w) => !w.startsWith("--"));
      const from = expandArgs(words[0] ?? "", globalArgs);
      const name = words.length >= 3 && words[1]!.toUpperCase() === "AS" ? words[2]!.toLowerCase() : null;
      const base = stages.find((s) => s.name !== null && s.name === from.toLowerCase()) ?? (/^\d+$/.test(from) ? (stages[Number(from)] ?? null) : null);
      const platformFlag = st.flags.find((f) => f.name === "platform")?.value;
      stage = {
        index: stages.length,
        name,
        from,
        fromSpan: span,
        platform: platformFlag ? expandArgs(platformFlag, globalArgs) : null,
        base,
        entrypoint: base?.entrypoint ?? null,
        cmd: base?.cmd ?? null,
        healthcheck: base?.healthcheck ?? null,
        workdir: base?.workdir ?? "/",
        env: new Map(base?.env ?? []),
        copies: [...(base?.copies ?? [])],
        shell: base?.shell ?? [...DEFAULT_SHELL],
        shellInstruction: base?.shellInstruction ?? null,
        user: base?.user ?? null,
        users: [],
        packageManagers: new Set(base?.packageManagers ?? []),
        runText: [...(base?.runText ?? [])],
        instructions: [],
      };
      stages.push(stage);
      stageArgs = new Map();
      stage.instructions.push({ keyword, span, line, args, shell: stage.shell, user: stage.user });
      continue;
    }
    if (!stage) {
      if (keyword === "ARG") {
        for (const [name, value] of argDeclarations(args)) {
          const v = buildArgs?.get(name) ?? value;
          if (v !== null) globalArgs.set(name, v);
        }
      } else if (!/^(ARG)$/.test(keyword)) {
        problems.push({ file: source.path, rule: "parse-error", message: `Dockerfile: ${keyword} before the first FROM`, span });
      }
      continue;
    }
    stage.instructions.push({ keyword, span, line, args, shell: stage.shell, user: stage.user });
    switch (keyword) {
      case "CMD":
      case "ENTRYPOINT": {
        const c = commandInstruction(keyword, args, span, argsSpan, line, stage);
        if (keyword === "CMD") stage.cmd = c;
        else {
          stage.entrypoint = c;
          // Docker: setting ENTRYPOINT resets a CMD inherited from the base image
          if (stage.cmd && stage.cmd.stage !== stage) stage.cmd = null;
        }
        break;
      }
      case "HEALTHCHECK": {
        const m = /^((?:\s*--\S+)*)\s*(CMD|NONE)\b/i.exec(args);
        if (!m) break;
        if (m[2]!.toUpperCase() === "NONE") {
          stage.healthcheck = { keyword: "HEALTHCHECK", form: "none", argv: [], shellText: null, span, argsSpan, line, stage };
        } else {
          const rest = args.slice(m[0].length);
          const restOffset = rawArgs.indexOf(m[2]!, m[1]!.length) + 3;
          const restSpan = { file: source.path, start: argsSpan.start + Math.max(0, restOffset), end: argsSpan.end };
          while (restSpan.start < restSpan.end && /\s/.test(source.text[restSpan.start]!)) restSpan.start++;
          stage.healthcheck = commandInstruction("HEALTHCHECK", rest, span, restSpan, line, stage);
        }
        break;
      }
      case "ARG": {
        for (const [name, value] of argDeclarations(args)) {
          const v = buildArgs?.get(name) ?? value ?? globalArgs.get(name) ?? null;
          if (v !== null) stageArgs.set(name, v);
          else stageArgs.delete(name);
        }
        break;
      }
      case "WORKDIR": {
        const w = expandArgs(args.trim(), vars());
        stage.workdir = w.startsWith("/") ? w : joinPosix(stage.workdir, w);
        break;
      }
      case "ENV": {
        for (const [k, v] of parseEnv(args)) stage.env.set(k, stageArgs.size && v.includes("$") ? expandKnown(v, stageArgs, stage.env) : v);
        break;
      }
      case "SHELL": {
        const argv = parseExecForm(args);
        if (argv && argv.length > 0) {
          stage.shell = argv;
          stage.shellInstruction = { argv, span, line, stage };
        }
        break;
      }
      case "USER": {
        const text = args.trim();
        if (text) {
          stage.user = { text, user: text.split(":")[0]!, span, line, stage };
          stage.users.push(stage.user);
        }
        break;
      }
      case "COPY":
      case "ADD": {
        stage.copies.push(copyInstruction(keyword, st.flags, args, span, line, bodies.get(offsetOf(source, st.line0, 0)) ?? new Map(), vars(), stage.workdir));
        break;
      }
      case "RUN": {
        stage.runText.push(args);
        for (const [pm, re] of PACKAGE_MANAGER_CALLS) if (re.test(args)) stage.packageManagers.add(pm);
        break;
      }
    }
  }
  if (stages.length === 0 && source.text.trim() !== "") {
    problems.push({ file: source.path, rule: "parse-error", message: "Dockerfile: no FROM instruction", span: { file: source.path, start: 0, end: Math.min(source.text.length, source.lineStarts[1] ?? source.text.length) } });
  }
  return { model: linkStages({ source, stages, escape }, bodies), problems };
}

function commandInstruction(
  keyword: "CMD" | "ENTRYPOINT" | "HEALTHCHECK",
  args: string,
  span: Span,
  argsSpan: Span,
  line: number,
  stage: Stage,
): CommandInstruction {
  const argv = parseExecForm(args);
  if (argv) return { keyword, form: "exec", argv, shellText: null, span, argsSpan, line, stage };
  const text = args.trim();
  return { keyword, form: "shell", argv: [...stage.shell, text], shellText: text, span, argsSpan, line, stage };
}

function parseEnv(args: string): [string, string][] {
  const out: [string, string][] = [];
  const t = args.trim();
  if (!/^[A-Za-z_][A-Za-z0-9_]*=/.test(t)) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)\s+(.*)$/s.exec(t);
    if (m) out.push([m[1]!, m[2]!.trim()]);
    return out;
  }
  const re = /([A-Za-z_][A-Za-z0-9_]*)=("(?:[^"\\]|\\.)*"|'[^']*'|\S*)/g;
  for (let m = re.exec(t); m; m = re.exec(t)) out.push([m[1]!, m[2]!.replace(/^"(.*)"$/s, "$1").replace(/^'(.*)'$/s, "$1")]);
  return out;
}

function copyInstruction(
  keyword: "COPY" | "ADD",
  flags: Statement["flags"],
  args: string,
  span: Span,
  line: number,
  heredocs: Map<string, { text: string; start: number }>,
  env: Map<string, string>,
  workdir: string,
): CopyInstruction {
  let from: string | null = null;
  let chmod: string | null = null;
  const words: string[] = [];
  const exec = parseExecForm(args.replace(/^(\s*--\S+)*/, ""));
  for (const w of args.trim().split(/\s+/)) {
    if (w.startsWith("--") && words.length === 0) {
      const m = /^--([a-z-]+)(?:=(.*))?$/.exec(w);
      if (m?.[1] === "from") from = m[2] ?? null;
      if (m?.[1] === "chmod") chmod = m[2] ?? null;
      continue;
    }
    words.push(w);
  }
  // dockerfile-ast keeps flags out of the argument range: read them from the instruction
  for (const f of flags) {
    if (f.name === "from") from = f.value;
    if (f.name === "chmod") chmod = f.value;
  }
  const list = (exec ?? words.filter((w) => !/^<<-?/.test(w))).map((w) => expandArgs(w, env));
  const dest = list.length > 0 ? list[list.length - 1]! : "";
  const sources = list.slice(0, -1);
  for (const w of words) {
    const m = /^<<-?["']?([A-Za-z_][A-Za-z0-9_]*)/.exec(w);
    if (m) sources.push(`<<${m[1]}`);
  }
  return { keyword, sources, dest, from, chmod, workdir, span, line, heredocs };
}

export function joinPosix(base: string, rel: string): string {
  const parts = (base + "/" + rel).split("/");
  const out: string[] = [];
  for (const p of parts) {
    if (p === "" || p === ".") continue;
    if (p === "..") out.pop();
    else out.push(p);
  }
  return "/" + out.join("/");
}

/** Whether a USER names root (`root`, `0`, with or without a group). Unresolved variables are not root. */
export function isRootUser(u: UserInstruction): boolean {
  return u.user === "root" || /^0+$/.test(u.user);
}

/** The stage a build runs: `target` by name, else the last stage. */
export function runStage(model: DockerfileModel, target: string | null): Stage | null {
  if (target) return model.stages.find((s) => s.name === target.toLowerCase()) ?? null;
  return model.stages[model.stages.length - 1] ?? null;
}

/** The image a stage finally rests on (through FROM <stage>). */
export function baseImage(stage: Stage): string {
  let s: Stage = stage;
  for (let i = 0; i < 64 && s.base; i++) s = s.base;
  return s.from;
}

/** Each parsed stage → the parse it belongs to, and each parse → its heredoc bodies: side tables, so a Stage holds no link back to its list. */
const parseOfStage = new WeakMap<Stage, DockerfileModel>();
const heredocsOfParse = new WeakMap<DockerfileModel, Map<number, Map<string, { text: string; start: number }>>>();

function linkStages(model: DockerfileModel, bodies: Map<number, Map<string, { text: string; start: number }>>): DockerfileModel {
  for (const s of model.stages) parseOfStage.set(s, model);
  heredocsOfParse.set(model, bodies);
  return model;
}

/** The parse a stage came from (its sibling stages), without parsing the Dockerfile again; null for a stage parseDockerfile did not make. */
export function dockerfileOf(stage: Stage): DockerfileModel | null {
  return parseOfStage.get(stage) ?? null;
}

/** A parse's heredoc bodies by the offset of their instruction's line (as maskHeredocs returns them). */
export function heredocBodiesOf(model: DockerfileModel): Map<number, Map<string, { text: string; start: number }>> | null {
  return heredocsOfParse.get(model) ?? null;
}
