// A fast path for the shell scripts entrypoints are written in: simple commands, lists, pipelines, if/for/while,
// `{ … }`, `( … )`, functions, `$( … )`, quoted strings and plain `$X` / `${X:-default}` expansions. It builds
// the same tree tree-sitter-bash builds for those scripts (node types, anonymous tokens, field names and offsets),
// so the analysis in shell.ts reads either tree the same way, and the WebAssembly parser (~85 ms to load and
// compile at every start) is needed only for scripts outside the subset. Anything else (heredocs, `case`,
// backquotes, arithmetic, arrays, brace and glob brackets, unusual expansions, CR line ends) returns null and
// tree-sitter parses it: the fast path never decides what a script outside its subset means, nor that a script
// has a syntax error. test/parse/shell-fast.test.ts compares both trees node by node.
//
// Two kinds of subtree are built coarser than tree-sitter's, as the analysis never looks inside them: the
// expression of a `[ … ]` / `[[ … ]]` test (kept as the test_command node with its brackets), and the default
// of `${X:-default}` (one word; its text is read from the source).

/** What the analysis reads of a syntax node; web-tree-sitter's nodes have the same members. */
export interface ShellNode {
  readonly type: string;
  readonly isNamed: boolean;
  readonly isError: boolean;
  readonly isMissing: boolean;
  readonly hasError: boolean;
  readonly startIndex: number;
  readonly endIndex: number;
  readonly text: string;
  readonly childCount: number;
  readonly namedChildCount: number;
  readonly children: (ShellNode | null)[];
  readonly namedChildren: (ShellNode | null)[];
  child(index: number): ShellNode | null;
  namedChild(index: number): ShellNode | null;
  childForFieldName(fieldName: string): ShellNode | null;
}

export class FastNode implements ShellNode {
  readonly isError = false;
  readonly isMissing = false;
  readonly hasError = false;
  readonly children: FastNode[] = [];
  /** the field name of each child, or null */
  readonly fields: (string | null)[] = [];
  constructor(
    readonly type: string,
    readonly isNamed: boolean,
    public startIndex: number,
    public endIndex: number,
    readonly source: string,
  ) {}
  get text(): string {
    return this.source.slice(this.startIndex, this.endIndex);
  }
  get childCount(): number {
    return this.children.length;
  }
  get namedChildren(): FastNode[] {
    return this.children.filter((c) => c.isNamed);
  }
  get namedChildCount(): number {
    let n = 0;
    for (const c of this.children) if (c.isNamed) n++;
    return n;
  }
  child(index: number): FastNode | null {
    return this.children[index] ?? null;
  }
  namedChild(index: number): FastNode | null {
    return this.namedChildren[index] ?? null;
  }
  childForFieldName(fieldName: string): FastNode | null {
    const i = this.fields.indexOf(fieldName);
    return i === -1 ? null : this.children[i]!;
  }
  fieldNameForChild(index: number): string | null {
    return this.fields[index] ?? null;
  }
  add(child: FastNode, field: string | null = null): FastNode {
    this.children.push(child);
    this.fields.push(field);
    return child;
  }
}

/** Thrown inside the parser when the text leaves the subset; parseShellFast returns null. */
class Decline extends Error {}
const DECLINE = new Decline();

const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;
/** characters that end an unquoted word */
const WORD_END = new Set([" ", "\t", "\n", ";", "&", "|", "(", ")", "<", ">", '"', "'", "$", "\\"]);
/** characters the fast path does not read inside an unquoted word (tree-sitter splits or reinterprets them) */
const WORD_DECLINE = new Set(["`", "{", "}", "[", "]", "#", "!", "\r"]);
const DECLARATIONS = new Set(["export", "local", "declare", "readonly", "typeset"]);
/** words that start or end a compound command: never a simple command's name here */
const RESERVED = new Set(["if", "then", "elif", "else", "fi", "for", "while", "until", "do", "done", "case", "esac", "select", "function", "in", "time", "coproc", "{", "}", "!", "[[", "]]"]);
const TEST_BINARY = new Set(["=", "==", "!=", "-eq", "-ne", "-lt", "-le", "-gt", "-ge", "-nt", "-ot", "-ef", "-a", "-o"]);
const NESTING_LIMIT = 100;

class FastParser {
  private i = 0;
  private depth = 0;
  /** set by blanks() when it skips a line continuation */
  private continued = false;
  constructor(private readonly s: string) {}

  node(type: string, named: boolean, start: number, end: number): FastNode {
    return new FastNode(type, named, start, end, this.s);
  }

  token(text: string): FastNode {
    if (!this.s.startsWith(text, this.i)) throw DECLINE;
    const n = this.node(text, false, this.i, this.i + text.length);
    this.i += text.length;
    return n;
  }

