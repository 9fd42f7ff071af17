// Checks each compose file against the compose-spec JSON schema (src/generated/compose-schema.json,
// interpreted by src/compose/json-schema.ts: nothing to compile at start-up). Values are
// checked after interpolation; every problem points at the offending key or value, and an unknown key
// gets the nearest allowed key at that place of the schema as a suggestion.
import { isMap, isPair, isScalar, isSeq, type Node } from "yaml";
import schemaJson from "../generated/compose-schema.json" with { type: "json" };
import { SchemaValidator, type SchemaError as ValidationError } from "./json-schema.js";

const schema = schemaJson as Record<string, unknown>;
const validator = new SchemaValidator(schema);
import { effectiveKeys, getPair, isMergeKey, nodeSpan, resolveNode, scalarString } from "../parse/compose.js";
import type { Span } from "../types.js";
import type { Interpolated } from "./interpolate.js";
import { RESET_TAG, scalarText, type ComposeContext } from "./view.js";

export interface SchemaProblem {
  file: string;
  span: Span;
  message: string;
}

interface Where {
  key: Node | null;
  value: Node | null;
  interp?: Interpolated & { raw: string };
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const BOOLEAN_WORDS = /^(true|false|yes|no|on|off|y|n)$/i;

export function validateCompose(contexts: ComposeContext[]): SchemaProblem[] {
  const out: SchemaProblem[] = [];
  const seen = new Set<string>();
  for (const ctx of contexts) {
    for (const p of validateFile(ctx)) {
      const k = `${p.span.file}\0${p.span.start}\0${p.message}`;
      if (seen.has(k)) continue;
      seen.add(k);
      out.push(p);
    }
  }
  return out;
}

export function validateFile(ctx: ComposeContext): SchemaProblem[] {
  const { doc, source } = ctx.file;
  const top = resolveNode(doc, doc.contents as Node | null);
  if (!isMap(top)) return [];
  const problems: SchemaProblem[] = [];
  // `${VAR?error}`: Compose refuses the file (reported after the boolean values, in document order)
  const interpErrors: SchemaProblem[] = [];
  const toData = (node: Node | null, depth: number): Json => {
    const n = resolveNode(doc, node);
    if (depth > 64 || n === null) return null;
    if (isMap(n)) {
      const obj: { [k: string]: Json } = {};
      if (!n.items.some((item) => isPair(item) && isMergeKey(item.key))) {
        // no merge key (most mappings): the pairs in order, the first of a key winning, as effectiveKeys and
        // getPair give them, without their lookups
        let skipped: Set<string> | null = null;
        for (const item of n.items) {
          if (!isPair(item)) continue;
          const k = scalarString(item.key);
          if (k === null || Object.hasOwn(obj, k) || skipped?.has(k)) continue;
          const raw = item.value as Node | null;
          const reset = (raw as { tag?: string } | null)?.tag === RESET_TAG;
          // `__proto__` is never an own key: kept apart, so that a second one is skipped as effectiveKeys skips it
          if (reset || k === "__proto__") (skipped ??= new Set()).add(k);
          if (reset) continue;
          obj[k] = toData(raw, depth + 1);
        }
        return obj;
      }
      for (const k of effectiveKeys(doc, n)) {
        const raw = getPair(doc, n, k)!.pair.value as Node | null;
        if ((raw as { tag?: string } | null)?.tag === RESET_TAG) continue;
        obj[k] = toData(raw, depth + 1);
      }
      return obj;
    }
    if (isSeq(n)) return n.items.map((it) => toData(resolveNode(doc, it as Node), depth + 1));
    if (isScalar(n)) {
      const v = n.value;
      if (typeof v === "string") {
        const t = scalarText(n, ctx.env)!;
        if (t.substituted && t.errors.length) interpErrors.push({ file: source.path, span: nodeSpan(source, n), message: `interpolation: ${t.errors[0]} (in \`${v}\`)` });
        return t.value;
      }
      if (typeof v === "number" || typeof v === "boolean") return v;
      if (v === null || v === undefined) return null;
      if (typeof v === "bigint") return Number(v);
      return String(v);
    }
    return null;
  };
  const data = toData(top, 0);
  const where = whereOf(ctx, top);

  // Compose casts interpolated strings where the schema allows `boolean` (the string alternative is there
  // for interpolation): a value that is not a boolean after interpolation is refused.
  const serviceProps = propsAt("#/definitions/service") ?? {};
  const services = (data as { services?: Json }).services;
  if (services && typeof services === "object" && !Array.isArray(services)) {
    for (const [name, svc] of Object.entries(services)) {
      if (!svc || typeof svc !== "object" || Array.isArray(svc)) continue;
      for (const [key, val] of Object.entries(svc)) {
        if (typeof val !== "string") continue;
        const types = (serviceProps[key] as { type?: unknown } | undefined)?.type;
        if (!Array.isArray(types) || !types.includes("boolean")) continue;
        const ptr = `/services/${escapePtr(name)}/${escapePtr(key)}`;
        const w = where(ptr);
        if (w?.interp && w.interp.unresolved.length) continue; // unknown here
        if (BOOLEAN_WORDS.test(val.trim())) continue;
        problems.push({ file: source.path, span: nodeSpan(source, w?.value ?? w?.key), message: `\`${key}\` in service \`${name}\` must be a boolean, got \`${val}\`${interpNote(w)}` });
      }
    }
  }
  problems.push(...interpErrors);

  const errors = validator.validate(data);
  if (errors.length === 0) return problems;
  for (const e of pickErrors(errors)) {
    const p = describe(e, where, data);
    problems.push({ file: source.path, span: nodeSpan(source, p.node), message: p.message });
  }
  return problems;
}

/**
 * The key and value nodes at a JSON pointer of the data validateFile checks (undefined where it has none), and
 * the interpolation of a string value: found by walking the document along the pointer when a problem asks,
 * rather than recorded for every node.
 */
function whereOf(ctx: ComposeContext, top: Node): (ptr: string) => Where | undefined {
  const doc = ctx.file.doc;
  const found = new Map<string, Where | undefined>();
  return (ptr) => {
    if (found.has(ptr)) return found.get(ptr);
    const segs = splitPtr(ptr);
    let w: Where | undefined = { key: null, value: top };
    // validateFile reads 64 levels deep
    if (segs.length > 65) w = undefined;
    for (let i = 0; i < segs.length && w; i++) {
      const n: Node | null = w.value;
      const seg = segs[i]!;
      if (isMap(n)) {
        const pair = getPair(doc, n, seg)?.pair;
        const raw = (pair?.value ?? null) as Node | null;
        w = !pair || (raw as { tag?: string } | null)?.tag === RESET_TAG ? undefined : { key: pair.key as Node, value: resolveNode(doc, raw) };
      } else if (isSeq(n) && /^(0|[1-9]\d*)$/.test(seg) && Number(seg) < n.items.length) {
        w = { key: null, value: resolveNode(doc, n.items[Number(seg)] as Node) };
      } else w = undefined;
    }
    const v = w?.value;
    if (w && segs.length <= 64 && isScalar(v) && typeof v.value === "string") {
      const t = scalarText(v, ctx.env)!;
      if (t.substituted) w.interp = { ...t, raw: v.value };
    }
    found.set(ptr, w);
    return w;
  };
}

function interpNote(w: Where | undefined): string {
  if (!w?.interp) return "";
  return ` (\`${w.interp.raw}\` after interpolation)`;
}

function escapePtr(k: string): string {
  return k.replace(/~/g, "~0").replace(/\//g, "~1");
}

function splitPtr(p: string): string[] {
  if (!p) return [];
  return p.slice(1).split("/").map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
}

/** Keeps the errors that explain the failure: the deepest ones, not the `oneOf` branches that did not apply. */
export function pickErrors(errors: ValidationError[]): ValidationError[] {
  const specific = (e: ValidationError): boolean => e.keyword !== "oneOf" && e.keyword !== "anyOf" && e.keyword !== "type" && e.keyword !== "if";
  let kept = errors.filter((e) => e.keyword !== "oneOf" && e.keyword !== "anyOf" && e.keyword !== "if");
  // a branch error deeper than (or beside) a type error of another branch explains it better
  kept = kept.filter((e) => {
    if (e.keyword !== "type") return true;
    const below = (o: ValidationError): boolean => o.instancePath.startsWith(e.instancePath + "/");
    return !kept.some((o) => o !== e && ((specific(o) && (o.instancePath === e.instancePath || below(o))) || (o.keyword === "type" && below(o))));
  });
  // an error inside an array item whose oneOf branch did not apply, next to a deeper one: keep the deepest
  // type errors at one place from several branches are merged into one
  const byPlace = new Map<string, ValidationError>();
  const out: ValidationError[] = [];
  for (const e of kept) {
    if (e.keyword === "type") {
      const prev = byPlace.get(e.instancePath);
      if (prev) {
        const types = new Set([...String(prev.params.type).split(","), ...String(e.params.type).split(",")]);
        prev.params = { ...prev.params, type: [...types].join(",") };
        continue;
      }
      const copy = { ...e, params: { ...e.params } };
      byPlace.set(e.instancePath, copy);
      out.push(copy);
    } else out.push(e);
  }
  // when nothing specific is left (e.g. only a oneOf failed), report the oneOf itself
  if (out.length === 0 && errors.length) return [errors[errors.length - 1]!];
  return out;
}

function placeName(segs: string[]): string {
  if (segs.length === 0) return "at the top level";
  if (segs[0] === "services" && segs.length === 2) return `in service \`${segs[1]}\``;
  if (segs[0] === "services" && segs.length > 2) return `in \`${segs.slice(2).join(".")}\` of service \`${segs[1]}\``;
  return `in \`${segs.join(".")}\``;
}

function subject(segs: string[]): string {
  if (segs.length === 0) return "the file";
  const last = segs[segs.length - 1]!;
  const parent = segs.slice(0, -1);
  const name = /^\d+$/.test(last) ? `${parent[parent.length - 1] ?? ""}[${last}]` : last;
  const where = /^\d+$/.test(last) ? placeName(parent.slice(0, -1)) : placeName(parent);
  return `\`${name}\` ${where}`;
}

const TYPE_NAMES: Record<string, string> = { boolean: "a boolean", string: "a string", integer: "an integer", number: "a number", array: "a list", object: "a mapping", null: "null" };

function typeText(types: string[]): string {
  // a string alternative beside boolean/number is there for interpolation: name the real type
  let t = types.filter((x, i) => types.indexOf(x) === i);
  if (t.length > 1 && t.includes("string") && t.some((x) => x === "boolean" || x === "integer" || x === "number")) t = t.filter((x) => x !== "string");
  if (t.length > 1 && t.includes("null")) t = t.filter((x) => x !== "null");
  if (t.includes("integer") && t.includes("number")) t = t.filter((x) => x !== "integer");
  const names = t.map((x) => TYPE_NAMES[x] ?? x);
  return names.length <= 1 ? (names[0] ?? "") : `${names.slice(0, -1).join(", ")} or ${names[names.length - 1]}`;
}

function describe(e: ValidationError, where: (ptr: string) => Where | undefined, _data: Json): { node: Node | null; message: string } {
  const segs = splitPtr(e.instancePath);
  const w = where(e.instancePath);
  switch (e.keyword) {
    case "additionalProperties": {
      const key = String(e.params.additionalProperty);
      const kw = where(`${e.instancePath}/${escapePtr(key)}`);
      const allowed = allowedKeysAt(segs);
      const near = nearest(key, allowed);
      const hint = near ? `; did you mean \`${near}\`?` : "";
      if (segs.length === 1 && segs[0] === "services") {
        return { node: kw?.key ?? null, message: `invalid service name \`${key}\`: only letters, digits, \`.\`, \`_\` and \`-\` are allowed` };
      }
      return { node: kw?.key ?? w?.key ?? null, message: `unknown key \`${key}\` ${placeName(segs)}${hint}` };
    }
    case "type": {
      const types = String(e.params.type).split(",");
      return { node: w?.value ?? w?.key ?? null, message: `${subject(segs)} must be ${typeText(types)}${interpNote(w)}` };
    }
    case "enum": {
      const vals = (e.params.allowedValues as unknown[] | undefined) ?? [];
      return { node: w?.value ?? null, message: `${subject(segs)} must be one of ${vals.map((v) => `\`${String(v)}\``).join(", ")}${interpNote(w)}` };
    }
    case "required": {
      const missing = String(e.params.missingProperty);
      return { node: w?.key ?? w?.value ?? null, message: `${segs.length ? `\`${segs[segs.length - 1]}\` ${placeName(segs.slice(0, -1))}` : "the file"} is missing the required key \`${missing}\`` };
    }
    case "pattern":
      return { node: w?.value ?? null, message: `${subject(segs)} does not match the pattern \`${String(e.params.pattern)}\`${interpNote(w)}` };
    case "uniqueItems":
      return { node: w?.value ?? null, message: `${subject(segs)} has duplicate items (${String(e.params.j)} and ${String(e.params.i)})` };
    case "oneOf":
    case "anyOf":
      return { node: w?.value ?? null, message: `${subject(segs)} has an invalid form` };
    default:
      return { node: w?.value ?? w?.key ?? null, message: `${subject(segs)} ${e.message ?? `fails ${e.keyword}`}${interpNote(w)}` };
  }
}

