// The part of HCL that Docker bake files use (`docker-bake.hcl`): blocks (`target "x" { … }`, `variable "V" { … }`),
// attributes whose values are strings (with `${…}`), lists and identifiers. Anything else (functions, objects,
// conditionals, heredocs) is skipped as an unknown value. Tolerant: text this reader does not know is passed over
// line by line, never an error.

/** A value as written: a string (literal parts and `${…}` expressions), a list, an identifier, or something else. */
export type HclValue = { kind: "string"; parts: (string | { expr: string })[] } | { kind: "list"; items: HclValue[] } | { kind: "ident"; name: string } | { kind: "other" };

export interface BakeTarget {
  name: string;
  attrs: Map<string, { value: HclValue; line: number }>;
  line: number;
}

export interface BakeFile {
  /** variable → its default when it is a literal string, else null */
  variables: Map<string, string | null>;
  targets: Map<string, BakeTarget>;
}

/** Splits a string into literal parts and `${…}` expressions (`$${` is a literal `${`). */
export function splitInterpolation(s: string): (string | { expr: string })[] {
  const parts: (string | { expr: string })[] = [];
  let i = 0;
  let lit = "";
  while (i < s.length) {
    if (s[i] === "$" && s[i + 1] === "$" && s[i + 2] === "{") {
      lit += "${";
      i += 3;
    } else if (s[i] === "$" && s[i + 1] === "{") {
      let depth = 1;
      let j = i + 2;
      while (j < s.length && depth > 0) {
        if (s[j] === "{") depth++;
        else if (s[j] === "}") depth--;
        j++;
      }
      if (lit) parts.push(lit);
      lit = "";
      parts.push({ expr: s.slice(i + 2, j - 1) });
      i = j;
    } else lit += s[i++];
  }
  if (lit) parts.push(lit);
  return parts;
}

/** Reads a bake file's variables (with literal defaults) and targets (with their attributes and lines). */
export function parseHcl(src: string): BakeFile {
  const out: BakeFile = { variables: new Map(), targets: new Map() };
  new HclReader(src, out).body(0);
  return out;
}

type Attrs = Map<string, { value: HclValue; line: number }>;

/** Blocks nested deeper than this are skipped whole. */
const MAX_BLOCK_DEPTH = 8;
const OPERATOR = /[?:+\-*/%<>=!&|]/;

/** A cursor over the text: the lexical steps (blank, comment, identifier, string) and the grammar built on them. */
class HclReader {
  private i = 0;
  private readonly n: number;

  constructor(
    private readonly src: string,
    private readonly out: BakeFile,
  ) {
    this.n = src.length;
  }

  // -- lexical steps

  private lineAtOffset(o: number): number {
    let l = 1;
    for (let k = 0; k < o && k < this.n; k++) if (this.src.charCodeAt(k) === 10) l++;
    return l;
  }

  /** Skips blanks and comments (`#`, `//`, `/* … *\/`); newlines too unless `newlines` is false. */
  private skipWs(newlines = true): void {
    const { src, n } = this;
    while (this.i < n) {
      const c = src[this.i]!;
      if (c === " " || c === "\t" || c === "\r" || (newlines && c === "\n")) this.i++;
      else if (c === "#" || (c === "/" && src[this.i + 1] === "/")) this.skipLine();
      else if (c === "/" && src[this.i + 1] === "*") {
        const e = src.indexOf("*/", this.i + 2);
        this.i = e === -1 ? n : e + 2;
      } else break;
    }
  }

  private skipLine(): void {
    while (this.i < this.n && this.src[this.i] !== "\n") this.i++;
  }

  private ident(): string | null {
    const m = /^[A-Za-z_][\w.-]*/.exec(this.src.slice(this.i, this.i + 256));
    if (!m) return null;
    this.i += m[0].length;
    return m[0];
  }

  /** A quoted string, at its opening quote: escapes decoded, `${…}` kept as written. */
  private str(): string {
    const { src, n } = this;
    this.i++;
    let s = "";
    while (this.i < n && src[this.i] !== '"' && src[this.i] !== "\n") {
      if (src[this.i] === "\\" && this.i + 1 < n) {
        const e = src[this.i + 1]!;
        s += e === "n" ? "\n" : e === "t" ? "\t" : e;
        this.i += 2;
      } else if (src[this.i] === "$" && src[this.i + 1] === "{") s += this.interpolation();
      else s += src[this.i++];
    }
    this.i++;
    return s;
  }

  /** `${…}` inside a string, at its `$`, with the strings nested in it: the text as written. */
  private interpolation(): string {
    const { src, n } = this;
    let depth = 0;
    const start = this.i;
    while (this.i < n) {
      if (src[this.i] === "{") depth++;
      else if (src[this.i] === "}" && --depth === 0) break;
      else if (src[this.i] === '"') {
        this.i++;
        while (this.i < n && src[this.i] !== '"' && src[this.i] !== "\n") this.i += src[this.i] === "\\" ? 2 : 1;
      }
      this.i++;
    }
    const text = src.slice(start, this.i + 1);
    this.i++;
    return text;
  }

