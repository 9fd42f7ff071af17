// Builds the project model: compose services, images built from Dockerfiles, `docker run` calls;
// each linked to the chain that ends in PID 1.
import path from "node:path";
import { isMap, isScalar, isSeq, type Document, type Node, type YAMLMap } from "yaml";
import type { FileStore } from "../files.js";
import { KnowledgeBase } from "../knowledge/index.js";
import { effectiveKeys, getPair, nodeSpan, parseCompose, resolveNode, scalarString, stringOrList, valueOf } from "../parse/compose.js";
import { baseImage, parseDockerfile, runStage, type CommandInstruction, type DockerfileModel, type Stage } from "../parse/dockerfile.js";
import { lineSpan } from "../source.js";
import type { SourceFile, Span } from "../types.js";
import { ChainResolver, type Arg, type ChainInput, type ImageContext } from "./chain.js";
import { findDockerRuns } from "./docker-run.js";
import type { ComposeFileModel, Container, HealthcheckModel, Hop, InitSetting, ParseProblem, Pid1Chain } from "./types.js";

export interface ProjectModel {
  cwd: string;
  files: FileStore;
  composeFiles: ComposeFileModel[];
  dockerfiles: DockerfileModel[];
  containers: Container[];
  problems: ParseProblem[];
  kb: KnowledgeBase;
  /** Dockerfile stages that run as containers: the last stage of each Dockerfile, and compose build targets */
  runningStages: Set<Stage>;
}

export interface ModelInputs {
  composeFiles: string[];
  dockerfiles: string[];
  /** scripts and Makefiles to scan for `docker run` */
  runCallers: string[];
}

export async function buildModel(inputs: ModelInputs, files: FileStore, kb = new KnowledgeBase()): Promise<ProjectModel> {
  const problems: ParseProblem[] = [];
  const model: ProjectModel = { cwd: files.cwd, files, composeFiles: [], dockerfiles: [], containers: [], problems, kb, runningStages: new Set() };
  const resolver = new ChainResolver(kb, files, problems);
  const dockerfileCache = new Map<string, DockerfileModel | null>();
  const loadDockerfile = (abs: string, reportMissing: boolean): DockerfileModel | null => {
    if (dockerfileCache.has(abs)) return dockerfileCache.get(abs)!;
    const r = files.read(abs, "dockerfile");
    if (!r.ok) {
      if (reportMissing) problems.push({ file: abs, rule: r.rule, message: r.message, span: { file: abs, start: 0, end: 0 } });
      dockerfileCache.set(abs, null);
      return null;
    }
    const parsed = parseDockerfile(r.file);
    problems.push(...parsed.problems);
    dockerfileCache.set(abs, parsed.model);
    model.dockerfiles.push(parsed.model);
    return parsed.model;
  };

  const builtDockerfiles = new Set<string>();
  for (const abs of inputs.composeFiles) {
    const r = files.read(abs, "compose");
    if (!r.ok) {
      problems.push({ file: abs, rule: r.rule, message: r.message, span: { file: abs, start: 0, end: 0 } });
      continue;
    }
    const parsed = parseCompose(r.file);
    problems.push(...parsed.problems);
    if (!parsed.model) continue;
    model.composeFiles.push(parsed.model);
    const services = await composeServices(parsed.model, files, kb, resolver, loadDockerfile, builtDockerfiles, problems, model.runningStages);
    model.containers.push(...services);
  }

  for (const abs of inputs.dockerfiles) {
    const df = loadDockerfile(abs, true);
    const last = df ? runStage(df, null) : null;
    if (last) model.runningStages.add(last);
    if (!df || builtDockerfiles.has(abs)) continue;
    const c = await imageContainer(df, files, resolver);
    if (c) model.containers.push(c);
  }

  for (const abs of inputs.runCallers) {
    const r = files.read(abs, abs.endsWith(".sh") ? "script" : "makefile");
    if (!r.ok) continue;
    for (const run of findDockerRuns(r.file)) {
      const chain = await imageOnlyChain(run.image, run.command, run.entrypoint, run.span, kb, resolver, `docker run at ${r.file.rel}:${lineOf(r.file, run.span)}`);
      model.containers.push({
        kind: "docker-run",
        name: run.name ?? run.image ?? "docker run",
        at: run.span,
        image: run.image ? { value: run.image, span: run.span } : null,
        build: null,
        init: run.init ? { state: "true", span: run.span, keySpan: run.span } : { state: "unset" },
        pid: run.pid ? { value: run.pid, span: run.span } : null,
        restart: run.restart ? { value: run.restart, span: run.span } : null,
        oneShot: run.rm || (!run.detach && !run.restart),
        healthchecks: [],
        chain,
      });
    }
  }
  return model;
}

