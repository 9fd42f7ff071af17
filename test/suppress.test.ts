// Inline suppressions (src/engine/suppress.ts) through the engine and the fixer.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { allRules, lint, UNUSED_SUPPRESSION } from "../src/engine/index.js";
import { findSuppressions } from "../src/engine/suppress.js";
import { fix } from "../src/fix/apply.js";
import { makeSourceFile } from "../src/source.js";

function project(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "compose-lint-suppress-"));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

async function findings(files: Record<string, string>, rules: Record<string, "off" | "info" | "warning" | "error"> = {}): Promise<string[]> {
  const cwd = project(files);
  const r = await lint([], { cwd, rules });
  return r.diagnostics.map((d) => `${d.file}:${d.line} ${d.severity} ${d.rule}${d.rule === UNUSED_SUPPRESSION ? ` ${d.message}` : ""}`);
}

// A Dockerfile that no compose service runs: shell-form-command (warning) and missing-init (info) on line 2.
const SHELL_FORM = "FROM node:20\nCMD node server.js\n";
const COMPOSE = "services:\n  api:\n    image: node:20\n    command: [\"node\", \"server.js\"]\n    restart: always\n";

describe("inline suppressions", () => {
  it("baseline: the findings the suppressions below target", async () => {
    expect(await findings({ Dockerfile: SHELL_FORM })).toEqual(["Dockerfile:2 warning missing-init", "Dockerfile:2 warning shell-form-command"]);
    expect(await findings({ "compose.yaml": COMPOSE })).toEqual(["compose.yaml:2 warning missing-init"]);
  });

  it("disable-next-line with several rules and a `-- reason`", async () => {
    const text = "FROM node:20\n# compose-lint disable-next-line shell-form-command, missing-init -- legacy image, replaced in Q3\nCMD node server.js\n";
    expect(await findings({ Dockerfile: text })).toEqual([]);
  });

  it("disable-next-line suppresses only the rules it names", async () => {
    const text = "FROM node:20\n# compose-lint disable-next-line shell-form-command -- reason with missing-init in it\nCMD node server.js\n";
    expect(await findings({ Dockerfile: text })).toEqual(["Dockerfile:3 warning missing-init"]);
  });

  it("disable-next-line with rules separated by spaces, and with no rule (every rule)", async () => {
    expect(await findings({ Dockerfile: "FROM node:20\n# compose-lint disable-next-line missing-init shell-form-command\nCMD node server.js\n" })).toEqual([]);
    expect(await findings({ Dockerfile: "FROM node:20\n# compose-lint disable-next-line\nCMD node server.js\n" })).toEqual([]);
  });

  it("disable-line on a compose service key", async () => {
    const text = COMPOSE.replace("  api:\n", "  api:  # compose-lint disable-line missing-init -- runs under systemd with --init\n");
    expect(await findings({ "compose.yaml": text })).toEqual([]);
  });

  it("disable-line on another line does not suppress", async () => {
    const text = COMPOSE.replace("    restart: always\n", "    restart: always  # compose-lint disable-line missing-init\n");
    expect(await findings({ "compose.yaml": text })).toEqual([
      "compose.yaml:2 warning missing-init",
      "compose.yaml:5 info unused-suppression unused suppression `# compose-lint disable-line missing-init`: nothing was reported there",
    ]);
  });

  it("disable-file, with and without rules, anywhere in the file", async () => {
    expect(await findings({ Dockerfile: "# compose-lint disable-file shell-form-command\n" + SHELL_FORM })).toEqual(["Dockerfile:3 warning missing-init"]);
    expect(await findings({ Dockerfile: SHELL_FORM + "# compose-lint disable-file\n" })).toEqual([]);
    expect(await findings({ "compose.yaml": "# compose-lint disable-file missing-init\n" + COMPOSE })).toEqual([]);
  });

  it("a suppression in one file does not reach findings in another", async () => {
    const files = { "compose.yaml": "services:\n  api:\n    build: .\n    restart: always\n", Dockerfile: "# compose-lint disable-file missing-init\n" + SHELL_FORM };
    const got = await findings(files);
    expect(got).toContain("compose.yaml:2 warning missing-init");
    // it does suppress the Dockerfile's own finding (the image judged on its own), so it is not unused
    expect(got.filter((g) => g.startsWith("Dockerfile:"))).toEqual(["Dockerfile:3 warning shell-form-command"]);
  });

  it("# hadolint ignore=DL3025 on the line before maps to shell-form-command (whose sources name DL3025)", async () => {
    const rule = allRules().find((r) => r.meta.id === "shell-form-command")!;
    expect(rule.meta.sources.map((s) => s.code)).toContain("DL3025");
    expect(await findings({ Dockerfile: "FROM node:20\n# hadolint ignore=DL3025\nCMD node server.js\n" })).toEqual(["Dockerfile:3 warning missing-init"]);
    expect(await findings({ Dockerfile: "FROM node:20\n# hadolint ignore=DL3008,DL3025\nCMD node server.js\n" })).toEqual(["Dockerfile:3 warning missing-init"]);
  });

  it("# hadolint global ignore=DL3025 covers the whole Dockerfile", async () => {
    expect(await findings({ Dockerfile: "# hadolint global ignore=DL3025\nFROM node:20\nRUN true\nCMD node server.js\n" })).toEqual(["Dockerfile:4 warning missing-init"]);
  });

  it("hadolint comments are for hadolint: other codes are ignored, an unmatched one is not reported as unused", async () => {
    expect(await findings({ Dockerfile: "FROM node:20\n# hadolint ignore=DL3008\nCMD node server.js\n" })).toEqual(["Dockerfile:3 warning missing-init", "Dockerfile:3 warning shell-form-command"]);
    expect(await findings({ Dockerfile: "FROM node:20\n# hadolint ignore=DL3025\nCMD [\"node\", \"server.js\"]\n" })).toEqual(["Dockerfile:3 warning missing-init"]);
    // only in Dockerfiles
    const sf = makeSourceFile("/x/compose.yaml", "# hadolint ignore=DL3025\nservices: {}\n", "compose", "/x");
    expect(findSuppressions(sf, allRules())).toEqual([]);
  });

  it("an unused suppression is reported as info unused-suppression, at the comment", async () => {
    const cwd = project({ "compose.yaml": "services:\n  db:  # compose-lint disable-line missing-init -- postgres reaps\n    image: postgres:17\n" });
    const r = await lint([], { cwd });
    expect(r.diagnostics).toHaveLength(1);
    const d = r.diagnostics[0]!;
    expect(d).toMatchObject({ rule: UNUSED_SUPPRESSION, severity: "info", file: "compose.yaml", line: 2, column: 8, fix: null });
    expect(d.message).toBe("unused suppression `# compose-lint disable-line missing-init -- postgres reaps`: nothing was reported there");
  });

  it("unused-suppression follows its setting; a suppression of a rule turned off is not unused", async () => {
    const files = { "compose.yaml": "services:\n  db:  # compose-lint disable-line missing-init\n    image: postgres:17\n" };
    expect(await findings(files, { [UNUSED_SUPPRESSION]: "warning" })).toEqual([
      "compose.yaml:2 warning unused-suppression unused suppression `# compose-lint disable-line missing-init`: nothing was reported there",
    ]);
    expect(await findings(files, { [UNUSED_SUPPRESSION]: "off" })).toEqual([]);
    expect(await findings(files, { "missing-init": "off" })).toEqual([]);
  });

  it("a suppression naming a rule that does not exist is reported", async () => {
    const text = COMPOSE.replace("  api:\n", "  api:  # compose-lint disable-line missing-init, misssing-init\n");
    expect(await findings({ "compose.yaml": text })).toEqual([
      "compose.yaml:2 info unused-suppression suppression `# compose-lint disable-line missing-init, misssing-init` names an unknown rule: `misssing-init` (see --list-rules)",
    ]);
  });

  it("a misspelled directive is not a file-wide suppression", async () => {
    // `disable-next-lines` used to match as `disable` (whole file, every rule)
    const text = "# compose-lint disable-next-lines shell-form-command\n" + SHELL_FORM;
    expect(await findings({ Dockerfile: text })).toEqual(["Dockerfile:3 warning missing-init", "Dockerfile:3 warning shell-form-command"]);
  });

  it("CRLF files: the next line is the next line", async () => {
    const text = "FROM node:20\r\n# compose-lint disable-next-line shell-form-command\r\nCMD node server.js\r\n";
    expect(await findings({ Dockerfile: text })).toEqual(["Dockerfile:3 warning missing-init"]);
  });
});

