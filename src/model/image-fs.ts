// The files of an image and where each came from. For a path in a Dockerfile stage, the instruction that
// put it there (COPY/ADD, or a command inside a RUN: cp, mv, install, ln, wget, curl, tar, a compiler…),
// traced back across stages to its origin: a file of the build context, an outside image, a download, a
// program built by a RUN, a package, or a file a RUN wrote (its content unknown).
// Nothing here runs what it reads; only build-context files inside the linted paths are looked at.
//
// This module is the entry point; the model lives in image-fs/: resolve.ts (the model and its lookups),
// stage-flow.ts (a stage's operations), copy.ts (COPY/ADD), run.ts (RUN scripts), commands.ts (the commands
// that put files in place), builds.ts (programs a RUN builds), stages.ts (a Dockerfile's stages, parsed once),
// words.ts (shell words, paths, .dockerignore), types.ts.
import path from "node:path";
import { basename } from "../knowledge/index.js";
import type { FileStore } from "../files.js";
import { joinPosix, type Stage } from "../parse/dockerfile.js";
import { imageFsFor, isGuess, type ResolveCtx } from "./image-fs/resolve.js";
import type { FileOrigin, Located } from "./image-fs/types.js";
import { isInside } from "./image-fs/words.js";

export { toolchainOf } from "./image-fs/builds.js";
export { imageFsFor, ImageFs, ResolveCtx } from "./image-fs/resolve.js";
export type { FileOrigin, FlowStep, Located, LocatedInfo } from "./image-fs/types.js";
export { dockerignoreMatcher, expandShellRaw, under } from "./image-fs/words.js";

// ---------------------------------------------------------------------------------------------------------
// entry points

/** Where the file at one of `candidates` (absolute in-image paths, tried in order) in `stage` comes from. */
export async function locateInStage(files: FileStore, stage: Stage, contextDir: string, candidates: string[]): Promise<Located> {
  const fsModel = imageFsFor(files);
  const rc = fsModel.context(stage, contextDir);
  if (!rc) return { kind: "none" };
  let guess: { origin: FileOrigin; target: string } | null = null;
  for (const target of candidates) {
    const origin = await rc.resolve(stage.index, target);
    if (origin.kind === "base" && origin.steps.length === 0) continue;
    if (isGuess(origin)) {
      guess ??= { origin, target };
      continue;
    }
    return toLocated(origin, target, rc);
  }
  // a guess (another stage's base image, a directory copy that may not hold it) is not enough to call the file foreign
  return guess ? { kind: "none", origin: guess.origin, description: describeOrigin(basename(guess.target), guess.origin, rc.df.dfName) } : { kind: "none" };
}

/** The origin of one in-image path of a stage (for `explain` and tests). */
export async function traceFile(files: FileStore, stage: Stage, contextDir: string, target: string): Promise<FileOrigin> {
  const rc = imageFsFor(files).context(stage, contextDir);
  if (!rc) return { kind: "unknown", why: "the Dockerfile was not read", steps: [] };
  return rc.resolve(stage.index, joinPosix("/", target));
}

/** `COPY . /src (Dockerfile:9) → RUN cp /src/entrypoint.sh app/ (Dockerfile:19) → COPY --from=build-env /staging / (Dockerfile:46)` */
export function routeText(origin: FileOrigin, dfName: string): string {
  return origin.steps.map((s) => `${s.text} (${s.dockerfile || dfName}:${s.line})`).join(" → ");
}

/** A sentence for messages: "wakapi, a Go binary built at Dockerfile:11". */
export function describeOrigin(name: string, origin: FileOrigin, dfName: string): string {
  const first = origin.steps[0];
  const at = first ? `${first.dockerfile || dfName}:${first.line}` : dfName;
  switch (origin.kind) {
    case "built": {
      const what = origin.language === ".NET" && /\.dll$/i.test(name) ? "a .NET assembly" : `a ${origin.language} binary`;
      return origin.inferred ? `${name}, ${what} built in ${origin.inferred} (${at})` : `${name}, ${what} built at ${at}`;
    }
    case "download":
      if (origin.helper) return `${name}, ${origin.helper.title} downloaded at ${at}`;
      return `${name}, ${origin.how === "git" ? "from a git clone of" : "downloaded from"} ${origin.url} at ${at}`;
    case "package":
      return origin.helper ? `${name}, ${origin.helper.title} installed by ${origin.manager} (package ${origin.package}) at ${at}` : `${name}, installed by ${origin.manager} at ${at}`;
    case "image":
      if (origin.inferred) return `${name}, a file of the image ${origin.image} that ${origin.inferred} is built on`;
      return origin.helper ? `${name}, ${origin.helper.title} copied from the image ${origin.image} at ${at}` : `${name}, copied from the image ${origin.image} at ${at}`;
    case "context":
      return origin.steps.length > 1 ? `${name} from the build context (via ${routeText(origin, dfName)})` : `${name} from the build context (${at})`;
    case "heredoc":
      return `${name}, a heredoc in the Dockerfile (${at})`;
    case "generated":
      return `${name}, ${origin.why}`;
    case "unknown":
      return `${name}: ${origin.why}`;
    case "base":
      return origin.steps.length > 0 ? `${name}, copied from ${origin.path} of the base image ${origin.image} (${at})` : `${name} from the base image ${origin.image}`;
  }
}


