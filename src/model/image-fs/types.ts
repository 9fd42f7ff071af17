// The shapes the image file-system model is built from: where a file came from (FileOrigin), the operations of
// a stage (Op, StageFlow), the state a stage's instructions are read with (StageState), and what an operation
// may ask of the resolver (Resolver).
import type { HelperEntry } from "../../knowledge/index.js";
import type { KnowledgeEntry } from "../../knowledge/types.js";
import type { FileStore } from "../../files.js";
import type { Stage } from "../../parse/dockerfile.js";
import type { ScriptModel, ShellCommand } from "../../parse/shell.js";
import type { SourceFile, Span } from "../../types.js";

/** One instruction (or one command of a RUN) that moved or made the file. */
export interface FlowStep {
  keyword: "COPY" | "ADD" | "RUN" | "FROM";
  /** 1-based line of the instruction or command in the Dockerfile */
  line: number;
  span: Span;
  /** the instruction or command, shortened: `RUN cp /src/entrypoint.sh app/` */
  text: string;
  /** the stage's name, or `#<index>` */
  stage: string;
  /** the Dockerfile's name, shown with the line (`Dockerfile:12`) */
  dockerfile: string;
}

interface Steps {
  /** how the file reached the path looked up, in build order: the step that made it first */
  steps: FlowStep[];
  /** set when the origin is inferred rather than read (a toolchain stage, a stage's base image) */
  inferred?: string;
  /** set when the route rests on a reading that may not hold (a source that may be a file, not a directory) */
  speculative?: true;
}

export type FileOrigin =
  | ({ kind: "context"; path: string; /** the build context it was read in, when an image built here brought it */ contextDir?: string } & Steps)
  | ({ kind: "image"; image: string; path: string; helper: HelperEntry | null } & Steps)
  | ({ kind: "download"; url: string; helper: HelperEntry | null; how: "file" | "archive" | "git" } & Steps)
  | ({ kind: "package"; manager: string; package: string; helper: HelperEntry | null } & Steps)
  | ({ kind: "built"; program: string; language: string; tool: string } & Steps)
  | ({ kind: "heredoc"; text: string; start: number; file: string; expanded: boolean } & Steps)
  | ({ kind: "generated"; why: string } & Steps)
  | ({ kind: "unknown"; why: string } & Steps)
  | ({ kind: "base"; image: string; path: string } & Steps);

/** What ChainResolver.locateInImage returns: the kinds the chain follows, and the origin behind them. */
export type Located =
  | ({ kind: "file"; path: string } & LocatedInfo)
  | ({ kind: "not-local"; why: string } & LocatedInfo)
  | ({ kind: "outside"; why: string } & LocatedInfo)
  /** a well-known helper (downloaded, installed as a package or copied from its image): see `helper` */
  | ({ kind: "helper"; why: string; helper: HelperEntry } & LocatedInfo)
  | ({ kind: "none" } & LocatedInfo);

export interface LocatedInfo {
  origin?: FileOrigin;
  /** for messages: "wakapi, a Go binary built at Dockerfile:11" */
  description?: string;
  /** for a program built in the image: what it is as PID 1 */
  knowledge?: KnowledgeEntry;
}

/** Heredoc bodies by name, and by the offset of their instruction's line. */
export type HeredocBodies = Map<string, { text: string; start: number }>;

/** One Dockerfile as the model reads it: its stages (parsed once), and their operations as they are built. */
export interface DfFlow {
  source: SourceFile;
  dfName: string;
  escape: string;
  /** stages known without parsing the Dockerfile again: those looked up and the stages they are built FROM */
  known: Map<number, Stage>;
  /** every stage: the parse the stages looked up came from (parsed again only when that is not known) */
  all: Stage[] | null;
  bodies: Map<number, HeredocBodies> | null;
  globalArgs: Map<string, string> | null;
  stages: Map<number, Promise<StageFlow>>;
  built: Map<number, StageFlow>;
  /** the shell parser of this lint: one parse a text (Dockerfiles alike in a repository share their RUN parses) */
  parse: (text: string, base: number) => Promise<ScriptModel>;
}

export interface StageFlow {
  index: number;
  label: string;
  baseIndex: number | null;
  /** the image at the bottom of the FROM chain */
  baseImage: string;
  /** the stage's FROM, as a step */
  fromStep: FlowStep;
  /** what its operations can put in place (to pass over a stage quickly for a path none of them touches) */
  coverUnder: string[];
  coverNames: Set<string>;
  ops: Op[];
  /** directories the stage made (WORKDIR, mkdir, COPY destinations, build output directories) */
  createdDirs: string[];
  /** RUN commands that build with a tool whose outputs are not read (for a toolchain stage's unknown files) */
  buildSteps: FlowStep[];
  runCount: number;
}

export type Match = null | { origin: FileOrigin } | { absent: FlowStep } | { tries: Try[]; step: FlowStep } | { image: string; path: string; exact: boolean; step: FlowStep };

export interface Try {
  stage: number;
  path: string;
  /** ops of that stage considered: those before this index */
  end: number;
  /** copied from another stage (COPY --from=<stage>) */
  cross: boolean;
}

export interface Op {
  step: FlowStep;
  /** the paths it can put something at: below (or at) these directories, or with one of these names anywhere */
  cover: { under: string[]; names?: string[] };
  match(target: string, rc: Resolver, index: number): Match | Promise<Match>;
}

/** What an operation asks of the resolver of one build (a Dockerfile and its context directory). */
export interface Resolver {
  readonly df: DfFlow;
  readonly contextDir: string;
  readonly files: FileStore;
  ignored(rel: string): boolean;
  /** the origin of `target` in a stage, considering its operations before `end` */
  resolveIn(stage: number, target: string, end: number, depth: number): Promise<FileOrigin | "absent">;
  /** whether a build-context path exists: file, dir, none, or outside the linted paths (not looked at) */
  statContext(abs: string): "file" | "dir" | "none" | "outside";
  /** a build-context file's text, when it is inside the linted paths */
  readContext(abs: string): string | null;
}

/** The state a stage's instructions are read with, and the operations they add up to. */
export interface StageState {
  df: DfFlow;
  stage: Stage;
  label: string;
  workdir: string | null;
  vars: Map<string, string>;
  shell: string[];
  ops: Op[];
  createdDirs: string[];
  buildSteps: FlowStep[];
  runCount: number;
}

/** One command of a RUN, with its words as far as they are known. */
export interface RunCmd {
  c: ShellCommand;
  /** the words as strings; null where a word is not known here */
  words: (string | null)[];
  cwd: string | null;
  step: FlowStep;
  /** the source text after the command up to the end of its line (redirections, `| next`) */
  tail: string;
}

/** getopt-like options of a command: flags (with their values) and the other arguments. */
export interface Opts {
  flags: Map<string, string | true>;
  args: (string | null)[];
}
