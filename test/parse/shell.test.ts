import { describe, expect, it } from "vitest";
import { FROM_ENV, parseScript, wordText } from "../../src/parse/shell.js";

describe("shell scripts", () => {
  it("finds exec commands, background jobs and the last command", async () => {
    const s = await parseScript('#!/bin/sh\nset -e\ntimeout 30 sh -c "until nc -z db 5432; do sleep 1; done" &\nwait $! || exit 1\nexec "$@"\n');
    const texts = s.commands.map((c) => c.words.map(wordText).join(" "));
    expect(texts[0]).toBe("set -e");
    const bg = s.commands.find((c) => c.background)!;
    expect(wordText(bg.words[0]!)).toBe("timeout");
    const exec = s.commands.find((c) => c.words[0]?.kind === "lit" && c.words[0].text === "exec")!;
    expect(exec.topLevel).toBe(true);
    expect(exec.words[1]!.kind).toBe("all-args");
    expect(exec.last).toBe(true);
    expect(s.errors).toEqual([]);
  });

  it("marks commands in branches, functions and subshells", async () => {
    const s = await parseScript('f() { exec a; }\nif [ "$1" = x ]; then exec b; fi\n( exec c )\necho d | exec e\n');
    const by = (n: string) => s.commands.find((c) => c.words.some((w) => w.kind === "lit" && w.text === n))!;
    expect(by("a").inFunction).toBe("f");
    expect(by("b").conditional).toBe(true);
    expect(by("c").subshell).toBe(true);
    expect(by("e").subshell).toBe(true);
  });

  it("evaluates literal words and top-level variables", async () => {
    const s = await parseScript("APP=/usr/local/bin/app\nexport MODE=prod\nexec 'it'\"s\" $APP \"$0\" ${UNSET}\n");
    const exec = s.commands[s.commands.length - 1]!;
    expect(exec.words.map((w) => w.kind)).toEqual(["lit", "lit", "lit", "self", "dynamic"]);
    expect((exec.words[1] as { text: string }).text).toBe("its");
    expect((exec.words[2] as { text: string }).text).toBe("/usr/local/bin/app");
    expect(s.vars.get("MODE")).toBe("prod");
  });

  it("records traps and keeps going after a syntax error", async () => {
    const s = await parseScript("trap 'kill $pid' TERM INT\nif then\nexec app\n");
    expect(s.traps[0]!.signals).toEqual(["TERM", "INT"]);
    expect(s.errors.length).toBeGreaterThan(0);
    expect(s.commands.some((c) => c.words.some((w) => w.kind === "lit" && w.text === "app"))).toBe(true);
  });

  it("offsets words by a base (for sh -c strings inside another file)", async () => {
    const s = await parseScript("exec node x.js", 100);
    expect(s.commands[0]!.start).toBe(100);
    expect(s.commands[0]!.words[1]!.start).toBe(105);
  });

  it("sees a script that handles a -- separator", async () => {
    expect((await parseScript('case "$1" in --) shift; break;; esac\nexec "$@"\n')).handlesDoubleDash).toBe(true);
    expect((await parseScript('exec "$@"\n')).handlesDoubleDash).toBe(false);
  });
});

describe("shell scripts: what the exec analysis needs", () => {
  const lit = (s: Awaited<ReturnType<typeof parseScript>>, name: string) =>
    s.commands.find((c) => c.words[0]?.kind === "lit" && c.words[0].text === name)!;

  it("records function definitions, their commands and the last command of each body", async () => {
    const s = await parseScript("a() {\n  echo a\n  node a.js\n}\nb() (\n  exec node b.js\n)\nc() {\n  if x; then node c.js; fi\n}\na\n");
    expect(s.functionDefs.map((d) => [d.name, d.subshellBody])).toEqual([["a", false], ["b", true], ["c", false]]);
    const nodeA = s.commands.find((c) => c.words.some((w) => w.kind === "lit" && w.text === "a.js"))!;
    expect(nodeA).toMatchObject({ fn: 0, inFunction: "a", lastInFunction: true, last: false });
    expect(lit(s, "echo").lastInFunction).toBe(false);
    const execB = lit(s, "exec");
    expect(execB).toMatchObject({ fn: 1, subshell: true, lastInFunction: true });
    const nodeC = s.commands.find((c) => c.words.some((w) => w.kind === "lit" && w.text === "c.js"))!;
    expect(nodeC.lastInFunction).toBe(false);
    expect(lit(s, "a")).toMatchObject({ fn: null, last: true });
  });

  it("keeps a variable reference with its default, and marks literals that came from a variable", async () => {
    const s = await parseScript('X=${X:-gosu app}\nY=node\nexec $X "$Y" ${Z-su-exec} "${@}"\n');
    expect(s.refs.get("X")).toEqual({ ref: "X", fallback: "gosu app" });
    const w = lit(s, "exec").words;
    expect(w[1]).toMatchObject({ kind: "dynamic", ref: { name: "X", quoted: false, assigned: { ref: "X", fallback: "gosu app" } } });
    expect(w[2]).toMatchObject({ kind: "lit", text: "node", fromVar: "quoted" });
    expect(w[3]).toMatchObject({ kind: "dynamic", ref: { name: "Z", fallback: "su-exec", quoted: false } });
    expect(w[4]!.kind).toBe("all-args");
  });

  it("a variable assigned on every path of a list or an if/else holds one of those values; otherwise also its previous one", async () => {
    const s = await parseScript(
      '[ "$(id -u)" = 0 ] && G="gosu app" || G=""\nif [ -n "$D" ]; then A=nodemon; elif [ -n "$E" ]; then A=node; else A=deno; fi\n[ -n "$D" ] && B=x\nC=$(cat f)\nread -r R\n',
    );
    expect(s.alternatives.get("G")).toEqual(["gosu app", ""]);
    expect(s.alternatives.get("A")).toEqual(["nodemon", "node", "deno"]);
    expect(s.alternatives.get("B")).toEqual([FROM_ENV, "x"]);
    expect(s.opaque.has("C")).toBe(true);
    expect(s.opaque.has("R")).toBe(true);
  });

  it("sees assignments in order inside a function, and makes them uncertain after it", async () => {
    const s = await parseScript("APP=a\nf() {\n  APP=b\n  exec $APP\n}\nexec $APP\n");
    const execs = s.commands.filter((c) => c.words[0]?.kind === "lit" && c.words[0].text === "exec");
    expect(execs[0]!.words[1]).toMatchObject({ kind: "lit", text: "b" });
    expect(execs[1]!.words[1]).toMatchObject({ kind: "dynamic", ref: { name: "APP", assigned: { values: ["a", "b"] } } });
  });

  it("records trap handlers and aliases", async () => {
    const s = await parseScript("trap 'kill -TERM $pid' TERM INT\ntrap stop SIGTERM\ntrap '' HUP\ntrap - QUIT\nalias serve='node server.js'\n");
    expect(s.traps.map((t) => [t.action, t.signals])).toEqual([
      ["kill -TERM $pid", ["TERM", "INT"]],
      ["stop", ["TERM"]],
      ["", ["HUP"]],
      ["-", ["QUIT"]],
    ]);
    expect([...s.aliases]).toEqual(["serve"]);
  });
});
