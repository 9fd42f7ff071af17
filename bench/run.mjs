#!/usr/bin/env node
// compose-lint benchmark: compose-lint vs dclint vs the yaml / yaml+ajv floors vs `node -e 0`,
// in one run on one machine, alternating tools round by round. See bench/README.md.
//
//   node bench/run.mjs [--quick] [--runs N] [--large-runs N] [--dclint-large-runs N] [--count N]
//                      [--cases a,b] [--tools a,b] [--cl-args "…"] [--no-build] [--out FILE]
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawn, spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { generate } from "./generate.mjs";

const BENCH = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(BENCH, "..");
const WORK = path.join(BENCH, ".work");
const NODE = process.execPath;
const DIST = path.join(ROOT, "dist");
// compose-lint runs from a copy of dist/ taken at start: others may rebuild dist/ during a long run
const SNAP = path.join(WORK, "cl-dist");
let CLI = path.join(SNAP, "cli.js");
const DCLINT = path.join(ROOT, "node_modules/dclint/bin/dclint.cjs");
const GNU_TIME = ["/usr/bin/time", "/bin/time"].find((p) => fs.existsSync(p));

// ---------- options ----------
function parseArgs(argv) {
  const o = { quick: false, runs: null, largeRuns: null, dclintLargeRuns: null, count: 1000, cases: null, tools: null, clArgs: null, build: true, out: path.join(BENCH, "results.md"), warmup: 1 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === "--quick") o.quick = true;
    else if (a === "--runs") o.runs = Number(val());
    else if (a === "--large-runs") o.largeRuns = Number(val());
    else if (a === "--dclint-large-runs") o.dclintLargeRuns = Number(val());
    else if (a === "--count") o.count = Number(val());
    else if (a === "--cases") o.cases = val().split(",");
    else if (a === "--tools") o.tools = val().split(",");
    else if (a === "--cl-args") o.clArgs = val().split(/\s+/).filter(Boolean);
    else if (a === "--warmup") o.warmup = Number(val());
    else if (a === "--no-build") o.build = false;
    else if (a === "--out") o.out = path.resolve(val());
    else if (a === "--render") o.render = path.resolve(val());
    else if (a === "-h" || a === "--help") {
      console.log(fs.readFileSync(fileURLToPath(import.meta.url), "utf8").split("\n").slice(1, 6).join("\n").replace(/^\/\/ ?/gm, ""));
      process.exit(0);
    } else throw new Error(`unknown argument ${a} (see --help)`);
  }
  o.runs ??= o.quick ? 3 : 5;
  o.largeRuns ??= o.quick ? 2 : 3;
  o.largeProjects = o.quick ? Math.min(200, o.count) : o.count;
  // dclint needs ~140 s per pass over 1,000 projects: one pass by default on the full corpus
  o.dclintLargeRuns ??= o.largeProjects > 300 ? 1 : o.largeRuns;
  return o;
}

// ---------- machine ----------
function cpuTimes() {
  // whole-machine busy and total jiffies from /proc/stat (Linux); null elsewhere
  try {
    const line = fs.readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
    const idle = line[3] + (line[4] || 0);
    const total = line.slice(0, 8).reduce((a, b) => a + b, 0);
    return { busy: total - idle, total };
  } catch {
    return null;
  }
}
const CLK_TCK = (() => {
  const r = spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" });
  return Number(r.stdout) || 100;
})();

function machineInfo() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model?.trim() ?? "unknown",
    cores: cpus.length,
    memoryGiB: +(os.totalmem() / 2 ** 30).toFixed(1),
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    loadavgStart: os.loadavg().map((x) => +x.toFixed(2)),
  };
}

// ---------- running one child ----------
const devnull = fs.openSync("/dev/null", "w");

