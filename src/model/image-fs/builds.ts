// Programs a RUN builds: go build/install, cargo build/install, nim, dotnet publish/build, gcc/clang -o, zig; and
// the toolchain images whose stages build compiled programs.
import path from "node:path";
import { basename, imageRepository } from "../../knowledge/index.js";
import { joinPosix } from "../../parse/dockerfile.js";
import { opFile, readInImage } from "./ops.js";
import type { FileOrigin, FlowStep, Opts, Resolver, RunCmd, StageState } from "./types.js";
import { absPath, parseOpts, under } from "./words.js";

// ---------------------------------------------------------------------------------------------------------
// go

/** One `go build` / `go install`, as its outputs are matched against a path. */
interface GoBuild {
  st: StageState;
  step: FlowStep;
  /** the directory it runs in (after -C) */
  cwd: string | null;
  /** the packages' program names; null where a package is not known here (`.`: the module's name) */
  names: (string | null)[];
  /** several packages (or a `...` pattern) */
  many: boolean;
  built: (p: string, steps: FlowStep[]) => FileOrigin;
}

/** go's own flags that take a value (single-dash words: `-ldflags "-s -w"`, `-o out`). */
const GO_FLAG_WITH_VALUE = /^-(o|p|C|ldflags|gcflags|asmflags|tags|mod|modfile|overlay|pkgdir|buildmode|installsuffix|toolexec|compiler|gccgoflags|buildvcs|pgo|covermode|coverpkg)$/;

export function goOps(st: StageState, r: RunCmd): void {
  const sub = r.words[1];
  if (sub !== "build" && sub !== "install") return;
  const { out, chdir, pkgs } = goArgs(r.words.slice(2));
  const cwd = chdir ? absPath(chdir, r.cwd, st.vars) : r.cwd;
  const g: GoBuild = {
    st,
    step: r.step,
    cwd,
    names: pkgs.map((p) => (p === null ? null : goPackageName(p))),
    many: pkgs.length > 1 || pkgs.some((p) => p !== null && p.includes("...")),
    built: (p, steps) => ({ kind: "built", program: basename(p), language: "Go", tool: `go ${sub}`, steps }),
  };
  if (sub === "install" && out === null) goInstallOp(g, new Map([...st.vars, ...r.c.assignments]));
  else if (out !== null) goOutputOp(g, out);
  else if (cwd !== null && !g.many && !pkgs.includes(null)) goDirOp(g, cwd);
}

/** `-o`, `-C` and the packages of a go build/install. */
function goArgs(words: (string | null)[]): { out: string | null; chdir: string | null; pkgs: (string | null)[] } {
  let out: string | null = null;
  let chdir: string | null = null;
  const pkgs: (string | null)[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (w === null || w === undefined) {
      pkgs.push(null);
      continue;
    }
    const m = /^--?([a-z]+)=(.*)$/.exec(w);
    if (m) {
      if (m[1] === "o") out = m[2]!;
      if (m[1] === "C") chdir = m[2]!;
      continue;
    }
    const flag = w.replace(/^--/, "-");
    if (GO_FLAG_WITH_VALUE.test(flag)) {
      const v = words[++i] ?? null;
      if (flag === "-o") out = v;
      if (flag === "-C") chdir = v;
      continue;
    }
    if (w.startsWith("-")) continue;
    pkgs.push(w);
  }
  return { out, chdir, pkgs };
}

/** `go install` without -o: the programs land in $GOBIN (else $GOPATH/bin). */
function goInstallOp(g: GoBuild, env: Map<string, string>): void {
  const { names, many, cwd, built, step } = g;
  const gobin = env.get("GOBIN");
  const dirs = gobin ? [gobin] : [joinPosix(env.get("GOPATH") ?? "/go", "bin"), "/root/go/bin"];
  g.st.ops.push({
    step,
    cover: { under: [...dirs.map((d) => joinPosix("/", d))] },
    match: (t) => {
      const n = basename(t);
      if (!dirs.some((d) => path.posix.dirname(t) === joinPosix("/", d))) return null;
      if (many || names.includes(n) || names.some((x) => x === null)) return { origin: built(t, [step]) };
      if (names.length === 0 && cwd && n === basename(cwd)) return { origin: built(t, [step]) };
      return null;
    },
  });
}

