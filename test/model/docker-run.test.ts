import fs from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { lint } from "../../src/engine/index.js";
import { fix } from "../../src/fix/apply.js";
import { findDockerBuilds, findDockerRuns, runIsOneShot, type DockerRunCall } from "../../src/model/docker-run.js";
import { makeSourceFile } from "../../src/source.js";
import { project } from "../helpers.js";

function file(name: string, text: string) {
  return makeSourceFile(`/p/${name}`, text, name.endsWith(".sh") ? "script" : "makefile", "/p");
}
async function runs(text: string, name = "run.sh"): Promise<DockerRunCall[]> {
  return findDockerRuns(file(name, text));
}
/** The file text the call's span covers. */
async function spans(text: string, name = "run.sh"): Promise<string[]> {
  return (await runs(text, name)).map((r) => text.slice(r.span.start, r.span.end));
}

describe("docker run is found where the shell executes it", () => {
  it("not in strings, echo/printf arguments, comments or heredocs fed to cat", async () => {
    const text = [
      'echo "docker run -d node server.js"',
      "printf '%s\\n' 'docker run -d node server.js'",
      "echo docker run -d node server.js",
      "# docker run -d node server.js",
      "cat <<EOF",
      "docker run -d node server.js",
      "EOF",
      "cat <<'EOF'",
      "$(docker run -d node quoted.js)",
      "EOF",
      "x='docker run -d node server.js'",
      "command -v docker run",
      "docker compose run api",
    ].join("\n");
    expect(await runs(text)).toEqual([]);
  });

  it("in commands, wrappers, nested code: $( ), backticks, sh -c, eval, a heredoc fed to bash, an unquoted heredoc's substitution", async () => {
    const text = [
      "sudo -E -u root docker run -d node a.js",
      "exec docker run -d node b.js",
      "env FOO=1 nohup timeout 5m docker run -d node c.js",
      "cid=$(docker run -d node d.js)",
      "id=`podman run -d node e.js`",
      "sh -c 'docker run -d node f.js'",
      "eval \"docker container run -d node g.js\"",
      "bash <<EOF",
      "docker run -d node h.js",
      "EOF",
      "cat <<EOF",
      "started $(docker run -d node i.js)",
      "EOF",
      "if docker run -d node j.js; then :; fi",
      "f() { docker --context prod run -d node k.js; }",
      "$SUDO docker run -d node l.js",
    ].join("\n");
    const found = await runs(text);
    expect(found.map((r) => r.command?.args[0]?.text)).toEqual(["a.js", "b.js", "c.js", "d.js", "e.js", "f.js", "g.js", "h.js", "i.js", "j.js", "k.js", "l.js"]);
    // each span starts at the command itself, so `--init` lands in the executed `docker run`
    expect(found.map((r) => text.slice(r.span.start, r.span.start + 6))).toEqual(["sudo -", "exec d", "env FO", "docker", "podman", "docker", "docker", "docker", "docker", "docker", "docker", "$SUDO "]);
  });

  it("a span ends with the command or with its first line", async () => {
    const text = "docker run -d \\\n  node server.js; echo 'docker run'\ndocker run -d node x.js && echo done\n";
    expect(await spans(text)).toEqual(["docker run -d \\", "docker run -d node x.js"]);
  });

  it("CRLF line ends do not end up in the words", async () => {
    const [r] = await runs("docker run -d node server.js\r\necho ok\r\n");
    expect(r!.command!.args.map((a) => a.text)).toEqual(["server.js"]);
  });
});