function lineOf(f: SourceFile, span: Span): number {
  let line = 1;
  for (let i = 0; i < f.lineStarts.length && f.lineStarts[i]! <= span.start; i++) line = i + 1;
  return line;
}

async function composeServices(
  cf: ComposeFileModel,
  files: FileStore,
  kb: KnowledgeBase,
  resolver: ChainResolver,
  loadDockerfile: (abs: string, reportMissing: boolean) => DockerfileModel | null,
  builtDockerfiles: Set<string>,
  problems: ParseProblem[],
  runningStages: Set<Stage>,
): Promise<Container[]> {
  const { doc, source, servicesNode } = cf;
  if (!servicesNode) return [];
  const projectDir = path.dirname(source.path);
  const out: Container[] = [];
  const oneShots = new Set<string>();
  // depends_on conditions: a service another one waits on with service_completed_successfully is one-shot
  for (const item of servicesNode.items) {
    const svc = resolveNode(doc, item.value as Node);
    if (!isMap(svc)) continue;
    const dep = valueOf(doc, getPair(doc, svc, "depends_on"));
    if (!isMap(dep)) continue;
    for (const d of dep.items) {
      const name = scalarString(d.key);
      const cond = isMap(resolveNode(doc, d.value as Node)) ? scalarString(valueOf(doc, getPair(doc, resolveNode(doc, d.value as Node) as YAMLMap, "condition"))) : null;
      if (name && cond === "service_completed_successfully") oneShots.add(name);
    }
  }
  for (const item of servicesNode.items) {
    const name = scalarString(item.key);
    if (name === null) continue;
    const keySpan = nodeSpan(source, item.key as Node);
    const svc = resolveNode(doc, item.value as Node);
    const svcMap = isMap(svc) ? svc : null;
    const get = (k: string): Node | null => (svcMap ? valueOf(doc, getPair(doc, svcMap, k)) : null);
    const spanOfKey = (k: string): Span | null => {
      if (!svcMap) return null;
      const p = getPair(doc, svcMap, k);
      return p ? nodeSpan(source, p.pair.value as Node) : null;
    };
    const image = scalarString(get("image"));
    const init = initSetting(doc, source, svcMap);
    const pid = scalarString(get("pid"));
    const restartNode = get("restart");
    const restart = isScalar(restartNode) ? (restartNode.value === false ? "no" : scalarString(restartNode)) : null;

    // build
    let stage: Stage | null = null;
    let contextDir: string | null = null;
    let buildRef: Container["build"] = null;
    let dockerfilePath: string | null = null;
    const buildNode = get("build");
    if (buildNode) {
      const buildSpan = spanOfKey("build")!;
      let context = ".";
      let dockerfile: string | null = null;
      let inline: string | null = null;
      let target: string | null = null;
      if (isScalar(buildNode)) context = scalarString(buildNode) ?? ".";
      else if (isMap(buildNode)) {
        context = scalarString(valueOf(doc, getPair(doc, buildNode, "context"))) ?? ".";
        dockerfile = scalarString(valueOf(doc, getPair(doc, buildNode, "dockerfile")));
        inline = scalarString(valueOf(doc, getPair(doc, buildNode, "dockerfile_inline")));
        target = scalarString(valueOf(doc, getPair(doc, buildNode, "target")));
      }
      buildRef = { context, dockerfile, inline: inline !== null, target, span: buildSpan };
      if (/^[a-z]+:\/\/|^git@|\.git(#.*)?$/i.test(context)) {
        // a remote context: nothing local to read
      } else {
        contextDir = path.resolve(projectDir, context);
        let df: DockerfileModel | null = null;
        if (inline !== null) {
          const p = getPair(doc, buildNode as YAMLMap, "dockerfile_inline")!;
          const vnode = p.pair.value as Node;
          const virtualPath = `${source.path}#services.${name}.build.dockerfile_inline`;
          // spans of an inline Dockerfile point into the compose file at the value's line
          void vnode;
          const vf = files.addVirtual(virtualPath, inline, "dockerfile");
          vf.rel = `${source.rel} (services.${name}.build.dockerfile_inline)`;
          const parsed = parseDockerfile(vf);
          df = parsed.model;
        } else {
          dockerfilePath = path.resolve(contextDir, dockerfile ?? "Dockerfile");
          if (!files.contains(dockerfilePath)) {
            problems.push({ file: source.path, rule: "io-error", message: `service ${name}: the Dockerfile ${dockerfile ?? "Dockerfile"} is outside the linted paths: not read`, span: buildSpan });
          } else {
            df = loadDockerfile(dockerfilePath, true);
            builtDockerfiles.add(dockerfilePath);
          }
        }
        if (df) {
          stage = runStage(df, target);
          if (stage) runningStages.add(stage);
          if (!stage && target) {
            problems.push({ file: source.path, rule: "parse-error", message: `service ${name}: build target \`${target}\` is not a stage of ${path.basename(dockerfilePath ?? "the Dockerfile")}`, span: buildSpan });
          }
        }
      }
    }

    const entrypoint = overrideArgs(doc, source, svcMap, "entrypoint");
    const command = overrideArgs(doc, source, svcMap, "command");
    const hops: Hop[] = [];
    let chain: Pid1Chain;
    const imageRef = image ?? (stage ? baseImage(stage) : null);
    if (stage) {
      chain = await stageChain(stage, { entrypoint, command, contextDir, imageRef, files, resolver, kb });
    } else {
      chain = await imageOnlyChain(image, command, entrypoint, keySpan, kb, resolver, image ? `image ${image}` : "no image");
      if (buildNode && !stage && contextDir === null) {
        chain.verdict = "unknown";
        chain.unknownWhy = "the build context is remote";
      }
    }
    void hops;
    const healthchecks = composeHealthchecks(doc, source, svcMap, stage);
    out.push({
      kind: "service",
      name,
      at: keySpan,
      image: image ? { value: image, span: spanOfKey("image")! } : null,
      build: buildRef,
      init,
      pid: pid ? { value: pid, span: spanOfKey("pid")! } : null,
      restart: restart ? { value: restart, span: spanOfKey("restart")! } : null,
      oneShot: oneShots.has(name),
      healthchecks,
      chain,
      compose: { file: cf, node: svcMap, keySpan, name, initPair: svcMap ? getPair(doc, svcMap, "init") : null },
      ...(dockerfilePath ? { dockerfile: { file: dockerfilePath } } : {}),
    });
  }
  return out;
}

function initSetting(doc: Document, source: SourceFile, svc: YAMLMap | null): InitSetting {
  if (!svc) return { state: "unset" };
  const p = getPair(doc, svc, "init");
  if (!p) return { state: "unset" };
  const v = resolveNode(doc, p.pair.value as Node);
  const span = nodeSpan(source, (p.pair.value as Node) ?? (p.pair.key as Node));
  const keySpan = nodeSpan(source, p.pair.key as Node);
  if (isScalar(v)) {
    const val = v.value;
    if (val === true) return { state: "true", span, keySpan };
    if (val === false) return { state: "false", span, keySpan };
    const s = String(val).trim();
    if (/^(true|yes|on|y)$/i.test(s)) return { state: "true", span, keySpan };
    if (/^(false|no|off|n)$/i.test(s)) return { state: "false", span, keySpan };
    // ${USE_INIT:-true}: the default decides when the variable is unset
    const m = /^\$\{[A-Za-z_][A-Za-z0-9_]*:?-(true|false)\}$/.exec(s);
    if (m) return m[1] === "true" ? { state: "true", span, keySpan } : { state: "false", span, keySpan };
    return { state: "unknown", span, keySpan, text: s };
  }
  return { state: "unknown", span, keySpan, text: "" };
}

/** compose `entrypoint`/`command`: a list, or a string split like a shell would (no shell runs it). */
function overrideArgs(doc: Document, source: SourceFile, svc: YAMLMap | null, key: string): { args: Arg[]; span: Span } | null {
  if (!svc) return null;
  const p = getPair(doc, svc, key);
  if (!p) return null;
  const node = resolveNode(doc, p.pair.value as Node);
  const span = nodeSpan(source, p.pair.key as Node);
  if (isSeq(node)) {
    const args: Arg[] = node.items.map((it) => {
      const n = resolveNode(doc, it as Node);
      return { text: scalarString(n) ?? "", span: nodeSpan(source, n) };
    });
    return { args, span };
  }
  if (isScalar(node)) {
    const s = scalarString(node);
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

function instructionArgs(ci: CommandInstruction, files: FileStore): Arg[] {
  const f = files.get(ci.span.file);
  if (ci.form === "exec") return ci.argv.map((t) => ({ text: t, span: ci.argsSpan }));
  // shell form: /bin/sh -c "<text>"; the string's span is the argument text
  const argv = ci.argv.slice(0, -1).map((t) => ({ text: t, span: ci.span }));
  void f;
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
}

async function stageChain(stage: Stage, d: StageChainDeps): Promise<Pid1Chain> {
  const hops: Hop[] = [];
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
  const img: ImageContext = { stage, contextDir: d.contextDir, imageRef: d.imageRef, env: stage.env };
  if (d.entrypoint) {
    hops.push({ span: d.entrypoint.span, text: `entrypoint in ${composeName(d.entrypoint.span)}` });
    argv = [...d.entrypoint.args];
    origin = "compose";
    if (d.command) argv.push(...d.command.args);
  } else if (stage.entrypoint) {
    hops.push({ span: stage.entrypoint.span, text: at(stage.entrypoint) });
    argv = instructionArgs(stage.entrypoint, d.files);
    shellForm = stage.entrypoint.form === "shell";
    if (!shellForm) {
      if (d.command) argv.push(...d.command.args);
      else if (stage.cmd) argv.push(...instructionArgs(stage.cmd, d.files));
    }
  } else if (d.command) {
    hops.push({ span: d.command.span, text: `command in ${composeName(d.command.span)}` });
    argv = [...d.command.args];
    origin = "compose";
  } else if (stage.cmd) {
    hops.push({ span: stage.cmd.span, text: at(stage.cmd) });
    argv = instructionArgs(stage.cmd, d.files);
    shellForm = stage.cmd.form === "shell";
  } else {
    // nothing in the Dockerfile: the base image decides
    const base = baseImage(stage);
    return imageOnlyChain(base, null, null, stage.fromSpan, d.kb, d.resolver, `image ${base} (FROM in ${dfName}:${lineOf(dfFile!, stage.fromSpan)})`);
  }
  return d.resolver.resolve({ argv, hops, shellForm, origin }, img);
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
): Promise<Pid1Chain> {
  const entry = image ? kb.image(image) : null;
  const img: ImageContext = { stage: null, contextDir: null, imageRef: image, env: new Map() };
  if (entrypoint) {
    const argv = [...entrypoint.args, ...(command?.args ?? [])];
    return resolver.resolve({ argv, hops: [{ span: entrypoint.span, text: "entrypoint override" }], shellForm: false, origin: "compose" }, img);
  }
  if (command && (entry?.passesToCommand || (entry && entry.verdict === "unknown"))) {
    return resolver.resolve({ argv: command.args, hops: [{ span: command.span, text: `command on ${image}` }], shellForm: false, origin: "compose" }, img);
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

async function imageContainer(df: DockerfileModel, files: FileStore, resolver: ChainResolver): Promise<Container | null> {
  const stage = runStage(df, null);
  if (!stage) return null;
  const instr = stage.entrypoint ?? stage.cmd;
  if (!instr || instr.stage !== stage) {
    // inherits only: judged at the last ENTRYPOINT/CMD written in this file, if any
    if (!instr) return null;
  }
  const contextDir = path.dirname(df.source.path);
  const imageRef = baseImage(stage);
  const chain = await stageChain(stage, { entrypoint: null, command: null, contextDir, imageRef, files, resolver, kb: (resolver as unknown as { kb: KnowledgeBase }).kb });
  return {
    kind: "image",
    name: `${df.source.rel}${stage.name ? ` (stage ${stage.name})` : ""}`,
    at: lineSpan(df.source, instr.line),
    image: null,
    build: null,
    init: { state: "unset" },
    pid: null,
    restart: null,
    oneShot: false,
    healthchecks: dockerfileHealthchecks(stage),
    chain,
    dockerfile: { file: df.source.path },
  };
}

function dockerfileHealthchecks(stage: Stage | null): HealthcheckModel[] {
  const h = stage?.healthcheck;
  if (!h) return [];
  return [{ shell: h.form === "shell", disabled: h.form === "none", at: h.span, text: h.shellText ?? h.argv.join(" ") }];
}

function composeHealthchecks(doc: Document, source: SourceFile, svc: YAMLMap | null, stage: Stage | null): HealthcheckModel[] {
  if (!svc) return dockerfileHealthchecks(stage);
  const hp = getPair(doc, svc, "healthcheck");
  const h = hp ? resolveNode(doc, hp.pair.value as Node) : null;
  if (!isMap(h)) return dockerfileHealthchecks(stage);
  const disabled = valueOf(doc, getPair(doc, h, "disable"));
  if (isScalar(disabled) && (disabled.value === true || disabled.value === "true")) {
    return [{ shell: false, disabled: true, at: nodeSpan(source, hp!.pair.key as Node), text: "disable: true" }];
  }
  const tp = getPair(doc, h, "test");
  if (!tp) return dockerfileHealthchecks(stage);
  const t = stringOrList(doc, resolveNode(doc, tp.pair.value as Node));
  const at = nodeSpan(source, tp.pair.key as Node);
  if (!t) return [];
  if (t.kind === "string") return [{ shell: true, disabled: false, at, text: t.value }];
  const [kind, ...rest] = t.value;
  if (kind === "NONE") return [{ shell: false, disabled: true, at, text: "NONE" }];
  return [{ shell: kind === "CMD-SHELL", disabled: false, at, text: rest.join(" ") }];
}

export { effectiveKeys };
