// Builds the project model: compose services, images built from Dockerfiles, `docker run` calls;
// each linked to the chain that ends in PID 1.
import path from "node:path";
import { isMap, isScalar, isSeq, type Node } from "yaml";
import type { FileStore } from "../files.js";
import { basename, imageRepository, KnowledgeBase, oneShotCommand, VERDICT_WORDS, type ImageEntry } from "../knowledge/index.js";
import { interpolate } from "../compose/interpolate.js";
import { BASE_NAMES, ComposeLoader, groupProjects } from "../compose/project.js";
import type { SchemaProblem } from "../compose/schema.js";
import { scalarText, type Hit, type ServiceView } from "../compose/view.js";
import { effectiveKeys, getPair, nodeSpan, resolveNode, scalarString, stringOrList, valueOf } from "../parse/compose.js";
import { baseImage, parseDockerfile, runStage, type CommandInstruction, type DockerfileModel, type Stage } from "../parse/dockerfile.js";
import { lineSpan } from "../source.js";
import type { SourceFile, Span } from "../types.js";
import { ChainResolver, type Arg, type ChainInput, type ImageContext } from "./chain.js";
import { findDockerBuilds, findDockerRuns, imageUnknownWhy, runIsOneShot } from "./docker-run.js";
import { extraContainers } from "./extra.js";
import { refineByConfig } from "./program-config.js";
import { inferContextDir } from "./image-fs.js";
import { bindMounts, serviceEnvironment, type BindMount } from "./mounts.js";
import { buildProvenanceIndex, linkText, serviceImageRef, type ImageBuild, type ProvenanceIndex } from "./provenance.js";
import type { ComposeFileModel, Container, HealthcheckModel, Hop, InitSetting, NoLinuxPid1, ParseProblem, Pid1Chain } from "./types.js";

export interface ProjectModel {
  cwd: string;
  files: FileStore;
  composeFiles: ComposeFileModel[];
  dockerfiles: DockerfileModel[];
  containers: Container[];
  /** containers with no Linux PID 1 (WebAssembly modules, Windows containers): PID 1 rules skip them */
  nonLinux: Container[];
  problems: ParseProblem[];
  kb: KnowledgeBase;
  /** Dockerfile stages that run as containers: the last stage of each Dockerfile, and compose build targets */
  runningStages: Set<Stage>;
  /** compose files checked against the compose-spec schema (after interpolation) */
  composeSchema: SchemaProblem[];
}

export interface ModelInputs {
  composeFiles: string[];
  /** compose files merged into projects, in merge order (-f / COMPOSE_FILE); default: grouped by directory (base + override) */
  composeProjects?: string[][];
  dockerfiles: string[];
  /** scripts and Makefiles to scan for `docker run` */
  runCallers: string[];
  /** dev containers and GitHub workflows */
  extras?: string[];
  /** bake files and `.gitlab-ci.yml` (read only to link images to the Dockerfiles that build them) */
  buildFiles?: string[];
  /** a unit of a large tree: the tree's workflows and bake/CI files, for the same links */
  provenanceSources?: string[];
}

