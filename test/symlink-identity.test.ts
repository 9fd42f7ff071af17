// One file, one identity: a script reached through a symbolic link and directly (a link next to it, a Dockerfile
// that COPYs the link, a linked directory) is linted, fixed and diffed once. The tree is built at test time and
// compared with the same tree without the links: the same findings (each once, with a note naming the other
// path), the same bytes after --fix-unsafe, nothing refused as "changed on disk", counts of what was written,
// and a --diff that `patch -p1` and `git apply` take with the links in place.
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { lint } from "../src/engine/index.js";
import { fix, fixSummary } from "../src/fix/apply.js";
import { renderDiff } from "../src/fix/diff.js";

const FILES: Record<string, string> = {
  // the image's entrypoint is the script, copied by the name of the link
  Dockerfile: 'FROM node:20-alpine\nWORKDIR /app\nCOPY bin/lock.sh /usr/local/bin/start.sh\nENTRYPOINT ["/usr/local/bin/start.sh"]\n',
  // a script that is also a `docker run` caller: discovery lists it by both names
  "bin/setup.sh": "#!/bin/sh\nset -e\necho 'preparing'\ndocker run -d --name cache -p 6379:6379 node:20 node cache.js\nnode server.js\n",
  "compose.yaml": "services:\n  app:\n    build: .\n    restart: always\n",
};

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** The project; with links: bin/lock.sh → setup.sh and a linked directory 0-tools → bin (sorts before bin). */
function tree(links: boolean): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "symlink-identity-"));
  dirs.push(dir);
  for (const [rel, text] of Object.entries(FILES)) {
    const p = path.join(dir, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, text);
    if (rel.endsWith(".sh")) fs.chmodSync(p, 0o755);
  }
  if (links) {
    fs.symlinkSync("setup.sh", path.join(dir, "bin/lock.sh"));
    fs.symlinkSync("bin", path.join(dir, "0-tools"));
  } else {
    // the same image without links: the Dockerfile copies the script by its own name
    fs.writeFileSync(path.join(dir, "Dockerfile"), FILES.Dockerfile!.replace("bin/lock.sh", "bin/setup.sh"));
  }
  return dir;
}

/** Regular files of a tree (links not followed), for comparing results byte for byte. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of (fs.readdirSync(dir, { recursive: true }) as string[]).sort()) {
    if (f.split(path.sep)[0] === ".git") continue;
    const st = fs.lstatSync(path.join(dir, f));
    if (st.isSymbolicLink()) out[f] = `-> ${fs.readlinkSync(path.join(dir, f))}`;
    else if (st.isFile()) out[f] = fs.readFileSync(path.join(dir, f), "utf8");
  }
  return out;
}

const NOTE = " (also reached as `bin/lock.sh`)";
const withoutNote = (m: string): string => m.replace(NOTE, "");
/** The Dockerfile names the script by the link in one tree and by its own name in the other. */
const sameImage = (m: string): string => m.replace(/bin\/lock\.sh/g, "bin/setup.sh");

