import { defineRule } from "../src/engine/rule.js";
import type { CommandInstruction, Stage } from "../src/parse/dockerfile.js";
import type { Fix } from "../src/types.js";

export default defineRule({
  meta: {
    id: "shell-form-command",
    summary: "Shell-form CMD, ENTRYPOINT or HEALTHCHECK CMD in a stage that runs",
    defaultSeverity: "warning",
    fixable: "sometimes",
    messages: {
      cmd: "shell-form {keyword}: Docker runs `{shell} \"{text}\"`, so the shell (or, once it execs, the program without an init) is PID 1 and SIGTERM may never reach the program. Use the JSON exec form",
      cmdOtherShell: "shell-form {keyword}: Docker runs `{shell} \"{text}\"`: {name} starts the program as its child and stays in front of it, so a stop signal reaches {name}, not the program. Use the JSON exec form",
      healthcheck: "shell-form HEALTHCHECK CMD: every check runs `{shell}`, whose children are orphaned to PID 1 when the check times out. Prefer the exec form",
    },
    sources: [
      { title: "hadolint DL3025: use arguments JSON notation for CMD and ENTRYPOINT", url: "https://github.com/hadolint/hadolint/wiki/DL3025", code: "DL3025" },
      { title: "Dockerfile reference: shell and exec form", url: "https://docs.docker.com/reference/dockerfile/#shell-and-exec-form" },
    ],
  },
  docs: {
    what: "Flags CMD, ENTRYPOINT and HEALTHCHECK CMD written in shell form (not a JSON array) in a Dockerfile stage that runs: the last stage, or a compose build `target`, including instructions inherited through `FROM <stage>`.",
    why: "Shell form wraps the command in the stage's SHELL (`/bin/sh -c` unless a `SHELL` instruction, also inherited through `FROM <stage>`, says otherwise; a HEALTHCHECK uses the SHELL of the image that runs it). With dash (Debian and Ubuntu's /bin/sh) the shell stays PID 1 and ignores SIGTERM; with bash or busybox the program becomes PID 1 without an init. A shell-form ENTRYPOINT also ignores CMD and compose `command`.",
    bad: "CMD java -jar /opt/app.jar",
    good: "CMD [\"java\", \"-jar\", \"/opt/app.jar\"]",
    fixSafety: "Rewriting to the exec form is safe when the command has no shell syntax (no variables, quotes, pipes, `&&`, redirections, globs) and the SHELL only runs it (sh, bash, dash or ash with `-c` and at most `-e`, `-u`, `-x`, `-o pipefail`-style options, no `BASH_ENV`). With shell syntax, or a SHELL that may run start-up files first (a login shell, zsh…), the stage's own SHELL with `exec` in front of the command (`[\"/bin/sh\", \"-c\", \"exec …\"]` by default) is offered as unsafe for a single simple command (no operators, no positional parameters); otherwise no fix. No fix when the SHELL is not a POSIX shell (powershell, cmd): the exec form would run the command without it. A shell-form ENTRYPOINT ignores CMD, which the exec form passes to it as arguments: with a CMD the rewrite is unsafe. HEALTHCHECK options are kept; a leading `exec` is dropped (the exec form needs none).",
  },
  check(ctx) {
    const seen = new Set<CommandInstruction>();
    for (const stage of ctx.model.runningStages) {
      for (const ci of [stage.entrypoint, stage.cmd, stage.healthcheck]) {
        if (!ci || ci.form !== "shell" || seen.has(ci)) continue;
        seen.add(ci);
        const text = ci.shellText ?? "";
        const rawArgs = ctx.file(ci.argsSpan.file)?.text.slice(ci.argsSpan.start, ci.argsSpan.end) ?? "";
        // CMD/ENTRYPOINT keep the SHELL in effect where they are written; a HEALTHCHECK runs with the image's SHELL
        const shell = ci.keyword === "HEALTHCHECK" ? stage.shell : ci.argv.slice(0, -1);
        const kind = shellKind(shell, stage);
        const fix = fixFor({ ...ci, rawArgs }, shell, kind, ci.keyword === "HEALTHCHECK", stage.cmd !== null);
        if (ci.keyword === "HEALTHCHECK") {
          ctx.report({ messageId: "healthcheck", data: { shell: shellText(shell) }, at: ci.span, ...fix });
        } else {
          const short = text.length > 50 ? text.slice(0, 47) + "…" : text;
          const data = { keyword: ci.keyword, text: short, shell: shellText(shell), name: shellName(shell) };
          ctx.report({ messageId: kind === "other" ? "cmdOtherShell" : "cmd", data, at: ci.span, ...fix });
        }
      }
    }
  },
});