function runOnce(argv, { cwd = ROOT, captureStdout = false } = {}) {
  return new Promise((resolve) => {
    const tag = `${process.pid}-${Math.floor(performance.now() * 1000)}`;
    const timeFile = path.join(WORK, `time-${tag}.txt`);
    const errFile = path.join(WORK, `stderr-${tag}.txt`);
    const outFile = path.join(WORK, `stdout-${tag}.txt`);
    const errFd = fs.openSync(errFile, "w");
    const outFd = captureStdout ? fs.openSync(outFile, "w") : devnull;
    const [cmd, ...args] = GNU_TIME ? [GNU_TIME, "-f", "%M %U %S", "-o", timeFile, ...argv] : argv;
    const t0 = process.hrtime.bigint();
    const child = spawn(cmd, args, { cwd, stdio: ["ignore", outFd, errFd] });
    child.on("error", (e) => resolve({ ok: false, code: -1, ms: NaN, error: String(e) }));
    child.on("exit", (code, signal) => {
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      fs.closeSync(errFd);
      if (captureStdout) fs.closeSync(outFd);
      let rssKiB = null;
      let cpuMs = null;
      if (GNU_TIME) {
        try {
          // GNU time may put "Command exited with non-zero status N" before the format line
          const last = fs.readFileSync(timeFile, "utf8").trim().split("\n").pop().split(/\s+/).map(Number);
          rssKiB = last[0];
          cpuMs = Math.round((last[1] + last[2]) * 1000);
        } catch {
          /* no time output */
        }
        fs.rmSync(timeFile, { force: true });
      }
      const stderr = fs.readFileSync(errFile, "utf8");
      fs.rmSync(errFile, { force: true });
      let stdout;
      if (captureStdout) {
        stdout = fs.readFileSync(outFile, "utf8");
        fs.rmSync(outFile, { force: true });
      }
      resolve({ code: signal ? `signal ${signal}` : code, ms, rssKiB, cpuMs, stderr, stdout });
    });
  });
}

// ---------- tools ----------
function detectAllRulesArgs() {
  const r = spawnSync(NODE, [CLI, "--help"], { cwd: ROOT, encoding: "utf8", timeout: 20000 });
  const help = `${r.stdout}\n${r.stderr}`;
  for (const flag of ["--all-rules", "--enable-all"]) {
    if (new RegExp(`(^|\\s)${flag}(\\s|,|=|$)`, "m").test(help)) return { args: [flag], note: `${flag} (found in --help)` };
  }
  if (/--list-rules/.test(help) && /--rule\b/.test(help)) {
    // `--list-rules` prints "id  severity  …" lines; turn on every rule that is off by default
    const lr = spawnSync(NODE, [CLI, "--list-rules", "--no-color"], { cwd: ROOT, encoding: "utf8", timeout: 20000 });
    const rules = new Map();
    for (const line of String(lr.stdout).split("\n")) {
      const m = /^([a-z0-9][a-z0-9-]*)\s+(error|warning|info|off)\b/.exec(line);
      if (m) rules.set(m[1], m[2]);
    }
    const off = [...rules].filter(([, sev]) => sev === "off").map(([id]) => id);
    if (rules.size) {
      return {
        args: off.flatMap((id) => ["--rule", `${id}=warning`]),
        note: `all ${rules.size} rules of --list-rules on (${off.length ? `${off.join(", ")} turned on with --rule` : "every rule is on by default"}): ${[...rules.keys()].join(", ")}`,
      };
    }
  }
  return { args: [], note: "no way to list the rules found in --help: the default rule set (pass --cl-args to change)" };
}

