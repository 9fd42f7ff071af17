// Well-known helpers that Dockerfiles download (ADD <url>, `RUN wget|curl …`), copy from a published
// image (COPY --from=<image>) or install as a package, and what each does as a process.
// Matched by URL, image or package name only: a download that matches none of these is unknown.
import type { Verdict } from "./types.js";

/** How a helper runs the command it is given. */
export type HelperRuns =
  /** takes `… -- cmd args` and replaces itself with cmd (`exec`): cmd takes its PID */
  | "exec-after-double-dash"
  /** takes its own options, then `cmd args`, runs cmd as its child and stays its parent */
  | "child-after-options"
  /** runs no command: used as `helper && cmd` */
  | "none"
  /** an init: reaps orphans and forwards signals to `cmd` */
  | "init"
  /** `helper <user> cmd args`: replaces itself with cmd */
  | "exec-after-user";

export interface HelperBackgroundJob {
  /** the program started in the background */
  program: string;
  /** how the job reads in the helper's text */
  text: string;
  /** an orphan that the job leaves behind, and where */
  orphans: "busybox-timeout" | null;
}

export interface HelperEntry {
  /** owner/name of the upstream project */
  id: string;
  /** the name the helper is usually saved as */
  name: string;
  /** shown in messages: "vishnubob's wait-for-it.sh" */
  title: string;
  /** `unknown` for a helper declared in the configuration by its name only */
  kind: "script" | "binary" | "unknown";
  /** the interpreter of a script (its shebang) */
  interpreter?: string;
  /** URLs it is downloaded from */
  urls: RegExp[];
  /** images it is copied from with COPY --from=<image> */
  images?: RegExp[];
  /**
   * names it is called by where nothing says where it came from (`wait-for-it.sh db:5432 -- app` with no such file
   * in the build context): a wait helper known by its name only
   */
  names?: string[];
  /** distribution packages that install it, and where they put it */
  packages?: { managers: string[]; name: string; paths: string[] }[];
  runs: HelperRuns;
  /** for `child-after-options`: the options that take a value, so the command after them can be found */
  optionsWithValue?: string[];
  /** processes it starts in the background before it runs the command */
  background: HelperBackgroundJob[];
  /** what it is as PID 1 while it stays PID 1 (before an exec, or for good with `child-after-options`) */
  verdict: Verdict;
  /** what it does as a process, for messages and `explain` */
  summary: string;
  /** where the facts come from (URL of the source read) */
  source: string;
}

