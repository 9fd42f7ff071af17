// The PID 1 facts compose-lint's rules rest on, as measured by the PID 1 lab (test/lab/pid1-lab.test.ts).
// One table for the lab (which proves every row on real processes in a fresh PID namespace) and for
// readers of the rules. Method and background: docs/pid1-knowledge.md (shared docs) and test/lab/README.md.
//
// In every scenario the lab bind-mounts a private directory over /usr/local/bin inside the namespace,
// holding `server` (test/lab/fake-server.c: a Go-like server that reaps only its own child and exits
// with status 2 on SIGTERM) and the scripts of test/lab/scripts/, so the paths are those of the
// mini images in the linter-agreement tests (ENTRYPOINT ["/usr/local/bin/<script>"], CMD ["/usr/local/bin/server"]).

/**
 * How PID 1 reacts to SIGTERM sent from outside the namespace (what `docker stop` does):
 * - `prompt`: it is gone within SIGTERM_PROMPT_MS
 * - `delayed`: it survives SIGTERM_PROMPT_MS but is gone within SIGTERM_DELAYED_MS
 * - `ignored`: it is still running after SIGTERM_PROMPT_MS (a container would sit out the grace period)
 */
export type SigtermOutcome = "prompt" | "delayed" | "ignored";

export const SIGTERM_PROMPT_MS = 1500;
export const SIGTERM_DELAYED_MS = 3500;

export interface Pid1Claim {
  /** what is started as PID 1 of the namespace, in words */
  setup: string;
  /** `comm` of PID 1 once the start-up chain has settled */
  pid1Comm: string;
  /** when set: PID 1's executable is the file this path resolves to (e.g. "/bin/sh" for a script run by its shebang) */
  pid1Exe?: string;
  /** when set: the real uid PID 1 runs as */
  pid1Uid?: number;
  /** exact number of <defunct> processes left in the namespace once the chain has settled */
  zombies: number;
  /** their `comm`s, sorted */
  zombieComms: string[];
  sigterm: SigtermOutcome;
  /** compose-lint rules whose reasoning depends on this row */
  rules: string[];
  note?: string;
}

