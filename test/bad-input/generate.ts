// Materialises the bad-input corpus (fixtures/bad-input/<case>/) into a directory at test time: the
// committed files of each case are copied, and the big, binary, symlinked or unreadable ones are
// generated here (never committed). See fixtures/bad-input/README.md for expect.json.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const CASES_DIR = path.join(ROOT, "fixtures/bad-input");

export interface ExpectedDiagnostic {
  rule: string;
  /** relative to the case directory, POSIX */
  file: string;
  line: number;
  /** a substring of the message */
  message?: string;
}

export interface Expect {
  description: string;
  /** generator name (below) that adds files to the case */
  generate?: string;
  /** CLI arguments after the options (default ["."]) */
  args?: string[];
  /** expected exit code of `compose-lint --format json <args>` */
  exit: number;
  /** wall-time bound for the whole CLI run */
  maxMs: number;
  /** resident memory bound (MiB) */
  maxRssMiB?: number;
  diagnostics: ExpectedDiagnostic[];
  /** rules that must not be reported (e.g. parse-error for a file that must lint normally) */
  forbid?: string[];
  /** run the CLI as the `nobody` user (a file that root could still read) */
  runAs?: "nobody";
}

export function caseNames(): string[] {
  return fs
    .readdirSync(CASES_DIR, { withFileTypes: true })
    .filter((e) => e.isDirectory() && fs.existsSync(path.join(CASES_DIR, e.name, "expect.json")))
    .map((e) => e.name)
    .sort();
}

export function readExpect(name: string): Expect {
  return JSON.parse(fs.readFileSync(path.join(CASES_DIR, name, "expect.json"), "utf8")) as Expect;
}

/** Deterministic pseudo-random bytes (mulberry32). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function copyTree(from: string, to: string): void {
  fs.mkdirSync(to, { recursive: true });
  for (const e of fs.readdirSync(from, { withFileTypes: true })) {
    if (e.name === "expect.json") continue;
    const a = path.join(from, e.name);
    const b = path.join(to, e.name);
    if (e.isDirectory()) copyTree(a, b);
    else fs.copyFileSync(a, b);
  }
}

const write = (dir: string, rel: string, text: string | Buffer): void => {
  fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
  fs.writeFileSync(path.join(dir, rel), text);
};

/** A service block list under `services:` for n services (big legitimate files). */
function services(n: number, each: (i: number) => string): string {
  const parts: string[] = [];
  for (let i = 0; i < n; i++) parts.push(each(i));
  return parts.join("");
}

type Generator = (dir: string, outside: string) => void;

