// Daemons read in their own source: which words keep each in the foreground (or make it act and exit).
import { describe, expect, it } from "vitest";
import { DAEMONS, daemonises, KnowledgeBase } from "../../src/knowledge/index.js";

const PINNED = /^https:\/\/github\.com\/[\w.-]+\/[\w.-]+\/blob\/[0-9a-f]{40}\/\S+#L\d+$/;

describe("daemons read at a commit", () => {
  it.each(["dovecot", "cupsd", "lighttpd", "squid", "unitd", "varnishd", "exim", "postfix"])("%s: a pinned source and a note", (name) => {
    const d = DAEMONS.find((x) => x.name === name)!;
    expect(d.source).toMatch(PINNED);
    for (const s of d.seeAlso ?? []) expect(s).toMatch(PINNED);
    expect(d.note?.length ?? 0).toBeGreaterThan(20);
  });

  const cases: [string[], string | null][] = [
    [["dovecot"], "dovecot"],
    [["dovecot", "-c", "/etc/dovecot/dovecot.conf"], "dovecot"],
    [["/usr/sbin/dovecot", "-F"], null],
    [["dovecot", "reload"], null],
    [["dovecot", "-n"], null],
    [["cupsd"], "cupsd"],
    [["cupsd", "-c", "/etc/cups/cupsd.conf", "-f"], null],
    [["cupsd", "-F"], null],
    [["lighttpd", "-f", "/etc/lighttpd/lighttpd.conf"], "lighttpd"],
    [["lighttpd", "-D", "-f", "/etc/lighttpd/lighttpd.conf"], null],
    [["lighttpd", "-tt", "-f", "/etc/lighttpd/lighttpd.conf"], null],
    [["squid", "-f", "/etc/squid/squid.conf"], "squid"],
    [["squid", "-NYCd", "1"], null],
    [["squid", "-z"], null],
    [["squid", "--foreground", "-f", "/etc/squid/squid.conf"], null],
    [["unitd", "--control", "unix:/var/run/control.unit.sock"], "unitd"],
    [["unitd", "--no-daemon", "--control", "unix:/var/run/control.unit.sock"], null],
    [["varnishd", "-f", "/etc/varnish/default.vcl", "-a", ":80"], "varnishd"],
    [["varnishd", "-F", "-f", "/etc/varnish/default.vcl"], null],
    [["varnishd", "-C", "-f", "/etc/varnish/default.vcl"], null],
    [["postfix", "start"], "postfix"],
    [["postfix", "-c", "/etc/postfix", "start"], "postfix"],
    [["postfix", "start-fg"], null],
    [["postfix", "reload"], null],
    [["postfix", "check"], null],
  ];
  it.each(cases)("%j daemonises: %s", (argv, name) => {
    expect(daemonises(argv)).toBe(name);
  });
});

describe("exim and keydb, read at a commit", () => {
  it("exim -bd goes to the background, -bdf does not, other options act and exit", () => {
    expect(daemonises(["exim", "-bd", "-q30m"])).toBe("exim");
    expect(daemonises(["exim", "-bdf", "-v", "-q30m"])).toBeNull();
    expect(daemonises(["exim", "-bt", "user@example.org"])).toBeNull();
  });

  it("the exim daemon reaps; keydb-server waits for its own fork children only", () => {
    const kb = new KnowledgeBase();
    for (const n of ["exim", "/usr/sbin/exim4"]) {
      expect(kb.program(n).verdict, n).toBe("reaper");
      expect(kb.program(n).source).toMatch(/Exim\/exim\/blob\/[0-9a-f]{40}\/src\/src\/daemon\.c#L\d+$/);
    }
    const keydb = kb.program("keydb-server");
    expect(keydb.verdict).toBe("non-reaper");
    expect(keydb.assumed).toBeUndefined();
    expect(kb.image("eqalpha/keydb:x86_64_v6.3.4")).toMatchObject({ program: "keydb-server", verdict: "non-reaper", prepend: "flags" });
  });
});

describe("apachectl and apache2ctl", () => {
  it("start detaches httpd; -D FOREGROUND keeps the script in front of it", () => {
    for (const n of ["apachectl", "/usr/sbin/apache2ctl"]) {
      expect(daemonises([n, "start"]), n).toBe(n.slice(n.lastIndexOf("/") + 1));
      expect(daemonises([n, "start", "-DFOREGROUND"]), n).toBeNull();
      expect(daemonises([n, "-D", "FOREGROUND"]), n).toBeNull();
      expect(daemonises([n, "configtest"]), n).toBeNull();
    }
  });

  it("the script stays PID 1 running httpd: it reaps while it waits and ignores SIGTERM", () => {
    const kb = new KnowledgeBase();
    for (const n of ["apachectl", "apache2ctl"]) {
      expect(kb.program(n)).toMatchObject({ verdict: "reaper", ignoresSigterm: true });
    }
  });
});

describe("supercronic", () => {
  it("reaps as PID 1 (from v0.2.31), with a pinned source", () => {
    const e = new KnowledgeBase().program("/usr/local/bin/supercronic");
    expect(e.verdict).toBe("reaper");
    expect(e.source).toMatch(/aptible\/supercronic\/blob\/[0-9a-f]{40}\/reaper\.go#L\d+$/);
  });
});

describe("init scripts", () => {
  it("start leaves the service in the background; other actions do not", () => {
    expect(daemonises(["service", "cron", "start"])).toBe("cron");
    expect(daemonises(["/usr/sbin/service", "nginx", "restart"])).toBe("nginx");
    expect(daemonises(["service", "nginx", "status"])).toBeNull();
    expect(daemonises(["service", "--status-all"])).toBeNull();
    expect(daemonises(["rc-service", "crond", "start"])).toBe("crond");
    expect(daemonises(["/etc/init.d/postgresql", "start"])).toBe("postgresql");
    expect(daemonises(["/etc/init.d/postgresql", "status"])).toBeNull();
  });
});

describe("smbd", () => {
  it("reaps as the parent; -F or -i keeps it in the foreground", () => {
    expect(new KnowledgeBase().program("/usr/sbin/smbd").verdict).toBe("reaper");
    expect(daemonises(["smbd", "-s", "/etc/samba/smb.conf"])).toBe("smbd");
    expect(daemonises(["smbd", "-FS", "--no-process-group"])).toBeNull();
    expect(daemonises(["smbd", "--foreground", "--debug-stdout"])).toBeNull();
  });
});
