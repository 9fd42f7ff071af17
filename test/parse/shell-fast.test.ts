// The fast shell path must build exactly the tree tree-sitter-bash builds (node types, anonymous tokens, fields,
// offsets), or decline; and the analysis must read the same model from both. Compared on every shell script of
// the fixtures, examples and benchmark projects, on written cases, and on seeded mutations of them.
import fs from "node:fs";
import path from "node:path";
import { isDeepStrictEqual } from "node:util";
import { describe, expect, it } from "vitest";
import { FastNode, parseShellFast } from "../../src/parse/shell-fast.js";
import { getShellParser, parseScript, withShellTree } from "../../src/parse/shell.js";
import { treeDifference, type TSLike } from "./shell-tree-diff.js";

const ROOT = path.resolve(import.meta.dirname, "../..");

/** "declined", or the first difference from tree-sitter's tree ("" when there is none). */
async function difference(text: string): Promise<string> {
  const fast = parseShellFast(text);
  if (!fast) return "declined";
  const parser = await getShellParser();
  const tree = parser.parse(text)!;
  try {
    return treeDifference(fast, tree.rootNode as unknown as TSLike) ?? "";
  } finally {
    tree.delete();
  }
}

/** The models both trees give, when they differ ("" when they are equal). */
async function modelDifference(text: string): Promise<string> {
  const a = await parseScript(text, 3, "fast");
  const b = await parseScript(text, 3, "tree-sitter");
  return isDeepStrictEqual(a, b) ? "" : `fast ${JSON.stringify(a.commands.map((c) => [c.start, c.end]))}\ntree-sitter ${JSON.stringify(b.commands.map((c) => [c.start, c.end]))}`;
}

function shellFiles(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== "node_modules" && e.name !== "synthetic") shellFiles(p, out);
    } else if (e.isFile() && fs.statSync(p).size < 200_000) {
      const head = fs.readFileSync(p, "utf8").slice(0, 200);
      if (/\.(sh|bash)$/.test(e.name) || /^#!.*\b(sh|bash|ash|dash)\b/.test(head)) out.push(p);
    }
  }
  return out;
}
const FILES = ["fixtures", "examples", "test", "bench/corpus"].flatMap((d) => shellFiles(path.join(ROOT, d))).sort();

// constructs the fast path reads (each must be taken, and equal tree-sitter's tree)
const TAKEN = [
  "",
  "   \n\n",
  "#!/bin/sh\n# only comments\n",
  'exec "$@"\n',
  "set -e\nexec gosu app node server.js\n",
  "a && b || c; d & e\n",
  "a | b >/dev/null 2>&1 && c\n",
  "a || b >&2\n",
  "a >x || b\n",
  "a | b >x | c\n",
  "! a | b\n",
  "{ a; b; } >&2 &\n",
  "(cd /app && exec ./run)\n",
  'if [ "$1" = migrate ]; then\n  shift\n  node migrate.js\nelif [ -z "$X" ]; then x\nelse\n  y # note\n\n  # own line\nfi\n',
  "if a; then b; else c; fi\n",
  "for f in /docker-entrypoint.d/*.sh; do\n  . \"$f\"\ndone\n",
  "for x; do y; done\n",
  "while true; do sleep 1; done &\nuntil nc -z db 5432\ndo sleep 1; done\n",
  "start() {\n  exec su-exec app \"$@\"\n}\nfunction stop { kill -TERM \"$pid\"; }\nf() ( exec a )\nstart \"$@\"\n",
  'X=1\nexport PATH="/app/bin:$PATH" MODE\nlocal y=$(id -u)\nunset X Y\n',
  'CMD=${CMD:-gosu}\nexec $CMD app "${@}"\n',
  'echo ${#X} ${X#*/} ${X%%.*} ${X/a/b} ${X:?} "${1##*.}"\n',
  ': "${DB_HOST:=postgres}" ${PORT-8080} ${X:+set} ${Y:-}\n',
  'echo "waiting for $DB_HOST:$DB_PORT..." "a\n  $X" " " "$X $Y" "x\\"y" \'it\'"s" \\$z\n',
  "timeout 60 sh -c \"until nc -z db 5432; do sleep 1; done\" &\nwait $! || { echo failed >&2; exit 1; }\n",
  "echo $HOST:$PORT --port=$PORT ${A}:${B}/$C \"$X\"/bin a\"b\"c $0 $10 $1x $_ $# $?\n",
  "exec gosu app \\\n  node server.js \\\n  --port 80\n",
  "trap 'kill -TERM $child' TERM INT\nchild=$!\nwait \"$child\"\n",
  "X=1 Y=$Z cmd a\n",
  "cat <in >>out 2>/dev/null\na &>/dev/null; b &>>log\n",
]