/** `-o file`, or `-o dir/` (several packages: a directory). */
function goOutputOp(g: GoBuild, out: string): void {
  const { names, many, built, step, st } = g;
  const o2 = absPath(out, g.cwd, st.vars);
  if (!o2) return;
  const isDir = out.endsWith("/") || many;
  if (!isDir) st.createdDirs.push(path.posix.dirname(o2));
  else st.createdDirs.push(o2);
  st.ops.push({
    step,
    cover: { under: [o2] },
    match: (t) => {
      if (!isDir && t === o2) return { origin: built(t, [step]) };
      if (path.posix.dirname(t) === o2 && (many || names.includes(basename(t)) || names.length === 0 || names.includes(null))) return { origin: built(t, [step]) };
      return null;
    },
  });
}

/** `go build` without -o: the program lands in the working directory, named after the package or the module. */
function goDirOp(g: GoBuild, dirName: string): void {
  const { built, step, st } = g;
  const want = g.names[0] ?? null;
  st.ops.push({
    step,
    cover: { under: [dirName] },
    match: async (t, rc, index) => {
      if (path.posix.dirname(t) !== dirName) return null;
      const n = basename(t);
      if (want !== null) return n === want ? { origin: built(t, [step]) } : null;
      // `go build` or `go build .`: named after the module (go.mod) or the directory
      const cand = new Set([basename(dirName)]);
      const mod = await readInImage(rc, st.stage.index, joinPosix(dirName, "go.mod"), index);
      const mm = mod ? /^\s*module\s+("?)([^\s"]+)\1/m.exec(mod) : null;
      if (mm) cand.add(goPackageName(mm[2]!) ?? "");
      return cand.has(n) ? { origin: built(t, [step]) } : null;
    },
  });
}

/** `./cmd/api` → api, `main.go` → main, `example.com/x/v2` → x, `.` → null (the module's name). */
function goPackageName(p: string): string | null {
  const q = p.replace(/@.*$/, "").replace(/\/+$/, "");
  if (q === "." || q === "" || q === "./") return null;
  if (q.endsWith(".go")) return basename(q).slice(0, -3);
  const parts = q.split("/").filter((x) => x && x !== ".");
  let last = parts.pop() ?? null;
  if (last && /^v\d+$/.test(last) && parts.length) last = parts.pop()!;
  return last;
}

