// scripts/eval-fix.mjs on three tiny repositories, with a stand-in CLI whose fixes are given by a plan:
// one repository it fixes cleanly, two where the stand-in breaks things on purpose (exec of a function and
// of a builtin, a --fix that differs from its --diff, a line nobody named, a write outside the repository,
// a fix that is not idempotent and leaves its finding, YAML, sh -n and Dockerfile JSON broken).
// The checks must pass the first and catch every breakage of the others.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "..");

interface PlanFinding {
  file: string;
  rule: string;
  safety: "safe" | "unsafe";
  title: string;
  search: string;
  replace: string;
  /** reported as long as `search` is in the file (by default a finding is gone once `replace` is there) */
  sticky?: boolean;
  /** printed after the fix line, as the CLI notes a follow-on fix: `fixed F:L: T [R] (note)` */
  note?: string;
  /** when writing (not with --diff), also make this edit: --fix then differs from --diff */
  extraOnWrite?: { search: string; replace: string };
}

const REPOS: Record<string, { files: Record<string, string>; findings: PlanFinding[]; writeOutside?: boolean }> = {
  clean: {
    files: {
      "compose.yaml": 'services:\n  web:\n    image: example/web:1\n    ports:\n      - "8080:8080"\n',
      "entrypoint.sh": "#!/bin/sh\nset -e\necho starting\nnode server.js\n",
      Dockerfile: "FROM node:20\nUSER root\nCOPY . /app\nUSER node\nCMD node server.js\n",
    },
    findings: [
      { file: "compose.yaml", rule: "missing-init", safety: "safe", title: "init: true", search: "    image: example/web:1\n", replace: "    image: example/web:1\n    init: true\n" },
      { file: "entrypoint.sh", rule: "entrypoint-without-exec", safety: "safe", title: "exec node", search: "\nnode server.js", replace: "\nexec node server.js" },
      { file: "Dockerfile", rule: "shell-form-command", safety: "unsafe", title: "exec form", search: "CMD node server.js", replace: 'CMD ["node", "server.js"]' },
      { file: "Dockerfile", rule: "missing-init", safety: "unsafe", title: "tini", search: "USER root\n", replace: "USER root\nRUN apk add --no-cache tini\n", note: "follow-on: found after the fixes of pass 1" },
    ],
  },
  "wrong-target": {
    files: {
      "start.sh": '#!/bin/bash\nstart() {\n  echo "debug with: docker run -d app"\n  node server.js &\n  pid=$!\n  wait $pid\n}\n\nstart\n',
      Dockerfile: 'FROM example/base:1\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nCOPY start.sh /start.sh\nUSER root\nRUN chmod +x /start.sh\nUSER app\nCMD /start.sh\n',
      "compose.yaml": "services:\n  fn:\n    image: example/fn:1\n    platform: wasi/wasm\n    runtime: io.containerd.wasmedge.v1\n",
    },
    findings: [
      {
        file: "start.sh",
        rule: "entrypoint-without-exec",
        safety: "safe",
        title: "exec start",
        search: "\nstart\n",
        replace: "\nexec start\n",
        extraOnWrite: { search: "#!/bin/bash\n", replace: "#!/bin/bash -e\n" },
      },
      { file: "start.sh", rule: "entrypoint-without-exec", safety: "unsafe", title: "exec wait", search: "  wait $pid", replace: "  exec wait $pid" },
      { file: "start.sh", rule: "missing-init", safety: "unsafe", title: "add --init", search: "docker run -d app", replace: "docker run --init -d app" },
      { file: "Dockerfile", rule: "missing-init", safety: "unsafe", title: "tini", search: "FROM example/base:1\n", replace: "FROM example/base:1\nRUN apk add --no-cache tini\n" },
      { file: "Dockerfile", rule: "shell-form-command", safety: "unsafe", title: "exec form", search: "CMD /start.sh", replace: 'CMD ["/bin/sh", "-c", "exec /start.sh"]' },
      { file: "compose.yaml", rule: "missing-init", safety: "safe", title: "init: true", search: "    image: example/fn:1\n", replace: "    image: example/fn:1\n    init: true\n" },
    ],
    writeOutside: true,
  },
  "broken-syntax": {
    files: {
      "compose.yaml": 'services:\n  app:\n    image: example/app:1\n    command: ["node", "server.js"]\n',
      "run.sh": '#!/bin/sh\nif [ -n "$X" ]; then\n  echo x\nfi\nnode app.js\n',
      Dockerfile: "FROM alpine:3\nENTRYPOINT /app/run.sh\n",
    },
    findings: [
      // the finding stays (its text is still there) and every run adds the key again
      { file: "compose.yaml", rule: "missing-init", safety: "safe", title: "init: true", search: "    image: example/app:1\n", replace: "    image: example/app:1\n    init: true\n", sticky: true },
      { file: "compose.yaml", rule: "shell-form-command", safety: "unsafe", title: "unclosed list", search: '"server.js"]\n', replace: '"server.js"\n' },
      { file: "run.sh", rule: "entrypoint-without-exec", safety: "safe", title: "exec node", search: "fi\nnode app.js", replace: "f\nexec node app.js" },
      { file: "Dockerfile", rule: "missing-init", safety: "unsafe", title: "tini", search: "ENTRYPOINT /app/run.sh", replace: 'ENTRYPOINT ["/sbin/tini", "--", "/app/run.sh"' },
    ],
  },
};

