// Daemons read in their own source: which words keep each in the foreground (or make it act and exit).
import { describe, expect, it } from "vitest";
import { DAEMONS, daemonises } from "../../src/knowledge/index.js";

const PINNED = /^https:\/\/github\.com\/[\w.-]+\/[\w.-]+\/blob\/[0-9a-f]{40}\/\S+#L\d+$/;

describe("daemons read at a commit", () => {
  it.each(["dovecot", "cupsd", "lighttpd", "squid", "unitd", "varnishd", "postfix"])("%s: a pinned source and a note", (name) => {
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
