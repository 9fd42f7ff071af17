import { defineRule } from "../src/engine/rule.js";
import { needsInit } from "./missing-init.js";

export default defineRule({
  meta: {
    id: "healthcheck-orphans",
    summary: "A shell healthcheck runs under a PID 1 that does not reap, with no init",
    defaultSeverity: "warning",
    fixable: "none",
    messages: {
      shell: "the healthcheck runs through a shell (`{text}`) and {name} has no init: on a timeout Docker kills only the shell, and the children it leaves are orphaned to {program}, which does not reap them. Add `init: true` or use an exec-form check",
    },
    sources: [
      { title: "minio #5514: zombies from healthchecks", url: "https://github.com/minio/minio/issues/5514" },
      { title: "docker-library/postgres #1349", url: "https://github.com/docker-library/postgres/issues/1349" },
      { title: "Compose specification: healthcheck", url: "https://docs.docker.com/reference/compose-file/services/#healthcheck" },
    ],
  },
  docs: {
    what: "Flags a shell healthcheck (`CMD-SHELL`, a string `test:`, or a shell-form HEALTHCHECK CMD) in a container whose PID 1 does not reap orphans and that has no init.",
    why: "Each check is a process started inside the container. When it times out Docker kills the process it started; the children of a shell check are orphaned to PID 1. A non-reaping PID 1 keeps them as zombies, one set per failed check.",
    bad: "services:\n  bot:\n    build: .   # CMD [\"node\", \"bot.js\"]\n    healthcheck:\n      test: curl -fsS http://localhost:3000/health || exit 1",
    good: "services:\n  bot:\n    build: .\n    init: true\n    healthcheck:\n      test: [\"CMD\", \"curl\", \"-fsS\", \"http://localhost:3000/health\"]",
    fixSafety: "No fix of its own: `missing-init` adds `init: true`.",
  },
  check(ctx) {
    const seen = new Set<string>();
    for (const c of ctx.model.containers) {
      if (c.chain.verdict !== "non-reaper" || !needsInit(c)) continue;
      for (const h of c.healthchecks) {
        if (!h.shell || h.disabled) continue;
        const key = `${h.at.file}:${h.at.start}`;
        if (seen.has(key)) continue;
        seen.add(key);
        ctx.report({
          messageId: "shell",
          data: { text: h.text.length > 40 ? h.text.slice(0, 37) + "…" : h.text, name: c.kind === "service" ? `service \`${c.name}\`` : "the container", program: c.chain.program ?? "PID 1" },
          at: h.at,
          severity: c.kind === "image" ? "info" : undefined,
        });
      }
    }
  },
});
