// Minimal text edits on Dockerfiles: insert whole lines in the file's own line endings, or a few
// characters inside an exec-form JSON array; never rewrite an instruction the fix does not name.
import { imageRepository, imageTag, isBusyboxImage, type KnowledgeBase } from "../knowledge/index.js";
import { isRootUser, type CommandInstruction, type DockerfileModel, type Stage, type UserInstruction } from "../parse/dockerfile.js";
import type { SourceFile, Span, TextEdit } from "../types.js";
import { lineStartOf, nextLineStart } from "../source.js";

export type PackageManager = "apk" | "apt-get" | "dnf" | "microdnf" | "yum";

interface Installer {
  run: string;
  tini: string;
}

const INSTALL: Record<PackageManager, Installer> = {
  apk: { run: "RUN apk add --no-cache tini", tini: "/sbin/tini" },
  "apt-get": { run: "RUN apt-get update && apt-get install -y --no-install-recommends tini && rm -rf /var/lib/apt/lists/*", tini: "/usr/bin/tini" },
  dnf: { run: "RUN dnf install -y tini && dnf clean all", tini: "/usr/bin/tini" },
  microdnf: { run: "RUN microdnf install -y tini && microdnf clean all", tini: "/usr/bin/tini" },
  yum: { run: "RUN yum install -y tini && yum clean all", tini: "/usr/bin/tini" },
};

/** Official images whose own ENTRYPOINT must stay in front of CMD when an ENTRYPOINT is added. */
const IMAGE_ENTRYPOINTS: Record<string, string> = {
  node: "docker-entrypoint.sh",
  php: "docker-php-entrypoint",
};

/** Official language images built on Debian (or Ubuntu) unless their tag says otherwise. */
const DEBIAN_BASED = new Set(["node", "python", "ruby", "golang", "perl", "php", "rust", "openjdk", "eclipse-temurin", "amazoncorretto", "maven", "gradle", "elixir", "erlang", "haskell", "julia", "r-base", "swift", "buildpack-deps", "dart", "clojure"]);

function rootStage(stage: Stage): Stage {
  let s = stage;
  for (let i = 0; i < 64 && s.base; i++) s = s.base;
  return s;
}

/** The package manager of the image a stage rests on, or why it cannot be told. */
export function packageManagerOf(stage: Stage, kb: KnowledgeBase): PackageManager | { reason: string } {
  const ref = rootStage(stage).from;
  const repo = imageRepository(ref);
  const tag = imageTag(ref).toLowerCase();
  if (repo === "scratch") return { reason: "the image is built FROM scratch: there is no package manager to install tini with (copy a static tini in, or run the image with --init)" };
  if (/(^|\/)distroless\//.test(repo) || /^gcr\.io\/distroless/.test(repo) || /distroless/.test(tag)) {
    return { reason: `the base image ${ref} is distroless: there is no package manager to install tini with (copy a static tini in, or run the image with --init)` };
  }
  if (repo === "busybox") return { reason: "the base image busybox has no package manager to install tini with (copy a static tini in, or run the image with --init)" };
  if (repo === "amazonlinux" && /^2(\.|$)/.test(tag) && !/^2023/.test(tag)) return "yum";
  const seen = [...stage.packageManagers].filter((p): p is PackageManager => p in INSTALL);
  if (seen.length === 1) return seen[0]!;
  if (/(^|\/)alpine$/.test(repo) || /(^|[-_.])alpine/.test(tag) || (isBusyboxImage(kb, ref) && !/busybox/.test(tag))) return "apk";
  if (/(^|\/)(debian|ubuntu)$/.test(repo) || /(^|[-_.])(bookworm|bullseye|buster|trixie|stretch|jammy|noble|focal|bionic|slim)([-_.]|$)/.test(tag)) return "apt-get";
  if (/(^|\/)ubi\d*-minimal$|(^|\/)ubi-minimal$/.test(repo)) return "microdnf";
  if (/(^|\/)(fedora|rockylinux|almalinux|oraclelinux|amazonlinux|ubi\d*|centos\/centos|centos-stream)$/.test(repo)) return "dnf";
  if (repo === "centos") return /^[0-7](\.|$)/.test(tag) ? "yum" : "dnf";
  if (DEBIAN_BASED.has(repo) && !/windows|nanoserver|servercore/.test(tag)) return "apt-get";
  return { reason: `cannot tell which package manager the base image ${ref} has: install tini yourself, or run the image with --init` };
}


function eolAt(source: SourceFile, offset: number): string {
  const m = /\r\n|\n|\r/.exec(source.text.slice(offset));
  return m ? m[0] : source.eol;
}

/** Inserts whole lines after the line that holds `offset` (an instruction's end). */
export function insertLinesAfter(source: SourceFile, offset: number, lines: string[]): TextEdit {
  const at = nextLineStart(source.text, Math.max(0, offset - 1));
  const eol = eolAt(source, Math.max(0, offset - 1));
  if (at === -1) return { file: source.path, start: source.text.length, end: source.text.length, newText: lines.map((l) => eol + l).join("") };
  return { file: source.path, start: at, end: at, newText: lines.map((l) => l + eol).join("") };
}

