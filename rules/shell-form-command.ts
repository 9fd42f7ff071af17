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
    fixSafety: "Rewriting to the exec form is safe when the command has no shell syntax (no variables, quotes, pipes, `&&`, redirections, globs). With shell syntax, `[\"/bin/sh\", \"-c\", \"exec …\"]` is offered as unsafe for a single simple command (no operators, no positional parameters); otherwise no fix. A shell-form ENTRYPOINT ignores CMD, which the exec form passes to it as arguments: with a CMD the rewrite is unsafe. HEALTHCHECK options are kept; a leading `exec` is dropped (the exec form needs none).",
  },
  check(ctx) {
    const seen = new Set<CommandInstruction>();
    for (const stage of ctx.model.runningStages) {
      for (const ci of [stage.entrypoint, stage.cmd, stage.healthcheck]) {
        if (!ci || ci.form !== "shell" || seen.has(ci)) continue;
        seen.add(ci);
        const text = ci.shellText ?? "";
        if (ci.keyword === "HEALTHCHECK") {
          ctx.report({ messageId: "healthcheck", at: ci.span, ...fixFor({ ...ci, rawArgs: ctx.file(ci.argsSpan.file)?.text.slice(ci.argsSpan.start, ci.argsSpan.end) ?? "" }, true, false) });
        } else {
          ctx.report({ messageId: "cmd", data: { keyword: ci.keyword, text: text.length > 50 ? text.slice(0, 47) + "…" : text }, at: ci.span, ...fixFor({ ...ci, rawArgs: ctx.file(ci.argsSpan.file)?.text.slice(ci.argsSpan.start, ci.argsSpan.end) ?? "" }, false, stage.cmd !== null) });
        }
      }
    }
  },
});

const PLAIN_WORD = /^[A-Za-z0-9_./:=@%+,-]+$/;
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;
/** words that only a shell understands as the first word: no program of that name runs */
const SHELL_ONLY = new Set(["if", "then", "else", "elif", "fi", "for", "while", "until", "do", "done", "case", "esac", "in", "function", "select", "cd", "export", "set", "unset", "source", ".", "ulimit", "umask", "trap", "eval", "readonly", "local", "shift", "wait", "alias", "return", "break", "continue", ":"]);

function fixFor(ci: CommandInstruction & { rawArgs: string }, healthcheck: boolean, runningCmd: boolean): { fix?: Fix | null; noFixReason?: string } {
  const text = (ci.shellText ?? "").trim();
  if (/[\r\n]/.test(text)) return { noFixReason: "the command spans lines" };
  if (/\r?\n[ \t]*#/.test(ci.rawArgs)) return { noFixReason: "comment lines inside the command would be lost" };
  const json = (arr: string[]): string => "[" + arr.map((w) => JSON.stringify(w)).join(", ") + "]";
  const edit = (newText: string) => ({ file: ci.argsSpan.file, start: ci.argsSpan.start, end: ci.argsSpan.end, newText });
  let words = text.split(/[ \t]+/).filter(Boolean);
  // `exec` is a shell builtin: the exec form runs the program directly
  const hadExec = words[0] === "exec";
  if (hadExec) words = words.slice(1);
  if (words.length === 0) return { noFixReason: "empty command" };
  // a shell-form ENTRYPOINT ignores CMD; in exec form CMD (and compose `command`) becomes its arguments
  const cmdJoins = ci.keyword === "ENTRYPOINT" && runningCmd;
  const caveat = cmdJoins ? " (CMD then becomes arguments of the ENTRYPOINT)" : "";
  if (words.every((w) => PLAIN_WORD.test(w)) && !ASSIGNMENT.test(words[0]!) && !SHELL_ONLY.has(words[0]!)) {
    return { fix: { title: `use the exec form${caveat}`, safety: cmdJoins ? "unsafe" : "safe", edits: [edit(json(words))] } };
  }
  if (healthcheck) return { noFixReason: "the check uses shell syntax" };
  // a single simple command with expansions or quotes: keep the shell for them, but exec the program
  if (/[|;&<>()`\\{}]|\$\(/.test(text)) return { noFixReason: "the command uses shell operators" };
  // positional parameters would take CMD's words once the ENTRYPOINT is in exec form
  if (/\$(\{)?[0-9@*#]/.test(text)) return { noFixReason: "the command uses positional parameters ($0, $@…)" };
  const m = /^((?:[A-Za-z_][A-Za-z0-9_]*=[^\s'"]*[ \t]+)*)(.*)$/s.exec(text)!;
  const assigns = m[1]!;
  const command = m[2]!;
  const first = command.split(/[ \t]+/)[0] ?? "";
  if (!command || (first === "exec" && command.trim() === "exec")) return { noFixReason: "no command to run" };
  if (SHELL_ONLY.has(first) || ASSIGNMENT.test(first)) return { noFixReason: "the command is shell syntax, not a program" };
  // keep the text as written: only `exec` is added, after any leading assignments (they stay in the program's environment)
  const body = first === "exec" ? text : `${assigns}exec ${command}`;
  return { fix: { title: `exec form through the shell, with exec${caveat}`, safety: "unsafe", edits: [edit(json(["/bin/sh", "-c", body]))] } };
}