function toLocated(origin: FileOrigin, target: string, rc: ResolveCtx): Located {
  const name = basename(target);
  const dfName = rc.df.dfName;
  const description = describeOrigin(name, origin, dfName);
  const first = origin.steps[0];
  const at = first ? `${dfName}:${first.line}` : dfName;
  const last = origin.steps[origin.steps.length - 1];
  switch (origin.kind) {
    case "context": {
      const copy = first ? `${first.text} at line ${first.line}` : "COPY";
      if (!isInside(origin.path, origin.contextDir ?? rc.contextDir)) return { kind: "outside", why: `${copy}, outside the build context`, origin, description };
      if (!rc.files.contains(origin.path)) return { kind: "outside", why: `${path.relative(rc.contextDir, origin.path) || "."} (${copy}), outside the linted paths`, origin, description };
      return { kind: "file", path: origin.path, origin, description };
    }
    case "image":
      if (origin.helper) return { kind: "helper", why: description, helper: origin.helper, origin, description };
      if (origin.inferred) return { kind: "not-local", why: `a file of the image ${origin.image} that ${origin.inferred} is built on, outside the repository`, origin, description };
      return { kind: "not-local", why: `the image ${origin.image} (${last?.text ?? "COPY --from"} at ${dfName}:${last?.line ?? "?"}), outside the repository`, origin, description };
    case "download":
      if (origin.helper) return { kind: "helper", why: description, helper: origin.helper, origin, description };
      return { kind: "not-local", why: `${origin.how === "git" ? "a git clone" : "a download"} (${origin.url}, ${at})`, origin, description };
    case "package":
      if (origin.helper) return { kind: "helper", why: description, helper: origin.helper, origin, description };
      return { kind: "none", origin, description };
    case "built":
      return {
        kind: "not-local",
        why: description,
        origin,
        description,
        knowledge: {
          name,
          verdict: "non-reaper",
          note: `${description}: a compiled program waits only for the children it started`,
          source: "measured: PID 1 lab (test/lab)",
        },
      };
    case "heredoc":
      return { kind: "not-local", why: `a heredoc in the Dockerfile (${at})`, origin, description };
    case "generated":
      return { kind: "not-local", why: `${origin.why}`, origin, description };
    case "unknown":
      return { kind: "not-local", why: origin.why, origin, description };
    case "base":
      if (origin.steps.length === 0) return { kind: "none", origin, description };
      return { kind: "not-local", why: `${origin.path} of the base image ${origin.image} (${first!.text} at ${at})`, origin, description };
  }
}


// ---------------------------------------------------------------------------------------------------------
// the build context of a Dockerfile nothing runs

/**
 * The directory a Dockerfile is most likely built from when nothing in the repository says (no compose `build:`,
 * no `docker build` call): the nearest of its own directory and the ones above it, up to `rootDir`, in which
 * the files its COPY/ADD instructions take from the context exist (all of them, else the most). Null when it
 * copies nothing from a context.
 */
export function inferContextDir(files: FileStore, stages: Stage[], dockerfileDir: string, rootDir: string): string | null {
  const sources = new Set<string>();
  for (const st of stages) {
    for (const c of st.copies) {
      if (c.from !== null) continue;
      for (const src of c.sources) {
        if (src.startsWith("<<") || /^[a-z]+:\/\//i.test(src) || src.includes("$")) continue;
        const rel = joinPosix("/", /[*?[]/.test(src) ? path.posix.dirname(src) : src).slice(1);
        if (rel !== "") sources.add(rel);
      }
    }
  }
  if (sources.size === 0) return null;
  const fsModel = imageFsFor(files);
  let best: { dir: string; n: number } | null = null;
  for (let dir = dockerfileDir, i = 0; i < 32; i++) {
    if (!files.contains(dir)) break;
    let n = 0;
    for (const rel of sources) if (fsModel.pathKind(path.join(dir, rel))) n++;
    if (n === sources.size) return dir;
    if (!best || n > best.n) best = { dir, n };
    if (dir === rootDir || path.dirname(dir) === dir) break;
    dir = path.dirname(dir);
  }
  return best && best.n > 0 ? best.dir : null;
}
