// Docker bake files (`docker-bake.hcl`, `docker-bake.json`): each target with tags builds those images from its
// context and Dockerfile (`inherits` followed, variables' defaults applied).
import path from "node:path";
import { splitInterpolation, type BakeFile, type BakeTarget, type HclValue } from "../../parse/hcl.js";
import type { SourceFile } from "../../types.js";
import { listItems, MAX_DEPTH, U, type IndexContext, type RawBuild } from "./common.js";

export function bakeBuilds(file: SourceFile, bake: BakeFile, ctx: IndexContext): RawBuild[] {
  const out: RawBuild[] = [];
  const resolve = (v: HclValue | undefined): string | null => {
    if (!v) return null;
    if (v.kind === "ident") {
      const d = bake.variables.get(v.name);
      return d === undefined ? null : (d ?? U);
    }
    if (v.kind !== "string") return null;
    return v.parts.map((p) => (typeof p === "string" ? p : /^[A-Za-z_][\w-]*$/.test(p.expr.trim()) ? (bake.variables.get(p.expr.trim()) ?? U) : U)).join("");
  };
  const attr = (t: BakeTarget, key: string, depth = 0): { value: HclValue; line: number } | undefined => {
    const own = t.attrs.get(key);
    if (own || depth > MAX_DEPTH) return own;
    const inh = t.attrs.get("inherits")?.value;
    const parents = inh?.kind === "list" ? inh.items.map(resolve).filter((x): x is string => !!x) : [];
    // later parents win over earlier ones
    for (const p of [...parents].reverse()) {
      const pt = bake.targets.get(p);
      const hit = pt ? attr(pt, key, depth + 1) : undefined;
      if (hit) return hit;
    }
    return undefined;
  };
  const fileDir = path.dirname(file.path);
  for (const t of bake.targets.values()) {
    const tags = attr(t, "tags");
    if (!tags) continue;
    const list = tags.value.kind === "list" ? tags.value.items : [tags.value];
    const refs = list.map(resolve).filter((x): x is string => x !== null).flatMap((s) => listItems(s));
    if (!refs.length) continue;
    const context = resolve(attr(t, "context")?.value) ?? ".";
    const dockerfile = resolve(attr(t, "dockerfile")?.value) ?? "Dockerfile";
    const target = resolve(attr(t, "target")?.value);
    if (context.includes(U) || dockerfile.includes(U) || /^[a-z]+:\/\/|^git@|^target:/i.test(context)) continue;
    // bake resolves paths from where it runs: the bake file's directory, or a directory above it
    // (`docker buildx bake -f docker/docker-bake.hcl` from the repository root)
    const bases: string[] = [];
    for (let d = fileDir, i = 0; i < 4 && ctx.files.contains(d); d = path.dirname(d), i++) {
      bases.push(d);
      if (path.dirname(d) === d) break;
    }
    out.push({
      refs,
      paths: bases.map((b) => ({ dockerfile: path.resolve(b, context, dockerfile), context: path.resolve(b, context) })),
      target: target && !target.includes(U) ? target : null,
      by: { file: file.path, line: tags.line },
      via: `bake target "${t.name}"`,
    });
  }
  return out;
}

export function bakeJson(textIn: string): BakeFile {
  const out: BakeFile = { variables: new Map(), targets: new Map() };
  let data: unknown;
  try {
    data = JSON.parse(textIn);
  } catch {
    return out;
  }
  if (!data || typeof data !== "object") return out;
  const d = data as { variable?: Record<string, { default?: unknown }>; target?: Record<string, Record<string, unknown>> };
  for (const [k, v] of Object.entries(d.variable ?? {})) out.variables.set(k, typeof v?.default === "string" ? v.default : null);
  const targetsAt = textIn.indexOf('"target"');
  const lineOf = (needle: string): number => {
    const i = textIn.indexOf(needle, Math.max(0, targetsAt));
    return i === -1 ? 1 : textIn.slice(0, i).split("\n").length;
  };
  const value = (v: unknown): HclValue => {
    if (typeof v === "string") return { kind: "string", parts: splitInterpolation(v) };
    if (Array.isArray(v)) return { kind: "list", items: v.map(value) };
    return { kind: "other" };
  };
  for (const [name, t] of Object.entries(d.target ?? {})) {
    if (!t || typeof t !== "object") continue;
    const line = lineOf(`"${name}"`);
    const attrs = new Map<string, { value: HclValue; line: number }>();
    for (const [k, v] of Object.entries(t)) attrs.set(k, { value: value(v), line: k === "tags" ? lineOf(`"tags"`) : line });
    // the tags line of this target: the first "tags" after its name
    const ti = textIn.indexOf('"tags"', textIn.indexOf(`"${name}"`, Math.max(0, targetsAt)));
    if (attrs.has("tags") && ti !== -1) attrs.set("tags", { value: attrs.get("tags")!.value, line: textIn.slice(0, ti).split("\n").length });
    out.targets.set(name, { name, attrs, line });
  }
  return out;
}
