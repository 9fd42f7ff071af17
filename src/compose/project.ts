// Loads compose projects as Docker Compose does: a directory's compose file and its override file
// (or the files given with -f / COMPOSE_FILE) merged in order, `include` (each included project with
// its own directory and `.env`), and `extends` (same file or `file:`). Cycles are reported, not followed.
import fs from "node:fs";
import path from "node:path";
import { isMap, isScalar, isSeq, type Node, type YAMLMap } from "yaml";
import { composeFileFromDotEnv, overrideBase } from "../compose-detect.js";
import type { FileStore } from "../files.js";
import type { ComposeFileModel, ParseProblem } from "../model/types.js";
import { getPair, nodeSpan, parseCompose, resolveNode, scalarString } from "../parse/compose.js";
import { parseDotEnv, projectEnv, type Env } from "./interpolate.js";
import { ServiceView, scalarText, type ComposeContext, type Layer } from "./view.js";

export const BASE_NAMES = ["compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml"];
export const OVERRIDE_NAMES = ["compose.override.yaml", "compose.override.yml", "docker-compose.override.yaml", "docker-compose.override.yml"];

export interface ComposeProject {
  /** the project directory (directory of the first file) */
  dir: string;
  /** every file read for this project, each with the environment it was interpolated with (main files, includes, extends targets) */
  contexts: ComposeContext[];
  services: ServiceView[];
}

/**
 * Groups discovered compose files into projects: in each directory, the files its `.env` names in
 * COMPOSE_FILE (when `readDotEnv` is given), else the first base file by Compose's preference (compose.yaml,
 * compose.yml, docker-compose.yaml, docker-compose.yml) with the first override file; `X.override.yml` is
 * merged after `X.yml` (and left out when COMPOSE_FILE names `X.yml` but not it); any other compose file
 * (`docker-compose.prod.yml`, …) is a project of its own.
 */
export function groupProjects(composeFiles: string[], readDotEnv?: (abs: string) => string | null, shapes?: (abs: string) => ServiceShapes | null): string[][] {
  const byDir = new Map<string, string[]>();
  for (const f of composeFiles) {
    const d = path.dirname(f);
    byDir.set(d, [...(byDir.get(d) ?? []), f]);
  }
  const out: string[][] = [];
  for (const [dir, list] of byDir) {
    const rank = (names: string[], f: string): number => names.indexOf(path.basename(f));
    const bases = list.filter((f) => rank(BASE_NAMES, f) !== -1).sort((a, b) => rank(BASE_NAMES, a) - rank(BASE_NAMES, b));
    const overrides = list.filter((f) => rank(OVERRIDE_NAMES, f) !== -1).sort((a, b) => rank(OVERRIDE_NAMES, a) - rank(OVERRIDE_NAMES, b));
    const groupOf = new Map<string, string[]>();
    const push = (group: string[]): void => {
      out.push(group);
      for (const g of group) groupOf.set(g, group);
    };
    const env = readDotEnv?.(path.join(dir, ".env"));
    const named = env ? (composeFileFromDotEnv(env) ?? []).map((f) => path.resolve(dir, f)).filter((f) => list.includes(f)) : [];
    if (named.length) push(named);
    else if (bases.length) push(overrides.length ? [bases[0]!, overrides[0]!] : [bases[0]!]);
    for (const f of list) {
      if (groupOf.has(f)) continue;
      const base = overrideBase(f, list);
      const baseGroup = base ? groupOf.get(base) : undefined;
      // COMPOSE_FILE replaces the default files: an override it does not name is not read with its base
      if (baseGroup && baseGroup === named) continue;
      if (baseGroup) {
        baseGroup.push(f);
        groupOf.set(f, baseGroup);
      } else push(base ? [base, f] : [f]);
    }
  }
  return shapes ? withOverlayBases(out, composeFiles, shapes) : out;
}

/** Each service of a compose file: true when it can run on its own (it has an `image`, a `build` or an `extends`). */
export type ServiceShapes = Map<string, boolean>;

/**
 * A compose file that cannot be a project on its own is an overlay, used as `docker compose -f compose.yaml
 * -f overlay.yaml`: a file in which some service has neither `image` nor `build` (nor `extends`: Compose
 * refuses such a service), or an override file with no base file beside it (a `docker-compose.override.yml`
 * kept in a folder of variants, copied next to the base to be used). It is linted merged after the nearest
 * base compose file other than itself (its directory's, else the nearest directory's above it) when that
 * base completes it: it defines every incomplete service with an image or a build, and shares a service
 * with it. The base's default override is left out, as `-f` leaves it out. Otherwise it stays on its own.
 */
