// Image provenance: the images this repository builds itself, each with the Dockerfile that builds it and
// the file and line that say so. A compose service (or `docker run`, or a workflow service) that runs such
// an image with no `build:` of its own is judged by that Dockerfile.
//
// Sources, read through the FileStore (so never outside the linted paths):
// - GitHub workflows: `docker/build-push-action` (`context`, `file`, `target`, `tags`, `outputs: name=`), its
//   tags from `docker/metadata-action` (`images`, `tags`), and `docker build` / kaniko in `run:` steps;
//   `${{ env.* }}`, `${{ matrix.* }}` (one job instance at a time), step and job outputs, `$GITHUB_ENV` writes;
// - bake files (`docker-bake.hcl` / `.json`): targets with `context`, `dockerfile`, `target`, `tags`, `inherits`;
// - Makefiles and scripts (`docker build -t … -f …`, through findDockerBuilds);
// - `.gitlab-ci.yml` jobs running `docker build` or kaniko;
// - compose files: a service with both `build:` and `image:` builds that image.
// Repository names are compared with registry and tag normalised (imageRepository); a part that only a
// variable knows matches anything in its place (a tag that is only a variable still names the repository,
// `${REGISTRY}/org/app` matches `org/app` under any registry).
import path from "node:path";
import { isMap, isScalar, isSeq, parseDocument, type Document, type Node, type YAMLMap } from "yaml";
import type { FileStore } from "../files.js";
import { imageRepository } from "../knowledge/index.js";
import { getPair, resolveNode, scalarString } from "../parse/compose.js";
import { lineIndexOf, makeSourceFile, relPath } from "../source.js";
import type { FileKind, SourceFile } from "../types.js";
import { findDockerBuilds } from "./docker-run.js";
import { isWorkflowPath } from "./extra.js";

/** A part of a name that only a variable, a secret or a computed value knows. */
const U = "\u0000";
/** `${{ github.repository }}` and `${{ github.repository_owner }}`, read from the repository's files when they say it. */
const REPO = "\u0001";
const OWNER = "\u0002";
/** The same three in shell text (words a shell parser keeps literal). */
const SHELL_TOKENS: [string, string][] = [
  [U, "zz0unknown0zz"],
  [REPO, "zz0repository0zz"],
  [OWNER, "zz0owner0zz"],
];
const MAX_ALTERNATIVES = 16;
const MAX_MATRIX = 32;
const MAX_DEPTH = 8;

// ---------------------------------------------------------------------------------------------------------
// image references

