// The configuration file: loader, positions in messages, JSON schema agreement, and the CLI wiring.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Ajv } from "ajv";
import { parse as parseYaml } from "yaml";
import { describe, expect, it } from "vitest";
import { ConfigError, findConfig, globToRegExp, ignoreMatcher, knowledgeBase, loadConfig, parseConfig } from "../src/config.js";
import { allRules, lint, UNUSED_SUPPRESSION } from "../src/engine/index.js";

const root = path.resolve(import.meta.dirname, "..");
const KNOWN = [...allRules().map((r) => r.meta.id), UNUSED_SUPPRESSION];
const schema = JSON.parse(fs.readFileSync(path.join(root, "schema", "compose-lint.schema.json"), "utf8"));

function tmp(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "compose-lint-config-"));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

function problems(text: string): string[] {
  try {
    parseConfig(text, { file: "/p/.compose-lint.yaml", shown: ".compose-lint.yaml", knownRules: KNOWN });
  } catch (e) {
    if (e instanceof ConfigError) return e.problems.map((p) => `${p.line}:${p.column} ${p.message}`);
    throw e;
  }
  return [];
}

const VALID: Record<string, string> = {
  empty: "",
  comment: "# nothing configured\n",
  full: [
    "rules:",
    "  missing-init: error",
    "  shell-form-command: off",
    "  unused-suppression: warning",
    "ignore:",
    "  - vendor/**",
    "  - '*.generated.yaml'",
    "fail-on: error",
    "max-warnings: 3",
    "knowledge:",
    "  images:",
    "    ghcr.io/acme/api: non-reaper",
    "    ghcr.io/acme/base/*: init",
    "  programs:",
    "    myinit: init",
    "    supervisor: reaper",
    "    s6-run: s6",
    "  wrappers:",
    "    mywrap: exec",
    "    keeper: parent",
    "    asuser:",
    "      runs: exec",
    "      operands: 1",
    "      options-with-value: [-g, --group]",
    "      assignments: false",
    "    bare: { runs: exec, options: false }",
    "  wait-helpers:",
    "    wait-for-db: exec",
    "    waiter: parent",
    "    pause-until-ready: none",
    "",
  ].join("\n"),
  nulls: "rules:\nignore:\nknowledge:\n  images:\n",
  zeroWarnings: "max-warnings: 0\nfail-on: never\n",
  flow: "rules: { missing-init: info }\nignore: [a, b/]\n",
};

