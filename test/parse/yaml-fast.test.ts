// The fast YAML path must build exactly what the `yaml` package builds, or decline. Compared node by node
// (class, value and its type, scalar type, source, anchor, tag, format, flow, all three range offsets) and
// line starts, on every YAML file of the fixtures, on written cases, and on seeded mutations of them.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument } from "yaml";
import { fastParseDocument, parseYamlDocument } from "../../src/parse/yaml-fast.js";

const OPTIONS = { merge: true, keepSourceTokens: false, prettyErrors: false, uniqueKeys: false, strict: true } as const;
const ROOT = path.resolve(import.meta.dirname, "../..");

/** One line per node: everything but comments (which the fast path does not attach). */
function shape(n: unknown, at: string, out: string[]): void {
  if (n === null || n === undefined) {
    out.push(`${at} ${String(n)}`);
    return;
  }
  const own = (o: object) => Object.keys(o).filter((k) => !["comment", "commentBefore", "spaceBefore"].includes(k)).sort().join(",");
  const range = (n as { range?: number[] }).range?.join(",");
  if (isScalar(n)) {
    const v = typeof n.value === "symbol" ? `symbol ${n.value.description}` : `${typeof n.value} ${String(n.value)}`;
    out.push(`${at} scalar ${v} ${n.type} ${JSON.stringify(n.source)} &${n.anchor} !${n.tag} ${n.format} ${n.minFractionDigits} [${range}] ${n.constructor.name} {${own(n)}}`);
  } else if (isAlias(n)) out.push(`${at} alias ${n.source} [${range}] {${own(n)}}`);
  else if (isMap(n) || isSeq(n)) {
    out.push(`${at} ${isMap(n) ? "map" : "seq"} &${n.anchor} flow=${n.flow} !${n.tag} [${range}] ${n.items.length} schema=${n.schema ? "yes" : "no"} {${own(n)}}`);
    n.items.forEach((item, i) => {
      if (isPair(item)) {
        shape(item.key, `${at}/${i}.key`, out);
        shape(item.value, `${at}/${i}.value`, out);
      } else shape(item, `${at}/${i}`, out);
    });
  } else out.push(`${at} other ${typeof n}`);
}

/** "declined", or the first difference from the package ("" when there is none). */
function difference(text: string): string {
  const fastLines = new LineCounter();
  const fast = fastParseDocument(text, OPTIONS, fastLines);
  if (!fast) return "declined";
  const lines = new LineCounter();
  const ref = parseDocument(text, { ...OPTIONS, lineCounter: lines });
  if (ref.errors.length > 0) return `the package reports ${ref.errors[0]!.code} where the fast path parsed`;
  const a: string[] = [`document [${fast.range?.join(",")}] start=${fast.directives?.docStart} ${fastLines.lineStarts.join(",")}`];
  const b: string[] = [`document [${ref.range?.join(",")}] start=${ref.directives?.docStart} ${lines.lineStarts.join(",")}`];
  shape(fast.contents, "", a);
  shape(ref.contents, "", b);
  for (let i = 0; i < Math.max(a.length, b.length); i++) if (a[i] !== b[i]) return `fast: ${a[i]}\nyaml: ${b[i]}`;
  return "";
}

function yamlFiles(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yamlFiles(p, out);
    else if (e.isFile() && /\.ya?ml$/.test(e.name)) out.push(p);
  }
  return out;
}
const FILES = [...yamlFiles(path.join(ROOT, "fixtures")), ...yamlFiles(path.join(ROOT, "test"))].sort();