// a stand-in for compose-lint: lint, --fix, --fix-unsafe and --diff over the plan's text replacements
const FAKE_CLI = `
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
const { createTwoFilesPatch } = createRequire(${JSON.stringify(path.join(root, "package.json"))})("diff");
const argv = process.argv.slice(2);
const plan = JSON.parse(fs.readFileSync(process.env.FAKE_PLAN, "utf8"))[path.basename(process.cwd())];
const unsafe = argv.includes("--fix-unsafe");
const diff = argv.includes("--diff");
const fixing = diff || unsafe || argv.includes("--fix");
const texts = new Map();
const read = (f) => {
  if (!texts.has(f)) texts.set(f, fs.existsSync(f) ? fs.readFileSync(f, "utf8") : null);
  return texts.get(f);
};
const originals = new Map();
const lineOf = (text, s) => text.slice(0, text.indexOf(s)).split("\\n").length;
const present = () => plan.findings.filter((f) => (read(f.file) ?? "").includes(f.search) && (f.sticky || !read(f.file).includes(f.replace)));
const json = (list) => JSON.stringify({ diagnostics: list.map((f) => ({ file: f.file, line: lineOf(read(f.file), f.search), column: 1,
  endLine: lineOf(read(f.file), f.search), endColumn: 2, rule: f.rule, severity: "warning", message: f.rule + ": " + f.title,
  fix: { safety: f.safety, title: f.title } })) }, null, 2) + "\\n";
if (!fixing) {
  process.stdout.write(json(present()));
  process.exit(present().length ? 1 : 0);
}
const applied = [];
for (const f of present()) {
  if (f.safety === "unsafe" && !unsafe) continue;
  const t = read(f.file);
  if (!originals.has(f.file)) originals.set(f.file, t);
  applied.push(f.file + ":" + lineOf(t, f.search) + ": " + f.title + " [" + f.rule + "]" + (f.note ? " (" + f.note + ")" : ""));
  let next = t.replace(f.search, f.replace);
  if (!diff && f.extraOnWrite) next = next.replace(f.extraOnWrite.search, f.extraOnWrite.replace);
  texts.set(f.file, next);
}
if (diff) {
  for (const [file, before] of originals) process.stdout.write(createTwoFilesPatch("a/" + file, "b/" + file, before, texts.get(file), undefined, undefined,
    { context: 3, headerOptions: { includeIndex: false, includeUnderline: false, includeFileHeaders: true } }));
  process.exit(0);
}
for (const [file] of originals) fs.writeFileSync(file, texts.get(file));
if (plan.writeOutside) fs.writeFileSync(path.join("..", "outside.txt"), "written by the fixer\\n");
process.stdout.write(json(present()));
process.stderr.write(applied.map((a) => "fixed " + a + "\\n").join("") + applied.length + " fixes applied\\n");
process.exit(present().length ? 1 : 0);
`;

