// The model builder: build arguments reaching the Dockerfile's ARGs, and stages built FROM an image that the
// repository builds itself (compose `build:` + `image:`, or a Makefile's `docker build -t`).
import fs from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { lint } from "../../src/engine/index.js";
import type { Container } from "../../src/model/types.js";
import { parseDockerfile } from "../../src/parse/dockerfile.js";
import { makeSourceFile } from "../../src/source.js";
import { project } from "../helpers.js";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

async function containers(files: Record<string, string>): Promise<Container[]> {
  const dir = project(files);
  dirs.push(dir);
  const r = await lint(["."], { cwd: dir });
  return r.model!.containers;
}

const service = (cs: Container[], name: string): Container => cs.find((c) => c.kind === "service" && c.name === name)!;

function stages(text: string, args?: Record<string, string>) {
  const src = makeSourceFile("/p/Dockerfile", text, "dockerfile", "/p");
  return parseDockerfile(src, args ? new Map(Object.entries(args)) : undefined).model.stages;
}

describe("Dockerfile ARGs with build arguments", () => {
  it("a build argument sets a global ARG used in FROM, over its default; without one the default or nothing", () => {
    const text = "ARG BASE\nARG VARIANT=slim\nFROM python:3.12-${VARIANT} AS deps\nFROM ${BASE}\n";
    expect(stages(text).map((s) => s.from)).toEqual(["python:3.12-slim", ""]);
    expect(stages(text, { BASE: "redis:7.4", VARIANT: "alpine" }).map((s) => s.from)).toEqual(["python:3.12-alpine", "redis:7.4"]);
  });

  it("a stage's ARGs reach its ENV, WORKDIR and COPY; an ENV of the same name wins; the scope ends with the stage", () => {
    const text = [
      "ARG APP_HOME=/srv",
      "FROM python:3.12",
      "ARG APP_HOME",
      "ARG MODULE=app.main",
      "ENV MODULE=${MODULE} PORT=$PORT",
      "WORKDIR ${APP_HOME}/app",
      "COPY src/ ${APP_HOME}/src/",
      "FROM python:3.12 AS other",
      "ENV MODULE=$MODULE",
      "",
    ].join("\n");
    const [first, other] = stages(text, { MODULE: "worker.tasks" });
    expect(first!.env.get("MODULE")).toBe("worker.tasks");
    // not an ARG: left as written for the chain to read at run time
    expect(first!.env.get("PORT")).toBe("$PORT");
    expect(first!.workdir).toBe("/srv/app");
    expect(first!.copies[0]!.dest).toBe("/srv/src/");
    expect(other!.env.get("MODULE")).toBe("$MODULE");
    expect(stages(text)[0]!.env.get("MODULE")).toBe("app.main");
  });
});

describe("compose build.args", () => {
  const dockerfile = "ARG BASE\nFROM ${BASE}\nCOPY redis.conf /usr/local/etc/redis/redis.conf\n";

  it("a list entry without a value takes the interpolation environment's (.env): FROM ${BASE} is that image", async () => {
    const cs = await containers({ "compose.yaml": "services:\n  cache:\n    build:\n      context: .\n      args:\n        - BASE\n", ".env": "BASE=redis:7.4-alpine\n", Dockerfile: dockerfile, "redis.conf": "" });
    const c = service(cs, "cache");
    expect(c.chain.program).toBe("redis-server");
    expect(c.chain.how).toContain("image redis:7.4-alpine (FROM in Dockerfile:2)");
    // the rules and the image judged on its own read the Dockerfile as written
    expect(c.stage!.from).toBe("");
  });

  it("the mapping form, interpolated, and a later file's args over an earlier one's", async () => {
    const cs = await containers({
      "compose.yaml": "services:\n  cache:\n    build:\n      context: .\n      args:\n        BASE: ${CACHE_IMAGE:-nginx:1.27}\n",
      "compose.override.yaml": "services:\n  cache:\n    build:\n      args:\n        BASE: redis:7.4\n",
      Dockerfile: dockerfile,
      "redis.conf": "",
    });
    expect(service(cs, "cache").chain.program).toBe("redis-server");
  });

  it("a name with no value anywhere is not passed: FROM stays unknown and says which variable", async () => {
    const cs = await containers({ "compose.yaml": "services:\n  cache:\n    build:\n      context: .\n      args:\n        - BASE_NOT_SET_ANYWHERE\n        - OTHER=1\n", Dockerfile: dockerfile.replaceAll("BASE", "BASE_NOT_SET_ANYWHERE"), "redis.conf": "" });
    const c = service(cs, "cache");
    expect(c.chain.verdict).toBe("unknown");
    expect(c.chain.unknownWhy).toBe("the base image (FROM ${BASE_NOT_SET_ANYWHERE} in Dockerfile:2) depends on $BASE_NOT_SET_ANYWHERE, which is not set here");
  });
});

