// GoReleaser configuration (`.goreleaser.yml`): the images its `dockers` (image_templates) and `dockers_v2`
// (images × tags) entries build, each from a Dockerfile of the repository (https://goreleaser.com/customization/docker/,
// https://goreleaser.com/customization/dockers_v2/). Templates are read with the file's `env` and `project_name`
// (else the repository's name, as its own files say it); a version, tag or any other template is unknown.
import path from "node:path";
import { isMap, isScalar, isSeq, type Document, type Node, type YAMLMap } from "yaml";
import { resolveNode, scalarString } from "../../parse/compose.js";
import type { SourceFile } from "../../types.js";
import { cartesian, dedupe, get, manifestIdentity, nodeLine, text, U, type IndexContext, type RawBuild } from "./common.js";

export function isGoreleaserName(name: string): boolean {
  return /^\.?goreleaser(-[\w.-]+)?\.ya?ml$/.test(name);
}

export function goreleaserBuilds(file: SourceFile, ctx: IndexContext): RawBuild[] {
  if (!/^\s*dockers(_v2)?\s*:/m.test(file.text)) return [];
  const doc = ctx.files.yamlDocument(file);
  if (doc.errors.length || !isMap(doc.contents)) return [];
  const top = doc.contents;
  const root = path.dirname(file.path);
  const vars = templateVars(doc, top, root, ctx);
  const out: RawBuild[] = [];
  for (const key of ["dockers", "dockers_v2"] as const) {
    const list = get(doc, top, key);
    if (!isSeq(list)) continue;
    for (const item of list.items) {
      const entry = resolveNode(doc, item as Node);
      if (!isMap(entry)) continue;
      const refs = key === "dockers" ? strings(doc, entry, "image_templates") : v2Refs(doc, entry);
      const expanded = refs.map((r) => expand(r, vars)).filter((r) => !r.startsWith(U));
      if (!expanded.length) continue;
      const dockerfile = expand(text(doc, entry, "dockerfile") ?? "Dockerfile", vars);
      if (dockerfile.includes(U)) continue;
      out.push({
        refs: expanded,
        // GoReleaser builds in a folder of its own with the built binaries and the entry's extra_files, copied from the repository
        paths: [{ dockerfile: path.resolve(root, dockerfile), context: root }],
        target: null,
        by: { file: file.path, line: nodeLine(file, item as Node) },
        via: `GoReleaser \`${key}\``,
        root,
        sourceText: file.text,
      });
    }
  }
  return dedupe(out);
}

/** `dockers_v2`: every image with every tag. */
function v2Refs(doc: Document, entry: YAMLMap): string[] {
  const images = strings(doc, entry, "images");
  const tags = strings(doc, entry, "tags");
  return cartesian([images, [":"], tags.length ? tags : ["latest"]]);
}

function strings(doc: Document, map: YAMLMap, key: string): string[] {
  const v = get(doc, map, key);
  const items = isSeq(v) ? v.items.map((x) => resolveNode(doc, x as Node)) : [v];
  return items.filter((x): x is Node => isScalar(x) && typeof x.value === "string").map((x) => String((x as { value: string }).value));
}

/** `{{ .Env.NAME }}` from the top-level `env` list, `{{ .ProjectName }}`; null for an unknown value. */
function templateVars(doc: Document, top: YAMLMap, root: string, ctx: IndexContext): Map<string, string> {
  const vars = new Map<string, string>();
  const env = get(doc, top, "env");
  if (isSeq(env)) {
    for (const x of env.items) {
      const s = scalarString(resolveNode(doc, x as Node) as Node);
      const m = s ? /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(s) : null;
      if (m && !m[2]!.includes("{{")) vars.set(`.Env.${m[1]}`, m[2]!);
    }
  }
  const project = text(doc, top, "project_name") ?? manifestIdentity(root, ctx)?.repository.split("/")[1] ?? null;
  if (project && !project.includes("{{")) vars.set(".ProjectName", project);
  return vars;
}

/** Replaces `{{ .X }}` templates with known values; anything else a template computes is unknown. */
function expand(s: string, vars: Map<string, string>): string {
  return s.replace(/\{\{-?\s*([^}]*?)\s*-?\}\}/g, (_m, expr: string) => vars.get(expr.trim()) ?? U);
}