/** Keys the schema allows in the mapping at an instance path (union over `oneOf`/`anyOf` branches). */
export function allowedKeysAt(segs: string[]): string[] {
  let nodes: unknown[] = [schema];
  const expand = (list: unknown[]): Record<string, unknown>[] => {
    const out: Record<string, unknown>[] = [];
    const visit = (n: unknown, depth: number): void => {
      if (!n || typeof n !== "object" || depth > 8) return;
      const o = n as Record<string, unknown>;
      if (typeof o.$ref === "string") return visit(resolveRef(o.$ref), depth + 1);
      out.push(o);
      for (const k of ["oneOf", "anyOf", "allOf"]) if (Array.isArray(o[k])) for (const b of o[k] as unknown[]) visit(b, depth + 1);
    };
    for (const n of list) visit(n, 0);
    return out;
  };
  for (const seg of segs) {
    const next: unknown[] = [];
    for (const o of expand(nodes)) {
      const props = o.properties as Record<string, unknown> | undefined;
      if (props && seg in props) next.push(props[seg]);
      else if (o.patternProperties && typeof o.patternProperties === "object") {
        for (const [re, sub] of Object.entries(o.patternProperties as Record<string, unknown>)) if (new RegExp(re, "u").test(seg)) next.push(sub);
      }
      if (/^\d+$/.test(seg) && o.items) next.push(o.items);
    }
    nodes = next;
  }
  const keys = new Set<string>();
  for (const o of expand(nodes)) for (const k of Object.keys((o.properties as Record<string, unknown> | undefined) ?? {})) keys.add(k);
  return [...keys];
}

