// FileStore keys a path by its real path (symbolic links resolved), keeping directories' real paths for the store:
// each key must be the real path itself (or, where the path does not exist, its existing part's real path and the rest),
// and containment must follow links, a link written with a trailing separator included.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FileStore } from "../src/files.js";

let tmp: string;
let root: string;

/** The key a path must get: its real path, or the real path of its existing part and the rest of the path. */
function expectedKey(p: string): string {
  try {
    return fs.realpathSync.native(p);
  } catch {
    const parent = path.dirname(p);
    return parent === p ? p : path.join(expectedKey(parent), path.basename(p));
  }
}

beforeAll(() => {
  tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "compose-lint-keys-")));
  root = path.join(tmp, "root");
  fs.mkdirSync(path.join(root, "sub"), { recursive: true });
  fs.mkdirSync(path.join(tmp, "outside", "d"), { recursive: true });
  fs.writeFileSync(path.join(root, "sub", "file"), "x");
  fs.writeFileSync(path.join(tmp, "outside", "d", "f"), "y");
  fs.symlinkSync("../outside/d", path.join(root, "link"));
  fs.symlinkSync("sub", path.join(root, "sublink"));
  fs.symlinkSync("sub/file", path.join(root, "filelink"));
  fs.symlinkSync("nowhere", path.join(root, "dangling"));
});
afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

const PATHS = ["link", "link/", "link/f", "link/..", "link/./f", "sub", "sub/", "sub/file", "sub/file/", "sub/missing", "sub/missing/x", "sublink/", "sublink/file", "sublink/../link/f", "filelink", "dangling", "dangling/x", "missing/deeper/x", "sub/../sublink/file", "."];

describe("FileStore keys", () => {
  it("keys every path by its real path, whichever paths were keyed before", () => {
    for (const order of [PATHS, [...PATHS].reverse()]) {
      const store = new FileStore(tmp, [root]);
      for (const p of order) {
        const abs = p === "." ? root : `${root}/${p}`;
        expect(store.keyOf(abs), abs).toBe(expectedKey(abs));
      }
    }
  });

  it("follows a link to a directory outside the roots, with or without a trailing separator", () => {
    const store = new FileStore(tmp, [root]);
    expect(store.contains(`${root}/sub/`)).toBe(true);
    expect(store.contains(`${root}/sublink/`)).toBe(true);
    expect(store.contains(`${root}/link/`)).toBe(false);
    expect(store.contains(`${root}/link`)).toBe(false);
    expect(store.contains(`${root}/link/f`)).toBe(false);
    expect(store.read(`${root}/link/f`, "other").ok).toBe(false);
    expect(store.read(`${root}/sublink/file`, "other").ok).toBe(true);
  });

  it("answers the same with many roots (looked up by ancestor) as with one", () => {
    // pre-commit passes every changed file as a root: with eight or more, contains() looks roots up by ancestor
    const many = new FileStore(tmp, [`${root}/sub`, ...Array.from({ length: 10 }, (_, i) => `${tmp}/elsewhere-${i}`)]);
    const one = new FileStore(tmp, [`${root}/sub`]);
    for (const p of PATHS) {
      const abs = p === "." ? root : `${root}/${p}`;
      expect(many.contains(abs), abs).toBe(one.contains(abs));
    }
    expect(many.contains(`${root}/sub/`)).toBe(true);
    expect(many.contains(`${root}/sub`)).toBe(true);
    expect(many.contains(`${root}/sublink/file`)).toBe(true);
    expect(many.contains(`${root}/link/f`)).toBe(false);
    expect(many.contains(root)).toBe(false);
    expect(new FileStore(tmp, ["/", ...Array.from({ length: 10 }, (_, i) => `${tmp}/x${i}`)]).contains(`${root}/link/f`)).toBe(true);
  });
});