// constructs it leaves to tree-sitter
const DECLINED = [
  "cat <<EOF\nhi\nEOF\n",
  "case $1 in a) b;; esac\n",
  "echo `date`\n",
  "echo $((1 + 2))\n",
  "arr=(a b)\n",
  "echo {a,b}\n",
  "x+=1\n",
  "echo ${X^^} ${X,,} ${X:1:2}\n",
  "a |& b\n",
  "exec \"$@\"\r\n",
  "if [ $? -ne 0 ]\nthen x\nfi\n",
  "a | b | c || d\n",
  "X=1 Y=2\nZ\n",
  "echo a\\\nb\n",
  "nod?e x\n",
  "ls -f2>&1\n",
  'ls "x"a$b/c\n',
  "echo a == b\n",
  "if [ x ] then y; fi\n",
  "echo $(\n",
  "echo \"unterminated\n",
  "if a; then\nelse b; fi\n",
  "echo ${X##} ${X//}\n",
  "_=x\n",
  "a ||! b\n",
  "! export X\n",
  "A=$3B=$4\n",
  "{ }\n",
  "echo $A:$B/x -d'|'-f$1\n",
]

describe("shell fast path", () => {
  it("builds tree-sitter's tree and model for every shell script of the repository it takes", async () => {
    expect(FILES.length).toBeGreaterThan(50);
    let taken = 0;
    for (const f of FILES) {
      const text = fs.readFileSync(f, "utf8");
      const d = await difference(text);
      if (d === "declined") continue;
      taken++;
      expect(d, path.relative(ROOT, f)).toBe("");
      expect(await modelDifference(text), path.relative(ROOT, f)).toBe("");
    }
    // the fast path is the common case, not a curiosity: most of the scripts here are in its subset
    expect(taken / FILES.length).toBeGreaterThan(0.5);
  });

  it.each(TAKEN.map((t) => [t]))("takes %j as tree-sitter reads it", async (text) => {
    expect(await difference(text)).toBe("");
    expect(await modelDifference(text)).toBe("");
  });

  it.each(DECLINED.map((t) => [t]))("declines %j", (text) => {
    expect(parseShellFast(text)).toBeNull();
  });

  it("gives tree-sitter's tree or declines on seeded mutations of the scripts", async () => {
    const PIECES = ["${X#", "${X%%", "${#", "${X/", "${X:?", "##", ";", "&", "|", "&&", "||", '"', "'", "$", "${", "}", "{", "(", ")", "$(", "\n", " ", "#", "\\", "[", "]", "=", "fi", "then", "do", "done", "if ", "else", "!", ">", "2>&1", "<", "-", "0", "x", "\\\n", "\t", "==", "elif ", "for x in y; do ", "f() { ", " ]", "[ ", '"$@"', "export ", "unset ", ":-", "a=b ", "*", "%", "@", "?"];
    let seed = 20261130;
    const rnd = (): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    const bases = [...FILES.map((f) => fs.readFileSync(f, "utf8")), ...TAKEN].filter((t) => parseShellFast(t) && t.length < 20_000);
    let taken = 0;
    const diffs: string[] = [];
    for (const base of bases) {
      for (let k = 0; k < 25; k++) {
        let m = base;
        for (let e = 1 + Math.floor(rnd() * 3); e > 0; e--) {
          const at = Math.floor(rnd() * (m.length + 1));
          const r = rnd();
          const piece = PIECES[Math.floor(rnd() * PIECES.length)]!;
          m = r < 0.4 ? m.slice(0, at) + piece + m.slice(at) : r < 0.7 ? m.slice(0, at) + m.slice(at + 1 + Math.floor(rnd() * 3)) : m.slice(0, at) + piece + m.slice(at + 1);
        }
        const d = await difference(m);
        if (d === "declined") continue;
        taken++;
        if (d) diffs.push(`${d}\n${JSON.stringify(m)}`);
      }
    }
    expect(diffs.slice(0, 3)).toEqual([]);
    expect(taken).toBeGreaterThan(500);
  });

  it("hands the analysis its own tree when it takes the script, tree-sitter's when not", async () => {
    expect(await withShellTree('exec "$@"\n', (root) => root instanceof FastNode)).toBe(true);
    expect(await withShellTree("cat <<EOF\nx\nEOF\n", (root) => root !== null && !(root instanceof FastNode))).toBe(true);
    expect(await withShellTree('exec "$@"\n', (root) => root instanceof FastNode, "tree-sitter")).toBe(false);
  });

  it("declines nesting deeper than it follows, which tree-sitter then reads", async () => {
    const deep = "(".repeat(500) + "a" + ")".repeat(500);
    expect(parseShellFast(deep)).toBeNull();
    expect(isDeepStrictEqual(await parseScript(deep), await parseScript(deep, 0, "tree-sitter"))).toBe(true);
  });
});
