// The part of Ruby that configuration files such as config/puma.rb use to pick a value: literals, ENV lookups,
// top-level variables, Integer()/to_i, comparisons and boolean operators, and `if`/`unless`/`elsif`/`else` around
// statements. Anything else is "not known here". ENV holds what the files read set (Dockerfile ENV, compose
// `environment:`); a variable they do not set reads as nil, as it would in a container started without it.

/** A Ruby value, or not known here. */
export type RubyValue = { v: string | number | boolean | null } | null;

type Tri = boolean | null;

const TOKEN = /\s*(?:(\d+)|"((?:[^"\\#]|\\.)*)"|'((?:[^'\\]|\\.)*)'|:([A-Za-z_]\w*[?!]?)|([A-Za-z_]\w*[?!]?)|(==|!=|>=|<=|&&|\|\||[()[\]{},.!<>]))/y;

interface Token {
  kind: "num" | "str" | "sym" | "id" | "op";
  text: string;
}

function tokenize(src: string): Token[] | null {
  const out: Token[] = [];
  TOKEN.lastIndex = 0;
  let at = 0;
  while (at < src.length) {
    if (/^\s*$/.test(src.slice(at))) break;
    TOKEN.lastIndex = at;
    const m = TOKEN.exec(src);
    if (!m) return null;
    at = TOKEN.lastIndex;
    if (m[1] !== undefined) out.push({ kind: "num", text: m[1] });
    else if (m[2] !== undefined) out.push({ kind: "str", text: m[2] });
    else if (m[3] !== undefined) out.push({ kind: "str", text: m[3] });
    else if (m[4] !== undefined) out.push({ kind: "sym", text: m[4] });
    else if (m[5] !== undefined) out.push({ kind: "id", text: m[5] });
    else out.push({ kind: "op", text: m[6]! });
  }
  return out;
}

const truthy = (x: RubyValue): Tri => (x === null ? null : x.v !== null && x.v !== false);

/** Evaluates one Ruby expression; null when it is not known here (or not in the part of Ruby read). */
export function evalRuby(src: string, env: ReadonlyMap<string, string>, vars: ReadonlyMap<string, RubyValue>): RubyValue {
  const toks = tokenize(src);
  if (!toks) return null;
  const p = new Parser(toks, env, vars);
  const out = p.or();
  return p.done() ? out : null;
}

function integer(x: RubyValue): RubyValue {
  if (!x) return null;
  if (typeof x.v === "number") return x;
  return typeof x.v === "string" && /^\s*[+-]?\d+\s*$/.test(x.v) ? { v: Number(x.v) } : null;
}

/** The methods of a String (or nil, a number) that configuration files call. */
function method(recv: RubyValue, name: string): RubyValue {
  if (!recv) return null;
  const v = recv.v;
  switch (name) {
    case "to_i":
      return { v: typeof v === "number" ? v : typeof v === "string" ? parseInt(v, 10) || 0 : v === null ? 0 : NaN };
    case "to_s":
      return { v: v === null ? "" : String(v) };
    case "strip":
    case "downcase":
      return typeof v === "string" ? { v: name === "strip" ? v.trim() : v.toLowerCase() } : null;
    case "nil?":
      return { v: v === null };
    case "present?":
      return { v: v !== null && v !== false && String(v).trim() !== "" };
    case "empty?":
      return typeof v === "string" ? { v: v === "" } : null;
    default:
      return null;
  }
}

function compare(op: string, a: RubyValue, b: RubyValue): RubyValue {
  if (!a || !b) return null;
  if (op === "==") return { v: a.v === b.v };
  if (op === "!=") return { v: a.v !== b.v };
  if (typeof a.v !== "number" || typeof b.v !== "number") return null;
  return { v: op === ">" ? a.v > b.v : op === ">=" ? a.v >= b.v : op === "<" ? a.v < b.v : a.v <= b.v };
}

/** A recursive-descent reader of the expression grammar above, evaluating as it reads. */
class Parser {
  private i = 0;
  constructor(
    private toks: Token[],
    private env: ReadonlyMap<string, string>,
    private vars: ReadonlyMap<string, RubyValue>,
  ) {}

  done(): boolean {
    return this.i === this.toks.length;
  }

  private peek(t: string): boolean {
    const k = this.toks[this.i];
    return k?.text === t && (k.kind === "op" || k.kind === "id");
  }

  private take(t: string): boolean {
    if (!this.peek(t)) return false;
    this.i++;
    return true;
  }

  or(): RubyValue {
    let a = this.and();
    while (this.take("||") || this.take("or")) {
      const b = this.and();
      const t = truthy(a);
      a = t === true ? a : t === false ? b : null;
    }
    return a;
  }

  private and(): RubyValue {
    let a = this.not();
    while (this.take("&&") || this.take("and")) {
      const b = this.not();
      const t = truthy(a);
      a = t === false ? a : t === true ? b : null;
    }
    return a;
  }

  private not(): RubyValue {
    if (this.take("!") || this.take("not")) {
      const t = truthy(this.not());
      return t === null ? null : { v: !t };
    }
    const a = this.postfix();
    const k = this.toks[this.i];
    if (k?.kind !== "op" || !["==", "!=", ">", ">=", "<", "<="].includes(k.text)) return a;
    this.i++;
    return compare(k.text, a, this.postfix());
  }

  private postfix(): RubyValue {
    let x = this.primary();
    while (this.take(".")) {
      const name = this.toks[this.i++];
      if (name?.kind !== "id") return null;
      const a = this.args();
      if (!a || a.length) return null;
      x = method(x, name.text);
    }
    return x;
  }

  private args(): RubyValue[] | null {
    if (!this.take("(")) return [];
    const out: RubyValue[] = [];
    if (this.take(")")) return out;
    do out.push(this.or());
    while (this.take(","));
    return this.take(")") ? out : null;
  }

  private primary(): RubyValue {
    const t = this.toks[this.i++];
    if (!t) return null;
    if (t.kind === "num") return { v: Number(t.text) };
    if (t.kind === "str") return /#\{/.test(t.text) ? null : { v: t.text };
    if (t.kind === "sym") return { v: `:${t.text}` };
    if (t.kind === "op" && t.text === "(") {
      const v = this.or();
      return this.take(")") ? v : null;
    }
    if (t.kind !== "id") return null;
    if (t.text === "true" || t.text === "false") return { v: t.text === "true" };
    if (t.text === "nil") return { v: null };
    if (t.text === "Integer") {
      const a = this.args();
      return a && a.length === 1 ? integer(a[0]!) : null;
    }
    if (t.text === "ENV") return this.env_();
    return this.vars.has(t.text) ? this.vars.get(t.text)! : null;
  }

  /** `ENV[name]`, `ENV.fetch(name[, default]) [{ default }]`, `ENV.key?(name)`: a variable the files do not set is nil. */
  private env_(): RubyValue {
    const get = (name: RubyValue): RubyValue => (name && typeof name.v === "string" ? { v: this.env.get(name.v) ?? null } : null);
    if (this.take("[")) {
      const name = this.or();
      return this.take("]") ? get(name) : null;
    }
    if (!this.take(".")) return null;
    const m = this.toks[this.i++]?.text;
    const a = this.args();
    let b: RubyValue | undefined;
    if (this.take("{")) {
      b = this.or();
      if (!this.take("}")) return null;
    }
    if (!a || !a.length) return null;
    const got = get(a[0]!);
    if (!got) return null;
    if (m === "key?" || m === "has_key?" || m === "include?") return { v: got.v !== null };
    if (m !== "fetch") return null;
    if (got.v !== null) return got;
    // fetch of a name that is not set: its default, else KeyError
    return a.length > 1 ? a[1]! : b !== undefined ? b : null;
  }
}

/** One statement of the file that sets something: where it is, and whether it runs (null: not known here). */
export interface RubyCall {
  line: number;
  /** the argument text after the method name */
  args: string;
  /** the argument's value where the call stands (its parentheses dropped) */
  value: RubyValue;
  runs: Tri;
}

interface Frame {
  /** whether the current branch runs */
  branch: Tri;
  /** whether an earlier branch of this if ran */
  prior: Tri;
}

const orTri = (a: Tri, b: Tri): Tri => (a === true || b === true ? true : a === false && b === false ? false : null);
const notTri = (a: Tri): Tri => (a === null ? null : !a);

/** Lines without comments (`# …`, `=begin … =end`), with their 1-based numbers. */
function codeLines(text: string): { n: number; line: string }[] {
  const out: { n: number; line: string }[] = [];
  let comment = false;
  text.split(/\r?\n/).forEach((raw, k) => {
    if (/^=begin\b/.test(raw)) comment = true;
    if (comment) {
      if (/^=end\b/.test(raw)) comment = false;
      return;
    }
    const line = raw.replace(/(^|\s)#(?!\{).*$/, "").trim();
    if (line) out.push({ n: k + 1, line });
  });
  return out;
}

const BLOCK_OPEN = /^(?:case|while|until|def|class|module|for)\b|\bdo\s*(?:\|[^|]*\|)?$|\{\s*(?:\|[^|]*\|)?$/;

/**
 * The calls of a DSL method (`workers …`) in a Ruby configuration file, each with whether it runs: evaluated through
 * `if`/`unless`/`elsif`/`else`, statement modifiers and top-level variables; inside a loop, method or block, not known.
 */
export function rubyCalls(text: string, name: string, env: ReadonlyMap<string, string>): RubyCall[] {
  const vars = new Map<string, RubyValue>();
  const stack: Frame[] = [];
  const calls: RubyCall[] = [];
  const runs = (): Tri => stack.reduce<Tri>((acc, f) => (acc === false || f.branch === false ? false : acc === null || f.branch === null ? null : true), true);
  const cond = (src: string): Tri => truthy(evalRuby(src, env, vars));
  const call = new RegExp(`^${name}(?:\\s+|(?=\\())(.+)$`);
  for (const { n, line } of codeLines(text)) {
    let m: RegExpExecArray | null;
    if ((m = /^(if|unless)\s+(.+?)(?:\s+then)?$/.exec(line))) {
      const c = m[1] === "if" ? cond(m[2]!) : notTri(cond(m[2]!));
      stack.push({ branch: c, prior: c });
      continue;
    }
    const top = stack[stack.length - 1];
    if ((m = /^elsif\s+(.+?)(?:\s+then)?$/.exec(line)) && top) {
      const c = cond(m[1]!);
      top.branch = top.prior === true ? false : top.prior === false ? c : c === false ? false : null;
      top.prior = orTri(top.prior, c);
      continue;
    }
    if (line === "else" && top) {
      top.branch = notTri(top.prior);
      continue;
    }
    if (/^end\b/.test(line) || line === "}") {
      stack.pop();
      continue;
    }
    if (line === "begin") {
      stack.push({ branch: true, prior: true });
      continue;
    }
    // a trailing `if`/`unless` modifier
    let stmt = line;
    let guard: Tri = true;
    const mod = /^(.+?)\s+(if|unless)\s+(.+)$/.exec(line);
    if (mod && !/^(?:if|unless)\b/.test(line)) {
      stmt = mod[1]!;
      guard = mod[2] === "if" ? cond(mod[3]!) : notTri(cond(mod[3]!));
    }
    const active = runs() === false || guard === false ? false : runs() === null || guard === null ? null : true;
    if ((m = call.exec(stmt))) {
      const args = m[1]!.trim();
      const inner = /^\((.*)\)$/s.exec(args)?.[1] ?? args;
      calls.push({ line: n, args, value: evalRuby(inner, env, vars), runs: active });
    }
    else if ((m = /^([a-z_]\w*)\s*=\s*([^=~].*)$/.exec(stmt))) {
      if (active === true) vars.set(m[1]!, evalRuby(m[2]!, env, vars));
      else if (active === null) vars.set(m[1]!, null);
    }
    if (BLOCK_OPEN.test(stmt) && !/\bend$/.test(stmt)) stack.push({ branch: null, prior: null });
  }
  return calls;
}
