// The last command of a `-c` string's trailing subshell (`a && ( b & c )`): busybox ash execs it in the shell's own
// process (knowledge/shells.ts, measured in test/lab/shell-c.test.ts); dash and bash fork the subshell and stay PID 1.
import fs from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { lint } from "../../src/engine/index.js";
import { project } from "../helpers.js";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

async function chainOf(from: string, cmd: string, extra: Record<string, string> = {}) {
  const dir = project({ "compose.yaml": "services:\n  web:\n    build: .\n", Dockerfile: `FROM ${from}\nCMD ${cmd}\n`, ...extra });
  dirs.push(dir);
  const r = await lint(["."], { cwd: dir });
  return r.model!.containers.find((c) => c.name === "web")!.chain;
}

const TRAILING = '["/bin/sh","-c","node prod_run.mjs && (webapp-server & caddy run --config /etc/caddy/Caddyfile)"]';

describe("a trailing subshell of a -c string", () => {
  it("busybox ash (Alpine): the subshell's last command is PID 1, the job started before it an orphan risk", async () => {
    const c = await chainOf("node:22-alpine", TRAILING);
    expect(c.program).toBe("caddy");
    expect(c.verdict).toBe("non-reaper");
    expect(c.argv).toEqual(["caddy", "run", "--config", "/etc/caddy/Caddyfile"]);
    expect(c.hops.map((h) => h.text)).toContain("caddy run --config /etc/caddy/Caddyfile (busybox execs the last command of the trailing subshell)");
    expect(c.orphanRisks.map((r) => `${r.kind}: ${r.text}`)).toEqual(["background-job: `webapp-server &` in the background"]);
    expect(c.shellStays).toBeNull();
  });

  it("dash (Debian's /bin/sh named as dash) and bash: the shell forks the subshell and stays PID 1", async () => {
    for (const sh of ["dash", "bash"]) {
      const c = await chainOf("node:22-bookworm", `["${sh}","-c","node prod_run.mjs && (webapp-server & caddy run)"]`);
      expect(c.verdict, sh).toBe("shell");
      expect(c.program, sh).toBe("sh (running caddy)");
      expect(c.hops.map((h) => h.text), sh).toContain(`caddy run (in a subshell: ${sh} forks it and stays PID 1)`);
      // `exec` inside the subshell would replace only the subshell: no exec fix is offered
      expect(c.shellStays, sh).toBeNull();
    }
  });

  it("/bin/sh on a Debian image (not busybox): the shell stays PID 1", async () => {
    const c = await chainOf("node:22-bookworm", TRAILING);
    expect(c.verdict).toBe("shell");
    expect(c.program).toBe("sh (running caddy)");
  });

  it("a lone subshell: busybox execs its command, bash does not", async () => {
    expect((await chainOf("alpine:3.20", '["/bin/sh","-c","(exec-server --port 80)"]')).program).toBe("exec-server");
    expect((await chainOf("debian:12", '["bash","-c","(exec-server --port 80)"]')).program).toBe("sh (running exec-server)");
  });

  it("a lone command: bash and busybox exec it, dash 0.5.12 does not", async () => {
    expect((await chainOf("debian:12", '["bash","-c","server --port 80"]')).program).toBe("server");
    expect((await chainOf("alpine:3.20", '["sh","-c","server --port 80"]')).program).toBe("server");
    const dash = await chainOf("debian:12", '["dash","-c","server --port 80"]');
    expect(dash.verdict).toBe("shell");
    expect(dash.shellStays?.command).toBe("server --port 80");
  });

  it("a subshell that only runs a one-shot command keeps nothing running", async () => {
    const c = await chainOf("alpine:3.20", '["/bin/sh","-c","server & (echo started)"]');
    expect(c.verdict).toBe("unknown");
  });
});

describe("a script that ends in a subshell", () => {
  it("`(cd /app && exec node server.js)`: the exec replaces the subshell, the shell stays PID 1", async () => {
    const dir = project({
      "compose.yaml": "services:\n  web:\n    build: .\n",
      Dockerfile: 'FROM node:22-alpine\nCOPY start.sh /start.sh\nENTRYPOINT ["/start.sh"]\n',
      "start.sh": "#!/bin/sh\nset -e\nnpm run migrate\n(cd /app && exec node server.js)\n",
    });
    dirs.push(dir);
    const r = await lint(["."], { cwd: dir });
    const c = r.model!.containers.find((x) => x.name === "web")!.chain;
    expect(c.verdict).toBe("shell");
    expect(c.program).toBe("sh (running node)");
    expect(c.hops.map((h) => h.text)).toContain("start.sh:4 exec node server.js (in a subshell: the shell forks it and stays PID 1)");
  });
});

describe("an and-or list that is the whole -c string", () => {
  it("bash execs its last command (bash 5.2.15, measured); after other commands it does not", async () => {
    const lone = await chainOf("node:22-bookworm", '["bash","-c","cd /app && npm run migrate && node server.js"]');
    expect(lone.program).toBe("node");
    expect(lone.hops.map((h) => h.text)).toContain("node server.js (bash execs the last command)");
    const after = await chainOf("node:22-bookworm", '["bash","-c","echo starting; npm run migrate && node server.js"]');
    expect(after.verdict).toBe("shell");
    expect(after.shellStays?.command).toBe("node server.js");
  });

  it("dash does not, and a redirected last command is not exec'd by bash", async () => {
    expect((await chainOf("debian:12", '["dash","-c","npm run migrate && node server.js"]')).verdict).toBe("shell");
    expect((await chainOf("debian:12", '["bash","-c","npm run migrate && node server.js > /var/log/app.log"]')).verdict).toBe("shell");
  });
});

describe("an and-or list whose first commands have redirections", () => {
  it("is still one list: bash execs its last command", async () => {
    const c = await chainOf("nginx:1.27", `["/bin/bash","-c","envsubst < /tmp/site.conf > /etc/nginx/conf.d/default.conf && nginx -g 'daemon off;'"]`);
    expect(c.program).toBe("nginx");
    expect(c.shellStays).toBeNull();
    expect(c.hops.map((h) => h.text)).toContain("nginx -g daemon off; (bash execs the last command)");
  });
});
