// What the parsers produce that the rest of the project reads: parse problems and parsed compose files.
// The parse layer owns these types; the model re-exports them.
import type { Document, YAMLMap } from "yaml";
import type { SourceFile, Span } from "../types.js";

export interface ParseProblem {
  file: string;
  message: string;
  span: Span;
  /** "io-error" for files that cannot be read, else "parse-error" */
  rule: "parse-error" | "io-error";
  /** the file was left out on purpose: it lies outside the paths given to the linter */
  leftOut?: boolean;
}

export interface ComposeFileModel {
  source: SourceFile;
  doc: Document.Parsed;
  /** the `services` mapping node, when present */
  servicesNode: YAMLMap | null;
}
