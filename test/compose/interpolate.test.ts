import { describe, expect, it } from "vitest";
import { interpolate, parseDotEnv, projectEnv } from "../../src/compose/interpolate.js";

const env = new Map([
  ["A", "a"],
  ["EMPTY", ""],
  ["B", "b"],
]);

describe("interpolate", () => {
  it.each([
    ["$A", "a"],
    ["${A}", "a"],
    ["x${A}y$B", "xay" + "b"],
    ["${MISSING:-dflt}", "dflt"],
    ["${EMPTY:-dflt}", "dflt"],
    ["${EMPTY-dflt}", ""],
    ["${MISSING-dflt}", "dflt"],
    ["${A:-dflt}", "a"],
    ["${A:+alt}", "alt"],
    ["${MISSING:+alt}", ""],
    ["${MISSING:-${B}}", "b"],
    ["${MISSING:-${NOPE:-deep}}", "deep"],
    ["$$A", "$A"],
    ["$${A}", "${A}"],
    ["cost: 5$", "cost: 5$"],
    ["${A?err}", "a"],
  ])("%s → %s", (text, want) => {
    const r = interpolate(text, env);
    expect(r.value).toBe(want);
    expect(r.errors).toEqual([]);
  });

  it("lists unset variables without a default as unresolved", () => {
    const r = interpolate("${USE_INIT}-$OTHER", env);
    expect(r.value).toBe("-");
    expect(r.unresolved).toEqual(["USE_INIT", "OTHER"]);
    expect(interpolate("${USE_INIT:-true}", env).unresolved).toEqual([]);
  });

  it("reports required variables, never throws", () => {
    expect(interpolate("${MISSING?set it}", env).errors).toEqual(["required variable MISSING is missing a value: set it"]);
    expect(interpolate("${EMPTY:?}", env).errors).toHaveLength(1);
    expect(interpolate("${EMPTY?}", env).errors).toEqual([]);
    expect(interpolate("${unterminated", env).errors).toHaveLength(1);
    expect(interpolate("${}", env).errors).toHaveLength(1);
  });
});

describe(".env", () => {
  it("parses Compose's .env forms", () => {
    const text = [
      "# comment",
      "PLAIN=value # trailing comment",
      "export EXPORTED=yes",
      "SINGLE='$PLAIN literal'",
      'DOUBLE="a\\nb ${PLAIN}"',
      "REF=${PLAIN}-x",
      "EMPTY=",
      "SPACED = v ",
    ].join("\n");
    const m = parseDotEnv(text);
    expect(m.get("PLAIN")).toBe("value");
    expect(m.get("EXPORTED")).toBe("yes");
    expect(m.get("SINGLE")).toBe("$PLAIN literal");
    expect(m.get("DOUBLE")).toBe("a\nb value");
    expect(m.get("REF")).toBe("value-x");
    expect(m.get("EMPTY")).toBe("");
    expect(m.get("SPACED")).toBe("v");
  });

  it("lets the process environment win over .env", () => {
    const e = projectEnv(new Map([["TAG", "from-dotenv"], ["ONLY", "dot"]]), { TAG: "from-env" });
    expect(e.get("TAG")).toBe("from-env");
    expect(e.get("ONLY")).toBe("dot");
  });
});
