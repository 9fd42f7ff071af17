// The commands of a RUN that put files in place: one handler a command (cp/mv/install/ln, mkdir, rm, downloads,
// archives, git clone, package managers, compilers, tee/touch), given the command in one context object.
import path from "node:path";
import { basename, helperByPackage, helperByUrl, helperPackagePaths } from "../../knowledge/index.js";
import { joinPosix } from "../../parse/dockerfile.js";
import type { ShellCommand } from "../../parse/shell.js";
import { ccOps, cargoOps, dotnetOps, goOps, nimOps, zigOps } from "./builds.js";
import { opFile, unknownByName } from "./ops.js";
import type { FileOrigin, FlowStep, Match, Opts, RunCmd, StageState } from "./types.js";
import { absPath, globToRegExp, parseOpts, under, urlBasename, URL_RE, wordValue } from "./words.js";

/** What a command's handler is given. */
export interface CommandCtx {
  st: StageState;
  r: RunCmd;
  /** the command's name (its basename, after sudo/env/exec…) */
  name: string;
  /** the words after the name */
  args: (string | null)[];
  /** a path the command names, made absolute against its working directory; null when that is not known */
  abs: (p: string | null) => string | null;
  /** the command whose output is piped into this one (`curl … | tar x`) */
  pipedFrom: ShellCommand | null;
}

type CommandHandler = (cx: CommandCtx) => void;

const CP_OPTS = { short: "tS", long: ["--target-directory", "--suffix"] };
const INSTALL_OPTS = { short: "mogSt", long: ["--mode", "--owner", "--group", "--suffix", "--target-directory", "--strip-program"] };
const GIT_CLONE_OPTS = { short: "bocj", long: ["--branch", "--depth", "--origin", "--config", "--reference", "--separate-git-dir", "--jobs", "--filter", "--shallow-since", "--template", "--upload-pack"] };

const copyCommand: CommandHandler = (cx) => copyLikeOp(cx, parseOpts(cx.args, CP_OPTS), false);
const download: CommandHandler = (cx) => downloadOps(cx.st, cx.r, cx.name as "wget" | "curl");
const archive: CommandHandler = (cx) => archiveOps(cx.st, cx.r, cx.name, cx.pipedFrom);
const compile: CommandHandler = (cx) => ccOps(cx.st, cx.r, cx.name, cx.abs);

/** The commands that put files in place (or build), by name. */
const COMMANDS = new Map<string, CommandHandler>([
  ["cp", copyCommand],
  ["mv", copyCommand],
  ["install", installOps],
  ["ln", (cx) => {
    const o = parseOpts(cx.args, CP_OPTS);
    copyLikeOp(cx, o, o.flags.has("s") || o.flags.has("--symbolic"));
  }],
  ["mkdir", (cx) => addDirs(cx, parseOpts(cx.args, { short: "m", long: ["--mode", "--context"] }).args)],
  ["rm", rmOps],
  ["wget", download],
  ["curl", download],
  ["tar", archive],
  ["unzip", archive],
  ["bsdtar", archive],
  ["git", gitCloneOps],
  ...["apt-get", "apt", "apk", "yum", "dnf", "microdnf", "zypper"].map((m): [string, CommandHandler] => [m, packageOps]),
  ["go", (cx) => goOps(cx.st, cx.r)],
  ["cargo", (cx) => cargoOps(cx.st, cx.r)],
  ["nim", (cx) => nimOps(cx.st, cx.r)],
  ["dotnet", (cx) => dotnetOps(cx.st, cx.r)],
  ...["gcc", "g++", "cc", "c++", "clang", "clang++", "musl-gcc", "tcc"].map((c): [string, CommandHandler] => [c, compile]),
  ["zig", (cx) => zigOps(cx.st, cx.r)],
  ["tee", teeOps],
  ["touch", touchOps],
]);