  /** spaces, tabs and line continuations */
  blanks(): void {
    const s = this.s;
    for (;;) {
      const c = s[this.i];
      if (c === " " || c === "\t") this.i++;
      else if (c === "\\" && s[this.i + 1] === "\n") {
        this.i += 2;
        this.continued = true;
        // a continuation with nothing after it: tree-sitter reports an error
        if (/^[ \t]*(\n|$)/.test(s.slice(this.i, this.i + 200))) throw DECLINE;
      } else return;
    }
  }

  /** blanks and newlines */
  space(): void {
    for (;;) {
      this.blanks();
      if (this.s[this.i] === "\n") this.i++;
      else return;
    }
  }

  comment(): FastNode {
    const start = this.i;
    let end = this.s.indexOf("\n", start);
    if (end === -1) end = this.s.length;
    this.i = end;
    return this.node("comment", true, start, end);
  }

  /** the bare word at the cursor, if it is exactly `w` followed by a word end */
  atWord(w: string): boolean {
    if (!this.s.startsWith(w, this.i)) return false;
    const c = this.s[this.i + w.length];
    return c === undefined || c === " " || c === "\t" || c === "\n" || c === ";" || c === "&" || c === "|" || c === ")" || c === "(" || c === "<" || c === ">";
  }

  /** the plain word (no quotes or expansions) at the cursor, without moving */
  peekPlain(): string {
    const s = this.s;
    let j = this.i;
    while (j < s.length && !WORD_END.has(s[j]!) && !WORD_DECLINE.has(s[j]!)) j++;
    return s.slice(this.i, j);
  }

  program(): FastNode {
    const s = this.s;
    let first = 0;
    while (first < s.length && (s[first] === " " || s[first] === "\t" || s[first] === "\n" || (s[first] === "\\" && s[first + 1] === "\n"))) first += s[first] === "\\" ? 2 : 1;
    const root = this.node("program", true, first, s.length);
    this.statements(root, () => false, null, false);
    if (this.i < s.length) throw DECLINE;
    return root;
  }

  /**
   * Statements into `parent` until `stop()` holds at the start of a statement, or the text ends. `cond`: an
   * if/elif/while condition (no comments or `&` there), whose statements and terminators get `field`.
   */
  statements(parent: FastNode, stop: () => boolean, field: string | null, cond: boolean): number {
    const s = this.s;
    let count = 0;
    for (;;) {
      this.continued = false;
      this.space();
      // a line continuation before a statement's first word: tree-sitter does not always take it as a blank
      if (this.continued) throw DECLINE;
      if (this.i >= s.length || stop()) return count;
      const c = s[this.i]!;
      if (c === "#") {
        if (cond) throw DECLINE;
        parent.add(this.comment());
        continue;
      }
      if (c === ";" || c === "&" || c === "|" || c === ")") throw DECLINE;
      parent.add(this.statement(), field);
      count++;
      this.blanks();
      const t = s[this.i];
      if (t === ";") {
        if (s[this.i + 1] === ";" || s[this.i + 1] === "&") throw DECLINE;
        parent.add(this.token(";"), field);
      } else if (t === "&") {
        if (s[this.i + 1] === "&" || s[this.i + 1] === ">" || cond) throw DECLINE;
        parent.add(this.token("&"));
      } else if (t === "#") {
        if (cond) throw DECLINE;
        parent.add(this.comment());
      } else if (t !== "\n" && t !== undefined && !(t === ")" && stop())) {
        // only `)` may follow a statement without a terminator (`[ x ] then` is not an if's `then`)
        throw DECLINE;
      }
    }
  }

  /** an and-or list; a redirection after its last command applies to the whole list so far (as tree-sitter reads it) */
  statement(): FastNode {
    if (++this.depth > NESTING_LIMIT) throw DECLINE;
    let left = this.pipeline(false);
    for (;;) {
      this.blanks();
      const op = this.s.startsWith("&&", this.i) ? "&&" : this.s.startsWith("||", this.i) ? "||" : null;
      if (!op) break;
      // `a | b | c && d`: tree-sitter nests the list inside the pipeline; not read here
      if (pipelineLength(left) > 2 || (left.type === "list" && pipelineLength(left.children[2]!) > 2)) throw DECLINE;
      const list = this.node("list", true, left.startIndex, 0);
      list.add(left);
      list.add(this.token(op));
      this.space();
      if (this.s[this.i] === "#") throw DECLINE;
      const right = this.pipeline(true);
      list.add(right);
      list.endIndex = right.endIndex;
      left = this.redirects(list);
    }
    this.depth--;
    return left;
  }

