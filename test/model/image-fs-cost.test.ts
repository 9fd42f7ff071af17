// What the image model does not do twice in one lint: parse a Dockerfile again to reach the stage a COPY --from
// names, parse the same RUN text twice, or ask the file system twice about one path.
import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { lint } from "../../src/engine/index.js";
import { FileStore } from "../../src/files.js";
import { imageFsFor, inferContextDir, traceFile } from "../../src/model/image-fs.js";
import { dockerfileOf, heredocBodiesOf, parseDockerfile } from "../../src/parse/dockerfile.js";
import { parseScript } from "../../src/parse/shell.js";
import { project } from "../helpers.js";

vi.mock("../../src/parse/dockerfile.js", async (importOriginal) => {
  const mod = await importOriginal<typeof import("../../src/parse/dockerfile.js")>();
  return { ...mod, parseDockerfile: vi.fn(mod.parseDockerfile) };
});
vi.mock("../../src/parse/shell.js", async (importOriginal) => {
  const mod = await importOriginal<typeof import("../../src/parse/shell.js")>();
  return { ...mod, parseScript: vi.fn(mod.parseScript) };
});

const parseDockerfileMock = vi.mocked(parseDockerfile);
const parseScriptMock = vi.mocked(parseScript);

const dirs: string[] = [];
beforeEach(() => {
  parseDockerfileMock.mockClear();
  parseScriptMock.mockClear();
});
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  vi.restoreAllMocks();
});

// the final stage names the build stage only in COPY --from: the chain brings the final stage alone
const MULTI = [
  "FROM golang:1.22-alpine AS build", // 1
  "WORKDIR /src", // 2
  "COPY . .", // 3
  "RUN go build -o /out/server ./cmd/server && cp docker/start.sh /out/", // 4
  "", // 5
  "FROM alpine:3.20", // 6
  "COPY --from=build /out/ /usr/local/bin/", // 7
  'ENTRYPOINT ["/usr/local/bin/start.sh"]', // 8
  "",
].join("\n");

function setup(files: Record<string, string>, dockerfile = "Dockerfile") {
  const dir = project(files);
  dirs.push(dir);
  const store = new FileStore(dir, ["."]);
  const r = store.read(path.join(dir, dockerfile), "dockerfile");
  if (!r.ok) throw new Error(r.message);
  const { model } = parseDockerfile(r.file);
  return { dir, store, model, stage: model.stages[model.stages.length - 1]! };
}

