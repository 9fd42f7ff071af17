// Programs that go to the background by themselves unless told not to: started before an `exec`, they are
// re-parented to the program that becomes PID 1. Each entry names the options that keep it in the foreground
// (as a pattern over one word, so that grouped short options such as `-fL` count) and its source.

export interface DaemonEntry {
  /** argv[0] basename */
  name: string;
  /** a word that keeps it in the foreground */
  foreground: RegExp;
  source: string;
}

export const DAEMONS: DaemonEntry[] = [
  { name: "supervisord", foreground: /^(-[a-zA-Z]*n[a-zA-Z]*|--nodaemon)$/, source: "https://supervisord.org/running.html#supervisord-command-line-options" },
  { name: "cron", foreground: /^-[a-zA-Z]*f/, source: "https://manpages.debian.org/bookworm/cron/cron.8.en.html" },
  { name: "crond", foreground: /^-[a-zA-Z]*f/, source: "https://busybox.net/downloads/BusyBox.html#crond" },
  { name: "sshd", foreground: /^-[a-zA-Z]*D/, source: "https://man.openbsd.org/sshd.8" },
  { name: "rsyslogd", foreground: /^-[a-zA-Z]*n/, source: "https://manpages.debian.org/bookworm/rsyslog/rsyslogd.8.en.html" },
];

/** The program's name when argv starts a daemon that goes to the background (no foreground option given), else null. */
export function daemonises(argv: readonly string[]): string | null {
  const a0 = argv[0] ?? "";
  const name = a0.slice(a0.lastIndexOf("/") + 1);
  const d = DAEMONS.find((x) => x.name === name);
  if (!d) return null;
  return argv.slice(1).some((a) => d.foreground.test(a)) ? null : name;
}
