// Python modules run with `python -m <module>`: the interpreter runs the module's __main__ in its own process, so
// PID 1 is that program (the same entry point as its console script). Each entry names the __main__ that was read.
// https://docs.python.org/3/using/cmdline.html#cmdoption-m

export interface PythonModuleEntry {
  /** the module named after -m */
  module: string;
  /** the program (argv[0] basename in programs.ts) that the module's __main__ runs */
  program: string;
  note: string;
  source: string;
}

const gh = (repo: string, commit: string, path: string): string => `https://github.com/${repo}/blob/${commit}/${path}`;

export const PYTHON_MODULES: PythonModuleEntry[] = [
  { module: "gunicorn", program: "gunicorn", note: "__main__ calls gunicorn.app.wsgiapp.run, the `gunicorn` console script's entry point: the arbiter runs in the interpreter's process", source: gh("benoitc/gunicorn", "65ac1a3a4c0aa00960968c720d6e6bd2ac32f1b9", "gunicorn/__main__.py#L10") },
  { module: "supervisor.supervisord", program: "supervisord", note: "the module's main() is the `supervisord` console script's entry point", source: gh("Supervisor/supervisor", "abc60468ea4b78c446cf3a194f6fccb83d90f670", "supervisor/supervisord.py#L393") },
  { module: "celery", program: "celery", note: "__main__'s main() runs celery.bin.celery.main, the `celery` umbrella command", source: gh("celery/celery", "5dc781f0bd5f36186bfcc74e0a4f9f654452c69b", "celery/__main__.py#L15") },
  { module: "hypercorn", program: "hypercorn", note: "__main__'s main() is the `hypercorn` command", source: gh("pgjones/hypercorn", "0e2311f1ad2ae587aaa590f3824f59aa5dc0e770", "src/hypercorn/__main__.py#L316") },
  { module: "daphne", program: "daphne", note: "__main__ runs CommandLineInterface.entrypoint(), the `daphne` command", source: gh("django/daphne", "c19f2f4301cc0c26fbf7ed2080eace9e76aec3b6", "daphne/__main__.py#L3") },
  { module: "granian", program: "granian", note: "__main__ runs granian.cli.entrypoint(), the `granian` command", source: gh("emmett-framework/granian", "9a20b1742b97ab8e85f58220f98f1d14e35387c3", "granian/__main__.py#L4") },
];

/** Options of the python command that take the next word as their value. */
const WITH_VALUE = new Set(["-W", "-X", "--check-hash-based-pycs"]);

/**
 * For `python [options] -m module args…`: the entry for the module and where its arguments start, or null (another
 * module, `-c`, a script, or an option not read here).
 */
export function pythonModule(args: readonly string[], table: PythonModuleEntry[] = PYTHON_MODULES): { entry: PythonModuleEntry; rest: number } | null {
  let i = 0;
  while (i < args.length && args[i]!.startsWith("-")) {
    const a = args[i]!;
    if (a === "-m" || a.startsWith("-m")) {
      const module = a === "-m" ? args[i + 1] : a.slice(2);
      const entry = table.find((e) => e.module === module);
      return entry ? { entry, rest: a === "-m" ? i + 2 : i + 1 } : null;
    }
    if (a === "-c" || a === "-" || a === "--") return null;
    if (!/^-[bBdEhiIOqsSuvVxP]+$/.test(a) && !WITH_VALUE.has(a) && !/^-[WX]./.test(a)) return null;
    i += WITH_VALUE.has(a) ? 2 : 1;
  }
  return null;
}
