// The pre-commit hooks (.pre-commit-hooks.yaml) through pre-commit itself: `pre-commit try-repo` installs
// this package the way pre-commit's node language does (npm install, npm pack, npm install -g) and runs
// the hook in a sample git project. Needs pre-commit (Debian: apt install pre-commit; CI installs it),
// git, npm and the npm registry; slow the first time (the npm install), so it has a long timeout.
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import { beforeAll, describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "..");
const TIMEOUT = 15 * 60_000;

function has(cmd: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${cmd}`], { encoding: "utf8" }).status === 0;
}
const missing = ["pre-commit", "git", "npm"].filter((c) => !has(c));
const skipReason = missing.length ? `${missing.join(", ")} not installed (Debian: apt install pre-commit; CI installs it)` : "";

const work = fs.mkdtempSync(path.join(os.tmpdir(), "compose-lint-precommit-"));
const env: NodeJS.ProcessEnv = {
  ...process.env,
  PRE_COMMIT_HOME: path.join(work, "cache"),
  GIT_AUTHOR_NAME: "test",
  GIT_AUTHOR_EMAIL: "test@example.invalid",
  GIT_COMMITTER_NAME: "test",
  GIT_COMMITTER_EMAIL: "test@example.invalid",
  GIT_CONFIG_NOSYSTEM: "1",
  HOME: work,
  NO_COLOR: "1",
  npm_config_audit: "false",
  npm_config_fund: "false",
  npm_config_update_notifier: "false",
  npm_config_cache: path.join(os.homedir(), ".npm"),
};
for (const k of Object.keys(env)) if (k.startsWith("GIT_DIR") || k === "GIT_INDEX_FILE" || k === "GIT_WORK_TREE") delete env[k];

function run(cmd: string, args: string[], cwd: string): SpawnSyncReturns<string> {
  return spawnSync(cmd, args, { cwd, env, encoding: "utf8", timeout: TIMEOUT });
}

function git(cwd: string, ...args: string[]): void {
  const r = run("git", args, cwd);
  if (r.status !== 0) throw new Error(`git ${args.join(" ")}: ${r.stderr}`);
}

/**
 * The hook repository: what this checkout would publish (package.json's `files`, package.json, the lock
 * file) committed in a fresh git repo, so that try-repo sees exactly the current tree at one ref.
 */
function hookRepo(): string {
  const dir = path.join(work, "hook-repo");
  const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { files?: string[] };
  for (const entry of ["package.json", "package-lock.json", ".pre-commit-hooks.yaml", ...(pkg.files ?? ["dist"])]) {
    const from = path.join(root, entry);
    if (fs.existsSync(from)) fs.cpSync(from, path.join(dir, entry), { recursive: true });
  }
  git(dir, "init", "-q");
  git(dir, "add", "-A");
  git(dir, "commit", "-q", "-m", "hooks");
  return dir;
}

const COMPOSE = "services:\n  api:\n    build: .\n    restart: always\n";
const DOCKERFILE = 'FROM node:20\nCOPY . /app\nCMD ["node", "/app/server.js"]\n';

function sampleProject(): string {
  const dir = path.join(work, "project");
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "compose.yaml"), COMPOSE);
  fs.writeFileSync(path.join(dir, "Dockerfile"), DOCKERFILE);
  fs.writeFileSync(path.join(dir, "README.md"), "sample\n");
  git(dir, "init", "-q");
  git(dir, "add", "-A");
  git(dir, "commit", "-q", "-m", "sample");
  return dir;
}

describe("pre-commit hooks manifest", () => {
  it("declares compose-lint and compose-lint-fix as node hooks that lint the project", () => {
    const hooks = parseYaml(fs.readFileSync(path.join(root, ".pre-commit-hooks.yaml"), "utf8")) as Record<string, unknown>[];
    expect(hooks.map((h) => h.id)).toEqual(["compose-lint", "compose-lint-fix"]);
    for (const h of hooks) expect(h).toMatchObject({ language: "node", pass_filenames: false, require_serial: true });
    expect(hooks.map((h) => h.entry)).toEqual(["compose-lint", "compose-lint --fix"]);
    const files = new RegExp(hooks[0]!.files as string);
    for (const f of ["compose.yaml", "deploy/docker-compose.override.yml", "compose.prod.yaml", "Dockerfile", "api/Containerfile.dev", "web.Dockerfile", "docker/entrypoint.sh", "Makefile", ".compose-lint.yaml"]) expect(files.test(f), f).toBe(true);
    for (const f of ["README.md", "values.yaml", "src/app.py", "Dockerfile.md/x"]) expect(files.test(f), f).toBe(false);
  });
  it("package.json has no prepare script (pre-commit's npm pack would run it)", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
    expect(pkg.scripts?.prepare).toBeUndefined();
    expect(pkg.bin?.["compose-lint"]).toBe("dist/cli.js");
  });
});

describe.skipIf(Boolean(skipReason))(`pre-commit try-repo${skipReason ? ` (skipped: ${skipReason})` : ""}`, () => {
  let repo = "";
  let project = "";
  beforeAll(() => {
    repo = hookRepo();
    project = sampleProject();
  }, TIMEOUT);

  it(
    "compose-lint fails on a finding; after compose-lint-fix ran, compose-lint passes",
    () => {
      const first = run("pre-commit", ["try-repo", repo, "compose-lint", "--all-files"], project);
      const firstOut = first.stdout + first.stderr;
      expect(first.status, firstOut).toBe(1);
      expect(firstOut).toMatch(/compose-lint\.+Failed/);
      expect(firstOut).toContain("missing-init");
      expect(firstOut).toContain("compose.yaml");

      const fixRun = run("pre-commit", ["try-repo", repo, "compose-lint-fix", "--all-files"], project);
      const fixOut = fixRun.stdout + fixRun.stderr;
      // pre-commit fails a hook that modified files
      expect(fixRun.status, fixOut).toBe(1);
      expect(fixOut).toContain("files were modified by this hook");
      const fixed = fs.readFileSync(path.join(project, "compose.yaml"), "utf8");
      expect(fixed).toMatch(/^ {4}init: true$/m);
      expect(fixed.replace(/^ {4}init: true\n/m, "")).toBe(COMPOSE);

      const second = run("pre-commit", ["try-repo", repo, "compose-lint", "--all-files"], project);
      const secondOut = second.stdout + second.stderr;
      expect(second.status, secondOut).toBe(0);
      expect(secondOut).toMatch(/compose-lint\.+Passed/);
    },
    TIMEOUT,
  );
});
