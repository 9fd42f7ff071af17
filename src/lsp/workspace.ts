// The language server's view of the workspace: roots (workspace folders), the projects in each (the
// engine's units: one model per project), which files each project read, and the diagnostics of each.
// An edit of any file a project read re-lints that project; the diagnostics of every file of the project
// are republished, open or not, and files whose findings went away are cleared.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import v8 from "node:v8";
import type { Diagnostic as LspDiagnostic, TextEdit as LspTextEdit } from "vscode-languageserver";
import { isComposeFileName, isYamlName } from "../compose-detect.js";
import { applyNamedComposeFiles } from "../compose/project.js";
import { CONFIG_NAMES, ConfigError, emptyConfig, ignoreMatcher, knowledgeBase, parseConfig, findConfig, type Config } from "../config.js";
import { classify, discover } from "../discover.js";
import { allRules, lint, partition, UNUSED_SUPPRESSION, type LintOptions } from "../engine/index.js";
import type { ModelInputs, ProjectModel } from "../model/build.js";
import { isDevcontainerPath, isWorkflowPath } from "../model/extra.js";
import { isImageBuildFileName } from "../model/provenance.js";
import type { Diagnostic, FileKind } from "../types.js";
import { TOOL_NAME } from "../version.js";
import { chainInformation, hostOf, pathToUri, toLspDiagnostic, toLspEdits } from "./convert.js";
import { BufferStore } from "./store.js";

export interface Buffer {
  uri: string;
  version: number;
  text: string;
}

/** One finding as the server keeps it: the engine's, the protocol's, and the fix as protocol edits per file. */
export interface Entry {
  d: Diagnostic;
  lsp: LspDiagnostic;
  /** the file the finding is shown in (the compose file for an inline Dockerfile) */
  path: string;
  kind: FileKind;
  /** shown in a file that holds it (an inline Dockerfile): no suppression comment can go there */
  hosted: boolean;
  fix: Map<string, LspTextEdit[]> | null;
}

export interface Root {
  dir: string;
  /** the configuration file in force (null: defaults) and its problems */
  configFile: string | null;
  configProblems: LspDiagnostic[];
  options: LintOptions;
  /** null until discovered */
  projects: Project[] | null;
  /** the discovered units, to tell whether a new discovery changed anything */
  unitsKey: string;
}

export interface Project {
  id: number;
  root: Root;
  inputs: ModelInputs & { aliases?: Record<string, string[]> };
  /** every path the last lint read or looked for (and their real paths) */
  touched: Set<string>;
  /** findings by the path they are shown in */
  byPath: Map<string, Entry[]>;
  /** buffer versions the last lint used, by path */
  versions: Map<string, number>;
  /** hashes of the texts the last lint used, by path */
  hashes: Map<string, string>;
  /** open buffers that did not parse at the last lint: the other files were linted with their last text that did */
  broken: Set<string>;
  diagnostics: Diagnostic[];
}

export interface WorkspaceHost {
  /** the open buffer of a path (by the path or its real path), if any */
  buffer(absPath: string): Buffer | undefined;
  publish(uri: string, version: number | undefined, diagnostics: LspDiagnostic[]): void;
  log(message: string): void;
  error(message: string): void;
  /** whether to attach related information (the client supports it) */
  relatedInformation: boolean;
}

export interface WorkspaceSettings {
  /** milliseconds of quiet after an edit before re-linting */
  debounceMs: number;
  /** models kept for hover (the least recently used are dropped; a hover re-lints its project) */
  maxModels: number;
}

export type ChangeKind = "open" | "edit" | "close" | "disk" | "created" | "deleted";

export const DEFAULT_SETTINGS: WorkspaceSettings = { debounceMs: 150, maxModels: 4 };

const KNOWN_RULES = (): string[] => [...allRules().map((r) => r.meta.id), UNUSED_SUPPRESSION];

function hash(text: string): string {
  return createHash("sha1").update(text).digest("base64");
}

function realOrSelf(p: string): string {
  try {
    return fs.realpathSync.native(p);
  } catch {
    return p;
  }
}

function inside(dir: string, p: string): boolean {
  const r = path.relative(dir, p);
  return r === "" || (!r.startsWith("..") && !path.isAbsolute(r));
}

