// Property test: fixture projects with one file mutated (byte flips, truncation, inserted YAML/shell/Dockerfile
// syntax) go through the in-process API: lint() returns diagnostics, never throws, and stays within a time bound.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lint } from "../src/engine/index.js";

const FIXTURES = path.resolve(import.meta.dirname, "..", "fixtures");
const RUNS = Number(process.env.COMPOSE_LINT_FUZZ_RUNS ?? 3000);
const PER_CASE_MS = 5000;

interface Seed {
  files: Map<string, Buffer>;
  names: string[];
}

/** Small projects from the rule fixtures (bad and good cases). */
function seeds(): Seed[] {
  const out: Seed[] = [];
  for (const rule of fs.readdirSync(FIXTURES)) {
    for (const kind of ["bad", "good"]) {
      const base = path.join(FIXTURES, rule, kind);
      if (!fs.existsSync(base)) continue;
      for (const c of fs.readdirSync(base)) {
        const dir = path.join(base, c);
        const files = new Map<string, Buffer>();
        for (const rel of fs.readdirSync(dir, { recursive: true }).map(String)) {
          const abs = path.join(dir, rel);
          if (rel.startsWith("fixed") || rel === "expected.txt" || !fs.lstatSync(abs).isFile() || fs.lstatSync(abs).size > 64 * 1024) continue;
          files.set(rel, fs.readFileSync(abs));
        }
        const names = [...files.keys()].filter((n) => /compose|Dockerfile|Containerfile|\.sh$|Makefile/.test(n));
        if (names.length) out.push({ files, names });
      }
    }
  }
  return out;
}

const SNIPPETS = [
  "&a", "*a", "<<: *a", "<<: [*a, *b]", "? ", "- ", ": ", "{", "}", "[", "]", "\"", "'", "|", ">-", "---\n", "...\n", "!!binary ", "!reset ", "\t",
  "\r", "\r\n", "\uFEFF", "\u0000", "#", "${X:-", "$(", "`", "<<EOF\n", "<<-'EOF'\n", "\\\n", "exec ", "exec \"$@\"", "sh -c '", "&", "&&", "||", ";;", "fi\n",
  "if true; then\n", "(", ")", "FROM ", "ENTRYPOINT [\"", "CMD ", "COPY ../../x /x\n", "HEALTHCHECK CMD ", "# escape=`\n", "ARG A=${A}\n", "init: true\n", "command: [",
];

const mutation = fc.oneof(
  fc.record({ kind: fc.constant("flip" as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("insert" as const), at: fc.nat(), text: fc.constantFrom(...SNIPPETS), times: fc.integer({ min: 1, max: 50 }) }),
  fc.record({ kind: fc.constant("delete" as const), at: fc.nat(), len: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant("duplicate" as const), at: fc.nat(), len: fc.integer({ min: 1, max: 200 }) }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function mutate(buf: Buffer, ms: Mutation[]): Buffer {
  let b = buf;
  for (const m of ms) {
    const at = b.length ? m.at % (b.length + 1) : 0;
    if (m.kind === "flip") {
      if (!b.length) continue;
      b = Buffer.from(b);
      b[at % b.length] = m.byte;
    } else if (m.kind === "truncate") b = b.subarray(0, at);
    else if (m.kind === "insert") b = Buffer.concat([b.subarray(0, at), Buffer.from(m.text.repeat(m.times)), b.subarray(at)]);
    else if (m.kind === "delete") b = Buffer.concat([b.subarray(0, at), b.subarray(at + m.len)]);
    else b = Buffer.concat([b.subarray(0, at), b.subarray(at, at + m.len), b.subarray(at)]);
  }
  return b;
}

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "compose-lint-fuzz-"));
});
afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe("fuzzing lint() with mutated fixtures", () => {
  const all = seeds();
  it(`has seeds`, () => {
    expect(all.length).toBeGreaterThan(10);
  });
  it(`${RUNS} mutated projects: diagnostics, no exception, each within ${PER_CASE_MS} ms`, async () => {
    let n = 0;
    let slowest = 0;
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: all.length - 1 }), fc.nat(), fc.array(mutation, { minLength: 1, maxLength: 4 }), async (si, fi, ms) => {
        const seed = all[si]!;
        const target = seed.names[fi % seed.names.length]!;
        const dir = path.join(tmp, `c${n++}`);
        for (const [rel, data] of seed.files) {
          fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
          fs.writeFileSync(path.join(dir, rel), rel === target ? mutate(data, ms) : data);
        }
        const t0 = performance.now();
        const r = await lint([dir], { cwd: tmp });
        const took = performance.now() - t0;
        slowest = Math.max(slowest, took);
        fs.rmSync(dir, { recursive: true, force: true });
        expect(Array.isArray(r.diagnostics)).toBe(true);
        for (const d of r.diagnostics) {
          expect(d.line).toBeGreaterThanOrEqual(1);
          expect(d.column).toBeGreaterThanOrEqual(1);
        }
        expect(took).toBeLessThan(PER_CASE_MS);
      }),
      { numRuns: RUNS, seed: Number(process.env.COMPOSE_LINT_FUZZ_SEED ?? 20250101), endOnFailure: true },
    );
    console.log(`fuzz: ${RUNS} cases, slowest ${Math.round(slowest)} ms`);
  }, 240_000);
});
