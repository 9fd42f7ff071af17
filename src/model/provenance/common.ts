// What the readers of image provenance share: the markers of unknown parts, the builds they find before the
// Dockerfile is checked, and small helpers over YAML documents and lines.
import fs from "node:fs";
import path from "node:path";
import type { Document, Node, YAMLMap } from "yaml";
import { isScalar } from "yaml";
import type { FileStore } from "../../files.js";
import { getPair, resolveNode } from "../../parse/compose.js";
import { lineIndexOf } from "../../source.js";
import type { FileKind, SourceFile } from "../../types.js";

/** A part of a name that only a variable, a secret or a computed value knows. */
export const U = "\u0000";
/** `${{ github.repository }}` and `${{ github.repository_owner }}`, read from the repository's files when they say it. */
export const REPO = "\u0001";
export const OWNER = "\u0002";
/** The same three in shell text (words a shell parser keeps literal). */
export const SHELL_TOKENS: [string, string][] = [
  [U, "zz0unknown0zz"],
  [REPO, "zz0repository0zz"],
  [OWNER, "zz0owner0zz"],
];
export const MAX_ALTERNATIVES = 16;
export const MAX_MATRIX = 32;
export const MAX_DEPTH = 8;

export interface RawBuild {
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

export interface IndexContext {
  files: FileStore;
  /** repository root → `github.repository` (or owner) written in a workflow condition */
  guards: Map<string, { repository: string | null; owner: string | null; file: string }>;
}

/** Files are limited like the parsed kinds: bake files are small. */
export const MAX_SOURCE_BYTES = 2 * 1024 * 1024;

export function read(files: FileStore, abs: string, kind: FileKind): SourceFile | null {
  const r = files.read(abs, kind);
  return r.ok && r.file.text.length <= MAX_SOURCE_BYTES ? r.file : null;
}

export function lineAt(file: SourceFile, offset: number): number {
  return lineIndexOf(file, Math.max(0, Math.min(offset, file.text.length))) + 1;
}

export function nodeLine(file: SourceFile, node: Node | null | undefined): number {
  return node?.range ? lineAt(file, node.range[0]) : 1;
}

/** Splits a list input (one per line or comma separated). */
export function listItems(s: string): string[] {
  return s.split(/[\n,]/).map((x) => x.trim()).filter((x) => x && !x.startsWith("#"));
}

export function cartesian(parts: string[][]): string[] {
  let out = [""];
  for (const alts of parts) {
    const next: string[] = [];
    for (const o of out) for (const a of alts) if (next.length < MAX_ALTERNATIVES) next.push(o + a);
    out = next;
  }
  return out;
}

export function unquote(s: string): string {
  const t = s.trim();
  if (/^"(.*)"$/s.test(t) || /^'(.*)'$/s.test(t)) return t.slice(1, -1);
  return t;
}

export function get(doc: Document, map: YAMLMap | null, key: string): Node | null {
  return map ? resolveNode(doc, getPair(doc, map, key)?.pair.value as Node) : null;
}

export function text(doc: Document, map: YAMLMap | null, key: string): string | null {
  const n = get(doc, map, key);
  if (!isScalar(n) || n.value === null || typeof n.value === "object") return null;
  return String(n.value);
}

/**
 * Where a line of a YAML scalar's value (a `run:` block, a CI script item) is in the file: its first words
 * searched from where the scalar starts (the value has lost the block's indentation, and `${{ … }}` may have
 * been expanded), else the scalar's first line.
 */
export function scalarLocator(file: SourceFile, node: Node): (offsetInText: number, lineText: string) => number {
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

export function dedupe(builds: RawBuild[]): RawBuild[] {
  const seen = new Set<string>();
  return builds.filter((b) => {
    const k = `${b.paths.map((p) => p.dockerfile).join("|")}\0${b.target ?? ""}\0${b.by.line}\0${[...b.refs].sort().join(",")}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/**
 * The repository's GitHub name as its own files say it: the `origin` remote of `.git/config`, the Go module path
 * in go.mod, the `repository` of package.json, Cargo.toml or pyproject.toml (`[project.urls]`). Read in that order.
 */
const MANIFESTS: { name: string; re: RegExp }[] = [
  { name: ".git/config", re: /\[remote "origin"\][^[]*?url\s*=\s*(?:https?:\/\/|git@|ssh:\/\/git@)github\.com[/:]([\w.-]+\/[\w.-]+?)(?:\.git)?\s*$/m },
  { name: "go.mod", re: /^module\s+github\.com\/([\w.-]+\/[\w.-]+)(?:\/[\w./-]*)?\s*$/m },
  { name: "package.json", re: /"repository"\s*:\s*(?:\{[^}]*?"url"\s*:\s*)?"(?:git\+)?(?:(?:https?|git|ssh):\/\/(?:git@)?github\.com\/|github:|git@github\.com:)?([\w.-]+\/[\w.-]+?)(?:\.git)?"/ },
  { name: "Cargo.toml", re: /^repository\s*=\s*"https?:\/\/github\.com\/([\w.-]+\/[\w.-]+?)(?:\.git)?\/?"/m },
  { name: "pyproject.toml", re: /^(?:Repository|Source|Homepage|repository|source|homepage)\s*=\s*"https?:\/\/github\.com\/([\w.-]+\/[\w.-]+?)(?:\.git)?\/?"/m },
];

export function manifestIdentity(root: string, ctx: IndexContext): { repository: string; file: string } | null {
  for (const m of MANIFESTS) {
    const file = path.join(root, m.name);
    if (!ctx.files.contains(file) || !fs.existsSync(file)) continue;
    const f = read(ctx.files, file, "other");
    const hit = f ? m.re.exec(f.text) : null;
    if (hit) return { repository: hit[1]!, file };
  }
  return null;
}
