#!/usr/bin/env node
// Language server benchmark (`npm run bench:lsp`): on a typical project (compose file + Dockerfile + entrypoint
// script), the time from an edit of the script to the new diagnostics of the compose file, the server's first
// diagnostics against the CLI's time on the same project, and the server's RSS over 1,000 scripted edits.
//
//   node bench/lsp.mjs [--edits N] [--warmup N] [--runs N] [--project DIR] [--cli dist/cli.js] [--json FILE]
//
// Targets (issue: the language server): re-lint after one edit median ≤ 30 ms; first diagnostics ≤ 2× the
// CLI's time; RSS flat (±10 %) over 1,000 edits: sampled every 50 edits after `--warmup` edits (default 200:
// V8 sizes its heap and compiles the hot code during the first couple of hundred lints), each sample within
// ±10 % of their median, with the trend (least squares) shown to tell a leak from noise.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from "vscode-jsonrpc/node";

const BENCH = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(BENCH, "..");

function parseArgs(argv) {
  const o = { edits: 1000, runs: 7, warmup: 200, project: null, cli: path.join(ROOT, "dist", "cli.js"), json: path.join(BENCH, ".work", "lsp-results.json") };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === "--edits") o.edits = Number(val());
    else if (a === "--runs") o.runs = Number(val());
    else if (a === "--warmup") o.warmup = Number(val());
    else if (a === "--project") o.project = path.resolve(val());
    else if (a === "--cli") o.cli = path.resolve(val());
    else if (a === "--json") o.json = path.resolve(val());
    else if (a === "-h" || a === "--help") {
      console.log(fs.readFileSync(fileURLToPath(import.meta.url), "utf8").split("\n").slice(1, 9).join("\n").replace(/^\/\/ ?/gm, ""));
      process.exit(0);
    } else throw new Error(`unknown argument ${a} (see --help)`);
  }
  if (!(o.edits > 0 && o.warmup >= 0)) throw new Error("--edits must be positive and --warmup not negative");
  return o;
}

const SCRIPT_EXEC = `#!/bin/sh
set -e
# wait for the database, then hand PID 1 over to the server
host="\${DB_HOST:-db}"
port="\${DB_PORT:-5432}"
i=0
until nc -z "$host" "$port"; do
  i=$((i + 1))
  if [ "$i" -ge 30 ]; then
    echo "database $host:$port did not answer" >&2
    exit 1
  fi
  sleep 1
done
if [ "\${1#-}" != "$1" ]; then
  set -- node "$@"
fi
exec "$@"
`;

/** A typical project: a compose file of three services, a multi-stage Dockerfile, an entrypoint script. */
function writeProject(dir) {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, "docker"), { recursive: true });
  fs.writeFileSync(
    path.join(dir, "compose.yaml"),
    `services:
  web:
    build: .
    ports:
      - "3000:3000"
    environment:
      DB_HOST: db
      DB_PORT: "5432"
    depends_on:
      db:
        condition: service_healthy
    restart: unless-stopped

  db:
    image: postgres:16-alpine
    environment:
      POSTGRES_PASSWORD: example
    healthcheck:
      test: ["CMD-SHELL", "pg_isready -U postgres"]
      interval: 5s
    volumes:
      - db-data:/var/lib/postgresql/data

  cache:
    image: redis:7-alpine
    command: redis-server --save ""

volumes:
  db-data:
`,
  );
  fs.writeFileSync(
    path.join(dir, "Dockerfile"),
    `FROM node:22-alpine AS build
WORKDIR /src
COPY package.json ./
RUN npm install
COPY . .
RUN npm run build

FROM node:22-alpine
WORKDIR /app
COPY --from=build /src/dist ./dist
COPY --from=build /src/node_modules ./node_modules
COPY docker/entrypoint.sh /usr/local/bin/entrypoint.sh
USER node
ENTRYPOINT ["entrypoint.sh"]
CMD ["node", "dist/server.js"]
`,
  );
  fs.writeFileSync(path.join(dir, "docker", "entrypoint.sh"), SCRIPT_EXEC, { mode: 0o755 });
  fs.writeFileSync(path.join(dir, "package.json"), '{ "name": "web", "private": true }\n');
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : NaN;
};
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const ms = (x) => `${x.toFixed(1)} ms`;