export async function buildModel(inputs: ModelInputs, files: FileStore, kb = new KnowledgeBase()): Promise<ProjectModel> {
  const problems: ParseProblem[] = [];
  const model: ProjectModel = { cwd: files.cwd, files, composeFiles: [], dockerfiles: [], containers: [], nonLinux: [], problems, kb, runningStages: new Set(), composeSchema: [] };
  const resolver = new ChainResolver(kb, files, problems);
  const dockerfileCache = new Map<string, DockerfileModel | null>();
  const loadDockerfile = (abs: string, reportMissing: boolean): DockerfileModel | null => {
    // one model per file: a Dockerfile reached through a symbolic link is the same Dockerfile
    const key = files.keyOf(abs);
    if (dockerfileCache.has(key)) return dockerfileCache.get(key)!;
    const r = files.read(abs, "dockerfile");
    if (!r.ok) {
      if (reportMissing) problems.push({ file: abs, rule: r.rule, message: r.message, span: { file: abs, start: 0, end: 0 } });
      dockerfileCache.set(key, null);
      return null;
    }
    const parsed = parseDockerfile(r.file);
    problems.push(...parsed.problems);
    dockerfileCache.set(key, parsed.model);
    model.dockerfiles.push(parsed.model);
    return parsed.model;
  };

  const loader = new ComposeLoader(files, problems);
  const dotEnv = (abs: string): string | null => {
    const r = files.contains(abs) ? files.read(abs, "other") : null;
    return r?.ok ? r.file.text : null;
  };
  const loaded = (inputs.composeProjects ?? groupProjects(inputs.composeFiles, dotEnv)).map((group) => ({ group, projects: loader.project(group) }));
  // a compose file that another project includes is linted as part of it (with its env_file), not on its own
  const included = new Set<string>();
  for (const { projects } of loaded) for (const p of projects.slice(1)) for (const c of p.contexts) included.add(c.file.source.path);
  // a file other files only `extends` services from is a template, not a project (a default-named file still is one)
  for (const f of loader.extendedFiles) if (!BASE_NAMES.includes(path.basename(f))) included.add(f);
  // images the repository builds itself, read when a service runs an image nothing else knows
  let provenance: Promise<ProvenanceIndex> | null = null;
  const sources = [...(inputs.provenanceSources ?? []), ...(inputs.extras ?? []), ...(inputs.buildFiles ?? []), ...inputs.runCallers];
  const linkDeps: LinkDeps = { index: () => (provenance ??= buildProvenanceIndex(files, { sources, composeFiles: inputs.composeFiles })), files, resolver, kb, loadDockerfile, runningStages: model.runningStages };
  const link: Linker = { judge: (image, entrypoint, command) => linkImage(image, entrypoint, command, linkDeps), stage: (image) => builtStage(image, linkDeps) };
  for (const { group, projects } of loaded) {
    if (group.every((f) => included.has(f))) continue;
    for (const project of projects) {
      const oneShots = oneShotServices(project.services);
      for (const view of project.services) {
        model.containers.push(await composeServices(view, oneShots, files, kb, resolver, loadDockerfile, problems, model.runningStages, link));
      }
    }
  }
  for (const ctx of loader.contexts) if (!model.composeFiles.includes(ctx.file)) model.composeFiles.push(ctx.file);
  // the precompiled validator is a chunk of its own: loaded only when there are compose files
  if (loader.contexts.length) model.composeSchema = (await import("../compose/schema.js")).validateCompose(loader.contexts);

  // `docker run` calls (before the Dockerfiles: an image built and run from the same Makefile is judged at the run)
  for (const abs of inputs.runCallers) {
    const r = files.read(abs, abs.endsWith(".sh") ? "script" : "makefile");
    if (!r.ok) continue;
    const builds = await findDockerBuilds(r.file);
    for (const run of await findDockerRuns(r.file)) {
      const where = `docker run at ${r.file.rel}:${lineOf(r.file, run.span)}`;
      const built = run.image ? builds.find((b) => b.tags.some((t) => t === run.image || t === `${run.image}:latest` || `${t}:latest` === run.image)) : undefined;
      let chain: Pid1Chain | null = null;
      let runsStage: Stage | null = null;
      if (built && !/^[a-z]+:\/\//i.test(built.context) && !built.context.includes("$")) {
        const baseDir = path.dirname(abs);
        const contextDir = path.resolve(baseDir, built.context);
        const dfPath = built.dockerfile ? path.resolve(baseDir, built.dockerfile) : path.join(contextDir, "Dockerfile");
        const df = files.contains(dfPath) ? loadDockerfile(dfPath, false) : null;
        const stage = df ? runStage(df, built.target) : null;
        if (df && stage) {
          runsStage = stage;
          model.runningStages.add(stage);
          chain = await stageChain(stage, { entrypoint: run.entrypoint, command: run.command, contextDir, imageRef: baseImage(stage), files, resolver, kb });
        }
      }
      const linked = !chain && run.image && !kb.image(run.image) ? await link.judge(run.image, run.entrypoint, run.command) : null;
      if (linked && "chain" in linked) {
        chain = linked.chain;
        runsStage = linked.stage;
      }
      chain ??= await imageOnlyChain(run.image, run.command, run.entrypoint, run.span, kb, resolver, where);
      if (linked && "why" in linked && chain.verdict === "unknown") chain.unknownWhy = `${chain.unknownWhy ?? "unknown"}; ${linked.why}`;
      if (!run.image && run.imageUnknown && !run.entrypoint && !runsStage) chain.unknownWhy = imageUnknownWhy(run.imageUnknown);
      const entry = run.image ? kb.image(run.image) : null;
      model.containers.push({
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
      });
    }
  }

  for (const abs of inputs.dockerfiles) loadDockerfile(abs, true);
  for (const c of model.containers) markOneShot(c);
  // every image is also judged on its own (`docker run image`), with the containers that run it as its runners
  const runners = runnersByStage(model.containers);
  for (const df of [...model.dockerfiles]) {
    if (df.source.path.includes("#services.")) continue; // an inline Dockerfile is judged at its service
    // builds the repository declares (workflows, bake, Makefiles) give the context and the targets it is built with
    const builds = sources.length ? (await (provenance ??= buildProvenanceIndex(files, { sources, composeFiles: inputs.composeFiles }))).builds.filter((b) => files.keyOf(b.dockerfile) === files.keyOf(df.source.path)) : [];
    for (const stage of runnableStages(df, runners, builds)) {
      if (stage === runStage(df, null) || runners.has(stage)) model.runningStages.add(stage);
      const own = runners.get(stage) ?? [];
      const built = builds.find((b) => runStage(df, b.target) === stage);
      // else the nearest folder up from the Dockerfile that holds what its COPY/ADD take from a context
      const contextDir = own.find((r) => r.contextDir)?.contextDir ?? built?.context ?? inferContextDir(files, df.stages, path.dirname(df.source.path), files.cwd) ?? path.dirname(df.source.path);
      const c = await imageContainer(df, stage, contextDir, files, resolver, own);
      if (c) model.containers.push(markOneShot(c));
    }
  }


  const extra = extraContainers(files, inputs.extras ?? [], kb);
  // a workflow's service container that runs an image the repository builds (a job container runs the runner's `tail`)
  for (const c of extra.containers) {
    if (c.kind !== "workflow" || c.workflowRole !== "service" || !c.image || c.chain.verdict !== "unknown" || kb.image(c.image.value)) continue;
    const linked = await link.judge(c.image.value, null, null);
    if (linked && "chain" in linked) {
      c.chain = linked.chain;
      c.stage = linked.stage;
    } else if (linked) c.chain.unknownWhy = `${c.chain.unknownWhy ?? "unknown"}; ${linked.why}`;
  }
  model.containers.push(...extra.containers);
  for (const p of extra.problems) problems.push({ file: p.file, rule: "parse-error", message: p.message, span: { file: p.file, start: 0, end: 0 } });
  for (const c of model.containers) c.noLinuxPid1 ??= wasmProgram(c.chain) ?? undefined;
  model.nonLinux = model.containers.filter((c) => c.noLinuxPid1);
  model.containers = model.containers.filter((c) => !c.noLinuxPid1);
  return model;
}

