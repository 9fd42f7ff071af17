import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/** Writes a mini project into a fresh temp dir: { "path/in/project": "content" }. */
export function project(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "compose-lint-test-"));
  for (const [rel, text] of Object.entries(files)) {
    const p = path.join(dir, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, text);
    if (rel.endsWith(".sh")) fs.chmodSync(p, 0o755);
  }
  return dir;
}

export const repoRoot = path.resolve(import.meta.dirname, "..");
export const cliPath = path.join(repoRoot, "dist", "cli.js");