/** A file whose creation, deletion or first opening may change what discovery finds. */
function discoverable(p: string): boolean {
  const name = path.basename(p);
  const posix = p.split(path.sep).join("/");
  return classify(name) !== null || isComposeFileName(name) || isYamlName(name) || isWorkflowPath(posix) || isDevcontainerPath(posix) || isImageBuildFileName(name) || name === ".env";
}

export class Workspace {
  readonly roots: Root[] = [];
  private nextId = 1;
  /** models of recently linted projects, least recently used first */
  private models = new Map<Project, ProjectModel>();
  /** an open buffer's last text that parsed (the other files keep being linted against it while it does not) */
  private lastGood = new Map<string, string>();
  /** what was last published, by URI */
  private published = new Map<string, string>();
  private pending = new Map<string, boolean>();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly host: WorkspaceHost,
    readonly settings: WorkspaceSettings = DEFAULT_SETTINGS,
  ) {}

  // ---- roots and configuration

  addRoot(dir: string): Root {
    const existing = this.roots.find((r) => r.dir === dir);
    if (existing) return existing;
    const root: Root = { dir, configFile: null, configProblems: [], options: { cwd: dir }, projects: null, unitsKey: "" };
    this.loadConfig(root);
    this.roots.push(root);
    // nested roots: a file belongs to the innermost
    this.roots.sort((a, b) => b.dir.length - a.dir.length);
    this.schedule(0);
    return root;
  }

  removeRoot(dir: string): void {
    const i = this.roots.findIndex((r) => r.dir === dir);
    if (i === -1) return;
    const [root] = this.roots.splice(i, 1);
    const paths = new Set<string>();
    for (const p of root!.projects ?? []) {
      for (const k of p.byPath.keys()) paths.add(k);
      this.models.delete(p);
    }
    if (root!.configFile) paths.add(root!.configFile);
    this.republish(paths);
  }

  /** The root a file belongs to: the innermost that holds it; for a file outside every root, a root is made for it. */
  rootFor(file: string): Root {
    const hit = this.roots.find((r) => inside(r.dir, file));
    if (hit) return hit;
    return this.addRoot(guessRoot(file));
  }

  private loadConfig(root: Root): void {
    const file = findConfig(root.dir);
    root.configFile = file;
    root.configProblems = [];
    let config: Config = emptyConfig(root.dir);
    if (file) {
      const text = this.host.buffer(file)?.text ?? readText(file);
      try {
        config = text === null ? emptyConfig(root.dir) : parseConfig(text, { file, shown: path.relative(root.dir, file) || path.basename(file), knownRules: KNOWN_RULES() });
      } catch (e) {
        if (!(e instanceof ConfigError)) throw e;
        root.configProblems = e.problems.map((p) => ({
          range: { start: { line: p.line - 1, character: p.column - 1 }, end: { line: p.line - 1, character: p.column - 1 } },
          severity: 1,
          source: TOOL_NAME,
          code: "config",
          message: `${p.message} (the last valid configuration, or the defaults, stays in force)`,
        }));
        // keep the options in force until the file is valid again
        if (root.projects !== null) return;
      }
    }
    root.options = { cwd: root.dir, rules: config.rules, kb: knowledgeBase(config), ignore: ignoreMatcher(config.ignore, config.base) };
  }

  // ---- changes

  /**
   * A file changed: an open buffer was opened, edited or closed, or a file changed, was created or was
   * deleted on disk. Re-lints, after the debounce, the projects that read it; discovers the root again
   * when the file may be one that discovery lists.
   */
  changed(file: string, how: ChangeKind): void {
    const structural = how === "created" || how === "deleted";
    if (!structural && this.unchanged(file)) return;
    const may = structural || how === "open" || how === "disk";
    this.pending.set(file, (this.pending.get(file) ?? false) || may);
    this.schedule(this.settings.debounceMs);
  }

  /** Whether every project that read the file read the text it has now (opening a file changes nothing). */
  private unchanged(file: string): boolean {
    const projects = this.projectsOf(file);
    if (projects.length === 0) return false;
    const text = this.host.buffer(file)?.text ?? readText(file);
    if (text === null) return false;
    const h = hash(text.replace(/^\uFEFF/, ""));
    return projects.every((p) => p.hashes.get(file) === h || p.hashes.get(realOrSelf(file)) === h);
  }

  private schedule(ms: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, ms);
  }

  /** Runs the pending work now (one run at a time; changes during a run are taken by the next). */
  flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.running) return this.running.then(() => (this.pending.size || this.needsDiscovery() ? this.flush() : undefined));
    this.running = (async () => {
      // first yield: `running` is set before the body runs (else a run with nothing to do would end, and
      // clear `running`, before it is assigned, leaving it set forever)
      await null;
      try {
        while (this.pending.size || this.needsDiscovery()) {
          const batch = new Map(this.pending);
          this.pending.clear();
          try {
            await this.process(batch);
          } catch (e) {
            this.host.error(`lint failed: ${(e as Error)?.stack ?? String(e)}`);
          }
        }
      } finally {
        this.running = null;
        collectGarbage();
        if (!this.timer) for (const w of this.idleWaiters.splice(0)) w();
      }
    })();
    return this.running;
  }

  private needsDiscovery(): boolean {
    return this.roots.some((r) => r.projects === null);
  }

  /** Resolves when no edit waits for its lint and no lint runs (requests answer from fresh results). */
  whenIdle(): Promise<void> {
    if (!this.timer && !this.running && !this.pending.size && !this.needsDiscovery()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  get idle(): boolean {
    return !this.timer && !this.running && !this.pending.size && !this.needsDiscovery();
  }

  private async process(batch: Map<string, boolean>): Promise<void> {
    const dirty = new Set<Project>();
    const rediscover = new Set<Root>(this.roots.filter((r) => r.projects === null));
    const republish = new Set<string>();
    for (const [file, mayRediscover] of batch) {
      if ((CONFIG_NAMES as readonly string[]).includes(path.basename(file))) {
        for (const root of this.roots) {
          if (!inside(path.dirname(file), root.dir)) continue;
          const before = root.configFile;
          this.loadConfig(root);
          republish.add(file);
          if (before && before !== file) republish.add(before);
          rediscover.add(root);
          for (const p of root.projects ?? []) dirty.add(p);
        }
        continue;
      }
      const hit = this.projectsOf(file);
      for (const p of hit) dirty.add(p);
      const root = this.roots.find((r) => inside(r.dir, file));
      if (!root) continue;
      // a file discovery may list (created, or opened or saved while no project reads it), or one it listed that is
      // gone (buffer edits never change what discovery finds: it reads the disk); the root's .env may name COMPOSE_FILE
      if (mayRediscover && discoverable(file) && (hit.length === 0 || !fs.existsSync(file) || !hit.some((p) => listed(p.inputs, file)))) rediscover.add(root);
      if (path.basename(file) === ".env" && path.dirname(file) === root.dir) rediscover.add(root);
    }
    for (const root of rediscover) {
      let found: { changed: Project[]; removed: Project[] };
      try {
        found = this.discover(root);
      } catch (e) {
        // no projects rather than a retry at every run
        root.projects ??= [];
        this.host.error(`compose-lint could not list the files of ${root.dir}: ${(e as Error)?.message ?? String(e)}`);
        continue;
      }
      for (const p of found.changed) dirty.add(p);
      for (const p of found.removed) {
        dirty.delete(p);
        this.models.delete(p);
        for (const k of p.byPath.keys()) republish.add(k);
      }
    }
    for (const root of rediscover) if (root.configFile) republish.add(root.configFile);
    this.republish(republish);
    // the projects of open buffers first; each project's files are published as soon as it is linted
    const open = (p: Project): boolean => [...p.touched, ...p.byPath.keys(), ...unitFiles(p.inputs)].some((f) => this.host.buffer(f) !== undefined);
    for (const p of [...dirty].sort((a, b) => Number(open(b)) - Number(open(a)))) {
      if (!p.root.projects?.includes(p)) continue;
      const paths = new Set(p.byPath.keys());
      await this.lintProject(p);
      for (const k of p.byPath.keys()) paths.add(k);
      this.republish(paths);
    }
  }

  /** Discovers a root's files and splits them into projects as the engine does (one model per unit of a large tree). */
  private discover(root: Root): { changed: Project[]; removed: Project[] } {
    const cwd = root.dir;
    const found = applyNamedComposeFiles(discover(cwd, ["."], root.options.ignore), cwd, [], undefined);
    const all: ModelInputs = { composeFiles: found.composeFiles, composeProjects: found.composeProjects, dockerfiles: found.dockerfiles, runCallers: found.runCallers, extras: found.extras, buildFiles: found.buildFiles };
    const units = partition(all, cwd, ["."]) ?? [all];
    const key = JSON.stringify(units);
    const old = root.projects ?? [];
    if (root.projects !== null && key === root.unitsKey) return { changed: [], removed: [] };
    root.unitsKey = key;
    root.projects = units.map((u) => {
      const same = old.find((p) => JSON.stringify({ ...p.inputs, aliases: undefined }) === JSON.stringify(u));
      return same ?? { id: this.nextId++, root, inputs: { ...u, aliases: found.aliases }, touched: new Set(), byPath: new Map(), versions: new Map(), hashes: new Map(), broken: new Set(), diagnostics: [] };
    });
    for (const p of root.projects) p.inputs.aliases = found.aliases;
    const kept = new Set(root.projects);
    return { changed: root.projects.filter((p) => !old.includes(p) || p.touched.size === 0), removed: old.filter((p) => !kept.has(p)) };
  }

  /** The projects whose last lint read (or looked for) a file. */
  projectsOf(file: string): Project[] {
    const real = realOrSelf(file);
    const out: Project[] = [];
    for (const r of this.roots) for (const p of r.projects ?? []) if (p.touched.has(file) || p.touched.has(real)) out.push(p);
    return out;
  }

  /** Lints one project with the open buffers over the files on disk. */
  private async lintProject(p: Project): Promise<ProjectModel | null> {
    const root = p.root;
    const bufferText = (abs: string): string | undefined => this.host.buffer(abs)?.text;
    const store = new BufferStore(root.dir, ["."], bufferText);
    let first;
    try {
      first = await lint(["."], root.options, store, p.inputs);
    } catch (e) {
      this.host.error(`compose-lint could not lint ${root.dir}: ${(e as Error)?.message ?? String(e)}`);
      return null;
    }
    const model1 = first.model!;
    // open buffers that do not parse (a half-typed line): the other files are linted against their last text that did
    const broken = new Set<string>();
    for (const f of store.files()) {
      const b = this.host.buffer(f.path);
      if (!b) continue;
      const bad = model1.problems.some((pr) => pr.rule === "parse-error" && store.shownName(pr.file) === f.path);
      if (!bad) this.lastGood.set(f.path, f.text);
      else if (this.lastGood.has(f.path) && this.lastGood.get(f.path) !== f.text) broken.add(f.path);
    }
    let model = model1;
    let diagnostics = first.diagnostics;
    const touched = new Set(store.touched);
    if (broken.size) {
      const fallback = new BufferStore(root.dir, ["."], (abs) => (broken.has(abs) ? this.lastGood.get(abs) : bufferText(abs)));
      try {
        const second = await lint(["."], root.options, fallback, p.inputs);
        model = second.model!;
        for (const t of fallback.touched) touched.add(t);
        diagnostics = [...second.diagnostics.filter((d) => !broken.has(d.path)), ...first.diagnostics.filter((d) => broken.has(d.path))];
      } catch (e) {
        this.host.error(`compose-lint could not lint ${root.dir}: ${(e as Error)?.message ?? String(e)}`);
      }
    }
    const byPath = new Map<string, Entry[]>();
    for (const d of diagnostics) {
      const m = broken.has(d.path) ? model1 : model;
      const e = this.entry(m, d);
      const list = byPath.get(e.path) ?? [];
      list.push(e);
      byPath.set(e.path, list);
    }
    p.byPath = byPath;
    p.diagnostics = diagnostics;
    p.touched = touched;
    p.broken = broken;
    p.versions = new Map();
    p.hashes = new Map();
    for (const f of store.files()) {
      const b = this.host.buffer(f.path);
      if (b) p.versions.set(f.path, b.version);
      const h = hash(f.text);
      p.hashes.set(f.path, h);
      p.hashes.set(realOrSelf(f.path), h);
    }
    this.keepModel(p, model);
    return model;
  }

  private entry(model: ProjectModel, d: Diagnostic): Entry {
    const file = model.files.get(d.path);
    const host = d.path.includes("#") ? hostOf(model, d.span) : null;
    const related = this.host.relatedInformation ? chainInformation(model, d, (abs) => this.uriOf(abs)) : null;
    return {
      d,
      lsp: toLspDiagnostic(d, related, host?.range),
      path: host ? host.file.path : d.path,
      kind: (host ? host.file.kind : file?.kind) ?? "other",
      hosted: host !== null,
      fix: d.fix && d.fix.edits.length ? toLspEdits(model, d.fix.edits) : null,
    };
  }

  private keepModel(p: Project, model: ProjectModel): void {
    this.models.delete(p);
    this.models.set(p, model);
    while (this.models.size > Math.max(1, this.settings.maxModels)) this.models.delete(this.models.keys().next().value!);
  }

  /** The model of a project's last lint (linted again when it was dropped to bound memory). */
  async modelOf(p: Project): Promise<ProjectModel | null> {
    const m = this.models.get(p);
    if (m) {
      this.keepModel(p, m);
      return m;
    }
    const paths = new Set(p.byPath.keys());
    const model = await this.lintProject(p);
    for (const k of p.byPath.keys()) paths.add(k);
    this.republish(paths);
    return model;
  }

  uriOf(abs: string): string {
    return this.host.buffer(abs)?.uri ?? pathToUri(abs);
  }

  /** Publishes the findings of the given files from every project (and configuration problems), when they changed. */
  private republish(paths: Set<string>): void {
    for (const file of paths) {
      const seen = new Set<string>();
      const list: LspDiagnostic[] = [];
      let version: number | undefined;
      for (const root of this.roots) {
        if (root.configFile === file) list.push(...root.configProblems);
        for (const p of root.projects ?? []) {
          const entries = p.byPath.get(file);
          if (!entries) continue;
          version ??= p.versions.get(file);
          for (const e of entries) {
            const k = `${e.d.rule}\0${JSON.stringify(e.lsp.range)}\0${e.d.message}`;
            if (seen.has(k)) continue;
            seen.add(k);
            list.push(e.lsp);
          }
        }
      }
      list.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
      const uri = this.uriOf(file);
      const key = JSON.stringify(list);
      if ((this.published.get(uri) ?? "[]") === key) continue;
      if (list.length) this.published.set(uri, key);
      else this.published.delete(uri);
      this.host.publish(uri, version, list);
    }
  }

  /** The findings shown in a file, from every project that has some there. */
  entriesOf(file: string): { project: Project; entry: Entry }[] {
    const out: { project: Project; entry: Entry }[] = [];
    for (const r of this.roots) for (const p of r.projects ?? []) for (const e of p.byPath.get(file) ?? []) out.push({ project: p, entry: e });
    return out;
  }

  /** Forgets what is kept for a buffer that was closed. */
  closed(file: string): void {
    this.lastGood.delete(file);
  }
}

/** Old-generation bytes in use after the last full collection (the live set), and the growth that triggers the next. */
let liveOld = 0;
const GROWTH_BYTES = 8 * 1024 * 1024;

function oldGeneration(): number {
  let n = 0;
  for (const s of v8.getHeapSpaceStatistics()) if (s.space_name === "old_space" || s.space_name === "large_object_space" || s.space_name === "code_space") n += s.space_used_size;
  return n;
}

/**
 * Collects when what survived into the old generation grew well past the live set since the last full
 * collection. A server that lints on every edit promotes garbage steadily, and V8 lets the old generation
 * grow by tens of megabytes before it collects on its own: collecting at the end of a lint keeps the
 * process's memory flat over long sessions (the launcher exposes the collector; without it V8 collects on
 * its own). The young generation is left to V8's scavenges, which are cheap.
 */
function collectGarbage(): void {
  const gc = (globalThis as { __composeLintGc?: () => void }).__composeLintGc;
  if (typeof gc !== "function") return;
  if (oldGeneration() < liveOld + GROWTH_BYTES) return;
  gc();
  liveOld = oldGeneration();
}

function unitFiles(u: ModelInputs): string[] {
  return [...u.composeFiles, ...u.dockerfiles, ...u.runCallers, ...(u.extras ?? []), ...(u.buildFiles ?? [])];
}

function listed(u: ModelInputs, file: string): boolean {
  return unitFiles(u).includes(file);
}

function readText(file: string): string | null {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return null;
  }
}

/** A root for a file opened outside every workspace folder: the nearest directory above it that holds a compose file, a configuration or a repository. */
function guessRoot(file: string): string {
  const start = path.dirname(file);
  let d = start;
  for (let i = 0; i < 8; i++) {
    try {
      const names = fs.readdirSync(d);
      if (names.some((n) => n === ".git" || (CONFIG_NAMES as readonly string[]).includes(n) || classify(n) === "compose")) return d;
    } catch {
      // unreadable: keep going up
    }
    const parent = path.dirname(d);
    if (parent === d) break;
    d = parent;
  }
  return start;
}
