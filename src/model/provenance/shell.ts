// Shell text that builds images (`docker|podman build -t`, kaniko's executor) in workflow `run:` steps, CI jobs,
// Makefiles and scripts, with the variables known where it runs.
import path from "node:path";
import { makeSourceFile } from "../../source.js";
import type { SourceFile } from "../../types.js";
import { findDockerBuilds } from "../docker-run.js";
import { cartesian, lineAt, MAX_ALTERNATIVES, SHELL_TOKENS, U, unquote, type RawBuild } from "./common.js";

export const TOKEN_RE = new RegExp(SHELL_TOKENS.map(([, t]) => t).join("|"), "g");

export function toShell(s: string): string {
  let out = s;
  for (const [c, t] of SHELL_TOKENS) out = out.replaceAll(c, t);
  return out;
}

export function fromShell(s: string): string {
  return s.replace(TOKEN_RE, (t) => SHELL_TOKENS.find(([, x]) => x === t)![0]);
}

/**
 * Expands `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR,,}` and `${VAR^^}` with known values (alternatives);
 * anything else a shell computes (`$(…)`, backquotes, other expansions) is unknown.
 */
export function shellExpand(text: string, vars: Map<string, string[]>): string[] {
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

/**
 * Logical lines of a text (continuations joined) that may run a build: `docker|podman … build` with a tag
 * flag, or kaniko's executor with a destination. Offsets are into `text`.
 */
export interface BuildLine {
  offset: number;
  /** the logical line (continuations joined) */
  text: string;
  /** its first physical line */
  first: string;
}

export function buildLines(text: string): BuildLine[] {
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
export function assignLines<T extends { tags: string[] }>(calls: T[], candidates: BuildLine[]): (BuildLine | null)[] {
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
export async function shellBuilds(
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
export function kanikoBuild(line: string, vars: Map<string, string[]>, baseDir: string): Omit<RawBuild, "by" | "via"> | null {
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

export async function scriptBuilds(file: SourceFile): Promise<RawBuild[]> {
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

/** Local assignments and `$GITHUB_ENV` / `$GITHUB_OUTPUT` writes of a `run:` script, in order. */
export function runWrites(script: string, vars: Map<string, string[]>): { env: Map<string, string[]>; outputs: Map<string, string[]>; locals: Map<string, string[]> } {
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
