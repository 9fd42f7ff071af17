// The fixer's report says what happened: every fix applied, follow-on fixes of later passes included, each with
// its finding's line in the file as it was before any fix; counts of what was written; fixable findings that
// were not fixed, with the reason; one edit shared by the findings it fixes.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { lint } from "../src/engine/index.js";
import { fix, fixSummary, unmapOffset, type FixResult } from "../src/fix/apply.js";

const dirs: string[] = [];
function project(files: Record<string, string | Buffer>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fix-report-"));
  dirs.push(dir);
  for (const [f, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    fs.writeFileSync(path.join(dir, f), text);
    if (f.endsWith(".sh")) fs.chmodSync(path.join(dir, f), 0o755);
  }
  return dir;
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe("unmapOffset: a position after edits, in the text before them", () => {
  const before = "FROM node\nCOPY a /a\nCMD x\n";
  const ins = { file: "f", start: 10, end: 10, newText: "RUN add tini\n" }; // a line before `COPY`
  const rep = { file: "f", start: 20, end: 25, newText: "CMD [\"x\"]" }; // `CMD x` → `CMD ["x"]`
  it("maps text after an insertion back by its length, and text before it unchanged", () => {
    const after = "FROM node\nRUN add tini\nCOPY a /a\nCMD [\"x\"]\n";
    expect(unmapOffset(before, [ins, rep], after.indexOf("COPY"))).toEqual({ offset: before.indexOf("COPY"), added: false });
    expect(unmapOffset(before, [ins, rep], 2)).toEqual({ offset: 2, added: false });
    expect(unmapOffset(before, [ins, rep], after.length)).toEqual({ offset: before.length, added: false });
  });
  it("a position inside a line the edits added is marked added, at the point of insertion", () => {
    const after = "FROM node\nRUN add tini\nCOPY a /a\nCMD [\"x\"]\n";
    expect(unmapOffset(before, [ins, rep], after.indexOf("RUN"))).toEqual({ offset: 10, added: true });
    expect(unmapOffset(before, [ins, rep], after.indexOf("tini"))).toEqual({ offset: 10, added: true });
  });
  it("a position inside replaced text of a line that was there keeps that line", () => {
    const after = "FROM node\nRUN add tini\nCOPY a /a\nCMD [\"x\"]\n";
    expect(unmapOffset(before, [ins, rep], after.indexOf("[")).offset).toBe(20);
    expect(unmapOffset(before, [ins, rep], after.indexOf("[")).added).toBe(false);
    // `exec ` inserted in front of a command: the command's line is the line it had
    const script = "set -e\nnode server.js\n";
    expect(unmapOffset(script, [{ file: "f", start: 7, end: 7, newText: "exec " }], 7)).toEqual({ offset: 7, added: false });
  });
});

describe("the report of fix()", () => {
  // pass 1: `exec` in the script (its PID 1 is then node) and `init: true` for `web`;
  // pass 2: the service that runs the script now needs an init too (a follow-on finding)
  const FOLLOW_ON = {
    "compose.yaml": "services:\n  web:\n    image: node:20\n    command: node web.js\n  # the app\n  app:\n    # built here\n    build: .\n    restart: always\n",
    Dockerfile: 'FROM node:20-alpine\nWORKDIR /app\nCOPY entrypoint.sh /entrypoint.sh\nENTRYPOINT ["/entrypoint.sh"]\n',
    "entrypoint.sh": "#!/bin/sh\nset -e\nnpm run migrate\nnode server.js\n",
  };

  it("lists follow-on fixes of later passes with the line the finding had in the original file", async () => {
    const dir = project(FOLLOW_ON);
    const before = await lint(["."], { cwd: dir });
    const fixableAtStart = before.diagnostics.filter((d) => d.fix?.safety === "safe" && d.fix.edits.length).length;
    const r = await fix(["."], { cwd: dir, unsafe: false, dryRun: false });
    const compose = fs.readFileSync(path.join(dir, "compose.yaml"), "utf8");
    // after pass 1 `app:` is on line 7; the report gives line 6, its line in the file as written by the user
    expect(compose.split("\n").indexOf("  app:") + 1).toBe(7);
    expect(r.applied.map((a) => [a.file, a.line, a.rule, a.followOn, a.pass, a.addedLine])).toEqual([
      ["compose.yaml", 2, "missing-init", false, 1, false],
      ["entrypoint.sh", 4, "entrypoint-without-exec", false, 1, false],
      ["compose.yaml", 6, "missing-init", true, 2, false],
    ]);
    expect(r.fixableAtStart).toBe(fixableAtStart);
    expect(r.fixableAtStart).toBe(2);
    const summary = fixSummary(r, { dryRun: false, unsafe: false });
    expect(summary).toContain("fixed compose.yaml:6: add `init: true` to service `app` [missing-init] (follow-on: found after the fixes of pass 1)");
    expect(summary).toContain("3 fixes applied in 2 files: 2 of the 2 fixable findings the lint reported, 1 follow-on fix for findings that appeared after earlier fixes");
    // the new key goes above the comment that describes the next key
    expect(compose).toContain("  app:\n    init: true\n    # built here\n    build: .\n");
  });

  it("one edit fixes the services that merge a service's mapping: listed for each finding, written once", async () => {
    const text = "services:\n  web: &web\n    image: node:20\n    command: node server.js\n  worker:\n    <<: *web\n    command: node worker.js\n  cron:\n    <<: *web\n    command: node cron.js\n";
    const dir = project({ "compose.yaml": text });
    const before = await lint(["."], { cwd: dir });
    expect(before.diagnostics.filter((d) => d.fix?.safety === "safe").map((d) => d.line)).toEqual([2, 5, 8]);
    const r = await fix(["."], { cwd: dir, unsafe: false, dryRun: false });
    expect(fs.readFileSync(path.join(dir, "compose.yaml"), "utf8")).toBe(text.replace("  web: &web\n", "  web: &web\n    init: true\n"));
    expect(r.applied.map((a) => a.line)).toEqual([2, 5, 8]);
    expect(new Set(r.applied.map((a) => a.title))).toEqual(new Set(["add `init: true` to service `web` (and `worker`, `cron`, which merge it)"]));
    expect(fixSummary(r, { dryRun: false, unsafe: false }).at(-1)).toBe("3 fixes applied in 1 file");
    expect(r.remaining.diagnostics.filter((d) => d.rule === "missing-init")).toEqual([]);
  });

  it("the shared edit is not offered when one of its findings is suppressed", async () => {
    const text = "services:\n  # compose-lint disable-next-line missing-init -- a short-lived helper\n  web: &web\n    image: node:20\n    command: node server.js\n  worker:\n    <<: *web\n    command: node worker.js\n";
    const dir = project({ "compose.yaml": text });
    const r = await lint(["."], { cwd: dir });
    const worker = r.diagnostics.find((d) => d.rule === "missing-init" && d.line === 6);
    expect(worker?.fix).toBeNull();
    expect(worker?.noFixReason).toMatch(/suppressed/);
    const fixed = await fix(["."], { cwd: dir, unsafe: true, dryRun: false });
    expect(fixed.changes).toEqual([]);
    expect(fs.readFileSync(path.join(dir, "compose.yaml"), "utf8")).toBe(text);
  });

  it("counts only what was written: a file that cannot be written back takes its fixes out of the count", async () => {
    // a byte that is not UTF-8 in a comment: the script is read (with a replacement character) but never written back
    const script = Buffer.concat([Buffer.from("#!/bin/sh\n# caf"), Buffer.from([0xe9]), Buffer.from("\nset -e\nnode server.js\n")]);
    const dir = project({
      "compose.yaml": "services:\n  api:\n    image: node:20\n  app:\n    build: .\n    init: true\n",
      Dockerfile: 'FROM node:20-alpine\nCOPY entrypoint.sh /entrypoint.sh\nENTRYPOINT ["/entrypoint.sh"]\n',
      "entrypoint.sh": script,
    });
    const r = await fix(["."], { cwd: dir, unsafe: false, dryRun: false });
    expect(r.refused.map((f) => f.file)).toEqual(["entrypoint.sh"]);
    expect(fs.readFileSync(path.join(dir, "entrypoint.sh")).equals(script)).toBe(true);
    expect(r.changes.map((c) => c.rel)).toEqual(["compose.yaml"]);
    expect(r.applied.map((a) => a.file)).toEqual(["compose.yaml"]);
    const summary = fixSummary(r, { dryRun: false, unsafe: false });
    expect(summary).toContain("1 fix applied in 1 file: 1 of the 2 fixable findings the lint reported");
    expect(summary.some((l) => l.startsWith("not fixed entrypoint.sh: "))).toBe(true);
    // when nothing could be written, the report does not say there was nothing to fix
    const alone = project({ Dockerfile: 'FROM node:20-alpine\nCOPY entrypoint.sh /entrypoint.sh\nENTRYPOINT ["/entrypoint.sh"]\n', "entrypoint.sh": script });
    const none = await fix(["."], { cwd: alone, unsafe: false, dryRun: false });
    const lines = fixSummary(none, { dryRun: false, unsafe: false });
    expect(lines).not.toContain("nothing to fix");
    expect(lines).toContain("0 fixes applied in 0 files: 0 of the 1 fixable finding the lint reported");
  });

  it("a fixable finding that cannot be fixed is listed with the reason", async () => {
    const dir = project({ "compose.yaml": "services:\n  api:\n    init: true\n    build:\n      dockerfile_inline: |\n        FROM node:20\n        CMD node server.js\n" });
    const before = await lint(["."], { cwd: dir });
    const inline = before.diagnostics.filter((d) => d.fix?.safety === "safe" && d.fix.edits.length);
    expect(inline.length).toBeGreaterThan(0);
    const r = await fix(["."], { cwd: dir, unsafe: false, dryRun: false });
    expect(r.unfixed.length).toBe(inline.length);
    for (const u of r.unfixed) expect(u.reason).toMatch(/inline Dockerfile/);
    expect(fixSummary(r, { dryRun: false, unsafe: false }).some((l) => l.startsWith("not fixed ") && l.includes("inline Dockerfile"))).toBe(true);
  });

  it("says when a finding lies in a line an earlier fix added", () => {
    const r = {
      applied: [{ rule: "r", title: "t", file: "Dockerfile", line: 2, addedLine: true, followOn: true, pass: 2 }],
      changes: [{ path: "/x/Dockerfile", rel: "Dockerfile", before: "", after: "" }],
      fixableAtStart: 0,
      unfixed: [],
      resolvedByOthers: 0,
      remaining: { diagnostics: [] },
      refused: [],
      passes: 2,
    } as unknown as FixResult;
    expect(fixSummary(r, { dryRun: false, unsafe: true })).toEqual([
      "fixed Dockerfile:2: t [r] (in a line an earlier fix added at line 2; follow-on: found after the fixes of pass 1)",
      "1 fix applied in 1 file: 0 of the 0 fixable findings the lint reported, 1 follow-on fix for findings that appeared after earlier fixes",
    ]);
  });
});
