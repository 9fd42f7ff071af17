// The language server over stdio, driven as an editor drives it (vscode-jsonrpc messages to the bundle in
// dist/): live cross-file diagnostics with unsaved buffers, quick fixes with the same bytes as --fix, fix all,
// "disable for this line", hover with the PID 1 chain, and robustness (broken YAML, errors, cancellation).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { cliPath, project, repoRoot } from "../helpers.js";
import { applyLspEdits, editsByPath, TestClient, uriOf, type CodeAction, type LspDiagnostic } from "./client.js";

const clients: TestClient[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) await c.shutdown();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

beforeAll(() => {
  if (!fs.existsSync(cliPath)) throw new Error("dist/cli.js is missing: run `npm run build`");
});

function copyExample(name: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "compose-lint-lsp-"));
  fs.cpSync(path.join(repoRoot, "examples", name), dir, { recursive: true });
  dirs.push(dir);
  return dir;
}

function proj(files: Record<string, string>): string {
  const d = project(files);
  dirs.push(d);
  return d;
}

async function start(root: string, initializationOptions: Record<string, unknown> = { debounceMs: 20 }, capabilities?: Record<string, unknown>, folders?: string[]): Promise<TestClient> {
  const c = new TestClient({ cli: cliPath, root, initializationOptions, capabilities, folders });
  clients.push(c);
  await c.initialize();
  return c;
}

const rules = (ds: LspDiagnostic[]): string[] => ds.map((d) => `${d.range.start.line + 1}:${d.code}`).sort();

/** `compose-lint --fix` (or --fix-unsafe) on a copy of the project: the bytes of every file after it. */
function cliFix(root: string, unsafe = false): Map<string, string> {
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), "compose-lint-lsp-fix-"));
  dirs.push(copy);
  fs.cpSync(root, copy, { recursive: true });
  spawnSync(process.execPath, [cliPath, unsafe ? "--fix-unsafe" : "--fix", "."], { cwd: copy, encoding: "utf8" });
  const out = new Map<string, string>();
  for (const f of fs.readdirSync(copy, { recursive: true }) as string[]) {
    const p = path.join(copy, f);
    if (fs.statSync(p).isFile()) out.set(f, fs.readFileSync(p, "utf8"));
  }
  return out;
}

