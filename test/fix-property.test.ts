// Property: on generated compose documents (comments, anchors and merge keys, flow and block styles,
// CRLF, BOM, quoted keys, 2/4-space indents, with and without a final newline), `--fix`
//   - leaves a file that parses,
//   - whose data is the original plus `init: true` on exactly the services it fixed (the flagged ones with a fix),
//   - keeps every original line, in order (a flow mapping's line only gains `init: true, `),
//   - keeps the BOM and the line endings,
//   - and a second `--fix` changes nothing.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { LineCounter, parseDocument } from "yaml";
import { lint } from "../src/engine/index.js";
import { fix } from "../src/fix/apply.js";

const NON_REAPERS = ["node:20", "python:3.12", "traefik:v3.1", "node:22-alpine"];
const REAPERS = ["nginx:1.27", "postgres:16", "redis:7"];
const NAMES = ["api", "web", "worker", "db", "proxy", "cache", "my-app", "svc_2"];

interface Svc {
  name: string;
  quote: "" | '"' | "'";
  flow: false | "spaced" | "tight";
  image: string;
  merge: false | "first" | "last";
  commentBefore: boolean;
  commentAfterValue: boolean;
  ports: boolean;
  initFalse: boolean;
  blankAfter: boolean;
  alias: boolean;
  /** with a merge key: no keys of its own but the merge */
  onlyMerge: boolean;
}

interface Doc {
  indent: 2 | 4;
  indentSeq: boolean;
  crlf: boolean;
  bom: boolean;
  finalNewline: boolean;
  anchor: false | "restart" | "restart+image" | "init";
  topComment: boolean;
  services: Svc[];
  unsafe: boolean;
}

const svcArb: fc.Arbitrary<Svc> = fc.record({
  name: fc.constantFrom(...NAMES),
  quote: fc.constantFrom("" as const, '"' as const, "'" as const),
  flow: fc.constantFrom(false as const, false as const, "spaced" as const, "tight" as const),
  image: fc.constantFrom(...NON_REAPERS, ...REAPERS),
  merge: fc.constantFrom(false as const, "first" as const, "last" as const),
  commentBefore: fc.boolean(),
  commentAfterValue: fc.boolean(),
  ports: fc.boolean(),
  initFalse: fc.integer({ min: 0, max: 9 }).map((n) => n < 2),
  blankAfter: fc.boolean(),
  alias: fc.integer({ min: 0, max: 9 }).map((n) => n < 1),
  onlyMerge: fc.integer({ min: 0, max: 9 }).map((n) => n < 3),
});

const docArb: fc.Arbitrary<Doc> = fc.record({
  indent: fc.constantFrom(2 as const, 4 as const),
  indentSeq: fc.boolean(),
  crlf: fc.boolean(),
  bom: fc.boolean(),
  finalNewline: fc.boolean(),
  anchor: fc.constantFrom(false as const, "restart" as const, "restart+image" as const, "init" as const),
  topComment: fc.boolean(),
  services: fc.uniqueArray(svcArb, { minLength: 1, maxLength: 5, selector: (s) => s.name }),
  unsafe: fc.boolean(),
});

