// Which files to lint: compose files by the names Docker Compose knows, Dockerfiles, and
// scripts/Makefiles that may call `docker run`. Skips .git and node_modules.
import fs from "node:fs";
import path from "node:path";
import { isDevcontainerPath, isWorkflowPath } from "./model/extra.js";

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
  /** paths named on the command line that do not exist or cannot be read */
  missing: { path: string; message: string }[];
}

const SKIP_DIRS = new Set([".git", "node_modules", ".hg", ".svn"]);
const MAX_DEPTH = 32;
const MAX_FILES = 200_000;

export function isComposeName(name: string): boolean {
  return COMPOSE_NAMES.includes(name) || /^(docker-)?compose\.[\w.-]+\.ya?ml$/.test(name);
}

export function isDockerfileName(name: string): boolean {
  return name === "Dockerfile" || name === "Containerfile" || /^(Dockerfile|Containerfile)\.[\w.-]+$/.test(name) || /\.(Dockerfile|dockerfile|Containerfile)$/.test(name);
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

/** `ignore` (from the configuration): files and directories that are not linted, named on the command line or not. */
export function discover(cwd: string, paths: string[], ignore?: (absPath: string, isDir: boolean) => boolean): Discovered {
  const out: Discovered = { composeFiles: [], dockerfiles: [], runCallers: [], extras: [], missing: [] };
  const seen = new Set<string>();
  let count = 0;
  const add = (kind: Exclude<Classified, null>, abs: string): void => {
    if (seen.has(abs)) return;
    seen.add(abs);
    if (kind === "compose") out.composeFiles.push(abs);
    else if (kind === "dockerfile") out.dockerfiles.push(abs);
    else out.runCallers.push(abs);
  };
  const visitedDirs = new Set<string>();
  const walk = (dir: string, depth: number): void => {
    if (depth > MAX_DEPTH || count > MAX_FILES) return;
    let real: string;
    try {
      real = fs.realpathSync(dir);
    } catch {
      return;
    }
    if (visitedDirs.has(real)) return; // symlink loops
    visitedDirs.add(real);
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      out.missing.push({ path: dir, message: (e as NodeJS.ErrnoException).code === "EACCES" ? "permission denied" : String((e as Error).message) });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      count++;
      const abs = path.join(dir, e.name);
      let isDir = e.isDirectory();
      let isFile = e.isFile();
      if (e.isSymbolicLink()) {
        try {
          const st = fs.statSync(abs);
          isDir = st.isDirectory();
          isFile = st.isFile();
        } catch {
          isFile = classify(e.name) !== null; // a dangling link with a known name is reported when read
        }
      }
      if (isDir) {
        if (SKIP_DIRS.has(e.name) || ignore?.(abs, true)) continue;
        if (isDockerfileName(e.name) || isComposeName(e.name)) {
          // a directory named Dockerfile is not a Dockerfile
        }
        walk(abs, depth + 1);
      } else if (isFile || !isDir) {
        if (isExtraPath(abs)) {
          if (!seen.has(abs) && !ignore?.(abs, false)) {
            seen.add(abs);
            out.extras.push(abs);
          }
          continue;
        }
        const kind = classify(e.name);
        if (kind && !ignore?.(abs, false)) add(kind, abs);
      }
    }
  };
  for (const p of paths) {
    const abs = path.resolve(cwd, p);
    let st: fs.Stats;
    try {
      st = fs.statSync(abs);
    } catch (e) {
      out.missing.push({ path: abs, message: (e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file or directory" : String((e as Error).message) });
      continue;
    }
    if (ignore?.(abs, st.isDirectory())) continue;
    if (st.isDirectory()) walk(abs, 0);
    else add(classifyExplicit(path.basename(abs)), abs);
  }
  // compose files first by directory, base before override (the order Compose merges them)
  out.composeFiles.sort((a, b) => {
    const da = path.dirname(a);
    const db = path.dirname(b);
    if (da !== db) return da < db ? -1 : 1;
    return composeRank(path.basename(a)) - composeRank(path.basename(b)) || (a < b ? -1 : 1);
  });
  return out;
}

function composeRank(name: string): number {
  const i = COMPOSE_NAMES.indexOf(name);
  return i === -1 ? COMPOSE_NAMES.length : i;
}

function isExtraPath(abs: string): boolean {
  const posix = abs.split(path.sep).join("/");
  return isDevcontainerPath(posix) || isWorkflowPath(posix);
}
