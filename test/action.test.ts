// The GitHub Action as the runner runs it: `node dist/action.mjs` from a checkout with no node_modules,
// inputs in INPUT_<NAME> variables, GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files, GITHUB_WORKSPACE.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import { beforeAll, describe, expect, it } from "vitest";
import { getInput, setOutput } from "../src/action.js";

const root = path.resolve(import.meta.dirname, "..");

const PROJECT: Record<string, string> = {
  "compose.yaml": "services:\n  api:\n    build: .\n    restart: always\n",
  Dockerfile: "FROM node:20\nCMD node server.js\n",
};

/** A copy of what a clean clone has that the action needs: action.yml and dist/ (no node_modules anywhere above). */
let actionDir = "";
beforeAll(() => {
  if (!fs.existsSync(path.join(root, "dist", "action.mjs"))) throw new Error("dist/action.mjs is missing: run `node scripts/build.mjs`");
  actionDir = fs.mkdtempSync(path.join(os.tmpdir(), "compose-lint-action-"));
  fs.cpSync(path.join(root, "dist"), path.join(actionDir, "dist"), { recursive: true });
  fs.copyFileSync(path.join(root, "action.yml"), path.join(actionDir, "action.yml"));
});

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  workspace: string;
}

/** Parses $GITHUB_OUTPUT as the runner does: `name=value` lines and `name<<DELIM` … `DELIM` blocks. */
function parseOutputs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line) continue;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const value: string[] = [];
      for (i++; i < lines.length && lines[i] !== heredoc[2]; i++) value.push(lines[i]!);
      expect(lines[i]).toBe(heredoc[2]);
      out[heredoc[1]!] = value.join("\n");
    } else {
      const eq = line.indexOf("=");
      out[line.slice(0, eq)] = line.slice(eq + 1);
    }
  }
  return out;
}

function runAction(inputs: Record<string, string>, files: Record<string, string> = PROJECT): Run {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), "compose-lint-runner-"));
  const workspace = path.join(base, "workspace");
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(workspace, rel)), { recursive: true });
    fs.writeFileSync(path.join(workspace, rel), text);
  }
  fs.mkdirSync(workspace, { recursive: true });
  const output = path.join(base, "output");
  const summary = path.join(base, "summary");
  fs.writeFileSync(output, "");
  fs.writeFileSync(summary, "");
  // the runner passes every declared input, with its default when not given
  const action = parseYaml(fs.readFileSync(path.join(actionDir, "action.yml"), "utf8")) as { inputs: Record<string, { default?: string }> };
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: base, GITHUB_ACTIONS: "true", CI: "true", GITHUB_WORKSPACE: workspace, GITHUB_OUTPUT: output, GITHUB_STEP_SUMMARY: summary };
  for (const [name, spec] of Object.entries(action.inputs)) env[`INPUT_${name.toUpperCase()}`] = inputs[name] ?? spec.default ?? "";
  const r = spawnSync(process.execPath, [path.join(actionDir, "dist", "action.mjs")], { cwd: workspace, env, encoding: "utf8", timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, outputs: parseOutputs(fs.readFileSync(output, "utf8")), summary: fs.readFileSync(summary, "utf8"), workspace };
}

describe("action.yml", () => {
  it("runs dist/action.mjs on node24 and declares the inputs and outputs", () => {
    const a = parseYaml(fs.readFileSync(path.join(root, "action.yml"), "utf8"));
    expect(a.runs).toEqual({ using: "node24", main: "dist/action.mjs" });
    expect(Object.keys(a.inputs).sort()).toEqual(["annotations", "config", "fail-on", "fix", "path", "sarif-file"]);
    expect(Object.keys(a.outputs).sort()).toEqual(["errors", "sarif-file", "warnings"]);
    expect(a.inputs.path.default).toBe(".");
  });
  it("dist/ holds everything the bundle loads: its chunks and the tree-sitter WebAssembly", () => {
    const dist = path.join(root, "dist");
    for (const f of ["action.mjs", "web-tree-sitter.wasm", "tree-sitter-bash.wasm"]) expect(fs.existsSync(path.join(dist, f))).toBe(true);
    const text = fs.readFileSync(path.join(dist, "action.mjs"), "utf8");
    // only node: built-ins and relative chunks are imported: nothing from node_modules
    const specifiers = [...text.matchAll(/(?:from|import)\s*\(?\s*["']([^"']+)["']/g)].map((m) => m[1]!);
    expect(specifiers.filter((s) => !s.startsWith("node:") && !s.startsWith("./"))).toEqual([]);
  });
});

describe("getInput / setOutput", () => {
  it("reads INPUT_<NAME> with spaces as _ and hyphens kept", () => {
    expect(getInput("fail-on", { "INPUT_FAIL-ON": " error \n" })).toBe("error");
    expect(getInput("sarif file", { INPUT_SARIF_FILE: "x" })).toBe("x");
    expect(getInput("missing", {})).toBe("");
  });
  it("writes multi-line-safe outputs", () => {
    const f = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "compose-lint-out-")), "out");
    fs.writeFileSync(f, "");
    setOutput("a", "1", { GITHUB_OUTPUT: f });
    setOutput("b", "line1\nline2=x\nb<<EOF", { GITHUB_OUTPUT: f });
    expect(parseOutputs(fs.readFileSync(f, "utf8"))).toEqual({ a: "1", b: "line1\nline2=x\nb<<EOF" });
  });
});

