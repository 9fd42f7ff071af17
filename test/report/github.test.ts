import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  appendStepSummary,
  escapeGithubData,
  escapeGithubProperty,
  formatGithub,
  githubStepSummary,
} from "../../src/report/github.js";
import type { Diagnostic, Severity } from "../../src/types.js";
import { context, diag, sample } from "./helpers.js";

function many(severity: Severity, n: number, file = "compose.yaml"): Diagnostic[] {
  return Array.from({ length: n }, (_, i) =>
    diag({ severity, file, line: i + 1, column: 1, endColumn: 4, message: `${severity} number ${i + 1}` }),
  );
}

describe("github workflow commands", () => {
  it("escapes data and properties like the runner", () => {
    expect(escapeGithubData("100% a:b, c\r\nd\ne\rf")).toBe("100%25 a:b, c%0D%0Ad%0Ae%0Df");
    expect(escapeGithubProperty("100% a:b, c\r\nd\ne\rf")).toBe("100%25 a%3Ab%2C c%0D%0Ad%0Ae%0Df");
    // % is escaped first, so an already-escaped-looking sequence survives a round trip
    expect(escapeGithubData("%0A")).toBe("%250A");
    expect(escapeGithubProperty("%3A")).toBe("%253A");
    expect(escapeGithubData("Ünïcødé 🐳 <&>\"'")).toBe("Ünïcødé 🐳 <&>\"'");
  });

  it("writes annotations, then every finding as a log line (byte for byte)", () => {
    const diagnostics = [
      diag({ rule: "shell-form", severity: "warning", file: "Dockerfile", line: 7, column: 1, endLine: 8, endColumn: 3, message: "line one\r\nline two\nline three" }),
      diag({ rule: "pid-unknown", severity: "info", file: "we,ird:dir/compose.yaml", line: 1, column: 1, endColumn: 6, message: "unicode: Ünïcødé — 容器 🐳" }),
      diag({ rule: "no-init", severity: "error", line: 3, column: 5, endColumn: 10, message: "100% sure: a, b, c" }),
    ];
    expect(formatGithub(diagnostics, context())).toBe(
      [
        "::error file=compose.yaml,line=3,endLine=3,col=5,endColumn=9,title=compose-lint (no-init)::100%25 sure: a, b, c",
        "::warning file=Dockerfile,line=7,endLine=8,title=compose-lint (shell-form)::line one%0D%0Aline two%0Aline three",
        "::notice file=we%2Cird%3Adir/compose.yaml,line=1,endLine=1,col=1,endColumn=5,title=compose-lint (pid-unknown)::unicode: Ünïcødé — 容器 🐳",
        "compose-lint: 3 findings (1 error, 1 warning, 1 info)",
        "Dockerfile:7:1: warning: line one line two line three [shell-form]",
        "compose.yaml:3:5: error: 100% sure: a, b, c [no-init]",
        "we,ird:dir/compose.yaml:1:1: info: unicode: Ünïcødé — 容器 🐳 [pid-unknown]",
        "",
      ].join("\n"),
    );
  });

  it("escapes a rule id and a zero-width span in properties", () => {
    const d = diag({ rule: "odd:rule,id", severity: "warning", line: 2, column: 4, endColumn: 4, message: "m" });
    expect(formatGithub([d], context())).toBe(
      "::warning file=compose.yaml,line=2,endLine=2,col=4,endColumn=4,title=compose-lint (odd%3Arule%2Cid)::m\n" +
        "compose-lint: 1 finding (1 warning)\n" +
        "compose.yaml:2:4: warning: m [odd:rule,id]\n",
    );
  });

  it("prints nothing when there are no findings", () => {
    expect(formatGithub([], context())).toBe("");
  });

  it("annotates at most 10 per level and counts the rest in one notice", () => {
    const diagnostics = [...many("info", 12, "b.yaml"), ...many("warning", 3), ...many("error", 14, "a.yaml")];
    const out = formatGithub(diagnostics, context());
    const lines = out.split("\n").filter(Boolean);
    const errors = lines.filter((l) => l.startsWith("::error "));
    const warnings = lines.filter((l) => l.startsWith("::warning "));
    const notices = lines.filter((l) => l.startsWith("::notice "));
    const summary = lines.filter((l) => l.startsWith("::notice::"));
    expect(errors).toHaveLength(10);
    expect(warnings).toHaveLength(3);
    // the counting notice is a notice too: 9 + 1 keeps notices within the runner's 10
    expect(notices).toHaveLength(9);
    expect(summary).toEqual([
      "::notice::compose-lint: 7 more findings not annotated (4 errors, 3 info); see the job log or SARIF",
    ]);
    // the annotated ones are the first by severity then position
    expect(errors[0]).toContain("line=1,");
    expect(errors[9]).toContain("line=10,");
    expect(errors.join("\n")).not.toContain("::error number 11");
    // order: errors, warnings, notices, then the counting notice
    const firstWarning = lines.indexOf(warnings[0]!);
    expect(lines.indexOf(errors[9]!)).toBeLessThan(firstWarning);
    expect(lines.indexOf(warnings[2]!)).toBeLessThan(lines.indexOf(notices[0]!));
    expect(lines.indexOf(notices[8]!)).toBeLessThan(lines.indexOf(summary[0]!));
    // every finding is still printed as a log line
    const plain = lines.filter((l) => !l.startsWith("::"));
    expect(plain[0]).toBe("compose-lint: 29 findings (14 errors, 3 warnings, 12 info)");
    expect(plain).toHaveLength(1 + 29);
    expect(plain).toContain("a.yaml:14:1: error: error number 14 [no-init]");
    expect(plain).toContain("b.yaml:12:1: info: info number 12 [no-init]");
  });

  it("needs no counting notice when every level fits", () => {
    const out = formatGithub([...many("info", 10), ...many("error", 10, "x.yaml")], context());
    const lines = out.split("\n");
    expect(lines.filter((l) => l.startsWith("::notice "))).toHaveLength(10);
    expect(lines.filter((l) => l.startsWith("::error "))).toHaveLength(10);
    expect(out).not.toContain("::notice::");
  });

  it("a single omitted finding is counted in the singular", () => {
    const out = formatGithub(many("warning", 11), context());
    expect(out).toContain("::notice::compose-lint: 1 more finding not annotated (1 warning); see the job log or SARIF\n");
  });

  it("cannot be tricked into emitting commands by messages or file names", () => {
    const nasty = [
      ...sample(),
      diag({ file: "::warning file=x::evil", message: "ok" }),
      diag({ message: "x\n::error::injected\r::set-output name=a::b" }),
    ];
    const lines = formatGithub(nasty, context()).split("\n");
    const commands = lines.filter((l) => l.trimStart().startsWith("::"));
    // exactly one command per finding (8 <= 10 per level: no counting notice)
    expect(commands).toHaveLength(8);
    for (const c of commands) expect(c).toMatch(/^::(error|warning|notice) file=[^:]*::/);
    expect(lines.some((l) => l.startsWith("./::warning file=x::evil:1:1: error: ok"))).toBe(true);
  });
});

