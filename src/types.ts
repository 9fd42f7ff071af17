// Core types shared by the parser layer, the model, the rules, the engine, the fixer and the reporters.
// Rules see only these types and the model: they never open files or re-parse.

export type Severity = "error" | "warning" | "info";
export type RuleSetting = Severity | "off";

export type FileKind = "compose" | "dockerfile" | "script" | "makefile" | "devcontainer" | "workflow" | "other";

/** A file that was read, with everything needed to turn offsets into positions. */
export interface SourceFile {
  /** absolute path */
  path: string;
  /** POSIX path relative to the working directory (what users see) */
  rel: string;
  /** text without a leading BOM */
  text: string;
  /** true when the file on disk started with a UTF-8 BOM (edits are made on `text`, the BOM is written back) */
  bom: boolean;
  /** "\r\n" when the file mostly uses CRLF line endings, else "\n" */
  eol: "\n" | "\r\n";
  kind: FileKind;
  /** offsets of the first character of each line */
  lineStarts: number[];
}

/** A range of text in one file: [start, end) offsets into SourceFile.text. */
export interface Span {
  file: string;
  start: number;
  end: number;
}

export interface Located<T> {
  value: T;
  span: Span;
}

/** One text edit: replace [start, end) of `file`'s text (BOM excluded) with newText. */
export interface TextEdit {
  file: string;
  start: number;
  end: number;
  newText: string;
}

export type FixSafety = "safe" | "unsafe";

export interface Fix {
  title: string;
  safety: FixSafety;
  edits: TextEdit[];
}

/** A diagnostic as the engine hands it to reporters and the fixer. */
export interface Diagnostic {
  rule: string;
  severity: Severity;
  message: string;
  /** absolute path */
  path: string;
  /** POSIX path relative to the working directory */
  file: string;
  /** 1-based */
  line: number;
  column: number;
  endLine: number;
  /** 1-based, exclusive */
  endColumn: number;
  span: Span;
  fix: Fix | null;
  /** why no fix is offered, when the rule knows (shown by --fix) */
  noFixReason?: string;
}

export interface RuleSource {
  title: string;
  url: string;
  /** a code of another linter that this rule covers, e.g. hadolint's DL3025 */
  code?: string;
}

export interface RuleDocs {
  what: string;
  why: string;
  bad?: string;
  good?: string;
  fixSafety?: string;
}

export interface RuleMeta {
  id: string;
  summary: string;
  defaultSeverity: Severity;
  fixable: "always" | "sometimes" | "none";
  messages: Record<string, string>;
  sources: RuleSource[];
}

export interface Report {
  messageId: string;
  data?: Record<string, string | number>;
  at: Span;
  /** overrides the rule's default severity for this finding (e.g. `info` when PID 1 is unknown) */
  severity?: Severity;
  fix?: Fix | null;
  noFixReason?: string;
}
