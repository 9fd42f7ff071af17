#!/usr/bin/env node
// compose-lint command line: flags → options → lint or fix → report → exit code.
// Exit codes: 0 nothing at or above the failure threshold, 1 findings, 2 usage, config or internal error;
// with --diff (as `ruff --diff`): 1 when the diff is not empty, 0 when there is nothing to fix.
import path from "node:path";
import { Command, CommanderError, Option } from "commander";
import { ConfigError, ignoreMatcher, knowledgeBase, loadConfig, type Config } from "./config.js";
import type { KnowledgeBase } from "./knowledge/index.js";
import { allRules, lint, serveUnits, UNUSED_SUPPRESSION } from "./engine/index.js";
import { workerGlobal } from "./engine/workers.js";
import { FORMATS, isFormat, render, type FormatName } from "./report/index.js";
import type { ReportContext } from "./report/types.js";
import type { Diagnostic, RuleSetting, Severity } from "./types.js";
import { HOMEPAGE, ruleDocUrl, TOOL_NAME, VERSION } from "./version.js";

class UsageError extends Error {}

const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

interface CliOptions {
  format: string;
  output?: string;
  quiet?: boolean;
  color: boolean;
  rule: string[];
  maxWarnings?: string;
  failOn: string;
  listRules?: boolean;
  fix?: boolean;
  fixUnsafe?: boolean;
  diff?: boolean;
  explain?: string;
  debug?: boolean;
  file: string[];
  config?: string;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export function parseRuleSettings(specs: string[]): Record<string, RuleSetting> {
  const known = new Set([...allRules().map((r) => r.meta.id), UNUSED_SUPPRESSION]);
  const out: Record<string, RuleSetting> = {};
  for (const spec of specs) {
    const m = /^([a-z0-9-]+)=(off|info|warning|error)$/.exec(spec.trim());
    if (!m) throw new UsageError(`--rule expects <id>=off|info|warning|error, got \`${spec}\``);
    if (!known.has(m[1]!)) throw new UsageError(`--rule: unknown rule \`${m[1]}\` (see --list-rules)`);
    out[m[1]!] = m[2] as RuleSetting;
  }
  return out;
}

function reportContext(cwd: string, color: boolean, files: string[]): ReportContext {
  return {
    cwd,
    rules: allRules().map((r) => r.meta),
    toolName: TOOL_NAME,
    toolVersion: VERSION,
    informationUri: HOMEPAGE,
    ruleDocUrl,
    color,
    files,
  };
}

/** A reader that stopped reading (`compose-lint … | head`): the rest of the output is dropped, quietly. */
const readerGone = (err: unknown): boolean => (err as NodeJS.ErrnoException | null)?.code === "EPIPE";

const quieted = new WeakSet<NodeJS.WriteStream>();

/** Writes and waits until the data is handed to the OS (pipes included): never exit before stdout drains. */
function writeOut(stream: NodeJS.WriteStream, text: string): Promise<void> {
  if (!text) return Promise.resolve();
  // the stream also emits the error: without a listener of ours Node would end the process with a stack trace
  if (!quieted.has(stream)) {
    quieted.add(stream);
    stream.on("error", (err) => void err);
  }
  return new Promise((resolve, reject) => stream.write(text, (err) => (err && !readerGone(err) ? reject(err) : resolve())));
}

function useColor(opts: CliOptions): boolean {
  if (!opts.color) return false;
  if ("NO_COLOR" in process.env && process.env.NO_COLOR !== "") return false;
  if (process.env.FORCE_COLOR && process.env.FORCE_COLOR !== "0") return true;
  return Boolean(process.stdout.isTTY) && !opts.output;
}

async function runProbe(argv: string[]): Promise<number> {
  const { probeCommand } = await import("./probe/command.js");
  let code = 0;
  const cmd = probeCommand({
    render: async (format, diags) => {
      if (!isFormat(format)) throw new UsageError(`unknown format ${format} (one of ${FORMATS.join(", ")})`);
      return render(format, diags, reportContext(process.cwd(), Boolean(process.stdout.isTTY) && !("NO_COLOR" in process.env), []));
    },
    exit: (c) => {
      code = c;
    },
  });
  try {
    await cmd.parseAsync(argv, { from: "user" });
  } catch (e) {
    if (e instanceof CommanderError) return code || (e.exitCode === 0 ? 0 : 2);
    throw e;
  }
  return code;
}

/** `compose-lint explain <service|Dockerfile[:stage]> [paths...]`: the resolved PID 1 chain of one container. */
async function runExplain(argv: string[]): Promise<number> {
  const cmd = new Command("explain")
    .usage("<service|Dockerfile[:stage]> [paths...]")
    .description("print the resolved PID 1 chain of a compose service or a Dockerfile stage: each hop with file:line, the knowledge used and its source, and why the verdict is what it is")
    .argument("<target>", "a compose service name (or `compose.yaml:name`), a Dockerfile path, or `Dockerfile:stage` (a stage name or #index)")
    .argument("[paths...]", "files or directories to lint (default: .)")
    .option("-f, --file <file>", "compose file, merged in order as Docker Compose does (repeatable)", collect, [])
    .option("-c, --config <file>", "configuration file (default: the nearest .compose-lint.yaml or .compose-lint.yml)")
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s), writeOut: (s) => process.stdout.write(s) });
  try {
    cmd.parse(argv, { from: "user" });
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    throw e;
  }
  const [target, ...paths] = cmd.args as [string, ...string[]];
  const opts = cmd.opts<{ file: string[]; config?: string }>();
  const cwd = process.cwd();
  const config = loadCliConfig(cwd, opts.config);
  const { explain } = await import("./explain.js");
  const r = await explain(target, paths, { cwd, rules: config.rules, kb: knowledgeBase(config), ignore: ignoreMatcher(config.ignore, config.base), composeFiles: opts.file });
  if (r.matched === 0) {
    const names = r.candidates.length ? `; one of:\n  ${r.candidates.join("\n  ")}` : "; nothing here runs a container";
    throw new UsageError(`explain: no compose service or Dockerfile stage \`${target}\`${names}`);
  }
  await writeOut(process.stdout, r.text + "\n");
  return 0;
}

