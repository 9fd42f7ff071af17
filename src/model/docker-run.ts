// `docker run` / `podman run` calls in shell scripts and Makefiles.
import { shlexSplit } from "./build.js";
import { lineText } from "../source.js";
import type { SourceFile, Span } from "../types.js";
import type { Arg } from "./chain.js";

export interface DockerBuildCall {
  tags: string[];
  /** build context as written (relative to the file's directory) */
  context: string;
  /** -f/--file */
  dockerfile: string | null;
  target: string | null;
}

export interface DockerRunCall {
  span: Span;
  image: string | null;
  name: string | null;
  detach: boolean;
  restart: string | null;
  init: boolean;
  rm: boolean;
  pid: string | null;
  entrypoint: { args: Arg[]; span: Span } | null;
  command: { args: Arg[]; span: Span } | null;
}

const RUN_RE = /\b(?:docker|podman)\s+(?:container\s+)?run\b/;
const BUILD_RE = /\b(?:docker|podman)\s+(?:image\s+)?(?:build|buildx\s+build)\b/;

/** Variables a Makefile or script sets with a literal value: `IMAGE ?= x`, `IMAGE := x`, `IMAGE=x`. */
export function fileVariables(text: string): Map<string, string> {
  const vars = new Map<string, string>();
  for (const line of text.split(/\r?\n|\r/)) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*(\?=|:=|::=|=|\+=)\s*(.*?)\s*$/.exec(line);
    if (!m || m[2] === "+=") continue;
    let v = m[3]!;
    if (/^(["']).*\1$/.test(v)) v = v.slice(1, -1);
    if (m[2] === "?=" && vars.has(m[1]!)) continue;
    vars.set(m[1]!, v);
  }
  return vars;
}

/** Replaces $(VAR), ${VAR} and $VAR with literal values where known; `${VAR:-default}` takes the default. */
export function substitute(text: string, vars: Map<string, string>, depth = 0): string {
  if (depth > 8) return text;
  const out = text.replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (m, a, b, def, c) => {
    const name = (a ?? b ?? c) as string;
    const v = vars.get(name);
    if (v !== undefined && v !== "") return v;
    if (def !== undefined) return def as string;
    return m;
  });
  return out !== text && /\$/.test(out) ? substitute(out, vars, depth + 1) : out;
}

/** `docker build -t name[:tag] [-f file] [--target t] context` calls, with variables substituted. */
export function findDockerBuilds(file: SourceFile): DockerBuildCall[] {
  const out: DockerBuildCall[] = [];
  if (!BUILD_RE.test(file.text)) return out;
  const vars = fileVariables(file.text);
  for (const { text } of logicalLines(file)) {
    const m = BUILD_RE.exec(text);
    if (!m || /^\s*#/.test(text)) continue;
    const after = text.slice(m.index + m[0].length).split(/\s*(?:&&|\|\||;|\|)\s*/)[0]!;
    const words = shlexSplit(substitute(after, vars));
    const call: DockerBuildCall = { tags: [], context: ".", dockerfile: null, target: null };
    const rest: string[] = [];
    for (let k = 0; k < words.length; k++) {
      const w = words[k]!;
      const eq = w.indexOf("=");
      const flag = w.startsWith("--") && eq !== -1 ? w.slice(0, eq) : w;
      const inline = w.startsWith("--") && eq !== -1 ? w.slice(eq + 1) : null;
      const value = (): string => inline ?? words[++k] ?? "";
      if (flag === "-t" || flag === "--tag") call.tags.push(value());
      else if (flag === "-f" || flag === "--file") call.dockerfile = value();
      else if (flag === "--target") call.target = value();
      else if (/^--(build-arg|label|platform|network|secret|ssh|cache-from|cache-to|output|progress|iidfile|add-host|build-context|shm-size|ulimit|isolation|cgroup-parent|memory|cpu-shares|cpuset-cpus)$/.test(flag) && inline === null) k++;
      else if (!w.startsWith("-")) rest.push(w);
    }
    if (rest.length) call.context = rest[rest.length - 1]!;
    if (call.tags.length) out.push(call);
  }
  return out;
}

function logicalLines(file: SourceFile): { text: string; first: number; last: number }[] {
  const lines = file.text.split(/\r?\n|\r/);
  const out: { text: string; first: number; last: number }[] = [];
  for (let i = 0; i < lines.length; i++) {
    let text = lines[i]!;
    const first = i;
    while (/\\\s*$/.test(text) && i + 1 < lines.length) text = text.replace(/\\\s*$/, " ") + lines[++i]!;
    out.push({ text, first, last: i });
  }
  return out;
}

/** Flags of `docker run` that take a value (when not written as --flag=value). */
const WITH_VALUE = new Set([
  "-a", "--attach", "--add-host", "--blkio-weight", "--cap-add", "--cap-drop", "--cgroup-parent", "--cgroupns", "--cidfile",
  "--cpu-period", "--cpu-quota", "--cpu-shares", "-c", "--cpus", "--cpuset-cpus", "--cpuset-mems", "--device", "--dns",
  "--dns-option", "--dns-search", "--domainname", "--entrypoint", "-e", "--env", "--env-file", "--expose", "--gpus",
  "--group-add", "--health-cmd", "--health-interval", "--health-retries", "--health-start-period", "--health-timeout",
  "-h", "--hostname", "--ip", "--ip6", "--ipc", "--isolation", "--kernel-memory", "-l", "--label", "--label-file", "--link",
  "--log-driver", "--log-opt", "--mac-address", "-m", "--memory", "--memory-reservation", "--memory-swap", "--mount",
  "--name", "--network", "--net", "--network-alias", "--pid", "--pids-limit", "--platform", "-p", "--publish", "--pull",
  "--restart", "--runtime", "--security-opt", "--shm-size", "--stop-signal", "--stop-timeout", "--storage-opt", "--sysctl",
  "--tmpfs", "-u", "--user", "--userns", "--uts", "-v", "--volume", "--volume-driver", "--volumes-from", "-w", "--workdir",
  "--ulimit", "--hostname", "--log-level",
]);

export function findDockerRuns(file: SourceFile): DockerRunCall[] {
  const out: DockerRunCall[] = [];
  if (!RUN_RE.test(file.text)) return out;
  const vars = fileVariables(file.text);
  for (const { text, first: i } of logicalLines(file)) {
    const m = RUN_RE.exec(text);
    if (!m || /^\s*#/.test(text)) continue;
    const first = lineText(file, i + 1);
    const start = file.lineStarts[i]! + Math.max(0, first.search(/\S/));
    const span: Span = { file: file.path, start, end: file.lineStarts[i]! + first.length };
    const after = text.slice(text.indexOf(m[0]) + m[0].length).split(/\s*(?:&&|\|\||;|\|)\s*/)[0]!;
    const words = shlexSplit(substitute(after, vars));
    const call: DockerRunCall = { span, image: null, name: null, detach: false, restart: null, init: false, rm: false, pid: null, entrypoint: null, command: null };
    let k = 0;
    for (; k < words.length; k++) {
      const w = words[k]!;
      if (!w.startsWith("-") || w === "-") break;
      if (w === "--") {
        k++;
        break;
      }
      const eq = w.indexOf("=");
      const flag = w.startsWith("--") && eq !== -1 ? w.slice(0, eq) : w;
      let value: string | null = w.startsWith("--") && eq !== -1 ? w.slice(eq + 1) : null;
      if (value === null && WITH_VALUE.has(flag)) value = words[++k] ?? "";
      if (!w.startsWith("--") && w.length > 2 && value === null) {
        // grouped short flags: -dit
        for (const ch of w.slice(1)) {
          if (ch === "d") call.detach = true;
        }
        continue;
      }
      switch (flag) {
        case "-d":
        case "--detach":
          call.detach = value !== "false";
          break;
        case "--restart":
          call.restart = value;
          break;
        case "--init":
          call.init = value !== "false";
          break;
        case "--rm":
          call.rm = value !== "false";
          break;
        case "--name":
          call.name = value;
          break;
        case "--pid":
          call.pid = value;
          break;
        case "--entrypoint":
          call.entrypoint = { args: shlexSplit(value ?? "").map((t) => ({ text: t, span })), span };
          break;
      }
    }
    call.image = words[k] ?? null;
    const cmd = words.slice(k + 1);
    if (cmd.length) call.command = { args: cmd.map((t) => ({ text: t, span })), span };
    if (call.restart === "no") call.restart = null;
    out.push(call);
  }
  return out;
}