/** Inserts whole lines before the line that holds `offset`, in that line's indentation. */
export function insertLinesBefore(source: SourceFile, offset: number, lines: string[]): TextEdit {
  const ls = lineStartOf(source.text, offset);
  const indent = /^[ \t]*/.exec(source.text.slice(ls, offset))![0];
  const eol = eolAt(source, offset);
  return { file: source.path, start: ls, end: ls, newText: lines.map((l) => indent + l + eol).join("") };
}

/** Puts words at the front of an exec-form JSON array: `["a"]` → `["/sbin/tini", "--", "a"]`. */
export function prependExecArgs(source: SourceFile, ci: CommandInstruction, words: string[]): TextEdit | { reason: string } {
  if (ci.form !== "exec") return { reason: "not an exec-form instruction" };
  const text = source.text;
  let i = ci.argsSpan.start;
  while (i < ci.argsSpan.end && /\s/.test(text[i]!)) i++;
  if (text[i] !== "[") return { reason: "the JSON array was not found" };
  const json = words.map((w) => JSON.stringify(w));
  if (ci.argv.length === 0) {
    const close = text.indexOf("]", i);
    if (close === -1 || close >= ci.argsSpan.end) return { reason: "the JSON array was not found" };
    return { file: source.path, start: i, end: close + 1, newText: `[${json.join(", ")}]` };
  }
  let j = i + 1;
  while (j < ci.argsSpan.end && /[ \t]/.test(text[j]!)) j++;
  // `[` at the end of its line (an array over several lines): keep the array's own layout
  if (text[j] === "\r" || text[j] === "\n") {
    const nl = nextLineStart(text, j);
    let k = nl;
    while (k < ci.argsSpan.end && /[ \t]/.test(text[k]!)) k++;
    return { file: source.path, start: nl, end: nl, newText: json.map((w) => text.slice(nl, k) + w + "," + eolAt(source, j)).join("") };
  }
  return { file: source.path, start: j, end: j, newText: json.map((w) => `${w}, `).join("") };
}

/** The start of the comment lines right above the line at `offset` (they describe that instruction), or `offset`. */
function aboveComments(source: SourceFile, offset: number): number {
  const text = source.text;
  let ls = lineStartOf(text, offset);
  while (ls > 0) {
    const prevStart = lineStartOf(text, ls - (text[ls - 1] === "\n" && text[ls - 2] === "\r" ? 2 : 1));
    if (!/^[ \t]*#/.test(text.slice(prevStart, ls))) break;
    ls = prevStart;
  }
  return ls;
}

/**
 * Images whose own build sets no USER, so a RUN right after `FROM <image>` runs as root: the Docker Official
 * Images of distributions and language runtimes. Source: the image histories in
 * https://github.com/docker-library/repo-info (repos/<image>/remote/<tag>.md list no USER step), e.g.
 * https://github.com/docker-library/repo-info/blob/master/repos/node/remote/18-alpine.md and
 * https://github.com/docker-library/repo-info/blob/master/repos/nginx/remote/alpine.md; the database images
 * start as root so that their entrypoints can drop privileges with gosu/su-exec
 * (https://github.com/docker-library/postgres/blob/master/docker-entrypoint.sh). Any other image's user is
 * unknown here: many application images end with a non-root USER, and so does one official image
 * (memcached: `USER memcache`), which is therefore not listed.
 */
export const ROOT_BUILD_IMAGES: ReadonlySet<string> = new Set([
  "alpine", "debian", "ubuntu", "busybox", "fedora", "centos", "rockylinux", "almalinux", "oraclelinux", "amazonlinux", "archlinux",
  "node", "python", "pypy", "golang", "ruby", "php", "perl", "rust", "openjdk", "eclipse-temurin", "amazoncorretto",
  "elixir", "erlang", "haskell", "julia", "swift", "dart", "clojure", "buildpack-deps",
  "nginx", "httpd", "postgres", "redis", "mysql", "mariadb", "mongo",
]);

/** The image a stage rests on as written in its FROM (variables unexpanded), for messages. */
function writtenBase(stage: Stage): string {
  const root = rootStage(stage);
  const words = (root.instructions[0]?.args ?? "").trim().split(/\s+/).filter((w) => !w.startsWith("--"));
  return words[0] || root.from;
}

/** The user a new line right after the stage's FROM builds as: root, another user written in the file, or unknown (null). */
function userAtFrom(stage: Stage): { root: true } | { root: false; user: UserInstruction } | { root: null } {
  const inherited = stage.instructions[0]?.user ?? null;
  if (inherited) return isRootUser(inherited) ? { root: true } : { root: false, user: inherited };
  return ROOT_BUILD_IMAGES.has(imageRepository(rootStage(stage).from)) ? { root: true } : { root: null };
}

/** A USER written in `stage` can be written again right after it; one inherited from an earlier stage only when its variables are ENV there. */
function restorable(u: UserInstruction, stage: Stage): boolean {
  if (!u.text.includes("$")) return true;
  if (u.stage === stage) return true;
  const names = [...u.text.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]!);
  return names.every((n) => stage.base?.env.has(n) === true);
}

