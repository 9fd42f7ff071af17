// COPY / ADD: what each instruction puts where, from the build context, another stage, an image, a URL, a git
// repository or a heredoc; matched against a path when a lookup reaches the instruction.
import path from "node:path";
import { basename, helperByUrl } from "../../knowledge/index.js";
import { joinPosix, parseExecForm } from "../../parse/dockerfile.js";
import type { Span } from "../../types.js";
import { unknownByName } from "./ops.js";
import { bodiesOf, globalArgsOf, stageByRef } from "./stages.js";
import type { DfFlow, FlowStep, HeredocBodies, Match, Resolver, StageState } from "./types.js";
import { dockerignoreMatcher, expandVars, globToRegExp, joined, shortText, under, urlBasename } from "./words.js";

type CopySrc =
  | { kind: "path"; text: string }
  | { kind: "var"; text: string }
  | { kind: "url"; url: string }
  | { kind: "git"; url: string }
  | { kind: "heredoc"; name: string; body: { text: string; start: number } | null };

/** What `--from` names: an earlier stage, an image, a variable not known here; null: the build context. */
type FromRef = { stage: number } | { image: string } | { unknown: string } | null;

/** One COPY/ADD, as its sources are matched against a path. */
interface CopyCtx {
  step: FlowStep;
  /** the destination, absolute */
  dest: string;
  /** the destination is a directory (a trailing slash, several sources, a glob) */
  destDir: boolean;
  /** `--parents`: the sources' relative paths are kept below the destination */
  parents: boolean;
  /** `--exclude` patterns */
  excludes: ((rel: string) => boolean)[];
  from: () => FromRef;
  /** `--from` as written */
  fromText: string;
}

interface CopyFlags {
  fromRaw: string | null;
  parents: boolean;
  excludes: ((rel: string) => boolean)[];
  /** the arguments after the flags */
  rest: string;
}

