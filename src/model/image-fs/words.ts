// Words, paths and patterns: shell words with the Dockerfile's ENV/ARG values put in, getopt-like options,
// in-image paths, globs and `.dockerignore` patterns.
import path from "node:path";
import { joinContinuations, joinPosix } from "../../parse/dockerfile.js";
import type { Word } from "../../parse/shell.js";
import type { Opts } from "./types.js";

// words and variables

/** A shell word as a string, with the Dockerfile's ENV/ARG values put in; null when it is not known here. */
export function wordValue(w: Word, vars: Map<string, string>): string | null {
  switch (w.kind) {
    case "lit":
      return w.text;
    case "dynamic":
      return expandShellRaw(w.raw, vars);
    default:
      return null;
  }
}

/** Expands `$X`, `${X}`, `${X:-d}` in a shell word (quotes removed); null for command substitutions or unknown variables. */
export function expandShellRaw(raw: string, vars: Map<string, string>): string | null {
  if (/`|\$\(/.test(raw)) return null;
  let out = "";
  let i = 0;
  let quote: '"' | "'" | null = null;
  while (i < raw.length) {
    const ch = raw[i]!;
    if (quote === "'") {
      if (ch === "'") quote = null;
      else out += ch;
      i++;
      continue;
    }
    if (ch === "'" && quote === null) {
      quote = "'";
      i++;
      continue;
    }
    if (ch === '"') {
      quote = quote === '"' ? null : '"';
      i++;
      continue;
    }
    if (ch === "\\" && i + 1 < raw.length) {
      out += raw[i + 1];
      i += 2;
      continue;
    }
    if (ch === "$") {
      const m = /^\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-=+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/.exec(raw.slice(i));
      if (!m) return null;
      const name = (m[1] ?? m[4])!;
      const val = vars.get(name);
      const op = m[2];
      if (op === ":-" || op === "-" || op === ":=" || op === "=") out += val !== undefined && (val !== "" || !op.startsWith(":")) ? val : m[3]!;
      else if (op === ":+" || op === "+") out += val !== undefined && (val !== "" || !op.startsWith(":")) ? m[3]! : "";
      else if (val === undefined) return null;
      else out += val;
      i += m[0].length;
      continue;
    }
    out += ch;
    i++;
  }
  return out;
}

/** Dockerfile variable expansion (COPY, WORKDIR): null when a variable is not known. */
export function expandVars(text: string, vars: Map<string, string>): string | null {
  if (!text.includes("$")) return text;
  return expandShellRaw(text, vars);
}


export function absPath(p: string, cwd: string | null, vars: Map<string, string>): string | null {
  let q = p;
  if (q === "~" || q.startsWith("~/")) q = (vars.get("HOME") ?? "/root") + q.slice(1);
  if (q.startsWith("/")) return joinPosix("/", q);
  if (cwd === null) return null;
  return joinPosix(cwd, q);
}


/** An instruction's text with continuation lines joined (as Docker joins them). */
export function joined(text: string, escape: string): string {
  return text.includes("\n") ? joinContinuations(text, escape) : text;
}

export function shortText(text: string): string {
  const t = text.replace(/\\\r?\n/g, " ").replace(/\s+/g, " ").trim();
  return t.length > 72 ? t.slice(0, 69) + "…" : t;
}


export function urlBasename(url: string): string {
  const u = url.replace(/[?#].*$/, "").replace(/\/+$/, "");
  const name = u.slice(u.lastIndexOf("/") + 1);
  try {
    return decodeURIComponent(name) || "index.html";
  } catch {
    return name || "index.html";
  }
}

export const URL_RE = /^(https?|ftp):\/\//i;


/** getopt-like: short flags in clusters (`-fsSLo file`), `--long=value`, `--long value` for those listed, `--` ends options. */
export function parseOpts(words: (string | null)[], spec: { short: string; long: string[] }): Opts {
  const flags = new Map<string, string | true>();
  const args: (string | null)[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (w === null || w === undefined) {
      args.push(null);
      continue;
    }
    if (w === "--") {
      args.push(...words.slice(i + 1));
      break;
    }
    if (w.startsWith("--")) {
      const eq = w.indexOf("=");
      if (eq !== -1) flags.set(w.slice(0, eq), w.slice(eq + 1));
      else if (spec.long.includes(w)) flags.set(w, words[++i] ?? "");
      else flags.set(w, true);
      continue;
    }
    if (w.startsWith("-") && w.length > 1) {
      for (let k = 1; k < w.length; k++) {
        const ch = w[k]!;
        if (spec.short.includes(ch)) {
          const rest = w.slice(k + 1);
          flags.set(ch, rest !== "" ? rest : (words[++i] ?? ""));
          break;
        }
        flags.set(ch, true);
      }
      continue;
    }
    args.push(w);
  }
  return { flags, args };
}

/** cp, mv, install, ln: sources → a destination (a directory with -t, a trailing slash or several sources). */
// ---------------------------------------------------------------------------------------------------------
// paths, globs, .dockerignore

/** The path of `p` below directory `dir` ("" when equal), or null when it is not below it. */
export function under(p: string, dir: string): string | null {
  if (dir === "/") return p === "/" ? "" : p.slice(1);
  if (p === dir) return "";
  return p.startsWith(dir + "/") ? p.slice(dir.length + 1) : null;
}

export function isInside(p: string, dir: string): boolean {
  const r = path.relative(dir, p);
  return r === "" || (!r.startsWith("..") && !path.isAbsolute(r));
}

export function globToRegExp(g: string): RegExp {
  let re = "";
  for (let i = 0; i < g.length; i++) {
    const ch = g[i]!;
    if (ch === "*") re += "[^/]*";
    else if (ch === "?") re += "[^/]";
    else if (ch === "[") {
      const close = g.indexOf("]", i + 1);
      if (close === -1) re += "\\[";
      else {
        re += "[" + g.slice(i + 1, close).replace(/^!/, "^").replace(/\\/g, "\\\\") + "]";
        i = close;
      }
    } else if (ch === "\\" && i + 1 < g.length) re += "\\" + g[++i];
    else re += ch.replace(/[.+^${}()|\\/]/g, "\\$&");
  }
  return new RegExp("^" + re + "$");
}

/**
 * A `.dockerignore` as Docker reads it (moby/patternmatcher): one pattern a line, `#` comments, `!` re-includes,
 * `*`/`?`/`[…]` within a path element, `**` across elements; a pattern that matches a directory excludes what is in it;
 * the last matching pattern decides. Returns whether a context-relative path is excluded.
 */
export function dockerignoreMatcher(text: string): (rel: string) => boolean {
  const patterns: { re: RegExp; negate: boolean }[] = [];
  for (let line of text.split(/\r?\n/)) {
    line = line.trim();
    if (line === "" || line.startsWith("#")) continue;
    let negate = false;
    if (line.startsWith("!")) {
      negate = true;
      line = line.slice(1).trim();
    }
    let p = path.posix.normalize(line.replace(/\\/g, "/"));
    p = p.replace(/^\/+/, "").replace(/\/+$/, "");
    if (p === "" || p === ".") p = ".";
    patterns.push({ re: ignorePatternToRegExp(p), negate });
  }
  if (patterns.length === 0) return () => false;
  return (rel: string) => {
    const file = path.posix.normalize(rel).replace(/^\/+/, "");
    const parents = file.split("/");
    let matched = false;
    for (const pat of patterns) {
      let hit = pat.re.test(file);
      for (let i = 1; !hit && i < parents.length; i++) hit = pat.re.test(parents.slice(0, i).join("/"));
      if (hit) matched = !pat.negate;
    }
    return matched;
  };
}

export function ignorePatternToRegExp(p: string): RegExp {
  let re = "";
  for (let i = 0; i < p.length; i++) {
    const ch = p[i]!;
    if (ch === "*") {
      if (p[i + 1] === "*") {
        i++;
        if (p[i + 1] === "/") i++;
        re += i + 1 >= p.length ? ".*" : "(.*/)?";
      } else re += "[^/]*";
    } else if (ch === "?") re += "[^/]";
    else if (ch === "[") {
      const close = p.indexOf("]", i + 1);
      if (close === -1) re += "\\[";
      else {
        re += "[" + p.slice(i + 1, close).replace(/^\^/, "^") + "]";
        i = close;
      }
    } else if (ch === "\\" && i + 1 < p.length) re += "\\" + p[++i];
    else re += ch.replace(/[.+^${}()|/]/g, "\\$&");
  }
  return new RegExp("^" + re + "$");
}

