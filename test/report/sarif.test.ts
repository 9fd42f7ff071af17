import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import AjvDraft04 from "ajv-draft-04";
import addFormatsModule from "ajv-formats";
import { formatSarif, SARIF_FINGERPRINT_KEY } from "../../src/report/sarif.js";
import { context, diag, FIX, NASTY, RULES, sample } from "./helpers.js";

// CommonJS packages: the default import is module.exports, which is the constructor / plugin itself.
type AjvCtor = typeof AjvDraft04.default;
const Ajv = ((AjvDraft04 as unknown as { default?: AjvCtor }).default ?? (AjvDraft04 as unknown as AjvCtor)) as AjvCtor;
type AddFormats = typeof addFormatsModule.default;
const addFormats = ((addFormatsModule as unknown as { default?: AddFormats }).default ??
  (addFormatsModule as unknown as AddFormats)) as AddFormats;

const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));
const SCHEMA_PATH = fileURLToPath(new URL("../shared/vendor/sarif/sarif-schema-2.1.0.json", new URL("../../", import.meta.url)));

/**
 * The SARIF 2.1.0 schema's validator, or null when the schema is not beside the repository (a clone without
 * shared/): the validation tests then skip, saying why (.ci/run prints it too); every other test runs.
 */
function validator() {
  if (!existsSync(SCHEMA_PATH)) return null;
  const schema = JSON.parse(readFileSync(SCHEMA_PATH, "utf8")) as Record<string, unknown>;
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv.compile(schema);
}
const NO_SCHEMA = `(skipped: no SARIF 2.1.0 schema at ${SCHEMA_PATH}, expected in shared/vendor/sarif/ beside ${REPO_ROOT})`;

interface SarifLog {
  $schema: string;
  version: string;
  runs: {
    tool: { driver: { name: string; version: string; informationUri: string; rules: Record<string, any>[] } };
    originalUriBaseIds: Record<string, { uri: string }>;
    artifacts: { location: { uri: string; uriBaseId?: string } }[];
    results: Record<string, any>[];
  }[];
}

const parse = (text: string) => JSON.parse(text) as SarifLog;