describe("node dist/action.mjs", () => {
  it("annotates, summarises, sets outputs and writes SARIF; fails on warnings by default", () => {
    const r = runAction({ "sarif-file": "reports/compose-lint.sarif" });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(1);
    const annotations = r.stdout.split("\n").filter((l) => l.startsWith("::"));
    expect(annotations).toContainEqual(expect.stringMatching(/^::warning file=compose\.yaml,line=2,endLine=2,col=3,endColumn=\d+,title=compose-lint \(missing-init\)::service `api` runs node/));
    expect(annotations).toContainEqual(expect.stringMatching(/^::warning file=Dockerfile,line=2,.*title=compose-lint \(shell-form-command\)::shell-form CMD/));
    expect(r.outputs).toEqual({ errors: "0", warnings: "3", "sarif-file": path.join(r.workspace, "reports", "compose-lint.sarif") });
    expect(r.summary).toContain("### compose-lint");
    expect(r.summary).toContain("3 findings (3 warnings) in 2 files");
    expect(r.summary).toMatch(/\| warning \| \[missing-init\]\(https:\/\/[^)]+\/docs\/rules\/missing-init\.md\) \| compose\.yaml:2 \|/);
    const sarif = JSON.parse(fs.readFileSync(r.outputs["sarif-file"]!, "utf8"));
    expect(sarif.version).toBe("2.1.0");
    expect(sarif.runs[0].results.map((x: any) => x.ruleId).sort()).toEqual(["missing-init", "missing-init", "shell-form-command"]);
    expect(sarif.runs[0].results.every((x: any) => x.locations[0].physicalLocation.artifactLocation.uriBaseId === "%SRCROOT%")).toBe(true);
  });

  it("fail-on decides the exit code", () => {
    expect(runAction({ "fail-on": "error" }).status).toBe(0);
    expect(runAction({ "fail-on": "never" }).status).toBe(0);
    expect(runAction({ "fail-on": "warning" }).status).toBe(1);
    const bad = runAction({ "fail-on": "sometimes" });
    expect(bad.status).toBe(2);
    expect(bad.stdout).toContain("::error title=compose-lint::input `fail-on` must be error, warning, info or never");
  });

  it("no findings: exit 0, empty sarif-file output, a clean summary", () => {
    const r = runAction({}, { "compose.yaml": "services:\n  db:\n    image: postgres:17\n" });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe("");
    expect(r.outputs).toEqual({ errors: "0", warnings: "0", "sarif-file": "" });
    expect(r.summary).toBe("### compose-lint\n\nNo findings (1 file checked).\n");
  });

  it("annotations: false prints plain lines only", () => {
    const r = runAction({ annotations: "false" });
    expect(r.stdout).not.toMatch(/^::/m);
    expect(r.stdout).toMatch(/^compose\.yaml:2:3: warning: .*\[missing-init\]$/m);
  });

  it("fix: true applies safe fixes in the workspace and reports what remains", () => {
    const r = runAction({ fix: "true" });
    expect(r.status).toBe(0);
    expect(fs.readFileSync(path.join(r.workspace, "compose.yaml"), "utf8")).toContain("init: true");
    expect(fs.readFileSync(path.join(r.workspace, "Dockerfile"), "utf8")).toBe('FROM node:20\nCMD ["node", "server.js"]\n');
    expect(r.stdout).toMatch(/^fixed compose\.yaml:2: .*\[missing-init\]$/m);
    expect(r.outputs.warnings).toBe("0");
    expect(r.summary).toContain("fixes applied in 2 files");
  });

  it("uses the configuration file, and reports a broken one with its position", () => {
    const files = { ...PROJECT, "ci/lint.yaml": "rules:\n  shell-form-command: off\nfail-on: error\n" };
    const r = runAction({ config: "ci/lint.yaml" }, files);
    expect(r.status).toBe(0);
    // the service and the image it builds, judged on its own
    expect(r.outputs.warnings).toBe("2");
    const bad = runAction({}, { ...PROJECT, ".compose-lint.yaml": "fail_on: error\n" });
    expect(bad.status).toBe(2);
    expect(bad.stdout).toContain("::error title=compose-lint::.compose-lint.yaml:1:1: unknown key `fail_on` (did you mean `fail-on`?)");
  });

  it("path narrows what is linted", () => {
    const files = { ...PROJECT, "other/compose.yaml": "services:\n  x:\n    image: node:20\n    command: [\"node\"]\n    restart: always\n" };
    expect(runAction({ "fail-on": "never" }, files).outputs.warnings).toBe("4");
    expect(runAction({ path: "other", "fail-on": "never" }, files).outputs.warnings).toBe("1");
  });
});