  /**
   * Commands joined by `|`. A redirection after a command applies to the pipeline so far. `listRight`: the right
   * side of `&&`/`||`, where a redirection after the last command belongs to the list (left to the caller), and
   * one in the middle is not read here.
   */
  pipeline(listRight: boolean): FastNode {
    let acc = this.element();
    this.blanks();
    if (this.atRedirect()) {
      if (listRight) return acc;
      acc = this.redirects(acc);
    }
    while (this.s[this.i] === "|" && this.s[this.i + 1] !== "|") {
      if (this.s[this.i + 1] === "&") throw DECLINE;
      const pipe = acc.type === "pipeline" ? acc : this.node("pipeline", true, acc.startIndex, 0);
      if (pipe !== acc) pipe.add(acc);
      pipe.add(this.token("|"));
      this.space();
      if (this.s[this.i] === "#") throw DECLINE;
      const cmd = this.element();
      pipe.add(cmd);
      pipe.endIndex = cmd.endIndex;
      acc = pipe;
      this.blanks();
      if (this.atRedirect()) {
        // the list takes the redirection (statement()); a `|` after it is then declined by statements()
        if (listRight) return acc;
        // `a | b >x | c`: the redirected pipeline is the first element of the next one
        acc = this.redirects(acc);
        if (this.s[this.i] === "|" && this.s[this.i + 1] !== "|") {
          const outer = this.node("pipeline", true, acc.startIndex, 0);
          outer.add(acc);
          acc = outer;
        }
      }
    }
    return acc;
  }

