// A script that sources a file its base image ships (`. /docker-entrypoint.sh`): the knowledge base's file entry of
// the image says what that file runs, and a file sourced last runs in the script's shell with the script's arguments.
import fs from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { lint } from "../../src/engine/index.js";
import { KnowledgeBase } from "../../src/knowledge/index.js";
import { project } from "../helpers.js";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** An image whose knowledge entry lists /docker-entrypoint.sh as a file (it ends in tini for its subcommands). */
const BASE = "ghcr.io/getsentry/sentry:nightly";

async function chainOf(files: Record<string, string>, service = "web") {
  const dir = project(files);
  dirs.push(dir);
  const r = await lint(["."], { cwd: dir });
  return r.model!.containers.find((c) => c.name === service)!.chain;
}

function built(script: string, from = BASE): Record<string, string> {
  return {
    "compose.yaml": "services:\n  web:\n    build: .\n    command: [\"run\", \"web\"]\n",
    Dockerfile: `FROM ${from}\nCOPY entrypoint.sh /etc/app/entrypoint.sh\nENTRYPOINT ["/etc/app/entrypoint.sh"]\n`,
    "entrypoint.sh": script,
  };
}

describe("a sourced file of the base image", () => {
  it("sourced last: what the knowledge says the file runs, with the script's arguments", async () => {
    const c = await chainOf(built("#!/bin/bash\nset -e\nif [ -d /certs ]; then update-ca-certificates; fi\nsource /docker-entrypoint.sh\n"));
    expect(c.verdict).toBe("init");
    expect(c.program).toBe("tini");
    expect(c.argv).toEqual(["tini", "run", "web"]);
    expect(c.hops.map((h) => h.text)).toContain(`entrypoint.sh:4 source /docker-entrypoint.sh (a file of the image ${BASE}: it runs in this shell)`);
    expect(c.knowledge?.name).toBe("getsentry/sentry:/docker-entrypoint.sh");
  });

  it("`. file args` gives the file those arguments", async () => {
    const c = await chainOf(built("#!/bin/sh\n. /docker-entrypoint.sh run worker\n"));
    expect(c.argv).toEqual(["tini", "run", "worker"]);
  });

  it("the image comes from compose build args (FROM ${BASE}, the value in .env) and the script from a bind mount", async () => {
    const c = await chainOf({
      ".env": `APP_IMAGE=${BASE}\n`,
      "compose.yaml": "services:\n  web:\n    build:\n      context: ./app\n      args:\n        - APP_IMAGE\n    entrypoint: /etc/app/entrypoint.sh\n    command: [\"run\", \"web\"]\n    volumes:\n      - ./app:/etc/app\n",
      "app/Dockerfile": "ARG APP_IMAGE\nFROM ${APP_IMAGE}\nRUN pip install extra-plugin\n",
      "app/entrypoint.sh": "#!/bin/bash\nset -e\nsource /docker-entrypoint.sh\n",
    });
    expect(c.program).toBe("tini");
    expect(c.verdict).toBe("init");
  });

  it("sourced, then a command the script does not define: maybe a function of the file, which is not known", async () => {
    const c = await chainOf(built("#!/bin/sh\n. /docker-entrypoint.sh\nsetup_app_dirs\nstart_app \"$@\"\n"));
    expect(c.verdict).toBe("unknown");
    expect(c.unknownWhy).toBe(`the script sources /docker-entrypoint.sh of the image ${BASE}, whose functions are not known, and ends in \`start_app\`, which may be one of them`);
  });

  it("sourced, then exec \"$@\": whether the file returns is not known", async () => {
    const c = await chainOf(built('#!/bin/sh\n. /docker-entrypoint.sh\nexec "$@"\n'));
    expect(c.verdict).toBe("unknown");
    expect(c.unknownWhy).toMatch(/^the script sources \/docker-entrypoint\.sh of the image \S+, which run as a program ends in tini, and goes on: whether the file returns when sourced/);
  });

  it("an exec before it: the script never gets there", async () => {
    const c = await chainOf(built('#!/bin/sh\nexec "$@"\n. /docker-entrypoint.sh\n'));
    expect(c.hops.map((h) => h.text)).toEqual(["ENTRYPOINT in Dockerfile:3", 'entrypoint.sh:2 exec "$@"']);
    expect(c.argv).toEqual(["run", "web"]);
  });

  it("an image whose knowledge lists no such file: the file is not read, and the script's end says so", async () => {
    const c = await chainOf(built("#!/bin/sh\n. /docker-entrypoint.sh\n", "python:3.12-slim"));
    expect(c.verdict).toBe("unknown");
    expect(c.unknownWhy).toBe("the script ends by sourcing /docker-entrypoint.sh, which is not read (not in the build context)");
  });
});

describe("osixia's /container/tool/run", () => {
  const kb = new KnowledgeBase();

  it("is a reaper at its path, and `run` elsewhere is another program", () => {
    expect(kb.program("/container/tool/run").verdict).toBe("reaper");
    expect(kb.knows("/container/tool/run")).toBe(true);
    expect(kb.program("/app/bin/run").verdict).toBe("non-reaper");
    expect(kb.program("/app/bin/run").assumed).toBe(true);
    expect(kb.knows("./run")).toBe(false);
  });

  it("the openldap and phpldapadmin images run it as PID 1", async () => {
    const c = await chainOf({ "compose.yaml": "services:\n  ldap:\n    image: osixia/openldap:1.5.0\n    command: --copy-service\n  admin:\n    image: osixia/phpldapadmin:0.9.0\n" }, "ldap");
    expect(c.verdict).toBe("reaper");
    expect(c.program).toBe("run");
    expect(kb.image("osixia/phpldapadmin:0.9.0")?.verdict).toBe("reaper");
  });
});