function loadCliConfig(cwd: string, file: string | undefined): Config {
  try {
    return loadConfig({ cwd, file, knownRules: [...allRules().map((r) => r.meta.id), UNUSED_SUPPRESSION] });
  } catch (e) {
    if (e instanceof ConfigError) throw new UsageError(e.problems.map((p) => `${p.file}:${p.line}:${p.column}: ${p.message}`).join(`\n${TOOL_NAME}: `));
    throw e;
  }
}

async function main(argv: string[]): Promise<number> {
  if (argv[0] === "lsp") return (await import("./lsp/server.js")).runLanguageServer();
  if (argv[0] === "probe") return runProbe(argv.slice(1));
  if (argv[0] === "explain") return runExplain(argv.slice(1));
  const program = mainProgram();
  try {
    program.parse(argv, { from: "user" });
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    throw e;
  }
  const opts = program.opts<CliOptions>();
  const cwd = process.cwd();
  if (opts.listRules || opts.explain) return printRuleInfo(opts);
  const settings = runSettings(program, opts, cwd);
  const outcome = opts.fix || opts.fixUnsafe || opts.diff ? await runFix(program.args, opts, settings) : await runLint(program.args, opts, settings);
  if (typeof outcome === "number") return outcome;
  await writeReport(outcome, opts, settings);
  return exitCode(outcome.diagnostics, settings);
}

