// The state one model build shares: the file store, the knowledge base, the chain resolver, the problems
// found, the Dockerfiles read (one parse per file, and one per set of build arguments), and the images the
// repository builds itself (compose `build:` + `image:` pairs, and the provenance index of workflows, bake
// files, Makefiles and scripts), so that `FROM <image>` of such an image is read through its Dockerfile.
import type { SchemaProblem } from "../compose/schema.js";
import type { FileStore } from "../files.js";
import type { KnowledgeBase } from "../knowledge/index.js";
import { parseDockerfile, runStage, type DockerfileModel, type Stage } from "../parse/dockerfile.js";
import { relPath } from "../source.js";
import { ChainResolver } from "./chain.js";
import { imageFsFor } from "./image-fs.js";
import { buildProvenanceIndex, parseImageName, ProvenanceIndex, type ImageBuild, type ImageName } from "./provenance.js";
import type { ComposeFileModel, Container, ParseProblem } from "./types.js";

export interface ProjectModel {
  cwd: string;
  files: FileStore;
  composeFiles: ComposeFileModel[];
  dockerfiles: DockerfileModel[];
  containers: Container[];
  /** containers with no Linux PID 1 (WebAssembly modules, Windows containers): PID 1 rules skip them */
  nonLinux: Container[];
  problems: ParseProblem[];
  kb: KnowledgeBase;
  /** Dockerfile stages that run as containers: the last stage of each Dockerfile, and compose build targets */
  runningStages: Set<Stage>;
  /** compose files checked against the compose-spec schema (after interpolation) */
  composeSchema: SchemaProblem[];
}

export interface ModelInputs {
  composeFiles: string[];
  /** compose files merged into projects, in merge order (-f / COMPOSE_FILE); default: grouped by directory (base + override) */
  composeProjects?: string[][];
  dockerfiles: string[];
  /** scripts and Makefiles to scan for `docker run` */
  runCallers: string[];
  /** dev containers and GitHub workflows */
  extras?: string[];
  /** bake files and `.gitlab-ci.yml` (read only to link images to the Dockerfiles that build them) */
  buildFiles?: string[];
  /** a unit of a large tree: the tree's workflows and bake/CI files, for the same links */
  provenanceSources?: string[];
}

/** A build the repository declares for an image: its Dockerfile, stage, context and build arguments. */
export interface DeclaredBuild {
  /** the image name as written after interpolation */
  image: string;
  dockerfile: string;
  target: string | null;
  contextDir: string;
  buildArgs: ReadonlyMap<string, string>;
  /** what declares it: `compose service \`base\` (compose.yaml:3)` */
  by: string;
  /** the service and the `image:` key that names it (file, 1-based line) */
  service: string;
  at: { file: string; line: number };
}

/** An image built here: the stage that builds it, or why that stage cannot be read. */
export type BuiltImage = { stage: Stage; contextDir: string; by: string; dockerfile: string } | { unreadable: string };

export class ModelContext {
  readonly problems: ParseProblem[] = [];
  readonly model: ProjectModel;
  readonly resolver: ChainResolver;
  /** workflows, bake files, Makefiles and scripts that may build images */
  readonly sources: string[];
  private dockerfileCache = new Map<string, DockerfileModel | null>();
  private provenanceIndex: Promise<ProvenanceIndex> | null = null;
  private provenanceReady: ProvenanceIndex | null = null;
  private declared: DeclaredBuild[] = [];
  /** each declared build's image name, parsed once (builtImage compares every lookup with all of them) */
  private declaredNames: (ImageName | null)[] = [];

  constructor(
    readonly inputs: ModelInputs,
    readonly files: FileStore,
    readonly kb: KnowledgeBase,
  ) {
    this.model = { cwd: files.cwd, files, composeFiles: [], dockerfiles: [], containers: [], nonLinux: [], problems: this.problems, kb, runningStages: new Set(), composeSchema: [] };
    this.resolver = new ChainResolver(kb, files, this.problems);
    this.sources = [...(inputs.provenanceSources ?? []), ...(inputs.extras ?? []), ...(inputs.buildFiles ?? []), ...inputs.runCallers];
    // `FROM <image>` and `COPY --from=<image>` of an image built here are read through its Dockerfile
    imageFsFor(files).setImageBuilds((image) => {
      const b = this.builtImage(image);
      return b && "stage" in b ? b : null;
    });
  }

  /** The repository path of an absolute path, for messages. */
  rel(abs: string): string {
    return relPath(this.files.cwd, abs);
  }

