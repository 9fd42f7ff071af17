// A tiny, strict XML 1.0 reader for the tests: checks well-formedness and decodes attributes and text.
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const NAME = /^[A-Za-z_:][-A-Za-z0-9_:.]*/;
// characters XML 1.0 allows
const ALLOWED = /^[\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]*$/u;

function decode(raw: string, where: string, attribute = false): string {
  // a literal tab or line break in an attribute would be normalised to a space by a real parser
  if (attribute && /[\t\n\r]/.test(raw)) throw new Error(`unescaped whitespace in ${where}: ${JSON.stringify(raw)}`);
  if (/<|&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9A-Fa-f]+);)/.test(raw)) throw new Error(`bad character data in ${where}: ${raw}`);
  return raw.replace(/&(amp|lt|gt|quot|apos|#\d+|#x[0-9A-Fa-f]+);/g, (_, e: string) => {
    const named: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
    if (named[e]) return named[e]!;
    const code = e.startsWith("#x") ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    const ch = String.fromCodePoint(code);
    if (!ALLOWED.test(ch)) throw new Error(`reference to a forbidden character &${e}; in ${where}`);
    return ch;
  });
}

/** Parses a document with an optional XML declaration and one root element; throws when not well-formed. */
export function parseXml(doc: string): XmlElement {
  if (!ALLOWED.test(doc)) throw new Error("document contains characters XML 1.0 forbids");
  let i = 0;
  const decl = /^<\?xml [^?]*\?>\s*/.exec(doc);
  if (decl) i = decl[0].length;
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  while (i < doc.length) {
    if (doc[i] === "<") {
      if (doc.startsWith("</", i)) {
        const m = /^<\/([A-Za-z_:][-A-Za-z0-9_:.]*)\s*>/.exec(doc.slice(i));
        if (!m) throw new Error(`bad end tag at ${i}`);
        const open = stack.pop();
        if (!open || open.name !== m[1]) throw new Error(`mismatched </${m[1]}> at ${i}`);
        i += m[0].length;
        continue;
      }
      i++;
      const nm = NAME.exec(doc.slice(i));
      if (!nm) throw new Error(`bad tag name at ${i}`);
      const el: XmlElement = { name: nm[0], attrs: {}, children: [], text: "" };
      i += nm[0].length;
      for (;;) {
        const ws = /^\s*/.exec(doc.slice(i))![0].length;
        i += ws;
        if (doc.startsWith("/>", i) || doc[i] === ">") break;
        if (ws === 0) throw new Error(`missing space before attribute at ${i}`);
        const am = /^([A-Za-z_:][-A-Za-z0-9_:.]*)="([^"]*)"/.exec(doc.slice(i));
        if (!am) throw new Error(`bad attribute at ${i}: ${doc.slice(i, i + 40)}`);
        if (am[1]! in el.attrs) throw new Error(`duplicate attribute ${am[1]}`);
        el.attrs[am[1]!] = decode(am[2]!, `attribute ${am[1]}`, true);
        i += am[0].length;
      }
      if (stack.length) stack[stack.length - 1]!.children.push(el);
      else if (root) throw new Error("more than one root element");
      else root = el;
      if (doc.startsWith("/>", i)) i += 2;
      else {
        i += 1;
        stack.push(el);
      }
    } else {
      const end = doc.indexOf("<", i);
      const raw = doc.slice(i, end < 0 ? doc.length : end);
      if (stack.length) stack[stack.length - 1]!.text += decode(raw, "text");
      else if (raw.trim()) throw new Error(`text outside the root element at ${i}`);
      i += raw.length;
    }
  }
  if (stack.length) throw new Error(`unclosed <${stack[stack.length - 1]!.name}>`);
  if (!root) throw new Error("no root element");
  return root;
}

export function findAll(el: XmlElement, name: string): XmlElement[] {
  const out: XmlElement[] = [];
  const walk = (e: XmlElement) => {
    if (e.name === name) out.push(e);
    e.children.forEach(walk);
  };
  walk(el);
  return out;
}
