// Wrappers, wait helpers known by name, and commands that end at once: the data's shape and sources, how a
// wrapper's arguments are read, and what the chain makes of them.
import fs from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { lint } from "../../src/engine/index.js";
import {
  DAEMONS,
  daemonises,
  endsAtOnce,
  EXITS_AT_ONCE,
  HELPERS,
  KnowledgeBase,
  RETURNS_AT_ONCE,
  wrapperCommandIndex,
  WRAPPERS,
  type WrapperEntry,
} from "../../src/knowledge/index.js";
import { project } from "../helpers.js";

const ANY_SOURCE = /^(https?:\/\/\S+|measured: .+)$/;
const kb = new KnowledgeBase();

describe("knowledge data: wrappers", () => {
  it.each(WRAPPERS.map((w) => [w.name, w] as const))("%s has a source, a note and well-formed fields", (_n, w) => {
    expect(w.source).toMatch(ANY_SOURCE);
    for (const s of w.seeAlso ?? []) expect(s).toMatch(ANY_SOURCE);
    expect(w.note.length).toBeGreaterThan(10);
    expect(["exec", "parent"]).toContain(w.runs);
    for (const o of w.optionsWithValue ?? []) expect(o).toMatch(/^-{1,2}[A-Za-z/][\w-]*$/);
    if (w.operands !== undefined) expect(Number.isInteger(w.operands) && w.operands >= 0).toBe(true);
    if (w.options === false) expect(w.optionsWithValue).toBeUndefined();
    if (w.busybox) {
      expect(w.busybox.source).toMatch(ANY_SOURCE);
      expect(w.busybox.note.length).toBeGreaterThan(10);
      expect(w.busybox.runs === w.runs && !w.busybox.orphans).toBe(false);
    }
  });

  it("names a wrapper once, and no wrapper is also a wait helper's name", () => {
    const names = WRAPPERS.map((w) => w.name);
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
    const helperNames = HELPERS.flatMap((h) => h.names ?? []);
    expect(names.filter((n) => helperNames.includes(n))).toEqual([]);
  });

  const cases: [string, string[], number | null][] = [
    ["gosu", ["app", "node", "server.js"], 1],
    ["gosu", ["app"], null],
    ["su-exec", ["1000:1000", "node"], 1],
    ["setpriv", ["--reuid", "1000", "--regid=1000", "--clear-groups", "node"], 4],
    ["chpst", ["-u", "app", "-r", "5", "-P", "prog"], 5],
    ["env", ["-i", "-u", "HOME", "A=1", "B=2", "node"], 5],
    ["env", ["A=1"], null],
    ["nice", ["-n", "5", "worker"], 2],
    ["ionice", ["-c", "2", "-n", "4", "worker"], 4],
    ["chrt", ["-f", "10", "worker"], 2],
    ["taskset", ["-c", "0,1", "worker", "--flag"], 2],
    ["taskset", ["0x3", "worker"], 1],
    ["stdbuf", ["-oL", "-e", "0", "worker"], 3],
    ["numactl", ["-N", "0", "--interleave=all", "--", "worker"], 4],
    ["timeout", ["-s", "KILL", "-k", "5", "60", "job"], 5],
    ["exec", ["node"], 0],
    ["nohup", ["node", "server.js"], 0],
  ];
  it.each(cases)("%s %j: the command starts at %s", (name, args, index) => {
    const w = WRAPPERS.find((x) => x.name === name)!;
    expect(wrapperCommandIndex(w, args.map((text) => ({ text })))).toBe(index);
  });

  it("stops reading options at arguments that are not known here", () => {
    const w: WrapperEntry = { name: "x", runs: "exec", optionsWithValue: ["-u"], note: "a test wrapper", source: "measured: test" };
    expect(wrapperCommandIndex(w, [{ text: "-u" }, { text: "app" }, { text: "", allArgs: true }])).toBe(2);
  });

  it("timeout stays the parent (GNU) and execs on busybox, where its watchdog is orphaned", () => {
    expect(kb.wrapper("timeout")?.runs).toBe("parent");
    const bb = kb.wrapper("/usr/bin/timeout", { busybox: true });
    expect(bb?.runs).toBe("exec");
    expect(bb?.orphans).toBe("busybox-timeout");
    expect(kb.wrapper("gosu", { busybox: true })?.runs).toBe("exec");
    // exact names only: a program whose name contains a wrapper's is not one
    for (const other of ["tailscaled", "envoy", "nicegui", "timeoutd", "sudoku", "gosu-exporter"]) expect(kb.wrapper(other), other).toBeNull();
  });
});

