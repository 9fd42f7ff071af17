import { describe, expect, it } from "vitest";
import { isRootUser, joinContinuations, maskHeredocs, parseDockerfile, parseExecForm, runStage } from "../../src/parse/dockerfile.js";
import { makeSourceFile } from "../../src/source.js";

const df = (text: string) => parseDockerfile(makeSourceFile("/p/Dockerfile", text, "dockerfile", "/p"));

describe("exec form vs shell form, as Docker decides", () => {
  it("is exec form only when the text parses as a JSON array of strings", () => {
    expect(parseExecForm('["node", "server.js"]')).toEqual(["node", "server.js"]);
    expect(parseExecForm("[ 'node' ]")).toBeNull(); // single quotes are not JSON: Docker runs it through the shell
    expect(parseExecForm('["a", 1]')).toBeNull();
    expect(parseExecForm("node server.js")).toBeNull();
  });

  it("joins continuation lines with the escape directive", () => {
    const { model } = df("# escape=`\nFROM alpine\nCMD [\"a\", `\n  \"b\"]\n");
    expect(model.escape).toBe("`");
    expect(model.stages[0]!.cmd!.form).toBe("exec");
    expect(model.stages[0]!.cmd!.argv).toEqual(["a", "b"]);
    expect(joinContinuations("a \\\n  # comment\n  b", "\\")).toBe("a   b");
  });
});

describe("stages", () => {
  it("inherits ENTRYPOINT/CMD through FROM <stage> and resets an inherited CMD when ENTRYPOINT is set", () => {
    const { model } = df('FROM node:20 AS base\nCMD ["node", "a.js"]\n\nFROM base AS app\nENTRYPOINT ["/e.sh"]\n\nFROM base AS worker\n');
    const app = runStage(model, "app")!;
    expect(app.entrypoint!.argv).toEqual(["/e.sh"]);
    expect(app.cmd).toBeNull();
    const worker = runStage(model, null)!;
    expect(worker.name).toBe("worker");
    expect(worker.cmd!.argv).toEqual(["node", "a.js"]);
    expect(worker.cmd!.line).toBe(2);
  });

  it("expands global ARGs in FROM", () => {
    const { model } = df("ARG BASE=python\nARG TAG\nFROM ${BASE}:${TAG:-3.12}-slim\nCMD python -m app\n");
    expect(model.stages[0]!.from).toBe("python:3.12-slim");
    expect(model.stages[0]!.cmd!.form).toBe("shell");
    expect(model.stages[0]!.cmd!.argv).toEqual(["/bin/sh", "-c", "python -m app"]);
  });

  it("tracks WORKDIR, ENV and COPY sources with flags", () => {
    const { model } = df("FROM alpine\nWORKDIR /app\nENV A=1 B=\"two words\"\nCOPY --chmod=755 a.sh b.sh ./bin/\nCOPY --from=build /out/x /usr/local/bin/x\n");
    const s = model.stages[0]!;
    expect(s.workdir).toBe("/app");
    expect(s.env.get("B")).toBe("two words");
    expect(s.copies[0]).toMatchObject({ sources: ["a.sh", "b.sh"], dest: "./bin/", chmod: "755", from: null, workdir: "/app" });
    expect(s.copies[1]).toMatchObject({ from: "build", dest: "/usr/local/bin/x" });
  });
});

describe("SHELL", () => {
  it("runs a shell-form CMD/ENTRYPOINT with the SHELL in effect where it is written, inherited through FROM <stage>", () => {
    const { model } = df(
      'FROM debian:bookworm AS base\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nCMD run-base\n\nFROM base AS app\nENTRYPOINT serve --port 80\nSHELL ["/bin/sh", "-eu", "-c"]\n\nFROM alpine\nCMD plain\n',
    );
    const [base, app, last] = model.stages;
    expect(base!.cmd!.argv).toEqual(["/bin/bash", "-o", "pipefail", "-c", "run-base"]);
    expect(base!.shellInstruction!.line).toBe(2);
    // inherited: the ENTRYPOINT keeps bash; the later SHELL changes the stage's shell, not the ENTRYPOINT already written
    expect(app!.entrypoint!.argv).toEqual(["/bin/bash", "-o", "pipefail", "-c", "serve --port 80"]);
    expect(app!.shell).toEqual(["/bin/sh", "-eu", "-c"]);
    expect(app!.shellInstruction!.line).toBe(7);
    // a stage FROM an image starts with Docker's default
    expect(last!.shell).toEqual(["/bin/sh", "-c"]);
    expect(last!.shellInstruction).toBeNull();
    expect(last!.cmd!.argv).toEqual(["/bin/sh", "-c", "plain"]);
  });

  it("records the SHELL each instruction runs with, and ignores a SHELL that is not a JSON array", () => {
    const { model } = df('FROM alpine\nRUN a\nSHELL ["/bin/ash", "-c"]\nRUN b\nSHELL /bin/bash -c\nRUN c\n');
    const s = model.stages[0]!;
    expect(s.instructions.map((i) => [i.keyword, i.shell[0]])).toEqual([
      ["FROM", "/bin/sh"],
      ["RUN", "/bin/sh"],
      ["SHELL", "/bin/sh"],
      ["RUN", "/bin/ash"],
      ["SHELL", "/bin/ash"],
      ["RUN", "/bin/ash"],
    ]);
    expect(s.instructions[3]!.args).toBe("b");
  });
});

