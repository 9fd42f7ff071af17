// Wrappers: programs that run another command given in their arguments (`gosu app node server.js`,
// `nice -n 5 worker`, `timeout 60 job`). What decides PID 1 is whether the wrapper execs the command (the
// command takes its PID and becomes PID 1) or runs it as a child and stays PID 1 itself, and which of its
// leading arguments are its own. Each entry names its source.
//
// Measured here (MEASURED below): `unshare --pid --fork --mount-proc <wrapper …> sh -c 'echo $$'` prints 1 when the
// wrapper execs and 2 when it stays as the parent (ps then shows the wrapper as PID 1), with util-linux 2.38.1,
// GNU coreutils 9.1, BusyBox 1.35.0 and gosu 1.14 (Debian 12).
import { LAB } from "./sources.js";

/** What a wrapper does with the command it is given. */
export type WrapperRuns =
  /** replaces itself with the command (execve): the command takes its PID */
  | "exec"
  /** runs the command as its child and waits for it: the wrapper stays PID 1 */
  | "parent";

export interface WrapperEntry {
  /** argv[0] basename */
  name: string;
  runs: WrapperRuns;
  /**
   * whether the wrapper reads options (words starting with `-`, up to `--`) before its operands; false for
   * wrappers such as gosu whose first word is always the user (default true)
   */
  options?: boolean;
  /** options that take the next word as their value (`-u app`); `--opt=value` and `-uapp` are one word */
  optionsWithValue?: string[];
  /** words after the options that are the wrapper's own, before the command: the user (gosu), the priority (chrt), the duration (timeout) */
  operands?: number;
  /** `NAME=value` words after the options set the command's environment (env) */
  assignments?: boolean;
  /**
   * the words, one of which must come first, that make the program a wrapper (`bundle exec`, `bundle e`): another first
   * word is another command of the program (`bundle install`), which is no wrapper. The options are read after it.
   */
  subcommands?: string[];
  /** where busybox's applet of the same name behaves otherwise (Alpine, busybox images): the facts that differ */
  busybox?: { runs: WrapperRuns; orphans?: "busybox-timeout"; note: string; source: string };
  note: string;
  /** a man page or source URL, or "measured: …" */
  source: string;
  seeAlso?: string[];
}

const MEASURED =
  "measured: `unshare --pid --fork --mount-proc <wrapper …> sh -c 'echo $$'` prints 1 (the wrapper execs) or 2 (it stays PID 1), util-linux 2.38.1, GNU coreutils 9.1, BusyBox 1.35.0, gosu 1.14";