function makeTools(o, cl, corpus) {
  const floorYaml = path.join(BENCH, "floor-yaml.mjs");
  const floorAjv = path.join(BENCH, "floor-ajv.mjs");
  return [
    cl && {
      id: "compose-lint",
      label: "compose-lint",
      argv: (paths) => [NODE, CLI, ...cl.args, ...paths],
      okCodes: [0, 1], // 1 = findings
    },
    // compose-lint on the whole typical project, run in the rounds of the one-file case: the "dclint on the compose
    // file alone ÷ compose-lint on the whole project" target then divides two medians of the same rounds, as every
    // other target does, not medians of two cases measured minutes apart (this host's speed drifts by 10-20 %)
    cl && {
      id: "compose-lint-project",
      label: "compose-lint, whole typical project",
      argv: () => [NODE, CLI, ...cl.args, path.join(corpus, "typical")],
      okCodes: [0, 1],
    },
    {
      id: "dclint",
      label: "dclint 3.1.0",
      argv: (paths) => [NODE, DCLINT, "-r", ...paths],
      okCodes: [0, 1], // 1 = errors found (or a crash: then stderr says so)
      crashIf: (r) => r.code === 1 && /Error|at .*\(/.test(r.stderr),
    },
    { id: "yaml", label: "yaml floor", argv: (paths) => [NODE, floorYaml, ...paths], okCodes: [0] },
    { id: "ajv", label: "yaml+ajv floor", argv: (paths) => [NODE, floorAjv, ...paths], okCodes: [0] },
    { id: "node", label: "node -e 0", argv: () => [NODE, "-e", "0"], okCodes: [0], baseline: true },
  ].filter(Boolean);
}

function makeCases(o, corpus) {
  const synth = path.join(corpus, "synthetic");
  const all = fs.readdirSync(synth).filter((d) => /^p\d+$/.test(d)).sort();
  const take = all.slice(0, o.largeProjects);
  let synthPaths = [synth];
  if (take.length !== all.length) {
    // a subset (--quick) is one directory too, so that every tool gets one root as on the full corpus:
    // bench/corpus/synthetic-first-N/ holds a copy of the first N projects
    const sub = path.join(corpus, `synthetic-first-${take.length}`);
    const stamp = path.join(sub, ".complete");
    if (!fs.existsSync(stamp) || fs.readFileSync(stamp, "utf8") !== fs.readFileSync(path.join(corpus, ".stamp.json"), "utf8")) {
      fs.rmSync(sub, { recursive: true, force: true });
      for (const d of take) fs.cpSync(path.join(synth, d), path.join(sub, d), { recursive: true });
      fs.writeFileSync(stamp, fs.readFileSync(path.join(corpus, ".stamp.json"), "utf8"));
    }
    synthPaths = [sub];
  }
  return [
    { id: "synthetic", label: `synthetic corpus (${take.length} projects × ~30 services)`, paths: synthPaths, large: true, tools: ["compose-lint", "dclint", "yaml", "ajv"] },
    { id: "realistic", label: "realistic set (20 self-hosted stacks)", paths: [path.join(corpus, "realistic")], tools: ["compose-lint", "dclint", "yaml", "ajv", "node"] },
    { id: "typical", label: "typical project (4 services + Dockerfile + entrypoint script)", paths: [path.join(corpus, "typical")], tools: ["compose-lint", "dclint", "yaml", "ajv", "node"] },
    { id: "typical-noscripts", label: "typical project without scripts", paths: [path.join(corpus, "typical-noscripts")], tools: ["compose-lint", "dclint", "yaml", "ajv", "node"] },
    { id: "one-file", label: "one compose file (typical/compose.yaml)", paths: [path.join(corpus, "typical/compose.yaml")], tools: ["compose-lint", "compose-lint-project", "dclint", "yaml", "ajv", "node"] },
  ].filter((c) => !o.cases || o.cases.includes(c.id));
}

// ---------- stats ----------
const median = (xs) => {
  const s = xs.filter((x) => x != null && !Number.isNaN(x)).sort((a, b) => a - b);
  if (!s.length) return null;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const fmtMs = (ms) => (ms == null ? "–" : ms >= 10000 ? `${(ms / 1000).toFixed(1)} s` : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`);
const fmtX = (x) => (x == null || !Number.isFinite(x) ? "–" : `${x >= 10 ? x.toFixed(1) : x.toFixed(2)}×`);
const ratio = (a, b) => (a == null || b == null || !b ? null : a / b);
const fmtMB = (kib) => (kib == null ? "–" : `${Math.round(kib / 1024)}`);

// ---------- main ----------
async function main() {
  const o = parseArgs(process.argv.slice(2));
  fs.mkdirSync(WORK, { recursive: true });
  if (o.render) {
    // re-render the Markdown report from a raw results.json (e.g. after changing the report format)
    const j = JSON.parse(fs.readFileSync(o.render, "utf8"));
    const md = renderMarkdown({ ...j, o: j.options, corpusInfo: j.corpus, targets: evaluateTargets(j.results, j.options) });
    fs.writeFileSync(o.out, md);
    process.stdout.write(md);
    return;
  }
  const command = `node bench/run.mjs${process.argv.length > 2 ? " " + process.argv.slice(2).join(" ") : ""}`;
  const notes = [];
  const log = (s) => process.stderr.write(s + "\n");

  // 1. corpus
  const corpusInfo = generate({ count: o.count, out: path.join(BENCH, "corpus"), quiet: false });
  const corpus = corpusInfo.out;

  // 2. compose-lint
  let cl = null;
  if (!fs.existsSync(path.join(DIST, "cli.js")) && o.build) {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
    if (pkg.scripts?.build) {
      log("dist/cli.js missing: running npm run build");
      spawnSync("npm", ["run", "-s", "build"], { cwd: ROOT, stdio: "inherit" });
    }
  }
  const snap = await snapshotDist(log);
  if (snap) notes.push(snap);
  if (snap && fs.existsSync(CLI)) {
    const det = o.clArgs ? { args: o.clArgs, note: "from --cl-args" } : detectAllRulesArgs();
    cl = { args: ["--format", "json", ...det.args.filter((a) => a !== "--format" && a !== "json")] };
    if (o.clArgs) cl.args = o.clArgs.includes("--format") ? o.clArgs : ["--format", "json", ...o.clArgs];
    notes.push(`compose-lint command: \`node dist/cli.js ${cl.args.join(" ")} PATHS…\`; rules: ${det.note}.`);
    const srcNewest = newestMtime(path.join(ROOT, "src"));
    if (srcNewest > fs.statSync(path.join(DIST, "cli.js")).mtimeMs) notes.push("dist/cli.js is older than the newest file in src/: the bundle measured may lag the sources.");
  } else {
    const msg = "compose-lint SKIPPED: dist/cli.js does not exist (build the CLI first); only dclint, the floors and node -e 0 were measured.";
    log(msg);
    notes.push(msg);
  }
  if (!fs.existsSync(DCLINT)) notes.push("dclint SKIPPED: node_modules/dclint is not installed (npm ci).");
  if (!GNU_TIME) notes.push("GNU time not found (/usr/bin/time, Debian package `time`): peak RSS and CPU time not measured.");

  let tools = makeTools(o, cl, corpus).filter((t) => t.id !== "dclint" || fs.existsSync(DCLINT));
  // --tools compose-lint also keeps its whole-project row of the one-file case
  if (o.tools) tools = tools.filter((t) => o.tools.includes(t.id) || (t.id === "compose-lint-project" && o.tools.includes("compose-lint")));
  const cases = makeCases(o, corpus);
  const machine = machineInfo();
  const cpu0 = cpuTimes();
  const tStart = process.hrtime.bigint();
  let ourCpuMs = 0;
  const results = [];

  // 3. cases
  for (const c of cases) {
    const ctools = tools.filter((t) => c.tools.includes(t.id));
    const runs = c.large ? o.largeRuns : o.runs;
    const samples = Object.fromEntries(ctools.map((t) => [t.id, []]));
    const check = {};
    log(`\n== ${c.label}: ${ctools.map((t) => t.id).join(", ")}; ${runs} rounds${c.large && o.dclintLargeRuns < runs ? ` (dclint ${o.dclintLargeRuns})` : ""}`);

    // what did compose-lint find? Small cases: an untimed run (which also warms up); the large case: the
    // first timed run writes its output to a file instead of /dev/null (a long run is not worth repeating)
    const checkOutput = (r) => {
      try {
        const j = JSON.parse(r.stdout);
        const d = j.diagnostics ?? [];
        check["compose-lint"] = { code: r.code, diagnostics: d.length, files: new Set(d.map((x) => x.file)).size, rules: [...new Set(d.map((x) => x.rule))].sort() };
      } catch {
        check["compose-lint"] = { code: r.code, error: `output is not JSON: ${String(r.stdout).slice(0, 200)} ${String(r.stderr).slice(0, 300)}` };
      }
      log(`   check: compose-lint exit ${r.code}, ${JSON.stringify(check["compose-lint"]).slice(0, 300)}`);
    };
    if (samples["compose-lint"] && !c.large) {
      const r = await runOnce(ctools.find((t) => t.id === "compose-lint").argv(c.paths), { captureStdout: true });
      ourCpuMs += r.cpuMs ?? 0;
      checkOutput(r);
    }
    // warm-up round (untimed) on the small cases
    if (!c.large) {
      for (let w = 0; w < o.warmup; w++) for (const t of ctools) ourCpuMs += (await runOnce(t.argv(c.paths))).cpuMs ?? 0;
    } else if (samples.yaml) {
      ourCpuMs += (await runOnce(tools.find((t) => t.id === "yaml").argv(c.paths))).cpuMs ?? 0; // reads every compose file once
    }

    for (let round = 0; round < runs; round++) {
      for (const t of ctools) {
        if (c.large && t.id === "dclint" && round >= o.dclintLargeRuns) continue;
        const capture = c.large && t.id === "compose-lint" && round === 0;
        const r = await runOnce(t.argv(c.paths), { captureStdout: capture });
        if (capture) checkOutput(r);
        ourCpuMs += r.cpuMs ?? 0;
        const failed = !t.okCodes.includes(r.code) || (t.crashIf && t.crashIf(r));
        samples[t.id].push({ ms: r.ms, rssKiB: r.rssKiB, cpuMs: r.cpuMs, code: r.code, failed, stderr: failed ? r.stderr.slice(0, 2000) : undefined });
        log(`   round ${round + 1}/${runs} ${t.id.padEnd(13)} ${fmtMs(r.ms).padStart(8)}  rss ${fmtMB(r.rssKiB)} MB  exit ${r.code}${failed ? "  FAILED: " + r.stderr.split("\n").slice(0, 3).join(" | ") : ""}`);
      }
    }
    const stats = {};
    for (const t of ctools) {
      const s = samples[t.id];
      const ok = s.filter((x) => !x.failed);
      stats[t.id] = {
        runs: s.length,
        failed: s.length - ok.length,
        medianMs: median(ok.map((x) => x.ms)),
        minMs: ok.length ? Math.min(...ok.map((x) => x.ms)) : null,
        maxMs: ok.length ? Math.max(...ok.map((x) => x.ms)) : null,
        medianCpuMs: median(ok.map((x) => x.cpuMs)),
        medianRssKiB: median(ok.map((x) => x.rssKiB)),
        peakRssKiB: ok.some((x) => x.rssKiB != null) ? Math.max(...ok.map((x) => x.rssKiB ?? 0)) : null,
      };
    }
    results.push({ case: c.id, label: c.label, paths: c.paths.map((p) => path.relative(ROOT, p)), pathsCount: c.paths.length, tools: ctools.map((t) => t.id), stats, samples, check, loadavgAfter: os.loadavg() });
  }

  // 4. machine load during the run: CPU the machine spent beyond our own children
  const wallS = Number(process.hrtime.bigint() - tStart) / 1e9;
  const cpu1 = cpuTimes();
  let load = null;
  if (cpu0 && cpu1 && GNU_TIME) {
    const busyS = (cpu1.busy - cpu0.busy) / CLK_TCK;
    const otherS = Math.max(0, busyS - ourCpuMs / 1000);
    load = { wallS: +wallS.toFixed(1), machineBusyS: +busyS.toFixed(1), benchChildrenCpuS: +(ourCpuMs / 1000).toFixed(1), otherCpuS: +otherS.toFixed(1), otherShareOfMachine: +(otherS / (wallS * machine.cores)).toFixed(3) };
  }
  machine.loadavgEnd = os.loadavg().map((x) => +x.toFixed(2));

  // 5. report
  const targets = evaluateTargets(results, o);
  const date = new Date().toISOString();
  const md = renderMarkdown({ o, command, date, machine, load, results, targets, notes, corpusInfo });
  fs.writeFileSync(o.out, md);
  fs.writeFileSync(path.join(WORK, "results.json"), JSON.stringify({ command, date, machine, load, options: o, corpus: corpusInfo, notes, targets, results }, null, 2) + "\n");
  process.stdout.write(md);
  log(`\nwrote ${path.relative(process.cwd(), o.out)} and ${path.relative(process.cwd(), path.join(WORK, "results.json"))}`);
}

