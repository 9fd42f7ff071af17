// Compose files beyond the names Docker Compose loads by default: the names people give the other compose
// files of a project (`docker-compose.prod.yml`, `docker-compose-caddy.yml`, `app.compose.yaml`), and any
// YAML file whose content is a compose file (top-level `services:` with at least one service that has an
// `image` or a `build`). Which of them are overrides of another file rather than projects of their own.
import fs from "node:fs";
import path from "node:path";
import { isMap, isScalar, type Document, type Node } from "yaml";
import { getPair, resolveNode, scalarString } from "./parse/compose.js";
import { parseYamlDocument } from "./parse/yaml-fast.js";

/** Bytes read from a YAML file to tell whether it is a compose file (real compose files are a few KiB). */
export const DETECT_READ_BYTES = 64 * 1024;

/** The top-level keys of the compose specification (https://github.com/compose-spec/compose-spec/blob/main/spec.md); `x-*` are extensions. */
const COMPOSE_TOP_LEVEL = new Set(["version", "name", "services", "networks", "volumes", "configs", "secrets", "include", "models"]);

/** `docker-compose.<x>.yml`, `docker-compose-<x>.yml`, `compose.<x>.yaml`, `<x>.compose.yaml` (either extension). */
export function isComposeFileName(name: string): boolean {
  return /^(docker-)?compose\.[\w.-]+\.ya?ml$/.test(name) || /^docker-compose-[\w.-]+\.ya?ml$/.test(name) || /^[\w.-]+\.compose\.ya?ml$/.test(name);
}

export function isYamlName(name: string): boolean {
  return /\.ya?ml$/i.test(name);
}

/**
 * The file an override file overrides, by name: `X.override.yml` overrides `X.yml` (or `X.yaml`) of the same
 * directory, when one of them is in `siblings`. Null when the name is not an override's or no base is there.
 */
export function overrideBase(file: string, siblings: readonly string[]): string | null {
  const m = /^(.+)\.override\.(ya?ml)$/.exec(path.basename(file));
  if (!m) return null;
  const dir = path.dirname(file);
  for (const ext of [m[2]!, m[2] === "yml" ? "yaml" : "yml"]) {
    const base = path.join(dir, `${m[1]}.${ext}`);
    if (base !== file && siblings.includes(base)) return base;
  }
  return null;
}

/**
 * Whether a YAML text is a compose file: a mapping whose keys are all compose top-level keys (or `x-*`),
 * with a `services` mapping in which at least one service has an `image` (a string) or a `build`.
 * A GitHub workflow (`on`, `jobs`), a Kubernetes manifest (`apiVersion`, `kind`), a CI file whose
 * `services` is a list, or Helm values (`image` as a mapping) are not.
 */
export function isComposeText(text: string): boolean {
  // a quick line test first: a top-level `services:` key
  if (!/^services[ \t]*:/m.test(text)) return false;
  let doc: Document;
  try {
    doc = parseYamlDocument(text, { merge: true, uniqueKeys: false, prettyErrors: false, keepSourceTokens: false });
  } catch {
    return false;
  }
  const top = doc.contents;
  if (!isMap(top)) return false;
  for (const item of top.items) {
    const k = scalarString(item.key as Node);
    if (k === null || k === "<<") continue;
    if (!COMPOSE_TOP_LEVEL.has(k) && !k.startsWith("x-")) return false;
  }
  const services = resolveNode(doc, getPair(doc, top, "services")?.pair.value as Node);
  if (!isMap(services)) return false;
  for (const item of services.items) {
    const svc = resolveNode(doc, item.value as Node);
    if (!isMap(svc)) continue;
    const image = resolveNode(doc, getPair(doc, svc, "image")?.pair.value as Node);
    if (isScalar(image) && typeof image.value === "string" && image.value.trim() !== "") return true;
    const build = resolveNode(doc, getPair(doc, svc, "build")?.pair.value as Node);
    if ((isScalar(build) && typeof build.value === "string") || isMap(build)) return true;
  }
  return false;
}

/** Reads at most DETECT_READ_BYTES of a file (a file cut there is judged on what was read). Null when it cannot be read. */
export function readHead(abs: string, bytes = DETECT_READ_BYTES): string | null {
  let fd: number;
  try {
    fd = fs.openSync(abs, "r");
  } catch {
    return null;
  }
  try {
    if (!fs.fstatSync(fd).isFile()) return null;
    const buf = Buffer.alloc(bytes);
    const n = fs.readSync(fd, buf, 0, bytes, 0);
    const head = buf.subarray(0, n);
    if (head.includes(0)) return null; // binary
    let text = head.toString("utf8").replace(/^\uFEFF/, "");
    if (n === bytes) {
      // cut at the last complete line: the YAML parser then sees whole lines
      const nl = text.lastIndexOf("\n");
      if (nl > 0) text = text.slice(0, nl + 1);
    }
    return text;
  } catch {
    return null;
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Whether a YAML file found by a directory search is a compose file by its content (bounded read). A file
 * whose real path (given when the search knows it) is outside the searched paths, reached through a
 * symbolic link, is not read.
 */
export function composeDetector(cwd: string, paths: string[]): (abs: string, realPath?: string) => boolean {
  const real = (p: string): string | null => {
    try {
      return fs.realpathSync.native(p);
    } catch {
      return null;
    }
  };
  const roots = paths.map((p) => real(path.resolve(cwd, p))).filter((r): r is string => r !== null);
  const inside = (p: string): boolean => roots.some((r) => p === r || p.startsWith(r.endsWith(path.sep) ? r : r + path.sep));
  return (abs, realPath) => {
    if (!isYamlName(abs)) return false;
    const r = realPath ?? real(abs);
    return r !== null && inside(r) && isComposeFileByContent(r);
  };
}

/** A YAML file that is a compose file by its content (bounded read). */
export function isComposeFileByContent(abs: string): boolean {
  if (!isYamlName(abs)) return false;
  const head = readHead(abs);
  return head !== null && isComposeText(head);
}

/** COMPOSE_FILE of a directory's `.env` text, split as Compose does (COMPOSE_PATH_SEPARATOR, default `:`). */
export function composeFileFromDotEnv(text: string): string[] | null {
  let value: string | null = null;
  let sep: string | null = null;
  for (const line of text.replace(/^\uFEFF/, "").split(/\r?\n/)) {
    const m = /^\s*(?:export\s+)?(COMPOSE_FILE|COMPOSE_PATH_SEPARATOR)\s*=\s*(.*?)\s*$/.exec(line);
    if (!m) continue;
    let v = m[2]!;
    if (/^(["']).*\1$/.test(v)) v = v.slice(1, -1);
    else v = v.replace(/\s+#.*$/, "");
    if (m[1] === "COMPOSE_FILE") value = v;
    else sep = v;
  }
  if (!value || value.includes("$")) return null;
  const parts = value.split(sep || (process.platform === "win32" ? ";" : ":")).map((s) => s.trim()).filter(Boolean);
  return parts.length ? parts : null;
}
