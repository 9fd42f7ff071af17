import fs from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { lint } from "../../src/engine/index.js";
import { FileStore } from "../../src/files.js";
import { describeOrigin, dockerignoreMatcher, expandShellRaw, imageFsFor, inferContextDir, locateInStage, routeText, traceFile, type FileOrigin } from "../../src/model/image-fs.js";
import { parseDockerfile } from "../../src/parse/dockerfile.js";
import { HELPERS, helperCommandIndex } from "../../src/knowledge/downloads.js";
import { project } from "../helpers.js";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function setup(files: Record<string, string>, opts: { dockerfile?: string; context?: string; stage?: string } = {}) {
  const dir = project(files);
  dirs.push(dir);
  const store = new FileStore(dir, ["."]);
  const r = store.read(path.join(dir, opts.dockerfile ?? "Dockerfile"), "dockerfile");
  if (!r.ok) throw new Error(r.message);
  const { model } = parseDockerfile(r.file);
  const stage = opts.stage ? model.stages.find((s) => s.name === opts.stage)! : model.stages[model.stages.length - 1]!;
  const contextDir = path.join(dir, opts.context ?? ".");
  return { dir, store, stage, contextDir };
}

async function trace(files: Record<string, string>, target: string, opts: { dockerfile?: string; context?: string; stage?: string } = {}) {
  const s = setup(files, opts);
  const origin = await traceFile(s.store, s.stage, s.contextDir, target);
  return { ...s, origin, rel: (o: FileOrigin) => (o.kind === "context" ? path.relative(s.dir, o.path) : null) };
}

const steps = (o: FileOrigin) => o.steps.map((s) => `${s.text} @${s.line}`);

// A Go service whose build stage stages the final file system: the entrypoint reaches the image through
// `COPY . /src`, `RUN cp … app/` in /staging and `COPY --from=builder /staging /`; the wait script is downloaded.
const STAGED: Record<string, string> = {
  Dockerfile: [
    "FROM golang:1.22-alpine AS builder", // 1
    "WORKDIR /src", // 2
    'RUN wget -q "https://raw.githubusercontent.com/vishnubob/wait-for-it/master/wait-for-it.sh" -O wait-for-it.sh && \\', // 3
    "    chmod +x wait-for-it.sh", // 4
    "COPY go.mod ./", // 5
    "COPY . /src", // 6
    "RUN CGO_ENABLED=0 go build -ldflags \"-s -w\" -o pulse ./cmd/pulse", // 7
    "WORKDIR /staging", // 8
    "RUN mkdir ./app ./data && \\", // 9
    "    # the program, the wait script and the entrypoint", // 10
    "    cp /src/pulse app/ && \\", // 11
    "    cp /src/wait-for-it.sh app/ && \\", // 12
    "    cp /src/docker/entrypoint.sh app/", // 13
    "", // 14
    "FROM alpine:3.20", // 15
    "WORKDIR /app", // 16
    "COPY --from=builder /staging /", // 17
    "ENTRYPOINT /app/entrypoint.sh", // 18
    "",
  ].join("\n"),
  "docker/entrypoint.sh": '#!/bin/sh\nexec ./wait-for-it.sh db:5432 -t 60 -- ./pulse\n',
  "go.mod": "module example.com/pulse\n",
  ".dockerignore": "pulse\n*.md\n",
};

