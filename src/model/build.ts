// Builds the project model: compose services, images built from Dockerfiles, `docker run` calls;
// each linked to the chain that ends in PID 1. The steps share one ModelContext (src/model/context.ts).
import path from "node:path";
import type { FileStore } from "../files.js";
import { KnowledgeBase, oneShotCommand } from "../knowledge/index.js";
import { BASE_NAMES, ComposeLoader, groupProjects } from "../compose/project.js";
import { effectiveKeys } from "../parse/compose.js";
import { runStage, type DockerfileModel, type Stage } from "../parse/dockerfile.js";
import { lineSpan } from "../source.js";
import type { SourceFile } from "../types.js";
import { composeService, declareComposeBuild, oneShotServices } from "./compose-services.js";
import { ModelContext, type ModelInputs, type ProjectModel } from "./context.js";
import { findDockerBuilds, findDockerRuns, imageUnknownWhy, runIsOneShot, type DockerRunCall } from "./docker-run.js";
import { extraContainers } from "./extra.js";
import { inferContextDir } from "./image-fs.js";
import { linkImage } from "./link.js";
import { stagePlatform, wasmProgram } from "./platform.js";
import type { ImageBuild } from "./provenance.js";
import { dockerfileHealthchecks, imageOnlyChain, lineOf, stageChain } from "./stage-chain.js";
import type { Container, InitSetting, Pid1Chain } from "./types.js";

export type { ModelInputs, ProjectModel } from "./context.js";
export { shlexSplit } from "./compose-services.js";
export { imageOnlyChain } from "./stage-chain.js";
export { effectiveKeys };

export async function buildModel(inputs: ModelInputs, files: FileStore, kb = new KnowledgeBase()): Promise<ProjectModel> {
  const ctx = new ModelContext(inputs, files, kb);
  await composeContainers(ctx);
  // `docker run` calls (before the Dockerfiles: an image built and run from the same Makefile is judged at the run)
  for (const abs of inputs.runCallers) await dockerRunContainers(ctx, abs);
  for (const abs of inputs.dockerfiles) ctx.loadDockerfile(abs, true);
  for (const c of ctx.model.containers) markOneShot(c);
  await imageContainers(ctx);
  await workflowAndDevContainers(ctx);
  const model = ctx.model;
  for (const c of model.containers) c.noLinuxPid1 ??= wasmProgram(c.chain) ?? undefined;
  model.nonLinux = model.containers.filter((c) => c.noLinuxPid1);
  model.containers = model.containers.filter((c) => !c.noLinuxPid1);
  return model;
}

/** Compose services of every project (a file only included in or extended by others is not a project of its own). */
async function composeContainers(ctx: ModelContext): Promise<void> {
  const { files, inputs, model } = ctx;
  const loader = new ComposeLoader(files, ctx.problems);
  const dotEnv = (abs: string): string | null => {
    const r = files.contains(abs) ? files.read(abs, "other") : null;
    return r?.ok ? r.file.text : null;
  };
  const loaded = (inputs.composeProjects ?? groupProjects(inputs.composeFiles, dotEnv, (abs) => loader.serviceShapes(abs))).map((group) => ({ group, projects: loader.project(group) }));
  // a compose file that another project includes is linted as part of it (with its env_file), not on its own
  const included = new Set<string>();
  for (const { projects } of loaded) for (const p of projects.slice(1)) for (const c of p.contexts) included.add(c.file.source.path);
  // a file other files only `extends` services from is a template, not a project (a default-named file still is one)
  for (const f of loader.extendedFiles) if (!BASE_NAMES.includes(path.basename(f))) included.add(f);
  // the images the services build and name, before any is judged: a Dockerfile FROM one of them is read through it
  for (const { projects } of loaded) for (const p of projects) for (const view of p.services) declareComposeBuild(ctx, view);
  for (const { group, projects } of loaded) {
    if (group.every((f) => included.has(f))) continue;
    for (const project of projects) {
      const oneShots = oneShotServices(project.services);
      for (const view of project.services) model.containers.push(await composeService(ctx, view, oneShots));
    }
  }
  for (const c of loader.contexts) if (!model.composeFiles.includes(c.file)) model.composeFiles.push(c.file);
  // the precompiled validator is a chunk of its own: loaded only when there are compose files
  if (loader.contexts.length) model.composeSchema = (await import("../compose/schema.js")).validateCompose(loader.contexts);
}