  /**
   * One model per Dockerfile (a Dockerfile reached through a symbolic link is the same Dockerfile), listed in
   * the project model. With build arguments that its ARGs declare, a parse of its own, not listed (the rules
   * read the Dockerfile as written; the container's chain reads it as built).
   */
  loadDockerfile(abs: string, reportMissing: boolean, buildArgs?: ReadonlyMap<string, string>): DockerfileModel | null {
    const key = this.files.keyOf(abs);
    let plain = this.dockerfileCache.get(key);
    if (plain === undefined) {
      plain = this.parseDockerfile(abs, reportMissing);
      this.dockerfileCache.set(key, plain);
    }
    if (!plain || !buildArgs?.size) return plain;
    const used = [...buildArgs].filter(([name]) => new RegExp(`^[ \\t]*ARG[ \\t]+(?:[^\\n]*\\s)?${name.replace(/[^A-Za-z0-9_]/g, "\\$&")}(=|\\s|$)`, "im").test(plain.source.text));
    if (!used.length) return plain;
    const argsKey = `${key}\0${JSON.stringify(used.sort())}`;
    let withArgs = this.dockerfileCache.get(argsKey);
    if (withArgs === undefined) {
      withArgs = parseDockerfile(plain.source, new Map(used)).model;
      this.dockerfileCache.set(argsKey, withArgs);
    }
    return withArgs;
  }

  private parseDockerfile(abs: string, reportMissing: boolean): DockerfileModel | null {
    const r = this.files.read(abs, "dockerfile");
    if (!r.ok) {
      if (reportMissing) this.problems.push({ file: abs, rule: r.rule, message: r.message, span: { file: abs, start: 0, end: 0 } });
      return null;
    }
    const parsed = parseDockerfile(r.file);
    this.problems.push(...parsed.problems);
    this.model.dockerfiles.push(parsed.model);
    return parsed.model;
  }

  /** The index of images built by workflows, bake files, Makefiles, scripts, GitLab CI and compose `build:` (read once). */
  provenance(): Promise<ProvenanceIndex> {
    this.provenanceIndex ??= buildProvenanceIndex(this.files, { sources: this.sources, composeFiles: this.inputs.composeFiles }).then((index) => (this.provenanceReady = withDeclared(index, this.declared)));
    return this.provenanceIndex;
  }

  /** A compose service that builds an image and names it (`build:` + `image:`). */
  declareBuild(build: DeclaredBuild): void {
    this.declared.push(build);
    this.declaredNames.push(parseImageName(build.image));
  }

  /**
   * The stage that builds an image here: a compose `build:` + `image:` pair of the project first, then the
   * provenance index when it has been read (a repository matched as written, not through a variable).
   * An image the knowledge base knows is not looked up.
   */
  builtImage(image: string): BuiltImage | null {
    const want = parseImageName(image);
    if (!want?.literal || this.kb.imageInfo(image)) return null;
    const sameTag = (tag: string | null): boolean => tag === null || want.tag === null || tag === want.tag;
    for (let i = 0; i < this.declared.length; i++) {
      const d = this.declared[i]!;
      const name = this.declaredNames[i];
      if (name?.literal !== want.literal || !sameTag(name.tag)) continue;
      return this.stageOf(image, d.dockerfile, d.target, d.contextDir, d.by, d.buildArgs);
    }
    const link = this.provenanceReady?.lookup(image).links.find((l) => l.repo === "exact");
    if (!link) return null;
    const b = link.build;
    return this.stageOf(image, b.dockerfile, b.target, b.context, `${this.rel(b.by.file)}:${b.by.line}`);
  }

  /** builtImage, after reading the provenance index when the image is not a compose pair and the index may name it. */
  async builtImageNow(image: string): Promise<BuiltImage | null> {
    const b = this.builtImage(image);
    if (b || this.provenanceReady || !this.sources.length || !parseImageName(image)?.literal || this.kb.imageInfo(image)) return b;
    await this.provenance();
    return this.builtImage(image);
  }

  private stageOf(image: string, dockerfile: string, target: string | null, contextDir: string, by: string, buildArgs?: ReadonlyMap<string, string>): BuiltImage {
    const df = this.files.contains(dockerfile) ? this.loadDockerfile(dockerfile, false, buildArgs) : null;
    const stage = df ? runStage(df, target) : null;
    const where = `${this.rel(dockerfile)}${target ? ` (stage ${target})` : ""}`;
    if (!stage) return { unreadable: `the image ${image} is built from ${where} by ${by}, which could not be read${df ? " as a Dockerfile with that stage" : ""}` };
    return { stage, contextDir, by, dockerfile };
  }
}

/**
 * The index with the compose `build:` + `image:` pairs that only a merged project makes (an override or
 * overlay file's `build:` under the base file's `image:`): a file read alone does not say them.
 */
function withDeclared(index: ProvenanceIndex, declared: DeclaredBuild[]): ProvenanceIndex {
  const extra: ImageBuild[] = [];
  for (const d of declared) {
    const name = parseImageName(d.image);
    if (!name?.literal) continue;
    const known = [...index.builds, ...extra].some((b) => b.dockerfile === d.dockerfile && b.target === d.target && b.refs.some((r) => r.literal === name.literal && (r.tag === name.tag || r.tag === null)));
    if (!known) extra.push({ refs: [name], dockerfile: d.dockerfile, context: d.contextDir, target: d.target, by: d.at, via: `compose service \`${d.service}\`` });
  }
  return extra.length ? new ProvenanceIndex([...index.builds, ...extra]) : index;
}
