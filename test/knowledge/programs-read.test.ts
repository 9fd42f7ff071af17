// Programs whose source was read to decide whether, as PID 1, they wait for any child: each verdict as the
// knowledge base gives it, with a source pinned to the commit that was read and a note naming the code.
import { describe, expect, it } from "vitest";
import { KnowledgeBase } from "../../src/knowledge/index.js";

const kb = new KnowledgeBase();
/** a GitHub file or folder at a 40-hex commit */
const PINNED = /^https:\/\/github\.com\/[\w.-]+\/[\w.-]+\/(blob|tree)\/[0-9a-f]{40}\/\S+$/;

const READ: [string, "reaper" | "non-reaper"][] = [
  // servers whose own loop waits for any child
  ["unicorn", "reaper"],
  ["unicorn_rails", "reaper"],
  ["unitd", "reaper"],
  ["lighttpd", "reaper"],
  ["sshd", "reaper"],
  ["squid", "reaper"],
  ["postfix", "reaper"],
  ["/usr/lib/postfix/sbin/master", "reaper"],
  ["/usr/libexec/postfix/master", "reaper"],
  ["dovecot", "reaper"],
  ["rsyslogd", "reaper"],
  ["/sbin/my_init", "reaper"],
  ["cupsd", "reaper"],
  // programs that wait only for the children they started
  ["puma", "non-reaper"],
  ["rails", "non-reaper"],
  ["sidekiq", "non-reaper"],
  ["celery", "non-reaper"],
  ["hypercorn", "non-reaper"],
  ["daphne", "non-reaper"],
  ["waitress-serve", "non-reaper"],
  ["granian", "non-reaper"],
  ["rr", "non-reaper"],
  ["frankenphp", "non-reaper"],
  ["beam.smp", "non-reaper"],
  ["erl", "non-reaper"],
  ["elixir", "non-reaper"],
  ["iex", "non-reaper"],
  ["mix", "non-reaper"],
  ["deno", "non-reaper"],
  ["bun", "non-reaper"],
  ["mosquitto", "non-reaper"],
  ["openvpn", "non-reaper"],
  ["prometheus", "non-reaper"],
  ["alertmanager", "non-reaper"],
  ["varnishd", "non-reaper"],
  ["nats-server", "non-reaper"],
  ["coredns", "non-reaper"],
  ["syncthing", "non-reaper"],
  ["containerboot", "non-reaper"],
  ["tailscaled", "non-reaper"],
  ["ollama", "non-reaper"],
  ["cloudflared", "non-reaper"],
  ["etcd", "non-reaper"],
  ["telegraf", "non-reaper"],
  ["fluent-bit", "non-reaper"],
  ["unbound", "non-reaper"],
  ["redis-server", "non-reaper"],
  ["redis-sentinel", "non-reaper"],
];

describe("programs read at a commit", () => {
  it.each(READ)("%s: %s, known, with a pinned source and a note", (argv0, verdict) => {
    expect(kb.knows(argv0)).toBe(true);
    const e = kb.program(argv0);
    expect(e.verdict).toBe(verdict);
    expect(e.assumed).toBeUndefined();
    expect(e.source).toMatch(PINNED);
    for (const s of e.seeAlso ?? []) expect(s).toMatch(PINNED);
    expect(e.note?.length ?? 0).toBeGreaterThan(20);
  });

  it("reapers name the call that waits for any child", () => {
    for (const [argv0, verdict] of READ) {
      if (verdict !== "reaper") continue;
      expect(kb.program(argv0).note, argv0).toMatch(/waitpid|WaitForAnyPid|wait2\(-1|waitpid2\(-1/);
    }
  });

  it("a mode that reaps is named where the default does not (puma's cluster mode)", () => {
    const puma = kb.program("puma");
    expect(puma.note).toMatch(/cluster mode/);
    expect(puma.seeAlso?.some((s) => /cluster\.rb#L\d+$/.test(s))).toBe(true);
  });

  it("common names are known only at the paths their program is installed at", () => {
    expect(kb.knows("master")).toBe(true);
    expect(kb.knows("/usr/local/bin/master")).toBe(false);
    expect(kb.program("/opt/app/master").assumed).toBe(true);
    expect(kb.knows("/app/bin/my_init")).toBe(false);
  });

  it("a program nobody read is still judged a non-reaper by assumption", () => {
    const e = kb.program("acme-app-server");
    expect(e.verdict).toBe("non-reaper");
    expect(e.assumed).toBe(true);
  });
});
