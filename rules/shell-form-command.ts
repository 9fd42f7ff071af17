import { defineRule } from "../src/engine/rule.js";
import type { CommandInstruction } from "../src/parse/dockerfile.js";
import type { Fix } from "../src/types.js";

export default defineRule({
  meta: {
    id: "shell-form-command",
    summary: "Shell-form CMD, ENTRYPOINT or HEALTHCHECK CMD in a stage that runs",
    defaultSeverity: "warning",
    fixable: "sometimes",
    messages: {
      cmd: "shell-form {keyword}: Docker runs `/bin/sh -c \"{text}\"`, so the shell (or, once it execs, the program without an init) is PID 1 and SIGTERM may never reach the program. Use the JSON exec form",
      healthcheck: "shell-form HEALTHCHECK CMD: every check runs `/bin/sh -c`, whose children are orphaned to PID 1 when the check times out. Prefer the exec form",
    },
    sources: [
      { title: "hadolint DL3025: use arguments JSON notation for CMD and ENTRYPOINT", url: "https://github.com/hadolint/hadolint/wiki/DL3025", code: "DL3025" },
      { title: "Dockerfile reference: shell and exec form", url: "https://docs.docker.com/reference/dockerfile/#shell-and-exec-form" },
    ],
  },
  docs: {
    what: "Flags CMD, ENTRYPOINT and HEALTHCHECK CMD written in shell form (not a JSON array) in a Dockerfile stage that runs: the last stage, or a compose build `target`, including instructions inherited through `FROM <stage>`.",
    why: "Shell form wraps the command in `/bin/sh -c`. With dash (Debian and Ubuntu's /bin/sh) the shell stays PID 1 and ignores SIGTERM; with bash or busybox the program becomes PID 1 without an init. A shell-form ENTRYPOINT also ignores CMD and compose `command`.",
    bad: "CMD java -jar /opt/app.jar",
    good: "CMD [\"java\", \"-jar\", \"/opt/app.jar\"]",
    fixSafety: "Rewriting to the exec form is safe when the command has no shell syntax (no variables, quotes, pipes, `&&`, redirections, globs). With shell syntax, `[\"/bin/sh\", \"-c\", \"exec …\"]` is offered as unsafe for a single command; otherwise no fix.",
  },
  check(ctx) {
    const seen = new Set<CommandInstruction>();
    for (const stage of ctx.model.runningStages) {
      for (const ci of [stage.entrypoint, stage.cmd, stage.healthcheck]) {
        if (!ci || ci.form !== "shell" || seen.has(ci)) continue;
        seen.add(ci);
        const text = ci.shellText ?? "";
        if (ci.keyword === "HEALTHCHECK") {
          ctx.report({ messageId: "healthcheck", at: ci.span, ...fixFor(ci, true) });
        } else {
          ctx.report({ messageId: "cmd", data: { keyword: ci.keyword, text: text.length > 50 ? text.slice(0, 47) + "…" : text }, at: ci.span, ...fixFor(ci, false) });
        }
      }
    }
  },
});

const PLAIN_WORD = /^[A-Za-z0-9_./:=@%+,-]+$/;

function fixFor(ci: CommandInstruction, healthcheck: boolean): { fix?: Fix | null; noFixReason?: string } {
  const text = (ci.shellText ?? "").trim();
  if (/[\r\n]/.test(text)) return { noFixReason: "the command spans lines" };
  const words = text.split(/[ \t]+/).filter(Boolean);
  if (words.length === 0) return { noFixReason: "empty command" };
  const json = (arr: string[]): string => "[" + arr.map((w) => JSON.stringify(w)).join(", ") + "]";
  const edit = (newText: string) => ({ file: ci.argsSpan.file, start: ci.argsSpan.start, end: ci.argsSpan.end, newText });
  if (words.every((w) => PLAIN_WORD.test(w))) {
    return { fix: { title: "use the exec form", safety: "safe", edits: [edit(json(words))] } };
  }
  if (healthcheck) return { noFixReason: "the check uses shell syntax" };
  // a single command with variables: keep the shell for expansion, but exec the program
  if (!/[|;&<>()`\\]|\$\(/.test(text) && !/^exec\s/.test(text)) {
    return { fix: { title: "exec form through the shell, with exec", safety: "unsafe", edits: [edit(json(["/bin/sh", "-c", `exec ${text}`]))] } };
  }
  return { noFixReason: "the command uses shell operators" };
}