function withOverlayBases(groups: string[][], composeFiles: string[], shapes: (abs: string) => ServiceShapes | null): string[][] {
  const basesOf = new Map<string, string[]>();
  for (const f of composeFiles) {
    if (!BASE_NAMES.includes(path.basename(f))) continue;
    const d = path.dirname(f);
    basesOf.set(d, [...(basesOf.get(d) ?? []), f].sort((a, b) => BASE_NAMES.indexOf(path.basename(a)) - BASE_NAMES.indexOf(path.basename(b))));
  }
  return groups.map((group) => {
    if (group.length !== 1) return group;
    const f = group[0]!;
    const own = shapes(f);
    if (!own || own.size === 0) return group;
    const partial = [...own].filter(([, complete]) => !complete).map(([name]) => name);
    if (partial.length === 0 && !isLoneOverride(f, composeFiles)) return group;
    const base = nearestBase(f, basesOf);
    const theirs = base ? shapes(base) : null;
    if (!base || !theirs) return group;
    const completes = partial.every((name) => theirs.get(name) === true) && [...own.keys()].some((name) => theirs.has(name));
    return completes ? [base, f] : group;
  });
}

/** `compose.override.yaml` with no base file beside it, or `X.override.yml` whose `X.yml` is not there (overrideBase). */
function isLoneOverride(file: string, files: readonly string[]): boolean {
  const name = path.basename(file);
  const dir = path.dirname(file);
  if (OVERRIDE_NAMES.includes(name)) return !BASE_NAMES.some((b) => files.includes(path.join(dir, b)));
  return /\.override\.ya?ml$/.test(name) && overrideBase(file, files) === null;
}

/** The first base compose file, other than the file itself, of its directory or of the nearest directory above that has one. */
function nearestBase(file: string, basesOf: Map<string, string[]>): string | null {
  for (let d = path.dirname(file); ; d = path.dirname(d)) {
    const b = (basesOf.get(d) ?? []).find((x) => x !== file);
    if (b !== undefined) return b;
    if (path.dirname(d) === d) return null;
  }
}

/**
 * A service the including file defines with neither `image` nor `build` (nor `extends`), named like a
 * service of an included file, only adds to that service (`include: [services/postgres.yaml]` with
 * `db: {shm_size: 256mb}`): its layers go over the included service's, which is then judged once, merged.
 */
function completeFromIncludes(project: ComposeProject, included: ComposeProject[]): void {
  for (const view of project.services) {
    if (view.layers.some((l) => RUNNABLE_KEYS.some((k) => getPair(l.ctx.file.doc, l.map, k) !== null))) continue;
    for (const inc of included) {
      const i = inc.services.findIndex((s) => s.name === view.name);
      if (i === -1) continue;
      view.layers.unshift(...inc.services[i]!.layers);
      inc.services.splice(i, 1);
      break;
    }
  }
}

/** Names of the `.env` example a project ships, in the order they are looked for. */
export const EXAMPLE_ENV_NAMES = [".env.example", "env.example", ".env.sample", "example.env", ".env.dist", ".env.template", "sample.env", ".env.default", ".env.defaults"];

/** Keys that make a service runnable on its own (Compose refuses a service with none of them). */
const RUNNABLE_KEYS = ["image", "build", "extends"];

/** Splits COMPOSE_FILE as Compose does (COMPOSE_PATH_SEPARATOR, default `:`, `;` on Windows). */
export function splitComposeFileVar(value: string, sep?: string): string[] {
  const s = sep || (process.platform === "win32" ? ";" : ":");
  return value.split(s).map((x) => x.trim()).filter(Boolean);
}

export class ComposeLoader {
  /** parsed files by absolute path (null: unreadable or unparsable, already reported) */
  private parsed = new Map<string, ComposeFileModel | null>();
  private envs = new Map<string, Env>();
  /** every distinct (file, env) context, for schema validation */
  readonly contexts: ComposeContext[] = [];
  private seenContexts = new Set<string>();
  /** compose files read as the `file:` of an `extends` (templates of services, not projects of their own) */
  readonly extendedFiles = new Set<string>();

  constructor(
    private files: FileStore,
    private problems: ParseProblem[],
    private processEnv: NodeJS.ProcessEnv = process.env,
  ) {}

