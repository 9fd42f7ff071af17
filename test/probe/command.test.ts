import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { probeCommand } from "../../src/probe/command.js";
import type { Diagnostic } from "../../src/types.js";
import { dockerTop, startFakeEngine, type FakeEngine } from "./fake-engine.js";

let engine: FakeEngine | undefined;
afterEach(async () => {
  await engine?.close();
  engine = undefined;
});

async function runCli(args: string[]): Promise<{ code: number | undefined; out: string; err: string; formats: string[] }> {
  let out = "";
  let err = "";
  let code: number | undefined;
  const formats: string[] = [];
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), "cl-probe-cmd-"));
  const cmd = probeCommand({
    render: async (format: string, diags: Diagnostic[]) => {
      formats.push(format);
      if (format === "bogus") throw new Error(`unknown format "bogus"`);
      return diags.map((d) => `${d.file}:${d.line} ${d.severity} ${d.rule} ${d.message}`).join("\n");
    },
    stdout: (t) => void (out += t),
    stderr: (t) => void (err += t),
    exit: (c) => void (code = c),
    cwd: () => cwd,
  });
  try {
    await cmd.parseAsync(args, { from: "user" });
  } catch {
    // commander usage errors are thrown after exit() was called
  }
  fs.rmSync(cwd, { recursive: true, force: true });
  return { code, out, err, formats };
}

const zombieTop = dockerTop([[4242, 1, "Ssl", "server"], [4300, 4242, "Z", "timeout"]]);
const cleanTop = dockerTop([[4242, 1, "Ss", "tini"], [4243, 4242, "S", "server"]]);

describe("compose-lint probe command", () => {
  it("exit 1 with findings, rendered in the requested format", async () => {
    engine = await startFakeEngine([{ id: "a", name: "app", top: [zombieTop] }]);
    const r = await runCli(["--all", "--host", engine.url, "--format", "compact"]);
    expect(r.code).toBe(1);
    expect(r.formats).toEqual(["compact"]);
    expect(r.out).toContain("container:app:1 error zombies");
    expect(r.out).toContain("missing-init");
  });

  it("exit 0 when nothing is found; stylish is the default format", async () => {
    engine = await startFakeEngine([{ id: "a", name: "app", top: [cleanTop] }]);
    const r = await runCli(["--all", "--host", engine.url]);
    expect(r.code).toBe(0);
    expect(r.formats).toEqual(["stylish"]);
  });

  it("--quiet keeps errors only", async () => {
    engine = await startFakeEngine([{ id: "a", name: "app", top: [dockerTop([[4242, 1, "Ssl", "server"]])] }]);
    const r = await runCli(["--all", "--quiet", "--host", engine.url]);
    expect(r.code).toBe(0); // only a missing-init warning, dropped
    engine.containers[0]!.top = [zombieTop];
    const r2 = await runCli(["--all", "--quiet", "--host", engine.url]);
    expect(r2.code).toBe(1);
    expect(r2.out).not.toContain("missing-init");
  });

  it("exit 2 when no engine answers, with the reason on stderr", async () => {
    const r = await runCli(["--all", "--host", "unix:///nonexistent/compose-lint.sock"]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/no container engine answered at unix:\/\/\/nonexistent\/compose-lint\.sock.*set DOCKER_HOST/);
  });

  it("exit 2 on usage errors", async () => {
    expect((await runCli(["--all", "--project", "x", "--host", "unix:///x.sock"])).code).toBe(2);
    expect((await runCli(["--all", "--watch", "soon"])).code).toBe(2);
    expect((await runCli(["--all", "--host", "ssh://me@example"])).code).toBe(2);
    engine = await startFakeEngine([{ id: "a", name: "app", top: [zombieTop] }]);
    expect((await runCli(["--all", "--host", engine.url, "--format", "bogus"])).code).toBe(2);
  });
});