/** Resident memory of a process by kind of mapping (MiB): anonymous (the JavaScript heap, WebAssembly memory, malloc), files, the brk heap. */
function rssParts(pid) {
  const parts = { anon: 0, file: 0, brk: 0 };
  let kind = "anon";
  for (const line of fs.readFileSync(`/proc/${pid}/smaps`, "utf8").split("\n")) {
    const m = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (m) {
      kind = m[1] === "[heap]" ? "brk" : m[1].startsWith("/") ? "file" : "anon";
      continue;
    }
    const r = /^Rss:\s+(\d+) kB/.exec(line);
    if (r) parts[kind] += Number(r[1]) / 1024;
  }
  return parts;
}

function rssOf(pid) {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) * 1024 : NaN;
}

/** CPU time (user + system) a process used so far, in milliseconds. */
const TICKS = Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout.trim()) || 100;
function cpuMsOf(pid) {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").replace(/^.*\) /, "").split(" ");
  // after the command name: state is field 3, utime 14 and stime 15 (1-based, man proc)
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS;
}

/** Starts the server; `onPublish(uri, diagnostics, t)` for each publication. */
function startServer(cli, root, initializationOptions, onPublish) {
  const t0 = performance.now();
  const proc = spawn(process.execPath, [cli, "lsp"], { cwd: root, stdio: ["pipe", "pipe", "inherit"] });
  const conn = createMessageConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
  conn.onNotification("textDocument/publishDiagnostics", (p) => onPublish(p.uri, p.diagnostics, performance.now()));
  conn.onNotification("window/logMessage", () => undefined);
  conn.onRequest("client/registerCapability", () => null);
  conn.listen();
  const ready = conn
    .sendRequest("initialize", {
      processId: process.pid,
      rootUri: pathToFileURL(root).href,
      workspaceFolders: [{ uri: pathToFileURL(root).href, name: "bench" }],
      initializationOptions,
      capabilities: { textDocument: { publishDiagnostics: { relatedInformation: true } } },
    })
    .then(() => conn.sendNotification("initialized", {}));
  const stop = async () => {
    const exited = new Promise((r) => (proc.exitCode !== null ? r() : proc.once("exit", r)));
    await conn.sendRequest("shutdown").catch(() => undefined);
    await conn.sendNotification("exit").catch(() => undefined);
    const timer = setTimeout(() => proc.kill("SIGKILL"), 5000);
    await exited;
    clearTimeout(timer);
    conn.dispose();
  };
  return { proc, conn, t0, ready, stop };
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(o.cli)) throw new Error(`${o.cli} is missing: run npm run build`);
  const dir = o.project ?? path.join(BENCH, ".work", "lsp-typical");
  if (!o.project) writeProject(dir);
  const compose = fs.readdirSync(dir).find((f) => /^(docker-)?compose\.ya?ml$/.test(f));
  const scriptPath = path.join(dir, "docker", "entrypoint.sh");
  if (!compose || !fs.existsSync(scriptPath)) throw new Error(`${dir}: needs a compose file and docker/entrypoint.sh`);
  const composeUri = pathToFileURL(path.join(dir, compose)).href;
  const scriptUri = pathToFileURL(scriptPath).href;

  // the CLI on the project (one untimed run writes the launcher's code cache, as for any installed CLI)
  const cliRun = () => {
    const t = performance.now();
    const r = spawnSync(process.execPath, [o.cli, "--format", "json", "."], { cwd: dir, encoding: "utf8" });
    const dt = performance.now() - t;
    if (r.status !== 0 && r.status !== 1) throw new Error(`the CLI failed: ${r.stderr}`);
    return { dt, files: new Set(JSON.parse(r.stdout).diagnostics.map((d) => d.file)) };
  };
  const { files: expectedFiles } = cliRun();
  const cliTimes = [];
  const firstTimes = [];
  for (let i = 0; i < o.runs; i++) {
    cliTimes.push(cliRun().dt);
    // the server: from its start to the diagnostics of every file the CLI reports
    const got = new Set();
    let done;
    const all = new Promise((r) => (done = r));
    const s = startServer(o.cli, dir, {}, (uri, ds, t) => {
      if (ds.length) got.add(path.relative(dir, fileURLToPath(uri)).split(path.sep).join("/"));
      if ([...expectedFiles].every((f) => got.has(f))) done(t);
    });
    const t1 = await all;
    firstTimes.push(t1 - s.t0);
    await s.stop();
  }

  // edits: the script loses and regains `exec`, and the compose file's missing-init follows it
  let waiting = null;
  const s = startServer(o.cli, dir, { debounceMs: 0 }, (uri, ds, t) => {
    if (waiting && uri === composeUri && waiting.test(ds)) {
      const w = waiting;
      waiting = null;
      w.resolve(t);
    }
  });
  await s.ready;
  await s.conn.sendNotification("textDocument/didOpen", { textDocument: { uri: scriptUri, languageId: "shellscript", version: 1, text: SCRIPT_EXEC } });
  await s.conn.sendNotification("textDocument/didOpen", { textDocument: { uri: composeUri, languageId: "dockercompose", version: 1, text: fs.readFileSync(path.join(dir, compose), "utf8") } });
  const latencies = [];
  const rss = [];
  let cpuAtWarmup = o.warmup === 0 ? cpuMsOf(s.proc.pid) : 0;
  let cpuAtEnd = 0;
  let version = 1;
  const total = o.warmup + o.edits;
  for (let i = 1; i <= total; i++) {
    const withExec = i % 2 === 0;
    // every edit is a new text: a counter in a comment, and `exec` on or off
    const text = SCRIPT_EXEC.replace("# wait for the database", `# wait for the database (edit ${i})`).replace(/^exec "\$@"$/m, withExec ? 'exec "$@"' : '"$@"');
    const arrived = new Promise((resolve) => (waiting = { resolve, test: (ds) => ds.some((d) => d.code === "missing-init" && d.range.start.line === 1) === withExec }));
    const t = performance.now();
    await s.conn.sendNotification("textDocument/didChange", { textDocument: { uri: scriptUri, version: ++version }, contentChanges: [{ text }] });
    const timeout = new Promise((_, reject) => setTimeout(() => reject(new Error(`edit ${i}: no diagnostics for the compose file within 10 s`)), 10_000));
    const at = await Promise.race([arrived, timeout]);
    if (i > o.warmup) latencies.push(at - t);
    if (i === o.warmup) cpuAtWarmup = cpuMsOf(s.proc.pid);
    if (i === total) cpuAtEnd = cpuMsOf(s.proc.pid);
    if (i >= o.warmup && (i - o.warmup) % 50 === 0) rss.push({ edit: i - o.warmup, rss: rssOf(s.proc.pid), parts: rssParts(s.proc.pid) });
  }
  await s.stop();

  // flat: every sample within ±10 % of the samples' median (a sample taken just after a full collection is low,
  // one taken before it high); a leak shows as a slope, given by least squares in MiB per 1,000 edits
  const mibs = rss.map((r) => r.rss / 2 ** 20);
  const mid = median(mibs);
  const maxDev = Math.max(...mibs.map((m) => Math.abs(m - mid) / mid));
  const xs = rss.map((r) => r.edit);
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = mibs.reduce((a, b) => a + b, 0) / mibs.length;
  const slope = (xs.reduce((a, x, k) => a + (x - mx) * (mibs[k] - my), 0) / xs.reduce((a, x) => a + (x - mx) ** 2, 0)) * 1000;
  const result = {
    machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, node: process.version, load: os.loadavg() },
    project: dir,
    cli: { medianMs: median(cliTimes), samples: cliTimes },
    firstDiagnostics: { medianMs: median(firstTimes), samples: firstTimes, ratio: median(firstTimes) / median(cliTimes) },
    relint: { medianMs: median(latencies), p10Ms: pct(latencies, 10), p90Ms: pct(latencies, 90), maxMs: Math.max(...latencies), cpuMsPerEdit: (cpuAtEnd - cpuAtWarmup) / o.edits, edits: latencies.length, warmup: o.warmup },
    rss: { warmupEdits: o.warmup, medianMiB: mid, minMiB: Math.min(...mibs), maxMiB: Math.max(...mibs), maxDeviation: maxDev, slopeMiBPer1000Edits: slope, samples: rss.map((r) => ({ edit: r.edit, mib: +(r.rss / 2 ** 20).toFixed(1), anon: +r.parts.anon.toFixed(1), file: +r.parts.file.toFixed(1), brk: +r.parts.brk.toFixed(1) })) },
  };
  fs.mkdirSync(path.dirname(o.json), { recursive: true });
  fs.writeFileSync(o.json, JSON.stringify(result, null, 2));
  const ok = (b) => (b ? "met" : "NOT met");
  const lines = [
    `| measure | value | target |`,
    `| --- | --- | --- |`,
    `| re-lint after one edit (script edit → compose file's diagnostics), median of ${latencies.length} after ${o.warmup} warm-up edits | ${ms(result.relint.medianMs)} (p10 ${ms(result.relint.p10Ms)}, p90 ${ms(result.relint.p90Ms)}, max ${ms(result.relint.maxMs)}) | ≤ 30 ms: ${ok(result.relint.medianMs <= 30)} |`,
    `| server CPU time per edit (user + system, load-independent) | ${ms(result.relint.cpuMsPerEdit)} | |`,
    `| CLI on the project, median of ${o.runs} | ${ms(result.cli.medianMs)} | |`,
    `| server start → first diagnostics of every file, median of ${o.runs} | ${ms(result.firstDiagnostics.medianMs)} (${result.firstDiagnostics.ratio.toFixed(2)}× the CLI) | ≤ 2×: ${ok(result.firstDiagnostics.ratio <= 2)} |`,
    `| server RSS over ${o.edits} edits (after the warm-up), every 50 edits | median ${mid.toFixed(1)} MiB, ${Math.min(...mibs).toFixed(1)}–${Math.max(...mibs).toFixed(1)} (largest deviation from the median ${(maxDev * 100).toFixed(1)} %; trend ${slope >= 0 ? "+" : ""}${slope.toFixed(1)} MiB per 1,000 edits) | ±10 %: ${ok(maxDev <= 0.1)} |`,
  ];
  console.log(`compose-lint language server, ${result.machine.cpus} × ${result.machine.cpu}, node ${process.version}, load ${result.machine.load.map((x) => x.toFixed(2)).join(" ")}\n`);
  console.log(lines.join("\n"));
  const first = result.rss.samples[0];
  const end = result.rss.samples[result.rss.samples.length - 1];
  console.log(`\nRSS every 50 edits (MiB): ${result.rss.samples.map((r) => r.mib).join(" ")}`);
  console.log(`of which anonymous ${first.anon} → ${end.anon}, files ${first.file} → ${end.file}, brk heap ${first.brk} → ${end.brk} MiB`);
  console.log(`raw results: ${path.relative(process.cwd(), o.json)}`);
}

main().catch((e) => {
  console.error(e?.stack ?? String(e));
  process.exit(2);
});