/** [[bin]] names and the [package] name of a Cargo.toml; null when it is a workspace (any member's binary). */
function cargoBinNames(toml: string): string[] | null {
  if (/^\s*\[workspace\]/m.test(toml) && !/^\s*\[package\]/m.test(toml)) return null;
  const names: string[] = [];
  let section = "";
  let autobins = true;
  let pkgName: string | null = null;
  for (const line of toml.split(/\r?\n/)) {
    const sec = /^\s*\[\[?\s*([A-Za-z0-9_.-]+)\s*\]?\]/.exec(line);
    if (sec) {
      section = line.trim().startsWith("[[") ? `[[${sec[1]}]]` : sec[1]!;
      continue;
    }
    const kv = /^\s*([A-Za-z0-9_-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|(\S+))/.exec(line);
    if (!kv) continue;
    const val = kv[2] ?? kv[3] ?? kv[4] ?? "";
    if (section === "[[bin]]" && kv[1] === "name") names.push(val);
    if (section === "package" && kv[1] === "name") pkgName = val;
    if (section === "package" && kv[1] === "autobins" && val === "false") autobins = false;
  }
  if (pkgName && autobins) names.push(pkgName);
  return names;
}
// ---------------------------------------------------------------------------------------------------------
// cargo

/** One `cargo build` / `cargo install`, as its outputs are matched against a path. */
interface CargoBuild {
  st: StageState;
  r: RunCmd;
  o: Opts;
  /** the words after the subcommand */
  raw: (string | null)[];
  env: Map<string, string>;
  /** `--bin` names */
  bins: string[];
  built: (t: string, steps: FlowStep[]) => FileOrigin;
}

const CARGO_OPTS = {
  short: "pFjZ",
  long: ["--profile", "--target", "--target-dir", "--bin", "--package", "--manifest-path", "--features", "--jobs", "--config", "--color", "--message-format", "--root", "--path", "--version", "--git", "--branch", "--tag", "--rev", "--index", "--registry", "--example", "--lockfile-path"],
};

export function cargoOps(st: StageState, r: RunCmd): void {
  const sub = r.words[1];
  if (sub !== "build" && sub !== "install" && sub !== "b") return;
  const raw = r.words.slice(2);
  const bins: string[] = [];
  for (let i = 0; i < raw.length; i++) if (raw[i] === "--bin" && raw[i + 1]) bins.push(raw[i + 1]!);
  const k: CargoBuild = {
    st,
    r,
    o: parseOpts(raw, CARGO_OPTS),
    raw,
    env: new Map([...st.vars, ...r.c.assignments]),
    bins,
    built: (t, steps) => ({ kind: "built", program: basename(t), language: "Rust", tool: `cargo ${sub === "b" ? "build" : sub}`, steps }),
  };
  if (sub === "install") cargoInstallOp(k);
  else cargoBuildOp(k);
}

/** The binaries a build makes: `--bin` names, else those of the project's Cargo.toml (null: any, not known). */
async function cargoNames(k: CargoBuild, rc: Resolver, projectDir: string | null, index: number): Promise<string[] | null> {
  if (k.bins.length) return k.bins;
  if (!projectDir) return null;
  const toml = await readInImage(rc, k.st.stage.index, joinPosix(projectDir, "Cargo.toml"), index);
  return toml === null ? null : cargoBinNames(toml);
}

/** `cargo install`: the binaries land in `--root`/bin, $CARGO_INSTALL_ROOT/bin or $CARGO_HOME/bin. */
function cargoInstallOp(k: CargoBuild): void {
  const { o, r, st, env } = k;
  const step = r.step;
  const root = o.flags.get("--root");
  const dirs = typeof root === "string" ? [joinPosix(absPath(root, r.cwd, st.vars) ?? "/", "bin")] : [env.get("CARGO_INSTALL_ROOT") ? joinPosix(env.get("CARGO_INSTALL_ROOT")!, "bin") : null, joinPosix(env.get("CARGO_HOME") ?? "/usr/local/cargo", "bin"), "/root/.cargo/bin"].filter((d): d is string => d !== null);
  const p = o.flags.get("--path");
  const projectDir = typeof p === "string" ? absPath(p, r.cwd, st.vars) : null;
  const fromPath = typeof p === "string";
  st.ops.push({
    step,
    cover: { under: [...dirs] },
    match: async (t, rc, index) => {
      if (!dirs.includes(path.posix.dirname(t))) return null;
      if (!fromPath && k.bins.length === 0) return { origin: k.built(t, [step]) };
      const ns = await cargoNames(k, rc, projectDir, index);
      return ns === null || ns.includes(basename(t)) ? { origin: k.built(t, [step]) } : null;
    },
  });
}

/** `cargo build`: the binaries land in <target dir>/[<triple>/]<profile>. */
function cargoBuildOp(k: CargoBuild): void {
  const { o, r, st, env } = k;
  const step = r.step;
  const manifest = o.flags.get("--manifest-path");
  const projectDir = typeof manifest === "string" ? (absPath(path.posix.dirname(manifest), r.cwd, st.vars) ?? null) : r.cwd;
  if (!projectDir) return;
  const tdir = o.flags.get("--target-dir");
  const targetDir = typeof tdir === "string" ? absPath(tdir, r.cwd, st.vars) : env.get("CARGO_TARGET_DIR") ? absPath(env.get("CARGO_TARGET_DIR")!, r.cwd, st.vars) : joinPosix(projectDir, "target");
  if (!targetDir) return;
  const profile = cargoProfile(o);
  const triples = cargoTriples(k.raw, env);
  const dirs = triples.length ? triples.map((t) => joinPosix(targetDir, `${t}/${profile}`)) : [joinPosix(targetDir, profile)];
  st.createdDirs.push(...dirs);
  st.ops.push({
    step,
    cover: { under: [...dirs] },
    match: async (t, rc, index) => {
      if (!dirs.includes(path.posix.dirname(t))) return null;
      const n = basename(t);
      if (/\.(d|rlib|rmeta|so|a|dylib|pdb)$/.test(n)) return null;
      const ns = await cargoNames(k, rc, projectDir, index);
      return ns === null || ns.length === 0 || ns.includes(n) ? { origin: k.built(t, [step]) } : null;
    },
  });
}

/** The output directory's profile name: `--profile` (dev/test → debug, bench → release), `--release`, else debug. */
function cargoProfile(o: Opts): string {
  const prof = o.flags.get("--profile");
  if (typeof prof === "string") return prof === "dev" || prof === "test" ? "debug" : prof === "bench" ? "release" : prof;
  return o.flags.has("--release") || o.flags.has("r") ? "release" : "debug";
}

/** `--target` triples (each has its own output directory), else $CARGO_BUILD_TARGET. */
function cargoTriples(raw: (string | null)[], env: Map<string, string>): string[] {
  const triples: string[] = [];
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] === "--target" && raw[i + 1]) triples.push(raw[i + 1]!);
    else if (raw[i]?.startsWith("--target=")) triples.push(raw[i]!.slice(9));
  }
  const envTriple = env.get("CARGO_BUILD_TARGET");
  if (envTriple && triples.length === 0) triples.push(envTriple);
  return triples;
}