export interface ImageName {
  /** the repository (registry normalised, lower case), when no part of it is unknown */
  literal: string | null;
  /** the repository as a pattern, when a part of it is unknown */
  pattern: RegExp | null;
  /** the tag; null when a variable decides it (or a digest pins the image) */
  tag: string | null;
  /** the reference as written, unknown parts shown as `…` */
  text: string;
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Parses an image reference. Unknown parts are U (or, from an interpolation that found nothing, empty: a
 * leading `/` is an unknown registry, a trailing `:` an unknown tag). Null when the image's own name is unknown.
 */
export function parseImageName(ref: string): ImageName | null {
  let r = ref.trim().replace(/^(docker|oci):\/\//, "");
  if (!r) return null;
  const text = r.replace(new RegExp(`[${U}${REPO}${OWNER}]+`, "g"), "…");
  let tag: string | null = "latest";
  const at = r.indexOf("@");
  if (at !== -1) {
    r = r.slice(0, at);
    tag = null;
  }
  const slash = r.lastIndexOf("/");
  const colon = r.lastIndexOf(":");
  if (colon > slash) {
    const t = r.slice(colon + 1);
    r = r.slice(0, colon);
    if (tag !== null) tag = t === "" || t.includes(U) ? null : t.toLowerCase();
  }
  const segs = r.split("/").map((s) => (s === "" ? U : s));
  const repo = imageRepository(segs.join("/"));
  const parts = repo.split("/");
  if (parts.some((p) => p.includes(REPO) || p.includes(OWNER))) return null; // not read from the files: see finish()
  if (!repo.includes(U)) return /^[a-z0-9][a-z0-9._\/:-]*$/.test(repo) ? { literal: repo, pattern: null, tag, text } : null;
  const last = parts[parts.length - 1]!;
  if (last.replaceAll(U, "") === "") return null;
  const seg = (s: string): string => s.split(U).map(escapeRe).join("[^/]*");
  const head = parts[0]!.includes(U) && parts.length > 1 ? `(?:${seg(parts[0]!)}/)?` : `${seg(parts[0]!)}${parts.length > 1 ? "/" : ""}`;
  const body = parts.length > 1 ? parts.slice(1).map(seg).join("/") : "";
  return { literal: null, pattern: new RegExp(`^${head}${body}$`), tag, text };
}

function repoMatch(a: ImageName, b: ImageName): "exact" | "pattern" | null {
  if (a.literal !== null && b.literal !== null) return a.literal === b.literal ? "exact" : null;
  if (a.literal !== null && b.pattern) return b.pattern.test(a.literal) ? "pattern" : null;
  if (b.literal !== null && a.pattern) return a.pattern.test(b.literal) ? "pattern" : null;
  return null;
}

function tagMatch(want: string | null, built: string | null): "exact" | "any" | "mismatch" {
  if (want === null || built === null) return "any";
  return want === built ? "exact" : "mismatch";
}

// ---------------------------------------------------------------------------------------------------------
// the index

export interface ImageBuild {
  /** the images the build names (tags) */
  refs: ImageName[];
  /** absolute paths */
  dockerfile: string;
  context: string;
  /** the Dockerfile stage built (`--target`), null for the last one */
  target: string | null;
  /** the file and line (1-based) that build it */
  by: { file: string; line: number };
  /** what builds it: `docker/build-push-action`, `bake target "app"`, `docker build`, `kaniko`, `compose service \`web\`` */
  via: string;
  /** how a part of the name was read, e.g. `github.repository read as acme/app from Dockerfile` */
  note?: string;
}

export interface ProvenanceLink {
  build: ImageBuild;
  /** the name of the build that matched */
  ref: ImageName;
  /** the repository matched as written (exact) or through a part only a variable knows (pattern) */
  repo: "exact" | "pattern";
  /** the tag matched as written (exact), or a variable decides one of them (any) */
  tag: "exact" | "any";
}

export class ProvenanceIndex {
  constructor(readonly builds: ImageBuild[]) {}

  /**
   * The builds of an image: those that match best (repository as written before a pattern, tag as written
   * before a variable one), one per Dockerfile and target, in the order of the files and lines that build
   * them (the first decides when they disagree). `near`: builds of the repository under other tags only.
   */
  lookup(image: string): { links: ProvenanceLink[]; near: ImageBuild[] } {
    const want = parseImageName(image);
    if (!want) return { links: [], near: [] };
    let best: (ProvenanceLink & { rank: number })[] = [];
    const near: ImageBuild[] = [];
    for (const b of this.builds) {
      let own: (ProvenanceLink & { rank: number }) | null = null;
      let mismatched = false;
      for (const r of b.refs) {
        const repo = repoMatch(want, r);
        if (!repo) continue;
        const tag = tagMatch(want.tag, r.tag);
        if (tag === "mismatch") {
          mismatched = true;
          continue;
        }
        const rank = (repo === "exact" ? 2 : 0) + (tag === "exact" ? 1 : 0);
        if (!own || rank > own.rank) own = { build: b, ref: r, repo, tag, rank };
      }
      if (own) {
        if (!best.length || own.rank > best[0]!.rank) best = [own];
        else if (own.rank === best[0]!.rank) best.push(own);
      } else if (mismatched) near.push(b);
    }
    best.sort((x, y) => cmp(x.build.by.file, y.build.by.file) || x.build.by.line - y.build.by.line);
    const seen = new Set<string>();
    const links: ProvenanceLink[] = [];
    for (const { rank: _rank, ...l } of best) {
      const k = `${l.build.dockerfile}\0${l.build.target ?? ""}`;
      if (seen.has(k)) continue;
      seen.add(k);
      links.push(l);
    }
    return { links, near };
  }
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** `ghcr.io/acme/app is built from docker/Dockerfile by .github/workflows/release.yml:42` */
export function linkText(image: string, link: ProvenanceLink, cwd: string): string {
  const b = link.build;
  const name = image.replace(/@.*$/, "").replace(/:[^/:]*$/, "");
  const target = b.target ? ` (stage ${b.target})` : "";
  const note = b.note ? `; ${b.note}` : "";
  return `${name} is built from ${relPath(cwd, b.dockerfile)}${target} by ${relPath(cwd, b.by.file)}:${b.by.line}${note}`;
}

/** Files that say how images are built besides workflows, Makefiles and scripts: bake files and GitLab CI. */
export function isImageBuildFileName(name: string): boolean {
  return /^docker-bake(\.[\w.-]+)?\.(hcl|json)$/.test(name) || /^\.gitlab-ci\.ya?ml$/.test(name);
}

export interface ProvenanceInputs {
  /** workflows, bake files, `.gitlab-ci.yml`, Makefiles and scripts (other files are ignored) */
  sources: string[];
  /** compose files (a service with `build` and `image`) */
  composeFiles: string[];
}

/** Reads the sources (through the FileStore) and indexes the images they build. */
export async function buildProvenanceIndex(files: FileStore, inputs: ProvenanceInputs): Promise<ProvenanceIndex> {
  const raw: RawBuild[] = [];
  const ctx: IndexContext = { files, guards: new Map() };
  const seen = new Set<string>();
  for (const abs of inputs.sources) {
    if (seen.has(abs)) continue;
    seen.add(abs);
    const name = path.basename(abs);
    const posix = abs.split(path.sep).join("/");
    try {
      if (isWorkflowPath(posix)) {
        const f = read(files, abs, "workflow");
        if (f) raw.push(...(await workflowBuilds(f, ctx)));
      } else if (/^docker-bake(\.[\w.-]+)?\.hcl$/.test(name)) {
        const f = read(files, abs, "other");
        if (f) raw.push(...bakeBuilds(f, parseHcl(f.text), ctx));
      } else if (/^docker-bake(\.[\w.-]+)?\.json$/.test(name)) {
        const f = read(files, abs, "other");
        if (f) raw.push(...bakeBuilds(f, bakeJson(f.text), ctx));
      } else if (/^\.gitlab-ci\.ya?ml$/.test(name)) {
        const f = read(files, abs, "workflow");
        if (f) raw.push(...(await gitlabBuilds(f)));
      } else if (/^(GNUmakefile|[Mm]akefile)$|\.(mk|sh|bash)$/.test(name)) {
        const f = read(files, abs, name.endsWith(".sh") || name.endsWith(".bash") ? "script" : "makefile");
        if (f) raw.push(...(await scriptBuilds(f)));
      }
    } catch {
      // a source that cannot be read as expected says nothing about images
    }
  }
  for (const abs of inputs.composeFiles) {
    const f = read(files, abs, "compose");
    if (f) raw.push(...composeBuilds(f));
  }
  return new ProvenanceIndex(raw.map((b) => finish(b, ctx)).filter((b): b is ImageBuild => b !== null));
}

// ---------------------------------------------------------------------------------------------------------
// shared

interface RawBuild {
  refs: string[];
  /** where the Dockerfile may be, with its build context: the first whose Dockerfile can be read wins */
  paths: { dockerfile: string; context: string }[];
  target: string | null;
  by: { file: string; line: number };
  via: string;
  /** the repository root (for `${{ github.repository }}`) and the text that named the image */
  root?: string;
  sourceText?: string;
}

interface IndexContext {
  files: FileStore;
  /** repository root → `github.repository` (or owner) written in a workflow condition */
  guards: Map<string, { repository: string | null; owner: string | null; file: string }>;
}

/** Files are limited like the parsed kinds: bake files are small. */
const MAX_SOURCE_BYTES = 2 * 1024 * 1024;

function read(files: FileStore, abs: string, kind: FileKind): SourceFile | null {
  const r = files.read(abs, kind);
  return r.ok && r.file.text.length <= MAX_SOURCE_BYTES ? r.file : null;
}

function lineAt(file: SourceFile, offset: number): number {
  return lineIndexOf(file, Math.max(0, Math.min(offset, file.text.length))) + 1;
}

function nodeLine(file: SourceFile, node: Node | null | undefined): number {
  return node?.range ? lineAt(file, node.range[0]) : 1;
}

function finish(b: RawBuild, ctx: IndexContext): ImageBuild | null {
  const found = b.paths.find((p) => ctx.files.contains(p.dockerfile) && ctx.files.read(p.dockerfile, "dockerfile").ok);
  if (!found) return null;
  const { dockerfile, context } = found;
  let note: string | undefined;
  let refs = b.refs;
  if (refs.some((r) => r.includes(REPO) || r.includes(OWNER))) {
    const id = identity(b, dockerfile, ctx);
    const usesRepo = refs.some((r) => r.includes(REPO));
    refs = refs.map((r) => r.replaceAll(REPO, id?.repository ?? `${U}/${U}`).replaceAll(OWNER, id?.owner ?? U));
    if (id?.repository && usesRepo) note = `github.repository read as ${id.repository} from ${id.from}`;
    else if (id?.owner && !usesRepo) note = `github.repository_owner read as ${id.owner} from ${id.from}`;
  }
  const parsed = refs.map(parseImageName).filter((r): r is ImageName => r !== null);
  if (!parsed.length) return null;
  return { refs: parsed, dockerfile, context, target: b.target, by: b.by, via: b.via, ...(note ? { note } : {}) };
}

const GITHUB_SOURCE = /org\.opencontainers\.image\.source["']?\s*[=:]\s*["']?https?:\/\/github\.com\/([\w.-]+\/[\w.-]+?)(?:\.git)?(?=["'\s/,]|$)/m;

/**
 * What `${{ github.repository }}` is, from the repository's own files: a workflow condition that names it
 * (`github.repository == 'acme/app'`), the source label of the workflow or of the Dockerfile built
 * (`org.opencontainers.image.source=https://github.com/acme/app`), or the Go module path in go.mod.
 */
function identity(b: RawBuild, dockerfile: string, ctx: IndexContext): { repository: string | null; owner: string | null; from: string } | null {
  const rel = (p: string): string => relPath(ctx.files.cwd, p);
  const named = (repository: string, from: string): { repository: string; owner: string; from: string } => ({ repository, owner: repository.split("/")[0]!, from });
  const guard = b.root ? ctx.guards.get(b.root) : undefined;
  if (guard?.repository) return named(guard.repository, rel(guard.file));
  const fromText = b.sourceText ? GITHUB_SOURCE.exec(b.sourceText) : null;
  if (fromText) return named(fromText[1]!, `the image source label in ${rel(b.by.file)}`);
  const df = ctx.files.read(dockerfile, "dockerfile");
  const fromDf = df.ok ? GITHUB_SOURCE.exec(df.file.text) : null;
  if (fromDf) return named(fromDf[1]!, `the image source label in ${rel(dockerfile)}`);
  if (b.root) {
    const gomod = path.join(b.root, "go.mod");
    const g = ctx.files.contains(gomod) ? read(ctx.files, gomod, "other") : null;
    const m = g ? /^module\s+github\.com\/([\w.-]+\/[\w.-]+)(?:\/[\w./-]*)?\s*$/m.exec(g.text) : null;
    if (m) return named(m[1]!, rel(gomod));
  }
  // a condition on the owner alone names the owner only
  if (guard?.owner) return { repository: null, owner: guard.owner, from: rel(guard.file) };
  return null;
}

/** Splits a list input (one per line or comma separated). */
function listItems(s: string): string[] {
  return s.split(/[\n,]/).map((x) => x.trim()).filter((x) => x && !x.startsWith("#"));
}

function cartesian(parts: string[][]): string[] {
  let out = [""];
  for (const alts of parts) {
    const next: string[] = [];
    for (const o of out) for (const a of alts) if (next.length < MAX_ALTERNATIVES) next.push(o + a);
    out = next;
  }
  return out;
}

const TOKEN_RE = new RegExp(SHELL_TOKENS.map(([, t]) => t).join("|"), "g");

function toShell(s: string): string {
  let out = s;
  for (const [c, t] of SHELL_TOKENS) out = out.replaceAll(c, t);
  return out;
}

function fromShell(s: string): string {
  return s.replace(TOKEN_RE, (t) => SHELL_TOKENS.find(([, x]) => x === t)![0]);
}

/**
 * Expands `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR,,}` and `${VAR^^}` with known values (alternatives);
 * anything else a shell computes (`$(…)`, backquotes, other expansions) is unknown.
 */
function shellExpand(text: string, vars: Map<string, string[]>): string[] {
  const parts: string[][] = [];
  let lit = "";
  const re = /\$\{([A-Za-z_][A-Za-z0-9_]*)(,,|\^\^|:?-[^}]*)?\}|\$([A-Za-z_][A-Za-z0-9_]*)|\$\([^)]*\)|`[^`]*`|\$\{[^}]*\}/g;
  let last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    lit += text.slice(last, m.index);
    last = m.index + m[0].length;
    const name = m[1] ?? m[3];
    let alts: string[] = [U];
    if (name) {
      const known = vars.get(name);
      const op = m[2] ?? "";
      if (known) alts = op === ",," ? known.map((v) => v.toLowerCase()) : op === "^^" ? known.map((v) => v.toUpperCase()) : known;
      else if (/^:?-/.test(op)) alts = [op.replace(/^:?-/, "")];
    }
    parts.push([lit], alts);
    lit = "";
  }
  parts.push([lit + text.slice(last)]);
  return cartesian(parts);
}

function unquote(s: string): string {
  const t = s.trim();
  if (/^"(.*)"$/s.test(t) || /^'(.*)'$/s.test(t)) return t.slice(1, -1);
  return t;
}

/**
 * Logical lines of a text (continuations joined) that may run a build: `docker|podman … build` with a tag
 * flag, or kaniko's executor with a destination. Offsets are into `text`.
 */
interface BuildLine {
  offset: number;
  /** the logical line (continuations joined) */
  text: string;
  /** its first physical line */
  first: string;
}

function buildLines(text: string): BuildLine[] {
  const out: BuildLine[] = [];
  const lines = text.split("\n");
  let off = 0;
  for (let i = 0; i < lines.length; i++) {
    const start = off;
    const first = lines[i]!;
    let t = first;
    off += lines[i]!.length + 1;
    while (/\\\s*$/.test(t) && i + 1 < lines.length) {
      t = t.replace(/\\\s*$/, " ") + lines[++i]!;
      off += lines[i]!.length + 1;
    }
    if (/^\s*#/.test(t)) continue;
    if ((/\b(docker|podman)\b/.test(t) && /\bbuild\b/.test(t) && /(^|\s)(-t|--tag)(\s|=|\S)/.test(t)) || /kaniko\/executor\b|\bexecutor\b.*--destination/.test(t)) out.push({ offset: start, text: t, first });
  }
  return out;
}

/**
 * The line of each build call, in order: the next candidate line that names the call's image (or that a
 * variable may make name it), else the next candidate.
 */
function assignLines<T extends { tags: string[] }>(calls: T[], candidates: BuildLine[]): (BuildLine | null)[] {
  const out: (BuildLine | null)[] = [];
  let next = 0;
  for (const c of calls) {
    const names = c.tags.map((t) => (fromShell(t).split("/").pop() ?? "").replace(/:.*$/, "")).filter((n) => n && !n.includes(U));
    let k = candidates.findIndex((l, i) => i >= next && (names.some((n) => l.text.includes(n)) || l.text.includes("$")));
    if (k === -1) k = next < candidates.length ? next : -1;
    out.push(k === -1 ? null : candidates[k]!);
    if (k !== -1) next = k + 1;
  }
  return out;
}

/** `docker build` calls of a piece of shell (with the given variables set before it) and kaniko calls. */
async function shellBuilds(
  file: SourceFile,
  text: string,
  locate: (offsetInText: number, lineText: string) => number,
  vars: Map<string, string[]>,
  baseDir: string,
  extra: Partial<RawBuild>,
): Promise<RawBuild[]> {
  const out: RawBuild[] = [];
  const candidates = buildLines(text);
  if (!candidates.length) return out;
  const known = new Map(vars);
  // `${V:-default}` of a variable nobody set here is its default; any other such variable stands for an unknown value
  const texts = candidates.map((c) => c.text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*):?-([^}$`]*)\}/g, (m, v: string, d: string) => (known.has(v) ? m : d)));
  for (const m of texts.join("\n").matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)) if (!known.has(m[1]!) && !/^(GITHUB_ENV|GITHUB_OUTPUT|GITHUB_STEP_SUMMARY)$/.test(m[1]!)) known.set(m[1]!, [U]);
  let prefix = "";
  for (const [k, v] of known) prefix += `${k}='${toShell(v[0] ?? U).replace(/'/g, "'\\''")}'\n`;
  // only the lines that build are parsed as shell (the script's assignments are in `vars` already)
  const synth = makeSourceFile(`${file.path}#build`, prefix + texts.map(toShell).join("\n"), "script", path.dirname(file.path));
  const calls = await findDockerBuilds(synth);
  const dockerCandidates = candidates.filter((c) => !/kaniko\/executor\b|\bexecutor\b.*--destination/.test(c.text));
  const lines = assignLines(calls, dockerCandidates);
  calls.forEach((c, i) => {
    const context = fromShell(c.context);
    if (context === "$" || context.includes(U) || /^[a-z]+:\/\/|^git@/i.test(context) || context === "-") return;
    const dockerfile = c.dockerfile !== null ? fromShell(c.dockerfile) : null;
    if (dockerfile?.includes(U)) return;
    const ctxDir = path.resolve(baseDir, context);
    const at = lines[i];
    const line = at ? locate(at.offset, at.first) : locate(0, "");
    out.push({
      refs: c.tags.map(fromShell),
      paths: [{ dockerfile: dockerfile ? path.resolve(baseDir, dockerfile) : path.join(ctxDir, "Dockerfile"), context: ctxDir }],
      target: c.target && !fromShell(c.target).includes(U) ? fromShell(c.target) : null,
      by: { file: file.path, line },
      via: "docker build",
      ...extra,
    });
  });
  for (const c of candidates) {
    if (!/kaniko\/executor\b|\bexecutor\b.*--destination/.test(c.text)) continue;
    const k = kanikoBuild(c.text, vars, baseDir);
    if (k) out.push({ ...k, by: { file: file.path, line: locate(c.offset, c.first) }, via: "kaniko", ...extra });
  }
  return out;
}

