// Programs that go to the background by themselves unless told not to: started before an `exec`, they are
// re-parented to the program that becomes PID 1. Each entry names the options that keep it in the foreground
// (as a pattern over one word, so that grouped short options such as `-fL` count) and its source.

export interface DaemonEntry {
  /** argv[0] basename */
  name: string;
  /** a word that keeps it in the foreground, or makes it do something else and exit (`squid -z`, `dovecot reload`) */
  foreground: RegExp;
  /** a word without which it does not start as a daemon at all (`postfix start`; other subcommands act and exit) */
  only?: RegExp;
  /** the daemon is the service its first argument names (`service cron start` starts cron) */
  namesService?: boolean;
  source: string;
  seeAlso?: string[];
  note?: string;
}

/** LSB Core: init script actions (`start` returns once the service runs). */
const LSB_ACTIONS = "https://refspecs.linuxbase.org/LSB_5.0.0/LSB-Core-generic/LSB-Core-generic/iniscrptact.html";

export const DAEMONS: DaemonEntry[] = [
  { name: "supervisord", foreground: /^(-[a-zA-Z]*n[a-zA-Z]*|--nodaemon)$/, source: "https://supervisord.org/running.html#supervisord-command-line-options" },
  { name: "cron", foreground: /^-[a-zA-Z]*f/, source: "https://manpages.debian.org/bookworm/cron/cron.8.en.html" },
  { name: "crond", foreground: /^-[a-zA-Z]*f/, source: "https://busybox.net/downloads/BusyBox.html#crond" },
  { name: "sshd", foreground: /^-[a-zA-Z]*D/, source: "https://man.openbsd.org/sshd.8" },
  { name: "rsyslogd", foreground: /^-[a-zA-Z]*n/, source: "https://manpages.debian.org/bookworm/rsyslog/rsyslogd.8.en.html" },
  // init scripts: by the LSB's rule for init script actions, `start` starts the service and returns, leaving it running
  ...["service", "invoke-rc.d", "rc-service"].map((name): DaemonEntry => ({
    name,
    foreground: /^--(help|version|status-all|list)$/,
    only: /^(start|restart|force-reload|try-restart)$/,
    namesService: true,
    note: "`service <name> start` runs the init script's start action, which leaves the service running in the background and returns",
    source: LSB_ACTIONS,
  })),
  // read in each program's source: where it forks into the background, and the options that stop it
  {
    name: "dovecot",
    foreground: /^(-[anpF]*[Fan][anpF]*|--(version|hostdomain|build-options|log-error|help)|[a-z][a-z-]*)$/,
    note: "getopt `+Fanp`: -F sets foreground, else daemonize(); -a/-n exec doveconf; a word after the options goes to doveadm (`dovecot reload`, `dovecot stop`), a `--word` (`--version`, `--help`) prints and exits",
    source: "https://github.com/dovecot/core/blob/f28b5a92ec52eef0a111a095d00435756343dc94/src/master/main.c#L972",
  },
  {
    name: "cupsd",
    foreground: /^-[a-zA-Z]*[fFlt]/,
    note: "each letter of a `-…` word is an option: -f and -F (and -l, launched on demand) set fg, -t tests the configuration and exits; without fg it forks and the parent exits",
    source: "https://github.com/OpenPrinting/cups/blob/d19bccfed26ac02b24dac80ba0258588dbeaea61/scheduler/main.c#L410",
  },
  {
    name: "lighttpd",
    foreground: /^-[hvVD1pt]*[DtpvVh1]/,
    note: "getopt `f:m:i:hvVD1pt`: -D sets dont_daemonize, -1 serves one connection in the foreground, -t/-tt/-p/-v/-V/-h check, print and exit; otherwise daemonize()",
    source: "https://github.com/lighttpd/lighttpd1.4/blob/2ddc51389a139d2b08daf310596c951c1d53dc8d/src/server.c#L1512",
    seeAlso: ["https://github.com/lighttpd/lighttpd1.4/blob/2ddc51389a139d2b08daf310596c951c1d53dc8d/src/server.c#L1935"],
  },
  {
    name: "squid",
    foreground: /^(-[CDFNRSYXsvz]*[Nhvzk]|--foreground$)/,
    note: "getopt `CDFNRSYXa:d:f:hk:m::n:sl:u:vz?`: -N (no daemon) keeps the master in the foreground; --foreground keeps the launcher there (its kids are its children); -k sends a signal, -z creates the cache directories, -v/-h print: each exits. Otherwise watch_child calls GoIntoBackground()",
    source: "https://github.com/squid-cache/squid/blob/7c20a8a787d1ef399c56515a847610c0f8d12147/src/main.cc#L1854",
    seeAlso: ["https://github.com/squid-cache/squid/blob/7c20a8a787d1ef399c56515a847610c0f8d12147/src/main.cc#L423"],
  },
  {
    name: "unitd",
    foreground: /^(--no-daemon|--help|--version)$/,
    note: "rt->daemon is 1 unless `--no-daemon` is given; then nxt_process_daemon forks to the background",
    source: "https://github.com/nginx/unit/blob/ad736f9f4fddd844aed1eb6ee8a9dc88df5533fb/src/nxt_runtime.c#L1199",
    seeAlso: ["https://github.com/nginx/unit/blob/ad736f9f4fddd844aed1eb6ee8a9dc88df5533fb/src/nxt_runtime.c#L387"],
  },
  {
    name: "varnishd",
    foreground: /^-[CdFV?]*[CdFVx?]/,
    note: "getopt `?a:b:CdE:f:Fh:…x:`: -F (foreground) and -d (debug) skip mgt_eric(), the daemonising fork; -C compiles the VCL and exits, -V and -x print and exit",
    source: "https://github.com/varnishcache/varnish-cache/blob/27d2ce15b20b94d0a5e452b0d5c29c3145d00b6a/bin/varnishd/mgt/mgt_main.c#L770",
    seeAlso: ["https://github.com/varnishcache/varnish-cache/blob/27d2ce15b20b94d0a5e452b0d5c29c3145d00b6a/bin/varnishd/mgt/mgt_main.c#L685"],
  },
  {
    name: "apachectl",
    foreground: /^-DFOREGROUND$/,
    only: /^(start|restart|graceful)$/,
    note: "`apachectl start` runs `httpd -k start`, which detaches and returns unless -DFOREGROUND is given; other arguments run httpd in the foreground under the script",
    source: "https://github.com/apache/httpd/blob/0cb680442ecaa6118cc610b5ecc6e824330bf61a/support/apachectl.in#L81",
    seeAlso: ["https://github.com/apache/httpd/blob/0cb680442ecaa6118cc610b5ecc6e824330bf61a/server/mpm/event/event.c#L3966"],
  },
  {
    name: "apache2ctl",
    foreground: /^-DFOREGROUND$/,
    only: /^(start|restart|graceful)$/,
    note: "Debian's apachectl: `apache2ctl start` runs `apache2 -k start`, which detaches and returns (lines 151-181 of /usr/sbin/apache2ctl)",
    source: "https://deb.debian.org/debian-security/pool/updates/main/a/apache2/apache2_2.4.71-1~deb12u1_amd64.deb",
  },
  {
    name: "smbd",
    foreground: /^(-[a-zA-Z]*[FibV][a-zA-Z]*|--foreground|--interactive|--build-options|--version)$/,
    note: "popt options: -F/--foreground keeps become_daemon from forking, -i/--interactive runs in the foreground, -b/-V print and exit; otherwise it becomes a daemon (also when stdin is not a socket)",
    source: "https://github.com/samba-team/samba/blob/9891d9870060e61f33a835363dea8f5267d6e8ca/source3/smbd/server.c",
  },
  {
    name: "exim",
    foreground: /^-bdf$/,
    only: /^-bdf?$/,
    note: "`-bd` runs the daemon, which forks to the background (background_daemon); `-bdf` keeps it in the foreground; other options act and exit",
    source: "https://github.com/Exim/exim/blob/13835a3c1e057efad7da269c0f93bf2eac850205/src/src/exim.c#L2357",
    seeAlso: ["https://github.com/Exim/exim/blob/13835a3c1e057efad7da269c0f93bf2eac850205/src/src/daemon.c#L2151"],
  },
  {
    name: "postfix",
    foreground: /^start-fg$/,
    only: /^start$/,
    note: "`postfix start` runs `master -w`, which starts the master in the background and returns; `start-fg` execs `master -i` when it is PID 1; the other commands act and exit",
    source: "https://github.com/vdukhovni/postfix/blob/17830e5c13c160d51c95cb971d137a46de84e48c/postfix/conf/postfix-script#L151",
  },
];

/** The program's name when argv starts a daemon that goes to the background (no foreground option given), else null. */
export function daemonises(argv: readonly string[]): string | null {
  const a0 = argv[0] ?? "";
  const name = a0.slice(a0.lastIndexOf("/") + 1);
  // an init script run directly (`/etc/init.d/nginx start`) starts its service the same way
  if (/^\/etc\/(?:rc\.d\/)?init\.d\/[^/]+$/.test(a0) && /^(start|restart|force-reload|try-restart)$/.test(argv[1] ?? "")) return name;
  const d = DAEMONS.find((x) => x.name === name);
  if (!d) return null;
  const args = argv.slice(1);
  if (d.only && !args.some((a) => d.only!.test(a))) return null;
  if (args.some((a) => d.foreground.test(a))) return null;
  return d.namesService && args[0] && !args[0].startsWith("-") ? args[0] : name;
}
