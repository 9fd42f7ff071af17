// Minimal text edits on Dockerfiles: insert whole lines in the file's own line endings, or a few
// characters inside an exec-form JSON array; never rewrite an instruction the fix does not name.
import { imageRepository, imageTag, isBusyboxImage, type KnowledgeBase } from "../knowledge/index.js";
import type { CommandInstruction, DockerfileModel, Stage } from "../parse/dockerfile.js";
import type { SourceFile, TextEdit } from "../types.js";
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

function userValue(source: SourceFile, stage: Stage): string | null {
  // the USER in effect where the new RUN goes (right after this stage's FROM): the last one of the stages it is built on
  for (let s = stage.base; s; s = s.base) {
    const users = s.instructions.filter((x) => x.keyword === "USER");
    const last = users[users.length - 1];
    if (last) {
      const m = /^\s*USER\s+(\S+)/i.exec(source.text.slice(last.span.start, last.span.end));
      return m ? m[1]! : null;
    }
  }
  return null;
}

const TINI_INSTALLED = /\b(apk\s+add|apt-get\s+install|apt\s+install|dnf\s+install|microdnf\s+install|yum\s+install)\b[^\n]*\btini\b/;

/**
 * The unsafe fix for an image whose PID 1 does not reap: install tini with the base image's package manager
 * and run it as PID 1 in front of what ENTRYPOINT/CMD run, keeping their meaning.
 */
export function tiniFix(df: DockerfileModel, stage: Stage, kb: KnowledgeBase): { title: string; edits: TextEdit[] } | { reason: string } {
  const source = df.source;
  const shell = stage.shell[0] ?? "/bin/sh";
  if (!/(^|\/)(sh|bash|ash|dash|zsh)$/.test(shell)) return { reason: `the SHELL is ${shell}: install tini yourself, or run the image with --init` };
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
  if (!stage.runText.some((t) => TINI_INSTALLED.test(t))) {
    const user = userValue(source, stage);
    const lines = user && user !== "root" && user !== "0" ? ["USER root", inst.run, `USER ${user}`] : [inst.run];
    const from = stage.instructions[0];
    if (!from || from.keyword !== "FROM") return { reason: "the stage's FROM was not found" };
    edits.push(insertLinesAfter(source, from.span.end, lines));
  }
  return { title: `install tini (${pm}) and run it ${how}`, edits };
}