describe("fast YAML path: the same nodes as the yaml package, or none", () => {
  it("matches the package on every YAML file of the fixtures and tests, and takes most of them", () => {
    let taken = 0;
    for (const f of FILES) {
      const d = difference(fs.readFileSync(f, "utf8"));
      if (d !== "declined") {
        expect(d, path.relative(ROOT, f)).toBe("");
        taken++;
      }
    }
    expect(FILES.length).toBeGreaterThan(200);
    expect(taken / FILES.length).toBeGreaterThan(0.5);
  });

  const taken: Array<[string, string]> = [
    ["anchors, merge keys, aliases", "x-d: &d\n  restart: always\n  init: true\nservices:\n  a:\n    <<: *d\n    image: a\n  b: &b\n    image: b\n  c: *b\n"],
    ["flow sequences", 'a: ["CMD", "curl", \'-f\', x , 1,]  # c\nb: []\nc: &k [a]\n'],
    ["typed plain scalars", "a: 1\nb: 0x1F\nc: 0o17\nd: 1.50\ne: 1e3\nf: .inf\ng: -.INF\nh: .nan\ni: ~\nj: null\nk: True\nl: FALSE\nm: yes\nn: '1'\no: \"true\"\np: <<\nq: +1\nr: -0\n"],
    ["quoted keys and values, with doubled single quotes", "\"a b\": 'it''s'\n'c': \"d: e # f\"\n"],
    ["plain scalars with colons, hashes and brackets inside", "a: http://x:80/#frag\nb: a#b\nc: x [y] {z}, w\nd: -x\ne: :x\nf: ?x\n"],
    ["empty values and their comments", "a: # c\nb:\nc:\n  - \n  -\n  - # x\n  - a: 1\n    b:\nd:\n\n  # same column\n  # still\ne:\n    # deeper\nf: 1\n"],
    ["an empty value before the next key of its mapping, blank lines and comments between", "s:\n  a:\n  # c1\n  # c2\n  b:\n\n  # c3\n  c:\n      # deep\n\n  # c4\n  d: 1\n"],
    ["comments after the last entry of nested collections", "a:\n  b: 1\n\n  # c1\n# c0\nc:\n  d:\n    e: 1\n   # x\n\n  # y\nf:\n  - 1\n    # indented\n  # same\ng: 2\n"],
    ["a sequence at the column of its key, and compact mappings in sequences", "a:\n- x\n-   b: 1\n    c: 2\n  # x\n- &q\n  d: 1\n- &r x\nz: 1\n"],
    ["trailing blank lines and comments of the document", "a: 1\n\n# end\n\n"],
    ["no final line break", "a:\n  b: [x]"],
    ["a sequence at the top", "- a\n- b: c\n"],
    ["a document start marker", "---\na: 1\n"],
    ["a document start marker after a comment, with a comment of its own", "# c\n--- # x\n\na: 1\n"],
    ["a document start marker before a sequence", "---\n- a\n"],
  ];
  for (const [what, text] of taken) {
    it(`takes ${what}`, () => {
      expect(difference(text)).toBe("");
    });
  }

  const declined: Array<[string, string]> = [
    ["block scalars", "a: |\n  x\n"],
    ["folded block scalars", "a: >-\n  x\n"],
    ["multi-line plain scalars", "a: x\n  y\n"],
    ["multi-line quoted scalars", 'a: "x\n  y"\n'],
    ["escapes", 'a: "x\\ty"\n'],
    ["flow mappings", "a: {b: c}\n"],
    ["nested flow collections", "a: [[b]]\n"],
    ["tags", "a: !!str 1\n"],
    ["directives and document markers", "%YAML 1.2\n---\na: 1\n"],
    ["content on the document start marker's line", "--- a: 1\n"],
    ["a document start marker alone", "---\n# nothing\n"],
    ["two document start markers", "---\n---\na: 1\n"],
    ["several documents", "a: 1\n---\nb: 2\n"],
    ["tabs", "a:\t1\n"],
    ["carriage returns", "a: 1\r\nb: 2\r\n"],
    ["a byte-order mark", "\ufeffa: 1\n"],
    ["explicit keys", "? a\n: b\n"],
    ["a compact nested mapping (an error)", "a: b: c\n"],
    ["a key without a value (an error)", "a: 1\nb\n"],
    ["bad indentation (an error)", "a:\n  b: 1\n c: 2\n"],
    ["a sequence after a scalar value (an error)", "a: 1\n- b\n"],
    ["an unclosed quote (an error)", 'a: "x\n'],
    ["an unclosed flow sequence", "a: [x, y\n"],
    ["a sequence in a sequence", "- - a\n"],
    ["a top-level scalar", "just text\n"],
    ["an empty document", "# nothing\n"],
    ["a key longer than the subset takes", `${"k".repeat(1100)}: v\n`],
    ["anchor names beyond the subset", "a: &a: x\n"],
    ["reserved indicators", "a: @x\n"],
  ];
  for (const [what, text] of declined) {
    it(`declines ${what}`, () => {
      expect(fastParseDocument(text, OPTIONS)).toBeNull();
    });
  }

  it("declines options it does not honour", () => {
    expect(fastParseDocument("a: 1\n", { ...OPTIONS, uniqueKeys: true })).toBeNull();
    expect(fastParseDocument("a: 1\n", { ...OPTIONS, version: "1.1" })).toBeNull();
    expect(fastParseDocument("a: 1\n", { merge: true })).toBeNull();
    expect(fastParseDocument("a: 1\n", OPTIONS)).not.toBeNull();
  });

  it("parseYamlDocument falls back to the package, errors included", () => {
    const bad = parseYamlDocument('a: "x\n', { ...OPTIONS });
    expect(bad.errors.length).toBeGreaterThan(0);
    const lines = new LineCounter();
    const block = parseYamlDocument("a: |\n  x\n", { ...OPTIONS, lineCounter: lines });
    expect(block.toJS()).toEqual({ a: "x\n" });
    expect(lines.lineStarts).toEqual([0, 5, 9]);
  });

  it("on seeded mutations of the fixtures' compose files, whatever it takes equals the package", () => {
    let seed = 7;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    const pieces = [":", ": ", "#", " #", "-", "- ", " ", "  ", '"', "'", "\n", "\n  ", "&a ", "*a", "[", "]", ",", "{", "x", "1", "~", "<<: *a\n", "? ", "|", "!", "%", "\\", "\t", "---\n", "null", "0x1F", ".5", "true", "''"];
    const sources = FILES.filter((f) => /compose[^/]*\.ya?ml$/.test(f)).slice(0, 80);
    expect(sources.length).toBeGreaterThan(20);
    let checked = 0;
    for (const f of sources) {
      const text = fs.readFileSync(f, "utf8");
      for (let k = 0; k < 25; k++) {
        let t = text;
        for (let m = 0; m < 1 + Math.floor(random() * 3); m++) {
          const at = Math.floor(random() * (t.length + 1));
          const op = random();
          const lineStart = t.lastIndexOf("\n", at - 1) + 1;
          if (op < 0.3) t = t.slice(0, at) + t.slice(at + 1 + Math.floor(random() * 3));
          else if (op < 0.5) t = t.slice(0, lineStart) + " ".repeat(1 + Math.floor(random() * 3)) + t.slice(lineStart);
          else if (op < 0.6) t = t.slice(0, lineStart) + t.slice(t[lineStart] === " " ? lineStart + 1 : lineStart);
          else t = t.slice(0, at) + pieces[Math.floor(random() * pieces.length)] + t.slice(at);
        }
        const d = difference(t);
        if (d !== "declined") {
          expect(d, `${path.relative(ROOT, f)} mutated:\n${t}`).toBe("");
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(200);
  });
});