  /** A compose file, parsed once whatever the number of projects that read it. */
  file(abs: string, reportMissing: boolean, from?: { file: string; node: Node | null }): ComposeFileModel | null {
    if (this.parsed.has(abs)) return this.parsed.get(abs)!;
    const r = this.files.read(abs, "compose");
    let model: ComposeFileModel | null = null;
    if (!r.ok) {
      if (reportMissing) {
        const span = from ? nodeSpan(this.files.get(from.file)!, from.node) : { file: abs, start: 0, end: 0 };
        const file = from ? from.file : abs;
        const rel = path.relative(this.files.cwd, abs).split(path.sep).join("/");
        this.problems.push({ file, rule: r.rule, message: from ? `${rel}: ${r.message}` : r.message, span });
      }
    } else {
      // one parse per file text and run: the provenance index reads the same document
      const parsed = this.files.derived(r.file, "compose", parseCompose);
      this.problems.push(...parsed.problems);
      model = parsed.model;
    }
    this.parsed.set(abs, model);
    return model;
  }

  /** Which services of a compose file can run on its own (see groupProjects); null when the file cannot be parsed. */
  serviceShapes(abs: string): ServiceShapes | null {
    // every file grouped is loaded as part of a project: its read and parse problems are reported here, once
    const model = this.file(abs, true);
    if (!model?.servicesNode) return null;
    const shapes: ServiceShapes = new Map();
    for (const item of model.servicesNode.items) {
      const name = scalarString(item.key as Node);
      const svc = resolveNode(model.doc, item.value as Node);
      if (name === null || !isMap(svc)) continue;
      shapes.set(name, RUNNABLE_KEYS.some((k) => getPair(model.doc, svc, k) !== null));
    }
    return shapes;
  }

  /** The interpolation environment of a project directory: its `.env` (or the given env files) under the process environment. */
  env(dir: string, envFiles?: string[]): Env {
    const key = envFiles ? envFiles.join("\0") : dir;
    const hit = this.envs.get(key);
    if (hit) return hit;
    let dot: Map<string, string> | null = null;
    for (const f of envFiles ?? this.dotEnvFiles(dir)) {
      if (!this.files.contains(f)) continue;
      const r = this.files.read(f, "other");
      if (!r.ok) continue;
      dot = new Map([...(dot ?? []), ...parseDotEnv(r.file.text, projectEnv(dot, this.processEnv))]);
    }
    const env = projectEnv(dot, this.processEnv);
    this.envs.set(key, env);
    return env;
  }

  /**
   * A directory's `.env`; when it has none, the example the project ships for it (`.env.example`,
   * `env.example`, `.env.sample` …, which its users copy to `.env`): the values the project documents.
   */
  private dotEnvFiles(dir: string): string[] {
    const dotEnv = path.join(dir, ".env");
    const readable = (f: string): boolean => {
      if (!this.files.contains(f)) return false;
      // the directory's listing when it can say (one readdir for the ten names), else the file system
      const listed = this.files.entryKind(f);
      return listed === undefined ? fs.existsSync(f) : listed !== "none";
    };
    if (readable(dotEnv)) return [dotEnv];
    const example = EXAMPLE_ENV_NAMES.map((n) => path.join(dir, n)).find(readable);
    return example ? [example] : [dotEnv];
  }

  private context(file: ComposeFileModel, env: Env, baseDir: string): ComposeContext {
    const ctx: ComposeContext = { file, env, baseDir };
    const key = `${file.source.path}\0${baseDir}\0${[...env].length}`;
    if (!this.seenContexts.has(key)) {
      this.seenContexts.add(key);
      this.contexts.push(ctx);
    }
    return ctx;
  }

  /** Loads one project from its files in merge order. */
  project(paths: string[], opts: { dir?: string; env?: Env; includeStack?: string[] } = {}): ComposeProject[] {
    const dir = opts.dir ?? path.dirname(paths[0]!);
    const env = opts.env ?? this.env(dir);
    const project: ComposeProject = { dir, contexts: [], services: [] };
    const out: ComposeProject[] = [project];
    const byName = new Map<string, ServiceView>();
    const stack = opts.includeStack ?? [];
    for (const abs of paths) {
      const file = this.file(abs, true);
      if (!file) continue;
      const ctx = this.context(file, env, dir);
      project.contexts.push(ctx);
      out.push(...this.includes(ctx, [...stack, abs]));
      if (!file.servicesNode) continue;
      for (const item of file.servicesNode.items) {
        const name = scalarString(item.key);
        if (name === null) continue;
        const svc = resolveNode(file.doc, item.value as Node);
        if (!isMap(svc)) {
          if (!byName.has(name)) {
            // no mapping of its own (`web:` with nothing): still a service, reported at its key
            const v = new ServiceView(name);
            v.layers.push({ ctx, map: emptyMap(file, item.key as Node), keyNode: item.key as Node, viaExtends: false });
            byName.set(name, v);
            project.services.push(v);
          }
          continue;
        }
        let view = byName.get(name);
        if (!view) {
          view = new ServiceView(name);
          byName.set(name, view);
          project.services.push(view);
        }
        view.layers.push(...this.extendsLayers(ctx, name, svc, [`${abs}#${name}`]));
        view.layers.push({ ctx, map: svc, keyNode: item.key as Node, viaExtends: false });
      }
    }
    completeFromIncludes(project, out.slice(1));
    return out;
  }

