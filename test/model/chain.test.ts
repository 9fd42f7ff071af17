import fs from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { lint } from "../../src/engine/index.js";
import { project } from "../helpers.js";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

async function containers(files: Record<string, string>) {
  const dir = project(files);
  dirs.push(dir);
  const r = await lint(["."], { cwd: dir });
  return { r, byName: (n: string) => r.model!.containers.find((c) => c.name === n)! };
}

describe("chain to PID 1", () => {
  it("follows ENTRYPOINT script → exec wait helper → exec \"$@\" → CMD", async () => {
    const { byName } = await containers({
      "compose.yaml": "services:\n  api:\n    build: .\n",
      Dockerfile: 'FROM alpine:3.20\nCOPY entrypoint.sh wait-for.sh /usr/local/bin/\nENTRYPOINT ["entrypoint.sh"]\nCMD ["api", "--port", "80"]\n',
      "entrypoint.sh": '#!/bin/sh\nexec wait-for.sh db:5432 -- "$@"\n',
      "wait-for.sh": '#!/bin/sh\nhp="$1"; shift\n[ "$1" = "--" ] && shift\ntimeout 30 sh -c "until nc -z db 5432; do sleep 1; done" &\nwait $!\nexec "$@"\n',
    });
    const c = byName("api").chain;
    expect(c.program).toBe("api");
    expect(c.verdict).toBe("non-reaper");
    expect(c.argv).toEqual(["api", "--port", "80"]);
    expect(c.hops.map((h) => h.text)).toEqual(["ENTRYPOINT in Dockerfile:3", 'entrypoint.sh:2 exec wait-for.sh db:5432 -- "$@"', 'wait-for.sh:6 exec "$@"']);
    expect(c.orphanRisks.map((r) => r.kind).sort()).toEqual(["background-job", "busybox-timeout"]);
  });

  it("hands PID 1 through gosu/su-exec/setpriv/env to the target", async () => {
    for (const wrapper of ["gosu app", "su-exec app", "setpriv --reuid=1000 --regid=1000 --clear-groups", "env NODE_ENV=production", "chpst -u app"]) {
      const { byName } = await containers({
        "compose.yaml": "services:\n  web:\n    build: .\n",
        Dockerfile: `FROM node:20\nCOPY start.sh /start.sh\nENTRYPOINT ["/start.sh"]\nCMD ["node", "server.js"]\n`,
        "start.sh": `#!/bin/sh\nchown -R app /data\nexec ${wrapper} "$@"\n`,
      });
      expect(byName("web").chain.program, wrapper).toBe("node");
    }
  });

  it("keeps su -c and runuser as the PID 1 parent", async () => {
    const { byName } = await containers({
      "compose.yaml": "services:\n  web:\n    build: .\n",
      Dockerfile: 'FROM debian:12\nCOPY start.sh /start.sh\nENTRYPOINT ["/start.sh"]\n',
      "start.sh": "#!/bin/sh\nexec su app -c 'node server.js'\n",
    });
    expect(byName("web").chain.program).toBe("su");
  });

  it("re-exec of \"$0\" through gosu continues to the final exec", async () => {
    const { byName } = await containers({
      "compose.yaml": "services:\n  db:\n    build: .\n",
      Dockerfile: 'FROM debian:12\nCOPY entry.sh /usr/local/bin/entry.sh\nENTRYPOINT ["entry.sh"]\nCMD ["mongod"]\n',
      "entry.sh": '#!/bin/bash\nif [ "$(id -u)" = 0 ]; then\n  exec gosu mongodb "$0" "$@"\nfi\nexec "$@"\n',
    });
    const c = byName("db").chain;
    expect(c.program).toBe("mongod");
    expect(c.hops.some((h) => h.text.includes("runs itself again"))).toBe(true);
  });

  it("an exec with only redirections does not replace the shell", async () => {
    const { byName } = await containers({
      "compose.yaml": "services:\n  w:\n    build: .\n",
      Dockerfile: 'FROM python:3.12\nCOPY run.sh /run.sh\nCMD ["/run.sh"]\n',
      "run.sh": "#!/bin/sh\nexec >/proc/1/fd/1 2>&1\npython -m worker\n",
    });
    const c = byName("w").chain;
    expect(c.shellStays?.command).toBe("python -m worker");
    expect(c.verdict).toBe("shell");
  });

  it("parses sh -c strings in compose commands and flags the last command without exec", async () => {
    const { r, byName } = await containers({
      "compose.yaml": 'services:\n  app:\n    image: node:20\n    command: sh -c "npm ci && node server.js"\n',
    });
    const c = byName("app").chain;
    expect(c.shellStays?.command).toBe("node server.js");
    expect(r.diagnostics.find((d) => d.rule === "entrypoint-without-exec")?.line).toBe(4);
  });

  it("says unknown for a script copied from another stage, and for an unknown image", async () => {
    const { byName } = await containers({
      "compose.yaml": "services:\n  a:\n    build: .\n  b:\n    image: ghcr.io/acme/thing:1\n",
      Dockerfile: 'FROM alpine\nCOPY --from=tools /entry.sh /entry.sh\nENTRYPOINT ["/entry.sh"]\n',
    });
    expect(byName("a").chain.verdict).toBe("unknown");
    expect(byName("a").chain.unknownWhy).toMatch(/tools/);
    expect(byName("b").chain.verdict).toBe("unknown");
  });

  it("finds scripts through WORKDIR-relative and directory COPYs", async () => {
    const { byName } = await containers({
      "compose.yaml": "services:\n  app:\n    build: .\n",
      Dockerfile: 'FROM python:3.12\nWORKDIR /srv\nCOPY docker/ ./docker/\nENTRYPOINT ["./docker/start.sh"]\n',
      "docker/start.sh": "#!/bin/sh\nexec gunicorn app:app\n",
    });
    expect(byName("app").chain.program).toBe("gunicorn");
    expect(byName("app").chain.verdict).toBe("reaper");
  });

  it("never reads a script outside the build context", async () => {
    const { byName } = await containers({
      "app/compose.yaml": "services:\n  app:\n    build: .\n",
      "app/Dockerfile": 'FROM alpine\nCOPY ../secret.sh /s.sh\nENTRYPOINT ["/s.sh"]\n',
      "secret.sh": "#!/bin/sh\nexec tini -- app\n",
    });
    const c = byName("app").chain;
    expect(c.initInChain).toBeNull();
  });
});