// copy dist/ to bench/.work/cl-dist/ and check that the copy runs; retry while dist/ is being rebuilt
async function snapshotDist(log) {
  for (let attempt = 0; attempt < 12; attempt++) {
    if (fs.existsSync(path.join(DIST, "cli.js"))) {
      fs.rmSync(SNAP, { recursive: true, force: true });
      try {
        fs.cpSync(DIST, SNAP, { recursive: true });
        const mtime = fs.statSync(path.join(SNAP, "cli.js")).mtime.toISOString();
        const r = spawnSync(NODE, [CLI, "--format", "json", path.join(BENCH, "corpus/typical")], { cwd: ROOT, encoding: "utf8", timeout: 60000 });
        if (r.status === 0 || r.status === 1) return `compose-lint ran from a copy of dist/ taken at start (dist/cli.js of ${mtime}), so that a rebuild of dist/ during the run cannot change or break it.`;
        log(`dist/ snapshot does not run yet (exit ${r.status}: ${String(r.stderr).split("\n")[0]}); retrying`);
      } catch (e) {
        log(`dist/ snapshot failed (${e.message}); retrying`);
      }
    } else if (attempt === 0) {
      log("dist/cli.js missing; waiting for a rebuild to finish");
    }
    await new Promise((res) => setTimeout(res, 5000));
  }
  fs.rmSync(SNAP, { recursive: true, force: true });
  return null;
}

