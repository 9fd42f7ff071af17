import { defineRule } from "../src/engine/rule.js";
import type { Container, ShellStays } from "../src/model/types.js";
import type { Fix } from "../src/types.js";

export default defineRule({
  meta: {
    id: "entrypoint-without-exec",
    summary: "The final long-running command of an entrypoint script or `sh -c` string is not exec'd, so the shell stays PID 1",
    defaultSeverity: "warning",
    fixable: "sometimes",
    messages: {
      script: "`{command}` runs as a child of the shell, which stays PID 1 and does not forward SIGTERM: `docker stop` waits out the grace period and kills. Use `exec {command}`",
      scriptVia: "`{command}` ({via}) runs as a child of the shell, which stays PID 1 and does not forward SIGTERM: `docker stop` waits out the grace period and kills. Use `exec {command}` here",
      inline: "the `sh -c` command ends with `{command}` without exec: the shell may stay PID 1 (dash, Debian's /bin/sh, does not exec the last command) and does not forward SIGTERM. Use `exec {command}`",
      execFunction: "`exec {name}` fails at start: `{name}` is a shell function{defined}, and exec runs only programs (\"exec: {name}: not found\", exit 127). Call the function without exec, and exec the program it ends with",
      execBuiltin: "`exec {name}` fails at start: `{name}` is a shell {kind}, not a program (\"exec: {name}: not found\", exit 127)",
    },
    sources: [
      { title: "Docker docs: ENTRYPOINT, exec form and signals", url: "https://docs.docker.com/reference/dockerfile/#entrypoint" },
      { title: "docker-library: entrypoint scripts end in exec \"$@\"", url: "https://github.com/docker-library/official-images#consistency" },
      { title: "POSIX: exec runs a utility, not a function or builtin", url: "https://pubs.opengroup.org/onlinepubs/9799919799/utilities/V3_chap02.html#exec" },
    ],
  },
  docs: {
    what: "Flags the last command of an entrypoint script (or of a compose `command`/`entrypoint` like `sh -c \"npm ci && node server.js\"`) when it is a long-running program that is not started with `exec`, following calls of the script's functions and the files it sources (`. lib.sh`). Also flags `exec name` where `name` is a shell function, builtin or alias: exec runs only programs, so it fails with \"not found\". A script that traps SIGTERM, forwards it to its background jobs and `wait`s for them is a supervisor, and is not flagged.",
    why: "Without `exec`, the shell stays PID 1 and the program runs as its child. A shell as PID 1 has no default SIGTERM action and does not pass the signal on, so every `docker stop` waits for the grace period (10 s) and ends in SIGKILL; the program never gets a chance to shut down cleanly.",
    bad: "#!/bin/sh\nset -e\nnpx prisma migrate deploy\nnode dist/main.js",
    good: "#!/bin/sh\nset -e\nnpx prisma migrate deploy\nexec node dist/main.js",
    fixSafety: "Adding `exec` is safe only when the result provably runs the same program: the word is a program written in the script (or the known arguments `\"$@\"`), not a function, builtin, alias or variable; when the script ends in a call of one of its functions, `exec` goes before the function's last command, and only when the function is defined once, called once and not run in a subshell. Never in a sourced file, never when a sourced file is not read. When the script sets a trap, the fix is unsafe (the trap no longer runs once the shell is replaced). Removing the `exec` before a function call is unsafe: the function then runs in the shell.",
  },
  check(ctx) {
    const seen = new Set<string>();
    for (const c of ctx.model.containers) {
      const b = c.chain.brokenExec;
      if (!b) continue;
      const key = `${b.at.file}:${b.at.start}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const defined = b.definedAt ? ` (defined at ${ctx.file(b.definedAt.file)?.rel.split("/").pop() ?? "?"}:${ctx.line(b.definedAt)})` : "";
      const fix: Fix | null = b.removeExec && b.kind === "function"
        ? { title: `call \`${b.name}\` without exec`, safety: "unsafe", edits: [{ file: b.removeExec.file, start: b.removeExec.start, end: b.removeExec.end, newText: "" }] }
        : null;
      ctx.report({ messageId: b.kind === "function" ? "execFunction" : "execBuiltin", data: { name: b.name, kind: b.kind, defined }, at: b.at, severity: "error", fix });
    }
    for (const [key, group] of byLocation(ctx.model.containers)) {
      if (seen.has(key)) continue;
      seen.add(key);
      const s = group[0]!;
      const command = s.command.length > 60 ? s.command.slice(0, 57) + "…" : s.command;
      const messageId = s.origin !== "script" ? "inline" : s.via ? "scriptVia" : "script";
      ctx.report({ messageId, data: { command, via: s.via ?? "" }, at: s.at, ...execFix(group) });
    }
  },
});

/** The places where a shell stays PID 1, each with every long-running container that reaches it. */
function byLocation(containers: Container[]): Map<string, ShellStays[]> {
  const out = new Map<string, ShellStays[]>();
  for (const c of containers) {
    const s = c.chain.shellStays;
    if (!s || c.oneShot || c.chain.brokenExec) continue;
    const key = `${s.at.file}:${s.at.start}`;
    out.set(key, [...(out.get(key) ?? []), s]);
  }
  return out;
}

/** `exec` is offered only when every container that runs the script agrees it is the same program. */
function execFix(group: ShellStays[]): { fix: Fix | null; noFixReason?: string } {
  const missing = group.find((s) => !s.execInsert);
  if (missing) return { fix: null, ...(missing.noFixReason ? { noFixReason: missing.noFixReason } : {}) };
  const ins = group[0]!.execInsert!;
  const unsafe = group.some((s) => s.execInsert!.safety === "unsafe");
  const note = group.find((s) => s.execInsert!.note)?.execInsert!.note;
  const title = `exec ${group[0]!.command.split(" ")[0]}${note ? ` (${note})` : ""}`;
  return { fix: { title, safety: unsafe ? "unsafe" : "safe", edits: [{ file: ins.file, start: ins.offset, end: ins.offset, newText: ins.text }] } };
}