describe("sarif", () => {
  const validate = validator();

  it.skipIf(!validate).each([
    ["sample findings", sample()],
    ["no findings", []],
    ["a rule that is not in ctx.rules", [diag({ rule: "parse-error", message: "YAML: bad indentation" })]],
    ["a multi-line finding and absolute file", [diag({ file: "/elsewhere/compose.yaml", line: 2, endLine: 4, endColumn: 1 })]],
  ])(`validates against the SARIF 2.1.0 schema: %s${validate ? "" : ` ${NO_SCHEMA}`}`, (_name, diagnostics) => {
    const log = JSON.parse(formatSarif(diagnostics, context()));
    const ok = validate!(log);
    expect(validate!.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it.skipIf(!validate)(`the validator really checks (structure and uri formats)${validate ? "" : ` ${NO_SCHEMA}`}`, () => {
    const log = JSON.parse(formatSarif(sample(), context()));
    log.runs[0].results[0].locations[0].physicalLocation.region.startLine = 0;
    expect(validate!(log)).toBe(false);
    const log2 = JSON.parse(formatSarif(sample(), context()));
    log2.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri = "dir with space/x";
    expect(validate!(log2)).toBe(false);
  });

  it("has the header, one run and the driver", () => {
    const log = parse(formatSarif(sample(), context()));
    expect(log.version).toBe("2.1.0");
    expect(log.$schema).toMatch(/sarif-schema-2\.1\.0\.json$/);
    expect(log.runs).toHaveLength(1);
    const driver = log.runs[0]!.tool.driver;
    expect(driver.name).toBe("compose-lint");
    expect(driver.version).toBe("0.1.0");
    expect(driver.informationUri).toBe("https://github.com/example/compose-lint");
    expect(log.runs[0]!.originalUriBaseIds).toEqual({ "%SRCROOT%": { uri: "file:///repo/" } });
  });

  it("describes every rule of the run with full metadata", () => {
    const ctx = context({ ruleDocMarkdown: (id) => (id === "no-init" ? "# no-init\n\nFull **docs**." : undefined) });
    const rules = parse(formatSarif([], ctx)).runs[0]!.tool.driver.rules;
    expect(rules.map((r) => r.id)).toEqual(RULES.map((r) => r.id));
    const [noInit, shellForm, unknown] = rules;
    expect(noInit).toMatchObject({
      id: "no-init",
      name: "NoInit",
      shortDescription: { text: RULES[0]!.summary },
      helpUri: "https://github.com/example/compose-lint/blob/main/docs/rules/no-init.md",
      help: { markdown: "# no-init\n\nFull **docs**." },
      defaultConfiguration: { level: "error" },
    });
    expect(noInit!.fullDescription.text).toContain(RULES[0]!.summary);
    expect(noInit!.help.text).toContain(RULES[0]!.summary);
    expect(noInit!.properties.tags).toContain("fixable");
    // no generated docs: summary + link
    expect(shellForm!.help.markdown).toContain(RULES[1]!.summary);
    expect(shellForm!.help.markdown).toContain("https://github.com/example/compose-lint/blob/main/docs/rules/shell-form.md");
    expect(shellForm!.defaultConfiguration.level).toBe("warning");
    expect(shellForm!.properties.tags).toContain("DL3025");
    expect(unknown!.defaultConfiguration.level).toBe("note");
    expect(unknown!.properties.tags).not.toContain("fixable");
  });

  it("maps results: rule index, level, exact message, location", () => {
    const log = parse(formatSarif(sample(), context()));
    const run = log.runs[0]!;
    expect(run.results).toHaveLength(6);
    for (const r of run.results) {
      expect(run.tool.driver.rules[r.ruleIndex]!.id).toBe(r.ruleId);
      expect(Object.keys(r.partialFingerprints)).toEqual([SARIF_FINGERPRINT_KEY]);
    }
    expect(run.results.map((r) => r.message.text).sort()).toEqual([...NASTY].sort());
    const info = run.results.find((r) => r.ruleId === "pid-unknown")!;
    expect(info.level).toBe("note");
    expect(info.locations[0].physicalLocation.artifactLocation).toMatchObject({
      uri: "dir%20with%20space/compose.yaml",
      uriBaseId: "%SRCROOT%",
    });
    const multi = run.results.find((r) => r.message.text === NASTY[1])!;
    expect(multi.level).toBe("warning");
    expect(multi.locations[0].physicalLocation.region).toEqual({ startLine: 7, startColumn: 1, endLine: 8, endColumn: 3 });
    // artifacts list the linted files (clean ones too) and result indexes point at the right one
    const uris = run.artifacts.map((a) => a.location.uri);
    expect(uris).toEqual(expect.arrayContaining(["compose.yaml", "Dockerfile", "clean/compose.yml"]));
    for (const r of run.results) {
      const loc = r.locations[0].physicalLocation.artifactLocation;
      expect(run.artifacts[loc.index]!.location.uri).toBe(loc.uri);
    }
  });

  it("writes fixes as artifact changes with character offsets", () => {
    const run = parse(formatSarif(sample(), context())).runs[0]!;
    const fixed = run.results.filter((r) => r.fixes);
    expect(fixed).toHaveLength(1);
    const fix = fixed[0]!.fixes[0];
    expect(fix.description.text).toBe(FIX.title);
    expect(fix.artifactChanges).toHaveLength(1);
    expect(fix.artifactChanges[0].artifactLocation).toMatchObject({ uri: "compose.yaml", uriBaseId: "%SRCROOT%" });
    expect(fix.artifactChanges[0].replacements).toEqual([
      { deletedRegion: { charOffset: 10, charLength: 4 }, insertedContent: { text: "web2" } },
      { deletedRegion: { charOffset: 40, charLength: 0 }, insertedContent: { text: "    init: true\n" } },
    ]);
  });

  it("groups a fix's edits by file", () => {
    const d = diag({
      fix: {
        title: "two files",
        safety: "unsafe",
        edits: [
          { file: "/repo/compose.yaml", start: 1, end: 2, newText: "a" },
          { file: "/repo/docker/entrypoint.sh", start: 0, end: 0, newText: "exec " },
          { file: "/repo/compose.yaml", start: 5, end: 9, newText: "" },
        ],
      },
    });
    const log = JSON.parse(formatSarif([d], context()));
    // the log stays valid (where the schema is here to say so)
    if (validate) expect(validate(log)).toBe(true);
    const changes = (log as SarifLog).runs[0]!.results[0]!.fixes[0].artifactChanges as any[];
    expect(changes.map((c) => c.artifactLocation.uri)).toEqual(["compose.yaml", "docker/entrypoint.sh"]);
    expect(changes[0].replacements).toHaveLength(2);
  });

  it("fingerprints are stable across runs, input order and line shifts, and unique", () => {
    const a = parse(formatSarif(sample(), context()));
    const b = parse(formatSarif([...sample()].reverse(), context()));
    const prints = (log: SarifLog) =>
      new Map(log.runs[0]!.results.map((r) => [r.message.text as string, r.partialFingerprints[SARIF_FINGERPRINT_KEY] as string]));
    expect(prints(b)).toEqual(prints(a));
    const all = [...prints(a).values()];
    expect(new Set(all).size).toBe(all.length);
    for (const p of all) expect(p).toMatch(/^[0-9a-f]{64}$/);
    // lines inserted above: same fingerprint
    const shifted = sample().map((d) => ({ ...d, line: d.line + 3, endLine: d.endLine + 3 }));
    expect(prints(parse(formatSarif(shifted, context())))).toEqual(prints(a));
    // identical findings still get distinct fingerprints
    const twins = [diag({ line: 1 }), diag({ line: 5 })];
    const tp = parse(formatSarif(twins, context())).runs[0]!.results.map((r) => r.partialFingerprints[SARIF_FINGERPRINT_KEY]);
    expect(tp[0]).not.toBe(tp[1]);
  });

  it("is deterministic", () => {
    expect(formatSarif(sample(), context())).toBe(formatSarif(sample(), context()));
  });
});
