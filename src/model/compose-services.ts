// Compose services as containers: the service's keys as Compose merges them (src/compose/view.ts), its
// `build:` (context, dockerfile or dockerfile_inline, target, args) read into the Dockerfile stage it runs,
// and the chain to PID 1: of that stage, of an image the repository builds elsewhere, or of a known image.
import path from "node:path";
import { isMap, isScalar, isSeq, type Node } from "yaml";
import { interpolate, type Env } from "../compose/interpolate.js";
import { scalarText, seqItems, type Hit, type ServiceView } from "../compose/view.js";
import type { FileStore } from "../files.js";
import { imageRepository } from "../knowledge/index.js";
import { getPair, nodeSpan, resolveNode, scalarString, stringOrList, valueOf } from "../parse/compose.js";
import { parseDockerfile, runStage, type DockerfileModel, type Stage } from "../parse/dockerfile.js";
import type { Span } from "../types.js";
import type { Arg } from "./chain.js";
import type { ModelContext } from "./context.js";
import { builtStage, linkImage } from "./link.js";
import { bindMounts, serviceEnvironment } from "./mounts.js";
import { servicePlatform, stagePlatform } from "./platform.js";
import { serviceImageRef } from "./provenance.js";
import { dockerfileHealthchecks, imageOnlyChain, lineOf, stageChain, type Overrides } from "./stage-chain.js";
import type { BuildRef, Container, HealthcheckModel, InitSetting, Pid1Chain } from "./types.js";

/** A service's `build:` as Compose reads it. */
interface BuildSpec {
  hit: Hit;
  ref: BuildRef;
  /** the absolute context, null when it is remote */
  contextDir: string | null;
  inline: { text: string; hit: Hit } | null;
  /** `build.args`, interpolated; a name with no value takes the interpolation environment's (left out when unset) */
  args: Map<string, string>;
}

/** What the service runs: the stage (built here, or by the build of an image it names) and its chain. */
interface ServiceRun {
  chain: Pid1Chain;
  stage: Stage | null;
  contextDir: string | null;
  dockerfilePath: string | null;
}

const spanOf = (h: Hit | null): Span | null => (h ? nodeSpan(h.layer.ctx.file.source, (h.pair.pair.value as Node) ?? (h.pair.pair.key as Node)) : null);

