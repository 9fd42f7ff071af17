// Which files to lint: compose files by the names Docker Compose knows, Dockerfiles, and
// scripts/Makefiles that may call `docker run`. Skips .git and node_modules.
import fs from "node:fs";
import path from "node:path";
import { composeDetector, isComposeFileName } from "./compose-detect.js";
import { isDevcontainerPath, isWorkflowPath } from "./model/extra.js";
import { isImageBuildFileName } from "./model/provenance.js";

export const COMPOSE_NAMES = [
  "compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml",
  "compose.override.yaml", "compose.override.yml", "docker-compose.override.yaml", "docker-compose.override.yml",
];

export interface Discovered {
  composeFiles: string[];
  /** compose files merged as projects, in merge order (set by -f/--file or COMPOSE_FILE) */
  composeProjects?: string[][];
  dockerfiles: string[];
  runCallers: string[];
  /** dev containers and GitHub workflows (`--init` lives there too) */
  extras: string[];
  /** bake files and `.gitlab-ci.yml`: read only to know which images the repository builds */
  buildFiles: string[];
  /** paths named on the command line that do not exist or cannot be read */
  missing: { path: string; message: string }[];
  /**
   * One file reached by several paths (symbolic links): the path listed above → the other paths found.
   * The file is listed once, by the path named on the command line, else the first path found that goes
   * through no link, else the first path found.
   */
  aliases: Record<string, string[]>;
}

const SKIP_DIRS = new Set([".git", "node_modules", ".hg", ".svn"]);
const MAX_DEPTH = 32;
const MAX_FILES = 200_000;

export function isComposeName(name: string): boolean {
  return COMPOSE_NAMES.includes(name) || isComposeFileName(name);
}

export function isDockerfileName(name: string): boolean {
  return name === "Dockerfile" || name === "dockerfile" || name === "Containerfile" || /^(Dockerfile|Containerfile)\.[\w.-]+$/.test(name) || /\.(Dockerfile|dockerfile|Containerfile)$/.test(name);
}

export function isRunCallerName(name: string): boolean {
  return name === "Makefile" || name === "makefile" || name === "GNUmakefile" || /\.(mk|sh|bash)$/.test(name);
}

export type Classified = "compose" | "dockerfile" | "caller" | null;

export function classify(name: string): Classified {
  if (isComposeName(name)) return "compose";
  if (isDockerfileName(name)) return "dockerfile";
  if (isRunCallerName(name)) return "caller";
  return null;
}

/** A file named explicitly is linted whatever its name: YAML is taken as compose, the rest as a Dockerfile unless it looks like a script. */
function classifyExplicit(name: string): Exclude<Classified, null> {
  const c = classify(name);
  if (c) return c;
  if (/\.ya?ml$/i.test(name)) return "compose";
  return "dockerfile";
}

/**
 * `ignore` (from the configuration): files and directories that are not linted, named on the command line or not.
 * `onListed`: told the number of files listed so far, at each new one (a large run starts a worker early, see
 * engine/index.ts).
 */
export function discover(cwd: string, paths: string[], ignore?: (absPath: string, isDir: boolean) => boolean, onListed?: (files: number) => void): Discovered {
  return new Discovery(cwd, paths, ignore, onListed).run();
}

type Ignore = (absPath: string, isDir: boolean) => boolean;

/** One discovery: the paths named first, then a walk of the directories named, then what was reached through links. */
class Discovery {
  readonly out: Discovered = { composeFiles: [], dockerfiles: [], runCallers: [], extras: [], buildFiles: [], missing: [], aliases: {} };
  /** real path → the path the file is listed by */
  private readonly listed = new Map<string, string>();
  private count = 0;
  private readonly visitedDirs = new Set<string>();
  // paths through a link are taken after the walk, so that a file's own path wins over a link to it
  private readonly linkedDirs: [string, number][] = [];
  private readonly linkedFiles: (() => void)[] = [];
  private readonly isComposeByContent: (abs: string, realPath?: string) => boolean;

  constructor(
    private readonly cwd: string,
    private readonly paths: string[],
    private readonly ignore?: Ignore,
    private readonly onListed?: (files: number) => void,
  ) {
    this.isComposeByContent = composeDetector(cwd, paths);
  }

  run(): Discovered {
    const dirs = this.named();
    for (const d of dirs) this.walk(d, 0);
    for (let i = 0; i < this.linkedDirs.length; i++) this.walk(...this.linkedDirs[i]!);
    for (const take of this.linkedFiles) take();
    // compose files first by directory, base before override (the order Compose merges them)
    this.out.composeFiles.sort((a, b) => {
      const da = path.dirname(a);
      const db = path.dirname(b);
      if (da !== db) return da < db ? -1 : 1;
      return composeRank(path.basename(a)) - composeRank(path.basename(b)) || (a < b ? -1 : 1);
    });
    return this.out;
  }

