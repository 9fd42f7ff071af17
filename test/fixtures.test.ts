// The generic fixture runner: every fixtures/<rule-id>/{bad,good}/<case>/ is a mini project.
// - expected.txt is a snapshot of the diagnostics of <rule-id>, one entry per diagnostic, sorted by position:
//     compose.yaml:4:3 warning service `api` runs node … Add `init: true`
//       fix (safe): add `init: true` to service `api`
//   The first line pins position, severity and message; the indented line pins the fix (`fix (<safety>): <title>`
//   or `no fix`). An entry written as `file:line:column severity` alone pins the position only.
//   bad cases must expect at least one diagnostic; good cases may expect `info` entries only.
//   `UPDATE_FIXTURES=1 npx vitest run test/fixtures.test.ts [-t <case>]` rewrites the snapshots; review them in the diff.
// - fixed/ (optional) holds the files as `--fix` must leave them, compared byte for byte; a second --fix changes nothing.
// - fixed-unsafe/ (optional): the same for --fix-unsafe.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { lint } from "../src/engine/index.js";
import { fix } from "../src/fix/apply.js";
import type { Diagnostic } from "../src/types.js";

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

const UPDATE = process.env.UPDATE_FIXTURES === "1";

interface Entry {
  /** `file:line:column severity` */
  head: string;
  severity: string;
  /** message and fix line; null when the entry pins the position only */
  detail: string | null;
}

/** Reads expected.txt: an entry line, then an optional indented `fix (…): …` / `no fix` line. */
function expectedEntries(c: Case): Entry[] {
  const f = path.join(c.dir, "expected.txt");
  if (!fs.existsSync(f)) return [];
  const out: Entry[] = [];
  for (const raw of fs.readFileSync(f, "utf8").split("\n")) {
    if (!raw.trim() || raw.trim().startsWith("#")) continue;
    if (/^\s/.test(raw) && out.length) {
      const last = out[out.length - 1]!;
      last.detail = `${last.detail ?? ""}\n${raw.trim()}`;
      continue;
    }
    const m = /^(\S+:\d+:\d+) (error|warning|info)(?: (.*))?$/.exec(raw.trim());
    if (!m) throw new Error(`${f}: not an entry: ${raw}`);
    out.push({ head: `${m[1]} ${m[2]}`, severity: m[2]!, detail: m[3] ?? null });
  }
  return out;
}

function entryOf(d: Diagnostic): Entry {
  const fixLine = d.fix ? `fix (${d.fix.safety}): ${d.fix.title}` : "no fix";
  return { head: `${d.file}:${d.line}:${d.column} ${d.severity}`, severity: d.severity, detail: `${d.message}\n${fixLine}` };
}

function entryText(e: Entry): string {
  if (e.detail === null) return e.head;
  const [message, ...rest] = e.detail.split("\n");
  return [`${e.head} ${message}`, ...rest.map((l) => `  ${l}`)].join("\n");
}

function byPosition(a: Entry, b: Entry): number {
  return a.head.localeCompare(b.head, "en", { numeric: true }) || (a.detail ?? "").localeCompare(b.detail ?? "");
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
          const got = r.diagnostics.filter((d) => d.rule === c.rule).map(entryOf).sort(byPosition);
          if (UPDATE) {
            const f = path.join(c.dir, "expected.txt");
            if (got.length) fs.writeFileSync(f, got.map(entryText).join("\n") + "\n");
            else fs.rmSync(f, { force: true });
          }
          const want = expectedEntries(c).sort(byPosition);
          if (c.kind === "bad") expect(want.length, "a bad case must expect a diagnostic").toBeGreaterThan(0);
          else expect(want.filter((e) => e.severity !== "info").map(entryText), "a good case expects no warning or error of its rule").toEqual([]);
          // an entry that pins the position only is compared on its position
          const shown = got.map((g, i) => (want[i] && want[i]!.detail === null && want[i]!.head === g.head ? { ...g, detail: null } : g));
          expect(shown.map(entryText).join("\n"), got.map(entryText).join("\n")).toEqual(want.map(entryText).join("\n"));
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
