// What a shell does with the last command of a `-c` string: exec it (the command replaces the shell and
// becomes PID 1) or run it as a child (the shell stays PID 1). Measured here by comparing the PID of the shell
// (`SH -c '<form>' &`, its $!) with the $$ that the last command, a script, prints (test/lab/shell-c.test.ts):
// busybox 1.35.0 (Debian 1:1.35.0-4+deb12u1), dash 0.5.12 (Debian 12), bash 5.2.15.

/**
 * Where the last command stands in the `-c` string: alone, after `;`, after `&&`/`||` in a list that follows other
 * commands (`x; a && b`), last in an `&&`/`||` list that is the whole string (`a && b`), or last in a trailing
 * subshell (`a && ( b & c )`, `( c )`), which busybox ash runs in the shell's own process and execs, and dash and
 * bash run in a forked child.
 */
export type LastPosition = "lone" | "after-semicolon" | "after-and-or" | "lone-and-or" | "trailing-subshell";

export interface ShellCBehaviour {
  shell: "busybox" | "dash" | "bash";
  /** the positions where the shell execs the last simple command */
  execs: LastPosition[];
  measured: string;
  source: string;
}

const MEASURED = "measured: the PID of `SH -c '…' &` against the $$ its last command, a script, prints (test/lab/shell-c.test.ts)";

export const SHELL_C: ShellCBehaviour[] = [
  { shell: "busybox", execs: ["lone", "after-semicolon", "after-and-or", "lone-and-or", "trailing-subshell"], measured: "BusyBox v1.35.0 ash", source: MEASURED },
  { shell: "dash", execs: [], measured: "dash 0.5.12", source: MEASURED },
  { shell: "bash", execs: ["lone", "after-semicolon", "lone-and-or"], measured: "GNU bash 5.2.15", source: MEASURED },
];

/** Whether `shell -c` execs its last command in that position; null when the shell is not known. */
export function shellExecsLast(shell: ShellCBehaviour["shell"] | null, position: LastPosition): boolean | null {
  const b = shell ? SHELL_C.find((x) => x.shell === shell) : undefined;
  return b ? b.execs.includes(position) : null;
}
