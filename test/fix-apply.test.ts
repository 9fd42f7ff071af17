// The applier: edit ordering and conflicts, suppressions, no write when nothing changes, atomic writes
// that keep mode, symlinks and BOMs, and no edits to virtual files.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { applyEdits, editsConflict, fix, selectFixes } from "../src/fix/apply.js";
import type { Diagnostic, TextEdit } from "../src/types.js";

const dirs: string[] = [];
function project(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fix-apply-"));
  dirs.push(dir);
  for (const [f, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, f), text);
  return dir;
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const e = (start: number, end: number, newText = "x"): TextEdit => ({ file: "f", start, end, newText });

describe("applyEdits / editsConflict", () => {
  it("applies from the end, keeping the given order of insertions at one offset", () => {
    expect(applyEdits("abcdef", [e(1, 2, "B"), e(4, 4, "1"), e(4, 4, "2"), e(6, 6, "!")])).toBe("aBcd12ef!");
  });
  it("finds overlaps, insertions at one point and insertions inside a replacement", () => {
    expect(editsConflict(e(0, 3), e(2, 5))).toBe(true);
    expect(editsConflict(e(0, 3), e(3, 5))).toBe(false);
    expect(editsConflict(e(2, 2), e(2, 2))).toBe(true);
    expect(editsConflict(e(2, 2), e(0, 3))).toBe(true);
    expect(editsConflict(e(0, 3), e(2, 2))).toBe(true);
    expect(editsConflict(e(3, 3), e(0, 3))).toBe(false);
    expect(editsConflict(e(0, 0), e(0, 3))).toBe(false);
    expect(editsConflict(e(2, 2), { ...e(2, 2), file: "g" })).toBe(false);
  });
  it("skips a fix whose edits conflict with a picked one, and one whose own edits conflict", () => {
    const d = (edits: TextEdit[]): Diagnostic =>
      ({ rule: "r", severity: "warning", message: String(edits[0]!.start), path: "f", file: "f", line: 1, column: 1, endLine: 1, endColumn: 1, span: { file: "f", start: 0, end: 0 }, fix: { title: "t", safety: "safe", edits } }) as Diagnostic;
    const { picked } = selectFixes([d([e(0, 2)]), d([e(1, 3)]), d([e(5, 5), e(5, 5)]), d([e(7, 8)])], false);
    expect(picked.map((p) => p.message)).toEqual(["0", "7"]);
  });
});

describe("fix()", () => {
  it("honours inline suppressions", async () => {
    const dir = project({
      "compose.yaml": "services:\n  # compose-lint disable-next-line missing-init -- it runs for seconds\n  api:\n    image: node:20\n  worker:\n    image: node:20\n",
    });
    const r = await fix(["."], { cwd: dir, unsafe: true, dryRun: false });
    expect(fs.readFileSync(path.join(dir, "compose.yaml"), "utf8")).toBe(
      "services:\n  # compose-lint disable-next-line missing-init -- it runs for seconds\n  api:\n    image: node:20\n  worker:\n    init: true\n    image: node:20\n",
    );
    expect(r.applied.map((a) => a.line)).toEqual([5]);
  });

  it("writes nothing when nothing changes, and nothing on a dry run", async () => {
    const text = "services:\n  web:\n    image: nginx:1.27\n";
    const dir = project({ "compose.yaml": text });
    const file = path.join(dir, "compose.yaml");
    const old = new Date("2001-01-01T00:00:00Z");
    fs.utimesSync(file, old, old);
    const st = fs.statSync(file);
    const r = await fix(["."], { cwd: dir, unsafe: true, dryRun: false });
    expect(r.changes).toEqual([]);
    expect(r.passes).toBe(0);
    const st2 = fs.statSync(file);
    expect([st2.ino, st2.mtimeMs]).toEqual([st.ino, st.mtimeMs]);

    const dir2 = project({ "compose.yaml": "services:\n  api:\n    image: node:20\n" });
    const dry = await fix(["."], { cwd: dir2, unsafe: false, dryRun: true });
    expect(dry.changes).toHaveLength(1);
    expect(fs.readFileSync(path.join(dir2, "compose.yaml"), "utf8")).toBe("services:\n  api:\n    image: node:20\n");
  });

  it("a second --fix in a row writes nothing (same inode and mtime)", async () => {
    const dir = project({ "compose.yaml": "services:\n  api:\n    image: node:20\n" });
    const file = path.join(dir, "compose.yaml");
    await fix(["."], { cwd: dir, unsafe: false, dryRun: false });
    const st = fs.statSync(file);
    const again = await fix(["."], { cwd: dir, unsafe: false, dryRun: false });
    expect(again.changes).toEqual([]);
    const st2 = fs.statSync(file);
    expect([st2.ino, st2.mtimeMs]).toEqual([st.ino, st.mtimeMs]);
  });

  it("keeps the file mode, writes through a symlink, keeps the BOM", async () => {
    const dir = project({ "real.yaml": "\uFEFFservices:\r\n  api:\r\n    image: node:20\r\n" });
    fs.chmodSync(path.join(dir, "real.yaml"), 0o640);
    fs.symlinkSync("real.yaml", path.join(dir, "compose.yaml"));
    await fix(["compose.yaml"], { cwd: dir, unsafe: false, dryRun: false });
    expect(fs.lstatSync(path.join(dir, "compose.yaml")).isSymbolicLink()).toBe(true);
    expect(fs.statSync(path.join(dir, "real.yaml")).mode & 0o777).toBe(0o640);
    expect(fs.readFileSync(path.join(dir, "real.yaml"), "utf8")).toBe("\uFEFFservices:\r\n  api:\r\n    init: true\r\n    image: node:20\r\n");
    expect(fs.readdirSync(dir).sort()).toEqual(["compose.yaml", "real.yaml"]);
  });

  it("refuses to write a read-only file and says so", async () => {
    if (process.getuid?.() === 0) return; // root writes anyway
    const dir = project({ "compose.yaml": "services:\n  api:\n    image: node:20\n" });
    fs.chmodSync(path.join(dir, "compose.yaml"), 0o444);
    const r = await fix(["."], { cwd: dir, unsafe: false, dryRun: false });
    expect(r.refused.map((x) => x.reason)).toEqual(["could not write: permission denied"]);
    expect(fs.readFileSync(path.join(dir, "compose.yaml"), "utf8")).toBe("services:\n  api:\n    image: node:20\n");
  });

  it("does not write a file that is not valid UTF-8", async () => {
    const dir = project({});
    const bytes = Buffer.concat([Buffer.from("# caf"), Buffer.from([0xe9]), Buffer.from("\nservices:\n  api:\n    image: node:20\n")]);
    fs.writeFileSync(path.join(dir, "compose.yaml"), bytes);
    const r = await fix(["."], { cwd: dir, unsafe: false, dryRun: false });
    // either the reader refuses the file (Compose cannot read it either) or the writer refuses to write it back
    const reported = r.refused.length === 1 || r.remaining.diagnostics.some((d) => d.rule === "parse-error" && d.file === "compose.yaml");
    expect(reported).toBe(true);
    expect(r.changes).toEqual([]);
    expect(fs.readFileSync(path.join(dir, "compose.yaml")).equals(bytes)).toBe(true);
  });

  it("never edits a virtual file (an inline Dockerfile inside the compose file)", async () => {
    const dir = project({ "compose.yaml": 'services:\n  api:\n    build:\n      dockerfile_inline: |\n        FROM node:20\n        CMD node server.js\n' });
    const r = await fix(["."], { cwd: dir, unsafe: true, dryRun: false });
    expect(r.refused).toEqual([]);
    expect(r.changes.map((c) => c.rel)).toEqual(["compose.yaml"]);
    expect(fs.readdirSync(dir)).toEqual(["compose.yaml"]);
  });

  it("removes init: true from s6 services in block and flow mappings, keeping comments", async () => {
    const dir = project({
      "compose.yaml": "services:\n  radarr:\n    image: lscr.io/linuxserver/radarr\n    # keep me\n    init: true\n    restart: always # keep me too\n  sonarr: { image: lscr.io/linuxserver/sonarr, init: true }\n",
    });
    await fix(["."], { cwd: dir, unsafe: false, dryRun: false });
    expect(fs.readFileSync(path.join(dir, "compose.yaml"), "utf8")).toBe(
      "services:\n  radarr:\n    image: lscr.io/linuxserver/radarr\n    # keep me\n    restart: always # keep me too\n  sonarr: { image: lscr.io/linuxserver/sonarr }\n",
    );
  });
});
