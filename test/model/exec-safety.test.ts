// Before `exec` is offered, the script's last command is resolved as the shell will run it: a function of the
// script (followed into), a builtin, an alias, a variable; and a script that traps SIGTERM and waits is a supervisor.
import fs from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { lint } from "../../src/engine/index.js";
import { project } from "../helpers.js";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** A one-service project whose image runs `script` as ENTRYPOINT with `cmd` as CMD. */
async function run(script: string, opts: { cmd?: string[]; base?: string; env?: string; extra?: Record<string, string>; copies?: string } = {}) {
  const dockerfile = [
    `FROM ${opts.base ?? "debian:12"}`,
    ...(opts.env ? [`ENV ${opts.env}`] : []),
    ...(opts.copies ? [opts.copies] : []),
    "COPY start.sh /start.sh",
    'ENTRYPOINT ["/start.sh"]',
    ...(opts.cmd ? [`CMD ${JSON.stringify(opts.cmd)}`] : []),
    "",
  ].join("\n");
  const dir = project({ "compose.yaml": "services:\n  app:\n    build: .\n", Dockerfile: dockerfile, "start.sh": script, ...(opts.extra ?? {}) });
  dirs.push(dir);
  const r = await lint(["."], { cwd: dir });
  const c = r.model!.containers.find((x) => x.name === "app")!;
  const text = fs.readFileSync(`${dir}/start.sh`, "utf8");
  const ewe = r.diagnostics.filter((d) => d.rule === "entrypoint-without-exec");
  return { chain: c.chain, text, diagnostics: r.diagnostics, ewe, lineOf: (offset: number) => text.slice(0, offset).split("\n").length };
}

describe("exec safety: functions", () => {
  it("follows a final function call into the function and puts exec before its last command", async () => {
    const { chain, text, ewe } = await run("#!/bin/sh\nset -e\nstart() {\n  echo starting\n  node server.js\n}\nstart\n");
    expect(chain.verdict).toBe("shell");
    const s = chain.shellStays!;
    expect(text.slice(s.at.start, s.at.end)).toBe("node server.js");
    expect(s.execInsert).toMatchObject({ offset: text.indexOf("node server.js"), text: "exec ", safety: "safe" });
    expect(s.via).toMatch(/last command of `start`, called at start\.sh:7/);
    expect(ewe).toHaveLength(1);
    expect(ewe[0]!.line).toBe(5);
    expect(ewe[0]!.fix?.safety).toBe("safe");
  });

  it("follows nested calls and the function's own arguments", async () => {
    const { chain, text } = await run('#!/bin/sh\nrun() {\n  exec "$@"\n}\nmain() {\n  run gunicorn app:app\n}\nmain "$@"\n');
    expect(chain.program).toBe("gunicorn");
    expect(chain.verdict).toBe("reaper");
    expect(chain.finalExec && text.slice(chain.finalExec.start, chain.finalExec.end)).toBe('exec "$@"');
    expect(chain.hops.map((h) => h.text)).toEqual(["ENTRYPOINT in Dockerfile:3", 'start.sh:8 main "$@" (function)', "start.sh:6 run gunicorn app:app (function)", 'start.sh:3 exec "$@"']);
  });

  it("offers no exec inside a function called more than once, defined twice, or run in a subshell", async () => {
    const twice = await run("#!/bin/sh\nserve() {\n  node server.js \"$@\"\n}\nif [ \"$1\" = check ]; then serve --check; fi\nserve\n");
    expect(twice.chain.shellStays?.execInsert).toBeUndefined();
    expect(twice.chain.shellStays?.noFixReason).toMatch(/called more than once/);
    expect(twice.ewe[0]!.fix).toBeNull();

    const redefined = await run("#!/bin/sh\nserve() { node a.js; }\nserve() {\n  node server.js\n}\nserve\n");
    expect(redefined.chain.shellStays?.noFixReason).toMatch(/defined more than once/);

    const sub = await run("#!/bin/sh\nserve() (\n  cd /app\n  node server.js\n)\nserve\n");
    expect(sub.chain.shellStays?.execInsert).toBeUndefined();
    expect(sub.ewe.every((d) => d.fix === null)).toBe(true);
  });

  it("says unknown when the function ends in a branch, instead of exec'ing the call", async () => {
    const { chain, ewe } = await run('#!/bin/sh\nstart() {\n  if [ -n "$DEBUG" ]; then node --inspect server.js; else node server.js; fi\n}\nstart\n');
    expect(chain.verdict).toBe("unknown");
    expect(chain.unknownWhy).toMatch(/ends in `start`/);
    expect(ewe).toEqual([]);
  });

  it("flags exec of a function as an error: exec runs only programs", async () => {
    const { chain, text, ewe } = await run('#!/bin/sh\nmain() {\n  node server.js\n}\nexec main "$@"\n');
    expect(chain.verdict).toBe("unknown");
    expect(chain.program).toBeNull();
    const b = chain.brokenExec!;
    expect(b).toMatchObject({ name: "main", kind: "function" });
    expect(text.slice(b.removeExec!.start, b.removeExec!.end)).toBe("exec ");
    expect(ewe).toHaveLength(1);
    expect(ewe[0]).toMatchObject({ line: 5, severity: "error" });
    expect(ewe[0]!.message).toMatch(/not found/);
    expect(ewe[0]!.fix?.safety).toBe("unsafe");
  });

  it("flags exec of a builtin, and follows exec of a builtin that is also a program", async () => {
    const w = await run("#!/bin/sh\nnode server.js &\nexec wait\n");
    expect(w.chain.brokenExec).toMatchObject({ name: "wait", kind: "builtin" });
    expect(w.ewe[0]!.fix).toBeNull();
    const k = await run("#!/bin/sh\nexec kill -0 1\n");
    expect(k.chain.brokenExec).toBeUndefined();
  });
});