/** The operations of one command of a RUN (none for a command that puts nothing in place). */
export function commandOps(st: StageState, r: RunCmd, name: string | null, pipedFrom: ShellCommand | null): void {
  if (!name) return;
  const handler = COMMANDS.get(name);
  if (!handler) return;
  handler({ st, r, name, args: r.words.slice(1), abs: (p) => (p === null ? null : absPath(p, r.cwd, st.vars)), pipedFrom });
}

function addDirs(cx: CommandCtx, dirs: (string | null)[]): void {
  for (const a of dirs) {
    const d = cx.abs(a);
    if (d) cx.st.createdDirs.push(d);
  }
}

function installOps(cx: CommandCtx): void {
  const o = parseOpts(cx.args, INSTALL_OPTS);
  if (o.flags.has("d") || o.flags.has("--directory")) addDirs(cx, o.args);
  else copyLikeOp(cx, o, false);
}

function rmOps(cx: CommandCtx): void {
  const step = cx.r.step;
  const o = parseOpts(cx.args, { short: "", long: [] });
  const paths: string[] = [];
  for (const a of o.args) {
    if (a === null) continue;
    const m = /^(.*?)\/\*$/.exec(a);
    const p = cx.abs(m ? m[1]! : a);
    if (p && p !== "/" && !/[*?[]/.test(p)) paths.push(p);
  }
  if (paths.length) cx.st.ops.push({ step, cover: { under: paths }, match: (t) => (paths.some((p) => under(t, p) !== null) ? { absent: step } : null) });
}

function gitCloneOps(cx: CommandCtx): void {
  const { args, st } = cx;
  const step = cx.r.step;
  if (args[0] !== "clone") return;
  const o = parseOpts(args.slice(1), GIT_CLONE_OPTS);
  const url = o.args[0];
  if (!url) return;
  const dir = cx.abs(o.args[1] ?? basename(url.replace(/\/+$/, "")).replace(/\.git$/, ""));
  if (!dir) return;
  st.createdDirs.push(dir);
  st.ops.push({ step, cover: { under: [dir] }, match: (t) => (under(t, dir) ? { origin: { kind: "download", url, helper: null, how: "git", steps: [step] } } : null) });
}

/** `apt-get install`, `apk add` …: the files of a well-known helper's package. */
function packageOps(cx: CommandCtx): void {
  const { args, st, name } = cx;
  const sub = args.find((a) => a !== null && !a.startsWith("-"));
  if (!sub || !/^(install|add|in)$/.test(sub)) return;
  const manager = name === "apt" ? "apt-get" : name;
  const pkgs = args.slice(args.indexOf(sub) + 1).filter((a): a is string => a !== null && !a.startsWith("-"));
  for (const pkg of pkgs) {
    for (const p of helperPackagePaths(manager, pkg)) {
      opFile(st, cx.r.step, p, (steps) => ({ kind: "package", manager, package: pkg, helper: helperByPackage(manager, pkg, p), steps }));
    }
  }
}

function teeOps(cx: CommandCtx): void {
  const step = cx.r.step;
  const o = parseOpts(cx.args, { short: "", long: ["--output-error"] });
  for (const a of o.args) {
    const p = cx.abs(a);
    if (p && !p.startsWith("/dev/")) opFile(cx.st, step, p, (steps) => ({ kind: "generated", why: `written by \`${step.text.slice(4)}\` (RUN at line ${step.line}): its content is not in the build context`, steps }));
  }
}

function touchOps(cx: CommandCtx): void {
  const step = cx.r.step;
  const o = parseOpts(cx.args, { short: "dtr", long: ["--date", "--reference"] });
  for (const a of o.args) {
    const p = cx.abs(a);
    if (p) opFile(cx.st, step, p, (steps) => ({ kind: "generated", why: `created empty by \`${step.text.slice(4)}\` (RUN at line ${step.line})`, steps }));
  }
}

// ---------------------------------------------------------------------------------------------------------
// cp, mv, install, ln

/** One cp/mv/install/ln whose destination is known, as its sources are matched against a path. */
interface CopyLike {
  step: FlowStep;
  srcs: (string | null)[];
  dest: string;
  /** the sources land in the destination directory (-t, a trailing slash, several sources, a glob) */
  intoDir: boolean;
  symlink: boolean;
  cwd: string | null;
  vars: Map<string, string>;
  stage: number;
}

/** cp, mv, install, ln: sources → a destination (a directory with -t, a trailing slash or several sources). */
function copyLikeOp(cx: CommandCtx, o: Opts, symlink: boolean): void {
  const { st, r } = cx;
  const step = r.step;
  const a = copyLikeArgs(o, symlink);
  if (!a) return;
  const dest = a.destRaw === null ? null : absPath(a.destRaw, r.cwd, st.vars);
  if (dest === null) {
    const names = a.srcs.filter((s): s is string => s !== null).map((s) => basename(s.replace(/\/+$/, "")));
    unknownByName(st, step, names, `\`${step.text.slice(4)}\` (RUN at line ${step.line}) puts it at a path that is not known here`);
    return;
  }
  if (a.destDir) st.createdDirs.push(dest);
  // a symlink's target is resolved where the link is, when the image runs; other sources where the command ran
  const glob = a.srcs.some((s) => s !== null && /[*?[]/.test(basename(s)));
  const c: CopyLike = { step, srcs: a.srcs, dest, intoDir: a.destDir || glob, symlink, cwd: r.cwd, vars: st.vars, stage: st.stage.index };
  st.ops.push({ step, cover: { under: [dest] }, match: (target, _rc, index) => matchCopyLike(c, target, index) });
}

/** The sources and the destination as written, and whether the destination is a directory. */
function copyLikeArgs(o: Opts, symlink: boolean): { srcs: (string | null)[]; destRaw: string | null; destDir: boolean } | null {
  const tflag = o.flags.get("t") ?? o.flags.get("--target-directory");
  const noTargetDir = o.flags.has("T") || o.flags.has("--no-target-directory");
  if (typeof tflag === "string") return { srcs: o.args, destRaw: tflag, destDir: true };
  if (symlink && o.args.length === 1) return { srcs: o.args, destRaw: ".", destDir: true };
  if (o.args.length < 2) return null;
  const srcs = o.args.slice(0, -1);
  const destRaw = o.args[o.args.length - 1]!;
  return { srcs, destRaw, destDir: !noTargetDir && (srcs.length > 1 || (destRaw !== null && destRaw.endsWith("/"))) };
}

function matchCopyLike(c: CopyLike, target: string, index: number): Match {
  const { step, dest } = c;
  for (let i = c.srcs.length - 1; i >= 0; i--) {
    const raw = c.srcs[i];
    if (raw === null || raw === undefined) {
      const why = `\`${step.text.slice(4)}\` (RUN at line ${step.line}) copies it from a variable path that is not known here`;
      if (!c.intoDir && target === dest) return { origin: { kind: "unknown", why, steps: [step] } };
      // below the destination: only if the unknown source is a directory
      if (under(target, dest)) return { origin: { kind: "unknown", why, steps: [step], speculative: true } };
      continue;
    }
    const paths = copyLikeSourcePaths(c, raw, target);
    if (paths.length === 0) continue;
    // a symlink is read in the finished stage; a copy at the point where it ran
    return { tries: paths.map((p) => ({ stage: c.stage, path: p, end: c.symlink ? Number.MAX_SAFE_INTEGER : index, cross: false })), step };
  }
  return null;
}

/** Where `target` was before the command put it there, if this source brought it. */
function copyLikeSourcePaths(c: CopyLike, source: string, target: string): string[] {
  const { dest } = c;
  let raw = source;
  const contents = raw === "." || raw.endsWith("/.");
  let name = basename(raw.replace(/\/+$/, ""));
  if (/[*?[]/.test(name)) {
    // a glob the shell expanded: only files directly in the destination
    if (under(target, dest) !== basename(target) || !globToRegExp(name).test(basename(target))) return [];
    raw = joinPosix(path.posix.dirname(raw), basename(target)).slice(raw.startsWith("/") ? 0 : 1);
    name = basename(target);
  }
  // where the source's top lands: in the directory, or as the destination itself (it did not exist)
  const tops = contents ? [dest] : c.intoDir ? [joinPosix(dest, name)] : [dest, joinPosix(dest, name)];
  const paths: string[] = [];
  for (const top of tops) {
    const rel = under(target, top);
    if (rel === null) continue;
    const src = c.symlink && !raw.startsWith("/") && !contents ? joinPosix(path.posix.dirname(top), raw) : absPath(raw, c.cwd, c.vars);
    if (src) paths.push(rel === "" ? src : joinPosix(src, rel));
  }
  return paths;
}

// ---------------------------------------------------------------------------------------------------------
// downloads and archives

function downloadOps(st: StageState, r: RunCmd, name: "wget" | "curl"): void {
  const step = r.step;
  const args = r.words.slice(1);
  const outputs: { path: string | null; url: string }[] = [];
  if (name === "wget") {
    const o = parseOpts(args, {
      short: "oaOPtTUeiwQBlARDIX",
      long: ["--output-document", "--directory-prefix", "--output-file", "--append-output", "--tries", "--timeout", "--user-agent", "--header", "--execute", "--input-file", "--wait", "--quota", "--base", "--level", "--accept", "--reject", "--domains", "--user", "--password", "--http-user", "--http-password", "--post-data", "--post-file", "--referer", "--ca-certificate", "--certificate", "--private-key", "--limit-rate", "--progress", "--dns-timeout", "--connect-timeout", "--read-timeout", "--max-redirect"],
    });
    const urls = o.args.filter((a): a is string => a !== null && URL_RE.test(a));
    const doc = o.flags.get("O") ?? o.flags.get("--output-document");
    const prefix = o.flags.get("P") ?? o.flags.get("--directory-prefix");
    for (const url of urls) {
      if (typeof doc === "string") outputs.push({ path: doc === "-" ? null : doc, url });
      else outputs.push({ path: typeof prefix === "string" ? `${prefix}/${urlBasename(url)}` : urlBasename(url), url });
    }
  } else {
    const o = parseOpts(args, {
      short: "oHAuXdemwTbcKxrCEFyYzUQtDP",
      long: ["--output", "--header", "--user-agent", "--user", "--request", "--data", "--data-raw", "--data-binary", "--data-urlencode", "--referer", "--max-time", "--write-out", "--upload-file", "--cookie", "--cookie-jar", "--config", "--proxy", "--range", "--continue-at", "--cert", "--form", "--retry", "--retry-delay", "--retry-max-time", "--connect-timeout", "--output-dir", "--cacert", "--capath", "--key", "--max-filesize", "--limit-rate", "--resolve", "--interface", "--proto", "--proto-redir", "--url", "--json", "--dump-header", "--create-file-mode", "--variable"],
    });
    // curl pairs each URL with the -o/-O that comes for it, in order
    const outs: (string | "remote")[] = [];
    const urls: string[] = [];
    for (let i = 0; i < args.length; i++) {
      const w = args[i];
      if (w === null || w === undefined) continue;
      if (w === "-o" || w === "--output") outs.push(args[++i] ?? "");
      else if (/^-[a-zA-Z]*o$/.test(w) && !w.startsWith("--")) outs.push(args[++i] ?? "");
      else if (/^-[a-zA-Z]*o./.test(w) && !w.startsWith("--")) outs.push(w.slice(w.indexOf("o") + 1));
      else if (w.startsWith("--output=")) outs.push(w.slice(9));
      else if (w === "-O" || w === "--remote-name" || (/^-[a-zA-Z]*O[a-zA-Z]*$/.test(w) && !w.startsWith("--") && !/o/.test(w))) outs.push("remote");
      else if (w === "--url") urls.push(args[++i] ?? "");
      else if (w.startsWith("--url=")) urls.push(w.slice(6));
      else if (URL_RE.test(w)) urls.push(w);
    }
    const dir = o.flags.get("--output-dir");
    urls.forEach((url, k) => {
      const out = outs[k];
      if (out === undefined || out === "-") outputs.push({ path: null, url });
      else {
        const p = out === "remote" ? urlBasename(url) : out;
        outputs.push({ path: typeof dir === "string" && !p.startsWith("/") ? `${dir}/${p}` : p, url });
      }
    });
  }
  for (const out of outputs) {
    if (out.path === null) continue; // to stdout: a redirection or a pipe decides
    const p = absPath(out.path, r.cwd, st.vars);
    if (!p) continue;
    opFile(st, step, p, (steps) => ({ kind: "download", url: out.url, helper: helperByUrl(out.url), how: "file", steps }));
  }
}

/** tar/unzip: an archive's files are not known; a file is attributed only when its name is named (a member, or the archive's name). */
function archiveOps(st: StageState, r: RunCmd, name: string, pipedFrom: ShellCommand | null): void {
  const step = r.step;
  const args = r.words.slice(1);
  let archive: string | null = null;
  let dir: string | null = r.cwd;
  let members: string[] = [];
  if (name === "unzip") {
    const o = parseOpts(args, { short: "dx", long: [] });
    archive = o.args[0] ?? null;
    members = o.args.slice(1).filter((a): a is string => a !== null);
    const d = o.flags.get("d");
    if (typeof d === "string") dir = absPath(d, r.cwd, st.vars);
  } else {
    // old style `tar xzf file`: the first word is a cluster of letters
    const a0 = args[0];
    const words = a0 && /^[A-Za-z]+$/.test(a0) && /[xtc]/.test(a0) ? ["-" + a0, ...args.slice(1)] : args;
    const o = parseOpts(words, { short: "fCTXbHKLNgV", long: ["--file", "--directory", "--strip-components", "--exclude", "--files-from", "--transform", "--owner", "--group", "--mode", "--to-command", "--use-compress-program", "--exclude-from"] });
    if (!(o.flags.has("x") || o.flags.has("--extract") || o.flags.has("--get"))) return;
    const f = o.flags.get("f") ?? o.flags.get("--file");
    archive = typeof f === "string" ? f : "-";
    const c = o.flags.get("C") ?? o.flags.get("--directory");
    if (typeof c === "string") dir = absPath(c, r.cwd, st.vars);
    members = o.args.filter((a): a is string => a !== null);
  }
  if (dir === null) return;
  const outDir = dir;
  const archivePath = archive && archive !== "-" ? absPath(archive, r.cwd, st.vars) : null;
  const pipedUrl = pipedFrom ? (pipedFrom.words.map((w) => wordValue(w, st.vars)).find((w): w is string => w !== null && URL_RE.test(w)) ?? null) : null;
  st.ops.push({
    step,
    cover: { under: [outDir] },
    match: async (target, rc, index) => {
      const rel = under(target, outDir);
      if (!rel) return null;
      const tname = basename(target);
      let origin: FileOrigin | null = null;
      if (archivePath) {
        const o = await rc.resolveIn(st.stage.index, archivePath, index, 1);
        if (o !== "absent" && o.kind === "download") origin = { ...o, how: "archive", steps: [...o.steps, step] };
        else origin = { kind: "generated", why: `extracted from ${archivePath} by \`${step.text.slice(4)}\` (RUN at line ${step.line}): its files are not known here`, steps: o === "absent" ? [step] : [...o.steps, step] };
      } else if (pipedUrl) {
        origin = { kind: "download", url: pipedUrl, helper: helperByUrl(pipedUrl), how: "archive", steps: [step] };
      }
      if (!origin) return null;
      const helper = origin.kind === "download" ? origin.helper : null;
      const named = members.length > 0 ? members.some((m) => basename(m.replace(/\/+$/, "")) === tname || rel === m || rel.startsWith(m.replace(/\/+$/, "") + "/")) : helper ? helper.name === tname : (archivePath ?? pipedUrl ?? "").includes(tname);
      if (!named) return null;
      if (origin.kind === "download" && origin.helper && origin.helper.name !== tname) origin = { ...origin, helper: null };
      return { origin };
    },
  });
}