function render(d: Doc): string {
  const i1 = " ".repeat(d.indent);
  const i2 = i1 + i1;
  const seq = d.indentSeq ? i2 + i1 : i2;
  const lines: string[] = [];
  if (d.topComment) lines.push("# generated compose file");
  if (d.anchor) {
    lines.push("x-app: &app");
    lines.push(`${i1}restart: unless-stopped`);
    if (d.anchor === "restart+image") lines.push(`${i1}image: node:20`);
    if (d.anchor === "init") lines.push(`${i1}init: true`);
    lines.push("");
  }
  lines.push("services:");
  for (const s of d.services) {
    const key = `${s.quote}${s.name}${s.quote}`;
    if (s.alias && d.anchor) {
      lines.push(`${i1}${key}: *app`);
    } else if (s.onlyMerge && s.merge && d.anchor) {
      if (s.flow) lines.push(`${i1}${key}: {<<: *app}`);
      else {
        lines.push(`${i1}${key}:`);
        lines.push(`${i2}<<: *app${s.commentAfterValue ? "  # defaults" : ""}`);
      }
    } else if (s.flow) {
      const entries = [...(s.merge && d.anchor ? ["<<: *app"] : []), `image: ${s.image}`, ...(s.initFalse ? ["init: false"] : [])];
      const body = entries.join(", ");
      lines.push(`${i1}${key}: ${s.flow === "spaced" ? `{ ${body} }` : `{${body}}`}${s.commentAfterValue ? " # flow" : ""}`);
    } else {
      lines.push(`${i1}${key}:${s.commentAfterValue ? "   # the service" : ""}`);
      if (s.commentBefore) lines.push(`${i2}# what ${s.name} does`);
      if (s.merge === "first" && d.anchor) lines.push(`${i2}<<: *app`);
      lines.push(`${i2}image: ${s.image}${s.commentAfterValue ? " # pinned" : ""}`);
      if (s.initFalse) lines.push(`${i2}init: false`);
      if (s.ports) {
        lines.push(`${i2}ports:`);
        lines.push(`${seq}- "8080:80"${s.commentAfterValue ? "  # http" : ""}`);
        lines.push(`${seq}- "8443:443"`);
      }
      if (s.merge === "last" && d.anchor) lines.push(`${i2}<<: *app`);
    }
    if (s.blankAfter) lines.push("");
  }
  while (lines[lines.length - 1] === "") lines.pop();
  const eol = d.crlf ? "\r\n" : "\n";
  return (d.bom ? "\uFEFF" : "") + lines.join(eol) + (d.finalNewline ? eol : "");
}

function servicesOf(text: string): Record<string, unknown> {
  const doc = parseDocument(text.replace(/^\uFEFF/, ""), { merge: true });
  expect(doc.errors.map((e) => e.message)).toEqual([]);
  const js = doc.toJS({ maxAliasCount: 10000 }) as { services?: Record<string, unknown> } & Record<string, unknown>;
  return js as Record<string, unknown>;
}

/** Service names whose key is on a line a diagnostic points at. */
function serviceAtLine(text: string): Map<number, string> {
  const lc = new LineCounter();
  const doc = parseDocument(text.replace(/^\uFEFF/, ""), { lineCounter: lc, merge: true });
  const out = new Map<number, string>();
  const services = doc.get("services") as { items?: { key: { range: [number]; value: unknown } }[] } | undefined;
  for (const p of services?.items ?? []) out.set(lc.linePos(p.key.range[0]).line, String(p.key.value));
  return out;
}

const root = fs.mkdtempSync(path.join(os.tmpdir(), "fix-property-"));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
let counter = 0;
const stats = { docs: 0, fixedServices: 0, flowFixed: 0, crlfBomFixed: 0 };

