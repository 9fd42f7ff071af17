// More places where `--init` lives: dev containers (`.devcontainer/devcontainer.json`, `"init": true`)
// and GitHub Actions workflows (job `container:` and `services:` with `options: --init`).
import { isMap, isScalar, parseDocument, type Document, type Node, type YAMLMap } from "yaml";
import type { FileStore } from "../files.js";
import type { KnowledgeBase } from "../knowledge/index.js";
import { getPair, nodeSpan, resolveNode, scalarString } from "../parse/compose.js";
import type { SourceFile, Span } from "../types.js";
import type { Container, InitTarget, Pid1Chain } from "./types.js";

export function isDevcontainerPath(posixPath: string): boolean {
  return /(^|\/)\.devcontainer\.json$/.test(posixPath) || /(^|\/)\.devcontainer\/([^/]+\/)?devcontainer\.json$/.test(posixPath);
}

export function isWorkflowPath(posixPath: string): boolean {
  return /(^|\/)\.github\/workflows\/[^/]+\.ya?ml$/.test(posixPath);
}

function chainOf(program: string | null, verdict: Pid1Chain["verdict"], at: Span, how: string, extra: Partial<Pid1Chain> = {}): Pid1Chain {
  return { hops: [{ span: at, text: how }], argv: program ? [program] : null, program, verdict, how: `${program ?? "an unknown program"} (${how})`, initInChain: null, orphanRisks: [], finalExec: null, shellStays: null, shellForm: false, ...extra };
}

/** Blanks out // and /* *\/ comments of JSONC (positions kept) and drops trailing commas. */
export function stripJsonc(text: string): string {
  let out = "";
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === "\\" ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
    } else if (c === "/" && text[i + 1] === "/") {
      let j = i;
      while (j < text.length && text[j] !== "\n") j++;
      out += " ".repeat(j - i);
      i = j;
    } else if (c === "/" && text[i + 1] === "*") {
      const end = text.indexOf("*/", i + 2);
      const j = end === -1 ? text.length : end + 2;
      out += text.slice(i, j).replace(/[^\n]/g, " ");
      i = j;
    } else {
      out += c;
      i++;
    }
  }
  return out.replace(/,(\s*[}\]])/g, " $1");
}

/** A dev container: with the default `overrideCommand` its PID 1 is a shell loop that waits (and so reaps). */
export function devcontainerContainer(file: SourceFile, kb: KnowledgeBase): { container: Container | null; problem: string | null } {
  const masked = stripJsonc(file.text);
  let data: Record<string, unknown>;
  try {
    data = JSON.parse(masked) as Record<string, unknown>;
  } catch (e) {
    return { container: null, problem: `devcontainer.json: ${(e as Error).message}` };
  }
  if (typeof data !== "object" || data === null || Array.isArray(data)) return { container: null, problem: "devcontainer.json must be an object" };
  if (data.dockerComposeFile) return { container: null, problem: null }; // the compose service is linted as such
  const keyAt = (k: string): Span => {
    const m = new RegExp(`"${k}"\\s*:`).exec(masked);
    const start = m ? m.index : Math.max(0, masked.indexOf("{"));
    return { file: file.path, start, end: m ? start + k.length + 2 : start + 1 };
  };
  const image = typeof data.image === "string" ? data.image : null;
  const at = image ? keyAt("image") : data.build ? keyAt("build") : keyAt("dockerFile");
  const init = data.init === true ? { state: "true" as const, span: keyAt("init"), keySpan: keyAt("init") } : data.init === false ? { state: "false" as const, span: keyAt("init"), keySpan: keyAt("init") } : { state: "unset" as const };
  let chain: Pid1Chain;
  if (data.overrideCommand === false) {
    const entry = image ? kb.image(image) : null;
    chain = entry
      ? chainOf(entry.program ?? entry.name, entry.verdict, at, `image ${image}, overrideCommand: false`)
      : chainOf(null, "unknown", at, image ? `image ${image}, overrideCommand: false` : "the Dockerfile's own command", { unknownWhy: image ? `the image ${image} is not in the knowledge base` : "the dev container's Dockerfile command is not followed here" });
  } else {
    chain = chainOf("sh", "shell", at, "the dev container's default command: a shell loop that waits");
  }
  const open = masked.indexOf("{");
  const firstKey = /"[^"]+"\s*:/.exec(masked.slice(open + 1));
  let initTarget: InitTarget | null = null;
  if (open !== -1 && firstKey) {
    const keyStart = open + 1 + firstKey.index;
    const lineStart = masked.lastIndexOf("\n", keyStart) + 1;
    const indent = masked.slice(lineStart, keyStart);
    const sameLine = lineStart <= open;
    const text = sameLine ? ` "init": true,` : `${file.eol}${/^[ \t]*$/.test(indent) ? indent : "  "}"init": true,`;
    initTarget = { kind: "insert", file: file.path, offset: open + 1, text, title: 'add `"init": true`' };
  }
  return {
    container: { kind: "devcontainer", name: file.rel, at, image: image ? { value: image, span: at } : null, build: null, init, pid: null, restart: null, oneShot: false, healthchecks: [], chain, initTarget },
    problem: null,
  };
}

