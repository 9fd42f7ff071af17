// GitHub workflows: `docker/build-push-action` (`context`, `file`, `target`, `tags`, `outputs: name=`), its tags from
// `docker/metadata-action` (`images`, `tags`), Docker's reusable `github-builder` workflow, and `docker build` /
// kaniko in `run:` steps; `${{ env.* }}`, `${{ matrix.* }}` (one job instance at a time), step and job outputs and
// `$GITHUB_ENV` writes are expanded as alternatives.
import path from "node:path";
import { isMap, isScalar, isSeq, type Document, type Node, type YAMLMap } from "yaml";
import { getPair, resolveNode, scalarString } from "../../parse/compose.js";
import type { SourceFile } from "../../types.js";
import { cartesian, dedupe, get, listItems, MAX_DEPTH, MAX_MATRIX, nodeLine, OWNER, REPO, scalarLocator, text, U, unquote, type IndexContext, type RawBuild } from "./common.js";
import { runWrites, shellBuilds } from "./shell.js";

interface JobScope {
  doc: Document;
  jobs: YAMLMap;
  env: Map<string, string[]>;
  /** this job instance's matrix values; null when the matrix is computed */
  matrix: Map<string, string> | null;
  /** outputs of the steps run so far, by step id */
  stepOutputs: Map<string, Map<string, string[]>>;
  /** metadata-action steps by id (their `tags` output) */
  metaSteps: Map<string, YAMLMap>;
  /** job outputs of other jobs (needs.*), computed on demand */
  jobOutputs: (job: string, name: string, depth: number) => string[];
  depth: number;
}

/** Expands `${{ … }}` expressions (alternatives). */
function template(s: string, sc: JobScope): string[] {
  const parts: string[][] = [];
  let last = 0;
  const re = /\$\{\{([\s\S]*?)\}\}/g;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    parts.push([s.slice(last, m.index)], evalExpr(m[1]!, sc));
    last = m.index + m[0].length;
  }
  parts.push([s.slice(last)]);
  return cartesian(parts);
}

function evalExpr(expr: string, sc: JobScope): string[] {
  const e = expr.trim();
  if (sc.depth > MAX_DEPTH) return [U];
  let m: RegExpExecArray | null;
  if ((m = /^env\.([A-Za-z_][\w-]*)$/.exec(e))) return sc.env.get(m[1]!) ?? [U];
  if ((m = /^matrix\.([\w-]+)$/.exec(e))) return [sc.matrix?.get(m[1]!) ?? U];
  if (e === "github.repository") return [REPO];
  if (e === "github.repository_owner") return [OWNER];
  if (e === "github.workspace") return ["."];
  if ((m = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(e))) {
    const out = sc.stepOutputs.get(m[1]!)?.get(m[2]!);
    if (out) return out;
    const meta = sc.metaSteps.get(m[1]!);
    if (meta && m[2] === "tags") return metadataTags(meta, sc);
    return [U];
  }
  if ((m = /^needs\.([\w-]+)\.outputs\.([\w-]+)$/.exec(e))) return sc.jobOutputs(m[1]!, m[2]!, sc.depth + 1);
  if ((m = /^'([^']*)'$/.exec(e))) return [m[1]!];
  return [U];
}

/** The `tags` output of docker/metadata-action: each image with each tag (a computed tag is unknown). */
function metadataTags(step: YAMLMap, sc: JobScope): string[] {
  const w = get(sc.doc, step, "with");
  const wm = isMap(w) ? w : null;
  return metadataRefs(text(sc.doc, wm, "images"), text(sc.doc, wm, "tags"), text(sc.doc, wm, "flavor"), sc);
}

