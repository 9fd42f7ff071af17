// Structure checks: the layers import in one direction, with no cycle, and facts reach logic only through
// the knowledge module. Imports are read from the sources (static `import`/`export … from`, type imports included).
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "..");

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...sources(p));
    else if (/\.ts$/.test(e.name) && !e.name.endsWith(".d.ts")) out.push(p);
  }
  return out;
}

const files = [...sources(path.join(root, "src")), ...sources(path.join(root, "rules"))];
const rel = (p: string): string => path.relative(root, p).split(path.sep).join("/");

/** Relative imports of each file, resolved to project files. */
const graph = new Map<string, string[]>(
  files.map((f) => {
    const text = fs.readFileSync(f, "utf8");
    const deps: string[] = [];
    for (const m of text.matchAll(/^\s*(?:import|export)\s[^;]*?\sfrom\s+["'](\.{1,2}\/[^"']+)["']/gm)) {
      deps.push(rel(path.resolve(path.dirname(f), m[1]!.replace(/\.js$/, ".ts"))));
    }
    for (const m of text.matchAll(/import\(\s*["'](\.{1,2}\/[^"']+)["']\s*\)/g)) {
      deps.push(rel(path.resolve(path.dirname(f), m[1]!.replace(/\.js$/, ".ts"))));
    }
    return [rel(f), deps];
  }),
);

function cycles(): string[][] {
  let index = 0;
  const stack: string[] = [];
  const on = new Set<string>();
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const out: string[][] = [];
  const visit = (v: string): void => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1) out.push(scc.sort());
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) visit(v);
  return out;
}

function importsOf(prefix: string): [string, string][] {
  const out: [string, string][] = [];
  for (const [f, deps] of graph) if (f.startsWith(prefix)) for (const d of deps) out.push([f, d]);
  return out;
}

describe("architecture", () => {
  it("reads the imports (the check would see a violation)", () => {
    expect(graph.get("src/model/context.ts")).toContain("src/model/chain.ts");
    expect(graph.get("src/parse/dockerfile.ts")).toContain("src/parse/types.ts");
  });

  it("has no import cycle among src/ and rules/ modules", () => {
    expect(cycles()).toEqual([]);
  });

  it("keeps the parsers below the model: parse/ imports nothing of model/, engine/, fix/, rules/", () => {
    const bad = importsOf("src/parse/").filter(([, d]) => /^(src\/(model|engine|fix|knowledge)|rules)\//.test(d));
    expect(bad).toEqual([]);
  });

  it("lets the model build no fixes: model/ imports nothing of fix/ or rules/", () => {
    const bad = importsOf("src/model/").filter(([, d]) => /^(src\/fix|rules)\//.test(d));
    expect(bad).toEqual([]);
  });

  it("consumes knowledge only through the knowledge module (src/knowledge/index.ts and its types)", () => {
    const bad = [...graph]
      .filter(([f]) => !f.startsWith("src/knowledge/"))
      .flatMap(([f, deps]) => deps.filter((d) => d.startsWith("src/knowledge/") && d !== "src/knowledge/index.ts" && d !== "src/knowledge/types.ts").map((d) => [f, d]));
    expect(bad).toEqual([]);
  });
});