const INVALID: Record<string, { text: string; expect: RegExp }> = {
  unknownKey: { text: "fail_on: error\n", expect: /^1:1 unknown key `fail_on` \(did you mean `fail-on`\?\)/ },
  unknownKey2: { text: "rules: {}\nignores: [x]\n", expect: /^2:1 unknown key `ignores` \(did you mean `ignore`\?\)/ },
  badSeverity: { text: "rules:\n  missing-init: warn\n", expect: /^2:17 rule `missing-init`: expected off, info, warning or error, got `warn` \(did you mean `warning`\?\)/ },
  unknownRule: { text: "rules:\n  missing-inti: off\n", expect: /^2:3 unknown rule `missing-inti` \(did you mean `missing-init`\?\)/ },
  failOn: { text: "fail-on: fatal\n", expect: /^1:10 `fail-on`: expected error, warning, info or never, got `fatal`/ },
  failOnNull: { text: "fail-on:\n", expect: /`fail-on`: expected .* got nothing/ },
  maxWarningsNegative: { text: "max-warnings: -1\n", expect: /^1:15 `max-warnings`: expected a whole number/ },
  maxWarningsString: { text: "max-warnings: many\n", expect: /`max-warnings`: expected a whole number .* got `many`/ },
  maxWarningsFloat: { text: "max-warnings: 1.5\n", expect: /`max-warnings`/ },
  ignoreNotList: { text: "ignore: vendor/**\n", expect: /^1:9 `ignore` must be a list/ },
  ignoreNumber: { text: "ignore:\n  - 3\n", expect: /^2:5 `ignore`: expected a glob pattern, got number `3`/ },
  ignoreEmpty: { text: "ignore:\n  - ''\n", expect: /`ignore`: expected a glob pattern/ },
  rulesList: { text: "rules:\n  - missing-init\n", expect: /^2:3 `rules` must be a mapping/ },
  knowledgeKey: { text: "knowledge:\n  image:\n    x: init\n", expect: /^2:3 unknown key `knowledge.image` \(did you mean `images`\?\)/ },
  verdict: { text: "knowledge:\n  programs:\n    myinit: reaps\n", expect: /^3:13 `knowledge.programs.myinit`: expected init, reaper, non-reaper or s6, got `reaps` \(did you mean `reaper`\?\)/ },
  verdictList: { text: "knowledge:\n  images:\n    x: [init]\n", expect: /got a list/ },
  wrapperKey: { text: "knowledge:\n  wrapper:\n    x: exec\n", expect: /^2:3 unknown key `knowledge.wrapper` \(did you mean `wrappers`\?\)/ },
  wrapperRuns: { text: "knowledge:\n  wrappers:\n    mywrap: execs\n", expect: /^3:13 `knowledge.wrappers.mywrap`: expected exec or parent, got `execs` \(did you mean `exec`\?\)/ },
  wrapperNoRuns: { text: "knowledge:\n  wrappers:\n    mywrap:\n      operands: 1\n", expect: /^3:5 `knowledge.wrappers.mywrap`: `runs` \(exec or parent\) is required/ },
  wrapperOperands: { text: "knowledge:\n  wrappers:\n    mywrap: { runs: exec, operands: -1 }\n", expect: /^3:37 `knowledge.wrappers.mywrap.operands`: expected a whole number/ },
  wrapperOptionList: { text: "knowledge:\n  wrappers:\n    mywrap: { runs: exec, options-with-value: [user] }\n", expect: /`knowledge.wrappers.mywrap.options-with-value`: expected a list of options/ },
  wrapperField: { text: "knowledge:\n  wrappers:\n    mywrap:\n      runs: exec\n      operand: 1\n", expect: /^5:7 unknown key `knowledge.wrappers.mywrap.operand` \(did you mean `operands`\?\)/ },
  wrapperRunsField: { text: "knowledge:\n  wrappers:\n    mywrap: { runs: exe }\n", expect: /^3:21 `knowledge.wrappers.mywrap.runs`: expected exec or parent, got `exe` \(did you mean `exec`\?\)$/ },
  wrapperNull: { text: "knowledge:\n  wrappers:\n    mywrap:\n", expect: /^3:12 `knowledge.wrappers.mywrap`: expected exec, parent or a mapping with `runs`, got nothing/ },
  waitHelper: { text: "knowledge:\n  wait-helpers:\n    wait-for-db: exec-after-double-dash\n", expect: /^3:18 `knowledge.wait-helpers.wait-for-db`: expected exec, parent or none, got `exec-after-double-dash`/ },
  waitHelperList: { text: "knowledge:\n  wait-helpers: [wait-for-db]\n", expect: /^2:17 `knowledge.wait-helpers` must be a mapping of program name to exec, parent or none/ },
  notMapping: { text: "- rules\n", expect: /^1:1 the configuration must be a mapping/ },
  scalarRoot: { text: "rules\n", expect: /^1:1 the configuration must be a mapping/ },
  duplicate: { text: "fail-on: error\nfail-on: never\n", expect: /^2:1 invalid YAML: .*[Uu]nique/ },
  badYaml: { text: "rules: [\n", expect: /invalid YAML/ },
};