function newestMtime(dir) {
  let newest = 0;
  if (!fs.existsSync(dir)) return 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) newest = Math.max(newest, fs.statSync(path.join(e.parentPath ?? e.path, e.name)).mtimeMs);
  }
  return newest;
}

function evaluateTargets(results, o) {
  const get = (caseId, tool) => results.find((r) => r.case === caseId)?.stats[tool];
  const synthNote = o.largeProjects !== 1000 ? ` (on ${o.largeProjects} projects, not 1,000)` : "";
  const div = (a, b) => (a == null || b == null || !b ? null : a / b);
  // each target on wall-time medians (the verdict) and, as a load-robust hint, on CPU-time (user+sys) medians
  const T = [];
  const add = (name, f, op, limit, fmt) => {
    const value = f("medianMs");
    const cpuValue = f("medianCpuMs");
    let status;
    if (value == null || !Number.isFinite(value)) status = "n/a";
    else status = (op === ">=" ? value >= limit : value <= limit) ? "PASS" : "MISS";
    let margin = "";
    if (status !== "n/a") margin = op === ">=" ? `${fmtX(value / limit)} the minimum` : `${((value / limit) * 100).toFixed(0)}% of the allowance`;
    T.push({ name, value, cpuValue, op, limit, status, shown: value == null ? "–" : fmt(value), cpuShown: cpuValue == null || !Number.isFinite(cpuValue) ? "–" : fmt(cpuValue), margin });
  };
  const m = (c, t, k) => get(c, t)?.[k] ?? null;
  add(`whole synthetic corpus: dclint ÷ compose-lint${synthNote}`, (k) => div(m("synthetic", "dclint", k), m("synthetic", "compose-lint", k)), ">=", 10, fmtX);
  add(`whole synthetic corpus: compose-lint ÷ yaml floor${synthNote}`, (k) => div(m("synthetic", "compose-lint", k), m("synthetic", "yaml", k)), "<=", 2, fmtX);
  add("typical project: compose-lint ÷ `node -e 0`", (k) => div(m("typical", "compose-lint", k), m("typical", "node", k)), "<=", 2.5, fmtX);
  add("typical project without scripts: compose-lint ÷ `node -e 0`", (k) => div(m("typical-noscripts", "compose-lint", k), m("typical-noscripts", "node", k)), "<=", 2, fmtX);
  // both medians from the one-file case's rounds (reports made before compose-lint-project existed: the typical case's)
  const project = (k) => m("one-file", "compose-lint-project", k) ?? m("typical", "compose-lint", k);
  add("typical project: dclint on its compose file alone ÷ compose-lint on the whole project", (k) => div(m("one-file", "dclint", k), project(k)), ">=", 3, fmtX);
  add(`whole synthetic corpus: compose-lint peak RSS${synthNote}`, (k) => (k === "medianMs" ? (m("synthetic", "compose-lint", "peakRssKiB") == null ? null : m("synthetic", "compose-lint", "peakRssKiB") / 1024) : null), "<=", 250, (v) => `${Math.round(v)} MB`);
  return T;
}