describe("files through the build", () => {
  it("follows COPY . /src → RUN cp (WORKDIR-relative, after comment lines) → COPY --from=<stage> to the context file", async () => {
    const { origin, rel } = await trace(STAGED, "/app/entrypoint.sh");
    expect(origin.kind).toBe("context");
    expect(rel(origin)).toBe("docker/entrypoint.sh");
    expect(steps(origin)).toEqual(["COPY . /src @6", "RUN cp /src/docker/entrypoint.sh app/ @13", "COPY --from=builder /staging / @17"]);
    expect(routeText(origin, "Dockerfile")).toBe("COPY . /src (Dockerfile:6) → RUN cp /src/docker/entrypoint.sh app/ (Dockerfile:13) → COPY --from=builder /staging / (Dockerfile:17)");
  });

  it("names a program built by `CGO_ENABLED=0 go build -o` with the line that built it", async () => {
    const { origin } = await trace(STAGED, "/app/pulse");
    expect(origin).toMatchObject({ kind: "built", program: "pulse", language: "Go", tool: "go build" });
    expect(steps(origin)[0]).toBe('RUN CGO_ENABLED=0 go build -ldflags "-s -w" -o pulse ./cmd/pulse @7');
    expect(describeOrigin("pulse", origin, "Dockerfile")).toBe("pulse, a Go binary built at Dockerfile:7");
  });

  it("recognises a downloaded wait-for-it.sh by its URL and says what it does as a process", async () => {
    const { origin } = await trace(STAGED, "/app/wait-for-it.sh");
    expect(origin.kind).toBe("download");
    if (origin.kind !== "download") return;
    expect(origin.helper?.id).toBe("vishnubob/wait-for-it");
    expect(origin.helper?.runs).toBe("exec-after-double-dash");
    expect(origin.helper?.background.map((b) => b.orphans)).toEqual(["busybox-timeout"]);
    expect(origin.helper?.source).toMatch(/^https:\/\/github\.com\/vishnubob\/wait-for-it\//);
    expect(steps(origin)[0]).toMatch(/^RUN wget -q .* @3$/);
  });

  it("locateInStage returns the kinds the chain follows, with descriptions", async () => {
    const s = setup(STAGED);
    const script = await locateInStage(s.store, s.stage, s.contextDir, ["/app/entrypoint.sh"]);
    expect(script.kind).toBe("file");
    const bin = await locateInStage(s.store, s.stage, s.contextDir, ["/app/pulse"]);
    expect(bin.kind).toBe("not-local");
    expect(bin.description).toBe("pulse, a Go binary built at Dockerfile:7");
    expect(bin.knowledge?.verdict).toBe("non-reaper");
    const helper = await locateInStage(s.store, s.stage, s.contextDir, ["/app/wait-for-it.sh"]);
    expect(helper.kind).toBe("helper");
    expect(helper.description).toBe("wait-for-it.sh, vishnubob's wait-for-it.sh downloaded at Dockerfile:3");
    const none = await locateInStage(s.store, s.stage, s.contextDir, ["/usr/local/bin/node", "/usr/bin/node"]);
    expect(none.kind).toBe("none");
  });

  it("an unknown download is unknown, with its URL", async () => {
    const s = setup({ Dockerfile: "FROM alpine\nADD https://example.com/tools/start.sh /start.sh\nCMD /start.sh\n" });
    const r = await locateInStage(s.store, s.stage, s.contextDir, ["/start.sh"]);
    expect(r).toMatchObject({ kind: "not-local", why: "a download (https://example.com/tools/start.sh, Dockerfile:2)" });
    expect(r.origin).toMatchObject({ kind: "download", helper: null });
  });

  it(".dockerignore keeps a file out of the context copy; `!` lets it back in; <Dockerfile>.dockerignore wins", async () => {
    const files = { Dockerfile: "FROM alpine\nCOPY . /app/\n", "start.sh": "#!/bin/sh\n", "dev.sh": "#!/bin/sh\n", ".dockerignore": "*.sh\n!start.sh\n" };
    const a = await trace(files, "/app/start.sh");
    expect(a.origin.kind).toBe("context");
    const b = await trace(files, "/app/dev.sh");
    expect(b.origin).toMatchObject({ kind: "base", steps: [] });
    const c = await trace({ ...files, "Dockerfile.dockerignore": "start.sh\n" }, "/app/start.sh");
    expect(c.origin.kind).toBe("base");
    const d = await trace({ ...files, "Dockerfile.dockerignore": "start.sh\n" }, "/app/dev.sh");
    expect(d.origin.kind).toBe("context");
  });

  it("follows cd and && / ; chains, mv, install -D, ln -s (relative and absolute) and a heredoc RUN", async () => {
    const files = {
      Dockerfile: [
        "FROM debian:12-slim",
        "COPY docker /opt/src/docker",
        "RUN cd /opt/src && mv docker/run.sh docker/run; cd docker && install -D -m 0755 run /opt/app/bin/run",
        "RUN <<EOF",
        "set -e",
        "cd /opt/app/bin",
        "ln -sf bin/run ../start",
        "ln -s /opt/app/bin/run /usr/local/bin/app-run",
        "EOF",
        "RUN chmod +x /opt/app/start && mkdir -p /var/lib/app",
        'CMD ["app-run"]',
        "",
      ].join("\n"),
      "docker/run.sh": "#!/bin/sh\nexec node server.js\n",
    };
    for (const target of ["/opt/app/bin/run", "/opt/app/start", "/usr/local/bin/app-run"]) {
      const { origin, rel } = await trace(files, target);
      expect(origin.kind, target).toBe("context");
      expect(rel(origin), target).toBe("docker/run.sh");
    }
    const { origin } = await trace(files, "/usr/local/bin/app-run");
    expect(steps(origin)).toEqual([
      "COPY docker /opt/src/docker @2",
      "RUN mv docker/run.sh docker/run @3",
      "RUN install -D -m 0755 run /opt/app/bin/run @3",
      "RUN ln -s /opt/app/bin/run /usr/local/bin/app-run @8",
    ]);
  });

  it("a file copied in a stage another is built FROM, COPY --from=<index>, several sources, globs and --parents", async () => {
    const files = {
      Dockerfile: [
        "FROM python:3.12-slim AS base",
        "COPY bin/entry.sh bin/wait.sh /usr/local/bin/",
        "FROM base AS app",
        "COPY scripts/*.sh /opt/scripts/",
        "COPY --parents conf/app/settings.ini /etc/",
        "FROM alpine AS tools",
        "COPY --from=0 /usr/local/bin/entry.sh /entry.sh",
        "",
      ].join("\n"),
      "bin/entry.sh": "#!/bin/sh\n",
      "bin/wait.sh": "#!/bin/sh\n",
      "scripts/migrate.sh": "#!/bin/sh\n",
      "conf/app/settings.ini": "[x]\n",
    };
    expect((await trace(files, "/usr/local/bin/wait.sh", { stage: "app" })).origin.kind).toBe("context");
    const g = await trace(files, "/opt/scripts/migrate.sh", { stage: "app" });
    expect(g.rel(g.origin)).toBe("scripts/migrate.sh");
    expect((await trace(files, "/opt/scripts/other.sh", { stage: "app" })).origin.kind).toBe("base");
    const p = await trace(files, "/etc/conf/app/settings.ini", { stage: "app" });
    expect(p.rel(p.origin)).toBe("conf/app/settings.ini");
    const i = await trace(files, "/entry.sh", { stage: "tools" });
    expect(i.rel(i.origin)).toBe("bin/entry.sh");
  });

  it("a later COPY read as a directory copy does not hide the earlier instruction that made the file", async () => {
    const files = {
      Dockerfile: [
        "FROM rust:1.80 AS build",
        "ARG TARGET",
        "WORKDIR /app",
        "COPY . .",
        'RUN cargo build --release && ln -vfsr "/app/target/${TARGET}/release" /app/target/final',
        "FROM debian:12-slim",
        "WORKDIR /",
        "COPY docker/start.sh /",
        "COPY --from=build /app/target/final/server .",
        'CMD ["/start.sh"]',
        "",
      ].join("\n"),
      "docker/start.sh": "#!/bin/sh\nexec /server\n",
      "Cargo.toml": '[package]\nname = "server"\n',
    };
    const a = await trace(files, "/start.sh");
    expect(a.rel(a.origin)).toBe("docker/start.sh");
    const b = await trace(files, "/server");
    expect(b.origin.kind).toBe("unknown");
  });

  it("an image the repository builds is read through its own Dockerfile (FROM <image>, COPY --from=<image>)", async () => {
    const dir = project({
      "base/Dockerfile": "FROM alpine:3.20\nCOPY entry.sh /usr/local/bin/entry.sh\n",
      "base/entry.sh": "#!/bin/sh\nexec \"$@\"\n",
      "app/Dockerfile": "FROM acme/base:1\nCOPY --from=acme/base:1 /usr/local/bin/entry.sh /opt/entry.sh\nCMD [\"entry.sh\"]\n",
    });
    dirs.push(dir);
    const store = new FileStore(dir, ["."]);
    const parse = (rel: string) => {
      const r = store.read(path.join(dir, rel), "dockerfile");
      if (!r.ok) throw new Error(r.message);
      return parseDockerfile(r.file).model.stages;
    };
    const base = parse("base/Dockerfile")[0]!;
    const app = parse("app/Dockerfile")[0]!;
    imageFsFor(store).setImageBuilds((image) => (image.startsWith("acme/base") ? { stage: base, contextDir: path.join(dir, "base") } : null));
    const a = await traceFile(store, app, path.join(dir, "app"), "/usr/local/bin/entry.sh");
    expect(a.kind === "context" && path.relative(dir, a.path)).toBe("base/entry.sh");
    expect(routeText(a, "Dockerfile")).toBe("COPY entry.sh /usr/local/bin/entry.sh (Dockerfile:2) → FROM acme/base:1 (Dockerfile:1)");
    const b = await traceFile(store, app, path.join(dir, "app"), "/opt/entry.sh");
    expect(b.kind === "context" && path.relative(dir, b.path)).toBe("base/entry.sh");
    expect(b.steps.map((s) => s.keyword)).toEqual(["COPY", "COPY"]);
  });

  it("COPY --from=<image> is outside the repository; a well-known helper image is recognised", async () => {
    const files = {
      Dockerfile: "FROM debian:12\nCOPY --from=jwilder/dockerize:0.9 /usr/local/bin/dockerize /usr/local/bin/\nCOPY --from=example/tools:1 /bin/start.sh /start.sh\n",
    };
    const s = setup(files);
    const start = await locateInStage(s.store, s.stage, s.contextDir, ["/start.sh"]);
    expect(start.kind).toBe("not-local");
    if (start.kind === "not-local") expect(start.why).toBe("the image example/tools:1 (COPY --from=example/tools:1 /bin/start.sh /start.sh at Dockerfile:3), outside the repository");
    const dz = await locateInStage(s.store, s.stage, s.contextDir, ["/usr/local/sbin/dockerize", "/usr/local/bin/dockerize"]);
    expect(dz.kind).toBe("helper");
    if (dz.kind === "helper") expect(dz.helper.runs).toBe("child-after-options");
  });

  it("says why a route cannot be followed: a variable path, a file a RUN writes, and reads a heredoc it writes", async () => {
    const files = {
      Dockerfile: [
        "FROM alpine",
        "ARG SRC",
        'RUN cp "$SRC/start.sh" /start.sh',
        "RUN echo 'exec app' > /gen.sh && printf x >>/var/log/x.log",
        "RUN cat > /here.sh <<'EOS'",
        "#!/bin/sh",
        "exec crond -f",
        "EOS",
        "ENV APP_HOME=/srv/app",
        'RUN mkdir -p "$APP_HOME" && cp /here.sh "${APP_HOME}/run.sh"',
        "",
      ].join("\n"),
    };
    const v = await trace(files, "/start.sh");
    expect(v.origin.kind).toBe("unknown");
    if (v.origin.kind === "unknown") expect(v.origin.why).toMatch(/variable path/);
    const g = await trace(files, "/gen.sh");
    expect(g.origin.kind).toBe("generated");
    if (g.origin.kind === "generated") expect(g.origin.why).toContain("echo 'exec app' > /gen.sh");
    const h = await trace(files, "/srv/app/run.sh");
    expect(h.origin.kind).toBe("heredoc");
    if (h.origin.kind === "heredoc") {
      expect(h.origin.text).toBe("#!/bin/sh\nexec crond -f\n");
      expect(h.origin.expanded).toBe(false);
    }
    expect(steps(h.origin).map((s) => s.replace(/ @\d+$/, ""))).toEqual(["RUN cat > /here.sh <<'EOS'", 'RUN cp /here.sh "${APP_HOME}/run.sh"']);
  });

  it("the shell's word rules: quotes, ${X:-default}, unknown variables and command substitutions", () => {
    const vars = new Map([["A", "/opt"], ["E", ""]]);
    expect(expandShellRaw('"$A"/bin', vars)).toBe("/opt/bin");
    expect(expandShellRaw("'$A'", vars)).toBe("$A");
    expect(expandShellRaw("${B:-/usr}/x", vars)).toBe("/usr/x");
    expect(expandShellRaw("${E:-d}", vars)).toBe("d");
    expect(expandShellRaw("${E-d}", vars)).toBe("");
    expect(expandShellRaw("$B/x", vars)).toBeNull();
    expect(expandShellRaw("$(pwd)/x", vars)).toBeNull();
  });
});

describe("what a built program is", () => {
  it("cargo build --release: target/release/<name> per Cargo.toml [[bin]]; other names are not claimed", async () => {
    const files = {
      Dockerfile: [
        "FROM rust:1.80 AS build",
        "WORKDIR /usr/src/app",
        "COPY Cargo.toml Cargo.lock ./",
        "COPY src src",
        "RUN cargo build --release --locked",
        "FROM debian:12-slim",
        "COPY --from=build /usr/src/app/target/release/ledgerd /usr/local/bin/ledgerd",
        "COPY --from=build /usr/src/app/target/release/helper /usr/local/bin/helper",
        "",
      ].join("\n"),
      "Cargo.toml": '[package]\nname = "ledger"\nversion = "0.1.0"\n\n[[bin]]\nname = "ledgerd"\npath = "src/main.rs"\n',
      "Cargo.lock": "",
      "src/main.rs": "fn main() {}\n",
    };
    const a = await trace(files, "/usr/local/bin/ledgerd");
    expect(a.origin).toMatchObject({ kind: "built", language: "Rust", tool: "cargo build" });
    expect(describeOrigin("ledgerd", a.origin, "Dockerfile")).toBe("ledgerd, a Rust binary built at Dockerfile:5");
    // `helper` is not a binary of this Cargo.toml: nothing in the build made it
    const b = await trace(files, "/usr/local/bin/helper");
    expect(b.origin).toMatchObject({ kind: "base", steps: [] });
  });

  it("cargo install, go install, nim c, dotnet publish, gcc -o, zig build", async () => {
    const cases: [string, string, string, string][] = [
      ["FROM rust:1 AS b\nWORKDIR /src\nCOPY . .\nRUN cargo install --path . --root /out\nFROM debian\nCOPY --from=b /out/bin/tool /usr/bin/tool\n", "/usr/bin/tool", "Rust", "cargo install"],
      ["FROM golang:1.23\nWORKDIR /src\nCOPY . .\nRUN go install ./cmd/worker\n", "/go/bin/worker", "Go", "go install"],
      ["FROM nimlang/nim:2.0 AS b\nWORKDIR /app\nCOPY . .\nRUN nim c -d:release --opt:speed src/bot.nim\nFROM alpine\nCOPY --from=b /app/src/bot /bot\n", "/bot", "Nim", "nim c"],
      ["FROM mcr.microsoft.com/dotnet/sdk:8.0 AS b\nWORKDIR /src\nCOPY . .\nRUN dotnet publish Api/Api.csproj -c Release -o /app/publish\nFROM mcr.microsoft.com/dotnet/aspnet:8.0\nCOPY --from=b /app/publish /app\n", "/app/Api.dll", ".NET", "dotnet publish"],
      ["FROM gcc:13 AS b\nCOPY hello.c /tmp/\nRUN cd /tmp && gcc -O2 -static -o hello hello.c\nFROM scratch\nCOPY --from=b /tmp/hello /hello\n", "/hello", "C", "gcc"],
      ["FROM alpine AS b\nRUN apk add zig\nWORKDIR /w\nCOPY . .\nRUN zig build -Doptimize=ReleaseSafe --prefix /usr/local\nFROM alpine\nCOPY --from=b /usr/local/bin/srv /srv\n", "/srv", "Zig", "zig build"],
    ];
    for (const [df, target, language, tool] of cases) {
      const { origin } = await trace({ Dockerfile: df, "Cargo.toml": '[package]\nname = "tool"\n' }, target);
      expect(origin, df).toMatchObject({ kind: "built", language, tool });
    }
  });

  it("a file a toolchain stage made with a build the model does not read is that language's program", async () => {
    const { origin } = await trace({ Dockerfile: "FROM golang:1.23 AS b\nWORKDIR /app\nCOPY . .\nRUN make build\nFROM alpine\nCOPY --from=b /app/bin/server /server\n" }, "/server");
    expect(origin).toMatchObject({ kind: "built", language: "Go", program: "server" });
    expect(describeOrigin("server", origin, "Dockerfile")).toBe("server, a Go binary built in stage b (golang:1.23) (Dockerfile:4)");
  });

  it("go build without -o is named after the module or the package", async () => {
    const a = await trace({ Dockerfile: "FROM golang:1.23\nWORKDIR /src\nCOPY . .\nRUN go build\n", "go.mod": "module github.com/acme/tracker/v2\n" }, "/src/tracker");
    expect(a.origin.kind).toBe("built");
    const b = await trace({ Dockerfile: "FROM golang:1.23\nWORKDIR /src\nCOPY . .\nRUN go build main.go\n" }, "/src/main");
    expect(b.origin.kind).toBe("built");
  });
});

describe("downloaded helpers", () => {
  it("curl -o, wget -P, a tarball piped to tar, and a package", async () => {
    const files = {
      Dockerfile: [
        "FROM debian:12-slim",
        "RUN curl -fsSLo /usr/local/bin/wait-for https://raw.githubusercontent.com/eficode/wait-for/v2.2.4/wait-for",
        "RUN curl -sSL https://github.com/jwilder/dockerize/releases/download/v0.7.0/dockerize-linux-amd64-v0.7.0.tar.gz | tar -xzC /usr/local/bin",
        "RUN wget -q -P /opt https://example.org/run.sh",
        "RUN apt-get update && apt-get install -y --no-install-recommends wait-for-it && rm -rf /var/lib/apt/lists/*",
        "",
      ].join("\n"),
    };
    const a = await trace(files, "/usr/local/bin/wait-for");
    expect(a.origin).toMatchObject({ kind: "download", helper: { id: "eficode/wait-for" } });
    const b = await trace(files, "/usr/local/bin/dockerize");
    expect(b.origin).toMatchObject({ kind: "download", how: "archive", helper: { id: "jwilder/dockerize" } });
    // a file the archive is not known to hold is not attributed to it
    expect((await trace(files, "/usr/local/bin/other")).origin.kind).toBe("base");
    const c = await trace(files, "/opt/run.sh");
    expect(c.origin).toMatchObject({ kind: "download", url: "https://example.org/run.sh", helper: null });
    const d = await trace(files, "/usr/bin/wait-for-it");
    expect(d.origin).toMatchObject({ kind: "package", manager: "apt-get", helper: { id: "vishnubob/wait-for-it" } });
  });
});

describe(".dockerignore patterns (moby patternmatcher)", () => {
  it("matches files, their parent directories, ** and ! exceptions, last match wins", () => {
    const m = dockerignoreMatcher("# comment\nnode_modules\n**/*.md\n!docs/keep.md\n/tmp/*\nbuild/\n");
    expect(m("node_modules/x/index.js")).toBe(true);
    expect(m("README.md")).toBe(true);
    expect(m("a/b/c.md")).toBe(true);
    expect(m("docs/keep.md")).toBe(false);
    expect(m("tmp/x")).toBe(true);
    expect(m("tmp")).toBe(false);
    expect(m("build/out/app")).toBe(true);
    expect(m("src/main.go")).toBe(false);
  });
});

describe("the chain through the build", () => {
  it("reads the staged entrypoint and reaches the built program", async () => {
    const dir = project({ ...STAGED, "compose.yaml": "services:\n  pulse:\n    build: .\n    restart: always\n" });
    dirs.push(dir);
    const r = await lint(["."], { cwd: dir });
    const c = r.model!.containers.find((x) => x.name === "pulse")!;
    expect(c.chain.verdict).toBe("non-reaper");
    expect(c.chain.program).toBe("pulse");
    expect(c.chain.hops.some((h) => h.text.includes("exec ./wait-for-it.sh"))).toBe(true);
    expect(c.chain.orphanRisks.length).toBeGreaterThan(0);
  });
});

describe("the build context of a Dockerfile nothing runs", () => {
  it("is the nearest directory, from the Dockerfile's up, that holds what it copies", () => {
    const dir = project({
      "docker/Dockerfile.alpine": "FROM alpine\nCOPY docker/start.sh docker/healthcheck.sh /\nCOPY Cargo.toml src ./\nCMD [\"/start.sh\"]\n",
      "docker/start.sh": "#!/bin/sh\n",
      "docker/healthcheck.sh": "#!/bin/sh\n",
      "Cargo.toml": "",
      "src/main.rs": "",
      "tools/Dockerfile": "FROM alpine\nCOPY run.sh /\n",
      "tools/run.sh": "#!/bin/sh\n",
      "web/Dockerfile": "FROM nginx\nRUN echo hi\n",
    });
    dirs.push(dir);
    const store = new FileStore(dir, ["."]);
    const stagesOf = (rel: string) => {
      const r = store.read(path.join(dir, rel), "dockerfile");
      if (!r.ok) throw new Error(r.message);
      return parseDockerfile(r.file).model.stages;
    };
    expect(inferContextDir(store, stagesOf("docker/Dockerfile.alpine"), path.join(dir, "docker"), dir)).toBe(dir);
    expect(inferContextDir(store, stagesOf("tools/Dockerfile"), path.join(dir, "tools"), dir)).toBe(path.join(dir, "tools"));
    expect(inferContextDir(store, stagesOf("web/Dockerfile"), path.join(dir, "web"), dir)).toBeNull();
  });
});

describe("well-known helpers: where the command they run starts", () => {
  const h = (id: string) => HELPERS.find((x) => x.id === id)!;
  it("after --, after options (with values), after the user, or none", () => {
    expect(helperCommandIndex(h("vishnubob/wait-for-it"), ["db:5432", "-s", "-t", "60", "--", "./app", "serve"])).toBe(5);
    expect(helperCommandIndex(h("vishnubob/wait-for-it"), ["db:5432"])).toBeNull();
    expect(helperCommandIndex(h("jwilder/dockerize"), ["-wait", "tcp://db:5432", "-timeout", "60s", "-no-overwrite", "app", "--port", "80"])).toBe(5);
    expect(helperCommandIndex(h("jwilder/dockerize"), ["-wait=tcp://db:5432", "app"])).toBe(1);
    expect(helperCommandIndex(h("krallin/tini"), ["-s", "--", "node", "server.js"])).toBe(2);
    expect(helperCommandIndex(h("tianon/gosu"), ["app", "node", "server.js"])).toBe(1);
    expect(helperCommandIndex(h("ufoscout/docker-compose-wait"), [])).toBeNull();
  });
});