describe("config loader", () => {
  for (const [name, text] of Object.entries(VALID)) {
    it(`accepts ${name}`, () => expect(problems(text)).toEqual([]));
  }
  for (const [name, c] of Object.entries(INVALID)) {
    it(`rejects ${name} with file, line and column`, () => {
      const p = problems(c.text);
      expect(p.length).toBeGreaterThan(0);
      expect(p[0]).toMatch(c.expect);
    });
  }

  it("reads every key", () => {
    const c = parseConfig(VALID.full!, { file: "/p/.compose-lint.yaml", knownRules: KNOWN });
    expect(c.rules).toEqual({ "missing-init": "error", "shell-form-command": "off", "unused-suppression": "warning" });
    expect(c.ignore).toEqual(["vendor/**", "*.generated.yaml"]);
    expect(c.failOn).toBe("error");
    expect(c.maxWarnings).toBe(3);
    expect(c.base).toBe("/p");
    const kb = knowledgeBase(c);
    expect(kb.image("ghcr.io/acme/api:1.2@sha256:abc")?.verdict).toBe("non-reaper");
    expect(kb.image("ghcr.io/acme/base/python:3")?.verdict).toBe("init");
    expect(kb.program("/usr/local/bin/myinit").verdict).toBe("init");
    expect(kb.isInit("myinit")).toBe(true);
    expect(kb.program("supervisor").verdict).toBe("reaper");
    expect(kb.wrapper("/opt/bin/mywrap")).toMatchObject({ runs: "exec", source: "configuration: /p/.compose-lint.yaml:19" });
    expect(kb.wrapper("keeper")?.runs).toBe("parent");
    expect(kb.wrapper("asuser")).toMatchObject({ runs: "exec", operands: 1, optionsWithValue: ["-g", "--group"], assignments: false });
    expect(kb.wrapper("bare")).toMatchObject({ runs: "exec", options: false });
    expect(kb.waitHelper("wait-for-db")?.runs).toBe("exec-after-double-dash");
    expect(kb.waitHelper("waiter")?.runs).toBe("child-after-options");
    expect(kb.waitHelper("pause-until-ready")?.runs).toBe("none");
    // built-in knowledge is still there
    expect(kb.isInit("tini")).toBe(true);
    expect(kb.wrapper("gosu")?.runs).toBe("exec");
    expect(kb.waitHelper("wait-for-it.sh")?.id).toBe("vishnubob/wait-for-it");
  });

  it("lists every problem of a file at once, named as given", () => {
    const dir = tmp({ ".compose-lint.yaml": "fail_on: error\nrules:\n  nope: off\n" });
    try {
      loadConfig({ cwd: dir, knownRules: KNOWN });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      expect((e as Error).message.split("\n")).toEqual([
        ".compose-lint.yaml:1:1: unknown key `fail_on` (did you mean `fail-on`?); expected one of rules, ignore, fail-on, max-warnings, knowledge",
        ".compose-lint.yaml:3:3: unknown rule `nope` (see compose-lint --list-rules)",
      ]);
    }
  });

  it("finds the nearest file walking up, .yaml before .yml", () => {
    const dir = tmp({ ".compose-lint.yml": "fail-on: error\n", "a/b/.keep": "", "a/.compose-lint.yaml": "fail-on: never\n", "a/.compose-lint.yml": "fail-on: info\n" });
    expect(findConfig(path.join(dir, "a", "b"))).toBe(path.join(dir, "a", ".compose-lint.yaml"));
    expect(findConfig(dir)).toBe(path.join(dir, ".compose-lint.yml"));
    expect(loadConfig({ cwd: path.join(dir, "a", "b") }).failOn).toBe("never");
    expect(loadConfig({ cwd: dir, file: "a/.compose-lint.yml" }).failOn).toBe("info");
  });

  it("no file: defaults; a named file that does not exist: an error", () => {
    const dir = tmp({ "x/.keep": "" });
    const c = loadConfig({ cwd: path.join(dir, "x") });
    // a stray config higher up (e.g. in /tmp) would be found; the temp dir has none
    if (c.file === null) expect(c.rules).toEqual({});
    expect(() => loadConfig({ cwd: dir, file: "missing.yaml" })).toThrow(/missing\.yaml:1:1: cannot read the configuration file: no such file/);
  });
});

