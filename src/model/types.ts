// The project graph the rules read: containers (compose services, images built from Dockerfiles,
// `docker run` calls) and, for each, the chain of hops that leads to the program that runs as PID 1.
import type { Pair, YAMLMap } from "yaml";
import type { Located, SourceFile, Span } from "../types.js";
import type { ComposeFileModel } from "../parse/types.js";
import type { KnowledgeEntry, Verdict } from "../knowledge/types.js";
import type { Stage } from "../parse/dockerfile.js";

export type { ComposeFileModel, ParseProblem } from "../parse/types.js";

/** One hop of the chain to PID 1, with where it was decided. */
export interface Hop {
  span: Span;
  /** short text shown in messages, e.g. `exec wait-for.sh` or `ENTRYPOINT` */
  text: string;
}

export type OrphanKind = "background-job" | "busybox-timeout" | "wait-helper" | "shell-healthcheck";

export interface OrphanRisk {
  kind: OrphanKind;
  at: Span;
  text: string;
}

/** A point where a shell stays PID 1 although a long-running command follows (no `exec`). */
export interface ShellStays {
  at: Span;
  command: string;
  /** where the command lives */
  origin: "script" | "compose" | "dockerfile";
  /** a text edit that adds `exec` (unsafe when it changes more than PID 1, e.g. a trap that no longer runs) */
  execInsert?: { file: string; offset: number; text: string; safety?: "safe" | "unsafe"; note?: string };
  /** why `exec` is not offered (the word is a function, builtin, alias or variable …) */
  noFixReason?: string;
  /** how the script reaches the command: "the last command of `start`, called at start.sh:40" */
  via?: string;
}

/** `exec name` where name is a shell function, builtin or alias: exec runs only programs, so it fails with "not found". */
export interface BrokenExec {
  at: Span;
  name: string;
  kind: "function" | "builtin" | "alias";
  /** where the function is defined */
  definedAt: Span | null;
  /** the `exec ` word to remove so that the function runs in the shell */
  removeExec: { file: string; start: number; end: number } | null;
}

export interface Pid1Chain {
  hops: Hop[];
  /** the argv of the program that ends as PID 1 (null when unknown) */
  argv: string[] | null;
  /** display name of the PID 1 program (basename of argv[0]), or null */
  program: string | null;
  verdict: Verdict;
  /** knowledge base entry behind the verdict, when there is one */
  knowledge?: KnowledgeEntry;
  /** how PID 1 was resolved, e.g. `node (CMD in Dockerfile:7)` */
  how: string;
  /** why it is unknown, when verdict is unknown */
  unknownWhy?: string;
  /** an init program (tini, dumb-init, catatonit, s6 /init, docker-init) is in the chain */
  initInChain: Located<string> | null;
  /** things started on the way that can be orphaned to PID 1 */
  orphanRisks: OrphanRisk[];
  /** the exec (in a script) that put the final program in PID 1 */
  finalExec: Span | null;
  /** set when a shell stays PID 1 in front of the long-running command */
  shellStays: ShellStays | null;
  /** an exec on the way that cannot work (exec of a function): the chain stops there */
  brokenExec?: BrokenExec;
  /** the entry of the chain is a shell-form command (`/bin/sh -c`) */
  shellForm: boolean;
}

export interface BuildRef {
  context: string;
  dockerfile: string | null;
  inline: boolean;
  target: string | null;
  span: Span;
}

export type ContainerKind = "service" | "image" | "docker-run" | "devcontainer" | "workflow";

export type InitSetting =
  | { state: "true"; span: Span; keySpan: Span }
  | { state: "false"; span: Span; keySpan: Span }
  | { state: "unset" }
  | { state: "unknown"; span: Span; keySpan: Span; text: string };

export interface HealthcheckModel {
  /** runs through a shell (CMD-SHELL or a string test) */
  shell: boolean;
  disabled: boolean;
  at: Span;
  text: string;
}

export interface Container {
  kind: ContainerKind;
  name: string;
  /** where a container-level finding is reported (service key, ENTRYPOINT/CMD line, `docker run` line) */
  at: Span;
  image: Located<string> | null;
  build: BuildRef | null;
  init: InitSetting;
  pid: Located<string> | null;
  restart: Located<string> | null;
  /** another service waits on it with condition: service_completed_successfully, or `docker run --rm` */
  oneShot: boolean;
  /** why the container is one-shot when its command says so (`npx playwright test: runs the test suite and exits`) */
  oneShotWhy?: string;
  healthchecks: HealthcheckModel[];
  chain: Pid1Chain;
  /** compose only: the service mapping node and its file (for fixes) */
  compose?: { file: ComposeFileModel; node: YAMLMap | null; keySpan: Span; name: string; initPair: { pair: Pair; merged: boolean } | null };
  /** where an init would be added, for formats the model knows best (devcontainer.json, workflow options); the rule builds the fix */
  initTarget?: InitTarget | null;
  /** a GitHub workflow container: the job's own container (kept alive by the runner) or a service container */
  workflowRole?: "job" | "service";
  /** for an image container: the Dockerfile stage and ENTRYPOINT/CMD instruction */
  dockerfile?: { file: string };
  /** the Dockerfile stage the container runs, when it is built here */
  stage?: Stage;
  /** the absolute build context of that stage */
  contextDir?: string;
  /** for an image container: the containers of the project that run it (their `init` decides how loud a finding is) */
  runners?: Container[];
  /** the container has no Linux PID 1 (a WebAssembly module, a Windows container): PID 1 rules do not apply */
  noLinuxPid1?: NoLinuxPid1;
}

/** Where adding an init goes: a text inserted at an offset, or a new key in a YAML mapping. */
export type InitTarget =
  | { kind: "insert"; file: string; offset: number; text: string; title: string }
  | { kind: "yaml-entry"; file: SourceFile; map: YAMLMap; key: string; value: string; title: string };

export interface NoLinuxPid1 {
  kind: "wasm" | "windows";
  /** what says so, e.g. "platform: wasi/wasm" */
  why: string;
  span: Span;
}
