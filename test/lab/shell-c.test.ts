// The measured `-c` behaviour in src/knowledge/shells.ts, measured again: for each shell and each position of
// the last command, does the shell exec it (same PID as the shell) or run it as a child? The shell is started in
// the background of a helper sh, whose $! is the tested shell's PID; the last command is a script that prints its
// $$. A shell that is not installed is skipped with the reason, except in CI (CI=true), where .ci/run installs
// busybox-static, dash and bash.
import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { SHELL_C, type LastPosition } from "../../src/knowledge/index.js";

const dir = mkdtempSync(path.join(tmpdir(), "shell-c-"));
const inner = path.join(dir, "inner.sh");
writeFileSync(inner, '#!/bin/sh\necho "inner $$"\n');
chmodSync(inner, 0o755);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const FORMS: Record<LastPosition, string> = {
  lone: inner,
  "after-semicolon": `true; ${inner}`,
  "after-and-or": `true; true && ${inner}`,
  "lone-and-or": `true && ${inner}`,
  // a job started in the subshell before its last command (`a && ( b & c )`)
  "trailing-subshell": `true && (sleep 0.2 & ${inner})`,
};
const COMMAND: Record<string, string[]> = { busybox: ["busybox", "sh"], dash: ["dash"], bash: ["bash"] };

function has(cmd: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${cmd}`]).status === 0;
}

describe("shells: exec of the last command of a -c string", () => {
  for (const b of SHELL_C) {
    const [bin, ...pre] = COMMAND[b.shell]!;
    const missing = !has(bin!);
    if (missing && process.env.CI === "true") throw new Error(`${bin} is missing: .ci/run must install it`);
    for (const position of Object.keys(FORMS) as LastPosition[]) {
      it.skipIf(missing)(`${b.shell} (${b.measured}) ${b.execs.includes(position) ? "execs" : "does not exec"} the last command: ${position}`, () => {
        // the helper sh execs the backgrounded simple command in the child it forks: $! is the tested shell
        const r = spawnSync("sh", ["-c", '"$@" & echo "outer $!"; wait', "sh", bin!, ...pre, "-c", FORMS[position]], { encoding: "utf8" });
        const outer = /outer (\d+)/.exec(r.stdout)?.[1];
        const innerPid = /inner (\d+)/.exec(r.stdout)?.[1];
        expect(outer && innerPid, r.stdout + r.stderr).toBeTruthy();
        expect(outer === innerPid).toBe(b.execs.includes(position));
      });
    }
  }
});
