// Entrypoints with a `#!` interpreter other than a shell, and Python launchers that exec.
import { describe, expect, it } from "vitest";
import { isShellInterpreter, pythonExec, shebang } from "../../src/model/launcher.js";

describe("shebang", () => {
  it("reads the interpreter, through env and its options", () => {
    expect(shebang("#!/usr/bin/env python3\nprint(1)\n")).toEqual(["python3"]);
    expect(shebang("#!/usr/bin/env -S node --enable-source-maps\n")).toEqual(["node", "--enable-source-maps"]);
    expect(shebang("#!/bin/sh -e\n")).toEqual(["/bin/sh", "-e"]);
    expect(shebang("\uFEFF#!/usr/local/bin/python -u\r\n")).toEqual(["/usr/local/bin/python", "-u"]);
    expect(shebang("echo hi\n")).toBeNull();
    expect(isShellInterpreter(["/bin/bash"])).toBe(true);
    expect(isShellInterpreter(["python3"])).toBe(false);
  });
});

describe("pythonExec", () => {
  it("follows a literal argv", () => {
    const py = 'import os\nprepare()\nos.execvp("gunicorn", ["gunicorn", "-c", "conf.py", "app:app"])\n';
    expect(pythonExec(py)).toEqual({ kind: "argv", argv: ["gunicorn", "-c", "conf.py", "app:app"], line: 3 });
  });

  it("knows the interpreter re-executing itself, also through gosu with an argv that starts from sys.executable", () => {
    const py = [
      "import os, sys",
      "def main(args, environ):",
      "    args = [sys.executable] + args",
      "    if owner:",
      '        args = ["gosu", owner] + args',
      '        os.execve("/usr/sbin/gosu", args, environ)',
      "    else:",
      "        os.execve(sys.executable, args, environ)",
    ].join("\n");
    expect(pythonExec(py)).toEqual({ kind: "self", line: 8, via: null });
    expect(pythonExec(py.replace("os.execve(sys.executable, args, environ)", "pass"))).toEqual({ kind: "self", line: 6, via: "gosu" });
  });

  it("is computed when the program or its argv is only known at run time, and null without os.exec*", () => {
    expect(pythonExec("import os\nos.execvp(cmd[0], cmd)\n")).toMatchObject({ kind: "computed", line: 2 });
    expect(pythonExec('import os\nos.execv("/app/server", args)\n')).toMatchObject({ kind: "computed" });
    expect(pythonExec("import subprocess\nsubprocess.run(['x'])\n")).toBeNull();
  });
});