export const WRAPPERS: WrapperEntry[] = [
  // switch user, then exec
  { name: "gosu", runs: "exec", options: false, operands: 1, note: "`gosu user-spec command [args]`: switches user and execs the command", source: LAB, seeAlso: ["https://github.com/tianon/gosu#usage"] },
  { name: "su-exec", runs: "exec", options: false, operands: 1, note: "`su-exec user-spec command [args]`: switches user and execs the command", source: "https://github.com/ncopa/su-exec#usage" },
  { name: "s6-setuidgid", runs: "exec", options: false, operands: 1, note: "`s6-setuidgid account prog…`: sets uid and gid, then executes into prog", source: "https://skarnet.org/software/s6/s6-setuidgid.html" },
  {
    name: "setpriv",
    runs: "exec",
    optionsWithValue: ["--ruid", "--euid", "--rgid", "--egid", "--reuid", "--regid", "--groups", "--inh-caps", "--ambient-caps", "--bounding-set", "--securebits", "--pdeathsig", "--selinux-label", "--apparmor-profile", "--landlock-access", "--landlock-rule", "--seccomp-filter"],
    note: "`setpriv [options] program [args]`: sets the privileges, then execs the program",
    source: LAB,
    seeAlso: ["https://man7.org/linux/man-pages/man1/setpriv.1.html"],
  },
  {
    name: "chpst",
    runs: "exec",
    optionsWithValue: ["-u", "-U", "-b", "-e", "-m", "-d", "-o", "-p", "-f", "-c", "-r", "-t", "-/", "-n", "-l", "-L"],
    note: "runit's chpst changes the process state, then execs the program (plain getopt `u:U:b:e:m:d:o:p:f:c:r:t:/:n:l:L:vP012V`, no long options)",
    source: "http://smarden.org/runit/chpst.8.html",
  },
  // scheduling and environment, then exec
  { name: "env", runs: "exec", optionsWithValue: ["-u", "--unset", "-C", "--chdir"], assignments: true, note: "`env [options] [-] [NAME=VALUE]… command [args]` execs the command (busybox env too); alone it prints the environment", source: MEASURED, seeAlso: ["https://www.gnu.org/software/coreutils/manual/html_node/env-invocation.html"] },
  { name: "nice", runs: "exec", optionsWithValue: ["-n", "--adjustment"], note: "`nice [-n N] command [args]` execs the command", source: MEASURED, seeAlso: ["https://www.gnu.org/software/coreutils/manual/html_node/nice-invocation.html"] },
  { name: "ionice", runs: "exec", optionsWithValue: ["-c", "--class", "-n", "--classdata"], note: "`ionice [-c class] [-n level] [-t] command [args]` execs the command", source: MEASURED, seeAlso: ["https://man7.org/linux/man-pages/man1/ionice.1.html"] },
  { name: "chrt", runs: "exec", optionsWithValue: ["-T", "--sched-runtime", "-P", "--sched-period", "-D", "--sched-deadline"], operands: 1, note: "`chrt [options] priority command [args]` execs the command (the priority is required: `chrt -o true` is bad usage)", source: MEASURED, seeAlso: ["https://man7.org/linux/man-pages/man1/chrt.1.html"] },
  { name: "taskset", runs: "exec", operands: 1, note: "`taskset [-a] [-c] mask command [args]` execs the command; `-c` says the mask is a CPU list and takes no value of its own", source: MEASURED, seeAlso: ["https://man7.org/linux/man-pages/man1/taskset.1.html"] },
  { name: "stdbuf", runs: "exec", optionsWithValue: ["-i", "--input", "-o", "--output", "-e", "--error"], note: "`stdbuf -oL command [args]` sets buffering through LD_PRELOAD and execs the command", source: MEASURED, seeAlso: ["https://www.gnu.org/software/coreutils/manual/html_node/stdbuf-invocation.html"] },
  {
    name: "numactl",
    runs: "exec",
    optionsWithValue: ["-i", "--interleave", "-p", "--preferred", "-P", "--preferred-many", "-w", "--weighted-interleave", "-m", "--membind", "-N", "--cpunodebind", "-c", "--cpubind", "-C", "--physcpubind"],
    note: "`numactl [policy options] [--] command [args]` sets the NUMA policy and execs the command",
    source: "https://man7.org/linux/man-pages/man8/numactl.8.html",
  },
  { name: "nohup", runs: "exec", note: "`nohup command [args]` sets SIGHUP to be ignored and execs the command", source: MEASURED, seeAlso: ["https://www.gnu.org/software/coreutils/manual/html_node/nohup-invocation.html"] },
  { name: "exec", runs: "exec", options: false, note: "the shell builtin, met as the first word of an expanded command (`$RUN` holding `exec app`): the command replaces the shell", source: "https://pubs.opengroup.org/onlinepubs/9799919799/utilities/V3_chap02.html#exec" },
  {
    name: "bundle",
    runs: "exec",
    subcommands: ["exec", "e", "ex", "exe"],
    optionsWithValue: ["--gemfile"],
    note: "`bundle exec [--gemfile F] command [args]` (aliases e, ex, exe; options end at the first word that is not one): Kernel.exec of the command, or, for a Ruby executable (a `#!/usr/bin/env ruby` file on PATH, such as a gem's puma, rails, sidekiq), Kernel.load of it in bundle's own process. Either way the command's program is what runs as that PID",
    source: "https://github.com/rubygems/rubygems/blob/69ec4a3a5f1cafa633c569671ed9ef502bbdaf61/bundler/lib/bundler/cli/exec.rb#L18",
    seeAlso: ["https://github.com/rubygems/rubygems/blob/69ec4a3a5f1cafa633c569671ed9ef502bbdaf61/bundler/lib/bundler/cli.rb#L459"],
  },
  {
    name: "poetry",
    runs: "exec",
    subcommands: ["run"],
    note: "`poetry run command [args]`: Env.execute calls os.execvpe on POSIX, so the command takes poetry's PID (a name from [tool.poetry.scripts] execs `python -c` calling that entry point)",
    source: "https://github.com/python-poetry/poetry/blob/f46702336862f30050d5c641d5ed6f7568ded793/src/poetry/utils/env/base_env.py#L470",
    seeAlso: ["https://github.com/python-poetry/poetry/blob/f46702336862f30050d5c641d5ed6f7568ded793/src/poetry/console/commands/run.py#L34"],
  },
  {
    name: "pipenv",
    runs: "exec",
    subcommands: ["run"],
    note: "`pipenv run command [args]`: do_run_posix finds the command on PATH and os.execve()s it (a [scripts] entry is expanded first; a command not on PATH runs under `sh -c` as a child)",
    source: "https://github.com/pypa/pipenv/blob/3f1b272abd51d7d7ab7f5935bb6b25da86e93e8b/pipenv/routines/shell.py#L231",
  },
  // stay as the parent
  {
    name: "thrust",
    runs: "parent",
    options: false,
    note: "Thruster (Go), the HTTP proxy in front of Rails 8's `./bin/thrust ./bin/rails server`: it starts the command with os/exec, relays SIGINT/SIGTERM to it and waits for that child only (cmd.Wait); its Ruby launcher execs the native binary",
    source: "https://github.com/basecamp/thruster/blob/3acd601a28a6e3fe96f39c6668d4b6b0fbc6c6e6/internal/upstream_process.go#L37",
    seeAlso: ["https://github.com/basecamp/thruster/blob/3acd601a28a6e3fe96f39c6668d4b6b0fbc6c6e6/exe/thrust#L7"],
  },
  {
    name: "uv",
    runs: "parent",
    subcommands: ["run"],
    note: "`uv run command [args]` spawns the command as its child, forwards SIGTERM (and SIGINT, SIGUSR1/2) to it and waits for that child only (run_to_completion): uv stays PID 1",
    source: "https://github.com/astral-sh/uv/blob/26a9dd4b2125bc271b47855e1fa0c49af3365db5/crates/uv/src/child.rs#L141",
    seeAlso: ["https://github.com/astral-sh/uv/blob/26a9dd4b2125bc271b47855e1fa0c49af3365db5/crates/uv/src/commands/project/run.rs#L1321"],
  },
  { name: "su", runs: "parent", note: "`su user -c cmd` runs the command as its child (for the PAM session) and stays PID 1", source: MEASURED, seeAlso: [LAB] },
  { name: "runuser", runs: "parent", note: "`runuser -u user -- cmd` runs the command as its child and stays PID 1 (su's code)", source: MEASURED, seeAlso: [LAB] },
  { name: "sudo", runs: "parent", note: "sudo runs the command as its child and waits for it (to relay signals and close the session): it stays the parent", source: "https://www.sudo.ws/docs/man/sudo.man/#Process_model" },
  {
    name: "timeout",
    runs: "parent",
    optionsWithValue: ["-s", "--signal", "-k", "--kill-after"],
    operands: 1,
    note: "GNU timeout waits only for its own child",
    source: LAB,
    seeAlso: ["https://www.gnu.org/software/coreutils/manual/html_node/timeout-invocation.html"],
    busybox: {
      runs: "exec",
      orphans: "busybox-timeout",
      note: "busybox timeout forks a watchdog and execs the command in its own process: the watchdog is orphaned to the command",
      source: LAB,
    },
  },
];
