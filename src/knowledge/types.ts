/**
 * What a program or an image does as PID 1:
 * - `init`: reaps orphans and forwards signals (tini, dumb-init, catatonit, docker-init)
 * - `reaper`: a server that waits for any child (nginx master, postgres postmaster, gunicorn arbiter…)
 * - `non-reaper`: never waits for unknown children (node, python, java, Go and Rust binaries…)
 * - `s6`: s6-overlay's /init, which reaps but refuses to run unless it is PID 1
 * - `shell`: a shell that stays PID 1 (reaps while it waits, ignores SIGTERM)
 * - `unknown`: cannot be seen from the files (an image with no build context whose command is not known)
 */
export type Verdict = "init" | "reaper" | "non-reaper" | "s6" | "shell" | "unknown";

/** The verdicts a data entry may carry (`shell` is decided by the chain resolver, never by data). */
export const DATA_VERDICTS = ["init", "reaper", "non-reaper", "s6", "unknown"] as const satisfies readonly Verdict[];

/**
 * The language runtime of a program. For `go`, `rust`, `node`, `python`, `java` and `dotnet` the PID 1
 * lab measured that the runtime never waits for children it did not start: such a program is a
 * non-reaper unless its own source shows a wait for any child (a gunicorn arbiter, a php-fpm master).
 */
export type Runtime = "go" | "rust" | "node" | "python" | "java" | "dotnet" | "beam" | "ruby" | "php" | "c" | "shell";

/** Runtimes whose non-reaping was measured in the PID 1 lab (test/lab). */
export const MEASURED_RUNTIMES: readonly Runtime[] = ["go", "rust", "node", "python", "java", "dotnet"];

export interface KnowledgeEntry {
  /** program basename or image name pattern */
  name: string;
  verdict: Verdict;
  /** for images: the PID 1 program the image runs by default (its argv[0] basename), shown in messages */
  program?: string;
  note?: string;
  /** where the fact comes from: a URL (with the commit that was read) or "measured: …" */
  source: string;
  /** further sources that the fact rests on (the program's own source, an older Dockerfile …) */
  seeAlso?: string[];
  /** nobody read this program's source: the verdict is the default for an application (it waits only for its own children) */
  assumed?: boolean;
  /** as PID 1 it installs no SIGTERM handler, so `docker stop` waits for the grace period (measured: PID 1 lab) */
  ignoresSigterm?: boolean;
  /**
   * programs: the paths the program is installed at, when its basename is a common word (`run`): a command
   * naming another directory is another program; a bare name still matches
   */
  paths?: string[];
}

/** When an image's entrypoint puts its program in front of the arguments it is given (`command:`). */
export type Prepend =
  /** the first argument starts with `-` (`postgres -c …`, `redis-server --appendonly yes`) */
  | "flags"
  /** a flag, or a word the program takes as a subcommand (`traefik version`, `wp plugin list`) */
  | "subcommands"
  /** anything but the program itself (`minio server /data`; `sh` too) */
  | "always";

/** What an image (or one of its tag variants) does with its own ENTRYPOINT and CMD. */
export interface ImageFacts {
  verdict: Verdict;
  /** argv[0] basename of PID 1 with the image's own ENTRYPOINT/CMD; also what the entrypoint prepends */
  program?: string;
  /** a `command:` decides PID 1: no ENTRYPOINT, or an entrypoint that ends in `exec "$@"` */
  passesToCommand?: boolean;
  /**
   * the image's exec-form ENTRYPOINT when it is the program itself (`["cypress", "run"]`): a command is appended
   * to it as arguments, and the words say what runs (a test runner that exits is a job, not a service)
   */
  entrypointArgv?: string[];
  /** when the entrypoint puts `program` in front of the command's arguments */
  prepend?: Prepend;
  /** the entrypoint prepends `program` before a subcommand word as well as before flags (prepend is subcommands or always) */
  subcommands?: boolean;
  /** busybox userland (Alpine, busybox): `timeout` orphans its watchdog there */
  busybox?: boolean;
  /** path of an init the image ships (its PID 1, or available for an ENTRYPOINT) */
  shipsInit?: string;
  /** the language runtime of `program` */
  runtime?: Runtime;
  note?: string;
  source: string;
  seeAlso?: string[];
  assumed?: boolean;
}

/** A tag variant: matched on the tag's `-`-separated words and/or its leading version. */
export interface ImageVariant extends Partial<ImageFacts> {
  /** short name shown in messages: `fpm`, `alpine`, `<8` */
  id: string;
  /** matches when the tag contains one of these words (`8.3-fpm-alpine` has `8.3`, `fpm`, `alpine`, `fpm-alpine`) */
  tags?: string[];
  /** matches when the tag's leading version lies in this range (inclusive); a floating tag such as `7` means its newest release */
  versions?: { min?: string; max?: string };
}

/** A program or script the image ships, that compose files name as `entrypoint:` or `command:` (`/cron.sh`). */
export interface ImageFile {
  verdict: Verdict;
  /** what the file ends up running as PID 1 (its argv[0] basename) */
  program?: string;
  runtime?: Runtime;
  note?: string;
  source: string;
  assumed?: boolean;
}

export interface ImageEntry extends KnowledgeEntry, Omit<ImageFacts, "verdict" | "source"> {
  /** files inside the image, by absolute path, that run something other than the image's default */
  files?: Record<string, ImageFile>;
  /** other repository names of the same image: a vendor's own registry (`ghcr.io/traefik/traefik`) */
  aliases?: string[];
  /** tag variants, applied in order over the entry's own facts (all that match) */
  variants?: ImageVariant[];
  /** in a looked-up entry: the variants that matched the tag, joined with `, ` */
  variant?: string;
}
