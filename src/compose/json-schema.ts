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
  private plans = new Map<object, Plan>();

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

  /** The keywords of a schema object, read once (the same schema objects are checked for every service). */
  private plan(s: { [k: string]: unknown }): Plan {
    let p = this.plans.get(s);
    if (p) return p;
    const types = s.type === undefined ? null : Array.isArray(s.type) ? (s.type as string[]) : [s.type as string];
    // as ajv: when the items have scalar types, only items of those types are compared for uniqueItems
    const it = s.items as { type?: unknown } | undefined;
    const itemTypes = it && typeof it === "object" && it.type !== undefined ? (Array.isArray(it.type) ? (it.type as string[]) : [it.type as string]) : null;
    const patterns = (s.patternProperties ?? {}) as Record<string, Schema>;
    p = {
      ref: typeof s.$ref === "string" ? s.$ref : null,
      types,
      typeText: types ? types.join(",") : "",
      enumValues: Array.isArray(s.enum) ? (s.enum as Json[]) : null,
      hasConst: "const" in s,
      minimum: typeof s.minimum === "number" ? s.minimum : null,
      maximum: typeof s.maximum === "number" ? s.maximum : null,
      pattern: typeof s.pattern === "string" ? s.pattern : null,
      minLength: typeof s.minLength === "number" ? s.minLength : null,
      minItems: typeof s.minItems === "number" ? s.minItems : null,
      maxItems: typeof s.maxItems === "number" ? s.maxItems : null,
      items: s.items !== undefined && !Array.isArray(s.items) ? (s.items as Schema) : undefined,
      uniqueItems: s.uniqueItems === true,
      uniqueTypes: itemTypes && itemTypes.every((t) => ["string", "number", "integer", "boolean", "null"].includes(t)) ? itemTypes : null,
      required: Array.isArray(s.required) ? (s.required as string[]) : null,
      props: (s.properties ?? {}) as Record<string, Schema>,
      patterns: Object.entries(patterns).map(([source, schema]) => ({ source, re: this.regex(source), schema })),
      additional: s.additionalProperties as Schema | undefined,
      allOf: Array.isArray(s.allOf) ? (s.allOf as Schema[]) : null,
      oneOf: Array.isArray(s.oneOf) ? (s.oneOf as Schema[]) : null,
      anyOf: Array.isArray(s.anyOf) ? (s.anyOf as Schema[]) : null,
      not: s.not as Schema | undefined,
    };
    this.plans.set(s, p);
    return p;
  }

  /** Returns whether data is valid; appends errors. */
  private check(schema: Schema, data: Json, path: string, spath: string, errors: SchemaError[], depth: number): boolean {
    if (schema === true) return true;
    if (schema === false) {
      errors.push({ instancePath: path, schemaPath: spath, keyword: "false schema", params: {}, message: "boolean schema is false" });
      return false;
    }
    if (depth > 200) return true;
    const s = this.plan(schema);
    const before = errors.length;
    if (s.ref !== null) this.check(this.ref(s.ref), data, path, s.ref, errors, depth + 1);
    if (s.types !== null && !s.types.some((t) => isType(data, t))) {
      errors.push({ instancePath: path, schemaPath: `${spath}/type`, keyword: "type", params: { type: s.typeText }, message: `must be ${s.typeText}` });
      return false;
    }
    if (s.enumValues !== null && !s.enumValues.some((v) => deepEqual(v, data))) {
      errors.push({ instancePath: path, schemaPath: `${spath}/enum`, keyword: "enum", params: { allowedValues: s.enumValues }, message: "must be equal to one of the allowed values" });
    }
    if (s.hasConst && !deepEqual(schema.const as Json, data)) {
      errors.push({ instancePath: path, schemaPath: `${spath}/const`, keyword: "const", params: { allowedValue: schema.const }, message: "must be equal to constant" });
    }
    if (typeof data === "number") {
      if (s.minimum !== null && data < s.minimum) errors.push({ instancePath: path, schemaPath: `${spath}/minimum`, keyword: "minimum", params: { comparison: ">=", limit: s.minimum }, message: `must be >= ${s.minimum}` });
      if (s.maximum !== null && data > s.maximum) errors.push({ instancePath: path, schemaPath: `${spath}/maximum`, keyword: "maximum", params: { comparison: "<=", limit: s.maximum }, message: `must be <= ${s.maximum}` });
    } else if (typeof data === "string") {
      if (s.pattern !== null && !this.regex(s.pattern).test(data)) errors.push({ instancePath: path, schemaPath: `${spath}/pattern`, keyword: "pattern", params: { pattern: s.pattern }, message: `must match pattern "${s.pattern}"` });
      if (s.minLength !== null && codePointsBelow(data, s.minLength)) errors.push({ instancePath: path, schemaPath: `${spath}/minLength`, keyword: "minLength", params: { limit: s.minLength }, message: `must NOT have fewer than ${s.minLength} characters` });
    } else if (Array.isArray(data)) this.checkArray(s, data, path, spath, errors, depth);
    else if (data !== null && typeof data === "object") this.checkObject(s, data, path, spath, errors, depth);
    if (s.allOf !== null) for (let i = 0; i < s.allOf.length; i++) this.check(s.allOf[i]!, data, path, `${spath}/allOf/${i}`, errors, depth + 1);
    if (s.oneOf !== null) this.checkBranches("oneOf", s.oneOf, data, path, spath, errors, depth);
    if (s.anyOf !== null) this.checkBranches("anyOf", s.anyOf, data, path, spath, errors, depth);
    if (s.not !== undefined) {
      const scratch: SchemaError[] = [];
      if (this.check(s.not, data, path, `${spath}/not`, scratch, depth + 1)) {
        errors.push({ instancePath: path, schemaPath: `${spath}/not`, keyword: "not", params: {}, message: "must NOT be valid" });
      }
    }
    return errors.length === before;
  }

  private checkArray(s: Plan, data: Json[], path: string, spath: string, errors: SchemaError[], depth: number): void {
    if (s.minItems !== null && data.length < s.minItems) errors.push({ instancePath: path, schemaPath: `${spath}/minItems`, keyword: "minItems", params: { limit: s.minItems }, message: `must NOT have fewer than ${s.minItems} items` });
    if (s.maxItems !== null && data.length > s.maxItems) errors.push({ instancePath: path, schemaPath: `${spath}/maxItems`, keyword: "maxItems", params: { limit: s.maxItems }, message: `must NOT have more than ${s.maxItems} items` });
    if (s.items !== undefined) {
      for (let i = 0; i < data.length; i++) this.check(s.items, data[i]!, `${path}/${i}`, `${spath}/items`, errors, depth + 1);
    }
    if (!s.uniqueItems) return;
    const types = s.uniqueTypes;
    const counts = (x: Json): boolean => !types || types.some((t) => isType(x, t));
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

  private checkObject(s: Plan, data: { [k: string]: Json }, path: string, spath: string, errors: SchemaError[], depth: number): void {
    if (s.required !== null) {
      for (const r of s.required) {
        if (!(r in data)) errors.push({ instancePath: path, schemaPath: `${spath}/required`, keyword: "required", params: { missingProperty: r }, message: `must have required property '${r}'` });
      }
    }
    const props = s.props;
    for (const k of Object.keys(data)) {
      const v = data[k]!;
      const child = `${path}/${k.includes("~") || k.includes("/") ? k.replace(/~/g, "~0").replace(/\//g, "~1") : k}`;
      let matched = false;
      if (Object.prototype.hasOwnProperty.call(props, k)) {
        matched = true;
        this.check(props[k]!, v, child, `${spath}/properties/${k}`, errors, depth + 1);
      }
      for (const p of s.patterns) {
        if (p.re.test(k)) {
          matched = true;
          this.check(p.schema, v, child, `${spath}/patternProperties/${p.source}`, errors, depth + 1);
        }
      }
      if (!matched && s.additional !== undefined && s.additional !== true) {
        if (s.additional === false) {
          errors.push({ instancePath: path, schemaPath: `${spath}/additionalProperties`, keyword: "additionalProperties", params: { additionalProperty: k }, message: "must NOT have additional properties" });
        } else {
          this.check(s.additional, v, child, `${spath}/additionalProperties`, errors, depth + 1);
        }
      }
    }
  }

  private checkBranches(kw: "oneOf" | "anyOf", branches: Schema[], data: Json, path: string, spath: string, errors: SchemaError[], depth: number): void {
    const branchErrors: SchemaError[] = [];
    let passing = 0;
    for (let i = 0; i < branches.length; i++) if (this.check(branches[i]!, data, path, `${spath}/${kw}/${i}`, branchErrors, depth + 1)) passing++;
    const ok = kw === "oneOf" ? passing === 1 : passing >= 1;
    if (!ok) {
      errors.push(...branchErrors);
      errors.push({ instancePath: path, schemaPath: `${spath}/${kw}`, keyword: kw, params: kw === "oneOf" ? { passingSchemas: passing > 1 ? passing : null } : {}, message: kw === "oneOf" ? "must match exactly one schema in oneOf" : "must match a schema in anyOf" });
    }
  }
}

interface Plan {
  ref: string | null;
  types: string[] | null;
  typeText: string;
  enumValues: Json[] | null;
  hasConst: boolean;
  minimum: number | null;
  maximum: number | null;
  pattern: string | null;
  minLength: number | null;
  minItems: number | null;
  maxItems: number | null;
  /** a schema for every item (not the tuple form) */
  items: Schema | undefined;
  uniqueItems: boolean;
  /** the item types uniqueItems compares (scalar item types), null: all items */
  uniqueTypes: string[] | null;
  required: string[] | null;
  props: Record<string, Schema>;
  patterns: { source: string; re: RegExp; schema: Schema }[];
  additional: Schema | undefined;
  allOf: Schema[] | null;
  oneOf: Schema[] | null;
  anyOf: Schema[] | null;
  not: Schema | undefined;
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