describe("a file reached through a symbolic link and directly is one file", () => {
  it("lint: each finding once, under the file's own path, with a note naming the link", async () => {
    const linked = await lint(["."], { cwd: tree(true) });
    const plain = await lint(["."], { cwd: tree(false) });
    expect(linked.diagnostics.length).toBeGreaterThan(0);
    expect(linked.diagnostics.map((d) => d.file)).not.toContain("bin/lock.sh");
    expect(linked.diagnostics.some((d) => d.file.startsWith("0-tools/"))).toBe(false);
    const inScript = linked.diagnostics.filter((d) => d.file === "bin/setup.sh");
    expect(inScript.length).toBeGreaterThan(0);
    for (const d of inScript) expect(d.message).toContain(NOTE);
    // the same findings as the tree without the link, each once
    const key = (d: { file: string; line: number; column: number; rule: string; message: string }): string => `${d.file}:${d.line}:${d.column} ${d.rule} ${sameImage(withoutNote(d.message))}`;
    expect(linked.diagnostics.map(key)).toEqual(plain.diagnostics.map(key));
    expect(new Set(linked.diagnostics.map(key)).size).toBe(linked.diagnostics.length);
    expect(linked.aliases).toEqual({ [path.join(linked.model!.cwd, "bin/setup.sh")]: [path.join(linked.model!.cwd, "bin/lock.sh")] });
  });

  it("--fix-unsafe: applies cleanly (nothing changed on disk), writes through the link, counts what was written", async () => {
    const linkedDir = tree(true);
    const plainDir = tree(false);
    const linked = await fix(["."], { cwd: linkedDir, unsafe: true, dryRun: false });
    const plain = await fix(["."], { cwd: plainDir, unsafe: true, dryRun: false });
    expect(linked.refused).toEqual([]);
    expect(linked.applied.length).toBeGreaterThan(0);
    // one change per file, under the file's own name
    expect(linked.changes.map((c) => c.rel).sort()).toEqual(plain.changes.map((c) => c.rel).sort());
    expect(linked.changes.map((c) => c.rel)).not.toContain("bin/lock.sh");
    expect(fs.lstatSync(path.join(linkedDir, "bin/lock.sh")).isSymbolicLink()).toBe(true);
    const after = snapshot(linkedDir);
    const afterPlain = snapshot(plainDir);
    expect(after["bin/setup.sh"]).toBe(afterPlain["bin/setup.sh"]);
    expect(after["bin/setup.sh"]).not.toBe(FILES["bin/setup.sh"]);
    expect(sameImage(after.Dockerfile!)).toBe(afterPlain.Dockerfile);
    // the same fixes, and the counts say so
    const fixes = (r: typeof linked): string[] => r.applied.map((a) => `${a.file}:${a.line} ${a.rule} ${a.followOn}`).sort();
    expect(fixes(linked)).toEqual(fixes(plain));
    const summary = fixSummary(linked, { dryRun: false, unsafe: true });
    const files = new Set(linked.changes.map((c) => c.rel)).size;
    expect(summary.some((l) => l.startsWith(`${linked.applied.length} fix${linked.applied.length === 1 ? "" : "es"} applied in ${files} file${files === 1 ? "" : "s"}`))).toBe(true);
    expect(summary.filter((l) => l.startsWith("not fixed"))).toEqual([]);
    // a second run finds nothing more to fix
    const again = await fix(["."], { cwd: linkedDir, unsafe: true, dryRun: false });
    expect(again.changes).toEqual([]);
  });

  it("--diff --fix-unsafe: patch -p1 and git apply take it with the links in place, and give the --fix bytes", async () => {
    const fixed = tree(true);
    await fix(["."], { cwd: fixed, unsafe: true, dryRun: false });
    for (const tool of ["patch", "git"] as const) {
      const dir = tree(true);
      const before = snapshot(dir);
      const dry = await fix(["."], { cwd: dir, unsafe: true, dryRun: true });
      expect(snapshot(dir), "--diff writes nothing").toEqual(before);
      const diff = renderDiff(dry.changes);
      expect(diff).not.toContain("lock.sh");
      expect(diff.match(/^--- a\/bin\/setup\.sh$/gm)).toHaveLength(1);
      const patchFile = path.join(dir, "..", `${path.basename(dir)}.patch`);
      fs.writeFileSync(patchFile, diff);
      try {
        if (tool === "patch") execFileSync("patch", ["-p1", "--quiet", "--forward", "-i", patchFile], { cwd: dir, stdio: "pipe" });
        else {
          execFileSync("git", ["init", "-q"], { cwd: dir });
          execFileSync("git", ["apply", "--whitespace=nowarn", patchFile], { cwd: dir, stdio: "pipe" });
        }
      } finally {
        fs.rmSync(patchFile, { force: true });
      }
      expect(snapshot(dir), tool).toEqual(snapshot(fixed));
    }
  });

  it("a file named on the command line by its link keeps that name; the diff names the real file so that it applies", async () => {
    const dir = tree(true);
    const r = await lint(["bin/lock.sh", "."], { cwd: dir });
    const files = new Set(r.diagnostics.map((d) => d.file));
    expect(files.has("bin/lock.sh")).toBe(true);
    expect(files.has("bin/setup.sh")).toBe(false);
    for (const d of r.diagnostics.filter((x) => x.file === "bin/lock.sh")) expect(d.message).toContain("(also reached as `bin/setup.sh`)");
    const dry = await fix(["bin/lock.sh", "."], { cwd: dir, unsafe: false, dryRun: true });
    const change = dry.changes.find((c) => c.rel === "bin/lock.sh");
    expect(change?.patchRel).toBe("bin/setup.sh");
    const diff = renderDiff(dry.changes);
    expect(diff).toContain("--- a/bin/setup.sh");
    execFileSync("git", ["init", "-q"], { cwd: dir });
    const patchFile = path.join(dir, "..", `${path.basename(dir)}.patch`);
    fs.writeFileSync(patchFile, diff);
    try {
      const check = spawnSync("git", ["apply", "--check", patchFile], { cwd: dir, encoding: "utf8" });
      expect(check.stderr).toBe("");
      expect(check.status).toBe(0);
    } finally {
      fs.rmSync(patchFile, { force: true });
    }
  });
});
