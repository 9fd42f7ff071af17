// Entrypoints that are not shell scripts: the `#!` line names the interpreter that runs as PID 1, and a
// Python launcher that replaces itself (`os.execv*`) hands PID 1 to the program it execs.
//
// execve(2) runs a file that starts with `#!interpreter [arg]` as `interpreter [arg] file args…`
// (https://man7.org/linux/man-pages/man2/execve.2.html, "Interpreter scripts"); `/usr/bin/env python3`
// looks python3 up in PATH. Python's os.exec* functions replace the process
// (https://docs.python.org/3/library/os.html#os.execv); `sys.executable` is the running interpreter.
//
// Ruby launchers run a program inside the interpreter's own process: a Bundler binstub ends in
// `load Gem.bin_path("<gem>", "<executable>")`
// (https://github.com/rubygems/rubygems/blob/69ec4a3a5f1cafa633c569671ed9ef502bbdaf61/bundler/lib/bundler/templates/Executable),
// a RubyGems wrapper in `load Gem.activate_bin_path('<gem>', '<executable>', version)` or
// `Gem.activate_and_load_bin_path(…)` (lib/rubygems/installer.rb, app_script_text, same commit), and a Rails
// application's bin/rails in `require "rails/commands"`, the rails command
// (https://github.com/rails/rails/blob/2a2db1e8d6d104ee0611efcae7eb023af65cff34/railties/lib/rails/generators/rails/app/templates/bin/rails.tt),
// and its bin/jobs in `require "solid_queue/cli"`, Solid Queue's supervisor
// (https://github.com/rails/solid_queue/blob/29e818d9c1181195736ffc5d7c1d1c03757b7752/lib/generators/solid_queue/install/templates/bin/jobs).

/** The interpreter argv of a `#!` line (`/usr/bin/env -S python3 -u` → [python3, -u]), or null. */
export function shebang(text: string): string[] | null {
  const first = text.replace(/^\uFEFF/, "").split(/\r?\n/, 1)[0] ?? "";
  if (!first.startsWith("#!")) return null;
  let words = first.slice(2).trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return null;
  if (/(^|\/)env$/.test(words[0]!)) {
    words = words.slice(1);
    while (words[0]?.startsWith("-")) words = words.slice(words[0] === "-S" || words[0] === "--split-string" ? 1 : 1);
    // env sets variables before the program
    while (words[0] && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[0])) words = words.slice(1);
  }
  return words.length ? words : null;
}

const SHELLS = /^(sh|bash|dash|ash|zsh|ksh|mksh|busybox)$/;

export function isShellInterpreter(argv: string[]): boolean {
  const name = argv[0]!.slice(argv[0]!.lastIndexOf("/") + 1);
  return SHELLS.test(name);
}

export type LauncherExec =
  /** execs a literal argv: follow it */
  | { kind: "argv"; argv: string[]; line: number }
  /** execs the running interpreter again (`os.execv(sys.executable, …)`): the interpreter stays PID 1 */
  | { kind: "self"; line: number; via: string | null }
  /** execs something only known at run time */
  | { kind: "computed"; line: number; what: string };

/** The program a Ruby launcher runs in its own process (a binstub's gem executable, bin/rails's rails command), or null. */
export function rubyLoads(text: string): { program: string; line: number; text: string } | null {
  let found: { program: string; line: number; text: string } | null = null;
  for (const m of text.matchAll(RUBY_LOAD)) {
    const program = m[2] ?? (m[3] === "solid_queue/cli" ? "solid_queue" : "rails");
    found = { program, line: lineAt(text, m.index), text: m[0].trim() };
  }
  return found;
}

const RUBY_LOAD =
  /^[ \t]*(?:load\s*\(?\s*Gem\.(?:activate_)?bin_path|Gem\.activate_and_load_bin_path)\s*\(\s*(["'])[\w.-]+\1\s*,\s*["']([\w.-]+)["'][^\n]*|^[ \t]*require\s*\(?\s*["'](rails\/commands|solid_queue\/cli)["']\s*\)?[ \t]*$/gm;

const EXEC_CALL = /\bos\.exec(?:v|vp|ve|vpe|l|lp|le|lpe)\s*\(\s*([^,)]+)\s*,\s*(\[[^\]]*\]|[A-Za-z_][A-Za-z0-9_]*)/g;
const WRAPPERS = /^(gosu|su-exec|setpriv|chpst|s6-setuidgid|runuser|sudo)$/;

function lineAt(text: string, offset: number): number {
  let n = 1;
  for (let i = 0; i < offset; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

function pyString(expr: string): string | null {
  const m = /^\s*(?:[rbuRBU]{0,2})(["'])(.*)\1\s*$/.exec(expr);
  return m && !m[2]!.includes(m[1]!) ? m[2]! : null;
}

function pyList(expr: string): string[] | null {
  const m = /^\[(.*)\]$/s.exec(expr.trim());
  if (!m) return null;
  const items = m[1]!.split(",").map((s) => s.trim()).filter((s) => s.length);
  const out: string[] = [];
  for (const it of items) {
    const s = pyString(it);
    if (s === null) return null;
    out.push(s);
  }
  return out;
}

/**
 * What a Python launcher execs, decided over every `os.exec*` call in the file: one literal argv, the
 * interpreter itself (directly or through a wrapper such as gosu whose argument list starts from
 * `sys.executable`), or something computed. Null when the file has no `os.exec*` call.
 */
export function pythonExec(text: string): LauncherExec | null {
  const calls = [...text.matchAll(EXEC_CALL)];
  if (calls.length === 0) return null;
  const results: LauncherExec[] = calls.map((m) => {
    const line = lineAt(text, m.index);
    const program = m[1]!.trim();
    const argvExpr = m[2]!.trim();
    if (program === "sys.executable") return { kind: "self", line, via: null };
    const path = pyString(program);
    const list = pyList(argvExpr);
    if (path !== null && list && list.length) return { kind: "argv", argv: [path, ...list.slice(1)], line };
    const base = path?.slice(path.lastIndexOf("/") + 1) ?? "";
    // `args = [sys.executable] + args; args = ["gosu", owner] + args; os.execve("/usr/sbin/gosu", args, env)`
    if (path !== null && WRAPPERS.test(base) && /^[A-Za-z_]\w*$/.test(argvExpr) && new RegExp(`\\b${argvExpr}\\s*=\\s*\\[\\s*sys\\.executable\\s*\\]`).test(text)) {
      return { kind: "self", line, via: base };
    }
    return { kind: "computed", line, what: `${program}, ${argvExpr}` };
  });
  const computed = results.find((r) => r.kind === "computed");
  if (computed) return computed;
  const argvs = results.filter((r): r is Extract<LauncherExec, { kind: "argv" }> => r.kind === "argv");
  if (argvs.length === 0) return results[results.length - 1]!;
  // several literal targets: only one program can be named when they all agree
  const names = new Set(argvs.map((r) => r.argv[0]));
  if (names.size === 1 && argvs.length === results.length) return argvs[argvs.length - 1]!;
  return { kind: "computed", line: results[0]!.line, what: "one of several programs, chosen at run time" };
}