describe("github step summary", () => {
  it("lists every finding in a Markdown table with escaped cells", () => {
    const diagnostics = [
      ...many("warning", 25),
      diag({ message: "a | b\r\nnext <b>line</b> & `code` *star* $x$", file: "pipe|dir/compose.yaml", line: 4 }),
    ];
    const md = githubStepSummary(diagnostics, context());
    const rows = md.split("\n").filter((l) => l.startsWith("| "));
    expect(rows).toHaveLength(2 + 26); // header + separator + all findings, not capped at 10
    expect(md).toContain("26 findings (1 error, 25 warnings) in 2 files (3 files checked).");
    expect(rows[2]).toBe(
      "| error | [no-init](https://github.com/example/compose-lint/blob/main/docs/rules/no-init.md) " +
        "| pipe\\|dir/compose.yaml:4 " +
        "| a \\| b<br>next &lt;b&gt;line&lt;/b&gt; &amp; \\`code\\` \\*star\\* \\$x\\$ |",
    );
    // every row has exactly 4 cells: no unescaped pipes, no line breaks inside a row
    for (const row of rows) expect(row.replace(/\\\|/g, "").split("|")).toHaveLength(6);
  });

  it("stays under GitHub's 1 MiB step summary limit and says how many rows it left out", () => {
    const big = Array.from({ length: 5000 }, (_, i) => diag({ line: i + 1, message: `${"x".repeat(300)} ${i}` }));
    const md = githubStepSummary(big, context());
    expect(Buffer.byteLength(md)).toBeLessThan(1024 * 1024);
    const rows = md.split("\n").filter((l) => l.startsWith("| error "));
    expect(md).toContain(`_${5000 - rows.length} more findings not shown (step summary size limit); see the job log or SARIF._`);
  });

  it("says so when there are no findings", () => {
    expect(githubStepSummary([], context())).toBe("### compose-lint\n\nNo findings (3 files checked).\n");
  });

  it("appends to $GITHUB_STEP_SUMMARY only when it is set", () => {
    const dir = mkdtempSync(join(tmpdir(), "compose-lint-summary-"));
    try {
      const file = join(dir, "summary.md");
      writeFileSync(file, "before\n");
      expect(appendStepSummary("### one", { GITHUB_STEP_SUMMARY: file })).toBe(true);
      expect(appendStepSummary("two\n", { GITHUB_STEP_SUMMARY: file })).toBe(true);
      expect(readFileSync(file, "utf8")).toBe("before\n### one\ntwo\n");
      expect(appendStepSummary("ignored", {})).toBe(false);
      expect(readFileSync(file, "utf8")).toBe("before\n### one\ntwo\n");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