/** A SHELL array as a command line (words with spaces or quotes are JSON-quoted). */
function shellText(shell: string[]): string {
  return shell.map((w) => (/^[^\s"'\\]+$/.test(w) ? w : JSON.stringify(w))).join(" ");
}

function shellName(shell: string[]): string {
  return (shell[0] ?? "").split(/[\\/]/).pop() ?? "";
}

/**
 * What the SHELL does with a command before running it:
 * - `plain`: sh, bash, dash, ash (busybox) with `-c` and options that do not change a simple command: the exec
 *   form runs the same program;
 * - `startup`: a POSIX shell that may run start-up code first (a login or interactive shell, zsh's zshenv, ksh,
 *   bash with BASH_ENV, other options): the exec form would skip it;
 * - `other`: not a POSIX shell (powershell, cmd, an interpreter): its command language is not the shell's.
 */
function shellKind(shell: string[], stage: Stage): "plain" | "startup" | "other" {
  let name = shellName(shell);
  let rest = shell.slice(1);
  if (name === "busybox" && /^(sh|ash)$/.test(rest[0] ?? "")) {
    name = rest[0]!;
    rest = rest.slice(1);
  }
  if (!/^(sh|bash|dash|ash|zsh|ksh|mksh)$/.test(name)) return "other";
  if (!/^(sh|bash|dash|ash)$/.test(name)) return "startup";
  if (name === "bash" && stage.env.has("BASH_ENV")) return "startup";
  // options up to the one that takes the command string (`-c`, or a group ending in c such as `-ec`)
  for (let i = 0; i < rest.length; i++) {
    const o = rest[i]!;
    if (/^-[eux]*c$/.test(o)) return i === rest.length - 1 ? "plain" : "startup";
    if (/^[-+][eux]+$/.test(o)) continue;
    if (/^[-+]o$/.test(o) && /^(pipefail|errexit|nounset|xtrace)$/.test(rest[i + 1] ?? "")) {
      i++;
      continue;
    }
    if (name === "bash" && /^--(norc|noprofile)$/.test(o)) continue;
    return "startup";
  }
  return "startup";
}

const PLAIN_WORD = /^[A-Za-z0-9_./:=@%+,-]+$/;
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;
/** words that only a shell understands as the first word: no program of that name runs */
const SHELL_ONLY = new Set([
  "if", "then", "else", "elif", "fi", "for", "while", "until", "do", "done", "case", "esac", "in", "function", "select", "cd", "export", "set", "unset", "source", ".", "ulimit", "umask", "trap", "eval", "readonly", "local", "shift", "wait", "alias", "return", "break", "continue", ":",
  // builtins with no program of that name (bash and POSIX shells)
  "declare", "typeset", "let", "shopt", "pushd", "popd", "dirs", "builtin", "enable", "mapfile", "readarray", "disown", "hash", "type", "command", "jobs", "fg", "bg", "suspend", "logout", "times", "getopts", "read", "compgen", "complete", "history", "fc", "caller", "coproc",
]);

function fixFor(
  ci: CommandInstruction & { rawArgs: string },
  shell: string[],
  kind: "plain" | "startup" | "other",
  healthcheck: boolean,
  runningCmd: boolean,
): { fix?: Fix | null; noFixReason?: string } {
  if (kind === "other") return { noFixReason: `the SHELL is ${shellText(shell)}, not a POSIX shell: the exec form would run the command without it` };
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
  // a shell that may run start-up files first (a login shell…) is kept: the command goes through it, with exec
  const plainWords = words.every((w) => PLAIN_WORD.test(w)) && !ASSIGNMENT.test(words[0]!) && !SHELL_ONLY.has(words[0]!);
  if (plainWords && kind === "plain") {
    return { fix: { title: `use the exec form${caveat}`, safety: cmdJoins ? "unsafe" : "safe", edits: [edit(json(words))] } };
  }
  if (healthcheck) return { noFixReason: plainWords ? `the SHELL ${shellText(shell)} may run start-up files first` : "the check uses shell syntax" };
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
  return { fix: { title: `exec form through the stage's SHELL (${shellText(shell)}), with exec${caveat}`, safety: "unsafe", edits: [edit(json([...shell, body]))] } };
}