describe("options and the image", () => {
  it("skips options with values, grouped and attached short flags, --flag=value, --", async () => {
    const [a, b, c] = await runs(
      [
        'docker run -dit -p8080:80 -eFOO=1 -v "$PWD":/src --name=api -e "A=B" --network host --restart unless-stopped node:22 node server.js',
        "docker run --rm -w /src -- node:22 npm test",
        "docker run -d --entrypoint '' alpine:3.20 sh -c 'sleep infinity'",
      ].join("\n"),
    );
    expect(a).toMatchObject({ image: "node:22", name: "api", detach: true, interactive: true, restart: "unless-stopped", imageUnknown: null });
    expect(a!.command!.args.map((x) => x.text)).toEqual(["node", "server.js"]);
    expect(b).toMatchObject({ image: "node:22", rm: true, detach: false });
    expect(c!.entrypoint!.args).toEqual([]);
    expect(c!.command!.args.map((x) => x.text)).toEqual(["sh", "-c", "sleep infinity"]);
  });

  it("an image from a command substitution is unknown, not a piece of it", async () => {
    const [quoted, bare] = await runs('docker run -d "$(shuf -n 1 images.txt)" serve\ndocker run -d $(shuf -n 1 images.txt) serve\n');
    expect(quoted).toMatchObject({ image: null, imageUnknown: { written: '"$(shuf -n 1 images.txt)"', inOptions: false } });
    expect(quoted!.command!.args.map((x) => x.text)).toEqual(["serve"]);
    // unquoted, it makes as many words as the output has: options, image and command are all unknown
    expect(bare).toMatchObject({ image: null, command: null, imageUnknown: { written: "$(shuf -n 1 images.txt)", inOptions: true } });
  });

  it("array and \"$@\" expansions in front of the image leave the image unknown", async () => {
    const [r] = await runs('docker run -d -t "${platform_args[@]}" -e TZ="Europe/London" "$@" webapp:test\n');
    expect(r).toMatchObject({ image: null, detach: true, imageUnknown: { written: '"${platform_args[@]}"', inOptions: true } });
    expect(r!.command).toBeNull();
  });

  it("variables: literal ones resolve, a tag from the shell is kept as written, others are unknown", async () => {
    const found = await runs('IMAGE=node:22\ndocker run -d "$IMAGE" node a.js\ndocker run -d postgres:${PG_TAG:-16}\ndocker run -d "$OTHER"\n');
    expect(found.map((r) => [r.image, r.imageUnknown?.written ?? null])).toEqual([
      ["node:22", null],
      ["postgres:${PG_TAG:-16}", null],
      [null, '"$OTHER"'],
    ]);
  });

  it("a variable set in the script resolves inside $( ) too", async () => {
    const [r] = await runs('IMAGE=node:22\ncid=$(docker run -d "$IMAGE" node a.js)\n');
    expect(r!.image).toBe("node:22");
  });
});

describe("long-running or not", () => {
  const one = async (line: string, argsToImageProgram = false): Promise<boolean> => runIsOneShot((await runs(line))[0]!, argsToImageProgram);

  it("a command that ends at once is a job even when detached", async () => {
    expect(await one("docker run -d busybox true")).toBe(true);
    expect(await one('docker run -d alpine echo "ready"')).toBe(true);
    expect(await one("docker run -d alpine sh -c 'ls /etc; exit 0'")).toBe(true);
    expect(await one("docker run -d --entrypoint true alpine anything")).toBe(true);
    expect(await one("docker run -d node --version")).toBe(true);
  });

  it("a detached long-running or unknown command stays long-running", async () => {
    expect(await one("docker run -d node server.js")).toBe(false);
    expect(await one("docker run -d alpine sh -c 'while true; do echo; sleep 5; done'")).toBe(false);
    expect(await one("docker run -d alpine sh -c 'echo start; exec crond -f'")).toBe(false);
    expect(await one("docker run -d redis:7")).toBe(false);
    expect(await one("docker run -d myimage")).toBe(false);
    // -i keeps stdin open: cat with no file waits on it
    expect(await one("docker run -di busybox cat")).toBe(false);
    // the image's ENTRYPOINT takes `true` as an argument
    expect(await one("docker run -d myapp true", true)).toBe(false);
  });

  it("--rm in the foreground is a job; --rm with -d, a restart policy or & runs on", async () => {
    expect(await one("docker run --rm node server.js")).toBe(true);
    expect(await one("docker run node npm test")).toBe(true);
    expect(await one("docker run -d --rm node server.js")).toBe(false);
    expect(await one("docker run --restart always node server.js")).toBe(false);
    expect(await one("docker run --rm node server.js &")).toBe(false);
  });
});