describe("knowledge data: wait helpers known by name", () => {
  it("each name belongs to one helper, and says how the command is passed", () => {
    const names = HELPERS.flatMap((h) => h.names ?? []);
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
    for (const h of HELPERS.filter((x) => x.names)) {
      expect(h.source, h.id).toMatch(ANY_SOURCE);
      expect(["exec-after-double-dash", "child-after-options", "none"]).toContain(h.runs);
    }
  });

  it("looks a helper up by the command's basename, and only by a helper's own names", () => {
    expect(kb.waitHelper("/usr/local/bin/wait-for-it.sh")?.id).toBe("vishnubob/wait-for-it");
    expect(kb.waitHelper("wait_for")?.id).toBe("eficode/wait-for");
    expect(kb.waitHelper("await")?.runs).toBe("exec-after-double-dash");
    expect(kb.waitHelper("dockerize")?.runs).toBe("child-after-options");
    // a project's own script of another name is read, not guessed
    expect(kb.waitHelper("await.sh")).toBeNull();
    expect(kb.waitHelper("wait-for-db.sh")).toBeNull();
    for (const other of ["dockerize-proxy", "awaitility", "wait-for-it-all"]) expect(kb.waitHelper(other), other).toBeNull();
  });
});

describe("knowledge data: commands that end at once", () => {
  it("builtins that return and utilities that exit are separate lists; wrappers are not among them except env alone", () => {
    expect(RETURNS_AT_ONCE.has("export") && !EXITS_AT_ONCE.has("export")).toBe(true);
    expect(endsAtOnce("sed") && endsAtOnce("shift") && endsAtOnce("whoami")).toBe(true);
    expect(endsAtOnce("node") || endsAtOnce("tail") || endsAtOnce("sleep")).toBe(false);
    expect(WRAPPERS.map((w) => w.name).filter(endsAtOnce)).toEqual(["env"]);
  });
});

describe("knowledge data: daemons that go to the background", () => {
  it.each(DAEMONS.map((d) => [d.name, d] as const))("%s has a source and a foreground option", (_n, d) => {
    expect(d.source).toMatch(ANY_SOURCE);
    expect(d.foreground.test("--definitely-not-an-option-of-anything")).toBe(false);
  });

  it("a daemon without its foreground option is named; with it, or another program, nothing", () => {
    expect(daemonises(["/usr/sbin/cron"])).toBe("cron");
    expect(daemonises(["cron", "-f"])).toBeNull();
    expect(daemonises(["supervisord", "-c", "/etc/supervisord.conf"])).toBe("supervisord");
    expect(daemonises(["supervisord", "--nodaemon"])).toBeNull();
    expect(daemonises(["sshd", "-De"])).toBeNull();
    expect(daemonises(["crontab", "-l"])).toBeNull();
  });
});

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

async function chainOf(files: Record<string, string>) {
  const dir = project(files);
  dirs.push(dir);
  const r = await lint(["."], { cwd: dir });
  return r.model!.containers.find((c) => c.kind === "service")!.chain;
}

function withStart(start: string, base = "debian:12"): Record<string, string> {
  return {
    "compose.yaml": "services:\n  app:\n    build: .\n",
    Dockerfile: `FROM ${base}\nCOPY start.sh /start.sh\nENTRYPOINT ["/start.sh"]\n`,
    "start.sh": `#!/bin/sh\n${start}\n`,
  };
}

describe("the chain reads the wrapper data", () => {
  it("the wrapped program is PID 1 after taskset -c, chrt and numactl -N (their own words skipped)", async () => {
    for (const w of ["taskset -c 0,1", "chrt -f 10", "numactl -N 0", "stdbuf -oL", "chpst -u app -r 5", "nohup"]) {
      const c = await chainOf(withStart(`exec ${w} node server.js --port 80`));
      expect(c.program, w).toBe("node");
      expect(c.argv, w).toEqual(["node", "server.js", "--port", "80"]);
    }
  });

  it("sudo stays PID 1 with its own facts (not an assumption)", async () => {
    const c = await chainOf(withStart("exec sudo -u app node server.js"));
    expect(c.program).toBe("sudo");
    expect(c.verdict).toBe("non-reaper");
    expect(c.knowledge?.assumed).toBeUndefined();
    expect(c.knowledge?.source).toMatch(/sudo/);
  });

  it("a wrapper ahead of a command that exits at once: the script does not keep the container running", async () => {
    const c = await chainOf(withStart("chown -R app /data\ngosu app echo ready"));
    expect(c.shellStays).toBeNull();
    expect(c.verdict).toBe("unknown");
    expect(c.unknownWhy).toMatch(/does not keep the container running/);
  });

  it("busybox timeout behind env in a script step orphans its watchdog", async () => {
    const c = await chainOf(withStart("env A=1 timeout 5 sh -c 'until nc -z db 5432; do sleep 1; done'\nexec node server.js", "alpine:3.20"));
    expect(c.program).toBe("node");
    expect(c.orphanRisks.map((r) => r.text)).toEqual(["timeout (busybox) orphans its watchdog"]);
  });

  it("dockerize known by name runs the command as its child and stays PID 1", async () => {
    const c = await chainOf(withStart("exec dockerize -wait tcp://db:5432 -timeout 60s -- node server.js"));
    expect(c.program).toBe("dockerize");
    expect(c.verdict).toBe("non-reaper");
    expect(c.knowledge?.source).toMatch(/jwilder\/dockerize/);
  });

  it("wait-for-it.sh known by name hands PID 1 to the command after --", async () => {
    const c = await chainOf(withStart("exec wait-for-it.sh db:5432 -t 30 -- node server.js"));
    expect(c.program).toBe("node");
    expect(c.orphanRisks.map((r) => r.kind)).toEqual(["wait-helper"]);
  });
});
