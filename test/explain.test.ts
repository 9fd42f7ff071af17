// `compose-lint explain`: the resolved chain of one container, hop by hop, with the knowledge used.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { explain } from "../src/explain.js";

const root = path.resolve(import.meta.dirname, "..");

describe("explain", () => {
  it("prints a service's chain with file:line per hop, the program, its knowledge source and the finding", async () => {
    const r = await explain("tracker", ["examples/wakapi-like"], { cwd: root });
    expect(r.matched).toBe(1);
    const t = r.text;
    expect(t).toMatch(/^service `tracker` \(examples\/wakapi-like\/docker-compose\.yml:4\)/);
    expect(t).toMatch(/1\. ENTRYPOINT in Dockerfile:13 {2}\[examples\/wakapi-like\/Dockerfile:13\]/);
    expect(t).toMatch(/exec "\$@" {2}\[examples\/wakapi-like\/scripts\/await\.sh:21\]/);
    expect(t).toMatch(/PID 1: tracker — does not reap orphans/);
    expect(t).toMatch(/source: /);
    expect(t).toMatch(/orphan risk: timeout \(busybox\) orphans its watchdog \(examples\/wakapi-like\/scripts\/await\.sh:16\)/);
    expect(t).toMatch(/init: not set/);
    expect(t).toMatch(/warning missing-init: service `tracker` runs tracker/);
  });

  it("names a Dockerfile stage as the image alone, with the services that run it", async () => {
    const r = await explain("examples/wakapi-like/Dockerfile", ["examples/wakapi-like"], { cwd: root });
    expect(r.matched).toBe(1);
    expect(r.text).toMatch(/^image built from examples\/wakapi-like\/Dockerfile/);
    expect(r.text).toMatch(/run here by service `tracker` \(examples\/wakapi-like\/docker-compose\.yml:4, init not set\)/);
  });

  it("lists what can be named when nothing matches", async () => {
    const r = await explain("nope", ["examples/wakapi-like"], { cwd: root });
    expect(r.matched).toBe(0);
    expect(r.candidates).toContain("tracker");
    expect(r.candidates.some((c) => c.startsWith("examples/wakapi-like/Dockerfile"))).toBe(true);
  });
});

describe("compose-lint explain (the CLI bundle)", () => {
  const cli = path.join(root, "dist", "cli.js");
  it("prints the chain and exits 0; an unknown target is a usage error naming what can be explained", async () => {
    const { spawnSync } = await import("node:child_process");
    const ok = spawnSync(process.execPath, [cli, "explain", "tracker", "examples/wakapi-like"], { cwd: root, encoding: "utf8" });
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/^service `tracker`/);
    expect(ok.stdout).toMatch(/PID 1: tracker — does not reap orphans/);
    const bad = spawnSync(process.execPath, [cli, "explain", "nope", "examples/wakapi-like"], { cwd: root, encoding: "utf8" });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/no compose service or Dockerfile stage `nope`; one of:\n {2}tracker\n/);
    expect(bad.stderr).not.toMatch(/at .*\.js:\d+/);
  });
});