describe("ignore globs", () => {
  const cases: [string, string, boolean][] = [
    ["vendor/**", "vendor/a/compose.yaml", true],
    ["vendor/**", "src/vendor/compose.yaml", false],
    ["vendor/", "vendor/compose.yaml", true],
    ["vendor/", "a/vendor/compose.yaml", true],
    ["vendor", "a/vendor/Dockerfile", true],
    ["/vendor", "a/vendor/Dockerfile", false],
    ["*.test.yaml", "deep/dir/compose.test.yaml", true],
    ["**/legacy/*.yml", "a/b/legacy/compose.yml", true],
    ["**/legacy/*.yml", "legacy/compose.yml", true],
    ["docker/*/Dockerfile", "docker/x/Dockerfile", true],
    ["docker/*/Dockerfile", "docker/x/y/Dockerfile", false],
    ["compose.{dev,test}.yaml", "compose.dev.yaml", true],
    ["compose.{dev,test}.yaml", "compose.prod.yaml", false],
    ["Dockerfile.[ab]", "Dockerfile.a", true],
    ["Dockerfile.[!ab]", "Dockerfile.a", false],
    ["Dockerfile.?", "Dockerfile.c", true],
    ["./scripts/*.sh", "scripts/run.sh", true],
  ];
  for (const [glob, rel, hit] of cases) {
    it(`${glob} ${hit ? "matches" : "does not match"} ${rel}`, () => {
      const m = ignoreMatcher([glob], "/base")!;
      expect(m(path.join("/base", rel), false)).toBe(hit);
    });
  }
  it("directory-only patterns need a directory", () => {
    expect(ignoreMatcher(["build/"], "/b")!("/b/build", false)).toBe(false);
    expect(ignoreMatcher(["build/"], "/b")!("/b/build", true)).toBe(true);
    expect(globToRegExp("a/**").re.test("a/b/c")).toBe(true);
  });
  it("never ignores paths outside the base", () => {
    expect(ignoreMatcher(["**"], "/base/x")!("/base/y/compose.yaml", false)).toBe(false);
  });
});

describe("JSON schema agrees with the loader", () => {
  const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
  const validate = ajv.compile(schema);
  it("is a draft-07 schema", () => expect(schema.$schema).toBe("http://json-schema.org/draft-07/schema#"));
  it("lists every rule id", () => expect(Object.keys(schema.properties.rules.properties).sort()).toEqual([...KNOWN].sort()));
  for (const [name, text] of Object.entries(VALID)) {
    it(`valid: ${name}`, () => {
      const ok = validate(parseYaml(text) ?? null);
      expect(validate.errors ?? []).toEqual([]);
      expect(ok).toBe(true);
    });
  }
  for (const [name, c] of Object.entries(INVALID)) {
    if (name === "badYaml" || name === "duplicate") continue; // not YAML the schema could see
    it(`invalid: ${name}`, () => expect(validate(parseYaml(c.text))).toBe(false));
  }
});

describe("config in lint and the CLI", () => {
  const project = {
    "compose.yaml": "services:\n  api:\n    image: ghcr.io/acme/api:1.0\n    restart: always\n",
    "vendor/compose.yaml": "services:\n  x:\n    build: .\n",
    "vendor/Dockerfile": "FROM node:20\nCMD node server.js\n",
  };
  it("knowledge turns an unknown image into a known non-reaper; ignore skips vendor/", async () => {
    const dir = tmp(project);
    const before = await lint([], { cwd: dir });
    expect(before.files).toContain("vendor/compose.yaml");
    const api = before.diagnostics.find((d) => d.rule === "missing-init" && d.file === "compose.yaml");
    expect(api?.severity).toBe("info");
    const config = parseConfig("ignore: [vendor/]\nknowledge:\n  images:\n    ghcr.io/acme/api: non-reaper\n", { file: path.join(dir, ".compose-lint.yaml") });
    const after = await lint([], { cwd: dir, kb: knowledgeBase(config), ignore: ignoreMatcher(config.ignore, config.base) });
    expect(after.files).toEqual(["compose.yaml"]);
    expect(after.diagnostics.filter((d) => d.file.startsWith("vendor/"))).toEqual([]);
    expect(after.diagnostics.find((d) => d.rule === "missing-init")?.severity).toBe("warning");
  });

  // the CLI as users run it: the bundle (npm run build)
  const dist = path.join(root, "dist", "cli.js");
  const runCli = (cwd: string, args: string[]) => spawnSync(process.execPath, [dist, ...args], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });

  it("the CLI exits 2 with file:line:column on a bad config", () => {
    const dir = tmp({ ...project, ".compose-lint.yaml": "rules:\n  missing-init: warn\n" });
    const r = runCli(dir, ["--format", "compact"]);
    expect(r.stderr).toContain(".compose-lint.yaml:2:17: rule `missing-init`: expected off, info, warning or error, got `warn` (did you mean `warning`?)");
    expect(r.status).toBe(2);
  });

  it("the CLI applies the config, and flags override it", () => {
    const dir = tmp({ ...project, ".compose-lint.yaml": "ignore: [vendor/]\nfail-on: never\nrules:\n  missing-init: error\n" });
    const a = runCli(dir, ["--format", "json"]);
    expect(a.status).toBe(0);
    const ds = JSON.parse(a.stdout).diagnostics as { file: string; rule: string; severity: string }[];
    expect(ds.every((d) => !d.file.startsWith("vendor/"))).toBe(true);
    expect(ds.find((d) => d.rule === "missing-init")?.severity).toBe("error");
    const b = runCli(dir, ["--format", "json", "--fail-on", "error"]);
    expect(b.status).toBe(1);
    const c = runCli(dir, ["--format", "json", "--fail-on", "error", "--rule", "missing-init=info"]);
    expect(c.status).toBe(0);
    const d = runCli(dir, ["--format", "json", "--config", "nope.yaml"]);
    expect(d.status).toBe(2);
    expect(d.stderr).toContain("nope.yaml:1:1: cannot read the configuration file");
  });
});