/** `properties` of the schema object at a JSON-schema path like `#/definitions/service`, following a final `$ref`. */
export function propsAt(schemaPath: string): Record<string, unknown> | null {
  let cur: unknown = schema;
  for (const seg of splitPtr(schemaPath.replace(/^#/, ""))) {
    if (!cur || typeof cur !== "object") return null;
    cur = (cur as Record<string, unknown>)[seg];
  }
  for (let i = 0; i < 8 && cur && typeof cur === "object" && typeof (cur as { $ref?: unknown }).$ref === "string"; i++) {
    cur = resolveRef((cur as { $ref: string }).$ref);
  }
  const props = (cur as { properties?: Record<string, unknown> } | null)?.properties;
  return props ?? null;
}

function resolveRef(ref: string): unknown {
  let cur: unknown = schema;
  for (const seg of splitPtr(ref.replace(/^#/, ""))) {
    if (!cur || typeof cur !== "object") return null;
    cur = (cur as Record<string, unknown>)[seg];
  }
  return cur;
}

/** The allowed key closest to a misspelt one, when it is close enough to be a typo. */
export function nearest(key: string, allowed: string[]): string | null {
  let best: string | null = null;
  let bestD = Infinity;
  const lower = key.toLowerCase();
  for (const a of allowed) {
    const d = levenshtein(lower, a.toLowerCase());
    if (d < bestD) {
      best = a;
      bestD = d;
    }
  }
  if (best === null) return null;
  const limit = Math.max(1, Math.min(3, Math.floor(key.length / 3)));
  return bestD <= limit ? best : null;
}

export function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j]!;
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + cost);
      diag = tmp;
    }
  }
  return prev[b.length]!;
}