async function check(d: Doc): Promise<void> {
  const dir = path.join(root, String(counter++));
  fs.mkdirSync(dir);
  const file = path.join(dir, "compose.yaml");
  const before = render(d);
  fs.writeFileSync(file, before);
  try {
    const lintResult = await lint(["."], { cwd: dir });
    const at = serviceAtLine(before);
    const expected = new Set<string>();
    for (const diag of lintResult.diagnostics) {
      if (diag.rule !== "missing-init" || !diag.fix || (diag.fix.safety === "unsafe" && !d.unsafe)) continue;
      const name = at.get(diag.line);
      if (name) expected.add(name);
    }
    await fix(["."], { cwd: dir, unsafe: d.unsafe, dryRun: false });
    stats.docs++;
    stats.fixedServices += expected.size;
    if (d.services.some((s) => s.flow && expected.has(s.name))) stats.flowFixed++;
    if (d.crlf && d.bom && expected.size) stats.crlfBomFixed++;
    const after = fs.readFileSync(file, "utf8");

    // BOM and line endings kept
    expect(after.startsWith("\uFEFF")).toBe(before.startsWith("\uFEFF"));
    if (d.crlf) expect(after.replace(/\r\n/g, "")).not.toMatch(/\n/);
    else expect(after).not.toContain("\r");
    expect(/\r?\n$/.test(after)).toBe(/\r?\n$/.test(before));

    // data: the original plus init: true on exactly the fixed services
    const old = servicesOf(before);
    const now = servicesOf(after);
    const oldSvcs = (old.services ?? {}) as Record<string, Record<string, unknown>>;
    const nowSvcs = (now.services ?? {}) as Record<string, Record<string, unknown>>;
    expect(Object.keys(nowSvcs).sort()).toEqual(Object.keys(oldSvcs).sort());
    for (const [name, conf] of Object.entries(oldSvcs)) {
      if (expected.has(name)) expect(nowSvcs[name], `service ${name}`).toEqual({ ...conf, init: true });
      else expect(nowSvcs[name], `service ${name} was not to change`).toEqual(conf);
    }
    const { services: _a, ...oldRest } = old;
    const { services: _b, ...nowRest } = now;
    expect(nowRest).toEqual(oldRest);

    // every original line, in order; added lines are `init: true` (a flow mapping's line gains `init: true, `)
    const a = before.split("\n");
    const b = after.split("\n");
    let i = 0;
    for (const line of b) {
      if (i < a.length && line === a[i]) i++;
      else if (i < a.length && line.includes("init: true, ") && line.replace("init: true, ", "") === a[i]) i++;
      else expect(line, "an added line").toMatch(/^\s*init: true\r?$/);
    }
    expect(i, `original line ${i + 1} changed: ${JSON.stringify(a[i])}\n--- after:\n${after}`).toBe(a.length);

    // a second --fix changes nothing and writes nothing
    const st = fs.statSync(file);
    const again = await fix(["."], { cwd: dir, unsafe: d.unsafe, dryRun: false });
    expect(again.changes).toEqual([]);
    const st2 = fs.statSync(file);
    expect(st2.ino).toBe(st.ino);
    expect(st2.mtimeMs).toBe(st.mtimeMs);
  } catch (e) {
    (e as Error).message += `\n--- document:\n${JSON.stringify(before)}`;
    throw e;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe("--fix on generated compose files", () => {
  it("keeps everything but the init it adds, and is idempotent", { timeout: 120_000 }, async () => {
    const t0 = Date.now();
    const runs = Number(process.env.FIX_PROPERTY_RUNS ?? 500);
    await fc.assert(fc.asyncProperty(docArb, check), { numRuns: runs });
    // the generator reaches the interesting cases
    expect(stats.fixedServices).toBeGreaterThan(stats.docs / 2);
    expect(stats.flowFixed).toBeGreaterThan(0);
    expect(stats.crlfBomFixed).toBeGreaterThan(0);
    // keep CI fast: 500 documents should take well under 90 s
    if (runs <= 500) expect(Date.now() - t0).toBeLessThan(90_000);
  });

  it("renders what it claims (sanity of the generator)", () => {
    const text = render({
      indent: 4,
      indentSeq: true,
      crlf: true,
      bom: true,
      finalNewline: false,
      anchor: "restart",
      topComment: true,
      unsafe: false,
      services: [{ name: "api", quote: '"', flow: false, image: "node:20", merge: "first", commentBefore: true, commentAfterValue: true, ports: true, initFalse: false, blankAfter: false, alias: false, onlyMerge: false }],
    });
    expect(text.startsWith("\uFEFF# generated")).toBe(true);
    expect(text).toContain('\r\n    "api":   # the service\r\n        # what api does\r\n        <<: *app\r\n');
    expect(text.endsWith('- "8443:443"')).toBe(true);
  });
});