export const GENERATORS: Record<string, Generator> = {
  "merge-keys-1000": (dir) => {
    const head = "x-defaults: &defaults\n  image: node:20\n  command: [\"node\", \"server.js\"]\n  restart: unless-stopped\nservices:\n";
    write(dir, "compose.yaml", head + services(1000, (i) => `  svc${i}:\n    <<: *defaults\n`));
  },
  "realworld-aliases": (dir) => {
    const head = [
      "x-logging: &logging",
      "  driver: json-file",
      "  options:",
      "    max-size: \"10m\"",
      "    max-file: \"3\"",
      "x-healthcheck: &healthcheck",
      "  interval: 30s",
      "  timeout: 5s",
      "  retries: 3",
      "x-env: &env",
      "  TZ: UTC",
      "  LOG_LEVEL: info",
      "x-common: &common",
      "  restart: unless-stopped",
      "  logging: *logging",
      "  networks: [backend]",
      "x-node: &node",
      "  <<: *common",
      "  image: node:20",
      "  command: [\"node\", \"server.js\"]",
      "services:",
      "",
    ].join("\n");
    const body = services(40, (i) =>
      i % 2 === 0
        ? `  api${i}:\n    <<: *node\n    environment:\n      <<: *env\n      PORT: "${3000 + i}"\n    healthcheck:\n      <<: *healthcheck\n      test: ["CMD", "curl", "-f", "http://localhost:${3000 + i}/health"]\n    logging: *logging\n`
        : `  web${i}:\n    <<: [*common]\n    image: nginx:1.27\n    environment: *env\n    healthcheck: *healthcheck\n`,
    );
    write(dir, "compose.yaml", head + body + "networks:\n  backend: {}\n");
  },
  "deep-flow-10000": (dir) => write(dir, "compose.yaml", `services:\n  web:\n    image: nginx\n    x: ${"[".repeat(10_000)}${"]".repeat(10_000)}\n`),
  "deep-seq-10000": (dir) => write(dir, "compose.yaml", `services:\n  web:\n    image: nginx\n    x:\n      ${"- ".repeat(10_000)}a\n`),
  "deep-300": (dir) => write(dir, "compose.yaml", `services:\n  web:\n    image: nginx\n    x: ${"[".repeat(300)}${"]".repeat(300)}\n`),
  "big-50mb": (dir) => {
    const chunk = services(2000, (i) => `  svc${i}-PLACEHOLDER:\n    image: registry.example.com/team/app:1.2.3\n    command: ["node", "server.js", "--port", "${i}"]\n    labels:\n      com.example.description: "service ${i} with a description long enough to pad the file"\n`);
    const fd = fs.openSync(path.join(dir, "compose.yaml"), "w");
    fs.writeSync(fd, "services:\n");
    let size = 10;
    for (let k = 0; size < 50 * 1024 * 1024; k++) {
      const text = chunk.replaceAll("PLACEHOLDER", String(k));
      fs.writeSync(fd, text);
      size += Buffer.byteLength(text);
    }
    fs.closeSync(fd);
  },
  "big-1mib": (dir) => {
    // just under the 1 MiB bound for parsed files: lints normally, within the time bound
    const parts = ["services:\n"];
    let size = 10;
    for (let i = 0; ; i++) {
      const s = `  svc${i}:\n    image: registry.example.com/team/app-${i}:1.2.3\n    command: ["node", "server.js", "--port", "${i}"]\n    labels:\n      com.example.owner: team-${i % 50}\n`;
      if (size + s.length > 1024 * 1024 - 1024) break;
      parts.push(s);
      size += s.length;
    }
    write(dir, "compose.yaml", parts.join(""));
  },
  binary: (dir) => {
    const r = prng(7);
    const b = Buffer.alloc(64 * 1024);
    for (let i = 0; i < b.length; i++) b[i] = Math.floor(r() * 256);
    b[100] = 0;
    write(dir, "compose.yaml", b);
  },
  "dockerfile-100k-lines": (dir) => {
    const lines = ["FROM node:20"];
    for (let i = 0; lines.length < 100_000 - 3; i++) {
      lines.push(["RUN echo " + i, "ENV V" + i + "=" + i, "COPY f" + i + " /app/", "# note " + i, "LABEL n" + i + "=x"][i % 5]!);
    }
    lines.push("COPY entrypoint.sh /entrypoint.sh", 'ENTRYPOINT ["/entrypoint.sh"]', 'CMD ["node", "server.js"]');
    write(dir, "Dockerfile", lines.join("\n") + "\n");
    write(dir, "entrypoint.sh", "#!/bin/sh\nset -e\nnode \"$@\"\n");
  },
  "script-deep-nesting": (dir) => {
    write(dir, "Dockerfile", 'FROM node:20\nCOPY entrypoint.sh /entrypoint.sh\nENTRYPOINT ["/entrypoint.sh"]\n');
    write(dir, "entrypoint.sh", "#!/bin/sh\n" + "if true; then\n".repeat(5000) + "exec node server.js\n" + "fi\n".repeat(5000));
  },
  "script-deep-parens": (dir) => {
    write(dir, "Dockerfile", 'FROM node:20\nCOPY entrypoint.sh /entrypoint.sh\nENTRYPOINT ["/entrypoint.sh"]\n');
    write(dir, "entrypoint.sh", "#!/bin/sh\n" + "(".repeat(10_000) + "node server.js" + ")".repeat(10_000) + "\n");
  },
  "symlink-loop": (dir) => {
    fs.symlinkSync("compose.yaml", path.join(dir, "compose.yaml"));
    fs.symlinkSync("Dockerfile.b", path.join(dir, "Dockerfile.a"));
    fs.symlinkSync("Dockerfile.a", path.join(dir, "Dockerfile.b"));
    fs.symlinkSync(".", path.join(dir, "again"));
    write(dir, "sub/compose.yaml", "services:\n  web:\n    image: node:20\n    command: [\"node\", \"server.js\"]\n");
    fs.symlinkSync("..", path.join(dir, "sub", "up"));
  },
  "symlink-outside": (dir, outside) => {
    write(outside, "secret/compose.yaml", "services:\n  leaked:\n    image: node:20\n");
    write(outside, "secret/entrypoint.sh", "#!/bin/sh\nexec node server.js\n");
    fs.symlinkSync(path.join(outside, "secret/compose.yaml"), path.join(dir, "compose.yaml"));
    fs.symlinkSync(path.join(outside, "secret"), path.join(dir, "linked"));
    // a build context whose script is a link to a file outside the tree
    write(dir, "app/Dockerfile", 'FROM node:20\nCOPY entrypoint.sh /entrypoint.sh\nENTRYPOINT ["/entrypoint.sh"]\n');
    fs.symlinkSync(path.join(outside, "secret/entrypoint.sh"), path.join(dir, "app/entrypoint.sh"));
  },
  "copy-outside-context": (dir, outside) => {
    // ../../secret.entry from app/ leaves the case directory; ../sibling.entry stays in the tree but leaves the context
    // (names discovery does not lint on their own, so any open of them would come from the build context)
    write(path.dirname(dir), "secret.entry", "#!/bin/sh\nexec node server.js\n");
    void outside;
  },
  "dir-named-dockerfile": (dir) => {
    write(dir, "Dockerfile/README", "a directory named Dockerfile\n");
    write(dir, "compose.yaml", "services:\n  web:\n    build: .\n");
  },
  fifo: (dir) => {
    execFileSync("mkfifo", [path.join(dir, "compose.yaml")]);
    write(dir, "ok/compose.yaml", "services:\n  web:\n    image: node:20\n    command: [\"node\", \"server.js\"]\n");
  },
  "odd-names": (dir) => {
    const svc = "services:\n  web:\n    image: node:20\n    command: [\"node\", \"server.js\"]\n";
    write(dir, "with space/compose.yaml", svc);
    write(dir, "ünïcødé-dir/compose.yaml", svc);
    write(dir, "-rf.yaml", svc);
  },
  unreadable: (dir) => {
    write(dir, "compose.yaml", "services:\n  web:\n    image: node:20\n");
    fs.chmodSync(path.join(dir, "compose.yaml"), 0o000);
    write(dir, "ok/compose.yaml", "services:\n  web:\n    image: node:20\n    command: [\"node\", \"server.js\"]\n");
  },
};

/** Copies and generates one case into `dir`; `outside` is a directory outside every linted path. */
export function materialize(name: string, dir: string, outside: string): Expect {
  const expect = readExpect(name);
  copyTree(path.join(CASES_DIR, name), dir);
  if (expect.generate) {
    const g = GENERATORS[expect.generate];
    if (!g) throw new Error(`${name}: unknown generator ${expect.generate}`);
    fs.mkdirSync(outside, { recursive: true });
    g(dir, outside);
  }
  return expect;
}