/** `/kaniko/executor --context … --dockerfile … --destination …` */
function kanikoBuild(line: string, vars: Map<string, string[]>, baseDir: string): Omit<RawBuild, "by" | "via"> | null {
  const at = line.search(/\S*kaniko\/executor\b|\bexecutor\b/);
  const words = (line.slice(at).match(/"[^"]*"|'[^']*'|[^\s;&|]+/g) ?? []).map(unquote);
  let context = ".";
  let dockerfile = "Dockerfile";
  let target: string | null = null;
  const refs: string[] = [];
  const value = (w: string, i: number): [string, number] => (w.includes("=") ? [w.slice(w.indexOf("=") + 1), i] : [words[i + 1] ?? "", i + 1]);
  for (let i = 1; i < words.length; i++) {
    const w = words[i]!;
    const flag = w.replace(/=.*$/, "");
    if (!/^(-c|--context|-f|--dockerfile|-d|--destination|--target)$/.test(flag)) continue;
    const [v, j] = value(w, i);
    i = j;
    const x = shellExpand(v, vars)[0] ?? U;
    if (flag === "-c" || flag === "--context") context = x.replace(/^dir:\/\//, "");
    else if (flag === "-f" || flag === "--dockerfile") dockerfile = x;
    else if (flag === "--target") target = x.includes(U) ? null : x;
    else refs.push(x);
  }
  if (!refs.length || context.includes(U) || dockerfile.includes(U) || /^[a-z]+:\/\//i.test(context)) return null;
  const ctxDir = path.resolve(baseDir, context);
  // kaniko takes a relative Dockerfile path from the working directory, else from the context
  return { refs, paths: [path.resolve(baseDir, dockerfile), path.resolve(ctxDir, dockerfile)].map((d) => ({ dockerfile: d, context: ctxDir })), target };
}

// ---------------------------------------------------------------------------------------------------------
// Makefiles and scripts

async function scriptBuilds(file: SourceFile): Promise<RawBuild[]> {
  if (!/\b(docker|podman)\b/.test(file.text) || !/\bbuild\b/.test(file.text)) return [];
  const calls = await findDockerBuilds(file);
  const lines = assignLines(calls, buildLines(file.text).filter((c) => !/kaniko/.test(c.text)));
  const baseDir = path.dirname(file.path);
  const out: RawBuild[] = [];
  calls.forEach((c, i) => {
    if (c.context === "$" || c.context.includes("$") || /^[a-z]+:\/\/|^git@/i.test(c.context) || c.context === "-" || c.dockerfile?.includes("$")) return;
    const ctxDir = path.resolve(baseDir, c.context);
    const at = lines[i];
    out.push({
      refs: c.tags.map((t) => t.replace(/\$\{?[A-Za-z_]\w*\}?|\$\([^)]*\)/g, U)),
      paths: [{ dockerfile: c.dockerfile ? path.resolve(baseDir, c.dockerfile) : path.join(ctxDir, "Dockerfile"), context: ctxDir }],
      target: c.target && !c.target.includes("$") ? c.target : null,
      by: { file: file.path, line: at ? lineAt(file, at.offset) : 1 },
      via: "docker build",
    });
  });
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// GitHub workflows

interface JobScope {
  doc: Document;
  jobs: YAMLMap;
  env: Map<string, string[]>;
  /** this job instance's matrix values; null when the matrix is computed */
  matrix: Map<string, string> | null;
  /** outputs of the steps run so far, by step id */
  stepOutputs: Map<string, Map<string, string[]>>;
  /** metadata-action steps by id (their `tags` output) */
  metaSteps: Map<string, YAMLMap>;
  /** job outputs of other jobs (needs.*), computed on demand */
  jobOutputs: (job: string, name: string, depth: number) => string[];
  depth: number;
}

function get(doc: Document, map: YAMLMap | null, key: string): Node | null {
  return map ? resolveNode(doc, getPair(doc, map, key)?.pair.value as Node) : null;
}

function text(doc: Document, map: YAMLMap | null, key: string): string | null {
  const n = get(doc, map, key);
  if (!isScalar(n) || n.value === null || typeof n.value === "object") return null;
  return String(n.value);
}

/** Expands `${{ … }}` expressions (alternatives). */
function template(s: string, sc: JobScope): string[] {
  const parts: string[][] = [];
  let last = 0;
  const re = /\$\{\{([\s\S]*?)\}\}/g;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    parts.push([s.slice(last, m.index)], evalExpr(m[1]!, sc));
    last = m.index + m[0].length;
  }
  parts.push([s.slice(last)]);
  return cartesian(parts);
}

function evalExpr(expr: string, sc: JobScope): string[] {
  const e = expr.trim();
  if (sc.depth > MAX_DEPTH) return [U];
  let m: RegExpExecArray | null;
  if ((m = /^env\.([A-Za-z_][\w-]*)$/.exec(e))) return sc.env.get(m[1]!) ?? [U];
  if ((m = /^matrix\.([\w-]+)$/.exec(e))) return [sc.matrix?.get(m[1]!) ?? U];
  if (e === "github.repository") return [REPO];
  if (e === "github.repository_owner") return [OWNER];
  if (e === "github.workspace") return ["."];
  if ((m = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(e))) {
    const out = sc.stepOutputs.get(m[1]!)?.get(m[2]!);
    if (out) return out;
    const meta = sc.metaSteps.get(m[1]!);
    if (meta && m[2] === "tags") return metadataTags(meta, sc);
    return [U];
  }
  if ((m = /^needs\.([\w-]+)\.outputs\.([\w-]+)$/.exec(e))) return sc.jobOutputs(m[1]!, m[2]!, sc.depth + 1);
  if ((m = /^'([^']*)'$/.exec(e))) return [m[1]!];
  return [U];
}

/** The `tags` output of docker/metadata-action: each image with each tag (a computed tag is unknown). */
function metadataTags(step: YAMLMap, sc: JobScope): string[] {
  const w = get(sc.doc, step, "with");
  const wm = isMap(w) ? w : null;
  return metadataRefs(text(sc.doc, wm, "images"), text(sc.doc, wm, "tags"), text(sc.doc, wm, "flavor"), sc);
}

/** Image references from docker/metadata-action's inputs (`images`, `tags`, `flavor`). */
function metadataRefs(imagesText: string | null, tagsText: string | null, flavorText: string | null, sc: JobScope): string[] {
  if (!imagesText) return [U];
  const images: string[] = [];
  for (const alt of template(imagesText, sc)) {
    for (const line of alt.split("\n")) {
      const l = line.trim();
      if (!l || l.startsWith("#")) continue;
      if (/^name=/.test(l)) {
        const attrs = new Map(l.split(",").map((kv) => [kv.slice(0, kv.indexOf("=")).trim(), kv.slice(kv.indexOf("=") + 1).trim()] as [string, string]));
        if (attrs.get("enable") !== "false" && attrs.get("name")) images.push(attrs.get("name")!);
      } else images.push(...listItems(l));
    }
  }
  const flavor = flavorText ?? "";
  const tags = new Set<string>();
  let computed = tagsText === null || /(^|\n|,)\s*(prefix|suffix)=\S/.test(flavor);
  for (const alt of tagsText !== null ? template(tagsText, sc) : []) {
    for (const line of alt.split("\n")) {
      const l = line.trim();
      if (!l || l.startsWith("#")) continue;
      const attrs = new Map(l.split(",").map((kv) => (kv.includes("=") ? [kv.slice(0, kv.indexOf("=")).trim(), kv.slice(kv.indexOf("=") + 1).trim()] : ["value", kv.trim()]) as [string, string]));
      const type = attrs.get("type") ?? "raw";
      const value = attrs.get("value") ?? "";
      if (attrs.get("enable") === "false") continue;
      if (type === "raw" && value && !value.includes(U) && !attrs.has("prefix") && !attrs.has("suffix")) tags.add(value);
      else computed = true;
    }
  }
  if (/(^|\n|,)\s*latest=true/.test(flavor)) tags.add("latest");
  const tagList = [...tags, ...(computed ? [U] : [])];
  return [images.flatMap((i) => tagList.map((t) => `${i}:${t}`)).join("\n")];
}

/** A job's matrix instances (include/exclude applied), at most MAX_MATRIX; [null] when computed. */
function matrixCombos(doc: Document, job: YAMLMap): (Map<string, string> | null)[] {
  const strategy = get(doc, job, "strategy");
  const matrix = isMap(strategy) ? get(doc, strategy, "matrix") : null;
  if (!matrix) return [new Map()];
  if (!isMap(matrix)) return [null];
  const scalar = (n: Node | null): string | null => (isScalar(n) && n.value !== null && typeof n.value !== "object" ? String(n.value) : null);
  let combos: Map<string, string>[] = [new Map()];
  const original = new Set<string>();
  for (const item of matrix.items) {
    const key = scalarString(item.key as Node);
    if (!key || key === "include" || key === "exclude") continue;
    const v = resolveNode(doc, item.value as Node);
    if (!isSeq(v)) return [null];
    original.add(key);
    const values = v.items.map((x) => scalar(resolveNode(doc, x as Node)) ?? U);
    const next: Map<string, string>[] = [];
    for (const c of combos) for (const val of values) if (next.length < MAX_MATRIX) next.push(new Map([...c, [key, val]]));
    combos = next;
  }
  const entries = (key: string): Map<string, string>[] => {
    const n = get(doc, matrix, key);
    if (!isSeq(n)) return [];
    return n.items.map((x) => resolveNode(doc, x as Node)).filter(isMap).map((m) => new Map(m.items.map((p) => [scalarString(p.key as Node) ?? "", scalar(resolveNode(doc, p.value as Node)) ?? U] as [string, string])));
  };
  for (const ex of entries("exclude")) combos = combos.filter((c) => ![...ex].every(([k, v]) => c.get(k) === v));
  const hadOriginal = original.size > 0;
  for (const inc of entries("include")) {
    const matching = hadOriginal ? combos.filter((c) => [...inc].every(([k, v]) => !original.has(k) || c.get(k) === v)) : [];
    if (matching.length) for (const c of matching) for (const [k, v] of inc) if (!original.has(k)) c.set(k, v);
    else if (combos.length < MAX_MATRIX) combos.push(new Map(inc));
  }
  if (!hadOriginal && combos.length > 1) combos = combos.slice(1); // the empty start is replaced by the include entries
  return combos.length ? combos : [new Map()];
}

/** A step's `if:` when it compares a matrix value with a string: false when it cannot hold. */
function stepRuns(doc: Document, step: YAMLMap, sc: JobScope): boolean {
  const cond = text(doc, step, "if");
  if (!cond || !sc.matrix) return true;
  const m = /^\s*(?:\$\{\{)?\s*matrix\.([\w-]+)\s*(==|!=)\s*'([^']*)'\s*(?:\}\})?\s*$/.exec(cond);
  if (!m) return true;
  const v = sc.matrix.get(m[1]!);
  if (v === undefined || v === U) return true;
  return m[2] === "==" ? v === m[3] : v !== m[3];
}

/** Environment of a mapping (`env:`), its values expanded. */
function envOf(doc: Document, map: YAMLMap | null, sc: JobScope): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const env = get(doc, map, "env");
  if (!isMap(env)) return out;
  for (const p of env.items) {
    const k = scalarString(p.key as Node);
    const v = resolveNode(doc, p.value as Node);
    if (!k || !isScalar(v) || v.value === null || typeof v.value === "object") continue;
    out.set(k, template(String(v.value), sc));
  }
  return out;
}

/** Local assignments and `$GITHUB_ENV` / `$GITHUB_OUTPUT` writes of a `run:` script, in order. */
function runWrites(script: string, vars: Map<string, string[]>): { env: Map<string, string[]>; outputs: Map<string, string[]>; locals: Map<string, string[]> } {
  const env = new Map<string, string[]>();
  const outputs = new Map<string, string[]>();
  const locals = new Map<string, string[]>();
  const scope = (): Map<string, string[]> => new Map([...vars, ...env, ...locals]);
  for (const raw of script.split("\n")) {
    const line = raw.trim();
    let m = /^(?:export\s+|local\s+|readonly\s+|declare\s+(?:-\w+\s+)?)?([A-Za-z_][A-Za-z0-9_]*)=("(?:[^"\\]|\\.)*"|'[^']*'|[^\s;&|]*)\s*(?:[;#].*)?$/.exec(line);
    if (m) {
      const v = m[2]!.startsWith("'") ? [m[2]!.slice(1, -1)] : shellExpand(unquote(m[2]!), scope());
      locals.set(m[1]!, v);
      continue;
    }
    m = /^echo\s+(?:-e\s+)?(["']?)([A-Za-z_][A-Za-z0-9_-]*)=(.*?)\1\s*>>\s*"?\$\{?(GITHUB_ENV|GITHUB_OUTPUT)\}?"?\s*$/.exec(line);
    if (m) {
      const v = m[1] === "'" ? [m[3]!] : shellExpand(m[3]!, scope());
      const target = m[4] === "GITHUB_ENV" ? env : outputs;
      const prev = target.get(m[2]!) ?? [];
      target.set(m[2]!, [...prev, ...v].slice(0, MAX_ALTERNATIVES));
      if (m[4] === "GITHUB_ENV") locals.set(m[2]!, v);
      continue;
    }
    m = /::set-output name=([\w-]+)::(.*?)["']?\s*$/.exec(line);
    if (m) outputs.set(m[1]!, shellExpand(m[2]!, scope()));
  }
  return { env, outputs, locals };
}

async function workflowBuilds(file: SourceFile, ctx: IndexContext): Promise<RawBuild[]> {
  const doc = parseDocument(file.text, { merge: true, uniqueKeys: false, prettyErrors: false });
  if (doc.errors.length) return [];
  const root = doc.contents;
  if (!isMap(root)) return [];
  // the repository root: the directory that holds .github
  const repoRoot = path.dirname(path.dirname(path.dirname(file.path)));
  const guard = /github\.repository\s*==\s*'([\w.-]+\/[\w.-]+)'/.exec(file.text);
  const ownerGuard = /github\.repository_owner\s*==\s*'([\w.-]+)'/.exec(file.text);
  if ((guard || ownerGuard) && !ctx.guards.get(repoRoot)?.repository) {
    ctx.guards.set(repoRoot, { repository: guard?.[1] ?? null, owner: ownerGuard?.[1] ?? null, file: file.path });
  }
  const jobs = get(doc, root, "jobs");
  if (!isMap(jobs)) return [];
  if (!/docker|kaniko|podman|buildah/.test(file.text)) return [];
  const out: RawBuild[] = [];
  const jobOutputsMemo = new Map<string, Map<string, string[]>>();
  const topScope = (depth: number): JobScope => ({ doc, jobs, env: new Map(), matrix: new Map(), stepOutputs: new Map(), metaSteps: new Map(), jobOutputs, depth });
  const workflowEnv = envOf(doc, root, topScope(0));
  const defaultsDir = (m: YAMLMap | null): string | null => {
    const d = get(doc, m, "defaults");
    const r = isMap(d) ? get(doc, d, "run") : null;
    return isMap(r) ? text(doc, r, "working-directory") : null;
  };
  const workflowDir = defaultsDir(root);

  function jobOutputs(job: string, name: string, depth: number): string[] {
    if (depth > MAX_DEPTH) return [U];
    let outputs = jobOutputsMemo.get(job);
    if (!outputs) {
      outputs = new Map();
      jobOutputsMemo.set(job, outputs);
      const jm = get(doc, jobs as YAMLMap, job);
      if (isMap(jm)) {
        const combo = matrixCombos(doc, jm)[0] ?? null;
        const sc = runJob(jm, combo, depth, null);
        const outs = get(doc, jm, "outputs");
        if (isMap(outs)) {
          for (const p of outs.items) {
            const k = scalarString(p.key as Node);
            const v = resolveNode(doc, p.value as Node);
            if (k && isScalar(v) && typeof v.value === "string") outputs.set(k, template(v.value, sc));
          }
        }
      }
    }
    return outputs.get(name) ?? [U];
  }

  /** Runs through a job's steps (one matrix instance); with `collect`, records the builds (run steps as tasks). */
  function runJob(jm: YAMLMap, matrix: Map<string, string> | null, depth: number, collect: RawBuild[] | null, tasks: (() => Promise<RawBuild[]>)[] = []): JobScope {
    const sc: JobScope = { doc, jobs: jobs as YAMLMap, env: new Map(workflowEnv), matrix, stepOutputs: new Map(), metaSteps: new Map(), jobOutputs, depth };
    for (const [k, v] of envOf(doc, jm, sc)) sc.env.set(k, v);
    const jobDir = defaultsDir(jm) ?? workflowDir;
    const steps = get(doc, jm, "steps");
    if (!isSeq(steps)) return sc;
    for (const s of steps.items) {
      const step = resolveNode(doc, s as Node);
      if (!isMap(step) || !stepRuns(doc, step, sc)) continue;
      const id = text(doc, step, "id");
      const uses = text(doc, step, "uses") ?? "";
      const stepEnv = new Map(sc.env);
      for (const [k, v] of envOf(doc, step, sc)) stepEnv.set(k, v);
      const stepScope: JobScope = { ...sc, env: stepEnv };
      if (/^docker\/metadata-action@/.test(uses)) {
        if (id) sc.metaSteps.set(id, step);
        continue;
      }
      if (/^docker\/build-push-action@/.test(uses)) {
        if (collect) collect.push(...buildPushAction(step, stepScope, getPair(doc, step, "uses")?.pair.key as Node | undefined));
        continue;
      }
      const run = text(doc, step, "run");
      const runNode = get(doc, step, "run");
      if (run === null || !isScalar(runNode)) continue;
      const wd = text(doc, step, "working-directory") ?? jobDir;
      const baseDir = wd ? path.resolve(repoRoot, template(wd, stepScope)[0]!.replaceAll(U, "")) : repoRoot;
      const alts = template(run, stepScope).slice(0, 4);
      const writes = runWrites(alts[0]!, stepEnv);
      for (const [k, v] of writes.env) sc.env.set(k, v);
      if (id) sc.stepOutputs.set(id, writes.outputs);
      if (!collect) continue;
      const vars = new Map([...stepEnv, ...writes.locals]);
      const locate = scalarLocator(file, runNode);
      for (const alt of alts) tasks.push(() => shellBuilds(file, alt, locate, vars, baseDir, { root: repoRoot, sourceText: file.text }));
    }
    return sc;
  }

  function buildPushAction(step: YAMLMap, sc: JobScope, usesNode: Node | undefined): RawBuild[] {
    const w = get(doc, step, "with");
    const wm = isMap(w) ? w : null;
    const ctxText = text(doc, wm, "context");
    const builds: RawBuild[] = [];
    const contexts = ctxText ? template(ctxText, sc) : ["."];
    for (const c0 of contexts) {
      const c = c0.replace(/^\{\{\s*defaultContext\s*\}\}:?/, "") || ".";
      if (c.includes(U) || /^[a-z]+:\/\/|^git@/i.test(c)) continue;
      const ctxDir = path.resolve(repoRoot, c);
      const fileText = text(doc, wm, "file");
      const dockerfiles = fileText ? template(fileText, sc).filter((f) => !f.includes(U)).map((f) => path.resolve(repoRoot, f)) : [path.join(ctxDir, "Dockerfile")];
      const refs: string[] = [];
      const tagsText = text(doc, wm, "tags");
      if (tagsText) for (const alt of template(tagsText, sc)) refs.push(...listItems(alt));
      const outputs = text(doc, wm, "outputs");
      if (outputs) {
        for (const alt of template(outputs, sc)) {
          const m = /(?:^|,)\s*name=("[^"]*"|[^,]*)/.exec(alt);
          if (m) refs.push(...unquote(m[1]!).split(",").map((x) => x.trim()).filter(Boolean));
        }
      }
      const targetText = text(doc, wm, "target");
      const target = targetText ? (template(targetText, sc)[0] ?? U) : null;
      if (!refs.length) continue;
      for (const df of dockerfiles) {
        builds.push({
          refs: [...new Set(refs)],
          paths: [{ dockerfile: df, context: ctxDir }],
          target: target && !target.includes(U) ? target : null,
          by: { file: file.path, line: nodeLine(file, usesNode) },
          via: "docker/build-push-action",
          root: repoRoot,
          sourceText: file.text,
        });
      }
    }
    return builds;
  }

  /** `uses: docker/github-builder/.github/workflows/build.yml` with `context`, `file`, `target`, `meta-images`, `meta-tags`. */
  function githubBuilder(jm: YAMLMap, matrix: Map<string, string> | null, usesNode: Node | undefined): RawBuild[] {
    const sc: JobScope = { doc, jobs: jobs as YAMLMap, env: new Map(workflowEnv), matrix, stepOutputs: new Map(), metaSteps: new Map(), jobOutputs, depth: 0 };
    const w = get(doc, jm, "with");
    const wm = isMap(w) ? w : null;
    const context = template(text(doc, wm, "context") ?? ".", sc)[0] ?? U;
    if (context.includes(U) || /^[a-z]+:\/\/|^git@/i.test(context)) return [];
    const ctxDir = path.resolve(repoRoot, context);
    const fileText = text(doc, wm, "file");
    const dockerfile = fileText ? (template(fileText, sc)[0] ?? U) : null;
    if (dockerfile?.includes(U)) return [];
    const targetText = text(doc, wm, "target");
    const target = targetText ? (template(targetText, sc)[0] ?? U) : null;
    const refs = metadataRefs(text(doc, wm, "meta-images"), text(doc, wm, "meta-tags"), text(doc, wm, "meta-flavor"), sc).flatMap(listItems);
    if (!refs.length || refs.every((r) => r === U)) return [];
    return [{
      refs,
      // the Dockerfile path from the repository root, else from the context
      paths: (dockerfile ? [path.resolve(repoRoot, dockerfile), path.resolve(ctxDir, dockerfile)] : [path.join(ctxDir, "Dockerfile")]).map((d) => ({ dockerfile: d, context: ctxDir })),
      target: target && !target.includes(U) ? target : null,
      by: { file: file.path, line: nodeLine(file, usesNode) },
      via: "docker/github-builder",
      root: repoRoot,
      sourceText: file.text,
    }];
  }

  const tasks: (() => Promise<RawBuild[]>)[] = [];
  for (const j of jobs.items) {
    const jm = resolveNode(doc, j.value as Node);
    if (!isMap(jm)) continue;
    // Docker's reusable build workflow: the job itself builds, with metadata-action's inputs as `meta-*`
    const jobUses = text(doc, jm, "uses") ?? "";
    if (/^docker\/github-builder\/\.github\/workflows\/build\.yml@/.test(jobUses)) {
      for (const combo of matrixCombos(doc, jm)) out.push(...githubBuilder(jm, combo, getPair(doc, jm, "uses")?.pair.key as Node | undefined));
      continue;
    }
    for (const combo of matrixCombos(doc, jm)) runJob(jm, combo, 0, out, tasks);
  }
  for (const t of tasks) out.push(...(await t()));
  return dedupe(out);
}

/**
 * Where a line of a YAML scalar's value (a `run:` block, a CI script item) is in the file: its first words
 * searched from where the scalar starts (the value has lost the block's indentation, and `${{ … }}` may have
 * been expanded), else the scalar's first line.
 */
function scalarLocator(file: SourceFile, node: Node): (offsetInText: number, lineText: string) => number {
  const [start, end] = node.range ?? [0, 0];
  return (_offset, lineText) => {
    const first = lineText.trim();
    const cut = first.search(/[\u0000-\u0002]|\$\{\{/);
    const probe = (cut === -1 ? first : first.slice(0, cut)).slice(0, 80).trimEnd();
    if (probe.length >= 4) {
      const at = file.text.indexOf(probe, start);
      if (at !== -1 && at <= end) return lineAt(file, at);
    }
    return lineAt(file, start);
  };
}

function dedupe(builds: RawBuild[]): RawBuild[] {
  const seen = new Set<string>();
  return builds.filter((b) => {
    const k = `${b.paths.map((p) => p.dockerfile).join("|")}\0${b.target ?? ""}\0${b.by.line}\0${[...b.refs].sort().join(",")}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

// ---------------------------------------------------------------------------------------------------------
// GitLab CI

const GITLAB_RESERVED = new Set(["stages", "variables", "include", "default", "workflow", "image", "services", "before_script", "after_script", "cache", "pages"]);

async function gitlabBuilds(file: SourceFile): Promise<RawBuild[]> {
  if (!/docker|kaniko|podman|buildah/.test(file.text)) return [];
  const doc = parseDocument(file.text, { merge: true, uniqueKeys: false, prettyErrors: false });
  if (doc.errors.length) return [];
  const root = doc.contents;
  if (!isMap(root)) return [];
  const repoRoot = path.dirname(file.path);
  const vars = (m: YAMLMap | null): Map<string, string[]> => {
    const out = new Map<string, string[]>();
    const v = get(doc, m, "variables");
    if (!isMap(v)) return out;
    for (const p of v.items) {
      const k = scalarString(p.key as Node);
      let val = resolveNode(doc, p.value as Node);
      if (isMap(val)) val = get(doc, val, "value");
      if (k && isScalar(val) && val.value !== null && typeof val.value !== "object") out.set(k, [String(val.value)]);
    }
    return out;
  };
  const globalVars = new Map([["CI_PROJECT_DIR", [repoRoot]], ["CI_BUILDS_DIR", [U]], ...vars(root)]);
  const out: RawBuild[] = [];
  for (const j of root.items) {
    const name = scalarString(j.key as Node);
    const jm = resolveNode(doc, j.value as Node);
    if (!name || GITLAB_RESERVED.has(name) || !isMap(jm)) continue;
    const jobVars = new Map(globalVars);
    for (const [k, v] of vars(jm)) jobVars.set(k, v.map((x) => shellExpand(x, jobVars)[0] ?? U));
    for (const key of ["before_script", "script"]) {
      const s = get(doc, jm, key);
      const items = isSeq(s) ? s.items.map((x) => resolveNode(doc, x as Node)) : s ? [s] : [];
      for (const item of items) {
        if (!isScalar(item) || typeof item.value !== "string" || !item.range) continue;
        out.push(...(await shellBuilds(file, item.value, scalarLocator(file, item), jobVars, repoRoot, {})));
        // the job's script is one shell: what an item sets, the next ones see
        for (const [k, v] of runWrites(item.value, jobVars).locals) jobVars.set(k, v);
      }
    }
  }
  return dedupe(out);
}

// ---------------------------------------------------------------------------------------------------------
// bake files

interface BakeTarget {
  name: string;
  attrs: Map<string, { value: HclValue; line: number }>;
  line: number;
}

interface BakeFile {
  variables: Map<string, string | null>;
  targets: Map<string, BakeTarget>;
}

type HclValue = { kind: "string"; parts: (string | { expr: string })[] } | { kind: "list"; items: HclValue[] } | { kind: "ident"; name: string } | { kind: "other" };

function bakeBuilds(file: SourceFile, bake: BakeFile, ctx: IndexContext): RawBuild[] {
  const out: RawBuild[] = [];
  const resolve = (v: HclValue | undefined): string | null => {
    if (!v) return null;
    if (v.kind === "ident") {
      const d = bake.variables.get(v.name);
      return d === undefined ? null : (d ?? U);
    }
    if (v.kind !== "string") return null;
    return v.parts.map((p) => (typeof p === "string" ? p : /^[A-Za-z_][\w-]*$/.test(p.expr.trim()) ? (bake.variables.get(p.expr.trim()) ?? U) : U)).join("");
  };
  const attr = (t: BakeTarget, key: string, depth = 0): { value: HclValue; line: number } | undefined => {
    const own = t.attrs.get(key);
    if (own || depth > MAX_DEPTH) return own;
    const inh = t.attrs.get("inherits")?.value;
    const parents = inh?.kind === "list" ? inh.items.map(resolve).filter((x): x is string => !!x) : [];
    // later parents win over earlier ones
    for (const p of [...parents].reverse()) {
      const pt = bake.targets.get(p);
      const hit = pt ? attr(pt, key, depth + 1) : undefined;
      if (hit) return hit;
    }
    return undefined;
  };
  const fileDir = path.dirname(file.path);
  for (const t of bake.targets.values()) {
    const tags = attr(t, "tags");
    if (!tags) continue;
    const list = tags.value.kind === "list" ? tags.value.items : [tags.value];
    const refs = list.map(resolve).filter((x): x is string => x !== null).flatMap((s) => listItems(s));
    if (!refs.length) continue;
    const context = resolve(attr(t, "context")?.value) ?? ".";
    const dockerfile = resolve(attr(t, "dockerfile")?.value) ?? "Dockerfile";
    const target = resolve(attr(t, "target")?.value);
    if (context.includes(U) || dockerfile.includes(U) || /^[a-z]+:\/\/|^git@|^target:/i.test(context)) continue;
    // bake resolves paths from where it runs: the bake file's directory, or a directory above it
    // (`docker buildx bake -f docker/docker-bake.hcl` from the repository root)
    const bases: string[] = [];
    for (let d = fileDir, i = 0; i < 4 && ctx.files.contains(d); d = path.dirname(d), i++) {
      bases.push(d);
      if (path.dirname(d) === d) break;
    }
    out.push({
      refs,
      paths: bases.map((b) => ({ dockerfile: path.resolve(b, context, dockerfile), context: path.resolve(b, context) })),
      target: target && !target.includes(U) ? target : null,
      by: { file: file.path, line: tags.line },
      via: `bake target "${t.name}"`,
    });
  }
  return out;
}

function bakeJson(textIn: string): BakeFile {
  const out: BakeFile = { variables: new Map(), targets: new Map() };
  let data: unknown;
  try {
    data = JSON.parse(textIn);
  } catch {
    return out;
  }
  if (!data || typeof data !== "object") return out;
  const d = data as { variable?: Record<string, { default?: unknown }>; target?: Record<string, Record<string, unknown>> };
  for (const [k, v] of Object.entries(d.variable ?? {})) out.variables.set(k, typeof v?.default === "string" ? v.default : null);
  const targetsAt = textIn.indexOf('"target"');
  const lineOf = (needle: string): number => {
    const i = textIn.indexOf(needle, Math.max(0, targetsAt));
    return i === -1 ? 1 : textIn.slice(0, i).split("\n").length;
  };
  const value = (v: unknown): HclValue => {
    if (typeof v === "string") return { kind: "string", parts: splitInterpolation(v) };
    if (Array.isArray(v)) return { kind: "list", items: v.map(value) };
    return { kind: "other" };
  };
  for (const [name, t] of Object.entries(d.target ?? {})) {
    if (!t || typeof t !== "object") continue;
    const line = lineOf(`"${name}"`);
    const attrs = new Map<string, { value: HclValue; line: number }>();
    for (const [k, v] of Object.entries(t)) attrs.set(k, { value: value(v), line: k === "tags" ? lineOf(`"tags"`) : line });
    // the tags line of this target: the first "tags" after its name
    const ti = textIn.indexOf('"tags"', textIn.indexOf(`"${name}"`, Math.max(0, targetsAt)));
    if (attrs.has("tags") && ti !== -1) attrs.set("tags", { value: attrs.get("tags")!.value, line: textIn.slice(0, ti).split("\n").length });
    out.targets.set(name, { name, attrs, line });
  }
  return out;
}

function splitInterpolation(s: string): (string | { expr: string })[] {
  const parts: (string | { expr: string })[] = [];
  let i = 0;
  let lit = "";
  while (i < s.length) {
    if (s[i] === "$" && s[i + 1] === "$" && s[i + 2] === "{") {
      lit += "${";
      i += 3;
    } else if (s[i] === "$" && s[i + 1] === "{") {
      let depth = 1;
      let j = i + 2;
      while (j < s.length && depth > 0) {
        if (s[j] === "{") depth++;
        else if (s[j] === "}") depth--;
        j++;
      }
      if (lit) parts.push(lit);
      lit = "";
      parts.push({ expr: s.slice(i + 2, j - 1) });
      i = j;
    } else lit += s[i++];
  }
  if (lit) parts.push(lit);
  return parts;
}

/**
 * A tolerant reader for the part of HCL that bake files use: blocks (`target "x" { … }`, `variable "V" { … }`),
 * attributes whose values are strings (with `${…}`), lists, identifiers; anything else (functions, objects,
 * conditionals, heredocs) is skipped as an unknown value.
 */
export function parseHcl(src: string): BakeFile {
  const out: BakeFile = { variables: new Map(), targets: new Map() };
  let i = 0;
  const n = src.length;
  const lineAtOffset = (o: number): number => {
    let l = 1;
    for (let k = 0; k < o && k < n; k++) if (src.charCodeAt(k) === 10) l++;
    return l;
  };
  const skipWs = (newlines = true): void => {
    while (i < n) {
      const c = src[i]!;
      if (c === " " || c === "\t" || c === "\r" || (newlines && c === "\n")) i++;
      else if (c === "#" || (c === "/" && src[i + 1] === "/")) while (i < n && src[i] !== "\n") i++;
      else if (c === "/" && src[i + 1] === "*") {
        const e = src.indexOf("*/", i + 2);
        i = e === -1 ? n : e + 2;
      } else break;
    }
  };
  const ident = (): string | null => {
    const m = /^[A-Za-z_][\w.-]*/.exec(src.slice(i, i + 256));
    if (!m) return null;
    i += m[0].length;
    return m[0];
  };
  const str = (): string => {
    // at the opening quote
    i++;
    let s = "";
    while (i < n && src[i] !== '"' && src[i] !== "\n") {
      if (src[i] === "\\" && i + 1 < n) {
        const e = src[i + 1]!;
        s += e === "n" ? "\n" : e === "t" ? "\t" : e;
        i += 2;
      } else if (src[i] === "$" && src[i + 1] === "{") {
        let depth = 0;
        const start = i;
        while (i < n) {
          if (src[i] === "{") depth++;
          else if (src[i] === "}" && --depth === 0) break;
          else if (src[i] === '"') {
            // a string inside the interpolation
            i++;
            while (i < n && src[i] !== '"' && src[i] !== "\n") i += src[i] === "\\" ? 2 : 1;
          }
          i++;
        }
        s += src.slice(start, i + 1);
        i++;
      } else s += src[i++];
    }
    i++;
    return s;
  };
  /** Skips to the end of a value: the next newline, comma or closing bracket at depth 0. */
  const skipValue = (): void => {
    let depth = 0;
    while (i < n) {
      const c = src[i]!;
      if (c === '"') {
        str();
        continue;
      }
      if (c === "(" || c === "[" || c === "{") depth++;
      else if (c === ")" || c === "]" || c === "}") {
        if (depth === 0) return;
        depth--;
      } else if ((c === "\n" || c === ",") && depth === 0) return;
      i++;
    }
  };
  const value = (): HclValue => {
    skipWs();
    const c = src[i];
    let v: HclValue = { kind: "other" };
    if (c === '"') v = { kind: "string", parts: splitInterpolation(str()) };
    else if (c === "[") {
      i++;
      const items: HclValue[] = [];
      for (let guard = 0; guard < 10_000; guard++) {
        skipWs();
        if (i >= n) break;
        if (src[i] === "]") {
          i++;
          break;
        }
        if (src[i] === ",") {
          i++;
          continue;
        }
        const before = i;
        items.push(value());
        if (i === before) i++;
      }
      v = { kind: "list", items };
    } else if (c === "<" && src[i + 1] === "<") {
      // a heredoc: skipped to the line that closes it (or to the end)
      const m = /^<<-?\s*([A-Za-z_]\w*)/.exec(src.slice(i, i + 256));
      const bodyStart = i + (m?.[0].length ?? 2);
      const close = m ? new RegExp(`^[ \\t]*${m[1]}[ \\t]*$`, "m").exec(src.slice(bodyStart)) : null;
      i = close ? bodyStart + close.index + close[0].length : n;
      return { kind: "other" };
    } else {
      const start = i;
      const id = ident();
      skipWs(false);
      if (id && src[i] !== "(" && !/[?:+\-*/%<>=!&|.[]/.test(src[i] ?? "")) return id === "null" ? { kind: "other" } : { kind: "ident", name: id };
      i = start;
      skipValue();
      return { kind: "other" };
    }
    // an operator after a value makes an expression this reader does not evaluate
    skipWs(false);
    if (i < n && /[?:+\-*/%<>=!&|]/.test(src[i]!) ) {
      skipValue();
      return { kind: "other" };
    }
    return v;
  };
  const body = (depth: number, onAttr: (k: string, v: HclValue, line: number) => void, onBlock: (type: string, labels: string[], line: number) => void): void => {
    for (let guard = 0; guard < 100_000 && i < n; guard++) {
      skipWs();
      if (i >= n) return;
      if (src[i] === "}") {
        i++;
        return;
      }
      const start = i;
      const key = src[i] === '"' ? str() : ident();
      if (key === null) {
        // not HCL this reader knows: skip the line
        while (i < n && src[i] !== "\n") i++;
        continue;
      }
      skipWs(false);
      if ((src[i] === "=" && src[i + 1] !== "=") || src[i] === ":") {
        i++;
        const line = lineAtOffset(start);
        onAttr(key, value(), line);
        continue;
      }
      const labels: string[] = [];
      for (let g = 0; g < 16 && i < n && src[i] !== "{"; g++) {
        skipWs(false);
        if (src[i] === '"') labels.push(str());
        else if (ident() === null) break;
        skipWs(false);
      }
      if (src[i] !== "{") {
        while (i < n && src[i] !== "\n") i++;
        continue;
      }
      i++;
      onBlock(key, labels, lineAtOffset(start));
      if (depth < 8) {
        const attrs = new Map<string, { value: HclValue; line: number }>();
        body(depth + 1, (k, v, line) => attrs.set(k, { value: v, line }), () => {});
        if (depth === 0 && key === "target" && labels[0]) out.targets.set(labels[0], { name: labels[0], attrs, line: lineAtOffset(start) });
        if (depth === 0 && key === "variable" && labels[0]) {
          const d = attrs.get("default")?.value;
          out.variables.set(labels[0], d?.kind === "string" && d.parts.every((p) => typeof p === "string") ? d.parts.join("") : null);
        }
      } else {
        // too deep: skip the block
        let d = 1;
        while (i < n && d > 0) {
          if (src[i] === "{") d++;
          else if (src[i] === "}") d--;
          i++;
        }
      }
    }
  };
  body(0, () => {}, () => {});
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// compose files

/**
 * An image as a compose file writes it: the repository with its variables' defaults (`${REGISTRY:-ghcr.io}/acme/app`),
 * the tag unknown when a variable writes it (a default tag is only one of the tags it may be).
 */
export function composeImageRef(raw: string): string {
  let depth = 0;
  let slash = -1;
  let colon = -1;
  for (let i = 0; i < raw.length; i++) {
    if (raw.startsWith("${", i)) {
      depth++;
      i++;
    } else if (depth > 0 && raw[i] === "}") depth--;
    else if (depth === 0 && raw[i] === "/") {
      slash = i;
      colon = -1;
    } else if (depth === 0 && raw[i] === ":" && colon === -1 && i > slash) colon = i;
  }
  if (colon === -1) return composeValue(raw);
  const tag = raw.slice(colon + 1);
  return `${composeValue(raw.slice(0, colon))}:${tag.includes("$") ? U : tag}`;
}

/** A service's image for a lookup: as interpolated, but with an unknown tag when a variable writes the tag. */
export function serviceImageRef(interpolated: string, raw: string | null): string {
  if (!raw || !raw.includes("$") || !composeImageRef(raw).endsWith(`:${U}`)) return interpolated;
  const slash = interpolated.lastIndexOf("/");
  const colon = interpolated.lastIndexOf(":");
  return `${colon > slash ? interpolated.slice(0, colon) : interpolated}:${U}`;
}

/** Compose interpolation without the environment: `${V:-default}` takes the default, any other variable is unknown. */
function composeValue(s: string): string {
  return s.replace(/\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (m, _a, def) => (m === "$$" ? "$" : def !== undefined ? (def as string) : U));
}

function composeBuilds(file: SourceFile): RawBuild[] {
  if (!/^\s*build\s*:/m.test(file.text) || !/^\s*image\s*:/m.test(file.text)) return [];
  const doc = parseDocument(file.text, { merge: true, uniqueKeys: false, prettyErrors: false });
  if (doc.errors.length || !isMap(doc.contents)) return [];
  const services = get(doc, doc.contents, "services");
  if (!isMap(services)) return [];
  const dir = path.dirname(file.path);
  const out: RawBuild[] = [];
  for (const item of services.items) {
    const name = scalarString(item.key as Node);
    const svc = resolveNode(doc, item.value as Node);
    if (!name || !isMap(svc)) continue;
    const imagePair = getPair(doc, svc, "image");
    const image = text(doc, svc, "image");
    const build = get(doc, svc, "build");
    if (!image || !build) continue;
    let context = ".";
    let dockerfile: string | null = null;
    let target: string | null = null;
    if (isScalar(build)) context = String(build.value ?? ".");
    else if (isMap(build)) {
      if (get(doc, build, "dockerfile_inline")) continue;
      context = text(doc, build, "context") ?? ".";
      dockerfile = text(doc, build, "dockerfile");
      target = text(doc, build, "target");
    } else continue;
    context = composeValue(context);
    const df = dockerfile === null ? "Dockerfile" : composeValue(dockerfile);
    if (context.includes(U) || df.includes(U) || /^[a-z]+:\/\/|^git@|\.git(#.*)?$/i.test(context)) continue;
    const ctxDir = path.resolve(dir, context);
    out.push({
      refs: [composeImageRef(image)],
      paths: [{ dockerfile: path.resolve(ctxDir, df), context: ctxDir }],
      target: target && !composeValue(target).includes(U) ? composeValue(target) : null,
      by: { file: file.path, line: nodeLine(file, imagePair?.pair.key as Node) },
      via: `compose service \`${name}\``,
    });
  }
  return out;
}