/** Image references from docker/metadata-action's inputs (`images`, `tags`, `flavor`). */
function metadataRefs(imagesText: string | null, tagsText: string | null, flavorText: string | null, sc: JobScope): string[] {
  if (!imagesText) return [U];
  const images: string[] = [];
  for (const alt of template(imagesText, sc)) {
    for (const line of alt.split("\n")) {
      const l = line.trim();
      if (!l || l.startsWith("#")) continue;
      if (/^name=/.test(l)) {
        const attrs = new Map(l.split(",").map((kv) => [kv.slice(0, kv.indexOf("=")).trim(), kv.slice(kv.indexOf("=") + 1).trim()] as [string, string]));
        if (attrs.get("enable") !== "false" && attrs.get("name")) images.push(attrs.get("name")!);
      } else images.push(...listItems(l));
    }
  }
  const flavor = flavorText ?? "";
  const tags = new Set<string>();
  let computed = tagsText === null || /(^|\n|,)\s*(prefix|suffix)=\S/.test(flavor);
  for (const alt of tagsText !== null ? template(tagsText, sc) : []) {
    for (const line of alt.split("\n")) {
      const l = line.trim();
      if (!l || l.startsWith("#")) continue;
      const attrs = new Map(l.split(",").map((kv) => (kv.includes("=") ? [kv.slice(0, kv.indexOf("=")).trim(), kv.slice(kv.indexOf("=") + 1).trim()] : ["value", kv.trim()]) as [string, string]));
      const type = attrs.get("type") ?? "raw";
      const value = attrs.get("value") ?? "";
      if (attrs.get("enable") === "false") continue;
      if (type === "raw" && value && !value.includes(U) && !attrs.has("prefix") && !attrs.has("suffix")) tags.add(value);
      else computed = true;
    }
  }
  if (/(^|\n|,)\s*latest=true/.test(flavor)) tags.add("latest");
  const tagList = [...tags, ...(computed ? [U] : [])];
  return [images.flatMap((i) => tagList.map((t) => `${i}:${t}`)).join("\n")];
}

/** A job's matrix instances (include/exclude applied), at most MAX_MATRIX; [null] when computed. */
function matrixCombos(doc: Document, job: YAMLMap): (Map<string, string> | null)[] {
  const strategy = get(doc, job, "strategy");
  const matrix = isMap(strategy) ? get(doc, strategy, "matrix") : null;
  if (!matrix) return [new Map()];
  if (!isMap(matrix)) return [null];
  const scalar = (n: Node | null): string | null => (isScalar(n) && n.value !== null && typeof n.value !== "object" ? String(n.value) : null);
  let combos: Map<string, string>[] = [new Map()];
  const original = new Set<string>();
  for (const item of matrix.items) {
    const key = scalarString(item.key as Node);
    if (!key || key === "include" || key === "exclude") continue;
    const v = resolveNode(doc, item.value as Node);
    if (!isSeq(v)) return [null];
    original.add(key);
    const values = v.items.map((x) => scalar(resolveNode(doc, x as Node)) ?? U);
    const next: Map<string, string>[] = [];
    for (const c of combos) for (const val of values) if (next.length < MAX_MATRIX) next.push(new Map([...c, [key, val]]));
    combos = next;
  }
  const entries = (key: string): Map<string, string>[] => {
    const n = get(doc, matrix, key);
    if (!isSeq(n)) return [];
    return n.items.map((x) => resolveNode(doc, x as Node)).filter(isMap).map((m) => new Map(m.items.map((p) => [scalarString(p.key as Node) ?? "", scalar(resolveNode(doc, p.value as Node)) ?? U] as [string, string])));
  };
  for (const ex of entries("exclude")) combos = combos.filter((c) => ![...ex].every(([k, v]) => c.get(k) === v));
  const hadOriginal = original.size > 0;
  for (const inc of entries("include")) {
    const matching = hadOriginal ? combos.filter((c) => [...inc].every(([k, v]) => !original.has(k) || c.get(k) === v)) : [];
    if (matching.length) for (const c of matching) for (const [k, v] of inc) if (!original.has(k)) c.set(k, v);
    else if (combos.length < MAX_MATRIX) combos.push(new Map(inc));
  }
  if (!hadOriginal && combos.length > 1) combos = combos.slice(1); // the empty start is replaced by the include entries
  return combos.length ? combos : [new Map()];
}

/** A step's `if:` when it compares a matrix value with a string: false when it cannot hold. */
function stepRuns(doc: Document, step: YAMLMap, sc: JobScope): boolean {
  const cond = text(doc, step, "if");
  if (!cond || !sc.matrix) return true;
  const m = /^\s*(?:\$\{\{)?\s*matrix\.([\w-]+)\s*(==|!=)\s*'([^']*)'\s*(?:\}\})?\s*$/.exec(cond);
  if (!m) return true;
  const v = sc.matrix.get(m[1]!);
  if (v === undefined || v === U) return true;
  return m[2] === "==" ? v === m[3] : v !== m[3];
}

