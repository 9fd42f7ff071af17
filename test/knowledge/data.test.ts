// The knowledge data stays honest: every entry has a source, a verdict from the allowed set and the
// fields its verdict needs; no two entries claim the same name; variants are well formed.
import { describe, expect, it } from "vitest";
import { KnowledgeBase, resolveVariants } from "../../src/knowledge/index.js";
import { IMAGES } from "../../src/knowledge/images/index.js";
import { PROGRAMS } from "../../src/knowledge/programs.js";
import { parseImageRef } from "../../src/knowledge/reference.js";
import { DATA_VERDICTS, MEASURED_RUNTIMES, type ImageEntry, type KnowledgeEntry } from "../../src/knowledge/types.js";

const kb = new KnowledgeBase();
/** a GitHub file at a commit, or the lab */
const PINNED = /^(https:\/\/github\.com\/[\w.-]+\/[\w.-]+\/blob\/[0-9a-f]{40}\/\S+|measured: .+)$/;
const ANY_SOURCE = /^(https?:\/\/\S+|measured: .+)$/;

/** Every combination an entry can take: the entry itself and the entry with each variant applied. */
function shapes(e: ImageEntry): { label: string; facts: ImageEntry }[] {
  const out = [{ label: e.name, facts: e }];
  for (const v of e.variants ?? []) {
    // apply only this variant (a tag that matches it alone)
    out.push({ label: `${e.name} [${v.id}]`, facts: resolveVariants({ ...e, variants: [v] }, { ...parseImageRef(e.name), tag: probeTag(v) }) });
  }
  return out;
}

/** A tag that matches a variant: its first word and a version inside its range. */
function probeTag(v: NonNullable<ImageEntry["variants"]>[number]): string {
  const version = v.versions ? (v.versions.max ?? v.versions.min)! : "";
  const word = v.tags?.[0] ?? "";
  return [version, word].filter(Boolean).join("-");
}

describe("knowledge data: programs", () => {
  it.each(PROGRAMS.map((p) => [p.name, p] as const))("%s has a source and an allowed verdict", (_n, p) => {
    expect(p.source).toMatch(ANY_SOURCE);
    expect(DATA_VERDICTS).toContain(p.verdict);
    expect(p.assumed).toBeUndefined();
    for (const s of p.seeAlso ?? []) expect(s).toMatch(ANY_SOURCE);
  });

  it("reapers and inits say how they wait for any child", () => {
    const silent = PROGRAMS.filter((p) => (p.verdict === "reaper" || p.verdict === "init") && !p.note && !/systemd/.test(p.name));
    expect(silent.map((p) => p.name)).toEqual([]);
  });

  it("names a program once", () => {
    const seen = new Map<string, KnowledgeEntry>();
    const dupes: string[] = [];
    for (const p of PROGRAMS) {
      if (seen.has(p.name)) dupes.push(p.name);
      seen.set(p.name, p);
    }
    expect(dupes).toEqual([]);
  });
});

describe("knowledge data: images", () => {
  const all = IMAGES.flatMap((e) => shapes(e).map((s) => [s.label, s.facts] as const));

  it("holds at least 150 images", () => {
    // a pattern (`lscr.io/linuxserver/*`) counts once, aliases not at all
    expect(IMAGES.length).toBeGreaterThanOrEqual(150);
  });

  it.each(all)("%s: source pinned to a commit, allowed verdict, the fields its verdict needs", (label, e) => {
    expect(e.source, label).toMatch(PINNED);
    for (const s of e.seeAlso ?? []) expect(s, label).toMatch(ANY_SOURCE);
    expect(DATA_VERDICTS, label).toContain(e.verdict);
    if (e.program !== undefined) expect(e.program, `${label}: program is an argv[0] basename`).toMatch(/^[^\s/]+$/);
    if (e.prepend) expect(e.program, `${label}: prepend names the program it prepends`).toBeTruthy();
    if (e.prepend) expect(e.passesToCommand, `${label}: an entrypoint that prepends also runs the command`).toBe(true);
    if (e.entrypointArgv) {
      expect(e.entrypointArgv[0]?.split("/").pop(), `${label}: entrypointArgv runs the program`).toBe(e.program);
      expect(e.passesToCommand, `${label}: an ENTRYPOINT that is the program does not run the command as a program`).toBeUndefined();
    }
    switch (e.verdict) {
      case "init":
        expect(kb.isInit(e.program ?? ""), `${label}: an init image names its init`).toBe(true);
        break;
      case "s6":
        expect(e.program, `${label}: names s6-svscan`).toBe("s6-svscan");
        break;
      case "reaper":
        // the program's own source says it waits for any child, or a shell stays PID 1 and waits (measured)
        expect(e.program, label).toBeTruthy();
        expect(kb.program(e.program!).verdict === "reaper" || e.runtime === "shell", `${label}: ${e.program} is a listed reaper or a waiting shell`).toBe(true);
        break;
      case "non-reaper": {
        expect(e.program, label).toBeTruthy();
        const listed = kb.knows(e.program!) && kb.program(e.program!).verdict === "non-reaper";
        const measured = e.runtime !== undefined && MEASURED_RUNTIMES.includes(e.runtime);
        expect(listed || measured || e.assumed === true, `${label}: ${e.program} is listed, of a measured runtime, or marked assumed`).toBe(true);
        break;
      }
      case "unknown":
        expect(e.note, `${label}: unknown says why`).toBeTruthy();
        break;
    }
  });

  it("files inside images have a pinned source, an allowed verdict and an absolute path", () => {
    for (const e of IMAGES) {
      for (const [file, f] of Object.entries(e.files ?? {})) {
        expect(file, e.name).toMatch(/^\//);
        expect(f.source, `${e.name} ${file}`).toMatch(PINNED);
        expect(DATA_VERDICTS, `${e.name} ${file}`).toContain(f.verdict);
        if (f.verdict !== "unknown") expect(f.program, `${e.name} ${file}`).toBeTruthy();
      }
    }
  });

  it("variants have an id, a way to match, and ids unique within their entry", () => {
    const bad: string[] = [];
    for (const e of IMAGES) {
      const ids = new Set<string>();
      for (const v of e.variants ?? []) {
        if (!v.id || ids.has(v.id)) bad.push(`${e.name}: variant id ${v.id}`);
        ids.add(v.id);
        if (!v.tags?.length && !v.versions) bad.push(`${e.name} [${v.id}]: matches nothing`);
        if (v.versions?.min && v.versions.max && kbCompare(v.versions.min, v.versions.max) > 0) bad.push(`${e.name} [${v.id}]: empty range`);
      }
    }
    expect(bad).toEqual([]);
  });

  it("no two entries claim the same name (names and aliases, canonical form)", () => {
    const owner = new Map<string, string>();
    const conflicts: string[] = [];
    for (const e of IMAGES) {
      for (const n of [e.name, ...(e.aliases ?? [])]) {
        const canon = n.endsWith("/*") ? n : parseImageRef(n).repository;
        expect(canon, `${n} is written in canonical form`).toBe(n);
        const prev = owner.get(canon);
        if (prev !== undefined) conflicts.push(`${canon}: ${prev} and ${e.name}`);
        owner.set(canon, e.name);
      }
    }
    expect(conflicts).toEqual([]);
  });

  it("leaves `subcommands` to be derived from `prepend`", () => {
    expect(IMAGES.filter((e) => e.subcommands !== undefined).map((e) => e.name)).toEqual([]);
  });
});

function kbCompare(a: string, b: string): number {
  const x = a.split(".").map(Number);
  const y = b.split(".").map(Number);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d) return d;
  }
  return 0;
}