function mainProgram(): Command {
  return new Command()
    .name(TOOL_NAME)
    .description("Lint and fix Docker Compose files, Dockerfiles and entrypoint scripts for PID 1 problems (zombies, ignored SIGTERM)")
    .argument("[paths...]", "files or directories to lint (default: .)")
    .addOption(new Option("--format <format>", "output format").choices([...FORMATS]).default("stylish"))
    .option("-f, --file <file>", "compose file, merged in order as Docker Compose does (repeatable; default: each directory's compose file and its override, or COMPOSE_FILE)", collect, [])
    .option("-o, --output <file>", "write the report to a file instead of stdout")
    .option("-q, --quiet", "report errors only")
    .option("--no-color", "no colours (also NO_COLOR)")
    .option("--rule <id=severity>", "set a rule's severity: off|info|warning|error (repeatable)", collect, [])
    .option("--max-warnings <n>", "exit 1 when there are more than n warnings")
    .addOption(new Option("--fail-on <level>", "lowest severity that fails the run").choices(["error", "warning", "info", "never"]).default("warning"))
    .option("--fix", "apply safe fixes to the files")
    .option("--fix-unsafe", "apply safe and unsafe fixes")
    .option("--diff", "print the fixes as a unified diff and write nothing (with --fix-unsafe: the unsafe ones too); exit 1 when there is something to fix")
    .option("-c, --config <file>", "configuration file (default: the nearest .compose-lint.yaml or .compose-lint.yml)")
    .option("--list-rules", "list the rules and exit")
    .option("--explain <rule>", "print a rule's documentation and exit")
    .option("--debug", "print stack traces of internal errors")
    .version(VERSION, "-v, --version")
    .addHelpText(
      "after",
      "\nCommands:\n  explain <target> [paths...]  print the resolved PID 1 chain of a service or a Dockerfile stage (compose-lint explain --help)\n" +
        "  probe [options]              check running containers for zombies and PID 1 without an init (compose-lint probe --help)\n" +
        "  lsp                          run the language server over stdio (for editors)\n" +
        "\nExit codes:\n  0  no finding at or above --fail-on; with --diff: nothing to fix\n  1  findings at or above --fail-on (after --fix: those left); with --diff: the diff printed changes\n  2  usage, configuration or internal error, or a fixed file that could not be written",
    )
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s), writeOut: (s) => process.stdout.write(s) });
}

/** `--list-rules` and `--explain <rule>`: print and exit. */
async function printRuleInfo(opts: CliOptions): Promise<number> {
  if (opts.listRules) {
    const lines = allRules().map((r) => `${r.meta.id.padEnd(26)} ${r.meta.defaultSeverity.padEnd(8)} ${r.meta.fixable === "none" ? "     " : "fix  "} ${r.meta.summary}`);
    await writeOut(process.stdout, lines.join("\n") + "\n");
    return 0;
  }
  const { explainRule } = await import("./docs.js");
  const text = explainRule(opts.explain!);
  if (!text) throw new UsageError(`--explain: unknown rule \`${opts.explain}\` (see --list-rules)`);
  await writeOut(process.stdout, text);
  return 0;
}

/** What a lint or fix run needs: the configuration file with the flags over it. */
interface RunSettings {
  cwd: string;
  color: boolean;
  rules: Record<string, RuleSetting>;
  kb: KnowledgeBase;
  ignore: ReturnType<typeof ignoreMatcher>;
  failOn: string;
  maxWarnings: number | null;
  format: FormatName;
}

function runSettings(program: Command, opts: CliOptions, cwd: string): RunSettings {
  const config = loadCliConfig(cwd, opts.config);
  const failOn = program.getOptionValueSource("failOn") === "default" && config.failOn ? config.failOn : opts.failOn;
  let maxWarnings: number | null = config.maxWarnings ?? null;
  if (opts.maxWarnings !== undefined) {
    maxWarnings = Number(opts.maxWarnings);
    if (!Number.isInteger(maxWarnings) || maxWarnings < 0) throw new UsageError(`--max-warnings expects a whole number, got \`${opts.maxWarnings}\``);
  }
  const format = opts.format as FormatName;
  if (!isFormat(format)) throw new UsageError(`unknown format ${format}`);
  return {
    cwd,
    color: useColor(opts),
    rules: { ...config.rules, ...parseRuleSettings(opts.rule) },
    kb: knowledgeBase(config),
    ignore: ignoreMatcher(config.ignore, config.base),
    failOn,
    maxWarnings,
    format,
  };
}

/** The diagnostics to report, the files they were found in, and what --fix says it did. */
interface Outcome {
  diagnostics: Diagnostic[];
  files: string[];
  fixSummary: string;
}