function renderMarkdown({ o, command, date, machine, load, results, targets, notes, corpusInfo }) {
  const L = [];
  L.push("# compose-lint benchmark results", "");
  L.push(`- date: ${date ?? new Date().toISOString()}`);
  L.push(`- command: \`${command}\``);
  L.push(`- machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB RAM, ${machine.os}, node ${machine.node}`);
  L.push(`- load average (1/5/15 min) at start ${machine.loadavgStart.join(" / ")}, at end ${machine.loadavgEnd.join(" / ")}`);
  if (load) {
    const share = load.otherShareOfMachine;
    const verdict = share > 0.1 ? "**the machine was loaded by other work: numbers are noisy**" : share > 0.03 ? "the machine was lightly loaded by other work" : "the machine was otherwise idle";
    L.push(`- other load: besides the benchmark's own children (${load.benchChildrenCpuS} CPU-s), the machine spent ${load.otherCpuS} CPU-s in ${load.wallS} s of wall time, ${(share * 100).toFixed(1)}% of its ${machine.cores} cores: ${verdict}`);
  }
  L.push(`- corpus: ${corpusInfo.syntheticProjects} synthetic projects generated (avg ${corpusInfo.composeLinesAvg} compose lines, ${corpusInfo.dockerfiles} Dockerfiles, ${corpusInfo.scripts} entrypoint scripts), ${corpusInfo.realisticProjects} realistic stacks; large case uses ${o.largeProjects} projects`);
  L.push(`- method: rounds alternate the tools (A B C D, A B C D, …); ${o.runs} rounds on small cases after ${o.warmup} untimed warm-up round, ${o.largeRuns} on the large corpus${o.dclintLargeRuns < o.largeRuns ? `, **dclint only ${o.dclintLargeRuns} time(s) on the large corpus** (≈140 s a pass)` : ""}; medians of wall time (spawn → exit); RSS = peak resident set of the child (GNU time %M)`);
  for (const n of notes) L.push(`- ${n}`);
  L.push("", "## Targets", "", "Verdicts use wall-time medians; the CPU-time column is the same ratio on user+sys medians, less sensitive to a loaded machine (a hint, not the target).", "");
  L.push("| target | measured (wall) | limit | status | margin | same ratio on CPU time |", "| --- | --- | --- | --- | --- | --- |");
  for (const t of targets) L.push(`| ${t.name} | ${t.shown} | ${t.op === ">=" ? "≥" : "≤"} ${t.limit}${t.name.includes("RSS") ? " MB" : "×"} | ${t.status === "PASS" ? "PASS" : t.status === "MISS" ? "**MISS**" : "n/a"} | ${t.margin} | ${t.cpuShown} |`);
  L.push("", "## Timings", "");
  L.push("| case | tool | runs | median | min | max | CPU (median) | RSS median / peak MB | × `node -e 0` | × yaml floor | dclint ÷ tool |");
  L.push("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
  const label = { "compose-lint": "compose-lint", "compose-lint-project": "compose-lint, whole typical project", dclint: "dclint 3.1.0", yaml: "yaml floor", ajv: "yaml+ajv floor", node: "`node -e 0`" };
  for (const r of results) {
    const nodeMs = r.stats.node?.medianMs ?? results.find((x) => x.case === "typical")?.stats.node?.medianMs ?? null;
    const yamlMs = r.stats.yaml?.medianMs ?? null;
    const dclMs = r.stats.dclint?.medianMs ?? null;
    for (const t of r.tools) {
      const s = r.stats[t];
      const runs = `${s.runs - s.failed}${s.failed ? ` (+${s.failed} failed)` : ""}`;
      L.push(
        `| ${r.case} | ${label[t]} | ${runs} | ${fmtMs(s.medianMs)} | ${fmtMs(s.minMs)} | ${fmtMs(s.maxMs)} | ${fmtMs(s.medianCpuMs)} | ${fmtMB(s.medianRssKiB)} / ${fmtMB(s.peakRssKiB)} | ${t === "node" ? "1×" : fmtX(ratio(s.medianMs, nodeMs))} | ${t === "yaml" ? "1×" : fmtX(ratio(s.medianMs, yamlMs))} | ${t === "dclint" ? "1×" : fmtX(ratio(dclMs, s.medianMs))} |`,
      );
    }
  }
  L.push("", "Cases:", "");
  for (const r of results) {
    const chk = r.check["compose-lint"];
    L.push(`- **${r.case}**: ${r.label}; paths: ${r.pathsCount > 3 ? `${r.pathsCount} project directories under ${path.dirname(r.paths[0])}` : r.paths.map((p) => `\`${p}\``).join(", ")}${chk ? `; compose-lint check run: exit ${chk.code}, ${chk.error ? chk.error : `${chk.diagnostics} diagnostics in ${chk.files} files (rules: ${chk.rules.join(", ") || "none"})`}` : ""}`);
  }
  L.push("", "Columns: *median/min/max* wall time of the whole process (node startup included); *CPU* user+sys of the child; *× `node -e 0`* median ÷ the median of `node -e 0` in the same case (the typical case's for the large corpus); *× yaml floor* median ÷ the yaml floor's median in the same case; *dclint ÷ tool* how many times faster than dclint in the same case. See bench/README.md.", "");
  return L.join("\n");
}

main().catch((e) => {
  console.error(e);
  process.exit(2);
});
