import { describe, expect, it } from "vitest";
import { compactLine, formatCompact } from "../../src/report/compact.js";
import { formatGitlab } from "../../src/report/gitlab.js";
import { context, diag, NASTY, sample } from "./helpers.js";

interface GitlabIssue {
  description: string;
  check_name: string;
  fingerprint: string;
  severity: string;
  location: { path: string; lines: { begin: number; end?: number } };
}

const gitlab = (text: string) => JSON.parse(text) as GitlabIssue[];

describe("gitlab code quality", () => {
  it("maps fields and severities", () => {
    const issues = gitlab(formatGitlab(sample(), context()));
    expect(issues).toHaveLength(6);
    expect(issues.map((i) => i.description).sort()).toEqual([...NASTY].sort());
    const byMessage = new Map(issues.map((i) => [i.description, i]));
    expect(byMessage.get(NASTY[0]!)).toMatchObject({
      check_name: "no-init",
      severity: "major",
      location: { path: "compose.yaml", lines: { begin: 3 } },
    });
    expect(byMessage.get(NASTY[1]!)).toMatchObject({ severity: "minor", location: { path: "Dockerfile", lines: { begin: 7, end: 8 } } });
    expect(byMessage.get(NASTY[3]!)).toMatchObject({ severity: "info", location: { path: "dir with space/compose.yaml" } });
  });

  it("fingerprints are stable and unique", () => {
    const prints = (issues: GitlabIssue[]) => new Map(issues.map((i) => [i.description, i.fingerprint]));
    const a = prints(gitlab(formatGitlab(sample(), context())));
    const b = prints(gitlab(formatGitlab([...sample()].reverse(), context())));
    expect(b).toEqual(a);
    expect(new Set(a.values()).size).toBe(6);
    const twins = gitlab(formatGitlab([diag({ line: 2 }), diag({ line: 2 }), diag({ line: 9 })], context()));
    expect(new Set(twins.map((i) => i.fingerprint)).size).toBe(3);
  });

  it("is an empty array without findings", () => {
    expect(gitlab(formatGitlab([], context()))).toEqual([]);
  });
});

describe("compact", () => {
  it("prints one line per finding, in position order, newlines folded", () => {
    expect(formatCompact(sample(), context())).toBe(
      [
        "Dockerfile:2:1: warning: uses <exec> & \"quotes\" 'single' [shell-form]",
        "Dockerfile:7:1: warning: line one line two line three [shell-form]",
        "compose.yaml:3:5: error: 100% sure: a, b, c [no-init]",
        "compose.yaml:9:3: error: bell\u0007 and esc\u001b[0m and tab\there [no-init]",
        "compose.yaml:12:3: error: ::error::injected ::warning file=x::also [no-init]",
        "dir with space/compose.yaml:1:1: info: unicode: Ünïcødé — 容器 🐳 [pid-unknown]",
        "",
      ].join("\n"),
    );
  });

  it("folds a lone CR and trims around breaks", () => {
    expect(compactLine(diag({ message: "a  \r  b\r\n\r\nc" }))).toBe("compose.yaml:1:1: error: a b c [no-init]");
  });

  it("colors the severity only when asked", () => {
    expect(formatCompact([diag({})], context({ color: true }))).toBe(
      "compose.yaml:1:1: \u001b[31merror\u001b[39m: service web runs node as PID 1 [no-init]\n",
    );
    expect(formatCompact([], context())).toBe("");
  });
});
