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
// Each kind of source has its reader in provenance/ (workflow.ts, bake.ts over parse/hcl.ts, gitlab.ts, and
// shell.ts for scripts, Makefiles and `run:` steps); compose files are read here, from the compose loader's parse.
import path from "node:path";
import { isMap, isScalar, type Node } from "yaml";
import type { FileStore } from "../files.js";
import { imageRepository } from "../knowledge/index.js";
import { getPair, parseCompose, resolveNode, scalarString } from "../parse/compose.js";
import { parseHcl } from "../parse/hcl.js";
import { relPath } from "../source.js";
import type { SourceFile } from "../types.js";
import { isWorkflowPath } from "./extra.js";
import { bakeBuilds, bakeJson } from "./provenance/bake.js";
import { isGoreleaserName, goreleaserBuilds } from "./provenance/goreleaser.js";
import { get, manifestIdentity, nodeLine, OWNER, read, REPO, text, U, type IndexContext, type RawBuild } from "./provenance/common.js";
import { gitlabBuilds } from "./provenance/gitlab.js";
import { scriptBuilds } from "./provenance/shell.js";
import { workflowBuilds } from "./provenance/workflow.js";

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
export function parseImageName(ref: string): Readonly<ImageName> | null {
  // the same references come back for every service and stage that names them: each is parsed once (shared,
  // read-only); a tree with more distinct references than the bound starts the memo again
  let hit = parsedNames.get(ref);
  if (hit === undefined) {
    if (parsedNames.size >= 10_000) parsedNames.clear();
    hit = parseImageNameUncached(ref);
    parsedNames.set(ref, hit);
  }
  return hit;
}

const parsedNames = new Map<string, Readonly<ImageName> | null>();

function parseImageNameUncached(ref: string): ImageName | null {
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
  /** literal repository → the builds (indices, ascending) with a name of that repository; built on first lookup */
  private byRepo: Map<string, number[]> | null = null;
  /** the builds with a name only a pattern gives (a variable part): any literal image may match them */
  private patterned: number[] = [];

  constructor(readonly builds: ImageBuild[]) {}

  /**
   * The builds an image may match, in index order: those naming its repository and those with a patterned name.
   * A tree of many projects has many builds, and every service looks its image up: scanning them all was
   * quadratic in the tree's size (8 % of a 1,000-project run).
   */
  private candidates(want: ImageName): Iterable<ImageBuild> {
    if (want.literal === null) return this.builds;
    if (!this.byRepo) {
      this.byRepo = new Map();
      this.builds.forEach((b, i) => {
        let patterned = false;
        for (const r of b.refs) {
          if (r.literal === null) patterned = true;
          else {
            const list = this.byRepo!.get(r.literal);
            if (!list) this.byRepo!.set(r.literal, [i]);
            else if (list[list.length - 1] !== i) list.push(i);
          }
        }
        if (patterned) this.patterned.push(i);
      });
    }
    const named = this.byRepo.get(want.literal) ?? [];
    if (this.patterned.length === 0) return named.map((i) => this.builds[i]!);
    return [...new Set([...named, ...this.patterned])].sort((x, y) => x - y).map((i) => this.builds[i]!);
  }

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
    for (const b of this.candidates(want)) {
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

/** Files that say how images are built besides workflows, Makefiles and scripts: bake files, GitLab CI and GoReleaser. */
export function isImageBuildFileName(name: string): boolean {
  return /^docker-bake(\.[\w.-]+)?\.(hcl|json)$/.test(name) || /^\.gitlab-ci\.ya?ml$/.test(name) || isGoreleaserName(name);
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
        if (f) raw.push(...(await sameTextOnce(f, ctx, workflowBuilds)));
      } else if (/^docker-bake(\.[\w.-]+)?\.hcl$/.test(name)) {
        const f = read(files, abs, "other");
        if (f) raw.push(...bakeBuilds(f, parseHcl(f.text), ctx));
      } else if (/^docker-bake(\.[\w.-]+)?\.json$/.test(name)) {
        const f = read(files, abs, "other");
        if (f) raw.push(...bakeBuilds(f, bakeJson(f.text), ctx));
      } else if (/^\.gitlab-ci\.ya?ml$/.test(name)) {
        const f = read(files, abs, "workflow");
        if (f) raw.push(...(await sameTextOnce(f, ctx, (file, c) => gitlabBuilds(file, c.files))));
      } else if (isGoreleaserName(name)) {
        const f = read(files, abs, "other");
        if (f) raw.push(...goreleaserBuilds(f, ctx));
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
    if (f) raw.push(...composeBuilds(f, files));
  }
  return new ProvenanceIndex(raw.map((b) => finish(b, ctx)).filter((b): b is ImageBuild => b !== null));
}

type Guard = IndexContext["guards"] extends Map<string, infer G> ? G : never;

/**
 * What a workflow or a `.gitlab-ci.yml` builds depends on its path and text only: kept by path while the text is the
 * same, so that the units of a large tree, each given the tree's workflows, parse and read each of them once (per
 * thread). Keyed by the text, so an edited file (the language server's buffers, the fixer's passes) is read anew;
 * bounded, so a long-running server keeps no more than MAX_READ_ONCE of them.
 */
const readOnce = new Map<string, { text: string; builds: RawBuild[]; guards: [string, Guard][] }>();
const MAX_READ_ONCE = 256;

async function sameTextOnce(f: SourceFile, ctx: IndexContext, reader: (f: SourceFile, ctx: IndexContext) => Promise<RawBuild[]>): Promise<RawBuild[]> {
  const hit = readOnce.get(f.path);
  if (hit?.text === f.text) {
    noteGuards(ctx, hit.guards);
    return hit.builds;
  }
  const own: IndexContext = { files: ctx.files, guards: new Map() };
  let builds: RawBuild[];
  try {
    builds = await reader(f, own);
  } finally {
    noteGuards(ctx, [...own.guards]);
  }
  if (readOnce.size >= MAX_READ_ONCE) readOnce.clear();
  readOnce.set(f.path, { text: f.text, builds, guards: [...own.guards] });
  return builds;
}

/** A repository name a workflow condition says, unless one was said before for the same repository root. */
function noteGuards(ctx: IndexContext, guards: [string, Guard][]): void {
  for (const [root, g] of guards) if (!ctx.guards.get(root)?.repository) ctx.guards.set(root, g);
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
  const fromManifest = b.root ? manifestIdentity(b.root, ctx) : null;
  if (fromManifest) return named(fromManifest.repository, rel(fromManifest.file));
  // a condition on the owner alone names the owner only
  if (guard?.owner) return { repository: null, owner: guard.owner, from: rel(guard.file) };
  return null;
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

function composeBuilds(file: SourceFile, files: FileStore): RawBuild[] {
  if (!/^\s*build\s*:/m.test(file.text) || !/^\s*image\s*:/m.test(file.text)) return [];
  // the compose loader's parse of the file (one per run), made here when the index is read first
  const doc = files.derived(file, "compose", parseCompose).model?.doc;
  if (!doc || !isMap(doc.contents)) return [];
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
