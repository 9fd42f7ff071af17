// Compose variable interpolation: `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`,
// `${VAR:?err}`, `${VAR?err}`, `${VAR:+alt}`, `${VAR+alt}`, nesting (`${A:-${B}}`) and the `$$` escape.
// Values come from the process environment and the project directory's `.env` (the environment wins).
// Never throws: unset variables without a default are listed in `unresolved`, `?` errors in `errors`.

export type Env = ReadonlyMap<string, string>;

export interface Interpolated {
  value: string;
  /** variables that were unset (or empty for `:`-forms) and had no default: their value is unknown here */
  unresolved: string[];
  /** `${VAR?msg}` / `${VAR:?msg}` that fired: Compose would refuse the file */
  errors: string[];
  /** the text contained at least one substitution (not just `$$`) */
  substituted: boolean;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

export function hasInterpolation(text: string): boolean {
  return text.includes("$");
}

export function interpolate(text: string, env: Env): Interpolated {
  const out: Interpolated = { value: "", unresolved: [], errors: [], substituted: false };
  out.value = expand(text, env, out, 0);
  return out;
}

function expand(text: string, env: Env, acc: Interpolated, depth: number): string {
  if (!text.includes("$")) return text;
  let res = "";
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c !== "$") {
      res += c;
      i++;
      continue;
    }
    const next = text[i + 1];
    if (next === "$") {
      res += "$";
      i += 2;
      continue;
    }
    if (next === "{") {
      const close = matchBrace(text, i + 1);
      if (close === -1) {
        // unterminated: Compose refuses it; keep the text
        acc.errors.push(`invalid interpolation format: \`${text.slice(i)}\``);
        res += text.slice(i);
        break;
      }
      res += braced(text.slice(i + 2, close), env, acc, depth);
      i = close + 1;
      continue;
    }
    const m = NAME.exec(text.slice(i + 1));
    if (m) {
      acc.substituted = true;
      const v = env.get(m[0]);
      if (v === undefined) acc.unresolved.push(m[0]);
      res += v ?? "";
      i += 1 + m[0].length;
      continue;
    }
    res += "$";
    i++;
  }
  return res;
}

/** Index of the `}` closing the `{` at `open`, counting nested `${`. */
function matchBrace(text: string, open: number): number {
  let depth = 0;
  for (let j = open; j < text.length; j++) {
    const ch = text[j];
    if (ch === "$" && text[j + 1] === "$") {
      j++;
      continue;
    }
    if (ch === "{") depth++;
    else if (ch === "}") {
      depth--;
      if (depth === 0) return j;
    }
  }
  return -1;
}

function braced(inner: string, env: Env, acc: Interpolated, depth: number): string {
  acc.substituted = true;
  const m = NAME.exec(inner);
  if (!m) {
    acc.errors.push(`invalid interpolation format: \`\${${inner}}\``);
    return "";
  }
  const name = m[0];
  const rest = inner.slice(name.length);
  const v = env.get(name);
  if (rest === "") {
    if (v === undefined) acc.unresolved.push(name);
    return v ?? "";
  }
  const op = /^(:?[-?+])/.exec(rest);
  if (!op) {
    acc.errors.push(`invalid interpolation format: \`\${${inner}}\``);
    return "";
  }
  const colon = op[1]!.startsWith(":");
  const kind = op[1]!.slice(-1);
  const arg = rest.slice(op[1]!.length);
  const missing = v === undefined || (colon && v === "");
  const sub = (): string => (depth > 16 ? arg : expand(arg, env, acc, depth + 1));
  if (kind === "-") return missing ? sub() : v!;
  if (kind === "+") return missing ? "" : sub();
  // `?`: required
  if (missing) {
    const msg = sub();
    if (v === undefined) acc.unresolved.push(name);
    acc.errors.push(`required variable ${name} is missing a value${msg ? `: ${msg}` : ""}`);
    return "";
  }
  return v!;
}

/**
 * Parses a `.env` file as Compose does: `KEY=value`, `export KEY=value`, comments, single quotes
 * (literal), double quotes (escapes \n \t \" \\, interpolation), unquoted values (trailing ` #` comment
 * removed, interpolation). Earlier keys and `base` are visible to later values.
 */
export function parseDotEnv(text: string, base: Env = new Map()): Map<string, string> {
  const out = new Map<string, string>();
  const lookup: Env = {
    get: (k: string) => out.get(k) ?? base.get(k),
  } as Env;
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  for (let n = 0; n < lines.length; n++) {
    let line = lines[n]!.trim();
    if (!line || line.startsWith("#")) continue;
    line = line.replace(/^export\s+/, "");
    const eq = line.indexOf("=");
    if (eq === -1) continue;
    const key = line.slice(0, eq).trim();
    if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(key)) continue;
    let raw = line.slice(eq + 1).trimStart();
    let value: string;
    if (raw.startsWith("'")) {
      const end = raw.indexOf("'", 1);
      if (end === -1) {
        // multi-line single-quoted value
        let acc = raw.slice(1);
        while (++n < lines.length) {
          const l = lines[n]!;
          const e = l.indexOf("'");
          if (e !== -1) {
            acc += "\n" + l.slice(0, e);
            break;
          }
          acc += "\n" + l;
        }
        value = acc;
      } else value = raw.slice(1, end);
    } else if (raw.startsWith('"')) {
      let acc = "";
      let j = 1;
      let closed = false;
      for (;;) {
        for (; j < raw.length; j++) {
          const ch = raw[j]!;
          if (ch === "\\" && j + 1 < raw.length) {
            const e = raw[++j]!;
            acc += e === "n" ? "\n" : e === "t" ? "\t" : e === "r" ? "\r" : e === '"' || e === "\\" || e === "$" ? (e === "$" ? "$$" : e) : "\\" + e;
            continue;
          }
          if (ch === '"') {
            closed = true;
            break;
          }
          acc += ch;
        }
        if (closed || ++n >= lines.length) break;
        acc += "\n";
        raw = lines[n]!;
        j = 0;
      }
      value = interpolate(acc, lookup).value;
    } else {
      const hash = raw.search(/\s#/);
      if (hash !== -1) raw = raw.slice(0, hash);
      value = interpolate(raw.trim(), lookup).value;
    }
    out.set(key, value);
  }
  return out;
}

/** The environment interpolation sees: the `.env` values, overridden by the process environment. */
export function projectEnv(dotEnv: ReadonlyMap<string, string> | null, processEnv: NodeJS.ProcessEnv = process.env): Map<string, string> {
  const out = new Map<string, string>(dotEnv ?? []);
  for (const [k, v] of Object.entries(processEnv)) if (v !== undefined) out.set(k, v);
  return out;
}