async function runLint(paths: string[], opts: CliOptions, s: RunSettings): Promise<Outcome> {
  const r = await lint(paths, { cwd: s.cwd, rules: s.rules, kb: s.kb, ignore: s.ignore, composeFiles: opts.file });
  checkMissing(r.missing);
  return { diagnostics: r.diagnostics, files: r.files, fixSummary: "" };
}

/** --fix / --fix-unsafe write the fixes and report what is left; --diff prints them and returns the exit code. */
async function runFix(paths: string[], opts: CliOptions, s: RunSettings): Promise<Outcome | number> {
  const { fix, fixSummary: summarize } = await import("./fix/apply.js");
  const unsafe = Boolean(opts.fixUnsafe);
  const r = await fix(paths, { cwd: s.cwd, rules: s.rules, kb: s.kb, ignore: s.ignore, composeFiles: opts.file, unsafe, dryRun: Boolean(opts.diff) });
  checkMissing(r.remaining.missing);
  if (opts.diff) {
    const { renderDiff } = await import("./fix/diff.js");
    await writeOut(process.stdout, renderDiff(r.changes, s.color));
    await writeOut(process.stderr, summarize(r, { dryRun: true, unsafe }).join("\n") + "\n");
    // as `ruff --diff`: 1 when there is something to fix
    return r.changes.length ? 1 : 0;
  }
  if (r.refused.some((f) => f.kind === "write-failed")) process.exitCode = 2;
  return { diagnostics: r.remaining.diagnostics, files: r.remaining.files, fixSummary: summarize(r, { dryRun: false, unsafe }).join("\n") + "\n" };
}

async function writeReport(outcome: Outcome, opts: CliOptions, s: RunSettings): Promise<void> {
  const shown = opts.quiet ? outcome.diagnostics.filter((d) => d.severity === "error") : outcome.diagnostics;
  const text = await render(s.format, shown, reportContext(s.cwd, s.color, outcome.files));
  if (opts.output) {
    const { writeAtomicNew } = await import("./write.js");
    writeAtomicNew(path.resolve(s.cwd, opts.output), text);
  } else {
    await writeOut(process.stdout, text);
  }
  if (outcome.fixSummary) await writeOut(process.stderr, outcome.fixSummary);
}

function exitCode(diagnostics: Diagnostic[], s: RunSettings): number {
  const threshold = s.failOn === "never" ? Infinity : SEVERITY_RANK[s.failOn as Severity];
  const failing = diagnostics.some((d) => SEVERITY_RANK[d.severity] >= threshold);
  const warnings = diagnostics.filter((d) => d.severity === "warning").length;
  const tooManyWarnings = s.maxWarnings !== null && warnings > s.maxWarnings;
  if (s.maxWarnings !== null && s.failOn === "warning") {
    // --max-warnings sets how many warnings are tolerated
    const errors = diagnostics.some((d) => d.severity === "error");
    return errors || tooManyWarnings ? 1 : 0;
  }
  return failing || tooManyWarnings ? 1 : 0;
}

function checkMissing(missing: { path: string; message: string }[]): void {
  if (missing.length) {
    const m = missing[0]!;
    throw new UsageError(`${path.relative(process.cwd(), m.path) || m.path}: ${m.message}`);
  }
}

const debug = process.argv.includes("--debug");
const worker = workerGlobal();
if (worker) {
  // a worker thread of a large run (src/engine/workers.ts): serve units, print nothing (a worker's heap is
  // bounded, and V8 collects it on its own)
  serveUnits(worker.parentPort);
} else {
  run();
}

function run(): void {
main(process.argv.slice(2)).then(
  (code) => {
    const prev = Number(process.exitCode ?? 0);
    process.exitCode = prev > code ? prev : code;
  },
  (e: unknown) => {
    if (e instanceof UsageError) {
      process.stderr.write(`${TOOL_NAME}: ${e.message}\n`);
    } else {
      process.stderr.write(`${TOOL_NAME}: internal error: ${(e as Error)?.message?.split("\n")[0] ?? String(e)}\nPlease report it at ${HOMEPAGE}/issues${debug ? "" : " (run with --debug for the stack trace)"}\n`);
      if (debug) process.stderr.write(`${(e as Error)?.stack ?? String(e)}\n`);
    }
    process.exitCode = 2;
  },
);
}

