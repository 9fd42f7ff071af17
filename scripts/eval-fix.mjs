#!/usr/bin/env node
// eval:fix — runs the fixer over real repositories and checks that every fix leaves a project that still
// works: the diff applies and equals the fix, YAML / shell / Dockerfiles still parse, no `exec` of a shell
// function or builtin was introduced, a second --fix changes nothing, fixed findings are gone, only the
// lines the fixes name changed, podman-compose still loads every changed compose file, and nothing outside
// the repository was written. See docs/eval-fix.md.
//
//   npm run eval:fix -- <folder of repositories> [--cli <path>] [--api <module>|none] [--json <file>]
//                       [--only <name>]... [--keep] [--timeout <seconds>]
import { execFileSync, spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(import.meta.url);
const YAML = require("yaml");
const { DockerfileParser } = require("dockerfile-ast");
const { diffArrays, diffWordsWithSpace } = require("diff");

const TIERS = [
  { id: "safe", fix: ["--fix"], diff: ["--diff"] },
  { id: "unsafe", fix: ["--fix-unsafe"], diff: ["--diff", "--fix-unsafe"] },
];

const CHECKS = [
  ["cli-runs", "the CLI runs (exit 0/1, valid JSON)"],
  ["diff-writes-nothing", "--diff writes nothing"],
  ["diff-applies", "the diff applies (git apply, patch -p1)"],
  ["diff-equals-fix", "applied diff == --fix, byte for byte"],
  ["yaml-parses", "changed YAML parses"],
  ["shell-parses", "changed scripts pass sh -n / bash -n"],
  ["dockerfile-parses", "changed Dockerfiles parse"],
  ["no-exec-of-function-or-builtin", "no exec of a function/builtin"],
  ["edits-in-code", "inserted exec/--init are commands"],
  ["dockerfile-user-shell", "Dockerfile fix respects USER/SHELL"],
  ["init-where-it-runs", "init only where a Linux PID 1 runs"],
  ["idempotent", "a second fix changes nothing"],
  ["fixed-findings-gone", "fixed findings are gone"],
  ["only-named-lines", "only lines named by fixes changed"],
  ["compose-loader", "podman-compose loads changed compose"],
  ["nothing-outside", "nothing written outside the copy"],
];

// words a shell resolves before PATH that no PATH lookup finds: `exec NAME` fails with "not found" for them
// (echo, true, false, test, [, printf, kill, pwd also exist as programs, so `exec` of them runs the program)
const SHELL_ONLY = new Set(
  (": . source cd trap wait read eval set shift export unset local declare typeset readonly return exit break continue " +
    "alias unalias exec builtin let shopt mapfile readarray pushd popd dirs disown jobs fg bg bind enable caller complete " +
    "compgen compopt history fc logout suspend times hash type ulimit umask getopts command [[ ]] { } ! (( if then else elif fi " +
    "case esac for while until do done function select coproc").split(" "),
);
const SHELLS = new Set(["sh", "bash", "dash", "ash", "ksh", "mksh", "busybox"]);
const DOCKERFILE_KEYWORDS = new Set(
  "ADD ARG CMD COPY ENTRYPOINT ENV EXPOSE FROM HEALTHCHECK LABEL MAINTAINER ONBUILD RUN SHELL STOPSIGNAL USER VOLUME WORKDIR".split(" "),
);

// ---------------------------------------------------------------------------------------------- arguments

function usage(msg) {
  if (msg) process.stderr.write(`eval:fix: ${msg}\n`);
  process.stderr.write(
    "usage: npm run eval:fix -- <folder of repositories> [--cli <path>] [--api <module>|none] [--json <file>] [--only <name>]... [--keep] [--timeout <s>]\n",
  );
  process.exit(2);
}

let args;
try {
  args = parseArgs({
    allowPositionals: true,
    options: {
      cli: { type: "string" },
      api: { type: "string" },
      json: { type: "string" },
      only: { type: "string", multiple: true },
      keep: { type: "boolean" },
      timeout: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
} catch (e) {
  usage(e.message);
}
if (args.values.help) usage();
if (args.positionals.length !== 1) usage("expected one folder of repositories");
const corpus = path.resolve(args.positionals[0]);
if (!fs.existsSync(corpus) || !fs.statSync(corpus).isDirectory()) usage(`${corpus}: not a directory`);
const cliPath = path.resolve(args.values.cli ?? path.join(root, "dist/cli.js"));
if (!fs.existsSync(cliPath)) usage(`${cliPath}: no such CLI${args.values.cli ? "" : " (build first: node scripts/build.mjs)"}`);
// the fix edits (exact positions) come from the project's API next to the default CLI; with another CLI only
// the positions of its `--format json` findings name lines, unless --api is given
const apiSpec = args.values.api ?? (args.values.cli ? "none" : path.join(root, "dist/api.mjs"));
const timeoutMs = Number(args.values.timeout ?? 300) * 1000;
const cliDir = fs.realpathSync(path.dirname(cliPath));

// ---------------------------------------------------------------------------------------------- tools

function have(cmd, argv = ["--version"]) {
  const r = spawnSync(cmd, argv, { encoding: "utf8", timeout: 20_000 });
  return !r.error && r.status === 0 ? r.stdout + r.stderr : null;
}
const tools = {
  strace: have("strace", ["-V"]) !== null && straceWorks(),
  git: have("git") !== null,
  patch: have("patch") !== null,
  bash: have("bash") !== null,
  podmanCompose: null,
};
function straceWorks() {
  const r = spawnSync("strace", ["-f", "-qq", "-o", "/dev/null", "true"], { timeout: 20_000 });
  return r.status === 0;
}
{
  const help = have("podman-compose", ["--help"]);
  if (help !== null) tools.podmanCompose = /\bconfig\b/.test(help.split("\n").find((l) => l.includes("{")) ?? help) ? "config" : "dry-run";
}

function run(cmd, argv, opts = {}) {
  const t0 = Date.now();
  const r = spawnSync(cmd, argv, { encoding: "utf8", maxBuffer: 256 * 1024 * 1024, timeout: timeoutMs, ...opts });
  if (process.env.EVAL_FIX_TIMING) process.stderr.write(`  ${Date.now() - t0} ms: ${cmd} ${argv.slice(0, 12).join(" ")}\n`);
  return { status: r.status, signal: r.signal, stdout: r.stdout ?? "", stderr: (r.stderr ?? "") + (r.error ? String(r.error.message) : "") };
}

const STRACE_CALLS =
  "open,openat,openat2,creat,rename,renameat,renameat2,link,linkat,symlink,symlinkat,unlink,unlinkat,mkdir,mkdirat,rmdir," +
  "mknod,mknodat,chmod,fchmod,fchmodat,chown,fchown,lchown,fchownat,truncate,ftruncate,utimensat,utimes,utime,setxattr,lsetxattr,removexattr";

let straceSeq = 0;
/** Runs the CLI in `cwd`; with strace, also returns every path it wrote. */
function runCli(cwd, argv, traceDir) {
  const base = /\.(c|m)?js$/.test(cliPath) ? [process.execPath, cliPath] : [cliPath];
  const env = { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" };
  if (!tools.strace) {
    const r = run(base[0], [...base.slice(1), ...argv], { cwd, env });
    return { ...r, writes: null };
  }
  const prefix = path.join(traceDir, `trace-${++straceSeq}`);
  const r = run("strace", ["-f", "-ff", "-qq", "--seccomp-bpf", "-y", "-e", `trace=${STRACE_CALLS}`, "-o", prefix, ...base, ...argv], { cwd, env });
  const writes = [];
  for (const f of fs.readdirSync(traceDir)) {
    if (!f.startsWith(path.basename(prefix) + ".")) continue;
    const text = fs.readFileSync(path.join(traceDir, f), "utf8");
    fs.rmSync(path.join(traceDir, f));
    for (const line of text.split("\n")) writes.push(...writtenPaths(line, cwd));
  }
  return { ...r, writes };
}

/** The paths a strace line wrote (created, opened for writing, renamed, removed, re-moded …). */
function writtenPaths(line, cwd) {
  const m = /^(\w+)\((.*)\)\s+=\s+(-?\d+|\?)/.exec(line);
  if (!m || m[3] === "?" || Number(m[3]) < 0) return [];
  const [, call, rest] = m;
  const argv = splitStraceArgs(rest);
  const fdPath = (a) => /<(.*)>$/.exec(a ?? "")?.[1] ?? null;
  const resolve = (dirArg, p, follow) => {
    if (p === null) return null;
    const base = dirArg === null ? cwd : (fdPath(dirArg) ?? cwd);
    return { path: path.resolve(base, p), follow };
  };
  const str = (a) => (a && a.startsWith('"') ? unquoteStrace(a) : null);
  const out = [];
  switch (call) {
    case "open":
    case "creat":
      if (call === "creat" || /O_WRONLY|O_RDWR|O_CREAT|O_TRUNC|O_APPEND/.test(argv[1] ?? "")) out.push(resolve(null, str(argv[0]), true));
      break;
    case "openat":
    case "openat2":
      if (/O_WRONLY|O_RDWR|O_CREAT|O_TRUNC|O_APPEND/.test(argv[2] ?? "")) out.push(resolve(argv[0], str(argv[1]), !/O_NOFOLLOW/.test(argv[2])));
      break;
    case "rename":
    case "link":
    case "symlink":
      out.push(resolve(null, str(argv[1]), false));
      if (call === "rename") out.push(resolve(null, str(argv[0]), false));
      break;
    case "renameat":
    case "renameat2":
    case "linkat":
      out.push(resolve(argv[2], str(argv[3]), false));
      if (call !== "linkat") out.push(resolve(argv[0], str(argv[1]), false));
      break;
    case "symlinkat":
      out.push(resolve(argv[1], str(argv[2]), false));
      break;
    case "unlink":
    case "rmdir":
    case "mkdir":
    case "mknod":
    case "chmod":
    case "chown":
    case "truncate":
    case "utimes":
    case "utime":
    case "setxattr":
    case "removexattr":
      out.push(resolve(null, str(argv[0]), call !== "unlink" && call !== "rmdir" && call !== "mkdir" && call !== "mknod"));
      break;
    case "lchown":
    case "lsetxattr":
      out.push(resolve(null, str(argv[0]), false));
      break;
    case "unlinkat":
    case "mkdirat":
    case "mknodat":
    case "fchmodat":
    case "fchownat":
    case "utimensat": {
      const p = str(argv[1]);
      if (p === null && call === "utimensat") {
        const fp = fdPath(argv[0]);
        if (fp) out.push({ path: fp, follow: false });
      } else out.push(resolve(argv[0], p, call === "fchmodat" || call === "fchownat" || call === "utimensat"));
      break;
    }
    case "fchmod":
    case "fchown":
    case "ftruncate": {
      const fp = fdPath(argv[0]);
      if (fp) out.push({ path: fp, follow: false });
      break;
    }
  }
  return out.filter(Boolean);
}

function splitStraceArgs(s) {
  const out = [];
  let cur = "";
  let depth = 0;
  let inStr = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (inStr) {
      cur += c;
      if (c === "\\") cur += s[++i] ?? "";
      else if (c === '"') inStr = false;
      continue;
    }
    if (c === '"') inStr = true;
    if (c === "{" || c === "[" || c === "(" || c === "<") depth++;
    if (c === "}" || c === "]" || c === ")" || c === ">") depth--;
    if (c === "," && depth === 0) {
      out.push(cur.trim());
      cur = "";
      continue;
    }
    cur += c;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

function unquoteStrace(a) {
  const body = a.replace(/^"/, "").replace(/"(\.\.\.)?(<.*>)?$/, "");
  const bytes = [];
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== "\\") {
      bytes.push(...Buffer.from(c));
      continue;
    }
    const n = body[++i];
    const simple = { n: 10, t: 9, r: 13, v: 11, f: 12, "\\": 92, '"': 34 };
    if (n in simple) bytes.push(simple[n]);
    else if (n === "x") {
      bytes.push(parseInt(body.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (/[0-7]/.test(n)) {
      let o = n;
      while (o.length < 3 && /[0-7]/.test(body[i + 1] ?? "")) o += body[++i];
      bytes.push(parseInt(o, 8));
    } else bytes.push(...Buffer.from(n));
  }
  return Buffer.from(bytes).toString("utf8");
}

/** Writes outside `allowed` (the repository copy): the paths resolved through symlinks as the kernel did. */
function outsideWrites(writes, allowed) {
  const bad = new Set();
  for (const w of writes ?? []) {
    let real = w.path;
    try {
      real = w.follow && fs.existsSync(w.path) ? fs.realpathSync(w.path) : path.join(fs.realpathSync(path.dirname(w.path)), path.basename(w.path));
    } catch {
      // the parent is gone (a temp dir removed later): the path as written
    }
    if (within(real, allowed) || within(real, cliDir)) continue;
    if (real === "/dev/null" || real === "/dev/tty" || real.startsWith("/dev/pts/") || real.startsWith("/proc/")) continue;
    bad.add(real);
  }
  return [...bad];
}

function within(p, dir) {
  const rel = path.relative(dir, p);
  return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
}

// ---------------------------------------------------------------------------------------------- trees

/** path → { type, mode, size, hash | target } of every entry under dir (symlinks not followed). */
function manifest(dir) {
  const out = new Map();
  const walk = (rel) => {
    const abs = path.join(dir, rel);
    for (const name of fs.readdirSync(abs).sort()) {
      const r = rel ? `${rel}/${name}` : name;
      const st = fs.lstatSync(path.join(dir, r));
      if (st.isSymbolicLink()) out.set(r, { type: "symlink", target: fs.readlinkSync(path.join(dir, r)) });
      else if (st.isDirectory()) {
        out.set(r, { type: "dir", mode: st.mode & 0o7777 });
        walk(r);
      } else if (st.isFile()) {
        const hash = crypto.createHash("sha1").update(fs.readFileSync(path.join(dir, r))).digest("hex");
        out.set(r, { type: "file", mode: st.mode & 0o7777, size: st.size, hash });
      } else out.set(r, { type: "other" });
    }
  };
  walk("");
  return out;
}

/** The entries that differ between two manifests, with what differs. */
function treeDiff(a, b) {
  const out = [];
  for (const [p, x] of a) {
    const y = b.get(p);
    if (!y) out.push({ file: p, what: "removed" });
    else if (x.type !== y.type) out.push({ file: p, what: `${x.type} became ${y.type}` });
    else if (x.type === "symlink" && x.target !== y.target) out.push({ file: p, what: `symlink target ${x.target} -> ${y.target}` });
    else if (x.type === "file" && x.hash !== y.hash) out.push({ file: p, what: "content" });
    else if ((x.type === "file" || x.type === "dir") && x.mode !== y.mode) out.push({ file: p, what: `mode ${x.mode.toString(8)} -> ${y.mode.toString(8)}` });
  }
  for (const p of b.keys()) if (!a.has(p)) out.push({ file: p, what: "added" });
  return out;
}

function copyTree(src, dst) {
  fs.mkdirSync(path.dirname(dst), { recursive: true });
  execFileSync("cp", ["-a", src, dst]);
}

function readText(file) {
  try {
    return fs.readFileSync(file, "utf8").replace(/^\uFEFF/, "");
  } catch {
    return null;
  }
}

/** Where two files first differ: `line N: "<a>" vs "<b>"`. */
function firstDifference(fa, fb) {
  const a = readText(fa);
  const b = readText(fb);
  if (a === null || b === null) return a === null ? "missing in the applied diff" : "missing in the --fix result";
  const la = a.split("\n");
  const lb = b.split("\n");
  for (let i = 0; i < Math.max(la.length, lb.length); i++) {
    if (la[i] !== lb[i]) return `line ${i + 1}: ${JSON.stringify(clip(la[i] ?? "<end of file>"))} vs ${JSON.stringify(clip(lb[i] ?? "<end of file>"))}`;
  }
  return "bytes differ (BOM or mode)";
}

function clip(s, n = 90) {
  return s.length > n ? s.slice(0, n) + "…" : s;
}

// ---------------------------------------------------------------------------------------------- file kinds

function kindOf(rel, text) {
  const base = path.basename(rel);
  if (/^(.*\.)?(Dockerfile|Containerfile)(\..*)?$/i.test(base) || /\.(dockerfile|containerfile)$/i.test(base)) return "dockerfile";
  if (/\.ya?ml$/i.test(base)) return "yaml";
  if (/\.(sh|bash|ash|ksh)$/i.test(base)) return "shell";
  if (text !== null && /^#!\s*\S*?(\/env\s+(-\S+\s+)*)?\S*\b(sh|bash|dash|ash|ksh|mksh)\b/.test(text.split("\n", 1)[0])) return "shell";
  return "other";
}

function shebangShell(text) {
  const first = (text ?? "").split("\n", 1)[0];
  if (!first.startsWith("#!")) return null;
  const m = /\b(sh|bash|dash|ash|ksh|mksh|zsh)\b/.exec(first.replace(/^#!\s*\S*\/env\s+(-\S+\s+)*/, "#!/"));
  return m ? m[1] : null;
}

// ---------------------------------------------------------------------------------------------- shell parsing

let tsParser = null;
async function shellParser() {
  if (tsParser) return tsParser;
  const { Parser, Language } = await import("web-tree-sitter");
  const runtimeDir = path.dirname(require.resolve("web-tree-sitter"));
  const runtimeWasm = findUp(runtimeDir, "web-tree-sitter.wasm");
  await Parser.init({ locateFile: () => runtimeWasm });
  const bashWasm = findUp(path.dirname(require.resolve("tree-sitter-bash")), "tree-sitter-bash.wasm");
  const lang = await Language.load(bashWasm);
  tsParser = new Parser();
  tsParser.setLanguage(lang);
  return tsParser;
}

function findUp(dir, file) {
  for (let d = dir, i = 0; i < 5; i++, d = path.dirname(d)) if (fs.existsSync(path.join(d, file))) return path.join(d, file);
  throw new Error(`${file} not found near ${dir}`);
}

function walkNodes(node, fn) {
  const stack = [node];
  while (stack.length) {
    const n = stack.pop();
    fn(n);
    for (let i = n.namedChildCount - 1; i >= 0; i--) stack.push(n.namedChild(i));
  }
}

/** A word's literal value, or { variable } for `$X` / `${X}`, or null when it is computed. */
function wordValue(n) {
  if (!n) return null;
  switch (n.type) {
    case "word":
      return { lit: n.text.replace(/\\(.)/g, "$1") };
    case "raw_string":
      return { lit: n.text.slice(1, -1) };
    case "string": {
      const dyn = n.namedChildren.filter((c) => c.type !== "string_content");
      if (dyn.length === 0) return { lit: n.text.slice(1, -1) };
      if (dyn.length === 1 && (dyn[0].type === "simple_expansion" || dyn[0].type === "expansion") && n.text === `"${dyn[0].text}"`) return wordValue(dyn[0]);
      return null;
    }
    case "simple_expansion":
    case "expansion": {
      const m = /^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?$/.exec(n.text);
      return m ? { variable: m[1] } : null;
    }
    case "concatenation": {
      let s = "";
      for (const c of n.namedChildren) {
        const v = wordValue(c);
        if (!v || v.lit === undefined) return null;
        s += v.lit;
      }
      return { lit: s };
    }
    default:
      return null;
  }
}

/** exec commands, function names, aliases, literal assignments and sourced files of a shell snippet. */
async function shellFacts(text) {
  const parser = await shellParser();
  const tree = parser.parse(text);
  const facts = { execs: [], functions: new Map(), aliases: new Set(), vars: new Map(), sourced: [] };
  walkNodes(tree.rootNode, (n) => {
    if (n.type === "function_definition") {
      const name = n.childForFieldName("name");
      if (name) facts.functions.set(name.text, n.startPosition.row + 1);
    } else if (n.type === "variable_assignment") {
      const name = n.childForFieldName("name")?.text;
      const v = wordValue(n.childForFieldName("value"));
      if (name && v?.lit !== undefined) {
        if (!facts.vars.has(name)) facts.vars.set(name, []);
        facts.vars.get(name).push(v.lit);
      }
    } else if (n.type === "command") {
      const nameNode = n.childForFieldName("name");
      const name = nameNode ? wordValue(nameNode.namedChild(0) ?? nameNode)?.lit : undefined;
      const argNodes = n.childrenForFieldName("argument").filter(Boolean);
      if (name === "alias") {
        for (const a of argNodes) {
          const v = wordValue(a)?.lit ?? a.text;
          const m = /^([^=\s]+)=/.exec(v);
          if (m) facts.aliases.add(m[1]);
        }
      } else if ((name === "." || name === "source") && argNodes.length) {
        const v = wordValue(argNodes[0]);
        if (v?.lit) facts.sourced.push(v.lit);
      } else if (name === "exec") {
        let i = 0;
        while (i < argNodes.length) {
          const t = argNodes[i].text;
          if (t === "--") {
            i++;
            break;
          }
          if (t === "-a") i += 2;
          else if (/^-[cl]+$/.test(t)) i++;
          else break;
        }
        const target = argNodes[i];
        if (target) facts.execs.push({ line: n.startPosition.row + 1, text: n.text.replace(/\s+/g, " "), value: wordValue(target), raw: target.text });
      }
    }
  });
  tree.delete?.();
  return facts;
}

/** Functions defined by the files a script sources with a literal path (relative to the script or the repository). */
async function sourcedFunctions(facts, scriptAbs, repoDir, seen = new Set()) {
  const out = new Map();
  for (const s of facts.sourced) {
    const candidates = path.isAbsolute(s) ? [path.join(repoDir, s)] : [path.resolve(path.dirname(scriptAbs), s), path.resolve(repoDir, s)];
    for (const c of candidates) {
      if (seen.has(c) || !within(c, repoDir) || !fs.existsSync(c) || !fs.statSync(c).isFile()) continue;
      seen.add(c);
      const t = readText(c);
      if (t === null) continue;
      const f = await shellFacts(t);
      for (const [k, v] of f.functions) out.set(k, `${path.relative(repoDir, c)}:${v}`);
      for (const [k, v] of await sourcedFunctions(f, c, repoDir, seen)) out.set(k, v);
      break;
    }
  }
  return out;
}

/** Why `exec <word>` cannot run a program (a function, builtin or alias), or null. */
function execProblem(e, facts, sourcedFns) {
  const check = (word, via) => {
    if (facts.functions.has(word)) return `exec of the shell function \`${word}\` (defined at line ${facts.functions.get(word)})${via}: exec finds no program of that name, exit 127`;
    if (sourcedFns.has(word)) return `exec of the shell function \`${word}\` (defined in ${sourcedFns.get(word)})${via}: exec finds no program of that name`;
    if (facts.aliases.has(word)) return `exec of the alias \`${word}\`${via}: exec does not expand aliases`;
    if (SHELL_ONLY.has(word)) return `exec of the shell builtin \`${word}\`${via}: no program of that name exists`;
    return null;
  };
  if (e.value?.lit !== undefined) return check(e.value.lit, "");
  if (e.value?.variable) {
    for (const v of facts.vars.get(e.value.variable) ?? []) {
      const first = v.trim().split(/\s+/)[0];
      const p = first && check(first, ` (through $${e.value.variable}=${JSON.stringify(clip(v, 40))})`);
      if (p) return p;
    }
  }
  return null;
}

/** exec commands of `after` that `before` does not have (as a multiset by their text). */
function newExecs(before, after) {
  const count = new Map();
  for (const e of before.execs) count.set(e.text, (count.get(e.text) ?? 0) + 1);
  const out = [];
  for (const e of after.execs) {
    const c = count.get(e.text) ?? 0;
    if (c > 0) count.set(e.text, c - 1);
    else out.push(e);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------- Dockerfiles

/** Instructions with keyword, text, line, form, and the shell script of shell-form ones. */
function dockerInstructions(text) {
  const df = DockerfileParser.parse(text);
  const escape = df.getEscapeCharacter?.() ?? "\\";
  const out = [];
  let stage = -1;
  let shell = ["/bin/sh", "-c"];
  let shellLine = null;
  let user = null; // the USER in effect: null = the base image's
  const stageEnd = new Map(); // stage name → { user, shell, shellLine } at its end
  const stageUsers = []; // per stage: [{ line, user }]
  let current = null;
  for (const ins of df.getInstructions()) {
    const keyword = ins.getKeyword().toUpperCase();
    const raw = ins.getRawArgumentsContent() ?? "";
    const line = ins.getRange().start.line + 1;
    if (keyword === "FROM") {
      if (current) stageEnd.set(current, { user, shell, shellLine });
      stage++;
      stageUsers.push([]);
      const m = /^(?:--\S+\s+)*(\S+)(?:\s+AS\s+(\S+))?/i.exec(raw.trim());
      const parent = m ? stageEnd.get(m[1].toLowerCase()) : undefined;
      ({ user, shell, shellLine } = parent ?? { user: null, shell: ["/bin/sh", "-c"], shellLine: null });
      current = m?.[2]?.toLowerCase() ?? null;
    }
    if (keyword === "USER") {
      user = raw.trim();
      stageUsers[stage]?.push({ line, user });
    }
    // the argument text as the builder sees it: continuations joined, comment lines inside them dropped
    const lines = raw.split(/\r?\n/);
    const joined = lines
      .filter((l, i) => i === 0 || !/^\s*#/.test(l))
      .map((l) => (l.endsWith(escape) ? l.slice(0, -1) : l))
      .join(" ");
    const item = { keyword, text: `${keyword} ${raw}`, args: joined.trim(), line, stage, shell: [...shell], shellLine, user };
    if (["CMD", "ENTRYPOINT", "RUN", "SHELL"].includes(keyword) || (keyword === "HEALTHCHECK" && /^(--\S+\s+)*CMD\b/i.test(joined.trim()))) {
      let a = joined.trim();
      if (keyword === "RUN") a = a.replace(/^(--\S+\s+)*/, "");
      if (keyword === "HEALTHCHECK") a = a.replace(/^(--\S+\s+)*CMD\s+/i, "");
      item.cmd = a;
      if (a.startsWith("[")) {
        try {
          const v = JSON.parse(a);
          item.json = Array.isArray(v) && v.every((x) => typeof x === "string") ? v : undefined;
          if (!item.json) item.jsonError = "not an array of strings";
        } catch (e) {
          item.jsonError = e.message;
        }
      }
      if (keyword === "SHELL" && item.json) {
        shell = item.json;
        shellLine = line;
      }
    }
    out.push(item);
  }
  return { instructions: out, stageUsers, stages: df.getFROMs().map((f) => `${f.getImageName?.() ?? ""} AS ${f.getBuildStage() ?? ""}`) };
}

const isRoot = (u) => /^(root|0)(:.*)?$/.test(u);
const INSTALL = /\b(apk\s+(--\S+\s+)*add|apt-get\s+(-\S+\s+)*install|apt\s+install|yum\s+(-\S+\s+)*install|dnf\s+(-\S+\s+)*install|microdnf\s+install|zypper\s+(-\S+\s+)*(in|install)|chmod\s+\S*\s*\/(usr|sbin|bin)\S*)\b/;

/** A new RUN that installs packages must run as root; a new shell-wrapped command must use the stage's SHELL. */
function checkUserShell(t, rel, ins, da, checks) {
  if (ins.keyword === "RUN" && INSTALL.test(ins.cmd ?? "")) {
    checks.checked(t, "dockerfile-user-shell");
    if (ins.user !== null && !isRoot(ins.user)) {
      checks.fail(t, "dockerfile-user-shell", rel, `line ${ins.line}: \`${clip(ins.cmd, 50)}\` runs as USER ${ins.user}: installing needs root, the build fails`, ins.line);
    } else if (ins.user === null) {
      const laterRoot = (da.stageUsers[ins.stage] ?? []).find((u) => u.line > ins.line && isRoot(u.user));
      if (laterRoot) {
        checks.fail(t, "dockerfile-user-shell", rel, `line ${ins.line}: \`${clip(ins.cmd, 50)}\` runs as the base image's user, before the stage's own \`USER ${laterRoot.user}\` at line ${laterRoot.line}: the file switches to root for a reason, the base user is not root`, ins.line);
      }
    }
  }
  if (ins.json && ins.shellLine !== null && ins.keyword !== "SHELL") {
    checks.checked(t, "dockerfile-user-shell");
    const argv0 = path.basename(ins.json[0] ?? "");
    const sc = shellCArg(ins.json);
    const stageShell = path.basename(ins.shell[0] ?? "");
    if (sc && argv0 !== stageShell) {
      checks.fail(t, "dockerfile-user-shell", rel, `line ${ins.line}: the fix wraps the command in \`${ins.json[0]} -c\` but the stage's SHELL (line ${ins.shellLine}) is ${JSON.stringify(ins.shell)}`, ins.line);
    }
  }
}

/** Shell scripts a Dockerfile instruction hands to a shell: shell form, or exec form `[sh, -c, script]`. */
function dockerScript(ins) {
  if (ins.cmd === undefined || ins.keyword === "SHELL") return null;
  if (ins.json) return shellCArg(ins.json);
  if (ins.cmd.startsWith("[")) return null;
  if (/^<<-?\s*["']?\w+/.test(ins.cmd)) return null; // a heredoc body is its own script
  const sh = path.basename(ins.shell[0] ?? "");
  if (!SHELLS.has(sh)) return null;
  return { script: ins.cmd, shell: sh === "bash" ? "bash" : "sh" };
}

function shellCArg(argv) {
  if (!argv.length || !SHELLS.has(path.basename(argv[0]))) return null;
  const i = argv.findIndex((a, k) => k > 0 && /^-\w*c\w*$/.test(a));
  if (i < 0 || i + 1 >= argv.length) return null;
  return { script: argv[i + 1], shell: path.basename(argv[0]) === "bash" ? "bash" : "sh" };
}

function newItems(before, after, key) {
  const count = new Map();
  for (const x of before) count.set(key(x), (count.get(key(x)) ?? 0) + 1);
  const out = [];
  for (const x of after) {
    const c = count.get(key(x)) ?? 0;
    if (c > 0) count.set(key(x), c - 1);
    else out.push(x);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------- compose

/** command / entrypoint / healthcheck test values of every service, as argv lists or strings. */
function composeCommands(text) {
  const out = [];
  let docs;
  try {
    docs = YAML.parseAllDocuments(text, { merge: true });
  } catch {
    return out;
  }
  for (const doc of docs) {
    if (doc.errors?.length) continue;
    let js;
    try {
      js = doc.toJS({ maxAliasCount: -1 });
    } catch {
      continue;
    }
    const services = js?.services;
    if (!services || typeof services !== "object") continue;
    for (const [name, svc] of Object.entries(services)) {
      if (!svc || typeof svc !== "object") continue;
      for (const key of ["command", "entrypoint"]) {
        if (svc[key] !== undefined && svc[key] !== null) out.push({ where: `services.${name}.${key}`, value: svc[key] });
      }
      const test = svc.healthcheck?.test;
      if (Array.isArray(test) && test[0] === "CMD-SHELL") out.push({ where: `services.${name}.healthcheck.test`, value: ["sh", "-c", test.slice(1).join(" ")] });
      else if (Array.isArray(test) && test[0] === "CMD") out.push({ where: `services.${name}.healthcheck.test`, value: test.slice(1) });
      else if (typeof test === "string") out.push({ where: `services.${name}.healthcheck.test`, value: ["sh", "-c", test] });
    }
  }
  return out;
}

/** Splits a compose string command the way compose does (shell words, no shell). */
function shellWords(s) {
  const out = [];
  let cur = null;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (/\s/.test(c)) {
      if (cur !== null) out.push(cur);
      cur = null;
    } else if (c === "'") {
      const j = s.indexOf("'", i + 1);
      cur = (cur ?? "") + s.slice(i + 1, j < 0 ? s.length : j);
      i = j < 0 ? s.length : j;
    } else if (c === '"') {
      let j = i + 1;
      let v = "";
      while (j < s.length && s[j] !== '"') {
        if (s[j] === "\\" && j + 1 < s.length) j++;
        v += s[j++];
      }
      cur = (cur ?? "") + v;
      i = j;
    } else if (c === "\\" && i + 1 < s.length) cur = (cur ?? "") + s[++i];
    else cur = (cur ?? "") + c;
  }
  if (cur !== null) out.push(cur);
  return out;
}

function isComposeText(text) {
  try {
    return YAML.parseAllDocuments(text).some((d) => {
      const js = d.errors?.length ? null : d.toJS({ maxAliasCount: -1 });
      return js && typeof js === "object" && js.services && typeof js.services === "object";
    });
  } catch {
    return false;
  }
}

const composeLoads = new Map();
function composeLoad(file) {
  if (!composeLoads.has(file)) composeLoads.set(file, composeLoadNow(file));
  return composeLoads.get(file);
}
function composeLoadNow(file) {
  const argv = tools.podmanCompose === "config" ? ["-f", file, "config"] : ["--dry-run", "-f", file, "ps"];
  const r = run("podman-compose", argv, { cwd: path.dirname(file), timeout: 60_000, env: { ...process.env, PODMAN_COMPOSE_WARNING_LOGS: "false" } });
  const errText = (r.stderr + r.stdout)
    .split("\n")
    .filter((l) => /error|exception|invalid|missing|traceback|not/i.test(l))
    .slice(-2)
    .join(" | ");
  return { ok: r.status === 0, message: clip(errText || `exit ${r.status}`, 200) };
}

// ---------------------------------------------------------------------------------------------- where edits land

const NO_LINUX_PID1 = { platform: /^(wasi|windows)(\/|$)|(^|\/)wasm(32|64)?($|\/)/i, runtime: /wasm|wasmedge|wasmtime|wasmer|spin|slight|lunatic/i };

/** services of a compose text: name → { init, platform, runtime } (merge keys resolved) */
function composeServices(text) {
  const out = new Map();
  let docs;
  try {
    docs = YAML.parseAllDocuments(text, { merge: true });
  } catch {
    return out;
  }
  for (const doc of docs) {
    if (doc.errors?.length) continue;
    let js;
    try {
      js = doc.toJS({ maxAliasCount: -1 });
    } catch {
      continue;
    }
    for (const [name, svc] of Object.entries(js?.services ?? {})) {
      if (svc && typeof svc === "object") out.set(name, { init: svc.init, platform: svc.platform, runtime: svc.runtime });
    }
  }
  return out;
}

/** `init: true` added to a service whose platform or runtime has no Linux PID 1 (wasm, Windows): Docker's init cannot run there. */
function checkInitWhereItRuns(t, rel, beforeText, afterText, checks) {
  const before = composeServices(beforeText);
  for (const [name, svc] of composeServices(afterText)) {
    const was = before.get(name);
    if (!(svc.init === true || svc.init === "true") || (was && (was.init === true || was.init === "true"))) continue;
    checks.checked(t, "init-where-it-runs");
    const why = typeof svc.platform === "string" && NO_LINUX_PID1.platform.test(svc.platform) ? `platform: ${svc.platform}` : typeof svc.runtime === "string" && NO_LINUX_PID1.runtime.test(svc.runtime) ? `runtime: ${svc.runtime}` : null;
    if (why) checks.fail(t, "init-where-it-runs", rel, `service \`${name}\` got \`init: true\` but has ${why}: no Linux PID 1 there, Docker's init cannot run`);
  }
}

const TEXT_NODES = new Set(["string", "raw_string", "ansi_c_string", "translated_string", "heredoc_body", "heredoc_content", "comment"]);

/**
 * Words a fix inserted into a script (`exec`, `--init`) must be code: `exec` a command name, `--init` an argument of a
 * `docker|podman run` command; never text inside a string, comment or heredoc, nor an argument of echo/printf.
 */
async function checkEditsInCode(t, rel, beforeText, afterText, checks) {
  const inserted = insertedTokens(beforeText, afterText, [/(?<![\w-])exec(?=[ \t])/g, /(?<![\w-])--init(?=[\s=;&|)]|$)/g]);
  if (!inserted.length) return;
  let tree;
  try {
    tree = (await shellParser()).parse(afterText);
  } catch (e) {
    checks.skip(t, "edits-in-code", `${rel}: shell parser unavailable (${e.message})`);
    return;
  }
  checks.checked(t, "edits-in-code");
  const starts = lineStarts(afterText);
  for (const tok of inserted) {
    const line = lineOf(starts, tok.offset);
    let n = tree.rootNode.descendantForIndex(tok.offset, tok.offset + tok.text.length);
    let inText = null;
    let command = null;
    for (let a = n; a; a = a.parent) {
      if (!inText && TEXT_NODES.has(a.type)) inText = a.type;
      if (!command && a.type === "command") command = a;
    }
    if (inText) {
      checks.fail(t, "edits-in-code", rel, `line ${line}: \`${tok.text}\` was inserted inside a ${inText.replace(/_/g, " ")}, not into a command`, line);
      continue;
    }
    const name = command?.childForFieldName("name")?.text ?? "";
    if (tok.text === "exec") {
      if (!command || command.childForFieldName("name")?.startIndex !== tok.offset) checks.fail(t, "edits-in-code", rel, `line ${line}: the inserted \`exec\` is not a command name`, line);
    } else {
      const words = command ? command.namedChildren.filter((c) => c.type !== "variable_assignment" && !c.type.endsWith("redirect")).map((c) => c.text) : [];
      const i = words.findIndex((w) => /^(?:.*\/)?(docker|podman|nerdctl)$/.test(w.replace(/^["']|["']$/g, "")) || /^"?\$\{?\w+\}?"?$/.test(w));
      const isRun = i >= 0 && (words.slice(i + 1).includes("run") || words.slice(i + 1).includes("create"));
      if (!isRun) checks.fail(t, "edits-in-code", rel, `line ${line}: \`--init\` was added to \`${clip(name, 20)} …\`, which is not a \`docker run\` command`, line);
    }
  }
  tree.delete?.();
}

/** Occurrences of the patterns in text `after` that `before` does not have, with their offsets in `after`. */
function insertedTokens(before, after, patterns) {
  const out = [];
  const a = before.split("\n");
  const b = after.split("\n");
  const bStarts = lineStarts(after);
  let bLine = 0;
  let removed = [];
  for (const c of diffArrays(a, b)) {
    if (c.removed) {
      removed = c.value;
      continue;
    }
    if (!c.added) {
      bLine += c.value.length;
      removed = [];
      continue;
    }
    const blockStart = bStarts[bLine] ?? after.length;
    const block = c.value.join("\n");
    const addedRanges = [];
    let pos = 0;
    for (const part of diffWordsWithSpace(removed.join("\n"), block)) {
      if (part.removed) continue;
      if (part.added) addedRanges.push([pos, pos + part.value.length]);
      pos += part.value.length;
    }
    for (const re of patterns) {
      re.lastIndex = 0;
      for (let m = re.exec(block); m; m = re.exec(block)) {
        // the word diff splits at punctuation (`-` `-init`): any overlap with inserted text counts
        if (addedRanges.some(([s, e]) => m.index < e && m.index + m[0].length > s)) out.push({ text: m[0], offset: blockStart + m.index });
      }
    }
    bLine += c.value.length;
    removed = [];
  }
  return out;
}

// ---------------------------------------------------------------------------------------------- named lines

function lineStarts(text) {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === "\n") starts.push(i + 1);
  return starts;
}
function lineOf(starts, offset) {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

/**
 * The original lines a fix may touch: { removable: Set<line>, insertAfter: Set<line> } (insertAfter 0 = before line 1).
 * Exact for edits from the API; the finding's own lines with one line of slack otherwise.
 */
function namedLines(entries) {
  const removable = new Set();
  const insertAfter = new Set();
  const add = (from, to, set) => {
    for (let l = from; l <= to; l++) set.add(l);
  };
  for (const e of entries) {
    if (e.kind === "edit") {
      if (e.end > e.start) {
        add(e.startLine, e.endLine, removable);
        add(e.startLine - 1, e.endLine, insertAfter);
      } else {
        removable.add(e.startLine);
        add(e.startLine - 1, e.startLine, insertAfter);
      }
    } else {
      add(Math.max(1, e.line - 1), e.endLine + 1, removable);
      add(Math.max(0, e.line - 2), e.endLine + 1, insertAfter);
    }
  }
  return { removable, insertAfter };
}

/** Changed lines of the original (1-based) that no fix names. */
function unnamedChanges(before, after, named) {
  const a = before.split("\n");
  const b = after.split("\n");
  const chunks = diffArrays(a, b);
  const bad = [];
  let oldLine = 0; // lines of `a` consumed
  for (let k = 0; k < chunks.length; k++) {
    const c = chunks[k];
    if (!c.added && !c.removed) {
      oldLine += c.count ?? c.value.length;
      continue;
    }
    if (c.removed) {
      // a removed run may slide over equal lines: accept when any equivalent placement is named
      const n = c.value.length;
      const places = slidePlaces(a, oldLine, n);
      const ok = places.some((p) => c.value.every((_, i) => named.removable.has(p + i + 1)));
      if (!ok) bad.push({ line: oldLine + 1, text: c.value[0], what: "removed or changed" });
      oldLine += n;
      continue;
    }
    // a pure insertion (an insertion right after a removal is part of the same changed lines)
    if (k > 0 && chunks[k - 1].removed) continue;
    const places = slideInsert(a, oldLine, c.value);
    if (!places.some((p) => named.insertAfter.has(p))) bad.push({ line: oldLine, text: c.value[0], what: "inserted after" });
  }
  return bad;
}

/** Start indexes where the removed run a[p..p+n) could equally sit (a run of equal lines slides). */
function slidePlaces(a, p, n) {
  const out = [p];
  for (let q = p; q > 0 && a[q - 1] === a[q - 1 + n]; q--) out.push(q - 1);
  for (let q = p; q + n < a.length && a[q] === a[q + n]; q++) out.push(q + 1);
  return out;
}

/** Positions (lines of `a` before the insertion) where the inserted block could equally sit. */
function slideInsert(a, p, block) {
  const out = [p];
  let blk = [...block];
  for (let q = p; q > 0 && a[q - 1] === blk[blk.length - 1]; q--) {
    blk = [blk[blk.length - 1], ...blk.slice(0, -1)];
    out.push(q - 1);
  }
  blk = [...block];
  for (let q = p; q < a.length && a[q] === blk[0]; q++) {
    blk = [...blk.slice(1), blk[0]];
    out.push(q + 1);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------- findings

function parseJsonReport(stdout) {
  try {
    const j = JSON.parse(stdout);
    return Array.isArray(j?.diagnostics) ? j.diagnostics : null;
  } catch {
    return null;
  }
}

const findingKey = (d) => `${d.rule}\u0000${d.file}\u0000${d.message}`;

function fixableIn(tier, d) {
  return d.fix && (tier === "unsafe" || d.fix.safety === "safe");
}

/** `fixed FILE:LINE: TITLE [RULE]` and `not fixed FILE: REASON` lines of the fix summary. */
function parseFixSummary(stderr) {
  const applied = [];
  const refused = [];
  for (const l of stderr.split("\n")) {
    // `fixed FILE:LINE: TITLE [RULE]`, optionally followed by a note such as `(follow-on: …)`
    let m = /^fixed (.+?):(\d+): (.*?) \[([\w-]+)\](?: \((.*)\))?$/.exec(l);
    if (m) applied.push({ file: m[1], line: Number(m[2]), title: m[3], rule: m[4], ...(m[5] ? { note: m[5] } : {}) });
    m = /^not fixed (.+?): (.*)$/.exec(l);
    if (m) refused.push({ file: m[1], reason: m[2] });
  }
  return { applied, refused };
}

// ---------------------------------------------------------------------------------------------- one repository

class Checks {
  constructor() {
    this.byTier = {};
    for (const t of TIERS) {
      this.byTier[t.id] = {};
      for (const [id] of CHECKS) this.byTier[t.id][id] = { status: "SKIP", failures: [], notes: [], checked: 0, skipped: 0 };
    }
  }
  fail(tier, id, file, reason, line) {
    const c = this.byTier[tier][id];
    c.status = "FAIL";
    c.failures.push({ file: file ?? null, ...(line ? { line } : {}), reason });
  }
  /** a file (or the whole check) that could not be checked: never counted as a pass */
  skip(tier, id, reason) {
    const c = this.byTier[tier][id];
    c.skipped++;
    c.notes.push(reason);
  }
  note(tier, id, text) {
    this.byTier[tier][id].notes.push(text);
  }
  checked(tier, id) {
    this.byTier[tier][id].checked++;
  }
  /** FAIL with any failure, PASS when something was checked, else SKIP with the reason */
  finalize(tier, emptyReason) {
    for (const [id] of CHECKS) {
      const c = this.byTier[tier][id];
      c.status = c.failures.length ? "FAIL" : c.checked > 0 ? "PASS" : "SKIP";
      if (c.status === "SKIP" && c.skipped === 0) c.notes.unshift(emptyReason);
    }
  }
}

let api = null;
async function loadApi() {
  if (apiSpec === "none") return null;
  if (!api) api = await import(pathToFileURL(path.resolve(apiSpec)).href);
  return api;
}

async function evalRepository(name, work) {
  const orig = path.join(corpus, name);
  const checks = new Checks();
  const result = { repository: name, changedFiles: {}, fixes: {}, refused: {}, checks: checks.byTier, errors: [] };
  const stageDir = (stage) => path.join(work, stage);
  const copyOf = (stage) => {
    copyTree(orig, path.join(stageDir(stage), name));
    return path.join(stageDir(stage), name);
  };
  const traceDir = path.join(work, "trace");
  fs.mkdirSync(traceDir, { recursive: true });
  const origManifest = manifest(orig);
  const tierEmpty = {};

  // runs the CLI in a copy and records writes outside it (strace) and files left beside it (snapshot)
  const cli = (tierIds, copy, argv) => {
    const r = runCli(copy, argv, traceDir);
    for (const tier of tierIds) {
      checks.checked(tier, "cli-runs");
      checks.checked(tier, "nothing-outside");
      const wrote = outsideWrites(r.writes, fs.realpathSync(copy));
      for (const p of wrote) checks.fail(tier, "nothing-outside", null, `\`${argv.join(" ")}\` wrote ${p}`);
      const beside = fs.readdirSync(path.dirname(copy)).filter((f) => f !== name);
      for (const f of beside) {
        const p = path.join(path.dirname(copy), f);
        if (!wrote.some((w) => within(w, p))) checks.fail(tier, "nothing-outside", null, `\`${argv.join(" ")}\` created ${p} beside the repository`);
      }
      for (const f of beside) fs.rmSync(path.join(path.dirname(copy), f), { recursive: true, force: true });
      if (r.status !== 0 && r.status !== 1) checks.fail(tier, "cli-runs", null, `\`${argv.join(" ")}\` exited ${r.status ?? r.signal}: ${clip(r.stderr.trim().split("\n").slice(-1)[0] ?? "", 160)}`);
    }
    return r;
  };

  const pristine = copyOf("pristine");
  const beforeRun = cli(["safe", "unsafe"], pristine, ["--format", "json"]);
  const before = parseJsonReport(beforeRun.stdout);
  if (!before) {
    for (const t of TIERS) checks.fail(t.id, "cli-runs", null, `\`--format json\` printed no JSON report: ${clip(beforeRun.stderr.trim(), 160)}`);
  }
  // the exact fix edits, from the API, when there is one
  let rawEdits = [];
  try {
    const a = await loadApi();
    if (a) {
      const r = await a.lint([], { cwd: pristine });
      rawEdits = r.raw.filter((d) => d.fix).map((d) => ({ safety: d.fix.safety, edits: d.fix.edits.map((e) => ({ ...e, rel: path.relative(pristine, e.file).split(path.sep).join("/") })) }));
    }
  } catch (e) {
    result.errors.push(`API lint: ${e.message}`);
  }

  for (const tier of TIERS) {
    const t = tier.id;
    // --diff in the pristine copy: must write nothing
    const diffRun = cli([t], pristine, tier.diff);
    const diffText = diffRun.stdout;
    checks.checked(t, "diff-writes-nothing");
    for (const d of treeDiff(origManifest, manifest(pristine))) checks.fail(t, "diff-writes-nothing", d.file, `\`${tier.diff.join(" ")}\` changed it (${d.what})`);

    // --fix in a fresh copy
    const fixed = copyOf(`${t}-fix`);
    const fixRun = cli([t], fixed, [...tier.fix, "--format", "json"]);
    const summary = parseFixSummary(fixRun.stderr);
    result.fixes[t] = summary.applied.length;
    // fixes applied that the lint before did not offer: they appeared only once another fix was applied
    const offered = new Map();
    for (const d of before ?? []) if (fixableIn(t, d)) offered.set(`${d.file}\u0000${d.rule}\u0000${d.fix.title}`, (offered.get(`${d.file}\u0000${d.rule}\u0000${d.fix.title}`) ?? 0) + 1);
    const followOns = summary.applied.filter((a) => {
      const k = `${a.file}\u0000${a.rule}\u0000${a.title}`;
      const n = offered.get(k) ?? 0;
      if (n > 0) offered.set(k, n - 1);
      return n === 0;
    });
    result.offered = result.offered ?? {};
    result.offered[t] = (before ?? []).filter((d) => fixableIn(t, d)).length;
    result.followOn = result.followOn ?? {};
    result.followOn[t] = followOns;
    result.refused[t] = summary.refused;
    const fixedManifest = manifest(fixed);
    const changed = treeDiff(origManifest, fixedManifest);
    result.changedFiles[t] = changed.map((c) => c.file);

    // the diff applied to a fresh copy must give the --fix result
    const applied = copyOf(`${t}-diff`);
    const patchFile = path.join(work, `${t}.patch`);
    fs.writeFileSync(patchFile, diffText);
    checks.checked(t, "diff-applies");
    if (diffText.trim() === "") {
      if (changed.length) checks.fail(t, "diff-applies", changed[0].file, `\`${tier.diff.join(" ")}\` printed nothing but \`${tier.fix[0]}\` changed ${changed.length} file(s)`);
    } else {
      const gitEnv = { ...process.env, GIT_CEILING_DIRECTORIES: path.dirname(applied) };
      const g = tools.git ? run("git", ["-c", "core.autocrlf=false", "apply", "--check", "--whitespace=nowarn", patchFile], { cwd: applied, env: gitEnv }) : null;
      const p = tools.patch ? run("patch", ["-p1", "--dry-run", "-s", "-f", "-N", "-i", patchFile], { cwd: applied }) : null;
      if (g && g.status !== 0) checks.fail(t, "diff-applies", fileOfPatchError(g.stderr), `git apply --check: ${clip(g.stderr.trim().split("\n")[0], 200)}`);
      if (p && p.status !== 0) checks.fail(t, "diff-applies", fileOfPatchError(p.stdout + p.stderr), `patch -p1 --dry-run: ${clip((p.stdout + p.stderr).trim().split("\n")[0], 200)}`);
      if (!g && !p) checks.skip(t, "diff-applies", "neither git nor patch is installed");
      // GNU patch keeps each file's mode; git apply, given a diff without mode lines, creates files with the umask's
      if (p?.status === 0) run("patch", ["-p1", "-s", "-f", "-N", "-i", patchFile], { cwd: applied });
      else if (g?.status === 0) run("git", ["-c", "core.autocrlf=false", "apply", "--whitespace=nowarn", patchFile], { cwd: applied, env: gitEnv });
    }
    checks.checked(t, "diff-equals-fix");
    for (const d of treeDiff(manifest(applied), fixedManifest)) {
      const detail = d.what === "content" ? firstDifference(path.join(applied, d.file), path.join(fixed, d.file)) : d.what;
      checks.fail(t, "diff-equals-fix", d.file, `applied diff and ${tier.fix[0]} differ: ${detail}`);
    }

    // what the fix did to each changed file
    const namedEntries = new Map(); // file → entries
    const pushNamed = (file, e) => {
      if (!namedEntries.has(file)) namedEntries.set(file, []);
      namedEntries.get(file).push(e);
    };
    for (const d of before ?? []) if (fixableIn(t, d)) pushNamed(d.file, { kind: "finding", source: "lint", line: d.line, endLine: d.endLine });
    for (const a of summary.applied) pushNamed(a.file, { kind: "finding", source: "applied", line: a.line, endLine: a.line });
    for (const r of rawEdits) {
      if (t === "safe" && r.safety !== "safe") continue;
      for (const e of r.edits) {
        const text = readText(path.join(orig, e.rel));
        if (text === null) continue;
        const starts = lineStarts(text);
        pushNamed(e.rel, { kind: "edit", source: "lint", start: e.start, end: e.end, startLine: lineOf(starts, e.start), endLine: lineOf(starts, Math.max(e.start, e.end - 1)) });
      }
    }
    if (!fixedManifest.size) continue;
    for (const c of changed) await checkChangedFile(t, c, orig, fixed, pristine, namedEntries.get(c.file) ?? [], checks, followOns.filter((a) => a.file === c.file));
    const emptyReason = changed.length ? "no changed file of that kind" : "nothing changed";

    // fixed findings are gone: lint the fixed copy
    const afterRun = cli([t], fixed, ["--format", "json"]);
    const after = parseJsonReport(afterRun.stdout);
    if (!before || !after) checks.skip(t, "fixed-findings-gone", "no JSON report to compare");
    else {
      checks.checked(t, "fixed-findings-gone");
      const refusedFiles = new Set(summary.refused.map((r) => r.file));
      const remainAllowed = new Map();
      for (const d of before) if (!fixableIn(t, d)) remainAllowed.set(findingKey(d), (remainAllowed.get(findingKey(d)) ?? 0) + 1);
      const afterCount = new Map();
      for (const d of after) afterCount.set(findingKey(d), (afterCount.get(findingKey(d)) ?? 0) + 1);
      const reported = new Set();
      for (const d of before) {
        if (!fixableIn(t, d)) continue;
        const k = findingKey(d);
        if (reported.has(k) || (afterCount.get(k) ?? 0) <= (remainAllowed.get(k) ?? 0)) continue;
        reported.add(k);
        if (refusedFiles.has(d.file)) checks.note(t, "fixed-findings-gone", `${d.file}:${d.line} ${d.rule} remains: the CLI said it did not fix that file`);
        else checks.fail(t, "fixed-findings-gone", d.file, `${d.rule} at line ${d.line} (fix "${d.fix.title}") is still reported after ${tier.fix[0]}`, d.line);
      }
    }

    // idempotence: a second fix (on a copy of the fixed tree) changes nothing
    const again = path.join(stageDir(`${t}-again`), name);
    copyTree(fixed, again);
    cli([t], again, [...tier.fix, "--format", "json"]);
    checks.checked(t, "idempotent");
    for (const d of treeDiff(fixedManifest, manifest(again))) {
      const what = d.what === "content" ? lineDiffSummary(readText(path.join(fixed, d.file)) ?? "", readText(path.join(again, d.file)) ?? "") : d.what;
      checks.fail(t, "idempotent", d.file, `the second ${tier.fix[0]} changed it again: ${what}`);
    }
    for (const s of [`${t}-fix`, `${t}-diff`, `${t}-again`]) fs.rmSync(stageDir(s), { recursive: true, force: true });
    tierEmpty[t] = emptyReason;
  }

  checks.checked("safe", "nothing-outside");
  for (const d of treeDiff(origManifest, manifest(orig))) {
    for (const t of TIERS) checks.fail(t.id, "nothing-outside", d.file, `the original repository changed (${d.what})`);
  }
  if (!tools.strace) for (const t of TIERS) checks.note(t.id, "nothing-outside", "strace unavailable: checked the original repository and the copy's folder only");
  for (const t of TIERS) checks.finalize(t.id, tierEmpty[t.id] ?? "not run");
  return result;
}

function fileOfPatchError(text) {
  const m = /(?:error: (?:patch failed: )?|patching file |can't find file to patch.*?\|[-+]{3} [ab]\/)([^\s:]+)/.exec(text);
  return m ? m[1].replace(/^[ab]\//, "") : null;
}

function lineDiffSummary(a, b) {
  const la = a.split("\n");
  const lb = b.split("\n");
  for (const c of diffArrays(la, lb)) if (c.added || c.removed) return `${c.added ? "+" : "-"}${JSON.stringify(clip(c.value[0] ?? ""))}`;
  return "bytes";
}

async function checkChangedFile(t, c, orig, fixed, pristine, named, checks, followOns) {
  const rel = c.file;
  if (c.what !== "content") {
    checks.checked(t, "only-named-lines");
    checks.fail(t, "only-named-lines", rel, `the fix ${c.what === "added" ? "created" : c.what === "removed" ? "deleted" : "changed"} it (${c.what})`);
    return;
  }
  const beforeText = readText(path.join(orig, rel));
  const afterText = readText(path.join(fixed, rel));
  if (beforeText === null || afterText === null) return;
  const kind = kindOf(rel, beforeText);

  // only named lines changed
  checks.checked(t, "only-named-lines");
  if (!named.length) checks.fail(t, "only-named-lines", rel, "changed, but no finding with a fix names this file");
  else {
    const bad = unnamedChanges(beforeText, afterText, namedLines(named));
    // a fix the summary lists but the lint before did not offer: it appeared only after another fix was applied
    const why = followOns.length
      ? `no fix the lint offered names it; the CLI also applied ${followOns.map((a) => `"${a.title}" [${a.rule}] (listed at line ${a.line})`).join(", ")}, which the lint before the fix did not offer (a follow-on fix)`
      : "no fix names that line";
    for (const b of bad.slice(0, 3)) checks.fail(t, "only-named-lines", rel, `line ${b.line} ${b.what}: ${JSON.stringify(clip(b.text ?? ""))}: ${why}`, b.line);
  }

  if (kind === "yaml") {
    const errs = (txt) => {
      try {
        return YAML.parseAllDocuments(txt).flatMap((d) => d.errors ?? []);
      } catch (e) {
        return [e];
      }
    };
    const eb = errs(beforeText);
    const ea = errs(afterText);
    if (eb.length) checks.skip(t, "yaml-parses", `${rel}: the original does not parse either`);
    else {
      checks.checked(t, "yaml-parses");
      if (ea.length) checks.fail(t, "yaml-parses", rel, `YAML error: ${clip(ea[0].message.split("\n")[0], 160)}`, ea[0].linePos?.[0]?.line);
    }
    if (isComposeText(afterText) || isComposeText(beforeText)) {
      if (!tools.podmanCompose) checks.skip(t, "compose-loader", "podman-compose is not installed (apt-get install -y podman-compose)");
      else {
        const lb = composeLoad(path.join(pristine, rel));
        if (!lb.ok) checks.skip(t, "compose-loader", `${rel}: podman-compose does not load the original either (${lb.message})`);
        else {
          checks.checked(t, "compose-loader");
          const la = composeLoad(path.join(fixed, rel));
          if (!la.ok) checks.fail(t, "compose-loader", rel, `podman-compose no longer loads it: ${la.message}`);
          if (tools.podmanCompose === "dry-run" && !checks.byTier[t]["compose-loader"].notes.length) checks.note(t, "compose-loader", "podman-compose has no `config`: loaded with `--dry-run … ps`");
        }
      }
    }
    checkInitWhereItRuns(t, rel, beforeText, afterText, checks);
    // commands compose runs: a new `exec` as a program, or in an `sh -c` string
    const cb = composeCommands(beforeText);
    const ca = composeCommands(afterText);
    const key = (x) => `${x.where}\u0000${JSON.stringify(x.value)}`;
    for (const x of newItems(cb, ca, key)) {
      const argv = typeof x.value === "string" ? shellWords(x.value) : Array.isArray(x.value) ? x.value.map(String) : [];
      checks.checked(t, "no-exec-of-function-or-builtin");
      if (argv.length && SHELL_ONLY.has(argv[0])) {
        checks.fail(t, "no-exec-of-function-or-builtin", rel, `${x.where} runs \`${argv[0]}\`, a shell builtin, without a shell: no such program`);
        continue;
      }
      const sc = shellCArg(argv);
      if (sc) await checkExecsInSnippet(t, rel, sc.script, "", checks, x.where);
    }
  } else if (kind === "shell") {
    const shells = ["sh"];
    const sb = shebangShell(beforeText) ?? shebangShell(afterText);
    if (sb === "bash" || /\.bash$/.test(rel)) shells.push("bash");
    for (const sh of shells) {
      if (sh === "bash" && !tools.bash) continue;
      const rb = run(sh, ["-n", path.join(orig, rel)]);
      const ra = run(sh, ["-n", path.join(fixed, rel)]);
      if (rb.status !== 0) {
        checks.skip(t, "shell-parses", `${rel}: ${sh} -n fails on the original too`);
        continue;
      }
      checks.checked(t, "shell-parses");
      if (ra.status !== 0) checks.fail(t, "shell-parses", rel, `${sh} -n: ${clip(ra.stderr.trim().split("\n")[0].replace(fixed + "/", ""), 160)}`);
    }
    await checkExecsInSnippet(t, rel, afterText, beforeText, checks, null, path.join(fixed, rel), fixed);
    await checkEditsInCode(t, rel, beforeText, afterText, checks);
  } else if (kind === "dockerfile") {
    checks.checked(t, "dockerfile-parses");
    let db;
    let da;
    try {
      db = dockerInstructions(beforeText);
      da = dockerInstructions(afterText);
    } catch (e) {
      checks.fail(t, "dockerfile-parses", rel, `dockerfile-ast: ${e.message}`);
      return;
    }
    if (db.stages.join("|") !== da.stages.join("|")) checks.fail(t, "dockerfile-parses", rel, `the stages changed: ${db.stages.join(", ")} -> ${da.stages.join(", ")}`);
    const fresh = newItems(db.instructions, da.instructions, (i) => i.text);
    for (const ins of fresh) {
      if (!DOCKERFILE_KEYWORDS.has(ins.keyword)) checks.fail(t, "dockerfile-parses", rel, `line ${ins.line}: unknown instruction ${ins.keyword}`, ins.line);
      if (ins.jsonError) checks.fail(t, "dockerfile-parses", rel, `line ${ins.line}: ${ins.keyword} exec form is not valid JSON (${clip(ins.jsonError, 80)}): the builder would run it as a shell command`, ins.line);
      if (ins.json && ins.json.length && ins.keyword !== "SHELL" && SHELL_ONLY.has(ins.json[0])) {
        checks.checked(t, "no-exec-of-function-or-builtin");
        checks.fail(t, "no-exec-of-function-or-builtin", rel, `line ${ins.line}: ${ins.keyword} runs \`${ins.json[0]}\`, a shell builtin, without a shell`, ins.line);
      }
      checkUserShell(t, rel, ins, da, checks);
      const sc = dockerScript(ins);
      if (!sc) continue;
      // the script a new instruction hands to the shell parses
      const r = run(sc.shell === "bash" && tools.bash ? "bash" : "sh", ["-n", "-c", sc.script]);
      if (r.status !== 0) checks.fail(t, "dockerfile-parses", rel, `line ${ins.line}: ${sc.shell} -n on the ${ins.keyword} command: ${clip(r.stderr.trim().split("\n")[0], 120)}`, ins.line);
      const old = db.instructions.filter((i) => i.stage === ins.stage && i.keyword === ins.keyword).map((i) => dockerScript(i)?.script ?? "");
      await checkExecsInSnippet(t, rel, sc.script, old.join("\n"), checks, `line ${ins.line} ${ins.keyword}`);
    }
  }
}

/** New `exec` commands of a shell snippet that cannot run a program. */
async function checkExecsInSnippet(t, rel, afterText, beforeText, checks, where, scriptAbs, fixedRoot) {
  let fa;
  let fb;
  try {
    fa = await shellFacts(afterText);
    fb = await shellFacts(beforeText ?? "");
  } catch (e) {
    checks.skip(t, "no-exec-of-function-or-builtin", `${rel}: shell parser unavailable (${e.message})`);
    return;
  }
  checks.checked(t, "no-exec-of-function-or-builtin");
  const fresh = newExecs(fb, fa);
  if (!fresh.length) return;
  const sourced = scriptAbs ? await sourcedFunctions(fa, scriptAbs, fixedRoot) : new Map();
  for (const e of fresh) {
    const problem = execProblem(e, fa, sourced);
    if (problem) checks.fail(t, "no-exec-of-function-or-builtin", rel, `${where ? `${where}: ` : `line ${e.line}: `}\`${clip(e.text, 60)}\`: ${problem}`, where ? undefined : e.line);
  }
}

// ---------------------------------------------------------------------------------------------- report

function firstFailure(c) {
  if (c.status === "FAIL") {
    const f = c.failures[0];
    return `${f.file ?? "(repository)"}: ${f.reason}${c.failures.length > 1 ? ` (+${c.failures.length - 1} more)` : ""}`;
  }
  if (c.status === "SKIP") return c.notes[0] ?? "";
  return "";
}

function printTable(res) {
  const safeChanged = res.changedFiles.safe?.length ?? 0;
  const unsafeChanged = res.changedFiles.unsafe?.length ?? 0;
  const lines = [];
  const follow = (t) => (res.followOn?.[t]?.length ? ` (${res.followOn[t].length} not offered by the lint before)` : "");
  lines.push(
    `\n${res.repository}: changed files safe ${safeChanged}, unsafe ${unsafeChanged}; fixes offered safe ${res.offered?.safe ?? 0}, unsafe ${res.offered?.unsafe ?? 0}; applied safe ${res.fixes.safe ?? 0}${follow("safe")}, unsafe ${res.fixes.unsafe ?? 0}${follow("unsafe")}`,
  );
  lines.push(`  ${"check".padEnd(40)} ${"safe".padEnd(6)} ${"unsafe".padEnd(6)} first failure / reason`);
  for (const [id, label] of CHECKS) {
    const s = res.checks.safe[id];
    const u = res.checks.unsafe[id];
    const detail = s.status === "FAIL" ? `safe: ${firstFailure(s)}` : u.status === "FAIL" ? `unsafe: ${firstFailure(u)}` : firstFailure(s.status === "SKIP" ? s : u);
    lines.push(`  ${label.padEnd(40)} ${s.status.padEnd(6)} ${u.status.padEnd(6)} ${detail}`);
  }
  for (const t of TIERS) {
    for (const [id] of CHECKS) {
      const c = res.checks[t.id][id];
      for (const f of c.failures.slice(1)) lines.push(`    ${t.id} ${id}: ${f.file ?? "(repository)"}: ${f.reason}`);
    }
  }
  for (const t of TIERS) for (const r of res.refused[t.id] ?? []) lines.push(`    ${t.id}: the CLI did not fix ${r.file}: ${r.reason}`);
  for (const e of res.errors) lines.push(`    note: ${e}`);
  process.stdout.write(lines.join("\n") + "\n");
}

/** Broken fixes: distinct changed files (per repository) with at least one failed check; repository-level failures count once. */
function brokenUnits(res) {
  const units = new Map();
  for (const t of TIERS) {
    for (const [id] of CHECKS) {
      for (const f of res.checks[t.id][id].failures) {
        const k = f.file ?? "(repository)";
        if (!units.has(k)) units.set(k, []);
        units.get(k).push({ tier: t.id, check: id, ...(f.line ? { line: f.line } : {}), reason: f.reason });
      }
    }
  }
  return units;
}

// ---------------------------------------------------------------------------------------------- main

const repos = fs
  .readdirSync(corpus, { withFileTypes: true })
  .filter((d) => d.isDirectory() && !d.name.startsWith("."))
  .map((d) => d.name)
  .filter((n) => !args.values.only?.length || args.values.only.includes(n))
  .sort();
if (!repos.length) usage(`${corpus}: no repositories (sub-folders)`);

const results = [];
let changedTotal = 0;
let brokenTotal = 0;
let failed = false;
const t0 = Date.now();
for (const [i, name] of repos.entries()) {
  const started = Date.now();
  process.stderr.write(`eval:fix [${i + 1}/${repos.length}] ${name} …\n`);
  const work = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "eval-fix-")));
  let res;
  try {
    res = await evalRepository(name, work);
  } catch (e) {
    const checks = new Checks();
    for (const t of TIERS) {
      checks.fail(t.id, "cli-runs", null, `evaluation stopped: ${e.message}`);
      checks.finalize(t.id, "not run: the evaluation stopped");
    }
    res = { repository: name, changedFiles: {}, fixes: {}, refused: {}, checks: checks.byTier, errors: [`evaluation stopped: ${e.stack ?? e}`] };
  } finally {
    if (!args.values.keep) fs.rmSync(work, { recursive: true, force: true });
    else process.stderr.write(`  kept ${work}\n`);
  }
  const units = brokenUnits(res);
  res.broken = Object.fromEntries(units);
  res.seconds = Math.round((Date.now() - started) / 100) / 10;
  const changed = new Set([...(res.changedFiles.safe ?? []), ...(res.changedFiles.unsafe ?? [])]);
  res.changedFileCount = changed.size;
  changedTotal += changed.size;
  brokenTotal += units.size;
  if (units.size) failed = true;
  results.push(res);
  process.stderr.write(`eval:fix [${i + 1}/${repos.length}] ${name}: ${changed.size} changed files, ${units.size} broken, ${res.seconds}s\n`);
  printTable(res);
}

const summaryLine = `eval:fix: ${repos.length} repositories, ${changedTotal} changed files, ${brokenTotal} broken fixes`;
if (args.values.json) {
  const doc = {
    corpus,
    cli: cliPath,
    api: apiSpec,
    tools: { ...tools },
    seconds: Math.round((Date.now() - t0) / 1000),
    summary: { repositories: repos.length, changedFiles: changedTotal, brokenFixes: brokenTotal },
    repositories: results,
  };
  fs.writeFileSync(path.resolve(args.values.json), JSON.stringify(doc, null, 2) + "\n");
}
process.stdout.write(`\n${summaryLine}\n`);
process.exitCode = failed ? 1 : 0;
