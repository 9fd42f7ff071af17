// `.gitlab-ci.yml`: jobs whose scripts run `docker build` or kaniko, with the variables of the file and the job.
import path from "node:path";
import { isMap, isScalar, isSeq, type Node, type YAMLMap } from "yaml";
import type { FileStore } from "../../files.js";
import { resolveNode, scalarString } from "../../parse/compose.js";
import type { SourceFile } from "../../types.js";
import { dedupe, get, scalarLocator, U, type RawBuild } from "./common.js";
import { runWrites, shellBuilds, shellExpand } from "./shell.js";

const GITLAB_RESERVED = new Set(["stages", "variables", "include", "default", "workflow", "image", "services", "before_script", "after_script", "cache", "pages"]);

export async function gitlabBuilds(file: SourceFile, files: FileStore): Promise<RawBuild[]> {
  if (!/docker|kaniko|podman|buildah/.test(file.text)) return [];
  const doc = files.yamlDocument(file);
  if (doc.errors.length) return [];
  const root = doc.contents;
  if (!isMap(root)) return [];
  const repoRoot = path.dirname(file.path);
  const vars = (m: YAMLMap | null): Map<string, string[]> => {
    const out = new Map<string, string[]>();
    const v = get(doc, m, "variables");
    if (!isMap(v)) return out;
    for (const p of v.items) {
      const k = scalarString(p.key as Node);
      let val = resolveNode(doc, p.value as Node);
      if (isMap(val)) val = get(doc, val, "value");
      if (k && isScalar(val) && val.value !== null && typeof val.value !== "object") out.set(k, [String(val.value)]);
    }
    return out;
  };
  const globalVars = new Map([["CI_PROJECT_DIR", [repoRoot]], ["CI_BUILDS_DIR", [U]], ...vars(root)]);
  const out: RawBuild[] = [];
  for (const j of root.items) {
    const name = scalarString(j.key as Node);
    const jm = resolveNode(doc, j.value as Node);
    if (!name || GITLAB_RESERVED.has(name) || !isMap(jm)) continue;
    const jobVars = new Map(globalVars);
    for (const [k, v] of vars(jm)) jobVars.set(k, v.map((x) => shellExpand(x, jobVars)[0] ?? U));
    for (const key of ["before_script", "script"]) {
      const s = get(doc, jm, key);
      const items = isSeq(s) ? s.items.map((x) => resolveNode(doc, x as Node)) : s ? [s] : [];
      for (const item of items) {
        if (!isScalar(item) || typeof item.value !== "string" || !item.range) continue;
        out.push(...(await shellBuilds(file, item.value, scalarLocator(file, item), jobVars, repoRoot, {})));
        // the job's script is one shell: what an item sets, the next ones see
        for (const [k, v] of runWrites(item.value, jobVars).locals) jobVars.set(k, v);
      }
    }
  }
  return dedupe(out);
}