describe("Makefiles", () => {
  const MK = [
    "NODE_IMAGE ?= node:22-alpine",
    "REG := ghcr.io/acme",
    "APP = $(REG)/api",
    "JOBS ?= $(shell echo $$(( $(shell docker run --rm alpine nproc) * 2 )))",
    "",
    "define HELP",
    "docker run -d $(APP) serve",
    "endef",
    "",
    "dev:",
    "\t@docker run -d --name dev $(NODE_IMAGE) node server.js",
    "\t-docker run -d $(APP):$(TAG) \\",
    "\t  serve --port 80",
    '\t@echo "restart with: docker run -d $(APP)"',
    "\t# docker run -d commented",
    "\tfor i in 1 2; do docker run -d --name w$$i $(NODE_IMAGE) node w.js; done",
    "\t$(DOCKER) run -d nginx",
    "",
    "probe: ; docker run -d busybox true",
  ].join("\n");

  it("each recipe line is a shell command after make's expansion; spans point into the Makefile", async () => {
    const found = await runs(MK, "Makefile");
    expect(found.map((r) => [r.image, MK.slice(r.span.start, r.span.end)])).toEqual([
      ["alpine", "docker run --rm alpine nproc"],
      ["node:22-alpine", "docker run -d --name dev $(NODE_IMAGE) node server.js"],
      ["ghcr.io/acme/api:$(TAG)", "docker run -d $(APP):$(TAG) \\"],
      ["node:22-alpine", "docker run -d --name w$$i $(NODE_IMAGE) node w.js"],
      ["busybox", "docker run -d busybox true"],
    ]);
    expect(found[2]!.command!.args.map((a) => a.text)).toEqual(["serve", "--port", "80"]);
    expect(found[4]!.exitsAtOnce).toBe(true);
  });

  it("a variable set to two different values is unknown", async () => {
    const [r] = await runs("ifeq ($(CI),1)\nIMG := node:22\nelse\nIMG := python:3.12\nendif\nrun:\n\tdocker run -d $(IMG) serve\n", "Makefile");
    expect(r).toMatchObject({ image: null, imageUnknown: { written: "$(IMG)", inOptions: false } });
  });
});

describe("docker build", () => {
  it("reads tags, -f, --target and the context of executed builds only", async () => {
    const text = [
      'echo "docker build -t fake ."',
      "docker build -t api:dev -f docker/Dockerfile --target run --build-arg X=1 .",
      "docker buildx build --tag=web --platform linux/amd64 web",
      'docker build -t "$TAG" .',
      "docker build -t worker $CTX",
    ].join("\n");
    expect(await findDockerBuilds(file("b.sh", text))).toEqual([
      { tags: ["api:dev"], context: ".", dockerfile: "docker/Dockerfile", target: "run" },
      { tags: ["web"], context: "web", dockerfile: null, target: null },
      { tags: ["worker"], context: "$", dockerfile: null, target: null },
    ]);
  });
});

describe("the --init fix", () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });

  it("goes into the executed command, never into an echo'd one on the same line", async () => {
    const src = 'echo "docker run -d node:22 node x.js"; docker run -d node:22 node server.js\n';
    const d = project({ "start.sh": src });
    dirs.push(d);
    const r = await lint(["."], { cwd: d });
    expect(r.diagnostics.filter((x) => x.rule === "missing-init").map((x) => `${x.line}:${x.column}`)).toEqual(["1:41"]);
    await fix(["."], { cwd: d, unsafe: true, dryRun: false });
    expect(fs.readFileSync(`${d}/start.sh`, "utf8")).toBe('echo "docker run -d node:22 node x.js"; docker run --init -d node:22 node server.js\n');
  });

  it("none when the command is not written as `docker run` (a variable holds the program)", async () => {
    const src = "DOCKER ?= docker\nup:\n\t$(DOCKER) run -d node:22 node server.js\n";
    const d = project({ Makefile: src });
    dirs.push(d);
    const r = await lint(["."], { cwd: d });
    const mi = r.diagnostics.filter((x) => x.rule === "missing-init");
    expect(mi.map((x) => [x.line, x.fix])).toEqual([[3, null]]);
    await fix(["."], { cwd: d, unsafe: true, dryRun: false });
    expect(fs.readFileSync(`${d}/Makefile`, "utf8")).toBe(src);
  });
});
