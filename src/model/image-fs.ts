// The files of an image and where each came from. For a path in a Dockerfile stage, the instruction that
// put it there (COPY/ADD, or a command inside a RUN: cp, mv, install, ln, wget, curl, tar, a compiler…),
// traced back across stages to its origin: a file of the build context, an outside image, a download, a
// program built by a RUN, a package, or a file a RUN wrote (its content unknown).
// Nothing here runs what it reads; only build-context files inside the linted paths are looked at.
import fs from "node:fs";
import path from "node:path";
import { helperByImage, helperByPackage, helperByUrl, helperPackagePaths, type HelperEntry } from "../knowledge/index.js";
import { basename, imageRepository } from "../knowledge/index.js";
import type { KnowledgeEntry } from "../knowledge/types.js";
import type { FileStore } from "../files.js";
import { joinContinuations, joinPosix, maskHeredocs, parseDockerfile, parseExecForm, type Stage } from "../parse/dockerfile.js";
import { parseScript, type ShellCommand, type Word } from "../parse/shell.js";
import { lineIndexOf } from "../source.js";
import type { SourceFile, Span } from "../types.js";

/** One instruction (or one command of a RUN) that moved or made the file. */
export interface FlowStep {
  keyword: "COPY" | "ADD" | "RUN" | "FROM";
  /** 1-based line of the instruction or command in the Dockerfile */
  line: number;
  span: Span;
  /** the instruction or command, shortened: `RUN cp /src/entrypoint.sh app/` */
  text: string;
  /** the stage's name, or `#<index>` */
  stage: string;
  /** the Dockerfile's name, shown with the line (`Dockerfile:12`) */
  dockerfile: string;
}

interface Steps {
  /** how the file reached the path looked up, in build order: the step that made it first */
  steps: FlowStep[];
  /** set when the origin is inferred rather than read (a toolchain stage, a stage's base image) */
  inferred?: string;
  /** set when the route rests on a reading that may not hold (a source that may be a file, not a directory) */
  speculative?: true;
}

export type FileOrigin =
  | ({ kind: "context"; path: string } & Steps)
  | ({ kind: "image"; image: string; path: string; helper: HelperEntry | null } & Steps)
  | ({ kind: "download"; url: string; helper: HelperEntry | null; how: "file" | "archive" | "git" } & Steps)
  | ({ kind: "package"; manager: string; package: string; helper: HelperEntry | null } & Steps)
  | ({ kind: "built"; program: string; language: string; tool: string } & Steps)
  | ({ kind: "heredoc"; text: string; start: number; file: string; expanded: boolean } & Steps)
  | ({ kind: "generated"; why: string } & Steps)
  | ({ kind: "unknown"; why: string } & Steps)
  | ({ kind: "base"; image: string; path: string } & Steps);

/** What ChainResolver.locateInImage returns: the kinds the chain follows, and the origin behind them. */
export type Located =
  | ({ kind: "file"; path: string } & LocatedInfo)
  | ({ kind: "not-local"; why: string } & LocatedInfo)
  | ({ kind: "outside"; why: string } & LocatedInfo)
  /** a well-known helper (downloaded, installed as a package or copied from its image): see `helper` */
  | ({ kind: "helper"; why: string; helper: HelperEntry } & LocatedInfo)
  | ({ kind: "none" } & LocatedInfo);

export interface LocatedInfo {
  origin?: FileOrigin;
  /** for messages: "wakapi, a Go binary built at Dockerfile:11" */
  description?: string;
  /** for a program built in the image: what it is as PID 1 */
  knowledge?: KnowledgeEntry;
}

// ---------------------------------------------------------------------------------------------------------
// entry points

/** Where the file at one of `candidates` (absolute in-image paths, tried in order) in `stage` comes from. */
export async function locateInStage(files: FileStore, stage: Stage, contextDir: string, candidates: string[]): Promise<Located> {
  const fsModel = imageFsFor(files);
  const rc = fsModel.context(stage, contextDir);
  if (!rc) return { kind: "none" };
  let guess: { origin: FileOrigin; target: string } | null = null;
  for (const target of candidates) {
    const origin = await rc.resolve(stage.index, target);
    if (origin.kind === "base" && origin.steps.length === 0) continue;
    if (isGuess(origin)) {
      guess ??= { origin, target };
      continue;
    }
    return toLocated(origin, target, rc);
  }
  // a guess (another stage's base image, a directory copy that may not hold it) is not enough to call the file foreign
  return guess ? { kind: "none", origin: guess.origin, description: describeOrigin(basename(guess.target), guess.origin, rc.df.dfName) } : { kind: "none" };
}

/** The origin of one in-image path of a stage (for `explain` and tests). */
export async function traceFile(files: FileStore, stage: Stage, contextDir: string, target: string): Promise<FileOrigin> {
  const rc = imageFsFor(files).context(stage, contextDir);
  if (!rc) return { kind: "unknown", why: "the Dockerfile was not read", steps: [] };
  return rc.resolve(stage.index, joinPosix("/", target));
}

/** `COPY . /src (Dockerfile:9) → RUN cp /src/entrypoint.sh app/ (Dockerfile:19) → COPY --from=build-env /staging / (Dockerfile:46)` */
export function routeText(origin: FileOrigin, dfName: string): string {
  return origin.steps.map((s) => `${s.text} (${s.dockerfile || dfName}:${s.line})`).join(" → ");
}

/** A sentence for messages: "wakapi, a Go binary built at Dockerfile:11". */
export function describeOrigin(name: string, origin: FileOrigin, dfName: string): string {
  const first = origin.steps[0];
  const at = first ? `${first.dockerfile || dfName}:${first.line}` : dfName;
  switch (origin.kind) {
    case "built": {
      const what = origin.language === ".NET" && /\.dll$/i.test(name) ? "a .NET assembly" : `a ${origin.language} binary`;
      return origin.inferred ? `${name}, ${what} built in ${origin.inferred} (${at})` : `${name}, ${what} built at ${at}`;
    }
    case "download":
      if (origin.helper) return `${name}, ${origin.helper.title} downloaded at ${at}`;
      return `${name}, ${origin.how === "git" ? "from a git clone of" : "downloaded from"} ${origin.url} at ${at}`;
    case "package":
      return origin.helper ? `${name}, ${origin.helper.title} installed by ${origin.manager} (package ${origin.package}) at ${at}` : `${name}, installed by ${origin.manager} at ${at}`;
    case "image":
      if (origin.inferred) return `${name}, a file of the image ${origin.image} that ${origin.inferred} is built on`;
      return origin.helper ? `${name}, ${origin.helper.title} copied from the image ${origin.image} at ${at}` : `${name}, copied from the image ${origin.image} at ${at}`;
    case "context":
      return origin.steps.length > 1 ? `${name} from the build context (via ${routeText(origin, dfName)})` : `${name} from the build context (${at})`;
    case "heredoc":
      return `${name}, a heredoc in the Dockerfile (${at})`;
    case "generated":
      return `${name}, ${origin.why}`;
    case "unknown":
      return `${name}: ${origin.why}`;
    case "base":
      return origin.steps.length > 0 ? `${name}, copied from ${origin.path} of the base image ${origin.image} (${at})` : `${name} from the base image ${origin.image}`;
  }
}

// ---------------------------------------------------------------------------------------------------------
// the model

const stores = new WeakMap<FileStore, ImageFs>();

export function imageFsFor(files: FileStore): ImageFs {
  let m = stores.get(files);
  if (!m) {
    m = new ImageFs(files);
    stores.set(files, m);
  }
  return m;
}

interface DfFlow {
  source: SourceFile;
  dfName: string;
  escape: string;
  /** stages known without parsing the Dockerfile again: those looked up and the stages they are built FROM */
  known: Map<number, Stage>;
  /** every stage: parsed only when an instruction names a stage that is not known */
  all: Stage[] | null;
  bodies: Map<number, Map<string, { text: string; start: number }>> | null;
  globalArgs: Map<string, string> | null;
  stages: Map<number, Promise<StageFlow>>;
  built: Map<number, StageFlow>;
}

/** Heredoc bodies by the offset of their instruction's line. */
function bodiesOf(df: DfFlow): Map<number, Map<string, { text: string; start: number }>> {
  df.bodies ??= maskHeredocs(df.source.text).bodies;
  return df.bodies;
}

