import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { lint } from "../../src/engine/index.js";
import { applyEdits } from "../../src/fix/apply.js";
import { ROOT_BUILD_IMAGES, tiniFix } from "../../src/fix/dockerfile-edits.js";
import { KnowledgeBase } from "../../src/knowledge/index.js";
import { parseDockerfile } from "../../src/parse/dockerfile.js";
import { makeSourceFile } from "../../src/source.js";
import { project } from "../helpers.js";

const kb = new KnowledgeBase();

/** The unsafe tini fix for the last stage of a Dockerfile, applied: the new text and the title, or why there is none. */
function tini(text: string): { text: string; title: string } | { reason: string } {
  const { model } = parseDockerfile(makeSourceFile("/p/Dockerfile", text, "dockerfile", "/p"));
  const r = tiniFix(model, model.stages[model.stages.length - 1]!, kb);
  if ("reason" in r) return r;
  return { text: applyEdits(text, r.edits), title: r.title };
}

function fixed(text: string): { text: string; title: string } {
  const r = tini(text);
  if ("reason" in r) throw new Error(`no fix: ${r.reason}`);
  return r;
}

const APT = "RUN apt-get update && apt-get install -y --no-install-recommends tini && rm -rf /var/lib/apt/lists/*";

describe("tini install: where the build is root", () => {
  it("goes right after FROM of an image known to build as root, even when the stage later switches user", () => {
    expect(ROOT_BUILD_IMAGES.has("node")).toBe(true);
    const r = fixed('FROM node:20-alpine\nWORKDIR /app\nUSER node\nCMD ["node", "server.js"]\n');
    expect(r.text).toBe('FROM node:20-alpine\nRUN apk add --no-cache tini\nWORKDIR /app\nUSER node\nENTRYPOINT ["/sbin/tini", "--", "docker-entrypoint.sh"]\nCMD ["node", "server.js"]\n');
    expect(r.title).toBe("install tini (apk) and run it as ENTRYPOINT in front of the image's docker-entrypoint.sh");
  });

  it("goes after the stage's own USER root when the base image's user is unknown", () => {
    const r = fixed('FROM registry.example.com/team/app-base:3\nRUN echo prepare\nUSER 0\nRUN apk add --no-cache curl\nUSER 10001\nCMD ["/app/server"]\n');
    expect(r.text).toBe('FROM registry.example.com/team/app-base:3\nRUN echo prepare\nUSER 0\nRUN apk add --no-cache tini\nRUN apk add --no-cache curl\nUSER 10001\nENTRYPOINT ["/sbin/tini", "--"]\nCMD ["/app/server"]\n');
    expect(r.title).toBe("install tini (apk) after the USER 0 at line 3 and run it as ENTRYPOINT");
  });

  it("is wrapped in USER root … USER <previous> when the previous user comes from a parent stage", () => {
    const r = fixed('FROM debian:bookworm-slim AS base\nUSER daemon:daemon\n\nFROM base\nCMD ["/usr/local/bin/worker"]\n');
    expect(r.text).toBe(`FROM debian:bookworm-slim AS base\nUSER daemon:daemon\n\nFROM base\nUSER root\n${APT}\nUSER daemon:daemon\nENTRYPOINT ["/usr/bin/tini", "--"]\nCMD ["/usr/local/bin/worker"]\n`);
    expect(r.title).toContain("as root (USER root, then USER daemon:daemon again)");
  });

  it("is wrapped right after the stage's own first USER when the base image's user is unknown", () => {
    const r = fixed('FROM registry.example.com/team/runtime:2-bookworm\nCOPY app /app\nUSER ${APP_USER}\nCMD ["/app/run"]\n');
    expect(r.text).toBe(`FROM registry.example.com/team/runtime:2-bookworm\nCOPY app /app\nUSER \${APP_USER}\nUSER root\n${APT}\nUSER \${APP_USER}\nENTRYPOINT ["/usr/bin/tini", "--"]\nCMD ["/app/run"]\n`);
  });

  it("does not write back a parent stage's USER whose variable is not in scope (an ARG), and says when the user is unknown", () => {
    const r = fixed('FROM registry.example.com/team/runtime:2-alpine AS base\nARG UID=1000\nUSER ${UID}\n\nFROM base\nCMD ["/app/run"]\n');
    expect(r.text).toBe('FROM registry.example.com/team/runtime:2-alpine AS base\nARG UID=1000\nUSER ${UID}\n\nFROM base\nRUN apk add --no-cache tini\nENTRYPOINT ["/sbin/tini", "--"]\nCMD ["/app/run"]\n');
    expect(r.title).toMatch(/^the base image's user is unknown: install tini \(apk\) and run it as ENTRYPOINT; the install needs root/);
  });

  it("writes back a parent stage's USER when its variable is an ENV (inherited)", () => {
    const r = fixed('FROM alpine:3.20 AS base\nENV APP_UID=1000\nUSER ${APP_UID}\n\nFROM base\nCMD ["/app/run"]\n');
    expect(r.text).toContain("FROM base\nUSER root\nRUN apk add --no-cache tini\nUSER ${APP_UID}\n");
  });

  it("keeps the fix, unsafe, when the base image's user is unknown and nothing switches user, and says so in the title", () => {
    const r = fixed('FROM registry.example.com/team/node-runtime:20-alpine\nCMD ["node", "index.js"]\n');
    expect(r.text).toBe('FROM registry.example.com/team/node-runtime:20-alpine\nRUN apk add --no-cache tini\nENTRYPOINT ["/sbin/tini", "--"]\nCMD ["node", "index.js"]\n');
    expect(r.title.startsWith("the base image's user is unknown: ")).toBe(true);
    expect(r.title).toContain("registry.example.com/team/node-runtime:20-alpine does not build as root");
  });

  it("names the base image as the FROM writes it when a build argument decides it", () => {
    const r = fixed('ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\nRUN apt-get update && apt-get install -y curl\nCMD ["/app/run"]\n');
    expect(r.title).toContain("the build fails if ${BASE_IMAGE} does not build as root");
  });

  it("knows the official server images that build as root, and not memcached (its image ends with USER memcache)", () => {
    expect(fixed('FROM nginx:1.27-alpine\nCMD ["/usr/local/bin/sidecar"]\n').title).toBe("install tini (apk) and run it as ENTRYPOINT");
    expect(ROOT_BUILD_IMAGES.has("memcached")).toBe(false);
  });

  it("writes one edit when the install and the ENTRYPOINT land at the same line (the applier refuses two insertions at one point)", () => {
    const text = 'FROM registry.example.com/team/app:1-alpine\nUSER root\nCMD ["/app/server"]\n';
    const { model } = parseDockerfile(makeSourceFile("/p/Dockerfile", text, "dockerfile", "/p"));
    const r = tiniFix(model, model.stages[0]!, kb);
    if ("reason" in r) throw new Error(r.reason);
    expect(r.edits).toHaveLength(1);
    expect(applyEdits(text, r.edits)).toBe('FROM registry.example.com/team/app:1-alpine\nUSER root\nRUN apk add --no-cache tini\nENTRYPOINT ["/sbin/tini", "--"]\nCMD ["/app/server"]\n');
  });

  it("keeps the file's line endings", () => {
    const r = fixed('FROM alpine:3.20\r\nUSER nobody\r\nCMD ["/bin/app"]\r\n');
    expect(r.text).toBe('FROM alpine:3.20\r\nRUN apk add --no-cache tini\r\nUSER nobody\r\nENTRYPOINT ["/sbin/tini", "--"]\r\nCMD ["/bin/app"]\r\n');
  });
});

describe("tini install: one self-contained apt-get line, and the SHELL where it goes", () => {
  it("writes apt-get update, install and the lists' removal in one RUN", () => {
    const r = fixed('FROM python:3.12-slim\nRUN apt-get update && apt-get install -y curl\nCMD ["python", "-m", "app"]\n');
    const runs = r.text.split("\n").filter((l) => l.includes("tini") && l.startsWith("RUN"));
    expect(runs).toEqual([APT]);
  });

  it("runs with a bash pipefail SHELL in effect", () => {
    const r = fixed('FROM debian:bookworm-slim AS base\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\n\nFROM base\nCMD ["/usr/bin/app"]\n');
    expect(r.text).toContain(`FROM base\n${APT}\n`);
  });

  it("is not written where the SHELL is not a POSIX shell", () => {
    const r = tini('FROM registry.example.com/ms/base:ltsc-bookworm AS base\nSHELL ["pwsh", "-Command"]\n\nFROM base\nCMD ["/usr/bin/app"]\n');
    expect(r).toEqual({ reason: 'the SHELL there is ["pwsh","-Command"], not a POSIX shell: install tini yourself, or run the image with --init' });
  });

  it("only the SHELL at the insertion counts: a pwsh SHELL later in the stage does not stop it", () => {
    const r = fixed('FROM debian:bookworm\nSHELL ["pwsh", "-Command"]\nRUN Write-Host hi\nCMD ["/usr/bin/app"]\n');
    expect(r.text.split("\n").slice(0, 3)).toEqual(["FROM debian:bookworm", APT, 'SHELL ["pwsh", "-Command"]']);
  });
});

describe("shell-form-command and the chain honour SHELL", () => {
  async function findings(files: Record<string, string>) {
    const dir = project(files);
    try {
      return await lint(["."], { cwd: dir });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  const compose = "services:\n  app:\n    build: .\n    init: true\n";

  it("names the stage's SHELL in the message, and the unsafe fix keeps it", async () => {
    const r = await findings({ "compose.yaml": compose, Dockerfile: 'FROM node:20\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nCMD node server.js --port "$PORT"\n' });
    const d = r.diagnostics.find((x) => x.rule === "shell-form-command")!;
    expect(d.message).toContain('Docker runs `/bin/bash -o pipefail -c "node server.js --port "$PORT""`');
    expect(d.fix).toMatchObject({ safety: "unsafe", title: "exec form through the stage's SHELL (/bin/bash -o pipefail -c), with exec" });
    expect(d.fix!.edits[0]!.newText).toBe('["/bin/bash", "-o", "pipefail", "-c", "exec node server.js --port \\"$PORT\\""]');
  });

  it("a HEALTHCHECK runs with the SHELL of the image, even one set after it", async () => {
    const r = await findings({ "compose.yaml": compose, Dockerfile: 'FROM python:3.12\nHEALTHCHECK CMD curl -f http://localhost/ || exit 1\nSHELL ["/bin/bash", "-c"]\nCMD ["python", "app.py"]\n' });
    const d = r.diagnostics.find((x) => x.rule === "shell-form-command")!;
    expect(d.message).toContain("every check runs `/bin/bash -c`");
  });

  it("plain words go to the exec form safely only through a shell that just runs them", async () => {
    const plain = await findings({ "compose.yaml": compose, Dockerfile: 'FROM node:20\nSHELL ["/bin/bash", "-eu", "-o", "pipefail", "-c"]\nCMD node server.js\n' });
    expect(plain.diagnostics.find((x) => x.rule === "shell-form-command")!.fix).toMatchObject({ safety: "safe", title: "use the exec form" });
    const login = await findings({ "compose.yaml": compose, Dockerfile: 'FROM node:20\nSHELL ["/bin/bash", "-l", "-c"]\nCMD node server.js\n' });
    expect(login.diagnostics.find((x) => x.rule === "shell-form-command")!.fix).toMatchObject({ safety: "unsafe" });
    const bashEnv = await findings({ "compose.yaml": compose, Dockerfile: 'FROM node:20\nENV BASH_ENV=/etc/app-env.sh\nSHELL ["/bin/bash", "-c"]\nCMD node server.js\n' });
    expect(bashEnv.diagnostics.find((x) => x.rule === "shell-form-command")!.fix!.edits[0]!.newText).toBe('["/bin/bash", "-c", "exec node server.js"]');
  });

  it("offers no fix through a non-POSIX SHELL, and says what that shell does", async () => {
    const r = await findings({ "compose.yaml": compose, Dockerfile: 'FROM mcr.microsoft.com/powershell:7.4-ubuntu-22.04\nSHELL ["pwsh", "-Command"]\nCMD ./start.ps1\n' });
    const d = r.diagnostics.find((x) => x.rule === "shell-form-command")!;
    expect(d.fix).toBeNull();
    expect(d.message).toContain('Docker runs `pwsh -Command "./start.ps1"`: pwsh starts the program as its child');
  });

  it("the PID 1 chain runs the shell-form CMD through the stage's SHELL", async () => {
    const r = await findings({ "compose.yaml": "services:\n  app:\n    build: .\n", Dockerfile: 'FROM node:20 AS base\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\n\nFROM base\nCMD node server.js\n' });
    const c = r.model!.containers.find((x) => x.kind === "service")!;
    expect(c.chain.hops.map((h) => h.text)).toContain("bash -c");
    expect(c.chain.program).toBe("node");
  });
});