export function copyOps(st: StageState, keyword: "COPY" | "ADD", span: Span, line: number, argsStart: number): void {
  const { df } = st;
  const { args, heredoc } = copyArgs(df, span, argsStart);
  const firstLine = shortText(`${keyword} ${args}`);
  const step: FlowStep = { keyword, line, span, text: firstLine, stage: st.label, dockerfile: df.dfName };
  const flags = copyFlags(args);
  const words = parseExecForm(flags.rest) ?? flags.rest.split(/\s+/).filter(Boolean);
  if (words.length < 2) return;
  const bodies = (heredoc ? bodiesOf(df).get(df.source.lineStarts[line - 1] ?? -1) : undefined) ?? new Map<string, { text: string; start: number }>();
  const expanded = words.map((w) => (/^<<-?/.test(w) ? w : expandVars(w.replace(/^(["'])(.*)\1$/, "$2"), st.vars)));
  const destRaw = expanded[expanded.length - 1];
  if (destRaw === null || destRaw === undefined) {
    // the destination is a variable that is not known here: any file named like a source may land anywhere
    const names = expanded.slice(0, -1).filter((w): w is string => w !== null && !/^<<-?/.test(w)).map((w) => basename(w.replace(/\/+$/, "")));
    unknownByName(st, step, names, `${firstLine} (line ${line}) copies to a variable destination`);
    return;
  }
  const srcs = copySources(keyword, words, expanded, bodies);
  const destDir = destRaw.endsWith("/") || srcs.length > 1 || srcs.some((s) => s.kind === "path" && /[*?[]/.test(s.text));
  const dest = destRaw.startsWith("/") ? joinPosix("/", destRaw) : st.workdir === null ? null : joinPosix(st.workdir, destRaw);
  if (dest === null) {
    const names = srcs.map((s) => (s.kind === "path" ? basename(s.text.replace(/\/+$/, "")) : ""));
    unknownByName(st, step, names, `${firstLine} (line ${line}) copies relative to a WORKDIR that is not known here`);
    return;
  }
  if (destDir && dest !== "/") st.createdDirs.push(dest);
  const cx: CopyCtx = { step, dest, destDir, parents: flags.parents, excludes: flags.excludes, from: lazyFrom(st, flags.fromRaw), fromText: flags.fromRaw ?? "" };
  st.ops.push({
    step,
    cover: { under: [dest] },
    match: (target, rc) => {
      for (let i = srcs.length - 1; i >= 0; i--) {
        const m = matchCopySource(srcs[i]!, target, cx, rc);
        if (m) return m;
      }
      return null;
    },
  });
}

/** The instruction's arguments, continuation lines joined; a heredoc's body is not part of them. */
function copyArgs(df: DfFlow, span: Span, argsStart: number): { args: string; heredoc: boolean } {
  let rawArgs = df.source.text.slice(argsStart, span.end);
  const heredoc = /<<-?\s*["']?[A-Za-z_]/.test(rawArgs);
  if (heredoc) {
    const nl = rawArgs.search(/\r?\n/);
    if (nl !== -1 && !/\\\s*$/.test(rawArgs.slice(0, nl))) rawArgs = rawArgs.slice(0, nl);
  }
  return { args: joined(rawArgs, df.escape).trim(), heredoc };
}

/** `--from`, `--parents`, `--exclude` (other flags are passed over), and the arguments after them. */
function copyFlags(args: string): CopyFlags {
  let rest = args;
  let fromRaw: string | null = null;
  let parents = false;
  const excludes: ((rel: string) => boolean)[] = [];
  for (let m = /^--([a-z-]+)(?:=(\S*))?\s*/.exec(rest); m; m = /^--([a-z-]+)(?:=(\S*))?\s*/.exec(rest)) {
    if (m[1] === "from") fromRaw = m[2] ?? null;
    else if (m[1] === "parents") parents = m[2] === undefined || m[2] === "true";
    else if (m[1] === "exclude" && m[2]) excludes.push(dockerignoreMatcher(m[2]));
    rest = rest.slice(m[0].length);
  }
  return { fromRaw, parents, excludes, rest };
}

/** The sources (all words but the last) by kind: a path, a variable path, a URL or git repository (ADD), a heredoc. */
function copySources(keyword: "COPY" | "ADD", words: string[], expanded: (string | null)[], bodies: HeredocBodies): CopySrc[] {
  const srcs: CopySrc[] = [];
  for (let i = 0; i < expanded.length - 1; i++) {
    const w = expanded[i];
    const rawWord = words[i]!;
    if (w === null || w === undefined) srcs.push({ kind: "var", text: rawWord });
    else if (/^<<-?/.test(w)) {
      const name = /^<<-?["']?([A-Za-z_][A-Za-z0-9_]*)/.exec(w)?.[1] ?? "";
      srcs.push({ kind: "heredoc", name, body: bodies.get(name) ?? null });
    } else if (keyword === "ADD" && (/^git@/.test(w) || /^https?:\/\/.*\.git(#.*)?$/i.test(w))) srcs.push({ kind: "git", url: w });
    else if (keyword === "ADD" && /^(https?|ftp):\/\//i.test(w)) srcs.push({ kind: "url", url: w });
    else srcs.push({ kind: "path", text: w });
  }
  return srcs;
}

/** Which stage or image `--from` names, decided once, when a lookup reaches this COPY (it may need every stage). */
function lazyFrom(st: StageState, fromRaw: string | null): () => FromRef {
  let cache: FromRef | undefined;
  return () => {
    if (cache !== undefined) return cache;
    if (fromRaw === null) return (cache = null);
    const f = fromRaw.includes("$") ? expandVars(fromRaw, new Map([...globalArgsOf(st.df), ...st.vars])) : fromRaw;
    if (f === null) return (cache = { unknown: fromRaw });
    const idx = stageByRef(st.df, f, st.stage.index);
    return (cache = idx !== null ? { stage: idx } : { image: f });
  };
}

function matchCopySource(src: CopySrc, target: string, cx: CopyCtx, rc: Resolver): Match {
  if (src.kind !== "path") return matchOtherSource(src, target, cx, rc);
  const from = cx.from();
  if (from === null) return matchContext(src.text, target, cx, rc);
  if ("unknown" in from) return matchUnknownFrom(src.text, target, cx);
  return matchFromBuild(src.text, target, cx, from);
}

/** A URL, a git repository, a heredoc or a variable path. */
function matchOtherSource(src: Exclude<CopySrc, { kind: "path" }>, target: string, cx: CopyCtx, rc: Resolver): Match {
  const { dest, destDir, step } = cx;
  const steps = [step];
  switch (src.kind) {
    case "url": {
      const name = urlBasename(src.url);
      if ((!destDir && target === dest) || target === joinPosix(dest, name)) return { origin: { kind: "download", url: src.url, helper: helperByUrl(src.url), how: "file", steps } };
      return null;
    }
    case "git": {
      if (under(target, dest) !== null) return { origin: { kind: "download", url: src.url, helper: null, how: "git", steps } };
      return null;
    }
    case "heredoc": {
      if (target !== dest && target !== joinPosix(dest, src.name)) return null;
      if (!src.body) return { origin: { kind: "unknown", why: `a heredoc <<${src.name} that was not found (${step.text})`, steps } };
      return { origin: { kind: "heredoc", text: src.body.text, start: src.body.start, file: rc.df.source.path, expanded: false, steps } };
    }
    case "var":
      if (!destDir && target === dest) return { origin: { kind: "unknown", why: `\`${step.text}\` (line ${step.line}) copies it from \`${src.text}\`, a variable path that is not known here`, steps } };
      return null;
  }
}

/** `--from=$VAR` with a variable not known here. */
function matchUnknownFrom(text: string, target: string, cx: CopyCtx): Match {
  const { dest, destDir, step } = cx;
  if ((!destDir && target === dest) || under(target, dest) !== null) {
    const exact = (!destDir && target === dest) || under(target, dest) === basename(text);
    return { origin: { kind: "unknown", why: `\`${step.text}\` (line ${step.line}) copies from \`--from=${cx.fromText}\`, a variable that is not known here`, steps: [step], ...(exact ? {} : { speculative: true as const }) } };
  }
  return null;
}

/** `--from=<stage>` (the paths to look up there) or `--from=<image>`. */
function matchFromBuild(text: string, target: string, cx: CopyCtx, from: { stage: number } | { image: string }): Match {
  const { dest, destDir, step } = cx;
  const srcAbs = joinPosix("/", text);
  const paths: string[] = [];
  if (/[*?[]/.test(basename(srcAbs))) {
    const rel = under(target, dest);
    if (rel !== null && !rel.includes("/") && globToRegExp(basename(srcAbs)).test(rel)) paths.push(joinPosix(path.posix.dirname(srcAbs), rel));
  } else {
    if (!destDir && target === dest) paths.push(srcAbs);
    const rel = under(target, dest);
    if (rel !== null) {
      paths.push(srcAbs === "/" ? joinPosix("/", rel) : joinPosix(srcAbs, rel));
      if (rel === basename(srcAbs)) paths.push(srcAbs);
    }
  }
  if (paths.length === 0) return null;
  if ("image" in from) {
    // the file itself (`COPY --from=img /bin/tool /usr/bin/tool`), or anything below a directory copy, which the image may not hold
    const exact = (!destDir && target === dest) || under(target, dest) === basename(srcAbs);
    return { image: from.image, path: exact ? srcAbs : paths[0]!, exact, step };
  }
  return { tries: paths.map((p) => ({ stage: from.stage, path: p, end: Number.MAX_SAFE_INTEGER, cross: true })), step };
}

/** A source of the build context (`.dockerignore` and `--exclude` applied). */
function matchContext(text: string, target: string, cx: CopyCtx, rc: Resolver): Match {
  const { dest, destDir, parents, step } = cx;
  // a source that climbs out of the context (`COPY ../x`): Docker refuses it; it is named, never looked at
  const climbed = path.posix.normalize(text.replace(/^\/+/, ""));
  if (climbed === ".." || climbed.startsWith("../")) {
    const name = basename(climbed);
    const at = destDir ? joinPosix(dest, name) : dest;
    if (target === at || (!destDir && target === joinPosix(dest, name))) return { origin: { kind: "context", path: path.join(rc.contextDir, climbed), steps: [step] } };
    return null;
  }
  // sources are relative to the context root, whether written with a leading / or not
  const srcRel = joinPosix("/", text).slice(1);
  if (/[*?[]/.test(srcRel)) return matchContextGlob(srcRel, target, cx, rc);
  // where the target would come from if the source is a directory, and if it is a file: nothing to look at when neither fits
  const dirBase = parents && srcRel !== "" ? joinPosix(dest, srcRel) : dest;
  const dirRel = under(target, dirBase);
  const name = basename(srcRel);
  const fileAt = parents ? joinPosix(dest, srcRel) : destDir ? joinPosix(dest, name) : dest;
  const fileHit = target === fileAt || (!parents && !destDir && target === joinPosix(dest, name));
  if (!fileHit && !dirRel) return null;
  const abs = srcRel === "" ? rc.contextDir : path.join(rc.contextDir, srcRel);
  const k = rc.statContext(abs);
  if (k === "dir") {
    const rel = dirRel;
    if (rel === null || rel === "") return null;
    const relPath = srcRel === "" ? rel : `${srcRel}/${rel}`;
    const cand = path.join(abs, rel);
    const k2 = rc.statContext(cand);
    if ((k2 === "file" || k2 === "outside") && !skipped(relPath, cx, rc)) return contextFile(cand, step);
    return null;
  }
  if ((k === "file" || k === "outside") && fileHit && !skipped(srcRel, cx, rc)) return contextFile(abs, step);
  return null;
}

/** A glob source of the build context: the files it matches land in the destination (below their directory with --parents). */
function matchContextGlob(srcRel: string, target: string, cx: CopyCtx, rc: Resolver): Match {
  const { parents } = cx;
  const rel = under(target, cx.dest);
  if (rel === null) return null;
  const dir = path.posix.dirname(srcRel);
  const name = parents ? rel.slice(dir === "." ? 0 : dir.length + 1) : rel;
  if (parents && dir !== "." && !rel.startsWith(dir + "/")) return null;
  if (name.includes("/") || !globToRegExp(basename(srcRel)).test(name)) return null;
  const relPath = dir === "." ? name : `${dir}/${name}`;
  const abs = path.join(rc.contextDir, relPath);
  const k = rc.statContext(abs);
  if ((k === "file" || k === "outside") && !skipped(relPath, cx, rc)) return contextFile(abs, cx.step);
  return null;
}

/** Left out of the context by `.dockerignore` or by `--exclude`. */
function skipped(rel: string, cx: CopyCtx, rc: Resolver): boolean {
  return rc.ignored(rel) || cx.excludes.some((e) => e(rel));
}

function contextFile(abs: string, step: FlowStep): Match {
  return { origin: { kind: "context", path: abs, steps: [step] } };
}
