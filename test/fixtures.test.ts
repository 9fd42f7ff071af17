// The generic fixture runner: every fixtures/<rule-id>/{bad,good}/<case>/ is a mini project.
// - expected.txt lists the diagnostics of <rule-id> as `file:line:column severity` (sorted); absent or empty = none.
//   bad cases must expect at least one, good cases none.
// - fixed/ (optional) holds the files as `--fix` must leave them, compared byte for byte; a second --fix changes nothing.
// - fixed-unsafe/ (optional): the same for --fix-unsafe.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { lint } from "../src/engine/index.js";
import { fix } from "../src/fix/apply.js";

const root = path.resolve(import.meta.dirname, "..", "fixtures");
const SPECIAL = new Set(["expected.txt", "fixed", "fixed-unsafe", "README.md"]);

interface Case {
  rule: string;
  kind: "bad" | "good";
  name: string;
  dir: string;
}

function cases(): Case[] {
  const out: Case[] = [];
  if (!fs.existsSync(root)) return out;
  for (const rule of fs.readdirSync(root).sort()) {
    for (const kind of ["bad", "good"] as const) {
      const d = path.join(root, rule, kind);
      if (!fs.existsSync(d)) continue;
      for (const name of fs.readdirSync(d).sort()) out.push({ rule, kind, name, dir: path.join(d, name) });
    }
  }
  return out;
}

/** Copies a case without its expectation files into a fresh temp dir. */
function stage(c: Case): string {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), `fixture-${c.rule}-`));
  for (const entry of fs.readdirSync(c.dir)) {
    if (SPECIAL.has(entry)) continue;
    fs.cpSync(path.join(c.dir, entry), path.join(work, entry), { recursive: true, verbatimSymlinks: true });
  }
  return work;
}

function expectedLines(c: Case): string[] {
  const f = path.join(c.dir, "expected.txt");
  if (!fs.existsSync(f)) return [];
  return fs.readFileSync(f, "utf8").split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("#"));
}

function listFiles(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => fs.statSync(path.join(dir, f)).isFile()).sort();
}

const all = cases();

describe("fixtures", () => {
  it("has at least 3 bad and 3 good cases for every rule with fixtures", () => {
    const byRule = new Map<string, { bad: number; good: number }>();
    for (const c of all) {
      const e = byRule.get(c.rule) ?? { bad: 0, good: 0 };
      e[c.kind]++;
      byRule.set(c.rule, e);
    }
    expect(byRule.size).toBeGreaterThan(0);
    for (const [rule, n] of byRule) {
      expect(n.bad, `${rule} bad cases`).toBeGreaterThanOrEqual(3);
      expect(n.good, `${rule} good cases`).toBeGreaterThanOrEqual(3);
    }
  });

  for (const c of all) {
    describe(`${c.rule}/${c.kind}/${c.name}`, () => {
      it("reports what expected.txt says", async () => {
        const work = stage(c);
        try {
          const r = await lint(["."], { cwd: work });
          const got = r.diagnostics.filter((d) => d.rule === c.rule).map((d) => `${d.file}:${d.line}:${d.column} ${d.severity}`).sort();
          const want = expectedLines(c).sort();
          if (c.kind === "bad") expect(want.length, "a bad case must expect a diagnostic").toBeGreaterThan(0);
          else expect(want, "a good case expects no diagnostic of its rule").toEqual([]);
          const messages = r.diagnostics.filter((d) => d.rule === c.rule).map((d) => `${d.file}:${d.line} ${d.message}`);
          expect(got, messages.join("\n")).toEqual(want);
        } finally {
          fs.rmSync(work, { recursive: true, force: true });
        }
      });
      for (const variant of ["fixed", "fixed-unsafe"] as const) {
        const fixedDir = path.join(c.dir, variant);
        if (!fs.existsSync(fixedDir)) continue;
        it(`--${variant === "fixed" ? "fix" : "fix-unsafe"} gives fixed files byte for byte, and a second run changes nothing`, async () => {
          const work = stage(c);
          try {
            const unsafe = variant === "fixed-unsafe";
            await fix(["."], { cwd: work, unsafe, dryRun: false });
            for (const f of listFiles(fixedDir)) {
              const got = fs.readFileSync(path.join(work, f));
              const want = fs.readFileSync(path.join(fixedDir, f));
              expect(got.toString("utf8"), `${f} after fix`).toEqual(want.toString("utf8"));
              expect(got.equals(want), `${f} bytes`).toBe(true);
            }
            const again = await fix(["."], { cwd: work, unsafe, dryRun: false });
            expect(again.changes.map((ch) => ch.rel)).toEqual([]);
          } finally {
            fs.rmSync(work, { recursive: true, force: true });
          }
        });
      }
    });
  }
});