  /** `include:` entries of a file, each loaded as its own project. */
  private includes(ctx: ComposeContext, stack: string[]): ComposeProject[] {
    const { doc, source } = ctx.file;
    const top = doc.contents;
    if (!isMap(top)) return [];
    const inc = getPair(doc, top, "include");
    const list = inc ? resolveNode(doc, inc.pair.value as Node) : null;
    if (!isSeq(list)) return [];
    const out: ComposeProject[] = [];
    const here = path.dirname(source.path);
    for (const it of list.items) {
      const entry = resolveNode(doc, it as Node);
      let paths: { text: string; node: Node }[] = [];
      let projectDir: string | null = null;
      let envFiles: string[] | undefined;
      const str = (n: Node | null): string | null => (n && isScalar(n) ? (scalarText(n, ctx.env)?.value ?? null) : null);
      if (isScalar(entry)) {
        const s = str(entry);
        if (s) paths = [{ text: s, node: entry }];
      } else if (isMap(entry)) {
        const p = getPair(doc, entry, "path");
        const pv = p ? resolveNode(doc, p.pair.value as Node) : null;
        if (isScalar(pv) && str(pv)) paths = [{ text: str(pv)!, node: pv }];
        else if (isSeq(pv)) for (const x of pv.items) {
          const n = resolveNode(doc, x as Node);
          const s = str(n);
          if (s && n) paths.push({ text: s, node: n });
        }
        const pd = getPair(doc, entry, "project_directory");
        const pds = pd ? str(resolveNode(doc, pd.pair.value as Node)) : null;
        if (pds) projectDir = path.resolve(here, pds);
        const ef = getPair(doc, entry, "env_file");
        const efv = ef ? resolveNode(doc, ef.pair.value as Node) : null;
        if (isScalar(efv) && str(efv)) envFiles = [path.resolve(here, str(efv)!)];
        else if (isSeq(efv)) envFiles = efv.items.map((x) => str(resolveNode(doc, x as Node))).filter((s): s is string => !!s).map((s) => path.resolve(here, s));
      }
      if (!paths.length) continue;
      const abs = paths.map((p) => path.resolve(here, p.text));
      const cycle = abs.find((a) => stack.includes(a));
      if (cycle) {
        const chain = [...stack.slice(stack.indexOf(cycle)), cycle].map((f) => path.relative(this.files.cwd, f).split(path.sep).join("/"));
        this.problems.push({ file: source.path, rule: "parse-error", message: `include cycle: ${chain.join(" → ")} (not followed)`, span: nodeSpan(source, paths[0]!.node) });
        continue;
      }
      // a missing included file is reported at the include entry
      const ok = abs.every((a, i) => this.file(a, true, { file: source.path, node: paths[i]!.node }) !== null);
      if (!ok) continue;
      const dir = projectDir ?? path.dirname(abs[0]!);
      const env = envFiles ? this.env(dir, envFiles) : this.env(dir);
      out.push(...this.project(abs, { dir, env, includeStack: stack }));
    }
    return out;
  }

