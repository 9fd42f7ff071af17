import { describe, expect, it } from "vitest";
import { parseScript, wordText } from "../../src/parse/shell.js";

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
