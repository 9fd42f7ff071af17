// A small JSON Schema (draft-07 subset) validator for the compose specification, reporting errors in the
// shape ajv does (instancePath, keyword, params, message). The compose schema uses only: type, $ref,
// properties, patternProperties, additionalProperties, required, items, oneOf, anyOf, allOf, enum, const,
// uniqueItems, minimum, maximum, minItems, maxItems, minLength, pattern, not. Interpreting the schema costs
// nothing to load, where generated validator code was a quarter of a megabyte to compile at every start.

export interface SchemaError {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

type Schema = boolean | { [k: string]: unknown };
type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export class SchemaValidator {
  private patterns = new Map<string, RegExp>();
  private refs = new Map<string, Schema>();

  constructor(private root: Record<string, unknown>) {}

  validate(data: unknown): SchemaError[] {
    const errors: SchemaError[] = [];
    this.check(this.root, data as Json, "", "#", errors, 0);
    return errors;
  }

  private regex(p: string): RegExp {
    let re = this.patterns.get(p);
    if (!re) {
      re = new RegExp(p, "u");
      this.patterns.set(p, re);
    }
    return re;
  }

  /** The schema a `$ref` names, looked up once per reference. */
  private ref(ref: string): Schema {
    let hit = this.refs.get(ref);
    if (hit === undefined) this.refs.set(ref, (hit = this.resolveRef(ref)));
    return hit;
  }

  private resolveRef(ref: string): Schema {
    if (!ref.startsWith("#")) return true;
    let node: unknown = this.root;
    for (const seg of ref.slice(1).split("/").filter(Boolean)) {
      node = (node as Record<string, unknown> | undefined)?.[seg.replace(/~1/g, "/").replace(/~0/g, "~")];
    }
    return (node as Schema | undefined) ?? true;
  }

  /** Returns whether data is valid; appends errors. */
  private check(schema: Schema, data: Json, path: string, spath: string, errors: SchemaError[], depth: number): boolean {
    if (schema === true) return true;
    if (schema === false) {
      errors.push({ instancePath: path, schemaPath: spath, keyword: "false schema", params: {}, message: "boolean schema is false" });
      return false;
    }
    if (depth > 200) return true;
    const s = schema;
    const before = errors.length;
    if (typeof s.$ref === "string") this.check(this.ref(s.$ref), data, path, s.$ref, errors, depth + 1);
    if (s.type !== undefined) {
      const types = Array.isArray(s.type) ? (s.type as string[]) : [s.type as string];
      if (!types.some((t) => isType(data, t))) {
        errors.push({ instancePath: path, schemaPath: `${spath}/type`, keyword: "type", params: { type: types.join(",") }, message: `must be ${types.join(",")}` });
        return false;
      }
    }
    if (Array.isArray(s.enum) && !s.enum.some((v) => deepEqual(v as Json, data))) {
      errors.push({ instancePath: path, schemaPath: `${spath}/enum`, keyword: "enum", params: { allowedValues: s.enum }, message: "must be equal to one of the allowed values" });
    }
    if ("const" in s && !deepEqual(s.const as Json, data)) {
      errors.push({ instancePath: path, schemaPath: `${spath}/const`, keyword: "const", params: { allowedValue: s.const }, message: "must be equal to constant" });
    }
    if (typeof data === "number") {
      if (typeof s.minimum === "number" && data < s.minimum) errors.push({ instancePath: path, schemaPath: `${spath}/minimum`, keyword: "minimum", params: { comparison: ">=", limit: s.minimum }, message: `must be >= ${s.minimum}` });
      if (typeof s.maximum === "number" && data > s.maximum) errors.push({ instancePath: path, schemaPath: `${spath}/maximum`, keyword: "maximum", params: { comparison: "<=", limit: s.maximum }, message: `must be <= ${s.maximum}` });
    }
    if (typeof data === "string") {
      if (typeof s.pattern === "string" && !this.regex(s.pattern).test(data)) errors.push({ instancePath: path, schemaPath: `${spath}/pattern`, keyword: "pattern", params: { pattern: s.pattern }, message: `must match pattern "${s.pattern}"` });
      if (typeof s.minLength === "number" && codePointsBelow(data, s.minLength)) errors.push({ instancePath: path, schemaPath: `${spath}/minLength`, keyword: "minLength", params: { limit: s.minLength }, message: `must NOT have fewer than ${s.minLength} characters` });
    }
    if (Array.isArray(data)) {
      if (typeof s.minItems === "number" && data.length < s.minItems) errors.push({ instancePath: path, schemaPath: `${spath}/minItems`, keyword: "minItems", params: { limit: s.minItems }, message: `must NOT have fewer than ${s.minItems} items` });
      if (typeof s.maxItems === "number" && data.length > s.maxItems) errors.push({ instancePath: path, schemaPath: `${spath}/maxItems`, keyword: "maxItems", params: { limit: s.maxItems }, message: `must NOT have more than ${s.maxItems} items` });
      if (s.items !== undefined && !Array.isArray(s.items)) {
        data.forEach((item, i) => this.check(s.items as Schema, item, `${path}/${i}`, `${spath}/items`, errors, depth + 1));
      }
      if (s.uniqueItems === true) {
        // as ajv: when the items have scalar types, only items of those types are compared
        const it = s.items as { type?: unknown } | undefined;
        const itemTypes = it && typeof it === "object" && it.type !== undefined ? (Array.isArray(it.type) ? (it.type as string[]) : [it.type as string]) : null;
        const scalarTypes = itemTypes && itemTypes.every((t) => ["string", "number", "integer", "boolean", "null"].includes(t));
        const counts = (x: Json): boolean => !scalarTypes || itemTypes!.some((t) => isType(x, t));
        outer: for (let i = data.length - 1; i > 0; i--) {
          if (!counts(data[i]!)) continue;
          for (let j = i - 1; j >= 0; j--) {
            if (counts(data[j]!) && deepEqual(data[i]!, data[j]!)) {
              errors.push({ instancePath: path, schemaPath: `${spath}/uniqueItems`, keyword: "uniqueItems", params: { i: j, j: i }, message: `must NOT have duplicate items (items ## ${i} and ${j} are identical)` });
              break outer;
            }
          }
        }
      }
    }
    if (data !== null && typeof data === "object" && !Array.isArray(data)) {
      const props = (s.properties ?? {}) as Record<string, Schema>;
      if (Array.isArray(s.required)) {
        for (const r of s.required as string[]) {
          if (!(r in data)) errors.push({ instancePath: path, schemaPath: `${spath}/required`, keyword: "required", params: { missingProperty: r }, message: `must have required property '${r}'` });
        }
      }
      const patterns = (s.patternProperties ?? {}) as Record<string, Schema>;
      for (const [k, v] of Object.entries(data)) {
        const child = `${path}/${k.replace(/~/g, "~0").replace(/\//g, "~1")}`;
        let matched = false;
        if (Object.prototype.hasOwnProperty.call(props, k)) {
          matched = true;
          this.check(props[k]!, v, child, `${spath}/properties/${k}`, errors, depth + 1);
        }
        for (const [p, ps] of Object.entries(patterns)) {
          if (this.regex(p).test(k)) {
            matched = true;
            this.check(ps, v, child, `${spath}/patternProperties/${p}`, errors, depth + 1);
          }
        }
        if (!matched && s.additionalProperties !== undefined && s.additionalProperties !== true) {
          if (s.additionalProperties === false) {
            errors.push({ instancePath: path, schemaPath: `${spath}/additionalProperties`, keyword: "additionalProperties", params: { additionalProperty: k }, message: "must NOT have additional properties" });
          } else {
            this.check(s.additionalProperties as Schema, v, child, `${spath}/additionalProperties`, errors, depth + 1);
          }
        }
      }
    }
    if (Array.isArray(s.allOf)) (s.allOf as Schema[]).forEach((b, i) => this.check(b, data, path, `${spath}/allOf/${i}`, errors, depth + 1));
    for (const kw of ["oneOf", "anyOf"] as const) {
      const branches = s[kw];
      if (!Array.isArray(branches)) continue;
      const branchErrors: SchemaError[] = [];
      let passing = 0;
      (branches as Schema[]).forEach((b, i) => {
        if (this.check(b, data, path, `${spath}/${kw}/${i}`, branchErrors, depth + 1)) passing++;
      });
      const ok = kw === "oneOf" ? passing === 1 : passing >= 1;
      if (!ok) {
        errors.push(...branchErrors);
        errors.push({ instancePath: path, schemaPath: `${spath}/${kw}`, keyword: kw, params: kw === "oneOf" ? { passingSchemas: passing > 1 ? passing : null } : {}, message: kw === "oneOf" ? "must match exactly one schema in oneOf" : "must match a schema in anyOf" });
      }
    }
    if (s.not !== undefined) {
      const scratch: SchemaError[] = [];
      if (this.check(s.not as Schema, data, path, `${spath}/not`, scratch, depth + 1)) {
        errors.push({ instancePath: path, schemaPath: `${spath}/not`, keyword: "not", params: {}, message: "must NOT be valid" });
      }
    }
    return errors.length === before;
  }
}

/** Whether a string has fewer than `n` code points (each is one or two UTF-16 units): counted only when the length leaves it open. */
function codePointsBelow(s: string, n: number): boolean {
  if (s.length < n) return true;
  if (s.length >= 2 * n) return false;
  return [...s].length < n;
}

function isType(data: Json, t: string): boolean {
  switch (t) {
    case "null":
      return data === null;
    case "boolean":
      return typeof data === "boolean";
    case "integer":
      return typeof data === "number" && Number.isInteger(data);
    case "number":
      return typeof data === "number" && Number.isFinite(data);
    case "string":
      return typeof data === "string";
    case "array":
      return Array.isArray(data);
    case "object":
      return data !== null && typeof data === "object" && !Array.isArray(data);
    default:
      return true;
  }
}

export function deepEqual(a: Json, b: Json): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== "object") return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === (b as Json[]).length && a.every((x, i) => deepEqual(x, (b as Json[])[i]!));
  const ka = Object.keys(a);
  const kb = Object.keys(b as object);
  return ka.length === kb.length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual((a as Record<string, Json>)[k]!, (b as Record<string, Json>)[k]!));
}
