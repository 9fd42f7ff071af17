// The GitHub Action (action.yml, runs.using: node24, main: dist/action.mjs): lint (or fix) the workspace
// through the programmatic API, annotate, write the step summary, the outputs and optionally SARIF,
// and fail the step per `fail-on`. It needs nothing but this bundle: no npm install on the runner.
//
// Inputs arrive as environment variables INPUT_<NAME>: the name upper-cased with spaces turned into `_`
// and hyphens kept (`fail-on` → INPUT_FAIL-ON), as the runner sets them.
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { ComposeLintUsageError, failed, fix, lint, type FailOn, type FixOutput, type LintOutput } from "./api.js";
import { allRules } from "./engine/index.js";
import { appendStepSummary, escapeGithubData, formatGithub, githubStepSummary } from "./report/github.js";
import type { ReportContext } from "./report/types.js";
import type { Diagnostic } from "./types.js";
import { HOMEPAGE, ruleDocUrl, TOOL_NAME, VERSION } from "./version.js";

type Env = NodeJS.ProcessEnv;

/** An input's value as the runner passes it (trimmed; "" when not set). */
export function getInput(name: string, env: Env = process.env): string {
  return (env[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`] ?? "").trim();
}

function booleanInput(name: string, fallback: boolean, env: Env): boolean {
  const v = getInput(name, env);
  if (v === "") return fallback;
  if (/^(true|yes|on|1)$/i.test(v)) return true;
  if (/^(false|no|off|0)$/i.test(v)) return false;
  throw new ComposeLintUsageError(`input \`${name}\` must be true or false, got \`${v}\``);
}

/** Appends `name=value` to $GITHUB_OUTPUT in the heredoc form, which is safe for any value. */
export function setOutput(name: string, value: string, env: Env = process.env): void {
  const file = env.GITHUB_OUTPUT;
  if (!file) return;
  let delimiter = `ghadelimiter_${randomUUID()}`;
  while (value.includes(delimiter) || name.includes(delimiter)) delimiter = `ghadelimiter_${randomUUID()}`;
  fs.appendFileSync(file, `${name}<<${delimiter}\n${value}\n${delimiter}\n`, "utf8");
}

function reportContext(cwd: string, files: string[]): ReportContext {
  return { cwd, rules: allRules().map((r) => r.meta), toolName: TOOL_NAME, toolVersion: VERSION, informationUri: HOMEPAGE, ruleDocUrl, color: false, files };
}

export async function runAction(env: Env = process.env, out: (text: string) => void = (t) => process.stdout.write(t)): Promise<number> {
  const cwd = path.resolve(env.GITHUB_WORKSPACE || process.cwd());
  // several paths: one per line (names may hold spaces), or separated by spaces on one line
  const pathInput = getInput("path", env);
  const paths = pathInput.split(pathInput.includes("\n") ? /\r?\n/ : /\s+/).map((p) => p.trim()).filter(Boolean);
  const config = getInput("config", env) || undefined;
  const doFix = booleanInput("fix", false, env);
  const annotations = booleanInput("annotations", true, env);
  const sarifInput = getInput("sarif-file", env);
  const failOnInput = getInput("fail-on", env);
  if (failOnInput && !["error", "warning", "info", "never"].includes(failOnInput)) {
    throw new ComposeLintUsageError(`input \`fail-on\` must be error, warning, info or never, got \`${failOnInput}\``);
  }

  const options = { cwd, ...(config ? { config } : {}) };
  let result: LintOutput | FixOutput;
  let fixNote = "";
  if (doFix) {
    const r = await fix(paths, { ...options, unsafe: false, dryRun: false });
    result = r;
    for (const a of r.applied) out(`fixed ${a.file}:${a.line}: ${a.title} [${a.rule}]\n`);
    for (const f of r.refused) out(`::warning file=${escapeGithubData(f.file)}::${escapeGithubData(`not fixed: ${f.reason}`)}\n`);
    fixNote = r.applied.length
      ? `\n${r.applied.length} ${r.applied.length === 1 ? "fix" : "fixes"} applied in ${r.changes.length} ${r.changes.length === 1 ? "file" : "files"} (not committed by this action).\n`
      : "\nNothing to fix.\n";
    if (r.refused.some((f) => f.kind === "write-failed")) process.exitCode = 2;
  } else {
    result = await lint(paths, options);
  }

  const diagnostics = result.raw as Diagnostic[];
  const ctx = reportContext(cwd, result.files);
  if (annotations) {
    out(formatGithub(diagnostics, ctx));
  } else {
    const { formatCompact } = await import("./report/compact.js");
    out(formatCompact(diagnostics, ctx));
  }
  appendStepSummary(githubStepSummary(diagnostics, ctx) + fixNote, env);

  let sarifPath = "";
  if (sarifInput) {
    const { formatSarif } = await import("./report/sarif.js");
    sarifPath = path.resolve(cwd, sarifInput);
    fs.mkdirSync(path.dirname(sarifPath), { recursive: true });
    fs.writeFileSync(sarifPath, formatSarif(diagnostics, ctx), "utf8");
  }
  setOutput("errors", String(result.counts.error), env);
  setOutput("warnings", String(result.counts.warning), env);
  setOutput("sarif-file", sarifPath, env);

  const failOn = (failOnInput || undefined) as FailOn | undefined;
  return failed(result, failOn) ? 1 : 0;
}

// Run when executed (node dist/action.mjs), not when imported by a test.
const self = process.argv[1] ? path.resolve(process.argv[1]) : "";
if (self && /action\.[cm]?[jt]s$/.test(self) && import.meta.url.endsWith(path.basename(self))) {
  runAction().then(
    (code) => {
      process.exitCode = Math.max(Number(process.exitCode ?? 0), code);
    },
    (e: unknown) => {
      const usage = e instanceof ComposeLintUsageError;
      const msg = usage ? (e as Error).message : `internal error: ${(e as Error)?.stack ?? String(e)}`;
      process.stdout.write(`::error title=${TOOL_NAME}::${escapeGithubData(msg)}\n`);
      process.exitCode = 2;
    },
  );
}
