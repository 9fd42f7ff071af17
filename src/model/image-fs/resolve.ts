// The model of an image's files: one ImageFs per lint (per FileStore), one resolver per build (a Dockerfile and its
// context directory). A lookup walks a stage's operations from the last, across stages (FROM <stage>, COPY --from)
// and into images the repository builds, memoised per build.
import fs from "node:fs";
import path from "node:path";
import { basename, helperByImage } from "../../knowledge/index.js";
import type { FileStore } from "../../files.js";
import { dockerfileOf, type Stage } from "../../parse/dockerfile.js";
import { parseScript, type ScriptModel } from "../../parse/shell.js";
import type { SourceFile } from "../../types.js";
import { toolchainOf } from "./builds.js";
import { buildStageFlow } from "./stage-flow.js";
import { addKnown, newDfFlow } from "./stages.js";
import type { DfFlow, FileOrigin, Resolver, StageFlow } from "./types.js";
import { dockerignoreMatcher, under } from "./words.js";

const stores = new WeakMap<FileStore, ImageFs>();

export function imageFsFor(files: FileStore): ImageFs {
  let m = stores.get(files);
  if (!m) {
    m = new ImageFs(files);
    stores.set(files, m);
  }
  return m;
}

const MAX_DEPTH = 48;

export class ImageFs {
  /** one flow a parse (a Dockerfile parsed with build arguments and without is two parses); a text for a stage made elsewhere */
  private dfs = new WeakMap<object, DfFlow>();
  private ignores = new Map<string, (rel: string) => boolean>();

  private insideDirs = new Map<string, boolean>();
  /** fs.stat of the paths looked at, for every build of this lint: what is there (null: nothing) */
  private kinds = new Map<string, "file" | "dir" | null>();
  /** RUN scripts parsed in this lint, by offset and text */
  private scripts = new Map<string, Promise<ScriptModel>>();
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
    const df = this.dockerfile(source, stage);
    addKnown(df, stage);
    let byContext = this.contexts.get(df);
    if (!byContext) this.contexts.set(df, (byContext = new Map()));
    let rc = byContext.get(contextDir);
    if (!rc) byContext.set(contextDir, (rc = new ResolveCtx(this, df, contextDir, (rel) => this.ignoreFor(contextDir, source.path)(rel))));
    return rc;
  }

  /** The flow of the parse `stage` came from (its sibling stages are that parse's). */
  private dockerfile(source: SourceFile, stage: Stage): DfFlow {
    const parsed = dockerfileOf(stage);
    const key: object = parsed && parsed.source === source ? parsed : source;
    let df = this.dfs.get(key);
    if (!df) {
      df = newDfFlow(source, stage, (text, base) => this.parseShell(text, base));
      this.dfs.set(key, df);
    }
    return df;
  }

  /** A shell text parsed (its offsets from `base`), once a lint whichever Dockerfile holds it. */
  private parseShell(text: string, base: number): Promise<ScriptModel> {
    const key = `${base}\0${text}`;
    let p = this.scripts.get(key);
    if (!p) {
      p = parseScript(text, base);
      this.scripts.set(key, p);
    }
    return p;
  }

  /** What is at a path (following symbolic links): a file, a directory, or nothing; asked of the file system once a lint. */
  pathKind(abs: string): "file" | "dir" | null {
    let k = this.kinds.get(abs);
    if (k === undefined) {
      // the directory's listing answers most paths (FileStore.entryKind); links and the rest are asked of the system
      const listed = this.files.entryKind(abs);
      if (listed === "none") k = null;
      else if (listed === "dir") k = "dir";
      else if (listed !== undefined) k = "file";
      else {
        let st: fs.Stats | undefined;
        try {
          st = fs.statSync(abs, { throwIfNoEntry: false });
        } catch {
          // a file where the path wants a directory (`app.js/x`), a loop of links, no permission: nothing there to read
          st = undefined;
        }
        k = st ? (st.isDirectory() ? "dir" : "file") : null;
      }
      this.kinds.set(abs, k);
    }
    return k;
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
        if (!this.pathKind(p)) continue;
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

export class ResolveCtx implements Resolver {
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
        const rank = isGuess(r) ? 1 : originRank(r);
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
    // a build-context file of that build: inside its own context, not the one it is looked up from
    return r.kind === "context" ? { ...r, contextDir: r.contextDir ?? build.contextDir } : r;
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
    const kind = this.fsm.pathKind(abs);
    if (!kind) return this.fsm.dirInside(this.contextDir) ? "none" : "outside";
    if (!this.files.contains(abs)) return "outside";
    return kind;
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
export function isGuess(o: FileOrigin): boolean {
  return (o.kind === "image" && o.inferred !== undefined) || o.speculative === true;
}

function originRank(o: FileOrigin): number {
  if (o.inferred) return o.kind === "built" ? 2 : 1;
  if (o.kind === "base") return o.steps.length > 0 ? 2 : 1;
  return 3;
}