describe("a stage built FROM an image the repository builds", () => {
  const base = {
    "base/Dockerfile": 'FROM alpine:3.20\nRUN apk add --no-cache tini\nENV APP_ENV=production\nENTRYPOINT ["/sbin/tini", "--"]\nCMD ["/usr/local/bin/server"]\n',
  };

  it("inherits the base's ENTRYPOINT with its own CMD", async () => {
    const cs = await containers({
      ...base,
      "compose.yaml": "services:\n  base:\n    build: ./base\n    image: acme/base\n  app:\n    build: ./app\n",
      "app/Dockerfile": 'FROM acme/base\nCOPY server.js /srv/server.js\nCMD ["node", "/srv/server.js"]\n',
      "app/server.js": "",
    });
    const c = service(cs, "app");
    expect(c.chain.initInChain?.value).toBe("tini");
    expect(c.chain.argv).toEqual(["/sbin/tini", "--", "node", "/srv/server.js"]);
    expect(c.chain.hops[0]!.text).toBe("FROM acme/base, built from base/Dockerfile by compose service `base` (compose.yaml:4)");
    expect(c.chain.hops[1]!.text).toBe("ENTRYPOINT in base/Dockerfile:4");
  });

  it("inherits the base's ENV (under its own)", async () => {
    const cs = await containers({
      "base/Dockerfile": "FROM debian:bookworm-slim\nENV APP_BIN=/usr/local/bin/server APP_ENV=production\n",
      "compose.yaml": "services:\n  base:\n    build: ./base\n    image: acme/base\n  app:\n    build: ./app\n",
      "app/Dockerfile": 'FROM acme/base\nENV APP_BIN=/usr/local/bin/worker\nCMD ["/bin/sh", "-c", "exec \\"$APP_BIN\\" --env \\"$APP_ENV\\""]\n',
    });
    expect(service(cs, "app").chain.argv).toEqual(["/usr/local/bin/worker", "--env", "production"]);
  });

  it("its own ENTRYPOINT drops the base's CMD (as Docker does)", async () => {
    const cs = await containers({
      ...base,
      "compose.yaml": "services:\n  base:\n    build: ./base\n    image: acme/base\n  app:\n    build: ./app\n",
      "app/Dockerfile": 'FROM acme/base\nENTRYPOINT ["node"]\n',
    });
    expect(service(cs, "app").chain.argv).toEqual(["node"]);
  });

  it("an image a Makefile builds (`docker build -t`) is followed too", async () => {
    const cs = await containers({
      "base/Dockerfile": 'FROM node:22-slim\nWORKDIR /srv\nCOPY server.js .\nENTRYPOINT ["node", "/srv/server.js"]\n',
      "base/server.js": "",
      Makefile: "base:\n\tdocker build -t registry.example.com/acme/node-base:2 -f base/Dockerfile base\n",
      "compose.yaml": "services:\n  app:\n    build: ./app\n",
      "app/Dockerfile": "FROM registry.example.com/acme/node-base:2\nENV NODE_ENV=production\n",
    });
    const c = service(cs, "app");
    expect(c.chain.program).toBe("node");
    expect(c.chain.verdict).toBe("non-reaper");
    expect(c.chain.hops[0]!.text).toBe("FROM registry.example.com/acme/node-base:2, built from base/Dockerfile by Makefile:2");
  });

  it("a base whose Dockerfile cannot be read is unknown, and says so", async () => {
    const cs = await containers({
      "compose.yaml": "services:\n  base:\n    build:\n      context: ./base\n      dockerfile: Missing.Dockerfile\n    image: acme/base\n  app:\n    build: ./app\n",
      "base/README": "",
      "app/Dockerfile": "FROM acme/base\nCOPY config.toml /etc/app/config.toml\n",
      "app/config.toml": "",
    });
    const c = service(cs, "app");
    expect(c.chain.verdict).toBe("unknown");
    expect(c.chain.unknownWhy).toBe("the image acme/base is built from base/Missing.Dockerfile by compose service `base` (compose.yaml:6), which could not be read");
  });

  it("images built FROM each other end as unknown instead of looping", async () => {
    const cs = await containers({
      "compose.yaml": "services:\n  a:\n    build: ./a\n    image: acme/a\n  b:\n    build: ./b\n    image: acme/b\n",
      "a/Dockerfile": "FROM acme/b\n",
      "b/Dockerfile": "FROM acme/a\n",
    });
    expect(service(cs, "a").chain.unknownWhy).toBe("the images built here are built FROM each other (a/Dockerfile FROM acme/b, b/Dockerfile FROM acme/a, which is built from a/Dockerfile)");
    expect(service(cs, "b").chain.verdict).toBe("unknown");
  });

  it("COPY --from a stage FROM such an image reads the file in that build's context; a later copy that may be a directory does not hide it", async () => {
    const cs = await containers({
      "compose.yaml": "services:\n  prebuilt:\n    image: acme-prebuilt\n    build: ./runtime\n    entrypoint: /bin/sh\n  server:\n    build: ./app\n",
      "runtime/Dockerfile": [
        "FROM rust:1.82 AS build",
        "WORKDIR /app",
        "COPY . .",
        "ARG CARGO_PROFILE=release",
        "RUN cargo build --profile ${CARGO_PROFILE}",
        'RUN ln -vfsr "/app/target/${CARGO_TARGET}/${CARGO_PROFILE}" /app/target/final',
        "FROM debian:bookworm-slim",
        "WORKDIR /",
        "COPY healthcheck.sh start.sh /",
        "COPY --from=build /app/target/final/ledger .",
        'CMD ["/start.sh"]',
        "",
      ].join("\n"),
      "runtime/Cargo.toml": '[package]\nname = "ledger"\n',
      "runtime/start.sh": '#!/bin/sh\nexec /ledger "$@"\n',
      "runtime/healthcheck.sh": "#!/bin/sh\nexit 0\n",
      "app/Dockerfile": 'FROM acme-prebuilt AS prebuilt\nFROM debian:bookworm-slim\nWORKDIR /\nCOPY --from=prebuilt /start.sh .\nCOPY --from=prebuilt /ledger .\nENTRYPOINT ["/start.sh"]\n',
    });
    const c = service(cs, "server");
    expect(c.chain.program).toBe("ledger");
    expect(c.chain.how).toContain("COPY healthcheck.sh start.sh / (Dockerfile:9) → FROM acme-prebuilt AS prebuilt (Dockerfile:1) → COPY --from=prebuilt /start.sh . (Dockerfile:4)");
  });

  it("a tag other than the one built is not that image", async () => {
    const cs = await containers({
      ...base,
      "compose.yaml": "services:\n  base:\n    build: ./base\n    image: acme/base:1\n  app:\n    build: ./app\n",
      "app/Dockerfile": "FROM acme/base:2\n",
    });
    expect(service(cs, "app").chain.initInChain).toBeNull();
    expect(service(cs, "app").chain.unknownWhy).toContain("the image acme/base:2 is not in the knowledge base");
  });
});