  /** The layers a service inherits with `extends`, deepest first. */
  private extendsLayers(ctx: ComposeContext, name: string, svc: YAMLMap, stack: string[]): Layer[] {
    const { doc, source } = ctx.file;
    const ext = getPair(doc, svc, "extends");
    if (!ext) return [];
    const v = resolveNode(doc, ext.pair.value as Node);
    let target: string | null = null;
    let fileText: string | null = null;
    let at: Node | null = v;
    if (isScalar(v)) target = scalarText(v, ctx.env)?.value ?? null;
    else if (isMap(v)) {
      const s = getPair(doc, v, "service");
      const sn = s ? resolveNode(doc, s.pair.value as Node) : null;
      target = sn && isScalar(sn) ? (scalarText(sn, ctx.env)?.value ?? null) : null;
      const f = getPair(doc, v, "file");
      const fn = f ? resolveNode(doc, f.pair.value as Node) : null;
      if (fn && isScalar(fn)) {
        fileText = scalarText(fn, ctx.env)?.value ?? null;
        at = fn;
      }
    }
    if (!target) return [];
    let tctx = ctx;
    if (fileText) {
      const abs = path.resolve(path.dirname(source.path), fileText);
      const tf = this.file(abs, true, { file: source.path, node: at });
      if (!tf) return [];
      if (abs !== source.path) this.extendedFiles.add(abs);
      tctx = this.context(tf, ctx.env, path.dirname(abs));
    }
    const key = `${tctx.file.source.path}#${target}`;
    if (stack.includes(key)) {
      const chain = [...stack.slice(stack.indexOf(key)), key].map((k) => {
        const [f, s] = k.split("#");
        return `${path.basename(f!)}:${s}`;
      });
      this.problems.push({ file: source.path, rule: "parse-error", message: `service ${name}: extends cycle ${chain.join(" → ")} (not followed)`, span: nodeSpan(source, ext.pair.key as Node) });
      return [];
    }
    const services = tctx.file.servicesNode;
    const tp = services ? getPair(tctx.file.doc, services, target) : null;
    const tmap = tp ? resolveNode(tctx.file.doc, tp.pair.value as Node) : null;
    if (!tp || !isMap(tmap)) {
      this.problems.push({ file: source.path, rule: "parse-error", message: `service ${name}: extends service \`${target}\`, which is not defined${fileText ? ` in ${fileText}` : ""}`, span: nodeSpan(source, v ?? (ext.pair.key as Node)) });
      return [];
    }
    return [...this.extendsLayers(tctx, target, tmap, [...stack, key]), { ctx: tctx, map: tmap, keyNode: tp.pair.key as Node, viaExtends: true }];
  }
}

function emptyMap(file: ComposeFileModel, _key: Node): YAMLMap {
  return file.doc.createNode({}) as YAMLMap;
}

/**
 * The compose files Compose would read when they are named: `-f/--file` (in order, one project), else
 * COMPOSE_FILE from the environment or the working directory's `.env` when no path is given. Returns
 * null when discovery decides (each directory's compose file and its override).
 */
export function explicitComposeFiles(cwd: string, paths: string[], files: string[] | undefined, env: NodeJS.ProcessEnv = process.env, readDotEnv?: (abs: string) => string | null): string[] | null {
  if (files && files.length) return files.map((f) => path.resolve(cwd, f));
  if (paths.length) return null;
  let value = env.COMPOSE_FILE;
  let sep = env.COMPOSE_PATH_SEPARATOR;
  if (!value && readDotEnv) {
    const text = readDotEnv(path.join(cwd, ".env"));
    if (text) {
      const dot = parseDotEnv(text, new Map(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined)));
      value = dot.get("COMPOSE_FILE");
      sep = sep ?? dot.get("COMPOSE_PATH_SEPARATOR");
    }
  }
  if (!value) return null;
  return splitComposeFileVar(value, sep).map((f) => path.resolve(cwd, f));
}

/** Replaces the discovered compose files by the named ones (one project), keeping Dockerfiles and scripts. */
export function withComposeFiles<T extends { composeFiles: string[]; composeProjects?: string[][]; missing: { path: string; message: string }[] }>(found: T, named: string[] | null, exists: (abs: string) => boolean): T {
  if (!named) return found;
  const missing = named.filter((f) => !exists(f)).map((f) => ({ path: f, message: "no such file or directory" }));
  return { ...found, composeFiles: named, composeProjects: [named], missing: [...found.missing, ...missing] };
}

/** -f/--file and COMPOSE_FILE applied to discovered inputs (reads the working directory's `.env` for COMPOSE_FILE). */
export function applyNamedComposeFiles<T extends { composeFiles: string[]; composeProjects?: string[][]; missing: { path: string; message: string }[] }>(found: T, cwd: string, paths: string[], files?: string[]): T {
  const readDotEnv = (abs: string): string | null => {
    try {
      return fs.readFileSync(abs, "utf8");
    } catch {
      return null;
    }
  };
  const named = explicitComposeFiles(cwd, paths, files, process.env, readDotEnv);
  return withComposeFiles(found, named, (f) => {
    try {
      return fs.statSync(f).isFile();
    } catch {
      return false;
    }
  });
}
