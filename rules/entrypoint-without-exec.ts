import { defineRule } from "../src/engine/rule.js";
import type { Fix } from "../src/types.js";

export default defineRule({
  meta: {
    id: "entrypoint-without-exec",
    summary: "The final long-running command of an entrypoint script or `sh -c` string is not exec'd, so the shell stays PID 1",
    defaultSeverity: "warning",
    fixable: "sometimes",
    messages: {
      script: "`{command}` runs as a child of the shell, which stays PID 1 and does not forward SIGTERM: `docker stop` waits out the grace period and kills. Use `exec {command}`",
      inline: "the `sh -c` command ends with `{command}` without exec: the shell may stay PID 1 (dash, Debian's /bin/sh, does not exec the last command) and does not forward SIGTERM. Use `exec {command}`",
    },
    sources: [
      { title: "Docker docs: ENTRYPOINT, exec form and signals", url: "https://docs.docker.com/reference/dockerfile/#entrypoint" },
      { title: "docker-library: entrypoint scripts end in exec \"$@\"", url: "https://github.com/docker-library/official-images#consistency" },
    ],
  },
  docs: {
    what: "Flags the last command of an entrypoint script (or of a compose `command`/`entrypoint` like `sh -c \"npm ci && node server.js\"`) when it is a long-running program that is not started with `exec`.",
    why: "Without `exec`, the shell stays PID 1 and the program runs as its child. A shell as PID 1 has no default SIGTERM action and does not pass the signal on, so every `docker stop` waits for the grace period (10 s) and ends in SIGKILL; the program never gets a chance to shut down cleanly.",
    bad: "#!/bin/sh\nset -e\nnpx prisma migrate deploy\nnode dist/main.js",
    good: "#!/bin/sh\nset -e\nnpx prisma migrate deploy\nexec node dist/main.js",
    fixSafety: "Adding `exec` before the final simple command is safe: nothing runs after it.",
  },
  check(ctx) {
    const seen = new Set<string>();
    for (const c of ctx.model.containers) {
      const s = c.chain.shellStays;
      if (!s || c.oneShot) continue;
      const key = `${s.at.file}:${s.at.start}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const fix: Fix | null = s.execInsert
        ? { title: `exec ${s.command.split(" ")[0]}`, safety: "safe", edits: [{ file: s.execInsert.file, start: s.execInsert.offset, end: s.execInsert.offset, newText: s.execInsert.text }] }
        : null;
      ctx.report({ messageId: s.origin === "script" ? "script" : "inline", data: { command: s.command.length > 60 ? s.command.slice(0, 57) + "…" : s.command }, at: s.at, fix });
    }
  },
});
