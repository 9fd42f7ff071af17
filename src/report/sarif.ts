// SARIF 2.1.0 (GitHub code scanning, VS Code SARIF viewer, Azure DevOps…).
import { pathToFileURL } from "node:url";
import type { Diagnostic, RuleMeta, Severity, TextEdit } from "../types.js";
import type { ReportContext } from "./types.js";
import { fingerprints, sortByPosition } from "./util.js";

export const SARIF_SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
export const SARIF_FINGERPRINT_KEY = "composeLint/v1";
const SRCROOT = "%SRCROOT%";

type SarifLevel = "error" | "warning" | "note";
const LEVEL: Record<Severity, SarifLevel> = { error: "error", warning: "warning", info: "note" };

interface ArtifactLocation {
  uri: string;
  uriBaseId?: string;
  index?: number;
}

/** `my-rule/id` → `MyRuleId`: a readable rule name (SARIF reportingDescriptor.name). */
function ruleName(id: string): string {
  const name = id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((p) => p[0]!.toUpperCase() + p.slice(1))
    .join("");
  return name || id;
}

function isAbsolutePath(p: string): boolean {
  return p.startsWith("/") || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith("\\\\");
}

/** A relative POSIX path as a URI reference: every segment percent-encoded, `/` kept. */
function encodeRelative(p: string): string {
  return p.split("/").map(encodeURIComponent).join("/");
}

/** An artifact location for a path as shown to users (relative to cwd), or an absolute one. */
function artifactLocation(file: string): ArtifactLocation {
  if (isAbsolutePath(file)) return { uri: pathToFileURL(file).href };
  const rel = file.replace(/\\/g, "/").replace(/^\.\//, "");
  return { uri: encodeRelative(rel), uriBaseId: SRCROOT };
}

function srcRootUri(cwd: string): string {
  const href = pathToFileURL(cwd).href;
  return href.endsWith("/") ? href : `${href}/`;
}

/** The user-facing (relative) name of the file an edit applies to. */
function editFile(edit: TextEdit, d: Diagnostic, cwd: string): string {
  if (edit.file === d.path || edit.file === d.file) return d.file;
  if (isAbsolutePath(edit.file)) {
    const base = cwd.replace(/[\\/]+$/, "");
    const abs = edit.file.replace(/\\/g, "/");
    const root = base.replace(/\\/g, "/");
    if (abs.startsWith(`${root}/`)) return abs.slice(root.length + 1);
  }
  return edit.file;
}

function helpMarkdown(rule: RuleMeta, ctx: ReportContext): string {
  const doc = ctx.ruleDocMarkdown?.(rule.id);
  if (doc && doc.trim()) return doc;
  return `${rule.summary}\n\n[Documentation for \`${rule.id}\`](${ctx.ruleDocUrl(rule.id)})`;
}

function fullDescription(rule: RuleMeta): string {
  if (rule.sources.length === 0) return rule.summary;
  const refs = rule.sources.map((s) => (s.code ? `${s.title} (${s.code}): ${s.url}` : `${s.title}: ${s.url}`));
  return `${rule.summary}\n\nReferences:\n${refs.map((r) => `- ${r}`).join("\n")}`;
}

function ruleDescriptor(rule: RuleMeta, ctx: ReportContext): Record<string, unknown> {
  const url = ctx.ruleDocUrl(rule.id);
  const tags = ["compose-lint", "pid1"];
  if (rule.fixable !== "none") tags.push("fixable");
  for (const s of rule.sources) if (s.code) tags.push(s.code);
  return {
    id: rule.id,
    name: ruleName(rule.id),
    shortDescription: { text: rule.summary },
    fullDescription: { text: fullDescription(rule) },
    help: { text: `${rule.summary}\n\nDocumentation: ${url}`, markdown: helpMarkdown(rule, ctx) },
    helpUri: url,
    defaultConfiguration: { level: LEVEL[rule.defaultSeverity] },
    properties: { tags, fixable: rule.fixable },
  };
}

/** SARIF 2.1.0 log with one run; results in file/line/column order. */
export function formatSarif(diagnostics: Diagnostic[], ctx: ReportContext): string {
  const sorted = sortByPosition(diagnostics);
  const prints = fingerprints(sorted);

  // rules: every rule of the run, plus a minimal descriptor for any rule id only seen in results
  const rules: Record<string, unknown>[] = [];
  const ruleIndex = new Map<string, number>();
  for (const rule of ctx.rules) {
    if (ruleIndex.has(rule.id)) continue;
    ruleIndex.set(rule.id, rules.length);
    rules.push(ruleDescriptor(rule, ctx));
  }
  for (const d of sorted) {
    if (ruleIndex.has(d.rule)) continue;
    ruleIndex.set(d.rule, rules.length);
    rules.push({
      id: d.rule,
      name: ruleName(d.rule),
      shortDescription: { text: d.rule },
      helpUri: ctx.ruleDocUrl(d.rule),
      defaultConfiguration: { level: LEVEL[d.severity] },
      properties: { tags: ["compose-lint"] },
    });
  }

  // artifacts: linted files, then any other file a result or a fix points at
  const artifacts: { location: ArtifactLocation }[] = [];
  const artifactIndex = new Map<string, number>();
  const locate = (file: string): ArtifactLocation => {
    let index = artifactIndex.get(file);
    if (index === undefined) {
      index = artifacts.length;
      artifactIndex.set(file, index);
      artifacts.push({ location: artifactLocation(file) });
    }
    return { ...artifactLocation(file), index };
  };
  for (const f of ctx.files) locate(f);

  const results = sorted.map((d, i) => {
    const result: Record<string, unknown> = {
      ruleId: d.rule,
      ruleIndex: ruleIndex.get(d.rule),
      level: LEVEL[d.severity],
      message: { text: d.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: locate(d.file),
            region: {
              startLine: d.line,
              startColumn: d.column,
              endLine: d.endLine,
              endColumn: d.endColumn,
            },
          },
        },
      ],
      partialFingerprints: { [SARIF_FINGERPRINT_KEY]: prints[i] },
    };
    if (d.fix && d.fix.edits.length > 0) {
      const byFile = new Map<string, TextEdit[]>();
      for (const e of d.fix.edits) {
        const f = editFile(e, d, ctx.cwd);
        const list = byFile.get(f) ?? [];
        list.push(e);
        byFile.set(f, list);
      }
      result.fixes = [
        {
          description: { text: d.fix.title },
          artifactChanges: [...byFile].map(([file, edits]) => ({
            artifactLocation: locate(file),
            replacements: [...edits]
              .sort((a, b) => a.start - b.start || a.end - b.end)
              .map((e) => ({
                deletedRegion: { charOffset: e.start, charLength: e.end - e.start },
                insertedContent: { text: e.newText },
              })),
          })),
          properties: { safety: d.fix.safety },
        },
      ];
    }
    return result;
  });

  const log = {
    $schema: SARIF_SCHEMA_URI,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: ctx.toolName,
            version: ctx.toolVersion,
            ...(ctx.informationUri ? { informationUri: ctx.informationUri } : {}),
            rules,
          },
        },
        originalUriBaseIds: { [SRCROOT]: { uri: srcRootUri(ctx.cwd) } },
        artifacts,
        columnKind: "utf16CodeUnits",
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
