// Containment, measured from the outside: the CLI runs under strace on the whole bad-input corpus (symlinks
// and COPY sources pointing out of the tree or the build context included). It opens no file outside the
// linted tree except node's own and the bundle's, connects nowhere, and executes nothing.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { caseNames, materialize, ROOT } from "./bad-input/generate.js";
import { CLI } from "./bad-input/run.js";

const strace = spawnSync("strace", ["-V"]);
const why = strace.error ? "strace is not installed (apt-get install -y strace)" : null;

let tmp: string;
beforeAll(() => {
  tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "compose-lint-contain-")));
});
afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe("containment under strace", () => {
  it.skipIf(why !== null)("opens nothing outside the tree, no connect(), no execve() after start", () => {
    const tree = path.join(tmp, "tree");
    const outside = path.join(tmp, "outside");
    for (const name of caseNames()) {
      if (name.startsWith("big-") || name === "fifo") continue; // size and blocking are covered elsewhere
      materialize(name, path.join(tree, name), path.join(outside, name));
    }
    // a file outside the tree that the copy-outside-context case points at from its build context
    const log = path.join(tmp, "strace.log");
    const r = spawnSync("strace", ["-f", "-qq", "-e", "trace=openat,open,connect,execve", "-o", log, process.execPath, CLI, "--format", "json", "."], {
      cwd: tree,
      encoding: "utf8",
      timeout: 120_000,
      maxBuffer: 64 * 1024 * 1024,
    });
    expect(r.status, r.stderr).toBe(1);
    const lines = fs.readFileSync(log, "utf8").split("\n");
    // package.json: node reads the nearest one to know whether dist/cli.js is CommonJS (dist/package.json says so)
    const allowed = [tree + "/", path.dirname(CLI) + "/", path.join(ROOT, "package.json"), path.join(ROOT, "node_modules") + "/", "/proc/", "/sys/", "/dev/", "/etc/ld.so", "/lib", "/usr/lib", "/usr/share/zoneinfo", "/etc/localtime", "/etc/ssl/", "/usr/lib/ssl/", "/etc/nsswitch.conf"];
    const opened: string[] = [];
    const bad: string[] = [];
    for (const l of lines) {
      if (/\bconnect\(/.test(l)) bad.push(`connect: ${l}`);
      const ex = /\bexecve\("([^"]+)"/.exec(l);
      if (ex && ex[1] !== process.execPath && !l.includes(CLI)) bad.push(`execve: ${l}`);
      const m = /\bopen(?:at)?\((?:AT_FDCWD|\d+), "([^"]*)"/.exec(l);
      if (!m || /= -1 /.test(l)) continue;
      const p = path.resolve(tree, m[1]!);
      opened.push(p);
      if (p === tree || p === process.execPath || allowed.some((a) => p.startsWith(a))) continue;
      bad.push(`open: ${p}`);
    }
    expect(bad).toEqual([]);
    // the files the corpus points at outside the tree or the build context were never opened
    expect(opened.filter((p) => p.startsWith(outside))).toEqual([]);
    expect(opened.filter((p) => p.endsWith("/sibling.entry") || p.endsWith("/secret.entry"))).toEqual([]);
    expect(opened.some((p) => p.startsWith(path.join(tree, "normal-project")))).toBe(true);
  }, 180_000);
});