  /** Skips to the end of a value: the next newline, comma or closing bracket at depth 0. */
  private skipValue(): void {
    let depth = 0;
    while (this.i < this.n) {
      const c = this.src[this.i]!;
      if (c === '"') {
        this.str();
        continue;
      }
      if (c === "(" || c === "[" || c === "{") depth++;
      else if (c === ")" || c === "]" || c === "}") {
        if (depth === 0) return;
        depth--;
      } else if ((c === "\n" || c === ",") && depth === 0) return;
      this.i++;
    }
  }

  // -- values

  private value(): HclValue {
    this.skipWs();
    const c = this.src[this.i];
    let v: HclValue;
    if (c === '"') v = { kind: "string", parts: splitInterpolation(this.str()) };
    else if (c === "[") v = this.list();
    else if (c === "<" && this.src[this.i + 1] === "<") return this.heredoc();
    else return this.identOrSkip();
    // an operator after a value makes an expression this reader does not evaluate
    this.skipWs(false);
    if (this.i < this.n && OPERATOR.test(this.src[this.i]!)) {
      this.skipValue();
      return { kind: "other" };
    }
    return v;
  }

  /** `[a, "b", …]`, at its `[`. */
  private list(): HclValue {
    this.i++;
    const items: HclValue[] = [];
    for (let guard = 0; guard < 10_000; guard++) {
      this.skipWs();
      if (this.i >= this.n) break;
      if (this.src[this.i] === "]") {
        this.i++;
        break;
      }
      if (this.src[this.i] === ",") {
        this.i++;
        continue;
      }
      const before = this.i;
      items.push(this.value());
      if (this.i === before) this.i++;
    }
    return { kind: "list", items };
  }

  /** A heredoc: skipped to the line that closes it (or to the end). */
  private heredoc(): HclValue {
    const m = /^<<-?\s*([A-Za-z_]\w*)/.exec(this.src.slice(this.i, this.i + 256));
    const bodyStart = this.i + (m?.[0].length ?? 2);
    const close = m ? new RegExp(`^[ \\t]*${m[1]}[ \\t]*$`, "m").exec(this.src.slice(bodyStart)) : null;
    this.i = close ? bodyStart + close.index + close[0].length : this.n;
    return { kind: "other" };
  }

  /** A lone identifier (a variable), or an expression (a call, an operation, a traversal) skipped as unknown. */
  private identOrSkip(): HclValue {
    const start = this.i;
    const id = this.ident();
    this.skipWs(false);
    const next = this.src[this.i] ?? "";
    if (id && next !== "(" && !/[?:+\-*/%<>=!&|.[]/.test(next)) return id === "null" ? { kind: "other" } : { kind: "ident", name: id };
    this.i = start;
    this.skipValue();
    return { kind: "other" };
  }

  // -- bodies and blocks

  /** The attributes and blocks of a body up to its `}` (or the end); `attrs` receives the attributes when given. */
  body(depth: number, attrs?: Attrs): void {
    const { src, n } = this;
    for (let guard = 0; guard < 100_000 && this.i < n; guard++) {
      this.skipWs();
      if (this.i >= n) return;
      if (src[this.i] === "}") {
        this.i++;
        return;
      }
      const start = this.i;
      const key = src[this.i] === '"' ? this.str() : this.ident();
      if (key === null) {
        // not HCL this reader knows: skip the line
        this.skipLine();
        continue;
      }
      this.skipWs(false);
      if ((src[this.i] === "=" && src[this.i + 1] !== "=") || src[this.i] === ":") {
        this.i++;
        const line = this.lineAtOffset(start);
        const value = this.value();
        attrs?.set(key, { value, line });
        continue;
      }
      this.block(key, start, depth);
    }
  }

  /** A block after its type (`target`), at its labels: read into the result when it is a top-level target or variable. */
  private block(type: string, start: number, depth: number): void {
    const labels = this.labels();
    if (this.src[this.i] !== "{") {
      this.skipLine();
      return;
    }
    this.i++;
    if (depth >= MAX_BLOCK_DEPTH) {
      this.skipBlock();
      return;
    }
    const attrs: Attrs = new Map();
    this.body(depth + 1, attrs);
    const name = labels[0];
    if (depth !== 0 || !name) return;
    if (type === "target") this.out.targets.set(name, { name, attrs, line: this.lineAtOffset(start) });
    if (type === "variable") {
      const d = attrs.get("default")?.value;
      this.out.variables.set(name, d?.kind === "string" && d.parts.every((p) => typeof p === "string") ? d.parts.join("") : null);
    }
  }

  private labels(): string[] {
    const labels: string[] = [];
    for (let g = 0; g < 16 && this.i < this.n && this.src[this.i] !== "{"; g++) {
      this.skipWs(false);
      if (this.src[this.i] === '"') labels.push(this.str());
      else if (this.ident() === null) break;
      this.skipWs(false);
    }
    return labels;
  }

  /** Skips a block too deep to read, after its `{`. */
  private skipBlock(): void {
    let d = 1;
    while (this.i < this.n && d > 0) {
      if (this.src[this.i] === "{") d++;
      else if (this.src[this.i] === "}") d--;
      this.i++;
    }
  }
}
