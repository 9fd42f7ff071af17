// The schema interpreter must agree with ajv (the reference implementation) on the compose spec.
import fs from "node:fs";
import path from "node:path";
import { Ajv } from "ajv";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import schemaJson from "../../src/generated/compose-schema.json" with { type: "json" };
import { SchemaValidator } from "../../src/compose/json-schema.js";
import { pickErrors } from "../../src/compose/schema.js";

const schema = schemaJson as Record<string, unknown>;
const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
const reference = ajv.compile(schema);
const ours = new SchemaValidator(schema);

function compare(data: unknown): void {
  const okRef = reference(data) as boolean;
  const errs = ours.validate(data);
  expect(errs.length === 0, JSON.stringify(data)?.slice(0, 300)).toBe(okRef);
  if (!okRef) {
    const key = (e: { instancePath: string; keyword: string; params: Record<string, unknown> }) => `${e.instancePath} ${e.keyword} ${JSON.stringify(e.params.additionalProperty ?? e.params.missingProperty ?? "")}`;
    expect(pickErrors(errs).map(key).sort()).toEqual(pickErrors(reference.errors ?? []).map(key).sort());
  }
}

function composeFiles(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory() && !e.isSymbolicLink() && e.name !== "bad-input") composeFiles(p, out);
    else if (e.isFile() && /^(docker-)?compose[\w.-]*\.ya?ml$/.test(e.name)) out.push(p);
  }
  return out;
}

describe("compose schema interpreter", () => {
  it("agrees with ajv on every compose file of the fixtures", () => {
    let n = 0;
    for (const f of composeFiles(path.resolve(import.meta.dirname, "../../fixtures"))) {
      let data: unknown;
      try {
        data = parse(fs.readFileSync(f, "utf8"), { merge: true, logLevel: "error" });
      } catch {
        continue;
      }
      if (data === null || typeof data !== "object") continue;
      compare(data);
      n++;
    }
    expect(n).toBeGreaterThan(50);
  });

  it("agrees with ajv on generated services", () => {
    const scalar = fc.oneof(fc.string({ maxLength: 8 }), fc.integer({ min: -3, max: 70000 }), fc.boolean(), fc.constant(null));
    const value = fc.oneof(scalar, fc.array(scalar, { maxLength: 3 }), fc.dictionary(fc.constantFrom("a", "b", "condition", "context", "test"), scalar, { maxKeys: 2 }));
    const key = fc.constantFrom("image", "build", "init", "command", "entrypoint", "restart", "pid", "ports", "environment", "depends_on", "healthcheck", "intit", "x-extra", "volumes", "labels", "deploy", "profiles", "user");
    const service = fc.dictionary(key, value, { maxKeys: 5 });
    const doc = fc.record({ services: fc.dictionary(fc.constantFrom("web", "db", "a b", "x"), service, { maxKeys: 3 }) }, { requiredKeys: [] });
    fc.assert(fc.property(doc, (d) => compare(d)), { numRuns: 400, seed: 20261127 });
  });
});
