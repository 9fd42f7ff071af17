// The chain of a container that runs a Dockerfile stage, or an image the repository does not build: its
// ENTRYPOINT/CMD (or the compose/`docker run` overrides), followed to PID 1 by the ChainResolver. A stage built
// FROM an image that the repository builds itself inherits that image's ENTRYPOINT, CMD and ENV (read from the
// Dockerfile that builds it, through any number of such images; a cycle or an unreadable Dockerfile is unknown).
import path from "node:path";
import { basename, type ImageEntry, type KnowledgeBase } from "../knowledge/index.js";
import { baseImage, type CommandInstruction, type Stage } from "../parse/dockerfile.js";
import type { SourceFile, Span } from "../types.js";
import type { Arg, ChainInput, ChainResolver, ImageContext } from "./chain.js";
import type { ModelContext } from "./context.js";
import type { BindMount } from "./mounts.js";
import { refineByConfig } from "./program-config.js";
import type { HealthcheckModel, Hop, Pid1Chain } from "./types.js";

/** A compose/`docker run` entrypoint or command: its words and where it is written. */
export type Overrides = { args: Arg[]; span: Span } | null;

/** How a container runs a stage. */
export interface StageRun {
  entrypoint: Overrides;
  command: Overrides;
  contextDir: string | null;
  /** the image the container is named after (compose `image:`); the stage's base image when null or unknown */
  image: string | null;
  /** hops before the image's own (how the image was found: the file that builds it) */
  lead?: Hop[];
  /** the service's bind mounts */
  mounts?: readonly BindMount[];
  /** the service's `environment:` (over the image's ENV) */
  environment?: Map<string, string>;
}

/** What a stage runs with: its own ENTRYPOINT/CMD/ENV, and those it inherits from images built here. */
interface ImageConfig {
  entrypoint: CommandInstruction | null;
  cmd: CommandInstruction | null;
  env: Map<string, string>;
  /** the image at the bottom, through the images built here */
  bottom: string;
  /** the FROM that hold the inherited ENTRYPOINT/CMD (`FROM acme/base, built from base/Dockerfile by …`) */
  hops: Hop[];
  /** why an image built here could not be followed (its Dockerfile unreadable, a cycle) */
  unknown: string | null;
  /** the stage at the bottom of the walk (its FROM names `bottom`) */
  last: Stage;
}

const MAX_BUILT_IMAGES = 16;

function rootStage(stage: Stage): Stage {
  let s = stage;
  for (let i = 0; i < 64 && s.base; i++) s = s.base;
  return s;
}

/** The stage's ENTRYPOINT, CMD and ENV, with what it inherits from the images built here that it is built FROM. */
async function imageConfig(ctx: ModelContext, stage: Stage): Promise<ImageConfig> {
  const cfg: ImageConfig = { entrypoint: stage.entrypoint, cmd: stage.cmd, env: stage.env, bottom: baseImage(stage), hops: [], unknown: null, last: stage };
  const envs = [stage.env];
  const hops: Hop[] = [];
  const froms: string[] = [];
  const key = (s: Stage): string => `${ctx.files.keyOf(s.fromSpan.file)}#${s.index}`;
  const seen = new Set([key(stage)]);
  for (let i = 0; i < MAX_BUILT_IMAGES; i++) {
    const image = baseImage(cfg.last);
    const built = await ctx.builtImageNow(image);
    if (!built) break;
    if ("unreadable" in built) {
      cfg.unknown = built.unreadable;
      break;
    }
    froms.push(`${ctx.rel(cfg.last.fromSpan.file)} FROM ${image}`);
    if (seen.has(key(built.stage))) {
      cfg.unknown = `the images built here are built FROM each other (${froms.join(", ")}, which is built from ${ctx.rel(built.dockerfile)})`;
      break;
    }
    seen.add(key(built.stage));
    hops.push({ span: rootStage(cfg.last).fromSpan, text: `FROM ${image}, built from ${ctx.rel(built.dockerfile)} by ${built.by}` });
    // Docker: an image inherits its base's ENTRYPOINT, and its CMD unless it sets an ENTRYPOINT or a CMD itself
    if (!cfg.entrypoint) {
      if (!cfg.cmd && built.stage.cmd) {
        cfg.cmd = built.stage.cmd;
        cfg.hops = [...hops];
      }
      if (built.stage.entrypoint) {
        cfg.entrypoint = built.stage.entrypoint;
        cfg.hops = [...hops];
      }
    }
    envs.unshift(built.stage.env);
    cfg.last = built.stage;
    cfg.bottom = baseImage(built.stage);
  }
  if (envs.length > 1) cfg.env = new Map(envs.flatMap((e) => [...e]));
  return cfg;
}

