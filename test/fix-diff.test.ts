// --diff must describe exactly what --fix writes: its output, applied with `patch -p1` or `git apply`
// in a copy of the project, gives the same bytes as --fix (CRLF, BOM and a missing final newline included).
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { fix } from "../src/fix/apply.js";
import { renderDiff } from "../src/fix/diff.js";

type Project = Record<string, string>;

const PROJECTS: Record<string, Project> = {
  "crlf-bom-no-final-newline": {
    "compose.yaml":
      "\uFEFFx-app: &app\r\n  restart: always\r\n\r\nservices:\r\n  api:\r\n    <<: *app\r\n    image: node:20 # the api\r\n  web:\r\n    image: nginx\r\n  worker: { image: python:3.12 }\r\n  last:\r\n    image: traefik:v3.1",
  },
  "lf-comments-four-spaces": {
    "compose.yml":
      "# top comment\nservices:\n    \"api\":\n        # the node app\n        image: node:20\n        ports:\n        - \"3000:3000\"   # trailing\n\n    db:\n        image: postgres:16\n    proxy: {image: traefik:v3.1}\n",
  },
  "dockerfile-and-script": {
    "Dockerfile": "FROM node:20-alpine\r\nWORKDIR /app\r\nCOPY entrypoint.sh /entrypoint.sh\r\nENTRYPOINT [\"/entrypoint.sh\"]\r\nCMD node server.js\r\n",
    "entrypoint.sh": "#!/bin/sh\nset -e\nnpm run migrate\nnode server.js\n",
    "compose.yaml": "services:\n  app:\n    build: .\n  side:\n    image: python:3.12\n    command: sh -c \"pip install -r req.txt && python -m app\"",
  },
  "shell-form-cmd": {
    "Dockerfile": "\uFEFFFROM python:3.12-slim\nHEALTHCHECK --interval=5s --timeout=3s CMD curl -f http://localhost:8000/\nCMD python -m app",
  },
};

function write(dir: string, p: Project): void {
  for (const [f, text] of Object.entries(p)) {
    fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    fs.writeFileSync(path.join(dir, f), text);
    if (f.endsWith(".sh")) fs.chmodSync(path.join(dir, f), 0o755);
  }
}

function snapshot(dir: string): Record<string, Buffer> {
  const out: Record<string, Buffer> = {};
  for (const f of (fs.readdirSync(dir, { recursive: true }) as string[]).sort()) {
    if (f === ".git" || f.startsWith(".git/") || f.startsWith(".git" + path.sep)) continue;
    const abs = path.join(dir, f);
    if (fs.statSync(abs).isFile()) out[f] = fs.readFileSync(abs);
  }
  return out;
}

const hasPatch = spawnSync("patch", ["--version"]).status === 0;
const hasGit = spawnSync("git", ["--version"]).status === 0;

describe("--diff", () => {
  it("needs patch and git (Debian packages patch, git)", () => {
    expect(hasPatch, "`patch` is not installed").toBe(true);
    expect(hasGit, "`git` is not installed").toBe(true);
  });

  for (const [name, project] of Object.entries(PROJECTS)) {
    for (const unsafe of [false, true]) {
      it(`${name}${unsafe ? " (unsafe)" : ""}: patch -p1 and git apply of --diff give the --fix result`, async () => {
        const root = fs.mkdtempSync(path.join(os.tmpdir(), "fix-diff-"));
        try {
          const [fixed, patched, gitApplied] = ["fixed", "patched", "git"].map((d) => path.join(root, d));
          for (const d of [fixed!, patched!, gitApplied!]) {
            fs.mkdirSync(d);
            write(d, project);
          }
          const before = snapshot(patched!);
          await fix(["."], { cwd: fixed!, unsafe, dryRun: false });
          const dry = await fix(["."], { cwd: patched!, unsafe, dryRun: true });
          expect(snapshot(patched!), "--diff writes nothing").toEqual(before);
          const diff = renderDiff(dry.changes);
          expect(diff.length).toBeGreaterThan(0);
          expect(diff).not.toContain("\x1b[");
          const patchFile = path.join(root, "fix.patch");
          fs.writeFileSync(patchFile, diff);
          execFileSync("patch", ["-p1", "--quiet", "--forward", "-i", patchFile], { cwd: patched!, stdio: "pipe" });
          // patch leaves .orig/.rej files only on trouble
          expect(snapshot(patched!)).toEqual(snapshot(fixed!));
          execFileSync("git", ["init", "-q"], { cwd: gitApplied! });
          execFileSync("git", ["apply", "--whitespace=nowarn", patchFile], { cwd: gitApplied!, stdio: "pipe" });
          expect(snapshot(gitApplied!)).toEqual(snapshot(fixed!));
        } finally {
          fs.rmSync(root, { recursive: true, force: true });
        }
      });
    }
  }

  it("colours only when asked, and the colours do not change the lines", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fix-diff-"));
    try {
      write(dir, PROJECTS["lf-comments-four-spaces"]!);
      const r = await fix(["."], { cwd: dir, unsafe: false, dryRun: true });
      const plain = renderDiff(r.changes);
      const coloured = renderDiff(r.changes, true);
      expect(coloured).toContain("\x1b[32m+");
      expect(coloured.replace(/\x1b\[[0-9;]*m/g, "")).toBe(plain);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