/** The `docker run` calls of a script or Makefile, with the image built by a `docker build -t` of the same file. */
async function dockerRunContainers(ctx: ModelContext, abs: string): Promise<void> {
  const r = ctx.files.read(abs, abs.endsWith(".sh") ? "script" : "makefile");
  if (!r.ok) return;
  const builds = await findDockerBuilds(r.file);
  for (const run of await findDockerRuns(r.file)) {
    const built = run.image ? builds.find((b) => b.tags.some((t) => t === run.image || t === `${run.image}:latest` || `${t}:latest` === run.image)) : undefined;
    ctx.model.containers.push(await dockerRunContainer(ctx, r.file, run, built));
  }
}

async function dockerRunContainer(ctx: ModelContext, file: SourceFile, run: DockerRunCall, built: { context: string; dockerfile: string | null; target: string | null } | undefined): Promise<Container> {
  const { kb } = ctx;
  let chain: Pid1Chain | null = null;
  let runsStage: Stage | null = null;
  if (built && !/^[a-z]+:\/\//i.test(built.context) && !built.context.includes("$")) {
    const baseDir = path.dirname(file.path);
    const contextDir = path.resolve(baseDir, built.context);
    const dfPath = built.dockerfile ? path.resolve(baseDir, built.dockerfile) : path.join(contextDir, "Dockerfile");
    const df = ctx.files.contains(dfPath) ? ctx.loadDockerfile(dfPath, false) : null;
    const stage = df ? runStage(df, built.target) : null;
    if (stage) {
      runsStage = stage;
      ctx.model.runningStages.add(stage);
      chain = await stageChain(ctx, stage, { entrypoint: run.entrypoint, command: run.command, contextDir, image: null });
    }
  }
  const linked = !chain && run.image && !kb.imageInfo(run.image) ? await linkImage(ctx, run.image, run.entrypoint, run.command) : null;
  if (linked && "chain" in linked) {
    chain = linked.chain;
    runsStage = linked.stage;
  }
  chain ??= await imageOnlyChain(run.image, run.command, run.entrypoint, run.span, kb, ctx.resolver, `docker run at ${file.rel}:${lineOf(file, run.span)}`);
  if (linked && "why" in linked && chain.verdict === "unknown") chain.unknownWhy = `${chain.unknownWhy ?? "unknown"}; ${linked.why}`;
  if (!run.image && run.imageUnknown && !run.entrypoint && !runsStage) chain.unknownWhy = imageUnknownWhy(run.imageUnknown);
  const entry = run.image ? kb.image(run.image) : null;
  return {
    kind: "docker-run",
    name: run.name ?? run.image ?? "docker run",
    at: run.span,
    image: run.image ? { value: run.image, span: run.span } : null,
    build: null,
    init: run.init ? { state: "true", span: run.span, keySpan: run.span } : { state: "unset" },
    pid: run.pid ? { value: run.pid, span: run.span } : null,
    restart: run.restart ? { value: run.restart, span: run.span } : null,
    oneShot: runIsOneShot(run, runsStage ? !!runsStage.entrypoint : !!entry && !entry.passesToCommand && entry.verdict !== "unknown"),
    healthchecks: [],
    chain,
    ...(runsStage ? { stage: runsStage } : {}),
  };
}

/** Every image is also judged on its own (`docker run image`), with the containers that run it as its runners. */
async function imageContainers(ctx: ModelContext): Promise<void> {
  const { files, model } = ctx;
  const runners = runnersByStage(model.containers);
  let buildsByDockerfile: Map<string, ImageBuild[]> | null = null;
  for (const df of [...model.dockerfiles]) {
    if (df.source.path.includes("#services.")) continue; // an inline Dockerfile is judged at its service
    // builds the repository declares (workflows, bake, Makefiles) give the context and the targets it is built with
    if (ctx.sources.length) buildsByDockerfile ??= groupBy((await ctx.provenance()).builds, (b) => files.keyOf(b.dockerfile));
    const builds = buildsByDockerfile?.get(files.keyOf(df.source.path)) ?? [];
    for (const stage of runnableStages(df, runners, builds)) {
      if (stage === runStage(df, null) || runners.has(stage)) model.runningStages.add(stage);
      const own = runners.get(stage) ?? [];
      const built = builds.find((b) => runStage(df, b.target) === stage);
      // else the nearest folder up from the Dockerfile that holds what its COPY/ADD take from a context
      const contextDir = own.find((r) => r.contextDir)?.contextDir ?? built?.context ?? inferContextDir(files, df.stages, path.dirname(df.source.path), files.cwd) ?? path.dirname(df.source.path);
      const c = await imageContainer(ctx, df, stage, contextDir, own);
      if (c) model.containers.push(markOneShot(c));
    }
  }
}