export const CLAIMS = {
  "await-chain/busybox-timeout": {
    setup: "await-chain.sh (busybox `timeout … &`, `wait`, `exec \"$@\"`) exec'ing the server, busybox timeout first on PATH (as on Alpine)",
    pid1Comm: "server",
    zombies: 1,
    zombieComms: ["timeout"],
    sigterm: "prompt",
    rules: ["non-reaping-exec-chain", "missing-init"],
    note: "busybox timeout's watchdog is orphaned to PID 1 and exits after the server took PID 1; the server never reaps it",
  },
  "await-chain/tini": {
    setup: "tini -- await-chain.sh server (busybox timeout)",
    pid1Comm: "tini",
    zombies: 0,
    zombieComms: [],
    sigterm: "prompt",
    rules: ["missing-init"],
  },
  "await-chain/dumb-init": {
    setup: "dumb-init await-chain.sh server (busybox timeout)",
    pid1Comm: "dumb-init",
    zombies: 0,
    zombieComms: [],
    sigterm: "prompt",
    rules: ["missing-init"],
  },
  "await-chain/gnu-timeout": {
    setup: "await-chain.sh server with GNU coreutils timeout",
    pid1Comm: "server",
    zombies: 0,
    zombieComms: [],
    sigterm: "prompt",
    rules: ["non-reaping-exec-chain"],
    note: "GNU timeout waits for its own child: the zombie is specific to busybox timeout",
  },
  "script/no-exec": {
    setup: "no-exec.sh (#!/bin/sh, set -e, sleep 0.1, /usr/local/bin/server without exec)",
    pid1Comm: "no-exec.sh",
    pid1Exe: "/bin/sh",
    zombies: 0,
    zombieComms: [],
    sigterm: "ignored",
    rules: ["entrypoint-without-exec"],
    note: "the shell stays PID 1 (comm is the script's name, the executable is /bin/sh) and has no TERM handler",
  },
  "script/no-exec-busybox-ash": {
    setup: "busybox sh no-exec.sh (Alpine's /bin/sh running the same script)",
    pid1Comm: "busybox",
    zombies: 0,
    zombieComms: [],
    sigterm: "ignored",
    rules: ["entrypoint-without-exec"],
    note: "busybox ash does not exec the last command of a script either",
  },
  "script/exec-last": {
    setup: "exec-last.sh (the same script with `exec` before the server)",
    pid1Comm: "server",
    zombies: 0,
    zombieComms: [],
    sigterm: "prompt",
    rules: ["entrypoint-without-exec"],
  },
  "drop/setpriv": {
    setup: "setpriv --reuid=65534 --regid=65534 --clear-groups /usr/local/bin/server",
    pid1Comm: "server",
    pid1Uid: 65534,
    zombies: 0,
    zombieComms: [],
    sigterm: "prompt",
    rules: [],
    note: "setpriv execs: the target becomes PID 1",
  },
  "drop/gosu": {
    setup: "gosu nobody /usr/local/bin/server",
    pid1Comm: "server",
    pid1Uid: 65534,
    zombies: 0,
    zombieComms: [],
    sigterm: "prompt",
    rules: [],
    note: "gosu execs: the target becomes PID 1",
  },
  "drop/su": {
    setup: "su -s /bin/sh nobody -c /usr/local/bin/server",
    pid1Comm: "su",
    zombies: 0,
    zombieComms: [],
    sigterm: "delayed",
    rules: [],
    note: "su stays as an extra parent (and dash -c keeps a shell between su and the server); on SIGTERM it forwards TERM, sleeps 2 s, SIGKILLs the child and exits",
  },
  "drop/runuser": {
    setup: "runuser -u nobody -- /usr/local/bin/server",
    pid1Comm: "runuser",
    zombies: 0,
    zombieComms: [],
    sigterm: "delayed",
    rules: [],
    note: "runuser stays as an extra parent; same 2 s SIGTERM sequence as su (shared util-linux code)",
  },
  "non-reaper/server-orphan": {
    setup: "server sh -c 'sleep 0.2 &' (the server starts a child that leaves an orphan)",
    pid1Comm: "server",
    zombies: 1,
    zombieComms: ["sleep"],
    sigterm: "prompt",
    rules: ["missing-init"],
  },
  "non-reaper/node-orphan": {
    setup: "node -e spawning sh -c 'sleep 0.2 &'",
    pid1Comm: "node",
    zombies: 1,
    zombieComms: ["sleep"],
    sigterm: "ignored",
    rules: ["missing-init"],
    note: "node waits only for the children it spawned and installs no SIGTERM handler",
  },
  "shell-c/busybox-ash": {
    setup: "busybox sh -c 'true; /usr/local/bin/server'",
    pid1Comm: "server",
    zombies: 0,
    zombieComms: [],
    sigterm: "prompt",
    rules: [],
    note: "busybox ash execs the last simple command of -c",
  },
  "shell-c/dash": {
    setup: "dash -c 'true; /usr/local/bin/server'",
    pid1Comm: "dash",
    zombies: 0,
    zombieComms: [],
    sigterm: "ignored",
    rules: [],
    note: "dash 0.5.12 (Debian's /bin/sh) forks the last command and stays PID 1",
  },
  "shell-c/dash-single": {
    setup: "dash -c '/usr/local/bin/server' (a shell-form CMD with one command, Debian's /bin/sh)",
    pid1Comm: "dash",
    zombies: 0,
    zombieComms: [],
    sigterm: "ignored",
    rules: [],
    note: "dash 0.5.12 does not exec even a lone command",
  },
  "shell-c/bash": {
    setup: "bash -c 'true; /usr/local/bin/server'",
    pid1Comm: "server",
    zombies: 0,
    zombieComms: [],
    sigterm: "prompt",
    rules: [],
    note: "bash 5.2 execs the last simple command of -c",
  },
} as const satisfies Record<string, Pid1Claim>;

export type ScenarioName = keyof typeof CLAIMS;