const REMOTE_CONTEXT = /^[a-z]+:\/\/|^git@|\.git(#.*)?$/i;

/** The container of one compose service. */
export async function composeService(ctx: ModelContext, view: ServiceView, oneShots: Set<string>): Promise<Container> {
  const imageHit = view.get("image");
  const image = view.str(imageHit) || null;
  const pidHit = view.get("pid");
  const pid = view.str(pidHit);
  const restartHit = view.get("restart");
  const restart = isScalar(restartHit?.node) ? (restartHit.node.value === false ? "no" : view.str(restartHit)) : null;
  const build = readBuild(view);
  const run = await serviceRun(ctx, view, build, image);
  const noLinuxPid1 = servicePlatform(view, spanOf) ?? (run.stage ? stagePlatform(run.stage) : null);
  const initHit = view.get("init");
  const base = view.base;
  return {
    kind: "service",
    name: view.name,
    at: view.keySpan,
    image: image ? { value: image, span: spanOf(imageHit)! } : null,
    build: build?.ref ?? null,
    init: initSetting(view),
    pid: pid ? { value: pid, span: spanOf(pidHit)! } : null,
    restart: restart ? { value: restart, span: spanOf(restartHit)! } : null,
    oneShot: oneShots.has(view.name),
    healthchecks: composeHealthchecks(view, run.stage),
    chain: run.chain,
    // the fix target is the service in the first file that declares it; `init` set in another
    // layer (override file, extended service) is marked merged so it is not removed from the wrong mapping
    compose: { file: base.ctx.file, node: base.map.range ? base.map : null, keySpan: view.keySpan, name: view.name, initPair: initHit ? { pair: initHit.pair.pair, merged: initHit.pair.merged || initHit.layer !== base } : null },
    ...(run.dockerfilePath ? { dockerfile: { file: run.dockerfilePath } } : {}),
    ...(run.stage ? { stage: run.stage, contextDir: run.contextDir ?? undefined } : {}),
    ...(noLinuxPid1 ? { noLinuxPid1 } : {}),
  };
}

/** `build:`: a mapping merged key-wise across layers; a string is the context. */
function readBuild(view: ServiceView): BuildSpec | null {
  const hit = view.get("build");
  if (!hit) return null;
  let context = ".";
  let contextBase = hit.layer.ctx.baseDir;
  let dockerfile: string | null = null;
  let inline: BuildSpec["inline"] = null;
  let target: string | null = null;
  if (isScalar(hit.node)) context = view.str(hit) ?? ".";
  else {
    const ctxHit = view.getIn(["build", "context"], "context");
    if (ctxHit) {
      context = view.str(ctxHit) ?? ".";
      contextBase = ctxHit.layer.ctx.baseDir;
    }
    dockerfile = view.str(view.getIn(["build", "dockerfile"]));
    const inlineHit = view.getIn(["build", "dockerfile_inline"]);
    const text = view.str(inlineHit);
    if (inlineHit && text !== null) inline = { text, hit: inlineHit };
    target = view.str(view.getIn(["build", "target"]));
  }
  const ref: BuildRef = { context, dockerfile, inline: inline !== null, target, span: spanOf(hit)! };
  const contextDir = REMOTE_CONTEXT.test(context) ? null : path.resolve(contextBase, context);
  return { hit, ref, contextDir, inline, args: buildArgs(view) };
}

/**
 * `build.args`, merged key-wise across the service's layers (mapping or `NAME=value` list). A name without a
 * value (`- NAME`, `NAME:`) takes its value from the environment Compose interpolates with (the process and
 * `.env`); when that has none, the argument is not passed and the Dockerfile's default applies.
 * https://docs.docker.com/reference/compose-file/build/#args
 */
export function buildArgs(view: ServiceView): Map<string, string> {
  const out = new Map<string, string>();
  for (const layer of view.layers) {
    const doc = layer.ctx.file.doc;
    const build = resolveNode(doc, getPair(doc, layer.map, "build")?.pair.value as Node);
    const args = isMap(build) ? resolveNode(doc, getPair(doc, build, "args")?.pair.value as Node) : null;
    if (!args) continue;
    const set = (name: string, value: string | null): void => {
      const v = value ?? layer.ctx.env.get(name) ?? null;
      if (v === null) out.delete(name);
      else out.set(name, v);
    };
    if (isMap(args)) {
      for (const p of args.items) {
        const name = scalarString(p.key as Node);
        const v = resolveNode(doc, p.value as Node);
        if (name) set(name, v && isScalar(v) && v.value !== null ? (scalarText(v, layer.ctx.env)?.value ?? null) : null);
      }
    } else if (isSeq(args)) {
      for (const item of seqItems(layer.ctx.file, args)) {
        const t = isScalar(item) ? scalarText(item, layer.ctx.env)?.value : null;
        if (!t) continue;
        const eq = t.indexOf("=");
        if (eq === -1) set(t.trim(), null);
        else if (eq > 0) set(t.slice(0, eq), t.slice(eq + 1));
      }
    }
  }
  return out;
}

/**
 * A service that builds an image and names it (`build:` + `image:`) tells the model what that image is:
 * another Dockerfile built `FROM` it is read through this one.
 */
export function declareComposeBuild(ctx: ModelContext, view: ServiceView): void {
  const imageHit = view.get("image");
  const image = view.str(imageHit);
  const build = image ? readBuild(view) : null;
  if (!image || !build?.contextDir || build.inline) return;
  const dockerfile = path.resolve(build.contextDir, build.ref.dockerfile ?? defaultDockerfile(ctx.files, build.contextDir));
  const f = imageHit!.layer.ctx.file.source;
  const by = `compose service \`${view.name}\` (${f.rel}:${lineOf(f, nodeSpan(f, imageHit!.pair.pair.key as Node))})`;
  // where the build is said: the `build:` key, in whichever file of the project gives it
  const buildHit = view.get("build")!;
  const bf = buildHit.layer.ctx.file.source;
  const at = { file: bf.path, line: lineOf(bf, nodeSpan(bf, buildHit.pair.pair.key as Node)) };
  ctx.declareBuild({ image, dockerfile, target: build.ref.target, contextDir: build.contextDir, buildArgs: build.args, by, service: view.name, at });
}

async function serviceRun(ctx: ModelContext, view: ServiceView, build: BuildSpec | null, image: string | null): Promise<ServiceRun> {
  const mounts = bindMounts(view);
  const entrypoint = overrideArgs(view, "entrypoint");
  const command = overrideArgs(view, "command");
  const built = build ? buildStage(ctx, view.name, build) : null;
  if (built?.stage) {
    const chain = await stageChain(ctx, built.chainStage!, { entrypoint, command, contextDir: build!.contextDir, image, mounts, environment: serviceEnvironment(view) });
    return { chain, stage: built.stage, contextDir: build!.contextDir, dockerfilePath: built.dockerfilePath };
  }
  const imageHit = view.get("image");
  const chain = await imageOnlyChain(image, command, entrypoint, view.keySpan, ctx.kb, ctx.resolver, image ? `image ${image}` : "no image", mounts);
  const unresolvedImage = imageHit ? view.text(imageHit) : null;
  if (unresolvedImage && unresolvedImage.unresolved.length && chain.verdict === "unknown" && !entrypoint) {
    chain.unknownWhy = `the image \`${imageHit!.node && isScalar(imageHit!.node) ? String(imageHit!.node.value) : image}\` depends on ${unresolvedImage.unresolved.map((v) => `$${v}`).join(", ")}, which is not set here`;
  }
  if (build && build.contextDir === null) {
    chain.verdict = "unknown";
    chain.unknownWhy = "the build context is remote";
  } else if (build && chain.verdict === "unknown" && !image) {
    chain.unknownWhy = "the Dockerfile it builds was not read";
  }
  const none: ServiceRun = { chain, stage: null, contextDir: build?.contextDir ?? null, dockerfilePath: built?.dockerfilePath ?? null };
  return build || !image ? none : linkedRun(ctx, view, image, { entrypoint, command }, none);
}

/** A service that runs an image the repository builds itself (and no build of its own) is judged by its Dockerfile. */
async function linkedRun(ctx: ModelContext, view: ServiceView, image: string, o: { entrypoint: Overrides; command: Overrides }, run: ServiceRun): Promise<ServiceRun> {
  const imageHit = view.get("image");
  const rawImage = imageHit && isScalar(imageHit.node) ? String(imageHit.node.value) : null;
  const ref = serviceImageRef(image, rawImage);
  const linked = !ctx.kb.imageInfo(image) ? await linkImage(ctx, ref, o.entrypoint, o.command) : null;
  if (linked && "chain" in linked) return { chain: linked.chain, stage: linked.stage, contextDir: linked.contextDir, dockerfilePath: linked.dockerfile };
  if (linked && run.chain.verdict === "unknown") run.chain.unknownWhy = `${run.chain.unknownWhy ?? "unknown"}; ${linked.why}`;
  // the knowledge base judges a project's own image (not an official one): the service still runs the stage built here
  const built = !linked && imageRepository(image).includes("/") ? await builtStage(ctx, ref) : null;
  return built ? { ...run, stage: built.stage, contextDir: built.contextDir, dockerfilePath: built.dockerfile } : run;
}

/**
 * The Dockerfile stage a service's `build:` runs (problems reported at `build`, where the user edits). `stage` is
 * the Dockerfile as written (the rules' and the image's own); `chainStage` the same stage as built with `build.args`.
 */
function buildStage(ctx: ModelContext, name: string, build: BuildSpec): { stage: Stage | null; chainStage: Stage | null; dockerfilePath: string | null } {
  if (build.contextDir === null) return { stage: null, chainStage: null, dockerfilePath: null };
  const buildFile = build.hit.layer.ctx.file.source;
  const span = build.ref.span;
  let df: DockerfileModel | null = null;
  let withArgs: DockerfileModel | null = null;
  let dockerfilePath: string | null = null;
  if (build.inline) {
    const src = build.inline.hit.layer.ctx.file.source;
    // spans of an inline Dockerfile point into a virtual file named after the compose file
    const vf = ctx.files.addVirtual(`${src.path}#services.${name}.build.dockerfile_inline`, build.inline.text, "dockerfile");
    vf.rel = `${src.rel} (services.${name}.build.dockerfile_inline)`;
    df = parseDockerfile(vf).model;
    withArgs = build.args.size ? parseDockerfile(vf, build.args).model : df;
  } else {
    // without `dockerfile:`, docker build reads Dockerfile, or dockerfile when there is no Dockerfile
    const dockerfile = build.ref.dockerfile;
    dockerfilePath = path.resolve(build.contextDir, dockerfile ?? defaultDockerfile(ctx.files, build.contextDir));
    if (!ctx.files.contains(dockerfilePath)) {
      ctx.problems.push({ file: buildFile.path, rule: "io-error", message: `service ${name}: the Dockerfile ${dockerfile ?? "Dockerfile"} is outside the linted paths: not read`, span, leftOut: true });
    } else {
      df = ctx.loadDockerfile(dockerfilePath, false);
      withArgs = df ? ctx.loadDockerfile(dockerfilePath, false, build.args) : null;
      const r = df ? null : ctx.files.read(dockerfilePath, "dockerfile");
      if (r && !r.ok) ctx.problems.push({ file: buildFile.path, rule: r.rule, message: `service ${name}: ${ctx.rel(dockerfilePath)}: ${r.message}`, span });
    }
  }
  const stage = df ? runStage(df, build.ref.target) : null;
  if (stage) ctx.model.runningStages.add(stage);
  if (df && !stage && build.ref.target) {
    ctx.problems.push({ file: buildFile.path, rule: "parse-error", message: `service ${name}: build target \`${build.ref.target}\` is not a stage of ${path.basename(dockerfilePath ?? "the Dockerfile")}`, span });
  }
  const chainStage = stage && withArgs && withArgs !== df ? (withArgs.stages[stage.index] ?? stage) : stage;
  return { stage, chainStage, dockerfilePath };
}

export function defaultDockerfile(files: FileStore, contextDir: string): string {
  const upper = files.read(path.join(contextDir, "Dockerfile"), "dockerfile");
  if (upper.ok || upper.message !== "no such file") return "Dockerfile";
  const lower = files.read(path.join(contextDir, "dockerfile"), "dockerfile");
  return lower.ok ? "dockerfile" : "Dockerfile";
}

/** Services another service waits on with `condition: service_completed_successfully` (one-shot). */
export function oneShotServices(views: ServiceView[]): Set<string> {
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
  if (!isScalar(v)) return { state: "unknown", span, keySpan, text: "" };
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

/** compose `entrypoint`/`command`: a list, or a string split like a shell would (no shell runs it). Replaced, not merged, across files. */
function overrideArgs(view: ServiceView, key: string): Overrides {
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
  const t = raw.kind === "string" ? { kind: "string" as const, value: view.str(tp) ?? raw.value } : { kind: "list" as const, value: raw.value.map((s) => (s.includes("$") ? interpolate(s, env as Env).value : s)) };
  if (t.kind === "string") return [{ shell: true, disabled: false, at, text: t.value }];
  const [kind, ...rest] = t.value;
  if (kind === "NONE") return [{ shell: false, disabled: true, at, text: "NONE" }];
  return [{ shell: kind === "CMD-SHELL", disabled: false, at, text: rest.join(" ") }];
}