  /** a command, or `!` and a command */
  element(): FastNode {
    if (!this.atWord("!")) return this.command();
    // `a ||! b`: tree-sitter reads a `!` right after an operator otherwise
    if (this.i > 0 && !/[\s;(]/.test(this.s[this.i - 1]!)) throw DECLINE;
    const neg = this.node("negated_command", true, this.i, 0);
    neg.add(this.token("!"));
    this.blanks();
    // `! export X`: tree-sitter reads the keyword as a command's name
    const w = this.peekPlain();
    if ((DECLARATIONS.has(w) || w === "unset") && this.atWord(w)) throw DECLINE;
    const cmd = this.command();
    neg.add(cmd);
    neg.endIndex = cmd.endIndex;
    return neg;
  }

  command(): FastNode {
    const s = this.s;
    const c = s[this.i];
    let compound: FastNode | null = null;
    if (c === "{" && this.atWord("{")) compound = this.braceGroup();
    else if (c === "(") {
      if (s[this.i + 1] === "(") throw DECLINE;
      compound = this.subshell();
    } else if (this.atWord("if")) compound = this.ifStatement();
    else if (this.atWord("while") || this.atWord("until")) compound = this.whileStatement();
    else if (this.atWord("for")) compound = this.forStatement();
    else if (this.atWord("function")) compound = this.functionDefinition(true);
    else if (this.atWord("[") || this.atWord("[[")) compound = this.testCommand();
    else {
      const w = this.peekPlain();
      if (RESERVED.has(w) && this.atWord(w)) throw DECLINE;
      if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(w) && /^[ \t]*\(/.test(s.slice(this.i + w.length, this.i + w.length + 40))) {
        return this.functionDefinition(false);
      }
      return this.simpleCommand();
    }
    return compound;
  }

  /** redirections after a command: a redirected_statement around it, when there are any */
  redirects(body: FastNode): FastNode {
    this.blanks();
    if (!this.atRedirect()) return body;
    const st = this.node("redirected_statement", true, body.startIndex, 0);
    st.add(body, "body");
    while (this.atRedirect()) {
      st.add(this.fileRedirect(), "redirect");
      this.blanks();
    }
    if (!this.atCommandEnd()) throw DECLINE;
    st.endIndex = st.children[st.children.length - 1]!.endIndex;
    return st;
  }

  atCommandEnd(): boolean {
    const c = this.s[this.i];
    return c === undefined || c === "\n" || c === ";" || (c === "&" && this.s[this.i + 1] !== ">") || c === "|" || c === ")" || c === "#";
  }

  atRedirect(): boolean {
    const s = this.s;
    let j = this.i;
    while (j < s.length && s[j]! >= "0" && s[j]! <= "9") j++;
    const c = s[j];
    if (j > this.i && c !== ">" && c !== "<") return false;
    // `0<file`, `0>x`: tree-sitter reads some descriptors as an argument; 1 and 2 with `>` are read alike
    if (j > this.i && (c === "<" || !/^[12]$/.test(s.slice(this.i, j)))) throw DECLINE;
    return c === ">" || c === "<" || (c === "&" && s[j + 1] === ">");
  }

  fileRedirect(): FastNode {
    const s = this.s;
    const r = this.node("file_redirect", true, this.i, 0);
    let j = this.i;
    while (s[j]! >= "0" && s[j]! <= "9") j++;
    if (j > this.i) {
      r.add(this.node("file_descriptor", true, this.i, j), "descriptor");
      this.i = j;
    }
    const ops = ["&>>", "&>", ">>", ">&", "<&", ">", "<"];
    const op = ops.find((o) => s.startsWith(o, this.i));
    if (!op || s[this.i + op.length] === "<" || s[this.i + op.length] === ">" || s[this.i + op.length] === "(" || s[this.i + op.length] === "|" || s[this.i + op.length] === "-") throw DECLINE;
    r.add(this.token(op));
    this.blanks();
    const dest = this.word(false);
    if (!dest) throw DECLINE;
    r.add(dest, "destination");
    r.endIndex = dest.endIndex;
    return r;
  }

  /** The statements of `{ … }`, `( … )`, `$( … )` or `do … done` after its opening token, and its closing one. */
  body(g: FastNode, closes: () => boolean, close: string): FastNode {
    // an empty body is a syntax error to the shell; tree-sitter's reading of it is left to tree-sitter
    if (this.statements(g, closes, null, false) === 0 || !closes()) throw DECLINE;
    g.add(this.token(close));
    g.endIndex = this.i;
    return g;
  }

  braceGroup(): FastNode {
    const g = this.node("compound_statement", true, this.i, 0);
    g.add(this.token("{"));
    return this.body(g, () => this.atWord("}"), "}");
  }

  subshell(): FastNode {
    const g = this.node("subshell", true, this.i, 0);
    g.add(this.token("("));
    return this.body(g, () => this.s[this.i] === ")", ")");
  }

  keyword(w: string): FastNode {
    if (!this.atWord(w)) throw DECLINE;
    return this.token(w);
  }

  ifStatement(): FastNode {
    const n = this.node("if_statement", true, this.i, 0);
    n.add(this.keyword("if"));
    this.condition(n, "condition");
    n.add(this.keyword("then"));
    if (this.statements(n, () => this.atWord("elif") || this.atWord("else") || this.atWord("fi"), null, false) === 0) throw DECLINE;
    while (this.atWord("elif")) {
      const e = this.node("elif_clause", true, this.i, 0);
      e.add(this.keyword("elif"));
      this.condition(e, null);
      e.add(this.keyword("then"));
      if (this.statements(e, () => this.atWord("elif") || this.atWord("else") || this.atWord("fi"), null, false) === 0) throw DECLINE;
      this.closeClause(e, n);
    }
    if (this.atWord("else")) {
      const e = this.node("else_clause", true, this.i, 0);
      e.add(this.keyword("else"));
      if (this.statements(e, () => this.atWord("fi"), null, false) === 0) throw DECLINE;
      this.closeClause(e, n);
    }
    n.add(this.keyword("fi"));
    n.endIndex = this.i;
    return n;
  }

  /**
   * Ends an elif/else clause as tree-sitter does: comments on lines of their own after its last statement belong
   * to the if statement, and the clause takes in the newlines that end its last statement (not a `;` or `&`).
   */
  closeClause(clause: FastNode, parent: FastNode): void {
    const s = this.s;
    const moved: FastNode[] = [];
    for (;;) {
      const last = clause.children[clause.children.length - 1]!;
      const prev = clause.children[clause.children.length - 2];
      if (last.type !== "comment" || !prev || !s.slice(prev.endIndex, last.startIndex).includes("\n")) break;
      moved.unshift(clause.children.pop()!);
      clause.fields.pop();
    }
    const last = clause.children[clause.children.length - 1]!;
    let end = last.endIndex;
    if (last.isNamed) {
      let j = end;
      for (;;) {
        while (s[j] === " " || s[j] === "\t") j++;
        if (s[j] !== "\n") break;
        end = ++j;
      }
    }
    clause.endIndex = end;
    parent.add(clause);
    for (const c of moved) parent.add(c);
  }

  /** the condition of an if/elif/while, up to `then` / `do` */
  condition(parent: FastNode, field: string | null): void {
    if (this.statements(parent, () => this.atWord("then") || this.atWord("do"), field, true) === 0) throw DECLINE;
  }

  whileStatement(): FastNode {
    const n = this.node("while_statement", true, this.i, 0);
    n.add(this.keyword(this.atWord("while") ? "while" : "until"));
    this.condition(n, "condition");
    n.add(this.doGroup(), "body");
    n.endIndex = this.i;
    return n;
  }

  doGroup(): FastNode {
    const g = this.node("do_group", true, this.i, 0);
    g.add(this.keyword("do"));
    return this.body(g, () => this.atWord("done"), "done");
  }

  forStatement(): FastNode {
    const s = this.s;
    const n = this.node("for_statement", true, this.i, 0);
    n.add(this.keyword("for"));
    this.blanks();
    const name = this.peekPlain();
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) || !this.atWord(name)) throw DECLINE;
    n.add(this.node("variable_name", true, this.i, this.i + name.length), "variable");
    this.i += name.length;
    this.blanks();
    if (this.atWord("in")) {
      n.add(this.keyword("in"));
      for (;;) {
        this.blanks();
        const c = s[this.i];
        if (c === ";" || c === "\n" || c === undefined) break;
        const w = this.word(false);
        if (!w) throw DECLINE;
        n.add(w, "value");
      }
    }
    this.blanks();
    if (s[this.i] === ";") {
      if (s[this.i + 1] === ";") throw DECLINE;
      n.add(this.token(";"));
    } else if (s[this.i] !== "\n") throw DECLINE;
    this.space();
    n.add(this.doGroup(), "body");
    n.endIndex = this.i;
    return n;
  }

  functionDefinition(keyword: boolean): FastNode {
    const s = this.s;
    const n = this.node("function_definition", true, this.i, 0);
    if (keyword) {
      n.add(this.keyword("function"));
      this.blanks();
    }
    const name = this.peekPlain();
    if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(name) || RESERVED.has(name)) throw DECLINE;
    n.add(this.node("word", true, this.i, this.i + name.length), "name");
    this.i += name.length;
    this.blanks();
    if (s[this.i] === "(") {
      n.add(this.token("("));
      this.blanks();
      n.add(this.token(")"));
    } else if (!keyword) throw DECLINE;
    this.space();
    let body: FastNode;
    if (this.atWord("{")) body = this.braceGroup();
    else if (s[this.i] === "(" && s[this.i + 1] !== "(") body = this.subshell();
    else throw DECLINE;
    n.add(body, "body");
    n.endIndex = body.endIndex;
    this.blanks();
    if (this.atRedirect()) throw DECLINE;
    return n;
  }

  /** `[ … ]` and `[[ … ]]` with a plain expression: kept as the node and its brackets (the analysis does not read the expression) */
  testCommand(): FastNode {
    const s = this.s;
    const open = s.startsWith("[[", this.i) ? "[[" : "[";
    const close = open === "[[" ? "]]" : "]";
    const n = this.node("test_command", true, this.i, 0);
    n.add(this.token(open));
    const operands: string[] = [];
    let firstUnquotedExpansion = false;
    for (;;) {
      this.blanks();
      if (this.atWord(close)) break;
      const c = s[this.i];
      if (c === undefined || c === "\n" || c === ";" || c === "&" || c === "|" || c === "<" || c === ">" || c === "(" || c === ")") throw DECLINE;
      const op = ["!=", "!", "=="].find((o) => this.atWord(o));
      if (op) {
        operands.push(op);
        this.i += op.length;
        continue;
      }
      const start = this.i;
      const w = this.word(false);
      if (!w) throw DECLINE;
      if (hasSubstitution(w)) throw DECLINE;
      if (operands.length === 0 && w.type === "simple_expansion") firstUnquotedExpansion = true;
      operands.push(w.type === "word" || w.type === "number" ? s.slice(start, this.i) : "$");
    }
    if (!plainTest(operands)) throw DECLINE;
    n.add(this.token(close));
    n.endIndex = this.i;
    // `[ $? -ne 0 ]` and a newline: tree-sitter may read the brackets as holding a redirected command that runs
    // on to a later redirection in the file (its grammar allows one there), a different tree
    if (firstUnquotedExpansion && operands.length > 1 && /^[ \t]*(\n|#|$)/.test(this.s.slice(this.i, this.i + 200))) throw DECLINE;
    return n;
  }

  simpleCommand(): FastNode {
    const s = this.s;
    const start = this.i;
    const assigns: FastNode[] = [];
    while (this.atAssignment()) {
      assigns.push(this.assignment());
      this.blanks();
    }
    if (this.atCommandEnd() || this.atWord("}") || this.atWord("then") || this.atWord("do") || this.atWord("fi") || this.atWord("done")) {
      if (assigns.length === 0) throw DECLINE;
      if (assigns.length === 1) return assigns[0]!;
      // `X=1 Y=2` and a newline: tree-sitter joins the next line's command to them
      if (this.i < s.length) throw DECLINE;
      const group = this.node("variable_assignments", true, start, assigns[assigns.length - 1]!.endIndex);
      for (const a of assigns) group.add(a);
      return group;
    }
    if (this.atRedirect()) throw DECLINE;
    const plain = this.peekPlain();
    if (assigns.length === 0 && DECLARATIONS.has(plain) && this.atWord(plain)) return this.declaration(plain);
    if (assigns.length === 0 && plain === "unset" && this.atWord(plain)) return this.unset();
    const cmd = this.node("command", true, start, 0);
    for (const a of assigns) cmd.add(a);
    const nameWord = this.word(false);
    if (!nameWord) throw DECLINE;
    // tree-sitter reports an error for some characters in a command's name (`%`, `?`, `@`, …): only plain names here
    if (nameWord.type === "word" && nameWord.text !== ":" && !/^[A-Za-z0-9_./][A-Za-z0-9_./-]*$/.test(nameWord.text)) throw DECLINE;
    if (nameWord.type === "concatenation" && nameWord.children.some((c) => (c.type === "word" && !/^[A-Za-z0-9_./-]+$/.test(c.text)) || c.type === "string" || c.type === "raw_string")) throw DECLINE;
    const name = this.node("command_name", true, nameWord.startIndex, nameWord.endIndex);
    name.add(nameWord.type === "number" ? retype(nameWord, "word") : nameWord);
    cmd.add(name, "name");
    for (;;) {
      this.blanks();
      if (this.atCommandEnd() || this.atRedirect()) break;
      if (s[this.i] === "(") throw DECLINE;
      const w = this.word(false);
      if (!w) throw DECLINE;
      // `cmd - 2>&1`: tree-sitter drops the `-`
      if (w.type === "word" && w.text === "-") {
        this.blanks();
        if (this.atRedirect()) throw DECLINE;
      }
      cmd.add(w, "argument");
    }
    cmd.endIndex = lastEnd(cmd);
    return cmd;
  }

  declaration(keyword: string): FastNode {
    const n = this.node("declaration_command", true, this.i, 0);
    n.add(this.token(keyword));
    for (;;) {
      this.blanks();
      if (this.atCommandEnd()) break;
      if (this.atAssignment()) {
        n.add(this.assignment());
        continue;
      }
      const name = this.peekPlain();
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) || !this.atWord(name)) throw DECLINE;
      n.add(this.node("variable_name", true, this.i, this.i + name.length));
      this.i += name.length;
    }
    n.endIndex = lastEnd(n);
    return n;
  }

  /** `unset X Y`, `unset -v X` */
  unset(): FastNode {
    const n = this.node("unset_command", true, this.i, 0);
    n.add(this.token("unset"));
    for (;;) {
      this.blanks();
      if (this.atCommandEnd()) break;
      const w = this.peekPlain();
      if (!w || !this.atWord(w)) throw DECLINE;
      const type = /^[A-Za-z_][A-Za-z0-9_]*$/.test(w) ? "variable_name" : /^-[a-z]+$/.test(w) ? "word" : null;
      if (!type) throw DECLINE;
      n.add(this.node(type, true, this.i, this.i + w.length));
      this.i += w.length;
    }
    n.endIndex = lastEnd(n);
    return n;
  }

  atAssignment(): boolean {
    const s = this.s;
    let j = this.i;
    if (!NAME_START.test(s[j] ?? "")) return false;
    while (j < s.length && NAME_CHAR.test(s[j]!)) j++;
    if (s[j] === "+" && s[j + 1] === "=") throw DECLINE;
    // `_=x`: `_` is a special parameter to tree-sitter
    if (s[j] === "=" && j === this.i + 1 && s[this.i] === "_") throw DECLINE;
    if (s[j] === "[") throw DECLINE;
    return s[j] === "=";
  }

  assignment(): FastNode {
    const s = this.s;
    const a = this.node("variable_assignment", true, this.i, 0);
    const eq = s.indexOf("=", this.i);
    a.add(this.node("variable_name", true, this.i, eq), "name");
    this.i = eq;
    a.add(this.token("="));
    const c = s[this.i];
    if (c === "(" || c === "=" || c === "|" || c === "&") throw DECLINE;
    if (c !== undefined && c !== " " && c !== "\t" && c !== "\n" && c !== ";" && c !== "&" && c !== "|" && c !== ")") {
      const v = this.word(false);
      if (!v) throw DECLINE;
      a.add(v, "value");
    }
    a.endIndex = this.i;
    return a;
  }

  /** A word: one part, or a concatenation of adjacent parts. null when nothing word-like is at the cursor. */
  word(inDefault: boolean): FastNode | null {
    const s = this.s;
    const start = this.i;
    const parts: FastNode[] = [];
    for (;;) {
      const c = s[this.i];
      if (c === undefined) break;
      if (c === '"') parts.push(this.dquoted());
      else if (c === "'") parts.push(this.squoted());
      else if (c === "$") parts.push(this.dollar(false));
      else if (c === "\\") {
        // a line continuation right after a word: bash joins the lines, tree-sitter not always
        if (s[this.i + 1] === "\n" || s[this.i + 1] === undefined || s[this.i + 1] === "\r") throw DECLINE;
        // `"a"\$b`: tree-sitter starts another word at the backslash
        if (parts.length > 0) throw DECLINE;
        parts.push(this.bare(inDefault));
      } else if (WORD_END.has(c)) break;
      else if (WORD_DECLINE.has(c)) throw DECLINE;
      else parts.push(this.bare(inDefault));
    }
    if (parts.length === 0) return null;
    // `$2>&1`, `-f2>&1`: bash reads the digit as part of the word, tree-sitter as the redirection's descriptor
    if (/[0-9]$/.test(s.slice(start, this.i)) && (s[this.i] === ">" || s[this.i] === "<")) throw DECLINE;
    if (parts.length === 1) return parts[0]!;
    // `"x"a$b/c`: tree-sitter ends the word at the `$` of an expansion that follows a quoted part and precedes more
    if (parts.some((p, k) => k > 0 && p.type === "simple_expansion" && (/^[0-9]/.test(p.children[1]?.text ?? "") || parts.slice(0, k).some((q) => q.type === "string" || q.type === "raw_string" || (q.type !== "word" && k < parts.length - 1))))) throw DECLINE;
    // digits inside a concatenation are a word to tree-sitter, not a number
    const cat = this.node("concatenation", true, start, this.i);
    for (const p of parts) cat.add(p.type === "number" ? retype(p, "word") : p);
    return cat;
  }

  /** unquoted text, with backslash escapes */
  bare(inDefault: boolean): FastNode {
    const s = this.s;
    const start = this.i;
    for (;;) {
      const c = s[this.i];
      if (c === undefined) break;
      if (c === "\\") {
        const next = s[this.i + 1];
        if (next === undefined || next === "\n" || next === "\r") break;
        if (next === " " || next === "\t") throw DECLINE;
        this.i += 2;
        continue;
      }
      if (WORD_END.has(c)) break;
      if (WORD_DECLINE.has(c)) throw DECLINE;
      this.i++;
    }
    const text = s.slice(start, this.i);
    // `==` and `=~` are operator tokens to tree-sitter wherever they stand
    if (text.includes("==") || text.includes("=~")) throw DECLINE;
    // `-f2>&1`: bash reads the word `-f2` and `>&1`, tree-sitter `-f` and `2>&1`
    if (/[0-9]$/.test(text) && (s[this.i] === ">" || s[this.i] === "<")) throw DECLINE;
    const number = !inDefault && /^-?[0-9]+$/.test(text);
    return this.node(number ? "number" : "word", true, start, this.i);
  }

  squoted(): FastNode {
    const end = this.s.indexOf("'", this.i + 1);
    if (end === -1) throw DECLINE;
    const n = this.node("raw_string", true, this.i, end + 1);
    this.i = end + 1;
    return n;
  }

  dquoted(): FastNode {
    const s = this.s;
    const n = this.node("string", true, this.i, 0);
    n.add(this.token('"'));
    let run = -1;
    /** where a run of blanks alone started: tree-sitter makes no node of it, the next token starts there */
    let blankFrom = -1;
    const flush = (): void => {
      if (run !== -1 && run < this.i) {
        if (/[^ \t]/.test(s.slice(run, this.i))) n.add(this.node("string_content", true, run, this.i));
        else blankFrom = run;
      }
      run = -1;
    };
    for (;;) {
      const c = s[this.i];
      if (c === undefined || c === "`" || c === "\r") throw DECLINE;
      if (c === '"') break;
      if (c === "$") {
        flush();
        const x = this.dollar(true);
        if (blankFrom !== -1) {
          x.startIndex = blankFrom;
          x.children[0]!.startIndex = blankFrom;
          blankFrom = -1;
        }
        n.add(x);
        continue;
      }
      if (c === "\n") {
        flush();
        blankFrom = -1;
        this.i++;
        continue;
      }
      if (run === -1) run = this.i;
      if (c === "\\") {
        if (s[this.i + 1] === undefined || s[this.i + 1] === "\n" || s[this.i + 1] === "\r") throw DECLINE;
        this.i += 2;
      } else this.i++;
    }
    flush();
    const close = this.token('"');
    if (blankFrom !== -1) close.startIndex = blankFrom;
    n.add(close);
    n.endIndex = this.i;
    return n;
  }

  /** `$X`, `$1`, `$@`, `${X}`, `${X:-default}`, `$( … )` */
  dollar(quoted: boolean): FastNode {
    const s = this.s;
    const start = this.i;
    const c = s[this.i + 1];
    if (c === "(") {
      if (s[this.i + 2] === "(") throw DECLINE;
      const n = this.node("command_substitution", true, start, 0);
      n.add(this.token("$("));
      return this.body(n, () => this.s[this.i] === ")", ")");
    }
    if (c === "{") return this.braced();
    const n = this.node("simple_expansion", true, start, 0);
    n.add(this.token("$"));
    if (c !== undefined && NAME_CHAR.test(c)) {
      let j = this.i;
      while (j < s.length && NAME_CHAR.test(s[j]!)) j++;
      const name = s.slice(this.i, j);
      n.add(this.node(name === "_" ? "special_variable_name" : "variable_name", true, this.i, j));
      this.i = j;
    } else if (c !== undefined && "@*#?$!-".includes(c)) {
      if (c === "-" && !quoted) throw DECLINE;
      // `$@X`: tree-sitter reads on into the name
      if (NAME_CHAR.test(s[this.i + 1] ?? "")) throw DECLINE;
      n.add(this.node("special_variable_name", true, this.i, this.i + 1));
      this.i++;
    } else throw DECLINE;
    n.endIndex = this.i;
    return n;
  }

  braced(): FastNode {
    const s = this.s;
    const n = this.node("expansion", true, this.i, 0);
    n.add(this.token("${"));
    // `${#X}`: the length (an operator before the name)
    const length = s[this.i] === "#" && /[A-Za-z_]/.test(s[this.i + 1] ?? "");
    if (length) n.add(this.token("#"), "operator");
    const c = s[this.i];
    if (c !== undefined && NAME_CHAR.test(c)) {
      let j = this.i;
      while (j < s.length && NAME_CHAR.test(s[j]!)) j++;
      if (/^[0-9]/.test(s.slice(this.i, j)) && !/^[0-9]+$/.test(s.slice(this.i, j))) throw DECLINE;
      const name = s.slice(this.i, j);
      n.add(this.node(name === "_" ? "special_variable_name" : "variable_name", true, this.i, j));
      this.i = j;
    } else if ((c === "@" || c === "*") && s[this.i + 1] === "}") {
      n.add(this.node("special_variable_name", true, this.i, this.i + 1));
      this.i++;
    } else throw DECLINE;
    if (s[this.i] !== "}") {
      if (length) throw DECLINE;
      // defaults, and the operators that cut or replace (`${X#*/}`, `${X%.*}`, `${X/a/b}`): the analysis reads the
      // former as text and takes the value of the latter as unknown; what follows the operator is one word here
      const op = [":-", ":=", ":+", ":?", "-", "=", "+", "?", "##", "#", "%%", "%", "//", "/"].find((o) => s.startsWith(o, this.i));
      if (!op) throw DECLINE;
      n.add(this.token(op), "operator");
      const from = this.i;
      let j = from;
      while (j < s.length && /[A-Za-z0-9_./:@%+,*?#-]/.test(s[j]!)) j++;
      if (s[j] !== "}") throw DECLINE;
      // `${X##}`, `${X//}`: tree-sitter reads an empty or doubled pattern its own way
      if (/^[#%/]/.test(op) && (j === from || /[#%/]/.test(s[from]!))) throw DECLINE;
      // the default, as one word (tree-sitter splits some of them further; the analysis reads the text)
      if (j > from) n.add(this.node("word", true, from, j));
      this.i = j;
    }
    n.add(this.token("}"));
    n.endIndex = this.i;
    return n;
  }
}

function retype(n: FastNode, type: string): FastNode {
  const r = new FastNode(type, n.isNamed, n.startIndex, n.endIndex, n.source);
  for (let k = 0; k < n.children.length; k++) r.add(n.children[k]!, n.fields[k] ?? null);
  return r;
}

function pipelineLength(n: FastNode): number {
  return n.type === "pipeline" ? n.children.filter((c) => c.type !== "|").length : n.type === "redirected_statement" ? pipelineLength(n.children[0]!) : 1;
}

function lastEnd(n: FastNode): number {
  return n.children.length ? n.children[n.children.length - 1]!.endIndex : n.startIndex;
}

function hasSubstitution(n: FastNode): boolean {
  if (n.type === "command_substitution") return true;
  return n.children.some(hasSubstitution);
}

/** `X`, `! X`, `-f X`, `X = Y`, joined by -a / -o: what the fast path accepts inside `[ … ]` */
function plainTest(ops: string[]): boolean {
  let k = 0;
  const operand = (): boolean => {
    if (k >= ops.length) return false;
    const t = ops[k]!;
    if (TEST_BINARY.has(t) || t === "!" || t === "(" || t === ")") return false;
    k++;
    return true;
  };
  const primary = (): boolean => {
    if (ops[k] === "!") k++;
    if (/^-[a-zA-Z]$/.test(ops[k] ?? "") && !TEST_BINARY.has(ops[k]!) && k + 1 < ops.length) {
      k++;
      return operand();
    }
    if (!operand()) return false;
    const op = ops[k];
    if (op !== undefined && TEST_BINARY.has(op) && op !== "-a" && op !== "-o") {
      k++;
      return operand();
    }
    return true;
  };
  if (!primary()) return false;
  while (k < ops.length) {
    if (ops[k] !== "-a" && ops[k] !== "-o") return false;
    k++;
    if (!primary()) return false;
  }
  return true;
}

/** The tree tree-sitter-bash would build for `text`, when the text is in the subset this reads; else null. */
export function parseShellFast(text: string): FastNode | null {
  if (text.includes("\r") || text.includes("<<") || text.includes("`")) return null;
  try {
    return new FastParser(text).program();
  } catch (e) {
    if (e instanceof Decline) return null;
    if (e instanceof RangeError) return null; // too deep for the stack
    throw e;
  }
}
