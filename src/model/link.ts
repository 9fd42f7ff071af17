// A container that runs an image the repository builds itself (src/model/provenance.ts) with no build of its
// own: judged by the Dockerfile that builds it, the link (`ghcr.io/acme/app is built from docker/Dockerfile by
// .github/workflows/release.yml:42`) as the chain's first hop.
import { VERDICT_WORDS } from "../knowledge/index.js";
import { runStage, type Stage } from "../parse/dockerfile.js";
import { lineSpan } from "../source.js";
import type { ModelContext } from "./context.js";
import { linkText, type ProvenanceLink } from "./provenance.js";
import { stageChain, type Overrides } from "./stage-chain.js";
import type { Pid1Chain } from "./types.js";

export type Linked = { chain: Pid1Chain; stage: Stage; dockerfile: string; contextDir: string } | { why: string };

type Judged = { link: ProvenanceLink; chain: Pid1Chain; stage: Stage };

/** One link judged: the chain of its stage, with `text` as the first hop; null when its Dockerfile has no such stage. */
async function judgeLink(ctx: ModelContext, l: ProvenanceLink, text: string, entrypoint: Overrides, command: Overrides): Promise<{ chain: Pid1Chain; stage: Stage } | null> {
  const df = ctx.loadDockerfile(l.build.dockerfile, false);
  const stage = df ? runStage(df, l.build.target) : null;
  if (!stage) return null;
  const f = ctx.files.get(l.build.by.file);
  const lead = [{ span: f ? lineSpan(f, l.build.by.line) : stage.fromSpan, text }];
  return { chain: await stageChain(ctx, stage, { entrypoint, command, contextDir: l.build.context, image: null, lead }), stage };
}

/** Why nothing here builds the image (the tags it is built under, when only the tag differs). */
function notBuiltWhy(ctx: ModelContext, near: { refs: { text: string }[]; by: { file: string; line: number } }[]): string {
  const at = (b: { file: string; line: number }): string => `${ctx.rel(b.file)}:${b.line}`;
  if (near.length) return `the repository builds it only under other tags: ${near.slice(0, 3).map((b) => `${b.refs.map((r) => r.text).join(", ")} (${at(b.by)})`).join("; ")}`;
  return "no workflow, bake file, Makefile or script, GitLab CI job, GoReleaser config or compose `build:` here builds it";
}

/**
 * The image judged by the Dockerfile(s) that build it here. When several Dockerfiles build it, each is judged:
 * the first (by file and line) decides when they agree; when they do not, PID 1 is unknown and the reason names
 * them (as it names what was tried when nothing builds the image here).
 */
export async function linkImage(ctx: ModelContext, image: string, entrypoint: Overrides, command: Overrides): Promise<Linked> {
  const { links, near } = (await ctx.provenance()).lookup(image);
  if (!links.length) return { why: notBuiltWhy(ctx, near) };
  const at = (b: { file: string; line: number }): string => `${ctx.rel(b.file)}:${b.line}`;
  const judged: Judged[] = [];
  for (const l of links.slice(0, 8)) {
    const j = await judgeLink(ctx, l, linkText(image, l, ctx.files.cwd), entrypoint, command);
    if (j) judged.push({ link: l, ...j });
  }
  const first = judged[0];
  if (!first) return { why: `${linkText(image, links[0]!, ctx.files.cwd)}, which could not be read as a Dockerfile with that stage` };
  // they agree when they lead to the same finding: unknown, a PID 1 that needs an init, or one that does not
  const outcome = (c: Pid1Chain): string => (c.verdict === "unknown" ? "unknown" : !c.initInChain && c.verdict === "non-reaper" ? "needs an init" : "no init needed");
  if (!judged.every((j) => outcome(j.chain) === outcome(first.chain))) {
    const each = judged.map((j) => `${ctx.rel(j.link.build.dockerfile)}${j.link.build.target ? ` (stage ${j.link.build.target})` : ""} by ${at(j.link.build.by)}: ${j.chain.verdict === "unknown" ? "unknown" : `${j.chain.program ?? "?"}, ${VERDICT_WORDS[j.chain.verdict]}`}`);
    return { why: `the repository builds it from ${judged.length} Dockerfiles that differ at PID 1 (${each.join("; ")})` };
  }
  let decided = first;
  if (judged.length > 1) {
    const others = judged.slice(1).map((j) => `${ctx.rel(j.link.build.dockerfile)} by ${at(j.link.build.by)}`);
    const again = await judgeLink(ctx, first.link, `${linkText(image, first.link, ctx.files.cwd)}, which decides (${others.join(", ")} ${others.length > 1 ? "agree" : "agrees"})`, entrypoint, command);
    if (again) decided = { ...first, ...again };
  }
  ctx.model.runningStages.add(decided.stage);
  return { chain: decided.chain, stage: decided.stage, dockerfile: decided.link.build.dockerfile, contextDir: decided.link.build.context };
}

/** The stage that builds an image here (its first link whose Dockerfile reads), without judging it: the container is one of its runners. */
export async function builtStage(ctx: ModelContext, image: string): Promise<{ stage: Stage; dockerfile: string; contextDir: string } | null> {
  for (const l of (await ctx.provenance()).lookup(image).links) {
    const df = ctx.loadDockerfile(l.build.dockerfile, false);
    const stage = df ? runStage(df, l.build.target) : null;
    if (!stage) continue;
    ctx.model.runningStages.add(stage);
    return { stage, dockerfile: l.build.dockerfile, contextDir: l.build.context };
  }
  return null;
}