describe("the image model's cost", () => {
  it("a parsed stage leads to its sibling stages and heredoc bodies without a second parse", () => {
    const s = setup({ Dockerfile: "FROM alpine AS a\nCOPY <<EOF /x\nhi\nEOF\nFROM a AS b\nFROM alpine\n" });
    const parsed = dockerfileOf(s.stage);
    expect(parsed).toBe(s.model);
    for (const st of s.model.stages) expect(dockerfileOf(st)).toBe(s.model);
    expect([...(heredocBodiesOf(s.model)?.values() ?? [])].map((m) => [...m.keys()])).toEqual([["EOF"]]);
    // a stage made elsewhere (not by the parser) has no parse to lead to
    expect(dockerfileOf({ ...s.stage })).toBeNull();
    // the links are side tables: nothing enumerable is added to the stages (snapshots and comparisons see the same objects)
    expect(Object.keys(s.stage)).not.toContain("stages");
  });

  it("COPY --from=<stage> reaches the stage through the parse the looked-up stage came from", async () => {
    const s = setup({ Dockerfile: MULTI, "docker/start.sh": "#!/bin/sh\nexec /usr/local/bin/server\n", "cmd/server/main.go": "package main\n" });
    expect(parseDockerfileMock).toHaveBeenCalledTimes(1);
    const start = await traceFile(s.store, s.stage, s.dir, "/usr/local/bin/start.sh");
    expect(start).toMatchObject({ kind: "context", path: path.join(s.dir, "docker/start.sh") });
    expect(start.steps.map((x) => x.line)).toEqual([3, 4, 7]);
    const server = await traceFile(s.store, s.stage, s.dir, "/usr/local/bin/server");
    expect(server).toMatchObject({ kind: "built", program: "server", language: "Go" });
    expect(parseDockerfileMock).toHaveBeenCalledTimes(1);
  });

  it("a stage the parser did not make is still followed (its Dockerfile is parsed for the stage COPY --from names)", async () => {
    const s = setup({ Dockerfile: MULTI, "docker/start.sh": "#!/bin/sh\n" });
    const copy = { ...s.stage };
    const start = await traceFile(s.store, copy, s.dir, "/usr/local/bin/start.sh");
    expect(start).toMatchObject({ kind: "context", path: path.join(s.dir, "docker/start.sh") });
    expect(parseDockerfileMock).toHaveBeenCalledTimes(2);
  });

  it("a Dockerfile parsed with build arguments and without: each parse's stages lead to that parse's siblings", async () => {
    const text = ["ARG TOOLCHAIN=golang:1.22", "FROM ${TOOLCHAIN} AS build", "WORKDIR /out", "RUN make", "FROM alpine:3.20", "COPY --from=build /out/server /usr/local/bin/server", 'CMD ["server"]', ""].join("\n");
    const s = setup({ Dockerfile: text });
    const withArgs = parseDockerfile(s.model.source, new Map([["TOOLCHAIN", "rust:1.80"]])).model;
    const plain = await traceFile(s.store, s.stage, s.dir, "/usr/local/bin/server");
    const rust = await traceFile(s.store, withArgs.stages[1]!, s.dir, "/usr/local/bin/server");
    expect(plain).toMatchObject({ kind: "built", language: "Go", inferred: "stage build (golang:1.22)" });
    expect(rust).toMatchObject({ kind: "built", language: "Rust", inferred: "stage build (rust:1.80)" });
    expect(parseDockerfileMock).toHaveBeenCalledTimes(2);
  });

  it("a lint parses each Dockerfile once, and the same RUN text once, however many Dockerfiles hold it", async () => {
    const compose = ["services:", "  a:", "    build: ./a", "  b:", "    build: ./b", ""].join("\n");
    const dir = project({ "compose.yaml": compose, "a/Dockerfile": MULTI, "b/Dockerfile": MULTI, "a/docker/start.sh": "#!/bin/sh\nexec /usr/local/bin/server\n", "b/docker/start.sh": "#!/bin/sh\nexec /usr/local/bin/server\n" });
    dirs.push(dir);
    const r = await lint(["."], { cwd: dir });
    expect(r.diagnostics.filter((d) => d.rule === "missing-init").map((d) => d.message).join("\n")).toMatch(/server, a Go binary built at Dockerfile:4/);
    expect(parseDockerfileMock).toHaveBeenCalledTimes(2);
    const runParses = parseScriptMock.mock.calls.filter(([text]) => text.includes("go build -o /out/server"));
    expect(runParses).toHaveLength(1);
  });

  it("asks the file system once a path, for every build and for the inferred build context", () => {
    const s = setup({ Dockerfile: "FROM alpine\nCOPY docker /opt/docker\n", "docker/start.sh": "#!/bin/sh\n" });
    const statSync = vi.spyOn(fs, "statSync");
    const readdirSync = vi.spyOn(fs, "readdirSync");
    // what the file system was asked about a path: a stat of it, or a listing of its directory (FileStore.entryKind)
    const asked = (x: string): number => statSync.mock.calls.filter(([y]) => y === x).length + readdirSync.mock.calls.filter(([y]) => y === path.dirname(x)).length;
    const fsm = imageFsFor(s.store);
    const p = path.join(s.dir, "docker/start.sh");
    expect(fsm.pathKind(p)).toBe("file");
    expect(fsm.pathKind(path.join(s.dir, "docker"))).toBe("dir");
    expect(fsm.pathKind(path.join(s.dir, "nothing.sh"))).toBeNull();
    expect(fsm.pathKind(p)).toBe("file");
    // at most once (the setup's model may have asked already), and not again
    expect(asked(p)).toBeLessThanOrEqual(1);
    expect(asked(path.join(s.dir, "nothing.sh"))).toBeLessThanOrEqual(1);
    const before = statSync.mock.calls.length + readdirSync.mock.calls.length;
    expect(fsm.pathKind(path.join(s.dir, "nothing.sh"))).toBeNull();
    expect(fsm.pathKind(path.join(s.dir, "docker"))).toBe("dir");
    expect(statSync.mock.calls.length + readdirSync.mock.calls.length).toBe(before);
    expect(inferContextDir(s.store, s.model.stages, s.dir, s.dir)).toBe(s.dir);
    expect(asked(path.join(s.dir, "docker"))).toBeLessThanOrEqual(1);
  });
});