/** ARGs declared before the first FROM, with their defaults. */
function globalArgsOf(df: DfFlow): Map<string, string> {
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

/** Every stage of the Dockerfile (parsed again only when a stage is named that the chain did not bring). */
function allStages(df: DfFlow): Stage[] {
  df.all ??= parserStages(df) ?? parseDockerfile(df.source).model.stages;
  return df.all;
}

/** The parser's own list of stages, when a stage carries it (then the Dockerfile is not parsed again). */
function parserStages(df: DfFlow): Stage[] | null {
  const any = df.known.values().next().value as (Stage & { stages?: Stage[] }) | undefined;
  return any?.stages ?? null;
}

function stageAt(df: DfFlow, index: number): Stage | null {
  return df.known.get(index) ?? allStages(df)[index] ?? null;
}

/** The stage `COPY --from=<ref>` names (by name or index), when it is an earlier stage of this Dockerfile. */
function stageByRef(df: DfFlow, ref: string, before: number): number | null {
  const name = ref.toLowerCase();
  if (/^\d+$/.test(ref)) return Number(ref) < before ? Number(ref) : null;
  for (const s of df.known.values()) if (s.name === name && s.index < before) return s.index;
  // a name that is not a stage of this Dockerfile is an image: only a name written in a FROM … AS can be a stage
  if (!df.all && !parserStages(df) && !new RegExp(`^[ \\t]*FROM[ \\t].*\\bAS[ \\t]+${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}[ \\t]*$`, "im").test(df.source.text)) return null;
  const hit = allStages(df).find((s) => s.name === name && s.index < before);
  return hit ? hit.index : null;
}

interface StageFlow {
  index: number;
  label: string;
  baseIndex: number | null;
  /** the image at the bottom of the FROM chain */
  baseImage: string;
  /** the stage's FROM, as a step */
  fromStep: FlowStep;
  /** what its operations can put in place (to pass over a stage quickly for a path none of them touches) */
  coverUnder: string[];
  coverNames: Set<string>;
  ops: Op[];
  /** directories the stage made (WORKDIR, mkdir, COPY destinations, build output directories) */
  createdDirs: string[];
  /** RUN commands that build with a tool whose outputs are not read (for a toolchain stage's unknown files) */
  buildSteps: FlowStep[];
  runCount: number;
}

type Match = null | { origin: FileOrigin } | { absent: FlowStep } | { tries: Try[]; step: FlowStep } | { image: string; path: string; exact: boolean; step: FlowStep };

interface Try {
  stage: number;
  path: string;
  /** ops of that stage considered: those before this index */
  end: number;
  /** copied from another stage (COPY --from=<stage>) */
  cross: boolean;
}

interface Op {
  step: FlowStep;
  /** the paths it can put something at: below (or at) these directories, or with one of these names anywhere */
  cover: { under: string[]; names?: string[] };
  match(target: string, rc: ResolveCtx, index: number): Match | Promise<Match>;
}

const MAX_DEPTH = 48;

export class ImageFs {
  private dfs = new WeakMap<SourceFile, DfFlow>();
  private ignores = new Map<string, (rel: string) => boolean>();

  private insideDirs = new Map<string, boolean>();
  private contexts = new WeakMap<DfFlow, Map<string, ResolveCtx>>();
  private builds: ((image: string) => { stage: Stage; contextDir: string } | null) | null = null;

  constructor(readonly files: FileStore) {}

  /**
   * Tells the model which images the repository builds (an image name → the stage that builds it and its
   * context), so `FROM <image>` and `COPY --from=<image>` of such an image are read through its Dockerfile.
   */
  setImageBuilds(fn: (image: string) => { stage: Stage; contextDir: string } | null): void {
    this.builds = fn;
  }

  imageBuild(image: string): { stage: Stage; contextDir: string } | null {
    return this.builds ? this.builds(image) : null;
  }

  /** Whether a directory lies inside the linted paths (cached: build contexts are asked about often). */
  dirInside(dir: string): boolean {
    let v = this.insideDirs.get(dir);
    if (v === undefined) {
      v = this.files.contains(dir);
      this.insideDirs.set(dir, v);
    }
    return v;
  }

  /** A resolver for one build (a Dockerfile and its context directory). */
  context(stage: Stage, contextDir: string): ResolveCtx | null {
    const source = this.files.get(stage.fromSpan.file);
    if (!source) return null;
    const df = this.dockerfile(source);
    for (let s: Stage | null = stage, i = 0; s && i < 64; s = s.base, i++) if (!df.known.has(s.index)) df.known.set(s.index, s);
    let byContext = this.contexts.get(df);
    if (!byContext) this.contexts.set(df, (byContext = new Map()));
    let rc = byContext.get(contextDir);
    if (!rc) byContext.set(contextDir, (rc = new ResolveCtx(this, df, contextDir, (rel) => this.ignoreFor(contextDir, source.path)(rel))));
    return rc;
  }

  private dockerfile(source: SourceFile): DfFlow {
    let df = this.dfs.get(source);
    if (!df) {
      const esc = /^(?:[ \t]*#[^\n]*\n)*?[ \t]*#[ \t]*escape[ \t]*=[ \t]*([\\`])/i.exec(source.text);
      df = { source, dfName: path.basename(source.rel || source.path), escape: esc ? esc[1]! : "\\", known: new Map(), all: null, bodies: null, globalArgs: null, stages: new Map(), built: new Map() };
      this.dfs.set(source, df);
    }
    return df;
  }

  stageFlow(df: DfFlow, index: number): Promise<StageFlow> {
    let p = df.stages.get(index);
    if (!p) {
      p = buildStageFlow(df, index);
      df.stages.set(index, p);
      void p.then((sf) => df.built.set(index, sf));
    }
    return p;
  }

  /** A stage's operations when they are built already (no await needed). */
  builtFlow(df: DfFlow, index: number): StageFlow | undefined {
    return df.built.get(index);
  }

  /** `.dockerignore` of a build: `<Dockerfile>.dockerignore` beside the Dockerfile wins over the context's. */
  private ignoreFor(contextDir: string, dockerfilePath: string): (rel: string) => boolean {
    const key = `${contextDir}\0${dockerfilePath}`;
    let m = this.ignores.get(key);
    if (!m) {
      let text: string | null = null;
      for (const p of [`${dockerfilePath}.dockerignore`, path.join(contextDir, ".dockerignore")]) {
        // read only when it is there (and inside the linted paths: FileStore.read checks)
        if (!fs.statSync(p, { throwIfNoEntry: false })) continue;
        const r = this.files.read(p, "other");
        if (r.ok) {
          text = r.file.text;
          break;
        }
      }
      m = text === null ? () => false : dockerignoreMatcher(text);
      this.ignores.set(key, m);
    }
    return m;
  }
}

export class ResolveCtx {
  private memo = new Map<string, Promise<FileOrigin | "absent">>();
  private stats = new Map<string, "file" | "dir" | "none" | "outside">();
  constructor(
    readonly fsm: ImageFs,
    readonly df: DfFlow,
    readonly contextDir: string,
    readonly ignored: (rel: string) => boolean,
  ) {}

  get files(): FileStore {
    return this.fsm.files;
  }

  /** The origin of `target` in a stage (all of its instructions). */
  async resolve(stage: number, target: string): Promise<FileOrigin> {
    const r = await this.resolveIn(stage, target, Number.MAX_SAFE_INTEGER, 0);
    if (r === "absent") {
      const sf = await this.fsm.stageFlow(this.df, stage);
      return { kind: "base", image: sf.baseImage, path: target, steps: [] };
    }
    return r;
  }

  resolveIn(stage: number, target: string, end: number, depth: number): Promise<FileOrigin | "absent"> {
    const key = `${stage}\0${target}\0${end}`;
    let p = this.memo.get(key);
    if (!p) {
      p = this.resolveUncached(stage, target, end, depth);
      this.memo.set(key, p);
    }
    return p;
  }

  private async resolveUncached(stage: number, target: string, end: number, depth: number): Promise<FileOrigin | "absent"> {
    if (depth > MAX_DEPTH) return { kind: "unknown", why: "the file is moved around more than the model follows", steps: [] };
    const sf = this.fsm.builtFlow(this.df, stage) ?? (await this.fsm.stageFlow(this.df, stage));
    let fallback: FileOrigin | null = null;
    const touched = sf.coverNames.has(basename(target)) || sf.coverUnder.some((d) => under(target, d) !== null);
    for (let i = touched ? Math.min(end, sf.ops.length) - 1 : -1; i >= 0; i--) {
      const op = sf.ops[i]!;
      // most matches are decided synchronously: await only those that are not
      const pm = op.match(target, this, i);
      const m = pm instanceof Promise ? await pm : pm;
      if (!m) continue;
      if ("absent" in m) return "absent";
      if ("image" in m) {
        // an image built elsewhere in the repository is read through its own Dockerfile
        const built = await this.inBuiltImage(m.image, m.path, depth);
        const o: FileOrigin = built
          ? { ...built, steps: [...built.steps, m.step] }
          : { kind: "image", image: m.image, path: m.path, helper: helperByImage(m.image), steps: [m.step], ...(m.exact ? {} : { speculative: true as const }) };
        if (!isGuess(o)) return o;
        fallback ??= o;
        continue;
      }
      if ("origin" in m) {
        if (!isGuess(m.origin)) return m.origin;
        fallback ??= m.origin;
        continue;
      }
      let best: FileOrigin | null = null;
      let bestRank = 0;
      for (const t of m.tries) {
        let r = await this.resolveIn(t.stage, t.path, t.end, depth + 1);
        if (t.cross && (r === "absent" || (r.kind === "base" && r.steps.length === 0))) r = await this.notMadeInStage(t.stage, t.path);
        if (r === "absent") continue;
        const rank = originRank(r);
        if (rank > bestRank) {
          best = r;
          bestRank = rank;
        }
        if (rank >= 3) break;
      }
      // a copy that brings nothing at that path: the file comes from further back
      if (!best) continue;
      const found = { ...best, steps: [...best.steps, m.step] };
      // only a guess (another stage's base image may hold it): an earlier instruction that made it wins
      if (isGuess(found)) {
        fallback ??= found;
        continue;
      }
      return found;
    }
    let rest: FileOrigin | "absent" = sf.baseIndex !== null ? await this.resolveIn(sf.baseIndex, target, Number.MAX_SAFE_INTEGER, depth + 1) : { kind: "base", image: sf.baseImage, path: target, steps: [] };
    if (sf.baseIndex === null && !fallback) {
      // FROM an image built elsewhere in the repository: its Dockerfile says what it holds
      const built = await this.inBuiltImage(sf.baseImage, target, depth);
      if (built) rest = { ...built, steps: [...built.steps, sf.fromStep] };
    }
    if (fallback && (rest === "absent" || (rest.kind === "base" && rest.steps.length === 0))) return fallback;
    return rest;
  }

  /** A file of an image that a Dockerfile of the repository builds (when the model knows which): its origin there. */
  private async inBuiltImage(image: string, p: string, depth: number): Promise<FileOrigin | null> {
    if (depth > MAX_DEPTH - 8) return null;
    const build = this.fsm.imageBuild(image);
    if (!build) return null;
    const rc = this.fsm.context(build.stage, build.contextDir);
    if (!rc) return null;
    // depth grows by more than a hop: an image built FROM itself (directly or not) ends soon
    const r = await rc.resolveIn(build.stage.index, p, Number.MAX_SAFE_INTEGER, depth + 8);
    if (r === "absent" || (r.kind === "base" && r.steps.length === 0)) return null;
    return r;
  }

  /** A path copied from another stage that none of its instructions made. */
  private async notMadeInStage(stage: number, p: string): Promise<FileOrigin | "absent"> {
    const chain: StageFlow[] = [];
    for (let s: number | null = stage; s !== null && chain.length < 64; ) {
      const sf: StageFlow = await this.fsm.stageFlow(this.df, s);
      chain.push(sf);
      s = sf.baseIndex;
    }
    const top = chain[0]!;
    // a path below a file the stage made (`COPY --from=b /out/app .` read as a directory copy) is not there
    for (let a = path.posix.dirname(p), i = 0; a !== "/" && i < 8; a = path.posix.dirname(a), i++) {
      const r = await this.resolveIn(stage, a, Number.MAX_SAFE_INTEGER, MAX_DEPTH - 4);
      if (r !== "absent" && /^(context|built|download|generated|heredoc|package)$/.test(r.kind) && !(r.kind === "download" && r.how === "git")) return "absent";
    }
    const inMadeDir = chain.some((sf) => sf.createdDirs.some((d) => under(p, madeRoot(d)) !== null));
    const toolchain = toolchainOf(top.baseImage);
    const opaque = chain.some((sf) => sf.buildSteps.length > 0);
    if (toolchain && opaque && inMadeDir) {
      const at = chain.flatMap((sf) => sf.buildSteps).pop() ?? null;
      return { kind: "built", program: basename(p), language: toolchain, tool: "a build", steps: at ? [at] : [], inferred: `stage ${top.label} (${top.baseImage})` };
    }
    if (inMadeDir) return "absent";
    return { kind: "image", image: top.baseImage, path: p, helper: null, steps: [], inferred: `stage ${top.label}` };
  }

  /** Whether a build-context path exists: file, dir, none, or outside the linted paths (not looked at). */
  statContext(abs: string): "file" | "dir" | "none" | "outside" {
    let k = this.stats.get(abs);
    if (!k) {
      k = this.statUncached(abs);
      this.stats.set(abs, k);
    }
    return k;
  }

  private statUncached(abs: string): "file" | "dir" | "none" | "outside" {
    // whether it is there first (cheap); then whether it is inside the linted paths (symbolic links resolved)
    const st = fs.statSync(abs, { throwIfNoEntry: false });
    if (!st) return this.fsm.dirInside(this.contextDir) ? "none" : "outside";
    if (!this.files.contains(abs)) return "outside";
    return st.isDirectory() ? "dir" : "file";
  }

  /** A build-context file's text (Cargo.toml, go.mod), when it is inside the linted paths. */
  readContext(abs: string): string | null {
    if (!this.files.contains(abs)) return null;
    const r = this.files.read(abs, "other");
    return r.ok ? r.file.text : null;
  }
}

/** Directories a base image is expected to have: a directory made below them does not make them new. */
const SYSTEM_DIRS = new Set(["/", "/bin", "/boot", "/dev", "/etc", "/home", "/lib", "/lib64", "/media", "/mnt", "/opt", "/proc", "/root", "/run", "/sbin", "/srv", "/sys", "/tmp", "/usr", "/usr/bin", "/usr/lib", "/usr/local", "/usr/local/bin", "/usr/local/lib", "/usr/local/sbin", "/usr/local/share", "/usr/sbin", "/usr/share", "/var", "/var/lib", "/var/www", "/go", "/go/bin", "/go/src", "/usr/src", "/app", "/src", "/build", "/workspace"]);

/** The topmost directory a `mkdir -p d` (or a WORKDIR) may have made: d's highest ancestor that is not a system directory. */
function madeRoot(d: string): string {
  let top = d;
  for (let p = path.posix.dirname(d); !SYSTEM_DIRS.has(p) && p !== path.posix.dirname(p); p = path.posix.dirname(p)) top = p;
  return SYSTEM_DIRS.has(top) && top === "/" ? "/nonexistent" : top;
}

/** An origin inferred from another stage's base image, not read from an instruction. */
function isGuess(o: FileOrigin): boolean {
  return (o.kind === "image" && o.inferred !== undefined) || o.speculative === true;
}

function originRank(o: FileOrigin): number {
  if (o.inferred) return o.kind === "built" ? 2 : 1;
  if (o.kind === "base") return o.steps.length > 0 ? 2 : 1;
  return 3;
}

function toLocated(origin: FileOrigin, target: string, rc: ResolveCtx): Located {
  const name = basename(target);
  const dfName = rc.df.dfName;
  const description = describeOrigin(name, origin, dfName);
  const first = origin.steps[0];
  const at = first ? `${dfName}:${first.line}` : dfName;
  const last = origin.steps[origin.steps.length - 1];
  switch (origin.kind) {
    case "context": {
      const copy = first ? `${first.text} at line ${first.line}` : "COPY";
      if (!isInside(origin.path, rc.contextDir)) return { kind: "outside", why: `${copy}, outside the build context`, origin, description };
      if (!rc.files.contains(origin.path)) return { kind: "outside", why: `${path.relative(rc.contextDir, origin.path) || "."} (${copy}), outside the linted paths`, origin, description };
      return { kind: "file", path: origin.path, origin, description };
    }
    case "image":
      if (origin.helper) return { kind: "helper", why: description, helper: origin.helper, origin, description };
      if (origin.inferred) return { kind: "not-local", why: `a file of the image ${origin.image} that ${origin.inferred} is built on, outside the repository`, origin, description };
      return { kind: "not-local", why: `the image ${origin.image} (${last?.text ?? "COPY --from"} at ${dfName}:${last?.line ?? "?"}), outside the repository`, origin, description };
    case "download":
      if (origin.helper) return { kind: "helper", why: description, helper: origin.helper, origin, description };
      return { kind: "not-local", why: `${origin.how === "git" ? "a git clone" : "a download"} (${origin.url}, ${at})`, origin, description };
    case "package":
      if (origin.helper) return { kind: "helper", why: description, helper: origin.helper, origin, description };
      return { kind: "none", origin, description };
    case "built":
      return {
        kind: "not-local",
        why: description,
        origin,
        description,
        knowledge: {
          name,
          verdict: "non-reaper",
          note: `${description}: a compiled program waits only for the children it started`,
          source: "measured: PID 1 lab (test/lab)",
        },
      };
    case "heredoc":
      return { kind: "not-local", why: `a heredoc in the Dockerfile (${at})`, origin, description };
    case "generated":
      return { kind: "not-local", why: `${origin.why}`, origin, description };
    case "unknown":
      return { kind: "not-local", why: origin.why, origin, description };
    case "base":
      if (origin.steps.length === 0) return { kind: "none", origin, description };
      return { kind: "not-local", why: `${origin.path} of the base image ${origin.image} (${first!.text} at ${at})`, origin, description };
  }
}

// ---------------------------------------------------------------------------------------------------------
// building a stage's list of operations

interface StageState {
  df: DfFlow;
  stage: Stage;
  label: string;
  workdir: string | null;
  vars: Map<string, string>;
  shell: string[];
  ops: Op[];
  createdDirs: string[];
  buildSteps: FlowStep[];
  runCount: number;
}

async function buildStageFlow(df: DfFlow, index: number): Promise<StageFlow> {
  const stage = stageAt(df, index);
  if (!stage) {
    const none: FlowStep = { keyword: "FROM", line: 1, span: { file: df.source.path, start: 0, end: 0 }, text: "FROM", stage: `#${index}`, dockerfile: df.dfName };
    return { index, label: `#${index}`, baseIndex: null, baseImage: "scratch", fromStep: none, coverUnder: [], coverNames: new Set(), ops: [], createdDirs: [], buildSteps: [], runCount: 0 };
  }
  for (let s = stage.base, i = 0; s && i < 64; s = s.base, i++) if (!df.known.has(s.index)) df.known.set(s.index, s);
  const label = stage.name ?? `#${index}`;
  let bottom: Stage = stage;
  for (let i = 0; i < 64 && bottom.base; i++) bottom = bottom.base;
  const st: StageState = {
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
  const source = df.source;
  const runs = await parseRuns(df, stage);
  for (const instr of stage.instructions) {
    if (!/^(WORKDIR|ARG|SHELL|COPY|ADD|RUN)$/.test(instr.keyword)) continue;
    const raw = source.text.slice(instr.span.start, Math.min(instr.span.end, instr.span.start + 32));
    const kw = /^\s*[A-Za-z]+\s*/.exec(raw);
    const argsStart = instr.span.start + (kw ? kw[0].length : 0);
    switch (instr.keyword) {
      case "WORKDIR": {
        const w = expandVars(joined(source.text.slice(argsStart, instr.span.end), df.escape).trim(), st.vars);
        st.workdir = w === null ? null : w.startsWith("/") ? joinPosix("/", w) : st.workdir === null ? null : joinPosix(st.workdir, w);
        if (st.workdir) st.createdDirs.push(st.workdir);
        break;
      }
      case "ARG": {
        const args = joined(source.text.slice(argsStart, instr.span.end), df.escape).trim();
        for (const a of args.split(/\s+/)) {
          const eq = a.indexOf("=");
          const name = eq === -1 ? a : a.slice(0, eq);
          if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) || stage.env.has(name)) continue;
          if (eq !== -1) st.vars.set(name, a.slice(eq + 1).replace(/^["']|["']$/g, ""));
          else if (globalArgsOf(df).has(name)) st.vars.set(name, globalArgsOf(df).get(name)!);
          else st.vars.delete(name);
        }
        break;
      }
      case "SHELL": {
        const argv = parseExecForm(joined(source.text.slice(argsStart, instr.span.end), df.escape));
        if (argv) st.shell = argv;
        break;
      }
      case "COPY":
      case "ADD":
        copyOps(st, instr.keyword, instr.span, instr.line, argsStart);
        break;
      case "RUN":
        st.runCount++;
        runOps(st, runs.get(instr.span.start) ?? []);
        break;
    }
  }
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

/** An instruction's text with continuation lines joined (as Docker joins them). */
function joined(text: string, escape: string): string {
  return text.includes("\n") ? joinContinuations(text, escape) : text;
}

function shortText(text: string): string {
  const t = text.replace(/\\\r?\n/g, " ").replace(/\s+/g, " ").trim();
  return t.length > 72 ? t.slice(0, 69) + "…" : t;
}

// ---------------------------------------------------------------------------------------------------------
// COPY / ADD

type CopySrc =
  | { kind: "path"; text: string }
  | { kind: "var"; text: string }
  | { kind: "url"; url: string }
  | { kind: "git"; url: string }
  | { kind: "heredoc"; name: string; body: { text: string; start: number } | null };

function copyOps(st: StageState, keyword: "COPY" | "ADD", span: Span, line: number, argsStart: number): void {
  const { df } = st;
  const source = df.source;
  let rawArgs = source.text.slice(argsStart, span.end);
  const heredoc = /<<-?\s*["']?[A-Za-z_]/.test(rawArgs);
  if (heredoc) {
    const nl = rawArgs.search(/\r?\n/);
    if (nl !== -1 && !/\\\s*$/.test(rawArgs.slice(0, nl))) rawArgs = rawArgs.slice(0, nl);
  }
  const args = joined(rawArgs, df.escape).trim();
  const firstLine = shortText(`${keyword} ${args}`);
  const step: FlowStep = { keyword, line, span, text: firstLine, stage: st.label, dockerfile: df.dfName };
  let rest = args;
  let fromRaw: string | null = null;
  let parents = false;
  const excludes: ((rel: string) => boolean)[] = [];
  for (let m = /^--([a-z-]+)(?:=(\S*))?\s*/.exec(rest); m; m = /^--([a-z-]+)(?:=(\S*))?\s*/.exec(rest)) {
    if (m[1] === "from") fromRaw = m[2] ?? null;
    else if (m[1] === "parents") parents = m[2] === undefined || m[2] === "true";
    else if (m[1] === "exclude" && m[2]) excludes.push(dockerignoreMatcher(m[2]));
    rest = rest.slice(m[0].length);
  }
  const words = parseExecForm(rest) ?? rest.split(/\s+/).filter(Boolean);
  if (words.length < 2) return;
  const bodies = (heredoc ? bodiesOf(df).get(source.lineStarts[line - 1] ?? -1) : undefined) ?? new Map<string, { text: string; start: number }>();
  const expanded = words.map((w) => (/^<<-?/.test(w) ? w : expandVars(w.replace(/^(["'])(.*)\1$/, "$2"), st.vars)));
  const destRaw = expanded[expanded.length - 1];
  if (destRaw === null || destRaw === undefined) {
    // the destination is a variable that is not known here: any file named like a source may land anywhere
    const names = expanded.slice(0, -1).filter((w): w is string => w !== null && !/^<<-?/.test(w)).map((w) => basename(w.replace(/\/+$/, "")));
    st.ops.push({ step, cover: { under: [], names }, match: (t) => (names.includes(basename(t)) ? { origin: { kind: "unknown", why: `${firstLine} (line ${line}) copies to a variable destination`, steps: [step] } } : null) });
    return;
  }
  const srcs: CopySrc[] = [];
  for (let i = 0; i < expanded.length - 1; i++) {
    const w = expanded[i];
    const rawWord = words[i]!;
    if (w === null) srcs.push({ kind: "var", text: rawWord });
    else if (/^<<-?/.test(w)) {
      const name = /^<<-?["']?([A-Za-z_][A-Za-z0-9_]*)/.exec(w)?.[1] ?? "";
      srcs.push({ kind: "heredoc", name, body: bodies.get(name) ?? null });
    } else if (keyword === "ADD" && (/^git@/.test(w) || /^https?:\/\/.*\.git(#.*)?$/i.test(w))) srcs.push({ kind: "git", url: w });
    else if (keyword === "ADD" && /^(https?|ftp):\/\//i.test(w)) srcs.push({ kind: "url", url: w });
    else srcs.push({ kind: "path", text: w });
  }
  const destDir = destRaw.endsWith("/") || srcs.length > 1 || srcs.some((s) => s.kind === "path" && /[*?[]/.test(s.text));
  const dest = destRaw.startsWith("/") ? joinPosix("/", destRaw) : st.workdir === null ? null : joinPosix(st.workdir, destRaw);
  if (dest === null) {
    const why = `${firstLine} (line ${line}) copies relative to a WORKDIR that is not known here`;
    const names = srcs.map((s) => (s.kind === "path" ? basename(s.text.replace(/\/+$/, "")) : ""));
    st.ops.push({ step, cover: { under: [], names }, match: (t) => (names.includes(basename(t)) ? { origin: { kind: "unknown", why, steps: [step] } } : null) });
    return;
  }
  if (destDir && dest !== "/") st.createdDirs.push(dest);
  // which stage or image --from names is decided when a lookup reaches this COPY (it may need every stage)
  let fromCache: { stage: number } | { image: string } | { unknown: string } | null | undefined;
  const fromOf = (): { stage: number } | { image: string } | { unknown: string } | null => {
    if (fromCache !== undefined) return fromCache;
    if (fromRaw === null) return (fromCache = null);
    const f = fromRaw.includes("$") ? expandVars(fromRaw, new Map([...globalArgsOf(df), ...st.vars])) : fromRaw;
    if (f === null) return (fromCache = { unknown: fromRaw });
    const idx = stageByRef(df, f, st.stage.index);
    return (fromCache = idx !== null ? { stage: idx } : { image: f });
  };
  const fromText = fromRaw ?? "";
  st.ops.push({
    step,
    cover: { under: [dest] },
    match: (target, rc) => {
      for (let i = srcs.length - 1; i >= 0; i--) {
        const m = matchCopySource(srcs[i]!, target, dest, destDir, parents, excludes, fromOf(), fromText, step, rc);
        if (m) return m;
      }
      return null;
    },
  });
}

function matchCopySource(
  src: CopySrc,
  target: string,
  dest: string,
  destDir: boolean,
  parents: boolean,
  excludes: ((rel: string) => boolean)[],
  from: { stage: number } | { image: string } | { unknown: string } | null,
  fromText: string,
  step: FlowStep,
  rc: ResolveCtx,
): Match {
  const steps = [step];
  switch (src.kind) {
    case "url": {
      const name = urlBasename(src.url);
      if ((!destDir && target === dest) || target === joinPosix(dest, name)) return { origin: { kind: "download", url: src.url, helper: helperByUrl(src.url), how: "file", steps } };
      return null;
    }
    case "git": {
      if (under(target, dest) !== null) return { origin: { kind: "download", url: src.url, helper: null, how: "git", steps } };
      return null;
    }
    case "heredoc": {
      if (target !== dest && target !== joinPosix(dest, src.name)) return null;
      if (!src.body) return { origin: { kind: "unknown", why: `a heredoc <<${src.name} that was not found (${step.text})`, steps } };
      return { origin: { kind: "heredoc", text: src.body.text, start: src.body.start, file: rc.df.source.path, expanded: false, steps } };
    }
    case "var":
      if (!destDir && target === dest) return { origin: { kind: "unknown", why: `\`${step.text}\` (line ${step.line}) copies it from \`${src.text}\`, a variable path that is not known here`, steps } };
      return null;
    case "path":
      break;
  }
  const text = src.text;
  if (from === null) return matchContext(text, target, dest, destDir, parents, excludes, step, rc);
  if ("unknown" in from) {
    if ((!destDir && target === dest) || under(target, dest) !== null) {
      const exact = (!destDir && target === dest) || under(target, dest) === basename(text);
      return { origin: { kind: "unknown", why: `\`${step.text}\` (line ${step.line}) copies from \`--from=${fromText}\`, a variable that is not known here`, steps, ...(exact ? {} : { speculative: true as const }) } };
    }
    return null;
  }
  const srcAbs = joinPosix("/", text);
  const paths: string[] = [];
  if (/[*?[]/.test(basename(srcAbs))) {
    const rel = under(target, dest);
    if (rel !== null && !rel.includes("/") && globToRegExp(basename(srcAbs)).test(rel)) paths.push(joinPosix(path.posix.dirname(srcAbs), rel));
  } else {
    if (!destDir && target === dest) paths.push(srcAbs);
    const rel = under(target, dest);
    if (rel !== null) {
      paths.push(srcAbs === "/" ? joinPosix("/", rel) : joinPosix(srcAbs, rel));
      if (rel === basename(srcAbs)) paths.push(srcAbs);
    }
  }
  if (paths.length === 0) return null;
  if ("image" in from) {
    // the file itself (`COPY --from=img /bin/tool /usr/bin/tool`), or anything below a directory copy, which the image may not hold
    const exact = (!destDir && target === dest) || under(target, dest) === basename(srcAbs);
    return { image: from.image, path: exact ? srcAbs : paths[0]!, exact, step };
  }
  return { tries: paths.map((p) => ({ stage: from.stage, path: p, end: Number.MAX_SAFE_INTEGER, cross: true })), step };
}

function matchContext(
  text: string,
  target: string,
  dest: string,
  destDir: boolean,
  parents: boolean,
  excludes: ((rel: string) => boolean)[],
  step: FlowStep,
  rc: ResolveCtx,
): Match {
  const steps = [step];
  // a source that climbs out of the context (`COPY ../x`): Docker refuses it; it is named, never looked at
  const climbed = path.posix.normalize(text.replace(/^\/+/, ""));
  if (climbed === ".." || climbed.startsWith("../")) {
    const name = basename(climbed);
    const at = destDir ? joinPosix(dest, name) : dest;
    if (target === at || (!destDir && target === joinPosix(dest, name))) return { origin: { kind: "context", path: path.join(rc.contextDir, climbed), steps } };
    return null;
  }
  // sources are relative to the context root, whether written with a leading / or not
  const srcRel = joinPosix("/", text).slice(1);
  const skip = (rel: string): boolean => rc.ignored(rel) || excludes.some((e) => e(rel));
  const ctxFile = (abs: string): Match => ({ origin: { kind: "context", path: abs, steps } });
  if (/[*?[]/.test(srcRel)) {
    const rel = under(target, dest);
    if (rel === null) return null;
    const dir = path.posix.dirname(srcRel);
    const name = parents ? rel.slice(dir === "." ? 0 : dir.length + 1) : rel;
    if (parents && dir !== "." && !rel.startsWith(dir + "/")) return null;
    if (name.includes("/") || !globToRegExp(basename(srcRel)).test(name)) return null;
    const relPath = dir === "." ? name : `${dir}/${name}`;
    const abs = path.join(rc.contextDir, relPath);
    const k = rc.statContext(abs);
    if ((k === "file" || k === "outside") && !skip(relPath)) return ctxFile(abs);
    return null;
  }
  // where the target would come from if the source is a directory, and if it is a file: nothing to look at when neither fits
  const dirBase = parents && srcRel !== "" ? joinPosix(dest, srcRel) : dest;
  const dirRel = under(target, dirBase);
  const name = basename(srcRel);
  const fileAt = parents ? joinPosix(dest, srcRel) : destDir ? joinPosix(dest, name) : dest;
  const fileHit = target === fileAt || (!parents && !destDir && target === joinPosix(dest, name));
  if (!fileHit && !dirRel) return null;
  const abs = srcRel === "" ? rc.contextDir : path.join(rc.contextDir, srcRel);
  const k = rc.statContext(abs);
  if (k === "dir") {
    const rel = dirRel;
    if (rel === null || rel === "") return null;
    const relPath = srcRel === "" ? rel : `${srcRel}/${rel}`;
    const cand = path.join(abs, rel);
    const k2 = rc.statContext(cand);
    if ((k2 === "file" || k2 === "outside") && !skip(relPath)) return ctxFile(cand);
    return null;
  }
  if ((k === "file" || k === "outside") && fileHit && !skip(srcRel)) return ctxFile(abs);
  return null;
}

// ---------------------------------------------------------------------------------------------------------
// RUN

interface RunCmd {
  c: ShellCommand;
  /** the words as strings; null where a word is not known here */
  words: (string | null)[];
  cwd: string | null;
  step: FlowStep;
  /** the source text after the command up to the end of its line (redirections, `| next`) */
  tail: string;
}

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
interface RunPiece {
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
async function parseRuns(df: DfFlow, stage: Stage): Promise<Map<number, RunPiece[]>> {
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
    const script = await parseScript(text);
    if (script.errors.length === 0) {
      let k = 0;
      for (const c of script.commands) {
        while (k < aligned.length - 1 && c.start >= aligned[k]!.piece.base + aligned[k]!.piece.text.length) k++;
        const p = aligned[k]!.piece;
        if (c.start >= p.base && c.start < p.base + p.text.length) p.cmds.push(c);
      }
      for (const { piece } of pieces) if (!piece.aligned) piece.cmds = (await parseScript(piece.text, piece.base)).commands;
      return out;
    }
  }
  for (const { piece } of pieces) piece.cmds = (await parseScript(piece.text, piece.base)).commands;
  return out;
}

function runOps(st: StageState, pieces: RunPiece[]): void {
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

function absPath(p: string, cwd: string | null, vars: Map<string, string>): string | null {
  let q = p;
  if (q === "~" || q.startsWith("~/")) q = (vars.get("HOME") ?? "/root") + q.slice(1);
  if (q.startsWith("/")) return joinPosix("/", q);
  if (cwd === null) return null;
  return joinPosix(cwd, q);
}

function opFile(st: StageState, step: FlowStep, p: string, origin: (steps: FlowStep[]) => FileOrigin): void {
  st.ops.push({ step, cover: { under: [p] }, match: (t) => (t === p ? { origin: origin([step]) } : null) });
}

function commandOps(st: StageState, r: RunCmd, name: string | null, pipedFrom: ShellCommand | null): void {
  const { words, step } = r;
  if (!name) return;
  const args = words.slice(1);
  const abs = (p: string | null): string | null => (p === null ? null : absPath(p, r.cwd, st.vars));
  switch (name) {
    case "cp":
    case "mv": {
      const o = parseOpts(args, { short: "tS", long: ["--target-directory", "--suffix"] });
      copyLikeOp(st, step, r, o, false);
      return;
    }
    case "install": {
      const o = parseOpts(args, { short: "mogSt", long: ["--mode", "--owner", "--group", "--suffix", "--target-directory", "--strip-program"] });
      if (o.flags.has("d") || o.flags.has("--directory")) {
        for (const a of o.args) {
          const d = abs(a);
          if (d) st.createdDirs.push(d);
        }
        return;
      }
      copyLikeOp(st, step, r, o, false);
      return;
    }
    case "ln": {
      const o = parseOpts(args, { short: "tS", long: ["--target-directory", "--suffix"] });
      copyLikeOp(st, step, r, o, o.flags.has("s") || o.flags.has("--symbolic"));
      return;
    }
    case "mkdir": {
      const o = parseOpts(args, { short: "m", long: ["--mode", "--context"] });
      for (const a of o.args) {
        const d = abs(a);
        if (d) st.createdDirs.push(d);
      }
      return;
    }
    case "rm": {
      const o = parseOpts(args, { short: "", long: [] });
      const paths: string[] = [];
      for (const a of o.args) {
        if (a === null) continue;
        const m = /^(.*?)\/\*$/.exec(a);
        const p = abs(m ? m[1]! : a);
        if (p && p !== "/" && !/[*?[]/.test(p)) paths.push(p);
      }
      if (paths.length) st.ops.push({ step, cover: { under: paths }, match: (t) => (paths.some((p) => under(t, p) !== null) ? { absent: step } : null) });
      return;
    }
    case "wget":
    case "curl":
      downloadOps(st, r, name);
      return;
    case "tar":
    case "unzip":
    case "bsdtar":
      archiveOps(st, r, name, pipedFrom);
      return;
    case "git":
      if (args[0] === "clone") {
        const o = parseOpts(args.slice(1), { short: "bocj", long: ["--branch", "--depth", "--origin", "--config", "--reference", "--separate-git-dir", "--jobs", "--filter", "--shallow-since", "--template", "--upload-pack"] });
        const url = o.args[0];
        if (!url) return;
        const dir = abs(o.args[1] ?? basename(url.replace(/\/+$/, "")).replace(/\.git$/, ""));
        if (!dir) return;
        st.createdDirs.push(dir);
        st.ops.push({ step, cover: { under: [dir] }, match: (t) => (under(t, dir) ? { origin: { kind: "download", url, helper: null, how: "git", steps: [step] } } : null) });
      }
      return;
    case "apt-get":
    case "apt":
    case "apk":
    case "yum":
    case "dnf":
    case "microdnf":
    case "zypper": {
      const sub = args.find((a) => a !== null && !a.startsWith("-"));
      if (!sub || !/^(install|add|in)$/.test(sub)) return;
      const manager = name === "apt" ? "apt-get" : name;
      const pkgs = args.slice(args.indexOf(sub) + 1).filter((a): a is string => a !== null && !a.startsWith("-"));
      for (const pkg of pkgs) {
        for (const p of helperPackagePaths(manager, pkg)) {
          opFile(st, step, p, (steps) => ({ kind: "package", manager, package: pkg, helper: helperByPackage(manager, pkg, p), steps }));
        }
      }
      return;
    }
    case "go":
      goOps(st, r);
      return;
    case "cargo":
      cargoOps(st, r);
      return;
    case "nim":
      nimOps(st, r);
      return;
    case "dotnet":
      dotnetOps(st, r);
      return;
    case "gcc":
    case "g++":
    case "cc":
    case "c++":
    case "clang":
    case "clang++":
    case "musl-gcc":
    case "tcc": {
      if (words.includes("-c") || words.includes("-E") || words.includes("-S")) return;
      let out: string | null = "a.out";
      for (let i = 1; i < words.length; i++) {
        const w = words[i];
        if (w === "-o") out = words[i + 1] ?? null;
        else if (w && w.startsWith("-o") && w.length > 2) out = w.slice(2);
      }
      const p = abs(out);
      if (p) opFile(st, step, p, (steps) => ({ kind: "built", program: basename(p), language: /\+\+/.test(name) ? "C++" : "C", tool: name, steps }));
      return;
    }
    case "zig":
      zigOps(st, r);
      return;
    case "tee": {
      const o = parseOpts(args, { short: "", long: ["--output-error"] });
      for (const a of o.args) {
        const p = abs(a);
        if (p && !p.startsWith("/dev/")) opFile(st, step, p, (steps) => ({ kind: "generated", why: `written by \`${step.text.slice(4)}\` (RUN at line ${step.line}): its content is not in the build context`, steps }));
      }
      return;
    }
    case "touch": {
      const o = parseOpts(args, { short: "dtr", long: ["--date", "--reference"] });
      for (const a of o.args) {
        const p = abs(a);
        if (p) opFile(st, step, p, (steps) => ({ kind: "generated", why: `created empty by \`${step.text.slice(4)}\` (RUN at line ${step.line})`, steps }));
      }
      return;
    }
    default:
      return;
  }
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

interface Opts {
  flags: Map<string, string | true>;
  args: (string | null)[];
}

/** getopt-like: short flags in clusters (`-fsSLo file`), `--long=value`, `--long value` for those listed, `--` ends options. */
function parseOpts(words: (string | null)[], spec: { short: string; long: string[] }): Opts {
  const flags = new Map<string, string | true>();
  const args: (string | null)[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (w === null || w === undefined) {
      args.push(null);
      continue;
    }
    if (w === "--") {
      args.push(...words.slice(i + 1));
      break;
    }
    if (w.startsWith("--")) {
      const eq = w.indexOf("=");
      if (eq !== -1) flags.set(w.slice(0, eq), w.slice(eq + 1));
      else if (spec.long.includes(w)) flags.set(w, words[++i] ?? "");
      else flags.set(w, true);
      continue;
    }
    if (w.startsWith("-") && w.length > 1) {
      for (let k = 1; k < w.length; k++) {
        const ch = w[k]!;
        if (spec.short.includes(ch)) {
          const rest = w.slice(k + 1);
          flags.set(ch, rest !== "" ? rest : (words[++i] ?? ""));
          break;
        }
        flags.set(ch, true);
      }
      continue;
    }
    args.push(w);
  }
  return { flags, args };
}

/** cp, mv, install, ln: sources → a destination (a directory with -t, a trailing slash or several sources). */
function copyLikeOp(st: StageState, step: FlowStep, r: RunCmd, o: Opts, symlink: boolean): void {
  const tflag = o.flags.get("t") ?? o.flags.get("--target-directory");
  const noTargetDir = o.flags.has("T") || o.flags.has("--no-target-directory");
  let srcs: (string | null)[];
  let destRaw: string | null;
  let destDir: boolean;
  if (typeof tflag === "string") {
    srcs = o.args;
    destRaw = tflag;
    destDir = true;
  } else if (symlink && o.args.length === 1) {
    srcs = o.args;
    destRaw = ".";
    destDir = true;
  } else {
    if (o.args.length < 2) return;
    srcs = o.args.slice(0, -1);
    destRaw = o.args[o.args.length - 1]!;
    destDir = !noTargetDir && (srcs.length > 1 || (destRaw !== null && destRaw.endsWith("/")));
  }
  const dest = destRaw === null ? null : absPath(destRaw, r.cwd, st.vars);
  if (dest === null) {
    const names = srcs.filter((s): s is string => s !== null).map((s) => basename(s.replace(/\/+$/, "")));
    const why = `\`${step.text.slice(4)}\` (RUN at line ${step.line}) puts it at a path that is not known here`;
    st.ops.push({ step, cover: { under: [], names }, match: (t) => (names.includes(basename(t)) ? { origin: { kind: "unknown", why, steps: [step] } } : null) });
    return;
  }
  if (destDir) st.createdDirs.push(dest);
  // a symlink's target is resolved where the link is, when the image runs; other sources where the command ran
  const glob = srcs.some((s) => s !== null && /[*?[]/.test(basename(s)));
  const intoDir = destDir || glob;
  st.ops.push({
    step,
    cover: { under: [dest] },
    match: (target, _rc, index) => {
      for (let i = srcs.length - 1; i >= 0; i--) {
        let raw = srcs[i];
        if (raw === null || raw === undefined) {
          const why = `\`${step.text.slice(4)}\` (RUN at line ${step.line}) copies it from a variable path that is not known here`;
          if (!intoDir && target === dest) return { origin: { kind: "unknown", why, steps: [step] } };
          // below the destination: only if the unknown source is a directory
          if (under(target, dest)) return { origin: { kind: "unknown", why, steps: [step], speculative: true } };
          continue;
        }
        const contents = raw === "." || raw.endsWith("/.");
        let name = basename(raw.replace(/\/+$/, ""));
        if (/[*?[]/.test(name)) {
          // a glob the shell expanded: only files directly in the destination
          if (under(target, dest) !== basename(target) || !globToRegExp(name).test(basename(target))) continue;
          raw = joinPosix(path.posix.dirname(raw), basename(target)).slice(raw.startsWith("/") ? 0 : 1);
          name = basename(target);
        }
        // where the source's top lands: in the directory, or as the destination itself (it did not exist)
        const tops = contents ? [dest] : intoDir ? [joinPosix(dest, name)] : [dest, joinPosix(dest, name)];
        const paths: string[] = [];
        for (const top of tops) {
          const rel = under(target, top);
          if (rel === null) continue;
          const src = symlink && !raw.startsWith("/") && !contents ? joinPosix(path.posix.dirname(top), raw) : absPath(raw, r.cwd, st.vars);
          if (src) paths.push(rel === "" ? src : joinPosix(src, rel));
        }
        if (paths.length === 0) continue;
        // a symlink is read in the finished stage; a copy at the point where it ran
        return { tries: paths.map((p) => ({ stage: st.stage.index, path: p, end: symlink ? Number.MAX_SAFE_INTEGER : index, cross: false })), step };
      }
      return null;
    },
  });
}

function urlBasename(url: string): string {
  const u = url.replace(/[?#].*$/, "").replace(/\/+$/, "");
  const name = u.slice(u.lastIndexOf("/") + 1);
  try {
    return decodeURIComponent(name) || "index.html";
  } catch {
    return name || "index.html";
  }
}

const URL_RE = /^(https?|ftp):\/\//i;

function downloadOps(st: StageState, r: RunCmd, name: "wget" | "curl"): void {
  const step = r.step;
  const args = r.words.slice(1);
  const outputs: { path: string | null; url: string }[] = [];
  if (name === "wget") {
    const o = parseOpts(args, {
      short: "oaOPtTUeiwQBlARDIX",
      long: ["--output-document", "--directory-prefix", "--output-file", "--append-output", "--tries", "--timeout", "--user-agent", "--header", "--execute", "--input-file", "--wait", "--quota", "--base", "--level", "--accept", "--reject", "--domains", "--user", "--password", "--http-user", "--http-password", "--post-data", "--post-file", "--referer", "--ca-certificate", "--certificate", "--private-key", "--limit-rate", "--progress", "--dns-timeout", "--connect-timeout", "--read-timeout", "--max-redirect"],
    });
    const urls = o.args.filter((a): a is string => a !== null && URL_RE.test(a));
    const doc = o.flags.get("O") ?? o.flags.get("--output-document");
    const prefix = o.flags.get("P") ?? o.flags.get("--directory-prefix");
    for (const url of urls) {
      if (typeof doc === "string") outputs.push({ path: doc === "-" ? null : doc, url });
      else outputs.push({ path: typeof prefix === "string" ? `${prefix}/${urlBasename(url)}` : urlBasename(url), url });
    }
  } else {
    const o = parseOpts(args, {
      short: "oHAuXdemwTbcKxrCEFyYzUQtDP",
      long: ["--output", "--header", "--user-agent", "--user", "--request", "--data", "--data-raw", "--data-binary", "--data-urlencode", "--referer", "--max-time", "--write-out", "--upload-file", "--cookie", "--cookie-jar", "--config", "--proxy", "--range", "--continue-at", "--cert", "--form", "--retry", "--retry-delay", "--retry-max-time", "--connect-timeout", "--output-dir", "--cacert", "--capath", "--key", "--max-filesize", "--limit-rate", "--resolve", "--interface", "--proto", "--proto-redir", "--url", "--json", "--dump-header", "--create-file-mode", "--variable"],
    });
    // curl pairs each URL with the -o/-O that comes for it, in order
    const outs: (string | "remote")[] = [];
    const urls: string[] = [];
    for (let i = 0; i < args.length; i++) {
      const w = args[i];
      if (w === null || w === undefined) continue;
      if (w === "-o" || w === "--output") outs.push(args[++i] ?? "");
      else if (/^-[a-zA-Z]*o$/.test(w) && !w.startsWith("--")) outs.push(args[++i] ?? "");
      else if (/^-[a-zA-Z]*o./.test(w) && !w.startsWith("--")) outs.push(w.slice(w.indexOf("o") + 1));
      else if (w.startsWith("--output=")) outs.push(w.slice(9));
      else if (w === "-O" || w === "--remote-name" || (/^-[a-zA-Z]*O[a-zA-Z]*$/.test(w) && !w.startsWith("--") && !/o/.test(w))) outs.push("remote");
      else if (w === "--url") urls.push(args[++i] ?? "");
      else if (w.startsWith("--url=")) urls.push(w.slice(6));
      else if (URL_RE.test(w)) urls.push(w);
    }
    const dir = o.flags.get("--output-dir");
    urls.forEach((url, k) => {
      const out = outs[k];
      if (out === undefined || out === "-") outputs.push({ path: null, url });
      else {
        const p = out === "remote" ? urlBasename(url) : out;
        outputs.push({ path: typeof dir === "string" && !p.startsWith("/") ? `${dir}/${p}` : p, url });
      }
    });
  }
  for (const out of outputs) {
    if (out.path === null) continue; // to stdout: a redirection or a pipe decides
    const p = absPath(out.path, r.cwd, st.vars);
    if (!p) continue;
    opFile(st, step, p, (steps) => ({ kind: "download", url: out.url, helper: helperByUrl(out.url), how: "file", steps }));
  }
}

/** tar/unzip: an archive's files are not known; a file is attributed only when its name is named (a member, or the archive's name). */
function archiveOps(st: StageState, r: RunCmd, name: string, pipedFrom: ShellCommand | null): void {
  const step = r.step;
  const args = r.words.slice(1);
  let archive: string | null = null;
  let dir: string | null = r.cwd;
  let members: string[] = [];
  if (name === "unzip") {
    const o = parseOpts(args, { short: "dx", long: [] });
    archive = o.args[0] ?? null;
    members = o.args.slice(1).filter((a): a is string => a !== null);
    const d = o.flags.get("d");
    if (typeof d === "string") dir = absPath(d, r.cwd, st.vars);
  } else {
    // old style `tar xzf file`: the first word is a cluster of letters
    const a0 = args[0];
    const words = a0 && /^[A-Za-z]+$/.test(a0) && /[xtc]/.test(a0) ? ["-" + a0, ...args.slice(1)] : args;
    const o = parseOpts(words, { short: "fCTXbHKLNgV", long: ["--file", "--directory", "--strip-components", "--exclude", "--files-from", "--transform", "--owner", "--group", "--mode", "--to-command", "--use-compress-program", "--exclude-from"] });
    if (!(o.flags.has("x") || o.flags.has("--extract") || o.flags.has("--get"))) return;
    const f = o.flags.get("f") ?? o.flags.get("--file");
    archive = typeof f === "string" ? f : "-";
    const c = o.flags.get("C") ?? o.flags.get("--directory");
    if (typeof c === "string") dir = absPath(c, r.cwd, st.vars);
    members = o.args.filter((a): a is string => a !== null);
  }
  if (dir === null) return;
  const outDir = dir;
  const archivePath = archive && archive !== "-" ? absPath(archive, r.cwd, st.vars) : null;
  const pipedUrl = pipedFrom ? (pipedFrom.words.map((w) => wordValue(w, st.vars)).find((w): w is string => w !== null && URL_RE.test(w)) ?? null) : null;
  st.ops.push({
    step,
    cover: { under: [outDir] },
    match: async (target, rc, index) => {
      const rel = under(target, outDir);
      if (!rel) return null;
      const tname = basename(target);
      let origin: FileOrigin | null = null;
      if (archivePath) {
        const o = await rc.resolveIn(st.stage.index, archivePath, index, 1);
        if (o !== "absent" && o.kind === "download") origin = { ...o, how: "archive", steps: [...o.steps, step] };
        else origin = { kind: "generated", why: `extracted from ${archivePath} by \`${step.text.slice(4)}\` (RUN at line ${step.line}): its files are not known here`, steps: o === "absent" ? [step] : [...o.steps, step] };
      } else if (pipedUrl) {
        origin = { kind: "download", url: pipedUrl, helper: helperByUrl(pipedUrl), how: "archive", steps: [step] };
      }
      if (!origin) return null;
      const helper = origin.kind === "download" ? origin.helper : null;
      const named = members.length > 0 ? members.some((m) => basename(m.replace(/\/+$/, "")) === tname || rel === m || rel.startsWith(m.replace(/\/+$/, "") + "/")) : helper ? helper.name === tname : (archivePath ?? pipedUrl ?? "").includes(tname);
      if (!named) return null;
      if (origin.kind === "download" && origin.helper && origin.helper.name !== tname) origin = { ...origin, helper: null };
      return { origin };
    },
  });
}

function goOps(st: StageState, r: RunCmd): void {
  const step = r.step;
  const sub = r.words[1];
  if (sub !== "build" && sub !== "install") return;
  // go's own flags are single-dash words: `-ldflags "-s -w"`, `-o out`, `-trimpath`
  let out: string | null = null;
  let chdir: string | null = null;
  const pkgs: (string | null)[] = [];
  const words = r.words.slice(2);
  const withValue = /^-(o|p|C|ldflags|gcflags|asmflags|tags|mod|modfile|overlay|pkgdir|buildmode|installsuffix|toolexec|compiler|gccgoflags|buildvcs|pgo|covermode|coverpkg)$/;
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (w === null || w === undefined) {
      pkgs.push(null);
      continue;
    }
    const m = /^--?([a-z]+)=(.*)$/.exec(w);
    if (m) {
      if (m[1] === "o") out = m[2]!;
      if (m[1] === "C") chdir = m[2]!;
      continue;
    }
    const flag = w.replace(/^--/, "-");
    if (withValue.test(flag)) {
      const v = words[++i] ?? null;
      if (flag === "-o") out = v;
      if (flag === "-C") chdir = v;
      continue;
    }
    if (w.startsWith("-")) continue;
    pkgs.push(w);
  }
  const cwd = chdir ? absPath(chdir, r.cwd, st.vars) : r.cwd;
  const env = new Map([...st.vars, ...r.c.assignments]);
  const built = (p: string, steps: FlowStep[]): FileOrigin => ({ kind: "built", program: basename(p), language: "Go", tool: `go ${sub}`, steps });
  const names = pkgs.map((p) => (p === null ? null : goPackageName(p)));
  const many = pkgs.length > 1 || pkgs.some((p) => p !== null && p.includes("..."));
  if (sub === "install" && out === null) {
    const gobin = env.get("GOBIN");
    const dirs = gobin ? [gobin] : [joinPosix(env.get("GOPATH") ?? "/go", "bin"), "/root/go/bin"];
    st.ops.push({
      step,
      cover: { under: [...dirs.map((d) => joinPosix("/", d))] },
      match: (t) => {
        const n = basename(t);
        if (!dirs.some((d) => path.posix.dirname(t) === joinPosix("/", d))) return null;
        if (many || names.includes(n) || names.some((x) => x === null)) return { origin: built(t, [step]) };
        if (names.length === 0 && cwd && n === basename(cwd)) return { origin: built(t, [step]) };
        return null;
      },
    });
    return;
  }
  if (out !== null) {
    const o2 = absPath(out, cwd, st.vars);
    if (!o2) return;
    const isDir = out.endsWith("/") || many;
    if (!isDir) st.createdDirs.push(path.posix.dirname(o2));
    else st.createdDirs.push(o2);
    st.ops.push({
      step,
      cover: { under: [o2] },
      match: (t) => {
        if (!isDir && t === o2) return { origin: built(t, [step]) };
        if (path.posix.dirname(t) === o2 && (many || names.includes(basename(t)) || names.length === 0 || names.includes(null))) return { origin: built(t, [step]) };
        return null;
      },
    });
    return;
  }
  if (cwd === null || many || pkgs.includes(null)) return;
  const dirName = cwd;
  const want = names[0] ?? null;
  st.ops.push({
    step,
    cover: { under: [dirName] },
    match: async (t, rc, index) => {
      if (path.posix.dirname(t) !== dirName) return null;
      const n = basename(t);
      if (want !== null) return n === want ? { origin: built(t, [step]) } : null;
      // `go build` or `go build .`: named after the module (go.mod) or the directory
      const cand = new Set([basename(dirName)]);
      const mod = await readInImage(rc, st.stage.index, joinPosix(dirName, "go.mod"), index);
      const mm = mod ? /^\s*module\s+("?)([^\s"]+)\1/m.exec(mod) : null;
      if (mm) cand.add(goPackageName(mm[2]!) ?? "");
      return cand.has(n) ? { origin: built(t, [step]) } : null;
    },
  });
}

/** `./cmd/api` → api, `main.go` → main, `example.com/x/v2` → x, `.` → null (the module's name). */
function goPackageName(p: string): string | null {
  const q = p.replace(/@.*$/, "").replace(/\/+$/, "");
  if (q === "." || q === "" || q === "./") return null;
  if (q.endsWith(".go")) return basename(q).slice(0, -3);
  const parts = q.split("/").filter((x) => x && x !== ".");
  let last = parts.pop() ?? null;
  if (last && /^v\d+$/.test(last) && parts.length) last = parts.pop()!;
  return last;
}

/** The text of a file as it is in a stage at an instruction, when it comes from the build context. */
async function readInImage(rc: ResolveCtx, stage: number, p: string, end: number): Promise<string | null> {
  const o = await rc.resolveIn(stage, p, end, 1);
  if (o === "absent" || o.kind !== "context") return null;
  return rc.readContext(o.path);
}

/** [[bin]] names and the [package] name of a Cargo.toml; null when it is a workspace (any member's binary). */
function cargoBinNames(toml: string): string[] | null {
  if (/^\s*\[workspace\]/m.test(toml) && !/^\s*\[package\]/m.test(toml)) return null;
  const names: string[] = [];
  let section = "";
  let autobins = true;
  let pkgName: string | null = null;
  for (const line of toml.split(/\r?\n/)) {
    const sec = /^\s*\[\[?\s*([A-Za-z0-9_.-]+)\s*\]?\]/.exec(line);
    if (sec) {
      section = line.trim().startsWith("[[") ? `[[${sec[1]}]]` : sec[1]!;
      continue;
    }
    const kv = /^\s*([A-Za-z0-9_-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|(\S+))/.exec(line);
    if (!kv) continue;
    const val = kv[2] ?? kv[3] ?? kv[4] ?? "";
    if (section === "[[bin]]" && kv[1] === "name") names.push(val);
    if (section === "package" && kv[1] === "name") pkgName = val;
    if (section === "package" && kv[1] === "autobins" && val === "false") autobins = false;
  }
  if (pkgName && autobins) names.push(pkgName);
  return names;
}

function cargoOps(st: StageState, r: RunCmd): void {
  const step = r.step;
  const sub = r.words[1];
  if (sub !== "build" && sub !== "install" && sub !== "b") return;
  const o = parseOpts(r.words.slice(2), {
    short: "pFjZ",
    long: ["--profile", "--target", "--target-dir", "--bin", "--package", "--manifest-path", "--features", "--jobs", "--config", "--color", "--message-format", "--root", "--path", "--version", "--git", "--branch", "--tag", "--rev", "--index", "--registry", "--example", "--lockfile-path"],
  });
  const env = new Map([...st.vars, ...r.c.assignments]);
  const bins: string[] = [];
  const raw = r.words.slice(2);
  for (let i = 0; i < raw.length; i++) if (raw[i] === "--bin" && raw[i + 1]) bins.push(raw[i + 1]!);
  const built = (t: string, steps: FlowStep[]): FileOrigin => ({ kind: "built", program: basename(t), language: "Rust", tool: `cargo ${sub === "b" ? "build" : sub}`, steps });
  const names = async (rc: ResolveCtx, projectDir: string | null, index: number): Promise<string[] | null> => {
    if (bins.length) return bins;
    if (!projectDir) return null;
    const toml = await readInImage(rc, st.stage.index, joinPosix(projectDir, "Cargo.toml"), index);
    return toml === null ? null : cargoBinNames(toml);
  };
  if (sub === "install") {
    const root = o.flags.get("--root");
    const dirs = typeof root === "string" ? [joinPosix(absPath(root, r.cwd, st.vars) ?? "/", "bin")] : [env.get("CARGO_INSTALL_ROOT") ? joinPosix(env.get("CARGO_INSTALL_ROOT")!, "bin") : null, joinPosix(env.get("CARGO_HOME") ?? "/usr/local/cargo", "bin"), "/root/.cargo/bin"].filter((d): d is string => d !== null);
    const p = o.flags.get("--path");
    const projectDir = typeof p === "string" ? absPath(p, r.cwd, st.vars) : null;
    const fromPath = typeof p === "string";
    st.ops.push({
      step,
      cover: { under: [...dirs] },
      match: async (t, rc, index) => {
        if (!dirs.includes(path.posix.dirname(t))) return null;
        if (!fromPath && bins.length === 0) return { origin: built(t, [step]) };
        const ns = await names(rc, projectDir, index);
        return ns === null || ns.includes(basename(t)) ? { origin: built(t, [step]) } : null;
      },
    });
    return;
  }
  const manifest = o.flags.get("--manifest-path");
  const projectDir = typeof manifest === "string" ? (absPath(path.posix.dirname(manifest), r.cwd, st.vars) ?? null) : r.cwd;
  if (!projectDir) return;
  const tdir = o.flags.get("--target-dir");
  const targetDir = typeof tdir === "string" ? absPath(tdir, r.cwd, st.vars) : env.get("CARGO_TARGET_DIR") ? absPath(env.get("CARGO_TARGET_DIR")!, r.cwd, st.vars) : joinPosix(projectDir, "target");
  if (!targetDir) return;
  const prof = o.flags.get("--profile");
  const profile = typeof prof === "string" ? (prof === "dev" || prof === "test" ? "debug" : prof === "bench" ? "release" : prof) : o.flags.has("--release") || o.flags.has("r") ? "release" : "debug";
  const triples: string[] = [];
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] === "--target" && raw[i + 1]) triples.push(raw[i + 1]!);
    else if (raw[i]?.startsWith("--target=")) triples.push(raw[i]!.slice(9));
  }
  const envTriple = env.get("CARGO_BUILD_TARGET");
  if (envTriple && triples.length === 0) triples.push(envTriple);
  const dirs = triples.length ? triples.map((t) => joinPosix(targetDir, `${t}/${profile}`)) : [joinPosix(targetDir, profile)];
  st.createdDirs.push(...dirs);
  st.ops.push({
    step,
    cover: { under: [...dirs] },
    match: async (t, rc, index) => {
      if (!dirs.includes(path.posix.dirname(t))) return null;
      const n = basename(t);
      if (/\.(d|rlib|rmeta|so|a|dylib|pdb)$/.test(n)) return null;
      const ns = await names(rc, projectDir, index);
      return ns === null || ns.length === 0 || ns.includes(n) ? { origin: built(t, [step]) } : null;
    },
  });
}

function nimOps(st: StageState, r: RunCmd): void {
  const step = r.step;
  const sub = r.words[1];
  if (!sub || !/^(c|cc|cpp|compile|compileToC|compileToCpp|objc)$/.test(sub)) return;
  let out: string | null = null;
  let outdir: string | null = null;
  let file: string | null = null;
  for (const w of r.words.slice(2)) {
    if (w === null) continue;
    const m = /^--?([A-Za-z]+)[:=](.*)$/.exec(w);
    if (m) {
      if (m[1] === "o" || m[1] === "out") out = m[2]!;
      if (m[1] === "outdir") outdir = m[2]!;
      continue;
    }
    if (w.startsWith("-")) continue;
    file ??= w;
  }
  if (!file && !out) return;
  const stem = file ? basename(file).replace(/\.nim$/, "") : "";
  const p = out ? absPath(outdir && !out.startsWith("/") ? `${outdir}/${out}` : out, r.cwd, st.vars) : outdir ? absPath(`${outdir}/${stem}`, r.cwd, st.vars) : absPath(file!.replace(/\.nim$/, ""), r.cwd, st.vars);
  if (p) opFile(st, step, p, (steps) => ({ kind: "built", program: basename(p), language: "Nim", tool: `nim ${sub}`, steps }));
}

function dotnetOps(st: StageState, r: RunCmd): void {
  const step = r.step;
  const sub = r.words[1];
  if (sub !== "publish" && sub !== "build") return;
  const o = parseOpts(r.words.slice(2), { short: "ocrfpv", long: ["--output", "--configuration", "--runtime", "--framework", "--verbosity", "--property", "--arch", "--os", "--version-suffix", "--source"] });
  const out = o.flags.get("o") ?? o.flags.get("--output");
  const built = (t: string, steps: FlowStep[]): FileOrigin => ({ kind: "built", program: basename(t), language: ".NET", tool: `dotnet ${sub}`, steps });
  if (typeof out === "string") {
    const d = absPath(out, r.cwd, st.vars);
    if (!d) return;
    st.createdDirs.push(d);
    st.ops.push({ step, cover: { under: [d] }, match: (t) => (under(t, d) ? { origin: built(t, [step]) } : null) });
    return;
  }
  const proj = o.args.find((a): a is string => a !== null && !/^[-/]p:/i.test(a));
  const projDir = proj ? absPath(/\.(cs|fs|vb)proj$|\.sln$/.test(proj) ? path.posix.dirname(proj) : proj, r.cwd, st.vars) : r.cwd;
  if (!projDir) return;
  const bin = joinPosix(projDir, "bin");
  st.ops.push({ step, cover: { under: [bin] }, match: (t) => (under(t, bin) && (sub === "build" || t.includes("/publish/")) ? { origin: built(t, [step]) } : null) });
}

function zigOps(st: StageState, r: RunCmd): void {
  const step = r.step;
  const sub = r.words[1];
  const built = (t: string, steps: FlowStep[]): FileOrigin => ({ kind: "built", program: basename(t), language: "Zig", tool: `zig ${sub}`, steps });
  if (sub === "build") {
    // zig's options are single-dash words (-Doptimize=…, -freference-trace): only the prefix matters here
    let prefix: string | null = null;
    let exeDir: string | null = null;
    const w = r.words.slice(2);
    for (let i = 0; i < w.length; i++) {
      const a = w[i];
      if (a === "-p" || a === "--prefix") prefix = w[++i] ?? null;
      else if (a === "--prefix-exe-dir") exeDir = w[++i] ?? null;
      else if (a?.startsWith("--prefix=")) prefix = a.slice(9);
      else if (a?.startsWith("--prefix-exe-dir=")) exeDir = a.slice(17);
    }
    const root = prefix !== null ? absPath(prefix, r.cwd, st.vars) : r.cwd === null ? null : joinPosix(r.cwd, "zig-out");
    if (!root) return;
    const d = joinPosix(root, exeDir ?? "bin");
    st.createdDirs.push(d);
    st.ops.push({ step, cover: { under: [d] }, match: (t) => (path.posix.dirname(t) === d ? { origin: built(t, [step]) } : null) });
    return;
  }
  if (sub === "build-exe") {
    let emit: string | null = null;
    let name: string | null = null;
    let file: string | null = null;
    const w = r.words.slice(2);
    for (let i = 0; i < w.length; i++) {
      const a = w[i];
      if (a === null || a === undefined) continue;
      if (a.startsWith("-femit-bin=")) emit = a.slice(11);
      else if (a === "--name") name = w[++i] ?? null;
      else if (a === "-O" || a === "-target" || a === "-mcpu") i++;
      else if (!a.startsWith("-") && /\.zig$/.test(a)) file ??= a;
    }
    const p = emit ? absPath(emit, r.cwd, st.vars) : absPath(name ?? (file ? basename(file).replace(/\.zig$/, "") : ""), r.cwd, st.vars);
    if (p && basename(p)) opFile(st, step, p, (steps) => built(p, steps));
  }
}

// ---------------------------------------------------------------------------------------------------------
// words and variables

/** A shell word as a string, with the Dockerfile's ENV/ARG values put in; null when it is not known here. */
function wordValue(w: Word, vars: Map<string, string>): string | null {
  switch (w.kind) {
    case "lit":
      return w.text;
    case "dynamic":
      return expandShellRaw(w.raw, vars);
    default:
      return null;
  }
}

/** Expands `$X`, `${X}`, `${X:-d}` in a shell word (quotes removed); null for command substitutions or unknown variables. */
export function expandShellRaw(raw: string, vars: Map<string, string>): string | null {
  if (/`|\$\(/.test(raw)) return null;
  let out = "";
  let i = 0;
  let quote: '"' | "'" | null = null;
  while (i < raw.length) {
    const ch = raw[i]!;
    if (quote === "'") {
      if (ch === "'") quote = null;
      else out += ch;
      i++;
      continue;
    }
    if (ch === "'" && quote === null) {
      quote = "'";
      i++;
      continue;
    }
    if (ch === '"') {
      quote = quote === '"' ? null : '"';
      i++;
      continue;
    }
    if (ch === "\\" && i + 1 < raw.length) {
      out += raw[i + 1];
      i += 2;
      continue;
    }
    if (ch === "$") {
      const m = /^\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-=+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/.exec(raw.slice(i));
      if (!m) return null;
      const name = (m[1] ?? m[4])!;
      const val = vars.get(name);
      const op = m[2];
      if (op === ":-" || op === "-" || op === ":=" || op === "=") out += val !== undefined && (val !== "" || !op.startsWith(":")) ? val : m[3]!;
      else if (op === ":+" || op === "+") out += val !== undefined && (val !== "" || !op.startsWith(":")) ? m[3]! : "";
      else if (val === undefined) return null;
      else out += val;
      i += m[0].length;
      continue;
    }
    out += ch;
    i++;
  }
  return out;
}

/** Dockerfile variable expansion (COPY, WORKDIR): null when a variable is not known. */
function expandVars(text: string, vars: Map<string, string>): string | null {
  if (!text.includes("$")) return text;
  return expandShellRaw(text, vars);
}

// ---------------------------------------------------------------------------------------------------------
// paths, globs, .dockerignore

/** The path of `p` below directory `dir` ("" when equal), or null when it is not below it. */
export function under(p: string, dir: string): string | null {
  if (dir === "/") return p === "/" ? "" : p.slice(1);
  if (p === dir) return "";
  return p.startsWith(dir + "/") ? p.slice(dir.length + 1) : null;
}

function isInside(p: string, dir: string): boolean {
  const r = path.relative(dir, p);
  return r === "" || (!r.startsWith("..") && !path.isAbsolute(r));
}

function globToRegExp(g: string): RegExp {
  let re = "";
  for (let i = 0; i < g.length; i++) {
    const ch = g[i]!;
    if (ch === "*") re += "[^/]*";
    else if (ch === "?") re += "[^/]";
    else if (ch === "[") {
      const close = g.indexOf("]", i + 1);
      if (close === -1) re += "\\[";
      else {
        re += "[" + g.slice(i + 1, close).replace(/^!/, "^").replace(/\\/g, "\\\\") + "]";
        i = close;
      }
    } else if (ch === "\\" && i + 1 < g.length) re += "\\" + g[++i];
    else re += ch.replace(/[.+^${}()|\\/]/g, "\\$&");
  }
  return new RegExp("^" + re + "$");
}

/**
 * A `.dockerignore` as Docker reads it (moby/patternmatcher): one pattern a line, `#` comments, `!` re-includes,
 * `*`/`?`/`[…]` within a path element, `**` across elements; a pattern that matches a directory excludes what is in it;
 * the last matching pattern decides. Returns whether a context-relative path is excluded.
 */
export function dockerignoreMatcher(text: string): (rel: string) => boolean {
  const patterns: { re: RegExp; negate: boolean }[] = [];
  for (let line of text.split(/\r?\n/)) {
    line = line.trim();
    if (line === "" || line.startsWith("#")) continue;
    let negate = false;
    if (line.startsWith("!")) {
      negate = true;
      line = line.slice(1).trim();
    }
    let p = path.posix.normalize(line.replace(/\\/g, "/"));
    p = p.replace(/^\/+/, "").replace(/\/+$/, "");
    if (p === "" || p === ".") p = ".";
    patterns.push({ re: ignorePatternToRegExp(p), negate });
  }
  if (patterns.length === 0) return () => false;
  return (rel: string) => {
    const file = path.posix.normalize(rel).replace(/^\/+/, "");
    const parents = file.split("/");
    let matched = false;
    for (const pat of patterns) {
      let hit = pat.re.test(file);
      for (let i = 1; !hit && i < parents.length; i++) hit = pat.re.test(parents.slice(0, i).join("/"));
      if (hit) matched = !pat.negate;
    }
    return matched;
  };
}

function ignorePatternToRegExp(p: string): RegExp {
  let re = "";
  for (let i = 0; i < p.length; i++) {
    const ch = p[i]!;
    if (ch === "*") {
      if (p[i + 1] === "*") {
        i++;
        if (p[i + 1] === "/") i++;
        re += i + 1 >= p.length ? ".*" : "(.*/)?";
      } else re += "[^/]*";
    } else if (ch === "?") re += "[^/]";
    else if (ch === "[") {
      const close = p.indexOf("]", i + 1);
      if (close === -1) re += "\\[";
      else {
        re += "[" + p.slice(i + 1, close).replace(/^\^/, "^") + "]";
        i = close;
      }
    } else if (ch === "\\" && i + 1 < p.length) re += "\\" + p[++i];
    else re += ch.replace(/[.+^${}()|/]/g, "\\$&");
  }
  return new RegExp("^" + re + "$");
}

// ---------------------------------------------------------------------------------------------------------
// toolchain images

/** Images whose stages build compiled programs: a file such a stage made is that language's program. */
const TOOLCHAINS: { re: RegExp; language: string }[] = [
  { re: /^(golang|tinygo\/tinygo)$/, language: "Go" },
  { re: /^(rust|clux\/muslrust|ekidd\/rust-musl-builder|messense\/rust-musl-cross|lukemathwalker\/cargo-chef|rustlang\/rust)$/, language: "Rust" },
  { re: /^(gcc)$/, language: "C" },
  { re: /^(nimlang\/nim)$/, language: "Nim" },
  { re: /^mcr\.microsoft\.com\/dotnet\/(core\/)?sdk$/, language: ".NET" },
  { re: /^(swift)$/, language: "Swift" },
  { re: /^(haskell)$/, language: "Haskell" },
  { re: /^(crystallang\/crystal)$/, language: "Crystal" },
  { re: /^(euantorano\/zig|ziglang\/zig)$/, language: "Zig" },
];

export function toolchainOf(image: string): string | null {
  const repo = imageRepository(image);
  return TOOLCHAINS.find((t) => t.re.test(repo))?.language ?? null;
}

// ---------------------------------------------------------------------------------------------------------
// the build context of a Dockerfile nothing runs

/**
 * The directory a Dockerfile is most likely built from when nothing in the repository says (no compose `build:`,
 * no `docker build` call): the nearest of its own directory and the ones above it, up to `rootDir`, in which
 * the files its COPY/ADD instructions take from the context exist (all of them, else the most). Null when it
 * copies nothing from a context.
 */
export function inferContextDir(files: FileStore, stages: Stage[], dockerfileDir: string, rootDir: string): string | null {
  const sources = new Set<string>();
  for (const st of stages) {
    for (const c of st.copies) {
      if (c.from !== null) continue;
      for (const src of c.sources) {
        if (src.startsWith("<<") || /^[a-z]+:\/\//i.test(src) || src.includes("$")) continue;
        const rel = joinPosix("/", /[*?[]/.test(src) ? path.posix.dirname(src) : src).slice(1);
        if (rel !== "") sources.add(rel);
      }
    }
  }
  if (sources.size === 0) return null;
  let best: { dir: string; n: number } | null = null;
  for (let dir = dockerfileDir, i = 0; i < 32; i++) {
    if (!files.contains(dir)) break;
    let n = 0;
    for (const rel of sources) if (fs.statSync(path.join(dir, rel), { throwIfNoEntry: false })) n++;
    if (n === sources.size) return dir;
    if (!best || n > best.n) best = { dir, n };
    if (dir === rootDir || path.dirname(dir) === dir) break;
    dir = path.dirname(dir);
  }
  return best && best.n > 0 ? best.dir : null;
}
