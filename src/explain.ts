// `compose-lint explain <service|Dockerfile[:stage]>`: the whole resolved chain of one container, one hop a
// line with file:line, the knowledge used and its source, and why the verdict is what it is.
import path from "node:path";
import { lint, type LintOptions } from "./engine/index.js";
import { FileStore } from "./files.js";
import { VERDICT_WORDS } from "./knowledge/index.js";
import type { ProjectModel } from "./model/build.js";
import type { Container } from "./model/types.js";
import { positionOf } from "./source.js";
import type { Diagnostic, Span } from "./types.js";

export interface ExplainResult {
  /** the explanation of each container the selector names */
  text: string;
  matched: number;
  /** what could be named instead, when nothing matched */
  candidates: string[];
}

/**
 * Lints `paths` as one model and explains the containers `selector` names: a compose service name
 * (`api`, or `compose.yaml:api`), a Dockerfile path (`docker/Dockerfile`), or a stage (`Dockerfile:runner`, `Dockerfile:#1`).
 */
export async function explain(selector: string, paths: string[], options: LintOptions): Promise<ExplainResult> {
  const roots = paths.length ? paths : ["."];
  const store = new FileStore(options.cwd, roots);
  const result = await lint(roots, options, store);
  const model = result.model!;
  const all = [...model.containers, ...model.nonLinux];
  const hits = all.filter((c) => matches(model, c, selector));
  const text = hits.map((c) => explainContainer(model, c, result.diagnostics)).join("\n");
  return { text, matched: hits.length, candidates: hits.length ? [] : all.map((c) => selectorOf(model, c)) };
}

function rel(model: ProjectModel, abs: string): string {
  return model.files.get(abs)?.rel ?? path.relative(model.cwd, abs).split(path.sep).join("/");
}

function where(model: ProjectModel, span: Span | null | undefined): string {
  if (!span || !span.file) return "";
  const f = model.files.get(span.file);
  if (!f) return rel(model, span.file);
  return `${f.rel}:${positionOf(f, span.start).line}`;
}

/** The selector that names a container, as `explain` accepts it. */
export function selectorOf(model: ProjectModel, c: Container): string {
  if (c.kind === "service") return c.name;
  if (c.kind === "image" && c.dockerfile) {
    const stage = c.stage;
    return `${rel(model, c.dockerfile.file)}${stage ? `:${stage.name ?? `#${stage.index}`}` : ""}`;
  }
  return `${c.kind}:${where(model, c.at)}`;
}

function matches(model: ProjectModel, c: Container, selector: string): boolean {
  if (c.kind === "service") {
    if (selector === c.name) return true;
    const file = c.compose ? c.compose.file.source.rel : "";
    return selector === `${file}:${c.name}`;
  }
  if (c.kind === "image" && c.dockerfile) {
    const file = rel(model, c.dockerfile.file);
    const stage = c.stage;
    const names = stage ? [stage.name, `#${stage.index}`].filter(Boolean) : [];
    if (selector === file || selector === path.basename(file)) return true;
    const i = selector.lastIndexOf(":");
    if (i === -1) return false;
    const [f, s] = [selector.slice(0, i), selector.slice(i + 1)];
    return (f === file || f === path.basename(file)) && names.includes(s);
  }
  return selector === selectorOf(model, c);
}

function title(model: ProjectModel, c: Container): string {
  switch (c.kind) {
    case "service":
      return `service \`${c.name}\` (${where(model, c.at)})`;
    case "image":
      return `image built from ${c.name} (${where(model, c.at)}), as \`docker run\` runs it`;
    default:
      return `${c.kind} ${c.name} (${where(model, c.at)})`;
  }
}

function initLine(model: ProjectModel, c: Container): string {
  const parts: string[] = [];
  if (c.init.state === "true" || c.init.state === "false") parts.push(`init: ${c.init.state} (${where(model, c.init.keySpan)})`);
  else if (c.init.state === "unknown") parts.push(`init: ${c.init.text}, unknown here (${where(model, c.init.keySpan)})`);
  else parts.push("init: not set");
  if (c.chain.initInChain) parts.push(`an init in the chain: ${c.chain.initInChain.value} (${where(model, c.chain.initInChain.span)})`);
  if (c.pid) parts.push(`pid: ${c.pid.value}`);
  if (c.runners?.length) parts.push(`run here by ${c.runners.map((r) => `${r.kind === "service" ? `service \`${r.name}\`` : r.kind} (${where(model, r.at)}, init ${r.init.state === "unset" ? "not set" : r.init.state})`).join(", ")}`);
  return parts.join("; ");
}

/** The explanation of one container of a model (the language server's hover): chain, knowledge, init, findings at it. */
export function explainContainer(model: ProjectModel, c: Container, diagnostics: Diagnostic[]): string {
  const ch = c.chain;
  const out: string[] = [title(model, c)];
  if (c.noLinuxPid1) {
    out.push(`  no Linux PID 1: ${c.noLinuxPid1.why} (${where(model, c.noLinuxPid1.span)}); PID 1 rules do not apply`);
  }
  if (c.image) out.push(`  image: ${c.image.value}`);
  if (c.build) out.push(`  build: context ${c.build.context}${c.build.dockerfile ? `, dockerfile ${c.build.dockerfile}` : ""}${c.build.target ? `, target ${c.build.target}` : ""}`);
  if (c.stage) out.push(`  stage: ${c.stage.name ?? `#${c.stage.index}`} (FROM ${c.stage.from}, ${where(model, c.stage.fromSpan)})`);
  out.push(ch.shellForm ? "  entry: shell form: the stage's shell runs the command string" : "  entry: exec form");
  out.push("  chain:");
  ch.hops.forEach((h, i) => out.push(`    ${i + 1}. ${h.text}${h.span.file ? `  [${where(model, h.span)}]` : ""}`));
  const verdict = VERDICT_WORDS[ch.verdict];
  out.push(`  PID 1: ${ch.verdict === "unknown" ? "unknown" : (ch.program ?? "?")} — ${verdict}`);
  if (ch.argv) out.push(`    argv: ${ch.argv.join(" ")}`);
  if (ch.unknownWhy) out.push(`    why unknown: ${ch.unknownWhy}`);
  if (ch.knowledge) {
    const k = ch.knowledge;
    out.push(`    knowledge: ${k.name} → ${k.verdict}${k.note ? ` (${k.note})` : ""}`);
    out.push(`    source: ${k.source}`);
  }
  out.push(`  ${initLine(model, c)}`);
  if (c.oneShot) out.push(`  one-shot: not long-running (${c.oneShotWhy ?? "a job another service waits on, or `docker run --rm`"})`);
  for (const r of ch.orphanRisks) out.push(`  orphan risk: ${r.text} (${where(model, r.at)})`);
  if (ch.shellStays) out.push(`  the shell stays PID 1 in front of \`${ch.shellStays.command}\` (${where(model, ch.shellStays.at)})`);
  for (const h of c.healthchecks) out.push(`  healthcheck: ${h.disabled ? "disabled" : `${h.shell ? "through a shell" : "exec form"}: ${h.text}`} (${where(model, h.at)})`);
  const mine = diagnostics.filter((d) => d.span.file === c.at.file && d.span.start === c.at.start);
  out.push(mine.length ? "  findings:" : "  findings: none at this container");
  for (const d of mine) out.push(`    ${d.severity} ${d.rule}: ${d.message}`);
  return out.join("\n");
}