/** Environment of a mapping (`env:`), its values expanded. */
function envOf(doc: Document, map: YAMLMap | null, sc: JobScope): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const env = get(doc, map, "env");
  if (!isMap(env)) return out;
  for (const p of env.items) {
    const k = scalarString(p.key as Node);
    const v = resolveNode(doc, p.value as Node);
    if (!k || !isScalar(v) || v.value === null || typeof v.value === "object") continue;
    out.set(k, template(String(v.value), sc));
  }
  return out;
}

/** The builds a workflow declares; notes the `github.repository` (or owner) its conditions name in `ctx.guards`. */
export async function workflowBuilds(file: SourceFile, ctx: IndexContext): Promise<RawBuild[]> {
  const doc = ctx.files.yamlDocument(file);
  if (doc.errors.length) return [];
  const root = doc.contents;
  if (!isMap(root)) return [];
  // the repository root: the directory that holds .github
  const repoRoot = path.dirname(path.dirname(path.dirname(file.path)));
  noteGuard(file, repoRoot, ctx);
  const jobs = get(doc, root, "jobs");
  if (!isMap(jobs)) return [];
  if (!/docker|kaniko|podman|buildah/.test(file.text)) return [];
  return new WorkflowReader(file, doc, root, jobs, repoRoot).builds();
}

/** `if: github.repository == 'acme/app'` (or `github.repository_owner == 'acme'`): the repository's name, said by a workflow. */
function noteGuard(file: SourceFile, repoRoot: string, ctx: IndexContext): void {
  const guard = /github\.repository\s*==\s*'([\w.-]+\/[\w.-]+)'/.exec(file.text);
  const ownerGuard = /github\.repository_owner\s*==\s*'([\w.-]+)'/.exec(file.text);
  if ((guard || ownerGuard) && !ctx.guards.get(repoRoot)?.repository) {
    ctx.guards.set(repoRoot, { repository: guard?.[1] ?? null, owner: ownerGuard?.[1] ?? null, file: file.path });
  }
}

type Task = () => Promise<RawBuild[]>;

/** One workflow's jobs, run through step by step (one matrix instance at a time) to collect what they build. */
class WorkflowReader {
  private readonly jobOutputsMemo = new Map<string, Map<string, string[]>>();
  /** set once the workflow's own `env` and `defaults` are read (a job output cannot be asked for before) */
  private workflowEnv: Map<string, string[]> | null = null;
  private workflowDir: string | null = null;

  constructor(
    private readonly file: SourceFile,
    private readonly doc: Document,
    root: YAMLMap,
    private readonly jobs: YAMLMap,
    private readonly repoRoot: string,
  ) {
    this.workflowEnv = envOf(doc, root, this.scope(new Map(), new Map(), 0));
    this.workflowDir = this.defaultsDir(root);
  }

  async builds(): Promise<RawBuild[]> {
    const { doc } = this;
    const out: RawBuild[] = [];
    const tasks: Task[] = [];
    for (const j of this.jobs.items) {
      const jm = resolveNode(doc, j.value as Node);
      if (!isMap(jm)) continue;
      // Docker's reusable build workflow: the job itself builds, with metadata-action's inputs as `meta-*`
      const jobUses = text(doc, jm, "uses") ?? "";
      if (/^docker\/github-builder\/\.github\/workflows\/build\.yml@/.test(jobUses)) {
        for (const combo of matrixCombos(doc, jm)) out.push(...this.githubBuilder(jm, combo, getPair(doc, jm, "uses")?.pair.key as Node | undefined));
        continue;
      }
      for (const combo of matrixCombos(doc, jm)) this.runJob(jm, combo, 0, out, tasks);
    }
    for (const t of tasks) out.push(...(await t()));
    return dedupe(out);
  }

  private scope(env: Map<string, string[]>, matrix: Map<string, string> | null, depth: number): JobScope {
    return { doc: this.doc, jobs: this.jobs, env, matrix, stepOutputs: new Map(), metaSteps: new Map(), jobOutputs: (job, name, d) => this.jobOutputs(job, name, d), depth };
  }