describe("compose-lint lsp", () => {
  it("publishes the project's diagnostics for every file, open or not, with rule, docs link, severity and the chain's hops", async () => {
    const root = copyExample("wakapi-like");
    const c = await start(root);
    const compose = path.join(root, "docker-compose.yml");
    const awaitSh = path.join(root, "scripts", "await.sh");
    c.open(compose);
    await c.waitFor(() => c.diagnosticsOf(compose).length > 0 && c.diagnosticsOf(awaitSh).length > 0);
    const d = c.diagnosticsOf(compose).find((x) => x.code === "missing-init")!;
    expect(d).toBeTruthy();
    expect(d.range.start).toEqual({ line: 3, character: 2 });
    expect(d.severity).toBe(2);
    expect(d.source).toBe("compose-lint");
    expect(d.codeDescription?.href).toMatch(/\/docs\/rules\/missing-init\.md$/);
    expect(d.message).toContain("tracker");
    // the hops of the chain, each where it was decided: the Dockerfile's ENTRYPOINT, start.sh's and await.sh's exec,
    // and the program (built by the Dockerfile, named where start.sh passes it on)
    const hops = (d.relatedInformation ?? []).filter((r) => r.message.startsWith("PID 1 chain"));
    expect(hops.map((h) => `${path.basename(new URL(h.location.uri).pathname)}:${h.location.range.start.line + 1}`)).toEqual(["Dockerfile:13", "Dockerfile:13", "start.sh:6", "await.sh:21", "start.sh:6"]);
    expect(hops.map((h) => h.message)).toEqual([
      expect.stringContaining("ENTRYPOINT"),
      expect.stringContaining("sh -c"),
      expect.stringContaining("exec ./await.sh"),
      expect.stringContaining('exec "$@"'),
      expect.stringContaining("tracker, a Go binary built at Dockerfile:5"),
    ]);
    // a file that is not open gets its diagnostics too
    expect(rules(c.diagnosticsOf(awaitSh))).toEqual(["21:non-reaping-exec-chain"]);
    expect(rules(c.diagnosticsOf(path.join(root, "Dockerfile")))).toEqual(["13:missing-init", "13:shell-form-command"]);
  });

  const ENTRY_APP = {
    "compose.yaml": "services:\n  web:\n    build: .\n",
    Dockerfile: 'FROM node:22-alpine\nWORKDIR /app\nCOPY . .\nCOPY entrypoint.sh /usr/local/bin/\nENTRYPOINT ["entrypoint.sh"]\nCMD ["node", "server.js"]\n',
    "entrypoint.sh": '#!/bin/sh\nset -e\necho "starting"\nexec "$@"\n',
  };

  it("an unsaved edit of the entrypoint script re-lints the project: the compose file's finding follows the script", async () => {
    const root = proj(ENTRY_APP);
    const c = await start(root);
    const compose = path.join(root, "compose.yaml");
    const script = path.join(root, "entrypoint.sh");
    c.open(compose);
    c.open(script);
    await c.waitFor(() => rules(c.diagnosticsOf(compose)).includes("2:missing-init"));
    expect(c.diagnosticsOf(compose).find((d) => d.code === "missing-init")!.message).toContain('entrypoint.sh:4 exec "$@"');
    expect(c.diagnosticsOf(script)).toEqual([]);
    // the last command loses `exec` in the buffer (the file on disk keeps it)
    c.change(script, '#!/bin/sh\nset -e\necho "starting"\n"$@"\n');
    await c.waitFor(() => rules(c.diagnosticsOf(script)).includes("4:entrypoint-without-exec"));
    await c.waitFor(() => c.diagnosticsOf(compose).length === 0, 20_000, "the compose file's missing-init to go");
    expect(fs.readFileSync(script, "utf8")).toContain('exec "$@"');
    // and back: the compose file's finding returns, the script's goes
    c.change(script, '#!/bin/sh\nset -e\necho "starting again"\nexec "$@"\n');
    await c.waitFor(() => rules(c.diagnosticsOf(compose)).includes("2:missing-init") && c.diagnosticsOf(script).length === 0);
    // closing the buffer goes back to the disk's text, which has the same findings
    c.close(script);
    await c.waitFor(() => rules(c.diagnosticsOf(compose)).includes("2:missing-init"));
  });

  it("a quick fix gives the same bytes as --fix, and `disable for this line` writes the suppression", async () => {
    const root = proj({ ...ENTRY_APP, "entrypoint.sh": '#!/bin/sh\nset -e\necho "starting"\nnode server.js\n' });
    const expected = cliFix(root).get("entrypoint.sh")!;
    expect(expected).toContain("exec node server.js");
    const c = await start(root);
    const script = path.join(root, "entrypoint.sh");
    c.open(script);
    await c.waitFor(() => rules(c.diagnosticsOf(script)).includes("4:entrypoint-without-exec"));
    const diag = c.diagnosticsOf(script)[0]!;
    const actions = await c.codeActions(script, diag.range, undefined, [diag]);
    const quick = actions.find((a) => a.kind === "quickfix" && a.isPreferred)!;
    expect(quick.title).not.toContain("unsafe");
    const edits = editsByPath(quick.edit);
    expect([...edits.keys()]).toEqual([script]);
    expect(applyLspEdits(c.textOf(script)!, edits.get(script)!)).toBe(expected);
    // disable: the comment above the line, then the finding is gone (and the comment is used)
    const disable = actions.find((a) => a.title === "Disable entrypoint-without-exec for this line")!;
    expect(disable.isPreferred).toBeFalsy();
    const disabled = applyLspEdits(c.textOf(script)!, editsByPath(disable.edit).get(script)!);
    expect(disabled).toBe('#!/bin/sh\nset -e\necho "starting"\n# compose-lint disable-next-line entrypoint-without-exec\nnode server.js\n');
    c.change(script, disabled);
    await c.waitFor(() => c.diagnosticsOf(script).length === 0, 20_000, "the suppressed finding to go");
  });

  it("an unsafe fix says so in its title and is not preferred; applied it gives the bytes of --fix-unsafe", async () => {
    const fixture = path.join(repoRoot, "fixtures/missing-init/bad/fix-tini-alpine");
    const root = proj({ Dockerfile: fs.readFileSync(path.join(fixture, "Dockerfile"), "utf8") });
    const c = await start(root);
    const df = path.join(root, "Dockerfile");
    c.open(df);
    await c.waitFor(() => rules(c.diagnosticsOf(df)).includes("12:missing-init"));
    const d = c.diagnosticsOf(df).find((x) => x.code === "missing-init")!;
    const actions = await c.codeActions(df, d.range, ["quickfix"], [d]);
    const unsafe = actions.find((a) => a.title.includes("tini"))!;
    expect(unsafe.title).toMatch(/unsafe/);
    expect(unsafe.isPreferred).toBe(false);
    expect(applyLspEdits(c.textOf(df)!, editsByPath(unsafe.edit).get(df)!)).toBe(fs.readFileSync(path.join(fixture, "fixed-unsafe", "Dockerfile"), "utf8"));
    // only unsafe fixes here: no fix-all of safe fixes is offered
    expect((await c.codeActions(df, d.range, ["source.fixAll"])).length).toBe(0);
  });

  it("fix all safe problems gives the same bytes as --fix in every file it changes, resolved lazily or at once", async () => {
    const root = copyExample("wakapi-like");
    const expected = cliFix(root);
    const c = await start(root);
    const df = path.join(root, "Dockerfile");
    c.open(df);
    await c.waitFor(() => c.diagnosticsOf(df).length > 0);
    const check = (a: CodeAction): void => {
      const byPath = editsByPath(a.edit);
      expect(byPath.size).toBeGreaterThan(0);
      for (const [file, edits] of byPath) {
        const rel = path.relative(root, file);
        expect(applyLspEdits(c.textOf(file) ?? fs.readFileSync(file, "utf8"), edits), rel).toBe(expected.get(rel));
      }
      // every file --fix changed is edited
      for (const [rel, text] of expected) if (text !== fs.readFileSync(path.join(root, rel), "utf8")) expect(byPath.has(path.join(root, rel)), rel).toBe(true);
    };
    const atOnce = await c.codeActions(df, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, ["source.fixAll"]);
    expect(atOnce.map((a) => a.kind)).toEqual(["source.fixAll.compose-lint"]);
    check(atOnce[0]!);
    const lazy = (await c.codeActions(df, { start: { line: 12, character: 0 }, end: { line: 12, character: 0 } })).find((a) => a.kind === "source.fixAll.compose-lint")!;
    expect(lazy.edit).toBeUndefined();
    check(await c.resolve(lazy));
  });

  it("hover on a service key, an ENTRYPOINT line and an exec line shows the resolved PID 1 chain", async () => {
    const root = copyExample("wakapi-like");
    const c = await start(root);
    const compose = path.join(root, "docker-compose.yml");
    c.open(compose);
    await c.waitFor(() => c.diagnosticsOf(compose).length > 0);
    const h = await c.hover(compose, 3, 4);
    expect(h?.contents.kind).toBe("markdown");
    const text = h!.contents.value;
    expect(text).toContain("service `tracker`");
    expect(text).toMatch(/chain:\n\s+1\. ENTRYPOINT.*\[Dockerfile:13\]/);
    expect(text).toContain("[scripts/start.sh:6]");
    expect(text).toContain("[scripts/await.sh:21]");
    expect(text).toMatch(/PID 1: tracker/);
    expect(text).toContain("missing-init");
    // the image's own line, the script's exec line: the same chain
    const df = await c.hover(path.join(root, "Dockerfile"), 12);
    expect(df?.contents.value).toContain("[scripts/await.sh:21]");
    const exec = await c.hover(path.join(root, "scripts", "await.sh"), 20);
    expect(exec?.contents.value).toContain("service `tracker`");
    // `image: postgres…` of the other service: its own chain, from the knowledge base
    const db = await c.hover(compose, 15);
    expect(db?.contents.value).toContain("service `db`");
    expect(db?.contents.value).toMatch(/source: \S+/);
    // a line no chain passes through
    expect(await c.hover(compose, 5)).toBeNull();
  });

  it("a half-typed compose file gets a parse diagnostic while the other files keep their results", async () => {
    const root = copyExample("wakapi-like");
    const c = await start(root);
    const compose = path.join(root, "docker-compose.yml");
    const df = path.join(root, "Dockerfile");
    const awaitSh = path.join(root, "scripts", "await.sh");
    const good = fs.readFileSync(compose, "utf8");
    c.open(compose);
    await c.waitFor(() => c.diagnosticsOf(compose).length > 0 && c.diagnosticsOf(awaitSh).length > 0);
    const before = { df: c.diagnosticsOf(df), awaitSh: c.diagnosticsOf(awaitSh) };
    expect(before.df.find((d) => d.code === "missing-init")!.message).toContain("service `tracker`");
    c.change(compose, good.replace("    ports:\n", '    ports: [\n      - "3000:3000"\n'));
    await c.waitFor(() => c.diagnosticsOf(compose).some((d) => d.code === "parse-error"));
    // let any other publication arrive, then: the Dockerfile and the script still show what the last good compose file gave
    await new Promise((r) => setTimeout(r, 300));
    expect(c.diagnosticsOf(df)).toEqual(before.df);
    expect(c.diagnosticsOf(awaitSh)).toEqual(before.awaitSh);
    // an edit of the script meanwhile is linted against the last good compose file
    c.open(awaitSh);
    c.change(awaitSh, fs.readFileSync(awaitSh, "utf8").replace(/^timeout .*&\nif ! wait \$!; then\n.*\n  exit 1\nfi\n/m, ""));
    await c.waitFor(() => c.diagnosticsOf(awaitSh).length === 0, 20_000, "the script's orphan finding to go");
    expect(c.diagnosticsOf(df).find((d) => d.code === "missing-init")!.message).toContain("service `tracker`");
    c.change(compose, good);
    await c.waitFor(() => rules(c.diagnosticsOf(compose)).includes("4:missing-init") && !c.diagnosticsOf(compose).some((d) => d.code === "parse-error"));
  });

  it("a request that throws answers with an error and the server goes on; a cancelled request answers RequestCancelled", async () => {
    const root = copyExample("wakapi-like");
    const c = await start(root, { debounceMs: 3000 });
    const compose = path.join(root, "docker-compose.yml");
    c.open(compose);
    // malformed: no position
    const bad = await c.conn.sendRequest("textDocument/hover", { textDocument: { uri: uriOf(compose) } }).then(
      () => null,
      (e: { code: number; message: string }) => e,
    );
    expect(bad?.code).toBeLessThan(0);
    // an edit waits out the debounce; a hover meanwhile waits for its lint, and the client gives up on it
    c.change(compose, fs.readFileSync(compose, "utf8") + "\n");
    const t0 = performance.now();
    const r = await c.cancelled("textDocument/hover", { textDocument: { uri: uriOf(compose) }, position: { line: 3, character: 3 } }, 50);
    expect(r.error?.code).toBe(-32800);
    expect(performance.now() - t0).toBeLessThan(2000);
    // still serving
    const h = await c.hover(compose, 3, 3);
    expect(h?.contents.value).toContain("service `tracker`");
    expect(c.proc.exitCode).toBeNull();
  });

  it("the configuration file: severities from it, edits of its buffer re-lint, problems in it are shown in it", async () => {
    const root = proj({ ...ENTRY_APP, ".compose-lint.yaml": "rules:\n  missing-init: error\n" });
    const c = await start(root);
    const compose = path.join(root, "compose.yaml");
    const config = path.join(root, ".compose-lint.yaml");
    c.open(compose);
    await c.waitFor(() => c.diagnosticsOf(compose).some((d) => d.code === "missing-init"));
    expect(c.diagnosticsOf(compose).find((d) => d.code === "missing-init")!.severity).toBe(1);
    c.open(config);
    c.change(config, "rules:\n  missing-init: off\n");
    await c.waitFor(() => c.diagnosticsOf(compose).length === 0, 20_000, "missing-init turned off");
    c.change(config, "rules:\n  missing-init: loud\n");
    await c.waitFor(() => c.diagnosticsOf(config).length > 0, 20_000, "the configuration problem");
    expect(c.diagnosticsOf(config)[0]!.range.start.line).toBe(1);
    // the last valid configuration stays in force
    expect(c.diagnosticsOf(compose)).toEqual([]);
    c.change(config, "rules: {}\n");
    await c.waitFor(() => c.diagnosticsOf(config).length === 0 && c.diagnosticsOf(compose).some((d) => d.severity === 2));
  });

  it("a file created on disk that the chain looked for is read (watched files)", async () => {
    const root = proj({ "compose.yaml": "services:\n  web:\n    build: .\n", Dockerfile: 'FROM alpine:3.20\nCOPY start.sh /start.sh\nENTRYPOINT ["/start.sh"]\n' });
    const c = await start(root);
    const compose = path.join(root, "compose.yaml");
    c.open(compose);
    await c.waitFor(() => c.diagnosticsOf(compose).some((d) => d.message.includes("not in the build context")));
    const script = path.join(root, "start.sh");
    fs.writeFileSync(script, "#!/bin/sh\nset -e\nnode server.js\n");
    void c.conn.sendNotification("workspace/didChangeWatchedFiles", { changes: [{ uri: uriOf(script), type: 1 }] });
    await c.waitFor(() => rules(c.diagnosticsOf(script)).includes("3:entrypoint-without-exec"), 20_000, "findings in the new script");
    expect(c.diagnosticsOf(compose)).toEqual([]);
  });

  it("several workspace folders, one model kept (maxModels 1): each folder's files published, hover rebuilds a dropped model", async () => {
    const a = copyExample("wakapi-like");
    const b = proj(ENTRY_APP);
    const c = await start(a, { debounceMs: 20, maxModels: 1 }, undefined, [b]);
    const composeA = path.join(a, "docker-compose.yml");
    const composeB = path.join(b, "compose.yaml");
    await c.waitFor(() => c.diagnosticsOf(composeA).length > 0 && c.diagnosticsOf(composeB).length > 0);
    for (let i = 0; i < 2; i++) {
      expect((await c.hover(composeA, 3, 3))?.contents.value).toContain("service `tracker`");
      expect((await c.hover(composeB, 1, 3))?.contents.value).toContain("service `web`");
    }
    // rebuilding a model republishes nothing new
    expect(rules(c.diagnosticsOf(composeA))).toEqual(["4:missing-init"]);
    expect(rules(c.diagnosticsOf(composeB))).toEqual(["2:missing-init"]);
  });

  it("re-lints once after a burst of edits (debounced), and publishes only what changed", async () => {
    const root = proj(ENTRY_APP);
    const c = await start(root, { debounceMs: 300 });
    const compose = path.join(root, "compose.yaml");
    const script = path.join(root, "entrypoint.sh");
    c.open(script);
    await c.waitFor(() => rules(c.diagnosticsOf(compose)).includes("2:missing-init"));
    await new Promise((r) => setTimeout(r, 400));
    const before = c.publications.length;
    const base = c.textOf(script)!;
    for (let i = 0; i < 10; i++) c.change(script, base.replace("starting", `starting ${i}`));
    c.change(script, base.replace('exec "$@"', '"$@"'));
    await c.waitFor(() => rules(c.diagnosticsOf(script)).includes("4:entrypoint-without-exec"));
    await new Promise((r) => setTimeout(r, 500));
    // one lint for the burst: the script's new finding and the compose file's cleared one, each published once
    const after = c.publications.slice(before).map((p) => path.basename(new URL(p.uri).pathname));
    expect(after).toEqual(expect.arrayContaining(["compose.yaml", "entrypoint.sh"]));
    expect(new Set(after).size).toBe(after.length);
  });

  it("unsaved edits of the .env file and of the compose override re-lint the compose file", async () => {
    const root = proj({
      "compose.yaml": 'services:\n  web:\n    image: ${IMAGE:-node:22-alpine}\n    command: ["node", "server.js"]\n',
      "compose.override.yaml": "services:\n  web:\n    restart: always\n",
      ".env": "IMAGE=node:22-alpine\n",
    });
    const c = await start(root);
    const compose = path.join(root, "compose.yaml");
    const env = path.join(root, ".env");
    const override = path.join(root, "compose.override.yaml");
    await c.waitFor(() => c.diagnosticsOf(compose).some((d) => d.message.includes("command on node:22-alpine")));
    c.open(env);
    c.change(env, "IMAGE=nginx:1.27\n");
    await c.waitFor(() => c.diagnosticsOf(compose).some((d) => d.message.includes("command on nginx:1.27")), 20_000, "the image from the edited .env");
    c.open(override);
    c.change(override, "services:\n  web:\n    restart: always\n    init: true\n");
    await c.waitFor(() => c.diagnosticsOf(compose).length === 0, 20_000, "init: true from the override");
  });
});