/** The items by key, each list in the items' order. */
function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

/** Dev containers and workflow containers; a workflow's service container that runs an image the repository builds is judged by it. */
async function workflowAndDevContainers(ctx: ModelContext): Promise<void> {
  const { kb, model } = ctx;
  const extra = extraContainers(ctx.files, ctx.inputs.extras ?? [], kb);
  // (a job container runs the runner's `tail`)
  for (const c of extra.containers) {
    if (c.kind !== "workflow" || c.workflowRole !== "service" || !c.image || c.chain.verdict !== "unknown" || kb.imageInfo(c.image.value)) continue;
    const linked = await linkImage(ctx, c.image.value, null, null);
    if ("chain" in linked) {
      c.chain = linked.chain;
      c.stage = linked.stage;
    } else c.chain.unknownWhy = `${c.chain.unknownWhy ?? "unknown"}; ${linked.why}`;
  }
  model.containers.push(...extra.containers);
  for (const p of extra.problems) ctx.problems.push({ file: p.file, rule: "parse-error", message: p.message, span: { file: p.file, start: 0, end: 0 } });
}

/** A container whose PID 1 is a command that runs to completion (a test runner, a migration, a filter) is a job. */
function markOneShot(c: Container): Container {
  if (c.oneShot) return c;
  const hit = oneShotCommand(c.chain.argv);
  if (hit) {
    c.oneShot = true;
    c.oneShotWhy = `${c.chain.argv!.join(" ")}: ${hit.note}`;
  }
  return c;
}

/** The containers of the project that run each Dockerfile stage (compose services that build it, `docker run` of its tag). */
function runnersByStage(containers: Container[]): Map<Stage, Container[]> {
  const out = new Map<Stage, Container[]>();
  for (const c of containers) {
    if (!c.stage) continue;
    const list = out.get(c.stage) ?? [];
    list.push(c);
    out.set(c.stage, list);
  }
  return out;
}

/** Stages people run: the final stage, a stage with its own ENTRYPOINT/CMD (`docker build --target dev`), a stage a runner targets. */
function runnableStages(df: DockerfileModel, runners: Map<Stage, Container[]>, builds: ImageBuild[]): Stage[] {
  const last = runStage(df, null);
  const targets = new Set(builds.map((b) => runStage(df, b.target)));
  return df.stages.filter((s) => s === last || s.entrypoint?.stage === s || s.cmd?.stage === s || runners.has(s) || targets.has(s));
}

/**
 * How the long-running runners of an image set `init`: when every one of them sets it (true, or an explicit
 * false), the image is run the way they say; otherwise it is judged as `docker run image` with no init.
 */
function runnersInit(runners: Container[]): InitSetting {
  const long = runners.filter((r) => !r.oneShot && !r.noLinuxPid1);
  if (long.length === 0 || long.some((r) => r.init.state === "unset" || r.init.state === "unknown")) return { state: "unset" };
  const decided = long.find((r) => r.init.state === "false") ?? long[0]!;
  return decided.init;
}

/** A stage judged as an image of its own; none when it only inherits its ENTRYPOINT/CMD from another Dockerfile. */
async function imageContainer(ctx: ModelContext, df: DockerfileModel, stage: Stage, contextDir: string, runners: Container[]): Promise<Container | null> {
  // judged at the last ENTRYPOINT/CMD written in this file, if any
  const instr = stage.entrypoint ?? stage.cmd;
  if (!instr) return null;
  const chain = await stageChain(ctx, stage, { entrypoint: null, command: null, contextDir, image: null });
  const noLinux = stagePlatform(stage);
  return {
    kind: "image",
    name: `${df.source.rel}${stage.name ? ` (stage ${stage.name})` : df.stages.length > 1 ? ` (stage #${stage.index})` : ""}`,
    at: lineSpan(df.source, instr.line),
    image: null,
    build: null,
    init: runnersInit(runners),
    pid: null,
    restart: null,
    // an image whose every runner here is a one-shot job (`docker run --rm`, a completed dependency) is not long-running
    oneShot: runners.length > 0 && runners.every((r) => r.oneShot || r.noLinuxPid1),
    healthchecks: dockerfileHealthchecks(stage),
    chain,
    dockerfile: { file: df.source.path },
    stage,
    runners,
    ...(noLinux ? { noLinuxPid1: noLinux } : {}),
  };
}
