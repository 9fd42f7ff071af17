// Python runners: `python -m module` runs the module in the interpreter's process; `poetry run` and `pipenv run`
// exec their command; `uv run` keeps it as a child.
import fs from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { lint } from "../../src/engine/index.js";
import { KnowledgeBase, pythonModule, PYTHON_MODULES, wrapperCommandIndex } from "../../src/knowledge/index.js";
import { project } from "../helpers.js";

const kb = new KnowledgeBase();
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

async function chainOf(command: string) {
  const dir = project({
    "compose.yaml": `services:\n  web:\n    build: .\n    command: ${command}\n`,
    Dockerfile: "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n",
    "app.py": "def app(environ, start_response): pass\n",
  });
  dirs.push(dir);
  const r = await lint(["."], { cwd: dir });
  return r.model!.containers.find((c) => c.kind === "service")!.chain;
}

describe("python -m", () => {
  it("finds the module after the interpreter's options", () => {
    expect(pythonModule(["-m", "gunicorn", "app:app"])).toMatchObject({ entry: { program: "gunicorn" }, rest: 2 });
    expect(pythonModule(["-u", "-OO", "-W", "ignore", "-m", "celery", "-A", "proj", "worker"])).toMatchObject({ entry: { program: "celery" }, rest: 6 });
    expect(pythonModule(["-mgunicorn", "app:app"])?.rest).toBe(1);
    expect(pythonModule(["-m", "supervisor.supervisord", "-n"])?.entry.program).toBe("supervisord");
    expect(pythonModule(["-m", "http.server"])).toBeNull();
    expect(pythonModule(["-c", "import gunicorn", "-m", "gunicorn"])).toBeNull();
    expect(pythonModule(["app.py", "-m", "gunicorn"])).toBeNull();
    for (const e of PYTHON_MODULES) {
      expect(e.source, e.module).toMatch(/^https:\/\/github\.com\/[\w.-]+\/[\w.-]+\/blob\/[0-9a-f]{40}\/\S+#L\d+$/);
      expect(kb.knows(e.program), e.program).toBe(true);
    }
  });

  it("python -m gunicorn is the gunicorn arbiter, a reaper", async () => {
    const c = await chainOf('["python", "-m", "gunicorn", "app:app", "-b", "0.0.0.0:8000"]');
    expect(c.program).toBe("gunicorn");
    expect(c.verdict).toBe("reaper");
    expect(c.argv).toEqual(["gunicorn", "app:app", "-b", "0.0.0.0:8000"]);
    expect(c.hops.map((h) => h.text)).toContain("python -m gunicorn (runs gunicorn in this process)");
  });

  it("another module leaves the interpreter as PID 1", async () => {
    const c = await chainOf('["python", "-m", "http.server", "8000"]');
    expect(c.program).toBe("python");
  });
});

describe("poetry run, pipenv run, uv run", () => {
  it("are wrappers through their run subcommand only", () => {
    for (const name of ["poetry", "pipenv", "uv"]) {
      const w = kb.wrapper(name)!;
      expect(wrapperCommandIndex(w, ["run", "gunicorn"].map((text) => ({ text }))), name).toBe(1);
      expect(wrapperCommandIndex(w, ["install"].map((text) => ({ text }))), name).toBeNull();
      expect(w.source).toMatch(/^https:\/\/github\.com\/[\w.-]+\/[\w.-]+\/blob\/[0-9a-f]{40}\/\S+#L\d+$/);
    }
  });

  it("poetry run and pipenv run hand PID 1 to the command", async () => {
    for (const runner of ["poetry run", "pipenv run"]) {
      const c = await chainOf(`${runner} gunicorn app:app -w 2`);
      expect(c.program, runner).toBe("gunicorn");
      expect(c.verdict, runner).toBe("reaper");
    }
  });

  it("uv run stays PID 1 with its own facts; uv alone is uv", async () => {
    let c = await chainOf("uv run gunicorn app:app");
    expect(c.program).toBe("uv");
    expect(c.verdict).toBe("non-reaper");
    expect(c.knowledge?.source).toMatch(/astral-sh\/uv/);
    c = await chainOf("uv sync --frozen");
    expect(c.program).toBe("uv");
    expect(c.knowledge?.assumed).toBe(true);
  });
});