/** The chain of a container that runs `stage`. */
export async function stageChain(ctx: ModelContext, stage: Stage, run: StageRun): Promise<Pid1Chain> {
  const cfg = await imageConfig(ctx, stage);
  const env = run.environment?.size ? new Map([...cfg.env, ...run.environment]) : cfg.env;
  // the files and the shell come from the base image; a name the container gives the image it builds says nothing of them
  const imageRef = run.image && (ctx.kb.imageInfo(run.image) || !cfg.bottom) ? run.image : cfg.bottom;
  const img: ImageContext = { stage, contextDir: run.contextDir, imageRef, env, mounts: run.mounts };
  const input = chainInput(ctx, stage, cfg, run);
  if (!input) return baseDecides(ctx, stage, cfg, run);
  const chain = await ctx.resolver.resolve(input, img);
  await refineByConfig(chain, img.env, async (p) => {
    const hit = await ctx.resolver.locateInImage(p, img, true);
    if (hit.kind !== "file") return null;
    const r = ctx.files.read(hit.path, "script");
    return r.ok ? { text: r.file.text, rel: r.file.rel } : null;
  });
  return chain;
}

/** The argv PID 1 starts from: the overrides, the ENTRYPOINT (with CMD or the command), or the CMD; null when none is set. */
function chainInput(ctx: ModelContext, stage: Stage, cfg: ImageConfig, run: StageRun): ChainInput | null {
  const hops: Hop[] = [...(run.lead ?? [])];
  const dfFile = ctx.files.get(stage.fromSpan.file);
  const at = (ci: CommandInstruction): string => {
    const f = ctx.files.get(ci.span.file);
    const name = f ? (ci.span.file === stage.fromSpan.file ? path.basename(f.rel) : f.rel) : dfFile ? path.basename(dfFile.rel) : "Dockerfile";
    return `${ci.keyword} in ${name}:${ci.line}`;
  };
  const composeName = (span: Span): string => {
    const f = ctx.files.get(span.file);
    return f ? `${path.basename(f.rel)}:${lineOf(f, span)}` : "compose";
  };
  if (run.entrypoint) {
    hops.push({ span: run.entrypoint.span, text: `entrypoint in ${composeName(run.entrypoint.span)}` });
    return { argv: [...run.entrypoint.args, ...(run.command?.args ?? [])], hops, shellForm: false, origin: "compose" };
  }
  if (cfg.entrypoint) {
    hops.push(...cfg.hops, { span: cfg.entrypoint.span, text: at(cfg.entrypoint) });
    const shellForm = cfg.entrypoint.form === "shell";
    const argv = instructionArgs(cfg.entrypoint);
    if (!shellForm) argv.push(...(run.command ? run.command.args : cfg.cmd ? instructionArgs(cfg.cmd) : []));
    return { argv, hops, shellForm, origin: "dockerfile" };
  }
  if (run.command) {
    hops.push({ span: run.command.span, text: `command in ${composeName(run.command.span)}` });
    return { argv: [...run.command.args], hops, shellForm: false, origin: "compose" };
  }
  if (cfg.cmd) {
    hops.push(...cfg.hops, { span: cfg.cmd.span, text: at(cfg.cmd) });
    return { argv: instructionArgs(cfg.cmd), hops, shellForm: cfg.cmd.form === "shell", origin: "dockerfile" };
  }
  return null;
}

/** Nothing in the Dockerfiles sets what runs: the base image decides (unknown when it cannot be told). */
async function baseDecides(ctx: ModelContext, stage: Stage, cfg: ImageConfig, run: StageRun): Promise<Pid1Chain> {
  const from = rootStage(cfg.last);
  const fromFile = ctx.files.get(from.fromSpan.file);
  const where = fromFile ? `${cfg.last === stage ? path.basename(fromFile.rel) : fromFile.rel}:${lineOf(fromFile, from.fromSpan)}` : "Dockerfile";
  const lead = (run.lead ?? []).map((h) => `${h.text} → `).join("");
  const chain = await imageOnlyChain(cfg.bottom, null, null, stage.fromSpan, ctx.kb, ctx.resolver, `${lead}image ${cfg.bottom} (FROM in ${where})`);
  if (cfg.unknown) {
    chain.verdict = "unknown";
    chain.program = null;
    delete chain.knowledge;
    chain.initInChain = null;
    chain.unknownWhy = cfg.unknown;
  } else if (chain.verdict === "unknown" && (!cfg.bottom || cfg.bottom.includes("$"))) {
    const raw = from.instructions[0]?.args.trim().split(/\s+/).find((w) => !w.startsWith("--")) ?? "";
    const vars = [...raw.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => `$${m[1]}`);
    chain.unknownWhy = `the base image (FROM ${raw} in ${where}) depends on ${vars.join(", ") || "a build argument"}, which is not set here`;
  }
  return chain;
}