// ---------------------------------------------------------------------------------------------------------
// C and C++, nim, dotnet, zig

/** gcc/clang … -o out (a.out without -o; nothing for -c, -E, -S). */
export function ccOps(st: StageState, r: RunCmd, name: string, abs: (p: string | null) => string | null): void {
  const { words, step } = r;
  if (words.includes("-c") || words.includes("-E") || words.includes("-S")) return;
  let out: string | null = "a.out";
  for (let i = 1; i < words.length; i++) {
    const w = words[i];
    if (w === "-o") out = words[i + 1] ?? null;
    else if (w && w.startsWith("-o") && w.length > 2) out = w.slice(2);
  }
  const p = abs(out);
  if (p) opFile(st, step, p, (steps) => ({ kind: "built", program: basename(p), language: /\+\+/.test(name) ? "C++" : "C", tool: name, steps }));
}

export function nimOps(st: StageState, r: RunCmd): void {
  const step = r.step;
  const sub = r.words[1];
  if (!sub || !/^(c|cc|cpp|compile|compileToC|compileToCpp|objc)$/.test(sub)) return;
  let out: string | null = null;
  let outdir: string | null = null;
  let file: string | null = null;
  for (const w of r.words.slice(2)) {
    if (w === null) continue;
    const m = /^--?([A-Za-z]+)[:=](.*)$/.exec(w);
    if (m) {
      if (m[1] === "o" || m[1] === "out") out = m[2]!;
      if (m[1] === "outdir") outdir = m[2]!;
      continue;
    }
    if (w.startsWith("-")) continue;
    file ??= w;
  }
  if (!file && !out) return;
  const stem = file ? basename(file).replace(/\.nim$/, "") : "";
  const p = out ? absPath(outdir && !out.startsWith("/") ? `${outdir}/${out}` : out, r.cwd, st.vars) : outdir ? absPath(`${outdir}/${stem}`, r.cwd, st.vars) : absPath(file!.replace(/\.nim$/, ""), r.cwd, st.vars);
  if (p) opFile(st, step, p, (steps) => ({ kind: "built", program: basename(p), language: "Nim", tool: `nim ${sub}`, steps }));
}

export function dotnetOps(st: StageState, r: RunCmd): void {
  const step = r.step;
  const sub = r.words[1];
  if (sub !== "publish" && sub !== "build") return;
  const o = parseOpts(r.words.slice(2), { short: "ocrfpv", long: ["--output", "--configuration", "--runtime", "--framework", "--verbosity", "--property", "--arch", "--os", "--version-suffix", "--source"] });
  const out = o.flags.get("o") ?? o.flags.get("--output");
  const built = (t: string, steps: FlowStep[]): FileOrigin => ({ kind: "built", program: basename(t), language: ".NET", tool: `dotnet ${sub}`, steps });
  if (typeof out === "string") {
    const d = absPath(out, r.cwd, st.vars);
    if (!d) return;
    st.createdDirs.push(d);
    st.ops.push({ step, cover: { under: [d] }, match: (t) => (under(t, d) ? { origin: built(t, [step]) } : null) });
    return;
  }
  const proj = o.args.find((a): a is string => a !== null && !/^[-/]p:/i.test(a));
  const projDir = proj ? absPath(/\.(cs|fs|vb)proj$|\.sln$/.test(proj) ? path.posix.dirname(proj) : proj, r.cwd, st.vars) : r.cwd;
  if (!projDir) return;
  const bin = joinPosix(projDir, "bin");
  st.ops.push({ step, cover: { under: [bin] }, match: (t) => (under(t, bin) && (sub === "build" || t.includes("/publish/")) ? { origin: built(t, [step]) } : null) });
}