  private env(): Map<string, string[]> {
    // the workflow's env naming `needs.*`: not a workflow GitHub runs, and nothing is read from it
    if (!this.workflowEnv) throw new Error("job outputs asked for in the workflow's env");
    return this.workflowEnv;
  }

  private defaultsDir(m: YAMLMap | null): string | null {
    const d = get(this.doc, m, "defaults");
    const r = isMap(d) ? get(this.doc, d, "run") : null;
    return isMap(r) ? text(this.doc, r, "working-directory") : null;
  }

  /** `needs.<job>.outputs.<name>`: the job's outputs as its first matrix instance computes them. */
  private jobOutputs(job: string, name: string, depth: number): string[] {
    if (depth > MAX_DEPTH) return [U];
    let outputs = this.jobOutputsMemo.get(job);
    if (!outputs) {
      outputs = new Map();
      this.jobOutputsMemo.set(job, outputs);
      const jm = get(this.doc, this.jobs, job);
      if (isMap(jm)) {
        const combo = matrixCombos(this.doc, jm)[0] ?? null;
        const sc = this.runJob(jm, combo, depth, null);
        const outs = get(this.doc, jm, "outputs");
        if (isMap(outs)) {
          for (const p of outs.items) {
            const k = scalarString(p.key as Node);
            const v = resolveNode(this.doc, p.value as Node);
            if (k && isScalar(v) && typeof v.value === "string") outputs.set(k, template(v.value, sc));
          }
        }
      }
    }
    return outputs.get(name) ?? [U];
  }

  /** Runs through a job's steps (one matrix instance); with `collect`, records the builds (run steps as tasks). */
  private runJob(jm: YAMLMap, matrix: Map<string, string> | null, depth: number, collect: RawBuild[] | null, tasks: Task[] = []): JobScope {
    const { doc } = this;
    const sc = this.scope(new Map(this.env()), matrix, depth);
    for (const [k, v] of envOf(doc, jm, sc)) sc.env.set(k, v);
    const jobDir = this.defaultsDir(jm) ?? this.workflowDir;
    const steps = get(doc, jm, "steps");
    if (!isSeq(steps)) return sc;
    for (const s of steps.items) {
      const step = resolveNode(doc, s as Node);
      if (isMap(step) && stepRuns(doc, step, sc)) this.runStep(step, sc, jobDir, collect, tasks);
    }
    return sc;
  }

  /** One step: metadata-action noted, build-push-action collected, a `run:` script's writes applied and its builds queued. */
  private runStep(step: YAMLMap, sc: JobScope, jobDir: string | null, collect: RawBuild[] | null, tasks: Task[]): void {
    const { doc, file, repoRoot } = this;
    const id = text(doc, step, "id");
    const uses = text(doc, step, "uses") ?? "";
    const stepEnv = new Map(sc.env);
    for (const [k, v] of envOf(doc, step, sc)) stepEnv.set(k, v);
    const stepScope: JobScope = { ...sc, env: stepEnv };
    if (/^docker\/metadata-action@/.test(uses)) {
      if (id) sc.metaSteps.set(id, step);
      return;
    }
    if (/^docker\/build-push-action@/.test(uses)) {
      if (collect) collect.push(...this.buildPushAction(step, stepScope, getPair(doc, step, "uses")?.pair.key as Node | undefined));
      return;
    }
    const run = text(doc, step, "run");
    const runNode = get(doc, step, "run");
    if (run === null || !isScalar(runNode)) return;
    const wd = text(doc, step, "working-directory") ?? jobDir;
    const baseDir = wd ? path.resolve(repoRoot, template(wd, stepScope)[0]!.replaceAll(U, "")) : repoRoot;
    const alts = template(run, stepScope).slice(0, 4);
    const writes = runWrites(alts[0]!, stepEnv);
    for (const [k, v] of writes.env) sc.env.set(k, v);
    if (id) sc.stepOutputs.set(id, writes.outputs);
    if (!collect) return;
    const vars = new Map([...stepEnv, ...writes.locals]);
    const locate = scalarLocator(file, runNode);
    for (const alt of alts) tasks.push(() => shellBuilds(file, alt, locate, vars, baseDir, { root: repoRoot, sourceText: file.text }));
  }