/** Job containers run `tail -f /dev/null`-style as PID 1 while steps `docker exec` into them; services run their image. */
export function workflowContainers(file: SourceFile, kb: KnowledgeBase, doc: Document = parseDocument(file.text, { uniqueKeys: false })): { containers: Container[]; problem: string | null } {
  if (doc.errors.length) return { containers: [], problem: null }; // a broken workflow is not ours to report
  const root = doc.contents;
  if (!isMap(root)) return { containers: [], problem: null };
  const jobs = resolveNode(doc, getPair(doc, root, "jobs")?.pair.value as Node);
  if (!isMap(jobs)) return { containers: [], problem: null };
  const out: Container[] = [];
  const initFromOptions = (m: YAMLMap | null): boolean => {
    const opts = m ? scalarString(resolveNode(doc, getPair(doc, m, "options")?.pair.value as Node)) : null;
    return opts !== null && /(^|\s)--init(\s|=true|$)/.test(opts);
  };
  for (const job of jobs.items) {
    const jobName = scalarString(job.key) ?? "?";
    const jobMap = resolveNode(doc, job.value as Node);
    if (!isMap(jobMap)) continue;
    const cp = getPair(doc, jobMap, "container");
    if (cp) {
      const v = resolveNode(doc, cp.pair.value as Node);
      const m = isMap(v) ? v : null;
      const image = isScalar(v) ? scalarString(v) : m ? scalarString(resolveNode(doc, getPair(doc, m, "image")?.pair.value as Node)) : null;
      const at = nodeSpan(file, cp.pair.key as Node);
      out.push(workflowContainer("job", `job \`${jobName}\` container`, at, image, optionsTarget(file, doc, m), initFromOptions(m),
        chainOf("tail", "non-reaper", at, "the runner keeps job containers alive with `tail -f /dev/null`; steps run through docker exec", { knowledge: kb.program("tail") })));
    }
    const sp = getPair(doc, jobMap, "services");
    const services = sp ? resolveNode(doc, sp.pair.value as Node) : null;
    if (!isMap(services)) continue;
    for (const s of services.items) {
      const name = scalarString(s.key) ?? "?";
      const v = resolveNode(doc, s.value as Node);
      const m = isMap(v) ? v : null;
      const image = m ? scalarString(resolveNode(doc, getPair(doc, m, "image")?.pair.value as Node)) : null;
      const at = nodeSpan(file, s.key as Node);
      const entry = image ? kb.image(image) : null;
      const chain = entry
        ? chainOf(entry.program ?? entry.name, entry.verdict, at, `image ${image}`, { knowledge: entry, initInChain: entry.verdict === "init" || entry.verdict === "s6" ? { value: entry.program ?? entry.name, span: at } : null })
        : chainOf(null, "unknown", at, image ? `image ${image}` : "no image", { unknownWhy: image ? `the image ${image} is not in the knowledge base` : "no image" });
      out.push(workflowContainer("service", `service \`${name}\` of job \`${jobName}\``, at, image, optionsTarget(file, doc, m), initFromOptions(m), chain));
    }
  }
  return { containers: out, problem: null };
}

function workflowContainer(role: "job" | "service", name: string, at: Span, image: string | null, initTarget: InitTarget | null, init: boolean, chain: Pid1Chain): Container {
  return {
    kind: "workflow",
    workflowRole: role,
    name,
    at,
    image: image ? { value: image, span: at } : null,
    build: null,
    init: init ? { state: "true", span: at, keySpan: at } : { state: "unset" },
    pid: null,
    restart: null,
    oneShot: false,
    healthchecks: [],
    chain,
    initTarget,
  };
}

/** `options: --init` in a job container or service mapping: appended to existing options, or a new key. */
function optionsTarget(file: SourceFile, doc: import("yaml").Document, m: YAMLMap | null): InitTarget | null {
  if (!m) return null;
  const p = getPair(doc, m, "options");
  if (!p) return { kind: "yaml-entry", file, map: m, key: "options", value: "--init", title: "add `options: --init`" };
  if (p.merged) return null;
  const v = p.pair.value as Node | null;
  if (!isScalar(v) || !v.range) return null;
  if (v.type === "BLOCK_LITERAL" || v.type === "BLOCK_FOLDED") return null;
  const at = v.type === "QUOTE_DOUBLE" || v.type === "QUOTE_SINGLE" ? v.range[1] - 1 : v.range[1];
  return { kind: "insert", file: file.path, offset: at, text: String(v.value ?? "").length ? " --init" : "--init", title: "add `--init` to the container options" };
}

export function extraContainers(files: FileStore, paths: string[], kb: KnowledgeBase): { containers: Container[]; problems: { file: string; message: string }[] } {
  const containers: Container[] = [];
  const problems: { file: string; message: string }[] = [];
  for (const p of paths) {
    const posix = p.split("\\").join("/");
    const r = files.read(p, isWorkflowPath(posix) ? "workflow" : "devcontainer");
    if (!r.ok) {
      problems.push({ file: p, message: r.message });
      continue;
    }
    if (isWorkflowPath(posix)) containers.push(...workflowContainers(r.file, kb, files.yamlDocument(r.file)).containers);
    else {
      const d = devcontainerContainer(r.file, kb);
      if (d.container) containers.push(d.container);
      if (d.problem) problems.push({ file: p, message: d.problem });
    }
  }
  return { containers, problems };
}