  /** Files named on the command line, listed first (a file is listed by the name the user gave it); the directories named. */
  private named(): string[] {
    const dirs: string[] = [];
    for (const p of this.paths) {
      const abs = path.resolve(this.cwd, p);
      let st: fs.Stats;
      try {
        st = fs.statSync(abs);
      } catch (e) {
        this.out.missing.push({ path: abs, message: (e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file or directory" : String((e as Error).message) });
        continue;
      }
      if (this.ignore?.(abs, st.isDirectory())) continue;
      if (st.isDirectory()) dirs.push(abs);
      else this.add(classifyExplicit(path.basename(abs)), abs);
    }
    return dirs;
  }

  private realOf(abs: string): string {
    try {
      return fs.realpathSync.native(abs);
    } catch {
      return abs; // a dangling link: reported when read
    }
  }

  /** Lists a file once per real path; another path to a listed file becomes an alias. `known`: its real path, when the walk knows it. */
  private claim(abs: string, known?: string): boolean {
    const real = known ?? this.realOf(abs);
    const first = this.listed.get(real);
    if (first === undefined) {
      this.listed.set(real, abs);
      this.onListed?.(this.listed.size);
      return true;
    }
    if (first !== abs) {
      const list = (this.out.aliases[first] ??= []);
      if (!list.includes(abs)) list.push(abs);
    }
    return false;
  }

  private add(kind: Exclude<Classified, null>, abs: string, known?: string): void {
    if (!this.claim(abs, known)) return;
    if (kind === "compose") this.out.composeFiles.push(abs);
    else if (kind === "dockerfile") this.out.dockerfiles.push(abs);
    else this.out.runCallers.push(abs);
  }

  /** `known`: the directory's real path, when the walk knows it (a directory that is no link, in a directory whose real path is known). */
  private walk(dir: string, depth: number, known?: string): void {
    if (depth > MAX_DEPTH || this.count > MAX_FILES) return;
    let real: string;
    try {
      real = known ?? fs.realpathSync(dir);
    } catch {
      return;
    }
    if (this.visitedDirs.has(real)) return; // symlink loops
    this.visitedDirs.add(real);
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      this.out.missing.push({ path: dir, message: (e as NodeJS.ErrnoException).code === "EACCES" ? "permission denied" : String((e as Error).message) });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      this.count++;
      this.entry(dir, real, e, depth);
    }
  }

  /** One entry of a directory (whose real path is `real`): a directory to walk, or a file to list. */
  private entry(dir: string, real: string, e: fs.Dirent, depth: number): void {
    const abs = child(dir, e.name);
    let isDir = e.isDirectory();
    const link = e.isSymbolicLink();
    if (link) {
      try {
        isDir = fs.statSync(abs).isDirectory();
      } catch {
        // a dangling link: a file, reported when read if its name is one discovery lists
      }
    }
    if (isDir) {
      if (SKIP_DIRS.has(e.name) || this.ignore?.(abs, true)) return;
      if (link) this.linkedDirs.push([abs, depth + 1]);
      else this.walk(abs, depth + 1, child(real, e.name));
      return;
    }
    // a file that is no link, in a directory whose real path is known: no system call for its own
    const known = link ? undefined : child(real, e.name);
    const take = (): void => this.file(abs, e.name, known);
    if (link) this.linkedFiles.push(take);
    else take();
  }

  private file(abs: string, name: string, known: string | undefined): void {
    const ignored = (): boolean => !!this.ignore?.(abs, false);
    if (isExtraPath(abs)) {
      if (!ignored() && this.claim(abs, known)) this.out.extras.push(abs);
      return;
    }
    // bake files and GitLab CI say which images are built here; any other YAML file may be a compose file by its content
    if (isImageBuildFileName(name)) {
      if (!ignored() && this.claim(abs, known)) this.out.buildFiles.push(abs);
      return;
    }
    const kind = classify(name) ?? (!ignored() && this.isComposeByContent(abs, known) ? "compose" : null);
    if (kind && !ignored()) this.add(kind, abs, known);
  }
}

/**
 * path.join of a directory the walk reached (absolute and normalised: a root resolved, or a join of them) and
 * the name of one of its entries (never empty, `.`, `..`, nor holding a separator): the same path, without
 * normalising it again (a fifth of the walk's time on a large tree).
 */
function child(dir: string, name: string): string {
  return dir.endsWith(path.sep) ? dir + name : dir + path.sep + name;
}

function composeRank(name: string): number {
  const i = COMPOSE_NAMES.indexOf(name);
  return i === -1 ? COMPOSE_NAMES.length : i;
}

function isExtraPath(abs: string): boolean {
  const posix = path.sep === "/" ? abs : abs.split(path.sep).join("/");
  return isDevcontainerPath(posix) || isWorkflowPath(posix);
}