describe("knowledge.wrappers and knowledge.wait-helpers change the chain", () => {
  /** The PID 1 chain of the one service, linted with the given configuration text (none: built-in knowledge only). */
  async function chain(start: string, configText: string | null) {
    const dir = tmp({
      "compose.yaml": "services:\n  app:\n    build: .\n",
      Dockerfile: 'FROM debian:12\nCOPY start.sh /start.sh\nENTRYPOINT ["/start.sh"]\n',
      "start.sh": `#!/bin/sh\n${start}\n`,
    });
    const kb = configText === null ? undefined : knowledgeBase(parseConfig(configText, { file: path.join(dir, ".compose-lint.yaml") }));
    const r = await lint([], { cwd: dir, ...(kb ? { kb } : {}) });
    return r.model!.containers.find((c) => c.kind === "service")!.chain;
  }

  it("a wrapper declared exec hands PID 1 to the program it wraps", async () => {
    const start = "exec mywrap --profile prod node server.js";
    expect((await chain(start, null)).program).toBe("mywrap");
    const c = await chain(start, "knowledge:\n  wrappers:\n    mywrap: { runs: exec, options-with-value: [--profile] }\n");
    expect(c.program).toBe("node");
    expect(c.argv).toEqual(["node", "server.js"]);
    expect(c.hops.map((h) => h.text)).toContain("mywrap");
  });

  it("a wrapper declared exec with an operand skips it (`asuser app cmd`)", async () => {
    const c = await chain("exec asuser app node server.js", "knowledge:\n  wrappers:\n    asuser: { runs: exec, operands: 1, options: false }\n");
    expect(c.program).toBe("node");
  });

  it("a wrapper declared parent stays PID 1, overriding a built-in exec wrapper", async () => {
    expect((await chain("exec nice -n 5 node server.js", null)).program).toBe("node");
    const c = await chain("exec nice -n 5 node server.js", "knowledge:\n  wrappers:\n    nice: parent\n");
    expect(c.program).toBe("nice");
    expect(c.verdict).toBe("non-reaper");
    expect(c.knowledge?.source).toMatch(/^configuration: .*\.compose-lint\.yaml:3$/);
  });

  it("a wait helper declared exec hands PID 1 to the command after `--` and is an orphan risk", async () => {
    const start = "exec wait-for-db.sh db:5432 -- node server.js";
    const before = await chain(start, null);
    expect(before.verdict).toBe("unknown");
    expect(before.unknownWhy).toMatch(/not in the build context/);
    const c = await chain(start, "knowledge:\n  wait-helpers:\n    wait-for-db.sh: exec\n");
    expect(c.program).toBe("node");
    expect(c.orphanRisks.map((r) => r.text)).toEqual(["wait-for-db.sh (a wait helper)"]);
  });

  it("a wait helper declared parent is PID 1 itself", async () => {
    const c = await chain("exec waiter -t 30 db:5432 -- node server.js", "knowledge:\n  wait-helpers:\n    waiter: parent\n");
    expect(c.program).toBe("waiter");
    expect(c.verdict).toBe("non-reaper");
    expect(c.knowledge?.note).toMatch(/runs the command as its child/);
  });
});
