// The CLI as users run it: the committed bundle dist/cli.js, exit codes, the JSON contract.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { cliPath, project } from "./helpers.js";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
function run(cwd: string, args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [cliPath, ...args], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", ...env }, timeout: 30_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
function proj(files: Record<string, string>): string {
  const d = project(files);
  dirs.push(d);
  return d;
}

beforeAll(() => {
  if (!fs.existsSync(cliPath)) throw new Error("dist/cli.js is missing: run `npm run build`");
});

const NODE_APP = {
  "compose.yaml": "services:\n  web:\n    build: .\n    restart: always\n",
  Dockerfile: 'FROM node:22-alpine\nWORKDIR /app\nCOPY . .\nCMD ["node", "server.js"]\n',
};

describe("compose-lint CLI", () => {
  it("reports missing-init naming the PID 1 program, exit 1", () => {
    const r = run(proj(NODE_APP), ["--format", "json"]);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout);
    const d = doc.diagnostics.find((x: { rule: string; file: string }) => x.rule === "missing-init" && x.file === "compose.yaml");
    expect(d).toMatchObject({ file: "compose.yaml", line: 2, column: 3, endLine: 2, endColumn: 6, severity: "warning", fix: { safety: "safe" } });
    expect(d.message).toContain("node (CMD in Dockerfile:4)");
    for (const k of ["file", "line", "column", "endLine", "endColumn", "rule", "severity", "message", "fix"]) expect(d).toHaveProperty(k);
  });

  it("exits 0 on a clean project", () => {
    const r = run(proj({ "compose.yaml": "services:\n  web:\n    image: node:22-alpine\n    init: true\n" }), []);
    expect(r.stdout).toBe("");
    expect(r.code).toBe(0);
    // the image built here, run by its only service with an init: an info about `docker run` of it alone
    const built = run(proj({ ...NODE_APP, "compose.yaml": "services:\n  web:\n    build: .\n    init: true\n" }), []);
    expect(built.stdout).toContain("(0 errors, 0 warnings, 1 info)");
    expect(built.code).toBe(0);
  });

  it("exits 2 on usage errors, without a stack trace", () => {
    const d = proj(NODE_APP);
    for (const args of [["--nope"], ["--rule", "missing-init=loud"], ["--rule", "no-such-rule=off"], ["--max-warnings", "x"], ["does-not-exist"], ["--format", "xml"]]) {
      const r = run(d, args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr, args.join(" ")).not.toMatch(/\bat .*\.js:\d+/);
    }
  });

  it("a broken compose file yields parse-error with line and column, and the Dockerfile next to it is still reported", () => {
    const d = proj({ "compose.yaml": "services:\n  web:\n    image: nginx\n   ports: [80]\n", Dockerfile: "FROM node:20\nCMD node server.js\n" });
    const r = run(d, ["--format", "json"]);
    expect(r.code).toBe(1);
    const diags = JSON.parse(r.stdout).diagnostics as { rule: string; file: string; line: number; column: number }[];
    const pe = diags.find((x) => x.rule === "parse-error")!;
    expect(pe.file).toBe("compose.yaml");
    expect(pe.line).toBeGreaterThanOrEqual(3);
    expect(pe.column).toBeGreaterThanOrEqual(1);
    expect(diags.some((x) => x.rule === "shell-form-command" && x.file === "Dockerfile" && x.line === 2)).toBe(true);
    expect(r.stderr).toBe("");
  });

  it("--rule changes severities and turns rules off; --quiet shows errors only", () => {
    const d = proj(NODE_APP);
    expect(run(d, ["--rule", "missing-init=off", "--format", "json"]).stdout).not.toContain("missing-init");
    const err = JSON.parse(run(d, ["--rule", "missing-init=error", "--format", "json"]).stdout);
    expect(err.diagnostics[0].severity).toBe("error");
    expect(run(d, ["--quiet"]).stdout).toBe("");
  });

  it("--max-warnings and --fail-on set the failure threshold", () => {
    const d = proj(NODE_APP);
    // two warnings: the service, and the image it builds (judged on its own)
    expect(run(d, ["--max-warnings", "2"]).code).toBe(0);
    expect(run(d, ["--max-warnings", "1"]).code).toBe(1);
    expect(run(d, ["--fail-on", "error"]).code).toBe(0);
    expect(run(d, ["--fail-on", "never", "--rule", "missing-init=error"]).code).toBe(0);
  });

  it("--list-rules, --version and --explain", () => {
    const d = proj({});
    const list = run(d, ["--list-rules"]);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^missing-init\s+warning/m);
    expect(run(d, ["--version"]).stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    const ex = run(d, ["--explain", "missing-init"]);
    expect(ex.stdout).toMatch(/^# missing-init/);
    expect(run(d, ["--explain", "nope"]).code).toBe(2);
  });

  it("colours only on a terminal and never with --no-color or NO_COLOR", () => {
    const d = proj(NODE_APP);
    expect(run(d, [], { FORCE_COLOR: "1", NO_COLOR: "" }).stdout).toContain("\x1b[");
    expect(run(d, ["--no-color"], { FORCE_COLOR: "1", NO_COLOR: "" }).stdout).not.toContain("\x1b[");
    expect(run(d, [], { FORCE_COLOR: "1", NO_COLOR: "1" }).stdout).not.toContain("\x1b[");
  });

  it("--fix inserts init: true and a second --fix writes nothing", () => {
    const d = proj(NODE_APP);
    const r = run(d, ["--fix"]);
    expect(r.code).toBe(0);
    expect(fs.readFileSync(`${d}/compose.yaml`, "utf8")).toBe("services:\n  web:\n    init: true\n    build: .\n    restart: always\n");
    const st = fs.statSync(`${d}/compose.yaml`);
    const again = run(d, ["--fix"]);
    expect(again.stderr).toContain("nothing to fix");
    expect(fs.statSync(`${d}/compose.yaml`).ino).toBe(st.ino);
  });

  it("--diff prints a patch and writes nothing", () => {
    const d = proj(NODE_APP);
    const before = fs.readFileSync(`${d}/compose.yaml`, "utf8");
    const r = run(d, ["--diff"]);
    expect(r.stdout).toContain("--- a/compose.yaml");
    expect(r.stdout).toContain("+    init: true");
    expect(fs.readFileSync(`${d}/compose.yaml`, "utf8")).toBe(before);
  });

  it("--diff exits 1 when it prints changes and 0 when there is nothing to fix (as ruff --diff); --help says so", () => {
    const d = proj(NODE_APP);
    const changes = run(d, ["--diff"]);
    expect(changes.stdout).toContain("--- a/compose.yaml");
    expect(changes.stderr).toContain("1 fix would be applied in 1 file");
    expect(changes.code).toBe(1);
    // findings without a safe fix are no changes: --diff alone exits 0, with the unsafe tier 1
    const clean = proj({ "compose.yaml": "services:\n  web:\n    image: node:20\n    init: true\n" });
    const none = run(clean, ["--diff"]);
    expect(none.stdout).toBe("");
    expect(none.stderr).toContain("nothing to fix");
    expect(none.code).toBe(0);
    const unsafeOnly = proj({ "compose.yaml": "services:\n  app:\n    image: registry.example.com/team/app:1.4\n" });
    expect(run(unsafeOnly, ["--diff"]).code).toBe(0);
    expect(run(unsafeOnly, ["--diff", "--fix-unsafe"]).code).toBe(1);
    const help = run(d, ["--help"]).stdout;
    expect(help.replace(/\s+/g, " ")).toContain("exit 1 when there is something to fix");
    expect(help).toContain("with --diff: the diff printed changes");
  });

  it("--fix reports every fix applied, follow-on fixes of later passes with their original line, and what was written", () => {
    const d = proj({
      "compose.yaml": "services:\n  web:\n    image: node:20\n    command: node web.js\n  app:\n    build: .\n",
      Dockerfile: 'FROM node:20-alpine\nCOPY entrypoint.sh /entrypoint.sh\nENTRYPOINT ["/entrypoint.sh"]\n',
      "entrypoint.sh": "#!/bin/sh\nset -e\nnode server.js\n",
    });
    const r = run(d, ["--fix"]);
    expect(r.stderr.split("\n").filter((l) => l.startsWith("fixed "))).toEqual([
      "fixed compose.yaml:2: add `init: true` to service `web` [missing-init]",
      "fixed entrypoint.sh:3: exec node [entrypoint-without-exec]",
      "fixed compose.yaml:5: add `init: true` to service `app` [missing-init] (follow-on: found after the fixes of pass 1)",
    ]);
    expect(r.stderr).toContain("3 fixes applied in 2 files: 2 of the 2 fixable findings the lint reported, 1 follow-on fix for findings that appeared after earlier fixes");
  });

  it("a script reached through a symbolic link is fixed once: no `changed on disk`, the count is what was written", () => {
    const d = proj({
      Dockerfile: 'FROM node:20-alpine\nCOPY bin/lock.sh /start.sh\nENTRYPOINT ["/start.sh"]\n',
      "bin/setup.sh": "#!/bin/sh\nset -e\nnode server.js\n",
    });
    fs.symlinkSync("setup.sh", `${d}/bin/lock.sh`);
    const lintOut = run(d, []);
    expect(lintOut.stdout).not.toContain("bin/lock.sh\n");
    expect(lintOut.stdout).toContain("(also reached as `bin/lock.sh`)");
    const r = run(d, ["--fix-unsafe"]);
    expect(r.stderr).not.toContain("changed on disk");
    expect(r.stderr).not.toContain("not fixed");
    const files = r.stderr.match(/^(\d+) fix(?:es)? applied in (\d+) files?/m);
    expect(files).not.toBeNull();
    expect(Number(files![2])).toBe(2); // bin/setup.sh and the Dockerfile
    expect(r.stderr.split("\n").filter((l) => l.startsWith("fixed ")).length).toBe(Number(files![1]));
    expect(fs.lstatSync(`${d}/bin/lock.sh`).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(`${d}/bin/setup.sh`, "utf8")).toBe("#!/bin/sh\nset -e\nexec node server.js\n");
  });

  it("a reader that stops early (`| head -1`) ends the output quietly: no stack trace, the exit code of the findings", () => {
    // many services, so the report is larger than a pipe holds; `head -1` closes the pipe after one line
    const services = Array.from({ length: 1000 }, (_, i) => `  s${i}:\n    image: node:22\n    command: ["node", "server.js"]\n    restart: always\n`).join("");
    const cwd = proj({ "compose.yaml": `services:\n${services}` });
    for (const format of ["json", "stylish"]) {
      const r = spawnSync("sh", ["-c", `"${process.execPath}" "${cliPath}" --format ${format} . | head -1`], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" }, timeout: 30_000 });
      const full = run(cwd, ["--format", format]);
      expect(full.stdout.length).toBeGreaterThan(150_000);
      expect(r.stdout.split("\n").length).toBe(2);
      expect(r.stderr).toBe("");
    }
  });

  it("lints a file named explicitly whatever its name", () => {
    const d = proj({ "stack.yml": "services:\n  gw:\n    image: traefik:v3.1\n" });
    const r = run(d, ["--format", "json", "stack.yml"]);
    expect(JSON.parse(r.stdout).diagnostics[0]).toMatchObject({ rule: "missing-init", file: "stack.yml", line: 2 });
  });

  it("reads the Dockerfiles only dockerfile-ast reads (a heredoc, CRLF lines): the bundle loads it when first needed", () => {
    const heredoc = "FROM python:3.12-slim\nRUN <<EOF\npip install flask\nEOF\nCOPY app.py /app.py\nCMD python /app.py\n";
    const d = proj({ "compose.yaml": "services:\n  api:\n    build: .\n    restart: always\n", Dockerfile: heredoc, "crlf/Dockerfile": heredoc.replace(/\n/g, "\r\n") });
    const r = run(d, ["--format", "json", "."]);
    expect(r.stderr).toBe("");
    const found = JSON.parse(r.stdout).diagnostics as { rule: string; file: string; line: number }[];
    // CMD in shell form, after the heredoc: found on line 6 of both files
    for (const file of ["Dockerfile", "crlf/Dockerfile"]) expect(found).toContainEqual(expect.objectContaining({ rule: "shell-form-command", file, line: 6 }));
    expect(found).toContainEqual(expect.objectContaining({ rule: "missing-init", file: "compose.yaml", line: 2 }));
  });
});

interface AjvLike {
  compile(schema: unknown): ((data: unknown) => boolean) & { errors?: unknown[] | null };
}

describe("the bundled Wakapi-like example", () => {
  const example = new URL("../examples/wakapi-like/", import.meta.url).pathname;

  it("reports the whole exec chain and missing-init; init: true on the service silences both", () => {
    const d = proj({});
    fs.cpSync(example, d, { recursive: true });
    const before = JSON.parse(run(d, ["--format", "json"]).stdout).diagnostics as { rule: string; file: string; line: number; message: string; severity: string }[];
    const chain = before.find((x) => x.rule === "non-reaping-exec-chain")!;
    expect(chain).toMatchObject({ file: "scripts/await.sh", line: 21 });
    expect(chain.message).toContain("Dockerfile:13 → sh -c → start.sh:6 exec ./await.sh");
    expect(chain.message).toContain('await.sh:21 exec "$@" → tracker');
    expect(before.find((x) => x.rule === "missing-init" && x.file === "docker-compose.yml")).toMatchObject({ line: 4, severity: "warning" });
    const compose = fs.readFileSync(`${d}/docker-compose.yml`, "utf8").replace("  tracker:\n", "  tracker:\n    init: true\n");
    fs.writeFileSync(`${d}/docker-compose.yml`, compose);
    const after = JSON.parse(run(d, ["--format", "json"]).stdout).diagnostics as { rule: string; severity: string }[];
    // what is left is an info on the image: its only runner adds the init, `docker run` of it alone would not
    expect(after.filter((x) => (x.rule === "missing-init" || x.rule === "non-reaping-exec-chain") && x.severity !== "info")).toEqual([]);
  });

  // the schema lives in shared/vendor/sarif/ beside the repository: a clone without it skips this test, saying why
  const schemaPath = new URL("../../shared/vendor/sarif/sarif-schema-2.1.0.json", import.meta.url).pathname;
  const schemaHere = fs.existsSync(schemaPath);
  it.skipIf(!schemaHere)(`its SARIF validates against the SARIF 2.1.0 schema${schemaHere ? "" : ` (skipped: no schema at ${schemaPath})`}`, async () => {
    // CommonJS packages: the constructor and the plugin may sit on `default` or be the module itself
    const draft04 = (await import("ajv-draft-04")) as unknown as { default: { default?: new (o: object) => AjvLike } & (new (o: object) => AjvLike) };
    const formats = (await import("ajv-formats")) as unknown as { default: ((a: AjvLike) => void) & { default?: (a: AjvLike) => void } };
    const Ctor = draft04.default.default ?? draft04.default;
    const ajv = new Ctor({ allErrors: true, strict: false });
    (formats.default.default ?? formats.default)(ajv);
    const validate = ajv.compile(JSON.parse(fs.readFileSync(schemaPath, "utf8")));
    const d = proj({});
    fs.cpSync(example, d, { recursive: true });
    const r = run(d, ["--format", "sarif"]);
    const log = JSON.parse(r.stdout);
    expect(validate(log), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    expect(log.runs[0].results.length).toBeGreaterThanOrEqual(3);
    expect(log.runs[0].results.some((x: { fixes?: unknown[] }) => (x.fixes ?? []).length > 0)).toBe(true);
  });
});
