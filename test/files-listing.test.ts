// FileStore.entryKind answers "what is at this path" from its directory's listing, and must agree with the file
// system wherever it answers; where a listing cannot say (links, `.`/`..`, a trailing separator), it says so.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { FileStore } from "../src/files.js";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cl-listing-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
fs.mkdirSync(path.join(dir, "sub"));
fs.writeFileSync(path.join(dir, "a.sh"), "#!/bin/sh\n");
fs.writeFileSync(path.join(dir, ".env"), "X=1\n");
fs.symlinkSync("a.sh", path.join(dir, "link.sh"));
fs.symlinkSync("sub", path.join(dir, "linkdir"));

/** What the system says, in entryKind's words. */
function statKind(p: string): "file" | "dir" | "none" {
  try {
    return fs.statSync(p).isDirectory() ? "dir" : "file";
  } catch {
    return "none";
  }
}

describe.runIf(process.platform === "linux")("FileStore.entryKind", () => {
  it("agrees with the file system for files, directories and absent names", () => {
    const store = new FileStore(dir, ["."]);
    for (const rel of ["a.sh", ".env", "sub", "nope", ".env.example", "sub/nope", "missing/x", "a.sh/x"]) {
      const p = path.join(dir, rel);
      expect([rel, store.entryKind(p)]).toEqual([rel, statKind(p)]);
    }
  });

  it("leaves links, dot names and a trailing separator to the file system", () => {
    const store = new FileStore(dir, ["."]);
    expect(store.entryKind(path.join(dir, "link.sh"))).toBeUndefined();
    expect(store.entryKind(path.join(dir, "linkdir"))).toBeUndefined();
    expect(store.entryKind(`${dir}/sub/.`)).toBeUndefined();
    expect(store.entryKind(`${dir}/sub/..`)).toBeUndefined();
    expect(store.entryKind(`${dir}/a.sh/`)).toBeUndefined();
    expect(store.entryKind("/")).toBeUndefined();
  });

  it("keys a link by its target and a plain file by its directory's real path, as before", () => {
    const store = new FileStore(dir, ["."]);
    const real = fs.realpathSync(dir);
    expect(store.keyOf(path.join(dir, "link.sh"))).toBe(path.join(real, "a.sh"));
    expect(store.keyOf(path.join(dir, "linkdir", "x"))).toBe(path.join(real, "sub", "x"));
    expect(store.keyOf(path.join(dir, "a.sh"))).toBe(path.join(real, "a.sh"));
    expect(store.keyOf(path.join(dir, "nope"))).toBe(path.join(real, "nope"));
  });
});