describe("USER", () => {
  it("tracks the USER in effect per instruction and at the end of the stage, inherited through FROM <stage>", () => {
    const { model } = df("FROM node:20 AS base\nUSER node\nRUN a\n\nFROM base\nRUN b\nUSER root\nRUN c\nUSER 1000:1000\n\nFROM alpine\nRUN d\n");
    const [base, app, other] = model.stages;
    expect(base!.user).toMatchObject({ text: "node", user: "node", line: 2 });
    expect(base!.users.map((u) => u.line)).toEqual([2]);
    expect(app!.instructions.map((i) => [i.keyword, i.user?.text ?? null])).toEqual([
      ["FROM", "node"],
      ["RUN", "node"],
      ["USER", "node"],
      ["RUN", "root"],
      ["USER", "root"],
    ]);
    // the inherited USER points at the stage it is written in
    expect(app!.instructions[0]!.user!.stage).toBe(base);
    expect(app!.users.map((u) => u.text)).toEqual(["root", "1000:1000"]);
    expect(app!.user).toMatchObject({ text: "1000:1000", user: "1000" });
    // an image's own user is not in this file
    expect(other!.user).toBeNull();
    expect(other!.instructions[1]!.user).toBeNull();
  });

  it("tells root from other users", () => {
    const { model } = df("FROM alpine\nUSER root\nUSER 0:0\nUSER root:wheel\nUSER app\nUSER 1000\nUSER ${RUN_AS}\n");
    expect(model.stages[0]!.users.map((u) => isRootUser(u))).toEqual([true, true, true, false, false, false]);
  });
});

describe("heredocs", () => {
  it("masks heredoc bodies so `RUN cat << 'EOF'` is not mis-split into instructions", () => {
    const text = "FROM alpine\nRUN cat << 'EOF' > /x\nFROM bad\nCMD [\"x\"]\nEOF\nCMD [\"real\"]\n";
    const { model, problems } = df(text);
    expect(problems).toEqual([]);
    expect(model.stages).toHaveLength(1);
    expect(model.stages[0]!.cmd!.argv).toEqual(["real"]);
    expect(model.stages[0]!.cmd!.line).toBe(6);
    const masked = maskHeredocs(text).masked;
    expect(masked.length).toBe(text.length);
    expect(masked.split("\n")).toHaveLength(text.split("\n").length);
  });

  it("keeps COPY heredoc bodies", () => {
    const { model } = df("FROM alpine\nCOPY <<EOF /start.sh\n#!/bin/sh\nexec app\nEOF\n");
    const c = model.stages[0]!.copies[0]!;
    expect(c.sources).toEqual(["<<EOF"]);
    expect(c.heredocs.get("EOF")!.text).toBe("#!/bin/sh\nexec app\n");
  });
});

describe("problems", () => {
  it("reports an instruction before the first FROM", () => {
    const { problems } = df("RUN echo hi\nFROM alpine\n");
    expect(problems.map((p) => p.message)).toEqual(["Dockerfile: RUN before the first FROM"]);
  });
});

describe("dockerfile-ast's argument splits, kept per instruction", () => {
  it("gives every caller its own list: flags shifted off one call's list are still in the next", async () => {
    await import("../../src/parse/dockerfile.js");
    const { DockerfileParser } = await import("dockerfile-ast");
    const copy = DockerfileParser.parse("FROM alpine\nCOPY --from=build --chmod=755 /a /b\n").getInstructions()[1]!;
    const words = () => copy.getArguments().map((a) => a.getValue());
    expect(words()).toEqual(["/a", "/b"]);
    expect(words()).toEqual(["/a", "/b"]);
    expect((copy as unknown as { getFlags(): { getName(): string }[] }).getFlags().map((f) => f.getName())).toEqual(["from", "chmod"]);
    const { model } = df("FROM alpine AS build\nFROM --platform=linux/amd64 alpine\nCOPY --from=build --chmod=755 /a /b\n");
    expect(model.stages[1]!.platform).toBe("linux/amd64");
    expect(model.stages[1]!.copies[0]).toMatchObject({ from: "build", chmod: "755", sources: ["/a"], dest: "/b" });
  });
});