export function zigOps(st: StageState, r: RunCmd): void {
  const step = r.step;
  const sub = r.words[1];
  const built = (t: string, steps: FlowStep[]): FileOrigin => ({ kind: "built", program: basename(t), language: "Zig", tool: `zig ${sub}`, steps });
  if (sub === "build") {
    // zig's options are single-dash words (-Doptimize=…, -freference-trace): only the prefix matters here
    let prefix: string | null = null;
    let exeDir: string | null = null;
    const w = r.words.slice(2);
    for (let i = 0; i < w.length; i++) {
      const a = w[i];
      if (a === "-p" || a === "--prefix") prefix = w[++i] ?? null;
      else if (a === "--prefix-exe-dir") exeDir = w[++i] ?? null;
      else if (a?.startsWith("--prefix=")) prefix = a.slice(9);
      else if (a?.startsWith("--prefix-exe-dir=")) exeDir = a.slice(17);
    }
    const root = prefix !== null ? absPath(prefix, r.cwd, st.vars) : r.cwd === null ? null : joinPosix(r.cwd, "zig-out");
    if (!root) return;
    const d = joinPosix(root, exeDir ?? "bin");
    st.createdDirs.push(d);
    st.ops.push({ step, cover: { under: [d] }, match: (t) => (path.posix.dirname(t) === d ? { origin: built(t, [step]) } : null) });
    return;
  }
  if (sub === "build-exe") {
    let emit: string | null = null;
    let name: string | null = null;
    let file: string | null = null;
    const w = r.words.slice(2);
    for (let i = 0; i < w.length; i++) {
      const a = w[i];
      if (a === null || a === undefined) continue;
      if (a.startsWith("-femit-bin=")) emit = a.slice(11);
      else if (a === "--name") name = w[++i] ?? null;
      else if (a === "-O" || a === "-target" || a === "-mcpu") i++;
      else if (!a.startsWith("-") && /\.zig$/.test(a)) file ??= a;
    }
    const p = emit ? absPath(emit, r.cwd, st.vars) : absPath(name ?? (file ? basename(file).replace(/\.zig$/, "") : ""), r.cwd, st.vars);
    if (p && basename(p)) opFile(st, step, p, (steps) => built(p, steps));
  }
}

// ---------------------------------------------------------------------------------------------------------
// toolchain images


/** Images whose stages build compiled programs: a file such a stage made is that language's program. */
const TOOLCHAINS: { re: RegExp; language: string }[] = [
  { re: /^(golang|tinygo\/tinygo)$/, language: "Go" },
  { re: /^(rust|clux\/muslrust|ekidd\/rust-musl-builder|messense\/rust-musl-cross|lukemathwalker\/cargo-chef|rustlang\/rust)$/, language: "Rust" },
  { re: /^(gcc)$/, language: "C" },
  { re: /^(nimlang\/nim)$/, language: "Nim" },
  { re: /^mcr\.microsoft\.com\/dotnet\/(core\/)?sdk$/, language: ".NET" },
  { re: /^(swift)$/, language: "Swift" },
  { re: /^(haskell)$/, language: "Haskell" },
  { re: /^(crystallang\/crystal)$/, language: "Crystal" },
  { re: /^(euantorano\/zig|ziglang\/zig)$/, language: "Zig" },
];

export function toolchainOf(image: string): string | null {
  const repo = imageRepository(image);
  return TOOLCHAINS.find((t) => t.re.test(repo))?.language ?? null;
}