type Check = { status: "PASS" | "FAIL" | "SKIP"; failures: { file: string | null; reason: string }[]; notes: string[] };
type RepoResult = { repository: string; changedFiles: Record<string, string[]>; fixes: Record<string, number>; checks: Record<string, Record<string, Check>> };

let dir: string;
let run: { status: number | null; stdout: string; stderr: string };
let results: Map<string, RepoResult>;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "eval-fix-test-"));
  const corpus = path.join(dir, "repos");
  for (const [name, repo] of Object.entries(REPOS)) {
    for (const [rel, text] of Object.entries(repo.files)) {
      const p = path.join(corpus, name, rel);
      fs.mkdirSync(path.dirname(p), { recursive: true });
      fs.writeFileSync(p, text);
      if (rel.endsWith(".sh")) fs.chmodSync(p, 0o755);
    }
  }
  fs.writeFileSync(path.join(dir, "plan.json"), JSON.stringify(REPOS));
  fs.writeFileSync(path.join(dir, "fake-cli.mjs"), FAKE_CLI);
  const jsonOut = path.join(dir, "result.json");
  const r = spawnSync(process.execPath, [path.join(root, "scripts/eval-fix.mjs"), corpus, "--cli", path.join(dir, "fake-cli.mjs"), "--json", jsonOut], {
    encoding: "utf8",
    env: { ...process.env, FAKE_PLAN: path.join(dir, "plan.json") },
    timeout: 240_000,
  });
  run = { status: r.status, stdout: r.stdout, stderr: r.stderr };
  const doc = JSON.parse(fs.readFileSync(jsonOut, "utf8")) as { repositories: RepoResult[] };
  results = new Map(doc.repositories.map((x) => [x.repository, x]));
}, 240_000);

afterAll(() => {
  if (dir && !process.env.KEEP_EVAL_TEST) fs.rmSync(dir, { recursive: true, force: true });
});

const check = (repo: string, tier: "safe" | "unsafe", id: string): Check => results.get(repo)!.checks[tier]![id]!;
const reasons = (c: Check) => c.failures.map((f) => `${f.file}: ${f.reason}`).join("\n");

