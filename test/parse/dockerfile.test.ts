import { describe, expect, it } from "vitest";
import { joinContinuations, maskHeredocs, parseDockerfile, parseExecForm, runStage } from "../../src/parse/dockerfile.js";
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