describe("exec safety: builtins, aliases and variables", () => {
  for (const [last, why] of [
    ["read -r line", /does not keep the container running/],
    [": ", /does not keep the container running/],
    ['eval "$START"', /eval runs a command built at run time/],
    ["ll", /an alias/],
  ] as const) {
    it(`never offers exec before \`${last}\``, async () => {
      const { chain, ewe } = await run(`#!/bin/sh\nalias ll='ls -l'\nnode migrate.js\n${last}\n`);
      expect(chain.shellStays).toBeNull();
      expect(chain.unknownWhy).toMatch(why);
      expect(ewe).toEqual([]);
    });
  }

  it("a variable command is reported without a fix, even when its value is known", async () => {
    const known = await run("#!/bin/sh\nset -e\n$SERVER_CMD\n", { env: 'SERVER_CMD="uvicorn app:app --port 80"' });
    expect(known.chain.shellStays?.command).toBe("$SERVER_CMD");
    expect(known.chain.program).toBe("sh (running uvicorn)");
    expect(known.chain.shellStays?.noFixReason).toMatch(/is a variable/);
    expect(known.ewe[0]!.fix).toBeNull();
    const unknownCmd = await run("#!/bin/sh\n$SERVER_CMD\n");
    expect(unknownCmd.chain.shellStays?.noFixReason).toMatch(/not known here/);
    expect(unknownCmd.ewe[0]!.fix).toBeNull();
  });

  it('"$@" gets exec only when the arguments are known programs', async () => {
    const known = await run('#!/bin/sh\nchown -R app /data\n"$@"\n', { cmd: ["node", "server.js"] });
    expect(known.chain.shellStays?.execInsert?.safety).toBe("safe");
    const unknownArgs = await run('#!/bin/sh\nchown -R app /data\n"$@"\n');
    expect(unknownArgs.chain.shellStays).toBeNull();
    expect(unknownArgs.chain.unknownWhy).toMatch(/arguments are not known/);
  });

  it("a trap makes the exec fix unsafe: the trap would no longer run", async () => {
    const { chain, ewe } = await run("#!/bin/sh\ntrap 'rm -f /tmp/app.lock' EXIT\ntouch /tmp/app.lock\nnode server.js\n");
    expect(chain.shellStays?.execInsert).toMatchObject({ safety: "unsafe" });
    expect(ewe[0]!.fix?.safety).toBe("unsafe");
    expect(ewe[0]!.fix?.title).toMatch(/trap on EXIT/);
  });
});