const POSIX_SHELL = /(^|\/)(sh|bash|ash|dash|zsh|ksh|mksh)$/;

interface Placement {
  edit: TextEdit;
  /** how the install runs as root, for the fix title */
  how: string;
  /** the build's user there is unknown */
  unknownUser: string | null;
}

/**
 * Where the tini install goes so that it runs as root: right after FROM when the build is root there; right after
 * the stage's first `USER root`/`USER 0`; else wrapped in `USER root` … `USER <previous>` where the previous user
 * is written in this file; else right after FROM with the user unknown.
 */
export function placeInstall(source: SourceFile, stage: Stage, run: string): Placement | { reason: string } {
  const instrs = stage.instructions;
  const from = instrs[0];
  if (!from || from.keyword !== "FROM") return { reason: "the stage's FROM was not found" };
  const after = (span: Span, lines: string[], how: string, unknownUser: string | null = null): Placement | { reason: string } => {
    // the new RUN runs with the SHELL in effect after the instruction it follows
    const next = instrs.find((x) => x.span.start >= span.end);
    const sh = next ? next.shell : stage.shell;
    if (!POSIX_SHELL.test(sh[0] ?? "")) return { reason: `the SHELL there is ${JSON.stringify(sh)}, not a POSIX shell: install tini yourself, or run the image with --init` };
    return { edit: insertLinesAfter(source, span.end, lines), how, unknownUser };
  };
  const start = userAtFrom(stage);
  if (start.root === true) return after(from.span, [run], "");
  const rootSwitch = stage.users.find(isRootUser);
  if (rootSwitch) return after(rootSwitch.span, [run], ` after the USER ${rootSwitch.text} at line ${rootSwitch.line}`);
  const wrap = (u: UserInstruction) => ["USER root", run, `USER ${u.text}`];
  if (start.root === false && restorable(start.user, stage)) return after(from.span, wrap(start.user), ` as root (USER root, then USER ${start.user.text} again)`);
  const own = stage.users[0];
  if (own) return after(own.span, wrap(own), ` as root (USER root, then USER ${own.text} again)`);
  return after(from.span, [run], "", writtenBase(stage));
}

const TINI_INSTALLED = /\b(apk\s+add|apt-get\s+install|apt\s+install|dnf\s+install|microdnf\s+install|yum\s+install)\b[^\n]*\btini\b/;

/**
 * The unsafe fix for an image whose PID 1 does not reap: install tini with the base image's package manager
 * and run it as PID 1 in front of what ENTRYPOINT/CMD run, keeping their meaning.
 */
export function tiniFix(df: DockerfileModel, stage: Stage, kb: KnowledgeBase): { title: string; edits: TextEdit[] } | { reason: string } {
  const source = df.source;
  const pm = packageManagerOf(stage, kb);
  if (typeof pm !== "string") return pm;
  const inst = INSTALL[pm];
  const edits: TextEdit[] = [];
  const ep = stage.entrypoint;
  const cmd = stage.cmd;
  let how: string;
  if (ep) {
    if (ep.stage !== stage) return { reason: `ENTRYPOINT is inherited from the stage at line ${ep.line}: wrapping it here would reset CMD; put tini in front of it there, or run the image with --init` };
    if (ep.form !== "exec") return { reason: "the ENTRYPOINT is in shell form: switch it to the exec form first (shell-form-command)" };
    const e = prependExecArgs(source, ep, [inst.tini, "--"]);
    if ("reason" in e) return e;
    edits.push(e);
    how = "in front of ENTRYPOINT";
  } else {
    if (!cmd) return { reason: "the image has no CMD or ENTRYPOINT here" };
    if (cmd.stage !== stage) return { reason: `CMD is inherited from the stage at line ${cmd.line}: an ENTRYPOINT added here would reset it; run the image with --init` };
    const repo = imageRepository(rootStage(stage).from);
    const own = stage.base === null ? IMAGE_ENTRYPOINTS[repo] : undefined;
    const words = [inst.tini, "--", ...(own ? [own] : [])];
    edits.push(insertLinesBefore(source, aboveComments(source, cmd.span.start), [`ENTRYPOINT [${words.map((w) => JSON.stringify(w)).join(", ")}]`]));
    how = own ? `as ENTRYPOINT in front of the image's ${own}` : "as ENTRYPOINT";
  }
  if (stage.runText.some((t) => TINI_INSTALLED.test(t))) return { title: `run tini (${pm}) ${how}`, edits };
  const place = placeInstall(source, stage, inst.run);
  if ("reason" in place) return place;
  // one insertion per offset: an install that lands where the ENTRYPOINT goes is written before it, in one edit
  const same = edits.find((e) => e.start === e.end && e.start === place.edit.start);
  if (same) same.newText = place.edit.newText + same.newText;
  else edits.push(place.edit);
  const title = `install tini (${pm})${place.how} and run it ${how}`;
  if (place.unknownUser !== null) {
    return { title: `the base image's user is unknown: ${title}; the install needs root, so the build fails if ${place.unknownUser} does not build as root`, edits };
  }
  return { title, edits };
}