export const HELPERS: HelperEntry[] = [
  {
    id: "vishnubob/wait-for-it",
    name: "wait-for-it.sh",
    title: "vishnubob's wait-for-it.sh",
    kind: "script",
    interpreter: "bash",
    urls: [/^https?:\/\/(?:raw\.githubusercontent\.com|github\.com)\/vishnubob\/wait-for-it\//i, /^https?:\/\/cdn\.jsdelivr\.net\/gh\/vishnubob\/wait-for-it[@/]/i],
    packages: [{ managers: ["apt-get"], name: "wait-for-it", paths: ["/usr/bin/wait-for-it"] }],
    names: ["wait-for-it", "wait-for-it.sh", "wait_for_it", "wait_for_it.sh"],
    runs: "exec-after-double-dash",
    background: [{ program: "timeout", text: "timeout … $0 --child … &", orphans: "busybox-timeout" }],
    verdict: "shell",
    summary:
      "with a timeout above 0 (15 s by default) it runs `timeout … $0 --child … &` and waits for it, then `exec`s the command after `--`; busybox `timeout` (Alpine) forks a watchdog that is orphaned to PID 1 after the exec",
    source: "https://github.com/vishnubob/wait-for-it/blob/master/wait-for-it.sh",
  },
  {
    id: "eficode/wait-for",
    name: "wait-for",
    title: "eficode's wait-for",
    kind: "script",
    interpreter: "sh",
    urls: [/^https?:\/\/(?:raw\.githubusercontent\.com|github\.com)\/eficode\/wait-for\//i, /^https?:\/\/cdn\.jsdelivr\.net\/gh\/eficode\/wait-for[@/]/i],
    names: ["wait-for", "wait-for.sh", "wait_for", "wait_for.sh"],
    runs: "exec-after-double-dash",
    background: [],
    verdict: "shell",
    summary: "polls the host with `nc` (or `wget` for http URLs) in the foreground, then `exec`s the command after `--`: it starts nothing in the background",
    source: "https://github.com/eficode/wait-for/blob/master/wait-for",
  },
  {
    id: "jwilder/dockerize",
    name: "dockerize",
    title: "jwilder's dockerize",
    kind: "binary",
    urls: [/^https?:\/\/github\.com\/jwilder\/dockerize\/releases\/download\//i],
    images: [/^(?:docker\.io\/)?jwilder\/dockerize(?:[:@]|$)/i, /^ghcr\.io\/jwilder\/dockerize(?:[:@]|$)/i],
    names: ["dockerize"],
    runs: "child-after-options",
    optionsWithValue: ["-wait", "-timeout", "-wait-retry-interval", "-template", "-stdout", "-stderr", "-delims", "-wait-http-header", "-env", "-rlimit-nofile"],
    background: [],
    verdict: "non-reaper",
    summary: "a Go program: renders templates, waits, then starts the command as its child (os/exec Start and Wait) and stays its parent, forwarding SIGHUP/SIGINT/SIGTERM; it waits only for that child, so as PID 1 it does not reap orphans",
    source: "https://github.com/jwilder/dockerize/blob/master/exec.go",
  },
  {
    id: "betalo-sweden/await",
    name: "await",
    title: "betalo-sweden's await",
    kind: "binary",
    urls: [/^https?:\/\/github\.com\/betalo-sweden\/await\/releases\/download\//i],
    names: ["await"],
    runs: "exec-after-double-dash",
    background: [],
    verdict: "non-reaper",
    summary: "a Go program: waits for the resources named before `--`, then replaces itself with the command after it (syscall.Exec); it starts nothing in the background",
    source: "https://github.com/betalo-sweden/await/blob/826e1a2c89975ca5d904453ea53b30c9ceced3f9/main.go",
  },
  {
    id: "ufoscout/docker-compose-wait",
    name: "wait",
    title: "ufoscout's docker-compose-wait",
    kind: "binary",
    urls: [/^https?:\/\/github\.com\/ufoscout\/docker-compose-wait\/releases\/download\//i],
    images: [/^(?:ghcr\.io\/)?ufoscout\/docker-compose-wait(?:[:@]|$)/i],
    runs: "none",
    background: [],
    verdict: "non-reaper",
    summary: "a Rust program that waits for the hosts in WAIT_HOSTS and exits (used as `/wait && cmd`): it starts no process of its own",
    source: "https://github.com/ufoscout/docker-compose-wait/blob/master/README.md",
  },
  {
    id: "krallin/tini",
    name: "tini",
    title: "tini",
    kind: "binary",
    urls: [/^https?:\/\/github\.com\/krallin\/tini\/releases\/download\//i],
    images: [/^(?:docker\.io\/)?krallin\/(?:ubuntu-)?tini(?:[:@]|$)/i],
    runs: "init",
    background: [],
    verdict: "init",
    summary: "an init: runs the command as its child, reaps every orphan and forwards signals",
    source: "https://github.com/krallin/tini#why-tini",
  },
  {
    id: "Yelp/dumb-init",
    name: "dumb-init",
    title: "dumb-init",
    kind: "binary",
    urls: [/^https?:\/\/github\.com\/Yelp\/dumb-init\/releases\/download\//i],
    runs: "init",
    background: [],
    verdict: "init",
    summary: "an init: runs the command as its child, reaps every orphan and forwards signals",
    source: "https://github.com/Yelp/dumb-init#why-you-need-an-init-system",
  },
  {
    id: "tianon/gosu",
    name: "gosu",
    title: "gosu",
    kind: "binary",
    urls: [/^https?:\/\/github\.com\/tianon\/gosu\/releases\/download\//i],
    images: [/^(?:docker\.io\/)?tianon\/gosu(?:[:@]|$)/i],
    runs: "exec-after-user",
    background: [],
    verdict: "non-reaper",
    summary: "switches user and `exec`s the command: the command takes its PID",
    source: "https://github.com/tianon/gosu#why",
  },
];

/** The helper a URL downloads, when it is a well-known one. */
export function helperByUrl(url: string): HelperEntry | null {
  return HELPERS.find((h) => h.urls.some((re) => re.test(url))) ?? null;
}

/** The wait helper a command names (argv[0] basename), when it is called by a well-known helper's name. */
export function helperByName(name: string, helpers: readonly HelperEntry[] = HELPERS): HelperEntry | null {
  return helpers.find((h) => h.names?.includes(name)) ?? null;
}

/** The helper a `COPY --from=<image>` copies, when the image is a well-known helper's. */
export function helperByImage(image: string): HelperEntry | null {
  return HELPERS.find((h) => h.images?.some((re) => re.test(image))) ?? null;
}

/** The helper a package installs at `path`, for a package manager (apt-get, apk…). */
export function helperByPackage(manager: string, pkg: string, path: string): HelperEntry | null {
  const name = pkg.replace(/[=:].*$/, "");
  return HELPERS.find((h) => h.packages?.some((p) => p.managers.includes(manager) && p.name === name && p.paths.includes(path))) ?? null;
}

/** Where packages put the helpers they install: path → package names, for one package manager. */
export function helperPackagePaths(manager: string, pkg: string): string[] {
  const name = pkg.replace(/[=:].*$/, "");
  const out: string[] = [];
  for (const h of HELPERS) for (const p of h.packages ?? []) if (p.managers.includes(manager) && p.name === name) out.push(...p.paths);
  return out;
}

/**
 * Where the command a helper runs starts in its arguments (`wait-for-it.sh db:5432 -t 60 -- app` → 4), or null
 * when it runs none (or none is given): after `--`, after its own options, or after the user for gosu-like ones.
 */
export function helperCommandIndex(helper: HelperEntry, args: readonly string[]): number | null {
  switch (helper.runs) {
    case "exec-after-double-dash": {
      const dd = args.indexOf("--");
      return dd !== -1 && dd + 1 < args.length ? dd + 1 : null;
    }
    case "init": {
      let i = 0;
      while (i < args.length && args[i]!.startsWith("-") && args[i] !== "--") i++;
      if (args[i] === "--") i++;
      return i < args.length ? i : null;
    }
    case "child-after-options": {
      const withValue = new Set(helper.optionsWithValue ?? []);
      let i = 0;
      while (i < args.length && args[i]!.startsWith("-")) {
        if (args[i] === "--") return i + 1 < args.length ? i + 1 : null;
        const flag = args[i]!.replace(/=.*$/, "");
        i += withValue.has(flag) && !args[i]!.includes("=") ? 2 : 1;
      }
      return i < args.length ? i : null;
    }
    case "exec-after-user":
      return args.length > 1 ? 1 : null;
    case "none":
      return null;
  }
}