describe("exec safety: supervisors", () => {
  it("a script that traps TERM, forwards it to its jobs and waits is a supervisor: shell PID 1, no finding", async () => {
    const script = "#!/bin/bash\nstop() {\n  kill -TERM \"$pid\"\n  wait \"$pid\"\n}\nstart() {\n  node server.js &\n  pid=$!\n  wait \"$pid\"\n}\ntrap stop TERM INT\nstart\n";
    const { chain, diagnostics } = await run(script);
    expect(chain.verdict).toBe("shell");
    expect(chain.shellStays).toBeNull();
    expect(chain.knowledge?.note).toMatch(/supervisor/);
    expect(chain.hops.some((h) => /trap stop TERM INT \(forwards SIGTERM\)/.test(h.text))).toBe(true);
    expect(diagnostics.filter((d) => d.rule === "entrypoint-without-exec" || d.rule === "missing-init")).toEqual([]);
  });

  it("an inline trap that kills the child counts too; a trap that ignores TERM does not", async () => {
    const fwd = await run("#!/bin/sh\nnode server.js &\npid=$!\ntrap 'kill -TERM $pid' TERM INT\nwait $pid\n");
    expect(fwd.chain.knowledge?.note).toMatch(/supervisor/);
    const dq = await run('#!/bin/sh\nnode server.js &\npid=$!\ntrap "kill -TERM $pid; wait $pid" TERM\nwait $pid\n');
    expect(dq.chain.knowledge?.note).toMatch(/supervisor/);
    const exits = await run("#!/bin/sh\nnode server.js &\ntrap 'exit 0' TERM\nwait\n");
    expect(exits.chain.knowledge?.note).toMatch(/exits on SIGTERM/);
    expect(exits.chain.hops.some((h) => /\(exits on SIGTERM\)/.test(h.text))).toBe(true);
    const ignore = await run("#!/bin/sh\nnode server.js &\ntrap '' TERM\nwait\n");
    expect(ignore.chain.verdict).toBe("shell");
    expect(ignore.chain.knowledge?.note).not.toMatch(/supervisor/);
  });
});

describe("exec safety: sourced files", () => {
  it("finds functions in a file the script sources, and does not put exec into that file", async () => {
    const { chain, ewe } = await run("#!/bin/sh\n. /usr/local/lib/fns.sh\nstart_server\n", {
      copies: "COPY fns.sh /usr/local/lib/fns.sh",
      extra: { "fns.sh": "start_server() {\n  php artisan serve\n}\n" },
    });
    expect(chain.shellStays?.command).toBe("php artisan serve");
    expect(chain.shellStays?.at.file).toMatch(/fns\.sh$/);
    expect(chain.shellStays?.noFixReason).toMatch(/defined in .*fns\.sh|sourced/);
    expect(ewe[0]!.fix).toBeNull();
  });

  it("follows an exec in a sourced file, and offers no exec when the sourced file is not read", async () => {
    const execs = await run("#!/bin/sh\n. /usr/local/lib/run.sh\n", {
      copies: "COPY run.sh /usr/local/lib/run.sh",
      extra: { "run.sh": "exec gunicorn app:app\n" },
    });
    expect(execs.chain.program).toBe("gunicorn");
    const vars = await run("#!/bin/sh\n. /etc/app/env.sh\nexec $APP_BIN --port \"$PORT\"\n", {
      copies: "COPY env.sh /etc/app/env.sh",
      extra: { "env.sh": "APP_BIN=/usr/local/bin/tracker\nPORT=8080\n" },
    });
    expect(vars.chain.argv).toEqual(["/usr/local/bin/tracker", "--port", "8080"]);
    const unread = await run('#!/bin/sh\n. "$APP_HOME/lib.sh"\nstart_server\n');
    expect(unread.chain.shellStays?.execInsert).toBeUndefined();
    expect(unread.chain.shellStays?.noFixReason).toMatch(/sources .*not read/);
  });
});