describe("eval:fix", () => {
  it("prints progress, a table per repository and the summary, and exits 1 when a check failed", () => {
    expect(run.stderr).toMatch(/eval:fix \[1\/3\] broken-syntax/);
    expect(run.stdout).toMatch(/^clean: changed files safe 2, unsafe 3; fixes offered safe 2, unsafe 4; applied safe 2, unsafe 4$/m);
    // broken: wrong-target's three files and its write outside (repository), broken-syntax's three files
    expect(run.stdout).toMatch(/^eval:fix: 3 repositories, 9 changed files, 7 broken fixes$/m);
    expect(run.status).toBe(1);
  });

  it("passes a repository the fixer fixes cleanly", () => {
    const r = results.get("clean")!;
    expect(r.changedFiles.safe!.sort()).toEqual(["compose.yaml", "entrypoint.sh"]);
    expect(r.changedFiles.unsafe!.sort()).toEqual(["Dockerfile", "compose.yaml", "entrypoint.sh"]);
    for (const tier of ["safe", "unsafe"] as const) {
      for (const [id, c] of Object.entries(r.checks[tier]!)) expect(c.status, `${tier} ${id}: ${reasons(c)}`).not.toBe("FAIL");
      for (const id of ["cli-runs", "diff-writes-nothing", "diff-applies", "diff-equals-fix", "yaml-parses", "shell-parses", "no-exec-of-function-or-builtin", "edits-in-code", "init-where-it-runs", "idempotent", "fixed-findings-gone", "only-named-lines", "nothing-outside"]) {
        expect(check("clean", tier, id).status, `${tier} ${id}`).toBe("PASS");
      }
    }
    expect(check("clean", "unsafe", "dockerfile-parses").status).toBe("PASS");
    // the tini install lands after the stage's USER root
    expect(check("clean", "unsafe", "dockerfile-user-shell").status).toBe("PASS");
    expect(["PASS", "SKIP"]).toContain(check("clean", "safe", "compose-loader").status);
  });

  it("catches exec of a function and of a builtin, a --fix unlike its --diff, an unnamed line, a write outside", () => {
    expect(check("wrong-target", "safe", "edits-in-code").status).toBe("PASS");
    expect(reasons(check("wrong-target", "safe", "no-exec-of-function-or-builtin"))).toMatch(/start\.sh: line 9: `exec start`: exec of the shell function `start` \(defined at line 2\)/);
    expect(reasons(check("wrong-target", "unsafe", "no-exec-of-function-or-builtin"))).toMatch(/`exec wait \$pid`: exec of the shell builtin `wait`/);
    expect(reasons(check("wrong-target", "safe", "diff-equals-fix"))).toMatch(/start\.sh: applied diff and --fix differ: line 1: "#!\/bin\/bash" vs "#!\/bin\/bash -e"/);
    expect(reasons(check("wrong-target", "safe", "only-named-lines"))).toMatch(/start\.sh: line 1 removed or changed: "#!\/bin\/bash"/);
    expect(reasons(check("wrong-target", "safe", "nothing-outside"))).toMatch(/created .*outside\.txt beside the repository|wrote .*outside\.txt/);
    // the diff itself is fine: it applies
    expect(check("wrong-target", "safe", "diff-applies").status).toBe("PASS");
    expect(check("wrong-target", "safe", "shell-parses").status).toBe("PASS");
  });

  it("catches --init put into an echo'd string, a tini install before the file's USER root, a fix that ignores SHELL, init on wasm", () => {
    expect(reasons(check("wrong-target", "unsafe", "edits-in-code"))).toMatch(/start\.sh: line 3: `--init` was inserted inside a string, not into a command/);
    const df = reasons(check("wrong-target", "unsafe", "dockerfile-user-shell"));
    expect(df).toMatch(/Dockerfile: line 2: `apk add --no-cache tini` runs as the base image's user, before the stage's own `USER root` at line 5/);
    expect(df).toMatch(/Dockerfile: line 8: the fix wraps the command in `\/bin\/sh -c` but the stage's SHELL \(line 3\) is \["\/bin\/bash","-o","pipefail","-c"\]/);
    expect(reasons(check("wrong-target", "safe", "init-where-it-runs"))).toMatch(/compose\.yaml: service `fn` got `init: true` but has platform: wasi\/wasm/);
  });

  it("catches a fix that is not idempotent and leaves its finding, broken YAML, sh -n and Dockerfile JSON", () => {
    expect(reasons(check("broken-syntax", "safe", "idempotent"))).toMatch(/compose\.yaml: the second --fix changed it again: \+"    init: true"/);
    expect(reasons(check("broken-syntax", "safe", "fixed-findings-gone"))).toMatch(/compose\.yaml: missing-init at line 3 .* is still reported after --fix/);
    expect(reasons(check("broken-syntax", "safe", "shell-parses"))).toMatch(/run\.sh: sh -n: /);
    expect(reasons(check("broken-syntax", "unsafe", "yaml-parses"))).toMatch(/compose\.yaml: YAML error/);
    expect(reasons(check("broken-syntax", "unsafe", "dockerfile-parses"))).toMatch(/Dockerfile: line 2: ENTRYPOINT exec form is not valid JSON/);
    expect(["FAIL", "SKIP"]).toContain(check("broken-syntax", "unsafe", "compose-loader").status);
    // the safe tier's YAML still parses (one init key)
    expect(check("broken-syntax", "safe", "yaml-parses").status).toBe("PASS");
  });
});