function lineOf(f: SourceFile, span: Span): number {
  let line = 1;
  for (let i = 0; i < f.lineStarts.length && f.lineStarts[i]! <= span.start; i++) line = i + 1;
  return line;
}

async function composeServices(
  view: ServiceView,
  oneShots: Set<string>,
  files: FileStore,
  kb: KnowledgeBase,
  resolver: ChainResolver,
  loadDockerfile: (abs: string, reportMissing: boolean) => DockerfileModel | null,
  problems: ParseProblem[],
  runningStages: Set<Stage>,
  link: Linker,
): Promise<Container> {
  const name = view.name;
  const base = view.base;
  const cf = base.ctx.file;
  const keySpan = view.keySpan;
  const spanOf = (h: Hit | null): Span | null => (h ? nodeSpan(h.layer.ctx.file.source, (h.pair.pair.value as Node) ?? (h.pair.pair.key as Node)) : null);
  const imageHit = view.get("image");
  const image = view.str(imageHit) || null;
  const init = initSetting(view);
  const pidHit = view.get("pid");
  const pid = view.str(pidHit);
  const restartHit = view.get("restart");
  const restart = isScalar(restartHit?.node) ? (restartHit.node.value === false ? "no" : view.str(restartHit)) : null;

  // build: a mapping merged key-wise across layers; a string is the context
  let stage: Stage | null = null;
  let contextDir: string | null = null;
  let buildRef: Container["build"] = null;
  let dockerfilePath: string | null = null;
  const buildHit = view.get("build");
  if (buildHit) {
    const buildSpan = spanOf(buildHit)!;
    const buildFile = buildHit.layer.ctx.file.source;
    let context = ".";
    let contextBase = buildHit.layer.ctx.baseDir;
    let dockerfile: string | null = null;
    let inline: string | null = null;
    let inlineHit: Hit | null = null;
    let target: string | null = null;
    if (isScalar(buildHit.node)) context = view.str(buildHit) ?? ".";
    else {
      const ctxHit = view.getIn(["build", "context"], "context");
      if (ctxHit) {
        context = view.str(ctxHit) ?? ".";
        contextBase = ctxHit.layer.ctx.baseDir;
      }
      dockerfile = view.str(view.getIn(["build", "dockerfile"]));
      inlineHit = view.getIn(["build", "dockerfile_inline"]);
      inline = view.str(inlineHit);
      target = view.str(view.getIn(["build", "target"]));
    }
    buildRef = { context, dockerfile, inline: inline !== null, target, span: buildSpan };
    if (/^[a-z]+:\/\/|^git@|\.git(#.*)?$/i.test(context)) {
      // a remote context: nothing local to read
    } else {
      contextDir = path.resolve(contextBase, context);
      let df: DockerfileModel | null = null;
      if (inline !== null && inlineHit) {
        const src = inlineHit.layer.ctx.file.source;
        const virtualPath = `${src.path}#services.${name}.build.dockerfile_inline`;
        // spans of an inline Dockerfile point into a virtual file named after the compose file
        const vf = files.addVirtual(virtualPath, inline, "dockerfile");
        vf.rel = `${src.rel} (services.${name}.build.dockerfile_inline)`;
        const parsed = parseDockerfile(vf);
        df = parsed.model;
      } else {
        // without `dockerfile:`, docker build reads Dockerfile, or dockerfile when there is no Dockerfile
        dockerfilePath = path.resolve(contextDir, dockerfile ?? defaultDockerfile(files, contextDir));
        if (!files.contains(dockerfilePath)) {
          problems.push({ file: buildFile.path, rule: "io-error", message: `service ${name}: the Dockerfile ${dockerfile ?? "Dockerfile"} is outside the linted paths: not read`, span: buildSpan, leftOut: true });
        } else {
          df = loadDockerfile(dockerfilePath, false);
          const r = df ? null : files.read(dockerfilePath, "dockerfile");
          // a Dockerfile that cannot be read is reported at the service's `build`, where the user edits
          if (r && !r.ok) problems.push({ file: buildFile.path, rule: r.rule, message: `service ${name}: ${path.relative(files.cwd, dockerfilePath).split(path.sep).join("/")}: ${r.message}`, span: buildSpan });
        }
      }
      if (df) {
        stage = runStage(df, target);
        if (stage) runningStages.add(stage);
        if (!stage && target) {
          problems.push({ file: buildFile.path, rule: "parse-error", message: `service ${name}: build target \`${target}\` is not a stage of ${path.basename(dockerfilePath ?? "the Dockerfile")}`, span: buildSpan });
        }
      }
    }
  }

  const mounts = bindMounts(view);
  const entrypoint = overrideArgs(view, "entrypoint");
  const command = overrideArgs(view, "command");
  let chain: Pid1Chain;
  const imageRef = image ?? (stage ? baseImage(stage) : null);
  if (stage) {
    chain = await stageChain(stage, { entrypoint, command, contextDir, imageRef, files, resolver, kb, mounts, environment: serviceEnvironment(view) });
  } else {
    const unresolvedImage = imageHit ? view.text(imageHit) : null;
    chain = await imageOnlyChain(image, command, entrypoint, keySpan, kb, resolver, image ? `image ${image}` : "no image", mounts);
    if (unresolvedImage && unresolvedImage.unresolved.length && chain.verdict === "unknown" && !entrypoint) {
      chain.unknownWhy = `the image \`${imageHit!.node && isScalar(imageHit!.node) ? String(imageHit!.node.value) : image}\` depends on ${unresolvedImage.unresolved.map((v) => `$${v}`).join(", ")}, which is not set here`;
    }
    if (buildHit && !stage && contextDir === null) {
      chain.verdict = "unknown";
      chain.unknownWhy = "the build context is remote";
    } else if (buildHit && !stage && chain.verdict === "unknown" && !image) {
      chain.unknownWhy = "the Dockerfile it builds was not read";
    }
    // an image the repository builds itself is judged by its Dockerfile
    const rawImage = imageHit && isScalar(imageHit.node) ? String(imageHit.node.value) : null;
    const linked = image && !buildHit && !kb.image(image) ? await link.judge(serviceImageRef(image, rawImage), entrypoint, command) : null;
    if (linked && "chain" in linked) {
      chain = linked.chain;
      stage = linked.stage;
      contextDir = linked.contextDir;
      dockerfilePath = linked.dockerfile;
    } else if (linked && chain.verdict === "unknown") chain.unknownWhy = `${chain.unknownWhy ?? "unknown"}; ${linked.why}`;
    // the knowledge base judges a project's own image (not an official one): the service still runs the stage built here
    const built = image && !buildHit && !linked && imageRepository(image).includes("/") ? await link.stage(serviceImageRef(image, rawImage)) : null;
    if (built) {
      stage = built.stage;
      contextDir = built.contextDir;
      dockerfilePath = built.dockerfile;
    }
  }
  const healthchecks = composeHealthchecks(view, stage);
  const noLinuxPid1 = servicePlatform(view, spanOf) ?? (stage ? stagePlatform(stage) : null);
  const initHit = view.get("init");
  const baseMap = base.map.range ? base.map : null;
  return {
    kind: "service",
    name,
    at: keySpan,
    image: image ? { value: image, span: spanOf(imageHit)! } : null,
    build: buildRef,
    init,
    pid: pid ? { value: pid, span: spanOf(pidHit)! } : null,
    restart: restart ? { value: restart, span: spanOf(restartHit)! } : null,
    oneShot: oneShots.has(name),
    healthchecks,
    chain,
    // the fix target is the service in the first file that declares it; `init` set in another
    // layer (override file, extended service) is marked merged so it is not removed from the wrong mapping
    compose: { file: cf, node: baseMap, keySpan, name, initPair: initHit ? { pair: initHit.pair.pair, merged: initHit.pair.merged || initHit.layer !== base } : null },
    ...(dockerfilePath ? { dockerfile: { file: dockerfilePath } } : {}),
    ...(stage ? { stage, contextDir: contextDir ?? undefined } : {}),
    ...(noLinuxPid1 ? { noLinuxPid1 } : {}),
  };
}

function defaultDockerfile(files: FileStore, contextDir: string): string {
  const upper = files.read(path.join(contextDir, "Dockerfile"), "dockerfile");
  if (upper.ok || upper.message !== "no such file") return "Dockerfile";
  const lower = files.read(path.join(contextDir, "dockerfile"), "dockerfile");
  return lower.ok ? "dockerfile" : "Dockerfile";
}

/** Services another service waits on with `condition: service_completed_successfully` (one-shot). */
function oneShotServices(views: ServiceView[]): Set<string> {
  const out = new Set<string>();
  for (const v of views) {
    // depends_on mappings merge key-wise: the last layer's condition for a service wins
    const conds = new Map<string, string | null>();
    for (const { layer, map } of v.mapLayers("depends_on")) {
      const doc = layer.ctx.file.doc;
      for (const d of map.items) {
        const name = scalarString(d.key);
        if (!name) continue;
        const dv = resolveNode(doc, d.value as Node);
        const cn = isMap(dv) ? valueOf(doc, getPair(doc, dv, "condition")) : null;
        conds.set(name, cn && isScalar(cn) ? (scalarText(cn, layer.ctx.env)?.value ?? null) : null);
      }
    }
    for (const [name, cond] of conds) if (cond === "service_completed_successfully") out.add(name);
  }
  return out;
}

const TRUE_WORDS = /^(true|yes|on|y)$/i;
const FALSE_WORDS = /^(false|no|off|n)$/i;

function initSetting(view: ServiceView): InitSetting {
  const hit = view.get("init");
  if (!hit) return { state: "unset" };
  const source = hit.layer.ctx.file.source;
  const span = nodeSpan(source, (hit.pair.pair.value as Node) ?? (hit.pair.pair.key as Node));
  const keySpan = nodeSpan(source, hit.pair.pair.key as Node);
  const v = hit.node;
  if (isScalar(v)) {
    if (v.value === true) return { state: "true", span, keySpan };
    if (v.value === false) return { state: "false", span, keySpan };
    const t = view.text(hit);
    const s = (t?.value ?? "").trim();
    if (t && t.unresolved.length === 0 && t.errors.length === 0) {
      if (TRUE_WORDS.test(s)) return { state: "true", span, keySpan };
      if (FALSE_WORDS.test(s)) return { state: "false", span, keySpan };
    }
    const raw = scalarString(v) ?? "";
    const why = t && t.unresolved.length ? `${raw} (${t.unresolved.map((x) => `$${x}`).join(", ")} not set)` : raw;
    return { state: "unknown", span, keySpan, text: why };
  }
  return { state: "unknown", span, keySpan, text: "" };
}

/** compose `entrypoint`/`command`: a list, or a string split like a shell would (no shell runs it). Replaced, not merged, across files. */
function overrideArgs(view: ServiceView, key: string): { args: Arg[]; span: Span } | null {
  const hit = view.get(key);
  if (!hit) return null;
  const { file, env } = hit.layer.ctx;
  const source = file.source;
  const node = hit.node;
  const span = nodeSpan(source, hit.pair.pair.key as Node);
  if (isSeq(node)) {
    const args: Arg[] = node.items.map((it) => {
      const n = resolveNode(file.doc, it as Node);
      return { text: (n && isScalar(n) ? scalarText(n, env)?.value : null) ?? "", span: nodeSpan(source, n) };
    });
    return { args, span };
  }
  if (isScalar(node)) {
    const s = view.str(hit);
    if (s === null) return null;
    const vspan = nodeSpan(source, node);
    return { args: shlexSplit(s).map((w) => ({ text: w, span: vspan })), span };
  }
  return null;
}

/** POSIX-shell-like word splitting (quotes, backslashes), as compose does for string commands. */
export function shlexSplit(s: string): string[] {
  const out: string[] = [];
  let cur = "";
  let has = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === "'") {
      const j = s.indexOf("'", i + 1);
      cur += j === -1 ? s.slice(i + 1) : s.slice(i + 1, j);
      i = j === -1 ? s.length : j;
      has = true;
    } else if (c === '"') {
      let j = i + 1;
      for (; j < s.length && s[j] !== '"'; j++) {
        if (s[j] === "\\" && j + 1 < s.length && /["\\$`]/.test(s[j + 1]!)) j++;
        cur += s[j];
      }
      i = j;
      has = true;
    } else if (c === "\\" && i + 1 < s.length) {
      cur += s[++i];
      has = true;
    } else if (/\s/.test(c)) {
      if (has) out.push(cur);
      cur = "";
      has = false;
    } else {
      cur += c;
      has = true;
    }
  }
  if (has) out.push(cur);
  return out;
}

function instructionArgs(ci: CommandInstruction): Arg[] {
  if (ci.form === "exec") return ci.argv.map((t) => ({ text: t, span: ci.argsSpan }));
  // shell form: /bin/sh -c "<text>"; the string's span is the argument text
  const argv = ci.argv.slice(0, -1).map((t) => ({ text: t, span: ci.span }));
  return [...argv, { text: ci.shellText ?? "", span: ci.argsSpan }];
}

interface StageChainDeps {
  entrypoint: { args: Arg[]; span: Span } | null;
  command: { args: Arg[]; span: Span } | null;
  contextDir: string | null;
  imageRef: string | null;
  files: FileStore;
  resolver: ChainResolver;
  kb: KnowledgeBase;
  /** hops before the image's own (how the image was found: the file that builds it) */
  lead?: Hop[];
  /** the service's bind mounts */
  mounts?: readonly BindMount[];
  /** the service's `environment:` (over the image's ENV) */
  environment?: Map<string, string>;
}

async function stageChain(stage: Stage, d: StageChainDeps): Promise<Pid1Chain> {
  const hops: Hop[] = [...(d.lead ?? [])];
  const dfFile = d.files.get(stage.fromSpan.file);
  const dfName = dfFile ? path.basename(dfFile.rel) : "Dockerfile";
  const at = (ci: CommandInstruction): string => `${ci.keyword} in ${dfName}:${ci.line}`;
  const composeName = (span: Span): string => {
    const f = d.files.get(span.file);
    return f ? `${path.basename(f.rel)}:${lineOf(f, span)}` : "compose";
  };
  let argv: Arg[] = [];
  let shellForm = false;
  let origin: ChainInput["origin"] = "dockerfile";
  const env = d.environment?.size ? new Map([...stage.env, ...d.environment]) : stage.env;
  const img: ImageContext = { stage, contextDir: d.contextDir, imageRef: d.imageRef, env, mounts: d.mounts };
  if (d.entrypoint) {
    hops.push({ span: d.entrypoint.span, text: `entrypoint in ${composeName(d.entrypoint.span)}` });
    argv = [...d.entrypoint.args];
    origin = "compose";
    if (d.command) argv.push(...d.command.args);
  } else if (stage.entrypoint) {
    hops.push({ span: stage.entrypoint.span, text: at(stage.entrypoint) });
    argv = instructionArgs(stage.entrypoint);
    shellForm = stage.entrypoint.form === "shell";
    if (!shellForm) {
      if (d.command) argv.push(...d.command.args);
      else if (stage.cmd) argv.push(...instructionArgs(stage.cmd));
    }
  } else if (d.command) {
    hops.push({ span: d.command.span, text: `command in ${composeName(d.command.span)}` });
    argv = [...d.command.args];
    origin = "compose";
  } else if (stage.cmd) {
    hops.push({ span: stage.cmd.span, text: at(stage.cmd) });
    argv = instructionArgs(stage.cmd);
    shellForm = stage.cmd.form === "shell";
  } else {
    // nothing in the Dockerfile: the base image decides
    const base = baseImage(stage);
    const lead = (d.lead ?? []).map((h) => `${h.text} → `).join("");
    return imageOnlyChain(base, null, null, stage.fromSpan, d.kb, d.resolver, `${lead}image ${base} (FROM in ${dfName}:${lineOf(dfFile!, stage.fromSpan)})`);
  }
  const chain = await d.resolver.resolve({ argv, hops, shellForm, origin }, img);
  await refineByConfig(chain, img.env, async (p) => {
    const hit = await d.resolver.locateInImage(p, img, true);
    if (hit.kind !== "file") return null;
    const r = d.files.read(hit.path, "script");
    return r.ok ? { text: r.file.text, rel: r.file.rel } : null;
  });
  return chain;
}

type Overrides = { args: Arg[]; span: Span } | null;
type Linked = { chain: Pid1Chain; stage: Stage; dockerfile: string; contextDir: string } | { why: string };
type LinkDeps = { index: () => Promise<ProvenanceIndex>; files: FileStore; resolver: ChainResolver; kb: KnowledgeBase; loadDockerfile: (abs: string, reportMissing: boolean) => DockerfileModel | null; runningStages: Set<Stage> };
interface Linker {
  /** the image judged by the Dockerfile(s) that build it here */
  judge: (image: string, entrypoint: Overrides, command: Overrides) => Promise<Linked>;
  /** the stage that builds it here (the first link), not judged: the container is one of that stage's runners */
  stage: (image: string) => Promise<{ stage: Stage; dockerfile: string; contextDir: string } | null>;
}

/**
 * An image the repository builds itself (src/model/provenance.ts) is judged by the Dockerfile that builds it,
 * the link (`ghcr.io/acme/app is built from docker/Dockerfile by .github/workflows/release.yml:42`) as the
 * chain's first hop. When several Dockerfiles build it, each is judged: the first (by file and line) decides
 * when they agree; when they do not, PID 1 is unknown and the reason names them (as it names what was tried
 * when nothing builds the image here).
 */
async function linkImage(
  image: string,
  entrypoint: Overrides,
  command: Overrides,
  d: LinkDeps,
): Promise<Linked> {
  const { links, near } = (await d.index()).lookup(image);
  const rel = (p: string): string => path.relative(d.files.cwd, p).split(path.sep).join("/");
  const at = (b: { file: string; line: number }): string => `${rel(b.file)}:${b.line}`;
  if (!links.length) {
    if (near.length) return { why: `the repository builds it only under other tags: ${near.slice(0, 3).map((b) => `${b.refs.map((r) => r.text).join(", ")} (${at(b.by)})`).join("; ")}` };
    return { why: "no workflow, bake file, Makefile or script, GitLab CI job or compose `build:` here builds it" };
  }
  const judge = async (l: (typeof links)[number], text: string): Promise<{ chain: Pid1Chain; stage: Stage } | null> => {
    const df = d.loadDockerfile(l.build.dockerfile, false);
    const stage = df ? runStage(df, l.build.target) : null;
    if (!stage) return null;
    const f = d.files.get(l.build.by.file);
    const lead: Hop[] = [{ span: f ? lineSpan(f, l.build.by.line) : stage.fromSpan, text }];
    return { chain: await stageChain(stage, { entrypoint, command, contextDir: l.build.context, imageRef: baseImage(stage), files: d.files, resolver: d.resolver, kb: d.kb, lead }), stage };
  };
  const judged: { link: (typeof links)[number]; chain: Pid1Chain; stage: Stage }[] = [];
  for (const l of links.slice(0, 8)) {
    const j = await judge(l, linkText(image, l, d.files.cwd));
    if (j) judged.push({ link: l, ...j });
  }
  const first = judged[0];
  if (!first) return { why: `${linkText(image, links[0]!, d.files.cwd)}, which could not be read as a Dockerfile with that stage` };
  // they agree when they lead to the same finding: unknown, a PID 1 that needs an init, or one that does not
  const outcome = (c: Pid1Chain): string => (c.verdict === "unknown" ? "unknown" : !c.initInChain && c.verdict === "non-reaper" ? "needs an init" : "no init needed");
  if (!judged.every((j) => outcome(j.chain) === outcome(first.chain))) {
    const each = judged.map((j) => `${rel(j.link.build.dockerfile)}${j.link.build.target ? ` (stage ${j.link.build.target})` : ""} by ${at(j.link.build.by)}: ${j.chain.verdict === "unknown" ? "unknown" : `${j.chain.program ?? "?"}, ${VERDICT_WORDS[j.chain.verdict]}`}`);
    return { why: `the repository builds it from ${judged.length} Dockerfiles that differ at PID 1 (${each.join("; ")})` };
  }
  let decided = first;
  if (judged.length > 1) {
    const others = judged.slice(1).map((j) => `${rel(j.link.build.dockerfile)} by ${at(j.link.build.by)}`);
    const again = await judge(first.link, `${linkText(image, first.link, d.files.cwd)}, which decides (${others.join(", ")} ${others.length > 1 ? "agree" : "agrees"})`);
    if (again) decided = { ...first, ...again };
  }
  d.runningStages.add(decided.stage);
  return { chain: decided.chain, stage: decided.stage, dockerfile: decided.link.build.dockerfile, contextDir: decided.link.build.context };
}

/** The stage that builds an image here (its first link whose Dockerfile reads), without judging it. */
async function builtStage(image: string, d: LinkDeps): Promise<{ stage: Stage; dockerfile: string; contextDir: string } | null> {
  for (const l of (await d.index()).lookup(image).links) {
    const df = d.loadDockerfile(l.build.dockerfile, false);
    const stage = df ? runStage(df, l.build.target) : null;
    if (!stage) continue;
    d.runningStages.add(stage);
    return { stage, dockerfile: l.build.dockerfile, contextDir: l.build.context };
  }
  return null;
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
  command: { args: Arg[]; span: Span } | null,
  entrypoint: { args: Arg[]; span: Span } | null,
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
  const chain: Pid1Chain = {
    hops: [{ span: at, text: hopText }],
    argv: null,
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
  if (command && entry && !entry.passesToCommand && entry.verdict !== "unknown") {
    // the image's own entrypoint runs the command; its PID 1 stays what the image runs
  }
  if (!entry) chain.unknownWhy = image ? `the image ${image} is not in the knowledge base and has no build context here` : "no image and no build";
  else if (entry.verdict === "unknown") {
    chain.unknownWhy = `the image ${image} runs whatever command it is given, and none is set here`;
  }
  if (entry && (entry.verdict === "init" || entry.verdict === "s6")) {
    chain.initInChain = { value: entry.program ?? entry.name, span: at };
  }
  chain.how = `${chain.program ?? "unknown"} (${hopText})`;
  return chain;
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

async function imageContainer(df: DockerfileModel, stage: Stage, contextDir: string, files: FileStore, resolver: ChainResolver, runners: Container[]): Promise<Container | null> {
  const instr = stage.entrypoint ?? stage.cmd;
  if (!instr || instr.stage !== stage) {
    // inherits only: judged at the last ENTRYPOINT/CMD written in this file, if any
    if (!instr) return null;
  }
  const imageRef = baseImage(stage);
  const chain = await stageChain(stage, { entrypoint: null, command: null, contextDir, imageRef, files, resolver, kb: (resolver as unknown as { kb: KnowledgeBase }).kb });
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

// Containers with no Linux PID 1. A WebAssembly module runs under a wasm runtime (containerd's wasm shims),
// a Windows container under Windows: there is no Linux init to add and no Linux process tree to reap.
// https://docs.docker.com/desktop/features/wasm/ ; https://learn.microsoft.com/virtualization/windowscontainers/
const WASM_PLATFORM = /^wasi(\/|$)|(^|\/)wasm(32|64)?($|\/)/i;
const WINDOWS_PLATFORM = /^windows(\/|$)/i;
const WASM_RUNTIME = /(^|\.)(wasmedge|wasmtime|wasmer|wamr|spin|slight|wws|lunatic)(\.|$)|wasm/i;
const WINDOWS_BASE = /^mcr\.microsoft\.com\/windows(\/|$)|(^|\/)(nanoserver|servercore|windowsservercore)(:|$)|^mcr\.microsoft\.com\/(powershell|dotnet\/[a-z-]+):.*(nanoserver|windowsservercore|ltsc20)/i;

function platformKind(platform: string): NoLinuxPid1["kind"] | null {
  if (WASM_PLATFORM.test(platform)) return "wasm";
  if (WINDOWS_PLATFORM.test(platform)) return "windows";
  return null;
}

function servicePlatform(view: ServiceView, spanOf: (h: Hit | null) => Span | null): NoLinuxPid1 | null {
  const platformHit = view.get("platform");
  const platform = view.str(platformHit);
  const pk = platform ? platformKind(platform) : null;
  if (pk) return { kind: pk, why: `platform: ${platform}`, span: spanOf(platformHit)! };
  const runtimeHit = view.get("runtime");
  const runtime = view.str(runtimeHit);
  if (runtime && WASM_RUNTIME.test(runtime)) return { kind: "wasm", why: `runtime: ${runtime}`, span: spanOf(runtimeHit)! };
  return null;
}

/** A stage built for a wasm or Windows platform (`FROM --platform=wasi/wasm`), or on a Windows base image. */
function stagePlatform(stage: Stage): NoLinuxPid1 | null {
  for (let s: Stage | null = stage, i = 0; s && i < 64; s = s.base, i++) {
    const flag = s.platform;
    const pk = flag && !flag.includes("$") ? platformKind(flag) : null;
    if (pk) return { kind: pk, why: `FROM --platform=${flag}`, span: s.fromSpan };
    if (!s.base && WINDOWS_BASE.test(s.from)) return { kind: "windows", why: `a Windows base image (${s.from})`, span: s.fromSpan };
  }
  return null;
}

/** The program that would be PID 1 is a `.wasm` module: only a wasm runtime runs it. */
function wasmProgram(chain: Pid1Chain): NoLinuxPid1 | null {
  const a0 = chain.argv?.[0];
  if (!a0 || !/\.wasm$/i.test(a0)) return null;
  const span = chain.hops[chain.hops.length - 1]?.span ?? { file: "", start: 0, end: 0 };
  return { kind: "wasm", why: `its program ${a0} is a WebAssembly module`, span };
}

function dockerfileHealthchecks(stage: Stage | null): HealthcheckModel[] {
  const h = stage?.healthcheck;
  if (!h) return [];
  return [{ shell: h.form === "shell", disabled: h.form === "none", at: h.span, text: h.shellText ?? h.argv.join(" ") }];
}

function composeHealthchecks(view: ServiceView, stage: Stage | null): HealthcheckModel[] {
  const hp = view.get("healthcheck");
  if (!hp || !isMap(hp.node)) return dockerfileHealthchecks(stage);
  const disabledHit = view.getIn(["healthcheck", "disable"]);
  const disabled = disabledHit?.node;
  if (isScalar(disabled) && (disabled.value === true || /^true$/i.test(view.str(disabledHit) ?? ""))) {
    return [{ shell: false, disabled: true, at: nodeSpan(disabledHit!.layer.ctx.file.source, disabledHit!.pair.pair.key as Node), text: "disable: true" }];
  }
  const tp = view.getIn(["healthcheck", "test"]);
  if (!tp) return dockerfileHealthchecks(stage);
  const { file, env } = tp.layer.ctx;
  const at = nodeSpan(file.source, tp.pair.pair.key as Node);
  const raw = stringOrList(file.doc, tp.node);
  if (!raw) return [];
  const t = raw.kind === "string" ? { kind: "string" as const, value: view.str(tp) ?? raw.value } : { kind: "list" as const, value: raw.value.map((s) => (s.includes("$") ? interpolate(s, env).value : s)) };
  if (t.kind === "string") return [{ shell: true, disabled: false, at, text: t.value }];
  const [kind, ...rest] = t.value;
  if (kind === "NONE") return [{ shell: false, disabled: true, at, text: "NONE" }];
  return [{ shell: kind === "CMD-SHELL", disabled: false, at, text: rest.join(" ") }];
}

export { effectiveKeys };