describe("script details real entrypoints use", () => {
  it("exec $GOSU \"$@\" where GOSU is a wrapper or empty on every path", async () => {
    const script = '#!/bin/sh\nUID="$(id -u)"\n[ "$UID" -eq 0 ] && GOSU="gosu app" || GOSU=""\nsleep 1\nexec $GOSU "$@"\n';
    const { chain } = await run(script, { cmd: ["node", "app.js"] });
    expect(chain.program).toBe("node");
    expect(chain.hops.map((h) => h.text)).toContain("gosu");
  });

  it("a variable set in branches to different programs is unknown", async () => {
    const { chain } = await run('#!/bin/sh\nif [ -n "$DEV" ]; then APP=nodemon; else APP=node; fi\nexec $APP server.js\n');
    expect(chain.verdict).toBe("unknown");
  });

  it("${X:-default}: the image's environment, else the default", async () => {
    const script = "#!/bin/sh\nRUN_AS=${RUN_AS:-su-exec node}\nexec $RUN_AS \"$@\"\n";
    const dflt = await run(script, { cmd: ["node", "server.js"] });
    expect(dflt.chain.program).toBe("node");
    expect(dflt.chain.hops.map((h) => h.text)).toContain("su-exec");
    const env = await run(script, { cmd: ["node", "server.js"], env: "RUN_AS=tini --" });
    expect(env.chain.program).toBe("tini");
    expect(env.chain.verdict).toBe("init");
  });

  it("a variable assigned from a command substitution is not taken from the environment", async () => {
    const { chain } = await run("#!/bin/sh\nAPP=$(cat /etc/app-cmd)\nexec $APP\n", { env: "APP=node" });
    expect(chain.verdict).toBe("unknown");
  });

  it('set -- cmd "$@" before exec "${@}"', async () => {
    const { chain } = await run('#!/bin/sh\nset -e\nset -- uvicorn app:app "$@"\nexec "${@}"\n', { cmd: ["--port", "80"] });
    expect(chain.program).toBe("uvicorn");
    expect(chain.argv).toEqual(["uvicorn", "app:app", "--port", "80"]);
  });

  it("supervisord started without -n before the exec is left to PID 1", async () => {
    const { chain } = await run("#!/bin/sh\nsupervisord -c /etc/supervisord.conf\nexec node server.js\n");
    expect(chain.program).toBe("node");
    expect(chain.orphanRisks.map((r) => r.text)).toEqual(["`supervisord` daemonises and is left to PID 1"]);
    const fg = await run("#!/bin/sh\nsupervisord -n -c /etc/supervisord.conf &\nexec node server.js\n");
    expect(fg.chain.orphanRisks.map((r) => r.kind)).toEqual(["background-job"]);
  });
});

describe("exec safety: bounds", () => {
  it("functions that call each other many times stay bounded; no exec inside functions called many times", async () => {
    // each level calls the next twice: 2^14 calls if followed without bound
    const fns = Array.from({ length: 14 }, (_, i) => `f${i}() {\n  f${i + 1}\n  f${i + 1}\n}\n`).join("");
    const started = Date.now();
    const { chain, ewe } = await run(`#!/bin/sh\n${fns}f14() {\n  echo step\n}\nf0\nnode server.js\n`);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(chain.shellStays?.command).toBe("node server.js");
    expect(ewe[0]!.fix?.safety).toBe("safe");
    const deep = await run(`#!/bin/sh\n${fns}f14() {\n  node server.js\n}\nf0\n`);
    expect(deep.chain.shellStays?.execInsert).toBeUndefined();
  });
});