  /** `uses: docker/build-push-action`: one build per context and Dockerfile, named by `tags` and `outputs: name=`. */
  private buildPushAction(step: YAMLMap, sc: JobScope, usesNode: Node | undefined): RawBuild[] {
    const { doc, file, repoRoot } = this;
    const w = get(doc, step, "with");
    const wm = isMap(w) ? w : null;
    const ctxText = text(doc, wm, "context");
    const builds: RawBuild[] = [];
    const contexts = ctxText ? template(ctxText, sc) : ["."];
    for (const c0 of contexts) {
      const c = c0.replace(/^\{\{\s*defaultContext\s*\}\}:?/, "") || ".";
      if (c.includes(U) || /^[a-z]+:\/\/|^git@/i.test(c)) continue;
      const ctxDir = path.resolve(repoRoot, c);
      const fileText = text(doc, wm, "file");
      const dockerfiles = fileText ? template(fileText, sc).filter((f) => !f.includes(U)).map((f) => path.resolve(repoRoot, f)) : [path.join(ctxDir, "Dockerfile")];
      const refs = buildPushRefs(doc, wm, sc);
      const targetText = text(doc, wm, "target");
      const target = targetText ? (template(targetText, sc)[0] ?? U) : null;
      if (!refs.length) continue;
      for (const df of dockerfiles) {
        builds.push({
          refs: [...new Set(refs)],
          paths: [{ dockerfile: df, context: ctxDir }],
          target: target && !target.includes(U) ? target : null,
          by: { file: file.path, line: nodeLine(file, usesNode) },
          via: "docker/build-push-action",
          root: repoRoot,
          sourceText: file.text,
        });
      }
    }
    return builds;
  }

  /** `uses: docker/github-builder/.github/workflows/build.yml` with `context`, `file`, `target`, `meta-images`, `meta-tags`. */
  private githubBuilder(jm: YAMLMap, matrix: Map<string, string> | null, usesNode: Node | undefined): RawBuild[] {
    const { doc, file, repoRoot } = this;
    const sc = this.scope(new Map(this.env()), matrix, 0);
    const w = get(doc, jm, "with");
    const wm = isMap(w) ? w : null;
    const context = template(text(doc, wm, "context") ?? ".", sc)[0] ?? U;
    if (context.includes(U) || /^[a-z]+:\/\/|^git@/i.test(context)) return [];
    const ctxDir = path.resolve(repoRoot, context);
    const fileText = text(doc, wm, "file");
    const dockerfile = fileText ? (template(fileText, sc)[0] ?? U) : null;
    if (dockerfile?.includes(U)) return [];
    const targetText = text(doc, wm, "target");
    const target = targetText ? (template(targetText, sc)[0] ?? U) : null;
    const refs = metadataRefs(text(doc, wm, "meta-images"), text(doc, wm, "meta-tags"), text(doc, wm, "meta-flavor"), sc).flatMap(listItems);
    if (!refs.length || refs.every((r) => r === U)) return [];
    return [{
      refs,
      // the Dockerfile path from the repository root, else from the context
      paths: (dockerfile ? [path.resolve(repoRoot, dockerfile), path.resolve(ctxDir, dockerfile)] : [path.join(ctxDir, "Dockerfile")]).map((d) => ({ dockerfile: d, context: ctxDir })),
      target: target && !target.includes(U) ? target : null,
      by: { file: file.path, line: nodeLine(file, usesNode) },
      via: "docker/github-builder",
      root: repoRoot,
      sourceText: file.text,
    }];
  }
}

/** The images build-push-action names: its `tags`, and `name=` of its `outputs`. */
function buildPushRefs(doc: Document, wm: YAMLMap | null, sc: JobScope): string[] {
  const refs: string[] = [];
  const tagsText = text(doc, wm, "tags");
  if (tagsText) for (const alt of template(tagsText, sc)) refs.push(...listItems(alt));
  const outputs = text(doc, wm, "outputs");
  if (outputs) {
    for (const alt of template(outputs, sc)) {
      const m = /(?:^|,)\s*name=("[^"]*"|[^,]*)/.exec(alt);
      if (m) refs.push(...unquote(m[1]!).split(",").map((x) => x.trim()).filter(Boolean));
    }
  }
  return refs;
}