describe("--fix honours suppressions", () => {
  it("a suppressed missing-init is not fixed; an unsuppressed one is", async () => {
    const compose = [
      "services:",
      "  api:  # compose-lint disable-line missing-init -- the host runs it under an init",
      "    image: node:20",
      "    command: [\"node\", \"server.js\"]",
      "    restart: always",
      "  worker:",
      "    image: node:20",
      "    command: [\"node\", \"worker.js\"]",
      "    restart: always",
      "",
    ].join("\n");
    const cwd = project({ "compose.yaml": compose });
    const r = await fix([], { cwd, unsafe: false, dryRun: false });
    expect(r.applied.map((a) => `${a.rule} ${a.file}:${a.line}`)).toEqual(["missing-init compose.yaml:6"]);
    const after = fs.readFileSync(path.join(cwd, "compose.yaml"), "utf8");
    expect(after).toBe(compose.replace("  worker:\n", "  worker:\n    init: true\n"));
    expect(r.remaining.diagnostics).toEqual([]);
  });

  it("a suppressed shell-form-command is not rewritten", async () => {
    const text = "FROM node:20\n# hadolint ignore=DL3025\nCMD node server.js\n";
    const cwd = project({ Dockerfile: text, "compose.yaml": "services:\n  api:\n    build: .\n    init: true\n" });
    const r = await fix([], { cwd, unsafe: true, dryRun: false });
    expect(r.applied.filter((a) => a.rule === "shell-form-command")).toEqual([]);
    expect(fs.readFileSync(path.join(cwd, "Dockerfile"), "utf8")).toBe(text);
  });
});