export function lineOf(f: SourceFile, span: Span): number {
  let line = 1;
  for (let i = 0; i < f.lineStarts.length && f.lineStarts[i]! <= span.start; i++) line = i + 1;
  return line;
}

function instructionArgs(ci: CommandInstruction): Arg[] {
  if (ci.form === "exec") return ci.argv.map((t) => ({ text: t, span: ci.argsSpan }));
  // shell form: /bin/sh -c "<text>"; the string's span is the argument text
  const argv = ci.argv.slice(0, -1).map((t) => ({ text: t, span: ci.span }));
  return [...argv, { text: ci.shellText ?? "", span: ci.argsSpan }];
}

/** Whether the image's entrypoint puts its program in front of a command that starts with `first` (ImageEntry.prepend). */
function prepends(entry: ImageEntry, first: string, kb: KnowledgeBase): boolean {
  const program = entry.program!;
  if (basename(first) === program) return false;
  switch (entry.prepend) {
    case "flags":
      return first.startsWith("-");
    case "subcommands":
      return first.startsWith("-") || (!first.includes("/") && !kb.knows(first) && !/^(sh|bash|ash|dash)$/.test(first));
    case "always":
      return true;
    default:
      return false;
  }
}

/** A container whose image is not built here: the knowledge base, or the compose override's program. */
export async function imageOnlyChain(
  image: string | null,
  command: Overrides,
  entrypoint: Overrides,
  at: Span,
  kb: KnowledgeBase,
  resolver: ChainResolver,
  hopText: string,
  mounts: readonly BindMount[] = [],
): Promise<Pid1Chain> {
  const entry = image ? kb.image(image) : null;
  const img: ImageContext = { stage: null, contextDir: null, imageRef: image, env: new Map(), mounts };
  if (entrypoint) {
    const argv = [...entrypoint.args, ...(command?.args ?? [])];
    return resolver.resolve({ argv, hops: [{ span: entrypoint.span, text: "entrypoint override" }], shellForm: false, origin: "compose" }, img);
  }
  if (command && (entry?.passesToCommand || (entry && entry.verdict === "unknown"))) {
    let argv = command.args;
    // official entrypoints put the image's program in front of arguments that are flags (`postgres -c …`,
    // `traefik --providers…`), some in front of a subcommand (`minio server /data`), some in front of anything
    if (entry.program && prepends(entry, argv[0]?.text ?? "", kb)) argv = [{ text: entry.program, span: command.span }, ...argv];
    return resolver.resolve({ argv, hops: [{ span: command.span, text: `command on ${image}` }], shellForm: false, origin: "compose" }, img);
  }
  // without an entrypoint override, the image's own entrypoint runs the command: its PID 1 stays what the image runs
  const chain: Pid1Chain = {
    hops: [{ span: at, text: hopText }],
    // an image whose ENTRYPOINT is its program runs the command as that program's arguments
    argv: entry?.entrypointArgv ? [...entry.entrypointArgv, ...(command?.args ?? []).map((a) => a.text)] : null,
    program: entry?.program ?? null,
    verdict: entry ? entry.verdict : "unknown",
    how: "",
    initInChain: null,
    orphanRisks: [],
    finalExec: null,
    shellStays: null,
    shellForm: false,
  };
  if (entry) chain.knowledge = entry;
  if (!entry) chain.unknownWhy = image ? `the image ${image} is not in the knowledge base and has no build context here` : "no image and no build";
  else if (entry.verdict === "unknown") chain.unknownWhy = `the image ${image} runs whatever command it is given, and none is set here`;
  if (entry && (entry.verdict === "init" || entry.verdict === "s6")) chain.initInChain = { value: entry.program ?? entry.name, span: at };
  chain.how = `${chain.program ?? "unknown"} (${hopText})`;
  return chain;
}

export function dockerfileHealthchecks(stage: Stage | null): HealthcheckModel[] {
  const h = stage?.healthcheck;
  if (!h) return [];
  return [{ shell: h.form === "shell", disabled: h.form === "none", at: h.span, text: h.shellText ?? h.argv.join(" ") }];
}
