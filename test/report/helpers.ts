// Hand-made diagnostics and a report context for the report format tests.
import type { Diagnostic, Fix, RuleMeta, Severity } from "../../src/types.js";
import type { ReportContext } from "../../src/report/types.js";

export const CWD = "/repo";

export function diag(over: Partial<Diagnostic> & { rule?: string; severity?: Severity; message?: string }): Diagnostic {
  const file = over.file ?? "compose.yaml";
  const line = over.line ?? 1;
  const column = over.column ?? 1;
  return {
    rule: "no-init",
    severity: "error",
    message: "service web runs node as PID 1",
    path: `${CWD}/${file}`,
    file,
    line,
    column,
    endLine: over.endLine ?? line,
    endColumn: over.endColumn ?? column + 5,
    span: { file: `${CWD}/${file}`, start: 0, end: 5 },
    fix: null,
    ...over,
  };
}

export const RULES: RuleMeta[] = [
  {
    id: "no-init",
    summary: "A service runs a program that does not reap zombies as PID 1 without an init",
    defaultSeverity: "error",
    fixable: "always",
    messages: { default: "service {{service}} runs {{program}} as PID 1" },
    sources: [{ title: "Docker docs: init", url: "https://docs.docker.com/reference/compose-file/services/#init" }],
  },
  {
    id: "shell-form",
    summary: "A shell-form command keeps a shell as PID 1",
    defaultSeverity: "warning",
    fixable: "sometimes",
    messages: { default: "shell form" },
    sources: [{ title: "hadolint DL3025", url: "https://github.com/hadolint/hadolint/wiki/DL3025", code: "DL3025" }],
  },
  {
    id: "pid-unknown",
    summary: "PID 1 cannot be determined",
    defaultSeverity: "info",
    fixable: "none",
    messages: { default: "unknown" },
    sources: [],
  },
];

export function context(over: Partial<ReportContext> = {}): ReportContext {
  return {
    cwd: CWD,
    rules: RULES,
    toolName: "compose-lint",
    toolVersion: "0.1.0",
    informationUri: "https://github.com/example/compose-lint",
    ruleDocUrl: (id) => `https://github.com/example/compose-lint/blob/main/docs/rules/${id}.md`,
    color: false,
    files: ["compose.yaml", "Dockerfile", "clean/compose.yml"],
    ...over,
  };
}

export const FIX: Fix = {
  title: "Add `init: true` to service web",
  safety: "safe",
  edits: [
    { file: `${CWD}/compose.yaml`, start: 40, end: 40, newText: "    init: true\n" },
    { file: `${CWD}/compose.yaml`, start: 10, end: 14, newText: "web2" },
  ],
};

/** Messages with every character the formats must escape. */
export const NASTY = [
  "100% sure: a, b, c",
  "line one\r\nline two\nline three",
  'uses <exec> & "quotes" \'single\'',
  "unicode: Ünïcødé — 容器 🐳",
  "bell\u0007 and esc\u001b[0m and tab\there",
  "::error::injected\n::warning file=x::also",
];

/** A small, realistic set: several files, severities, one fix, nasty messages. */
export function sample(): Diagnostic[] {
  return [
    diag({ rule: "no-init", severity: "error", message: NASTY[0], line: 3, column: 5, fix: FIX }),
    diag({ rule: "shell-form", severity: "warning", file: "Dockerfile", message: NASTY[1], line: 7, column: 1, endLine: 8, endColumn: 3 }),
    diag({ rule: "shell-form", severity: "warning", file: "Dockerfile", message: NASTY[2], line: 2, column: 1 }),
    diag({ rule: "pid-unknown", severity: "info", file: "dir with space/compose.yaml", message: NASTY[3], line: 1, column: 1 }),
    diag({ rule: "no-init", severity: "error", message: NASTY[4], line: 9, column: 3 }),
    diag({ rule: "no-init", severity: "error", message: NASTY[5], line: 12, column: 3 }),
  ];
}
