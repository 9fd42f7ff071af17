// Report formats by name; the less common ones are loaded only when asked for.
import type { Diagnostic } from "../types.js";
import type { Formatter, ReportContext } from "./types.js";

export const FORMATS = ["stylish", "json", "sarif", "github", "checkstyle", "junit", "gitlab", "compact"] as const;
export type FormatName = (typeof FORMATS)[number];

export function isFormat(s: string): s is FormatName {
  return (FORMATS as readonly string[]).includes(s);
}

async function load(name: FormatName): Promise<Formatter> {
  switch (name) {
    case "stylish":
      return (await import("./stylish.js")).formatStylish;
    case "json":
      return (await import("./json.js")).formatJson;
    case "sarif":
      return (await import("./sarif.js")).formatSarif;
    case "github":
      return (await import("./github.js")).formatGithub;
    case "checkstyle":
      return (await import("./checkstyle.js")).formatCheckstyle;
    case "junit":
      return (await import("./junit.js")).formatJunit;
    case "gitlab":
      return (await import("./gitlab.js")).formatGitlab;
    case "compact":
      return (await import("./compact.js")).formatCompact;
  }
}

export async function render(name: FormatName, diagnostics: Diagnostic[], ctx: ReportContext): Promise<string> {
  const f = await load(name);
  return f(diagnostics, ctx);
}
