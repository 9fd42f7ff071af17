// Files a compose service bind-mounts into its container: a script mounted over (or into) the image is
// the one that runs. `volumes:` short syntax `./host:/in/container[:ro]` and long syntax
// `{ type: bind, source, target }`; a source that is not a path is a named volume (content unknown).
// https://docs.docker.com/reference/compose-file/services/#volumes
import path from "node:path";
import { isMap, isScalar, type Node } from "yaml";
import { interpolate } from "../compose/interpolate.js";
import { seqItems, type ServiceView } from "../compose/view.js";
import { getPair, resolveNode, scalarString } from "../parse/compose.js";

export interface BindMount {
  /** absolute path in the container */
  target: string;
  /** absolute path on the host */
  source: string;
}

function isHostPath(s: string): boolean {
  return s.startsWith(".") || s.startsWith("/") || s.startsWith("~");
}

/** The bind mounts of a service whose host path lies in the repository (relative to the compose file's project directory). */
export function bindMounts(view: ServiceView): BindMount[] {
  const hit = view.get("volumes");
  if (!hit) return [];
  const { file, env, baseDir } = hit.layer.ctx;
  const out: BindMount[] = [];
  const text = (n: Node | null | undefined): string | null => {
    const s = n && isScalar(n) ? scalarString(n) : null;
    return s === null ? null : s.includes("$") ? interpolate(s, env).value : s;
  };
  for (const item of seqItems(file, hit.node)) {
    let source: string | null = null;
    let target: string | null = null;
    if (isScalar(item)) {
      const parts = (text(item) ?? "").split(":");
      if (parts.length < 2) continue;
      [source, target] = [parts[0]!, parts[1]!];
    } else if (isMap(item)) {
      const get = (k: string): string | null => text(resolveNode(file.doc, getPair(file.doc, item, k)?.pair.value as Node));
      if ((get("type") ?? "volume") !== "bind") continue;
      [source, target] = [get("source"), get("target")];
    }
    if (!source || !target || !isHostPath(source) || source.startsWith("~") || !target.startsWith("/")) continue;
    out.push({ source: path.resolve(baseDir, source), target: path.posix.normalize(target).replace(/\/+$/, "") || "/" });
  }
  return out;
}

/**
 * The service's `environment:` (mapping or `KEY=value` list), interpolated: the variables its entrypoint
 * scripts see, over the image's ENV. A key without a value takes the host's and is left out.
 */
export function serviceEnvironment(view: ServiceView): Map<string, string> {
  const out = new Map<string, string>();
  const hit = view.get("environment");
  if (!hit) return out;
  const { file, env } = hit.layer.ctx;
  const value = (n: Node | null | undefined): string | null => {
    if (!n || !isScalar(n)) return null;
    const s = n.value === null ? null : String(n.value);
    return s === null ? null : s.includes("$") ? interpolate(s, env).value : s;
  };
  if (isMap(hit.node)) {
    for (const p of hit.node.items) {
      const k = scalarString(p.key as Node);
      const v = value(resolveNode(file.doc, p.value as Node));
      if (k && v !== null) out.set(k, v);
    }
  } else {
    for (const item of seqItems(file, hit.node)) {
      const t = value(item);
      const eq = t?.indexOf("=") ?? -1;
      if (t && eq > 0) out.set(t.slice(0, eq), t.slice(eq + 1));
    }
  }
  return out;
}

/** The host path that an in-container path comes from through a bind mount (the deepest mount wins), or null. */
export function throughMount(mounts: readonly BindMount[], inContainer: string): string | null {
  let best: BindMount | null = null;
  for (const m of mounts) {
    if (inContainer === m.target || inContainer.startsWith(m.target === "/" ? "/" : `${m.target}/`)) {
      if (!best || m.target.length > best.target.length) best = m;
    }
  }
  if (!best) return null;
  const rest = inContainer.slice(best.target.length).replace(/^\/+/, "");
  return rest ? path.join(best.source, ...rest.split("/")) : best.source;
}
