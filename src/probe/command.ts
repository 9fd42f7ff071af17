// The `probe` subcommand: compose-lint probe [--project <name> | --all] [--watch <s>] [--host <url>]
// Exit codes as for lint: 0 nothing found, 1 findings, 2 engine not reachable or usage error.
import { Command, InvalidArgumentError } from "commander";
import type { Diagnostic } from "../types.js";
import { EngineError } from "./engine.js";
import { probe, type ProbeOptions } from "./probe.js";

export interface ProbeCommandDeps {
  render: (format: string, diags: Diagnostic[]) => Promise<string>;
  /** overridable for tests */
  run?: (options: ProbeOptions) => Promise<Diagnostic[]>;
  stdout?: (text: string) => void;
  stderr?: (text: string) => void;
  cwd?: () => string;
  /** receives the exit code (default: sets process.exitCode) */
  exit?: (code: number) => void;
}

function seconds(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || n > 3600) {
    throw new InvalidArgumentError("expected a number of seconds between 0 and 3600");
  }
  return n;
}

export function probeCommand(deps: ProbeCommandDeps): Command {
  const out = deps.stdout ?? ((t: string) => void process.stdout.write(t));
  const err = deps.stderr ?? ((t: string) => void process.stderr.write(t));
  const exit = deps.exit ?? ((code: number) => void (process.exitCode = code));
  const runProbe = deps.run ?? probe;

  const cmd = new Command("probe")
    .description(
      "inspect running containers through the Docker Engine API (Docker or podman) and report zombies " +
        "and PID 1 without an init, at the compose service that started them (read-only)",
    )
    .option("--project <name>", "only containers of this compose project")
    .option("--all", "every running container (default: the compose project run from this directory)")
    .option("--watch <seconds>", "sample for this long (about once a second) and report the worst sample", seconds)
    .option("--host <url>", "engine endpoint, unix:///path or tcp://host:port (default: DOCKER_HOST, then the usual sockets)")
    .option("--format <fmt>", "output format", "stylish")
    .option("--quiet", "report errors only")
    // usage errors exit 2 like lint (commander's default would be 1); --help exits 0
    .exitOverride((e) => {
      const code = e.exitCode === 0 ? 0 : 2;
      if (deps.exit) {
        deps.exit(code);
        throw e;
      }
      process.exit(code);
    })
    .configureOutput({ writeOut: out, writeErr: err })
    .action(async (opts: { project?: string; all?: boolean; watch?: number; host?: string; format: string; quiet?: boolean }) => {
      if (opts.project && opts.all) {
        err("compose-lint probe: use either --project or --all, not both\n");
        exit(2);
        return;
      }
      const cwd = deps.cwd ? deps.cwd() : process.cwd();
      let diags: Diagnostic[];
      try {
        diags = await runProbe({ project: opts.project, all: opts.all, watch: opts.watch, endpoint: opts.host, cwd });
      } catch (e) {
        if (e instanceof EngineError) {
          err(`compose-lint probe: ${e.message}\n`);
          exit(2);
          return;
        }
        throw e;
      }
      if (opts.quiet) diags = diags.filter((d) => d.severity === "error");
      let text: string;
      try {
        text = await deps.render(opts.format, diags);
      } catch (e) {
        err(`compose-lint probe: ${(e as Error).message}\n`);
        exit(2);
        return;
      }
      if (text) out(text.endsWith("\n") ? text : `${text}\n`);
      exit(diags.length > 0 ? 1 : 0);
    });
  return cmd;
}
