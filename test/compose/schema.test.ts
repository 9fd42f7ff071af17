import { describe, expect, it } from "vitest";
import { parseDocument } from "yaml";
import { levenshtein, nearest, validateFile } from "../../src/compose/schema.js";
import { makeSourceFile } from "../../src/source.js";
import { parseCompose } from "../../src/parse/compose.js";

function check(text: string, env: Record<string, string> = {}): string[] {
  const source = makeSourceFile("/w/compose.yaml", text, "compose", "/w");
  const { model } = parseCompose(source);
  const ps = validateFile({ file: model!, env: new Map(Object.entries(env)), baseDir: "/w" });
  return ps.map((p) => {
    const before = text.slice(0, p.span.start);
    const line = before.split("\n").length;
    const col = p.span.start - before.lastIndexOf("\n");
    return `${line}:${col} ${p.message}`;
  });
}

describe("compose-spec schema", () => {
  it("suggests the nearest key", () => {
    expect(nearest("intit", ["init", "image", "ipc"])).toBe("init");
    expect(nearest("completely-else", ["init"])).toBeNull();
    expect(levenshtein("kitten", "sitting")).toBe(3);
    expect(check("services:\n  web:\n    image: x\n    intit: true\n")).toEqual(["4:5 unknown key `intit` in service `web`; did you mean `init`?"]);
  });

  it("names the expected type at the value", () => {
    expect(check("services:\n  web:\n    image: x\n    init: 3\n")).toEqual(["4:11 `init` in service `web` must be a boolean"]);
    expect(check("services:\n  web:\n    image: x\n    command: {a: 1}\n")).toEqual(["4:14 `command` in service `web` must be a string or a list"]);
  });

  it("checks values after interpolation", () => {
    expect(check("services:\n  web:\n    image: x\n    init: ${I:-true}\n")).toEqual([]);
    expect(check("services:\n  web:\n    image: x\n    init: ${I}\n", { I: "perhaps" })).toEqual(["4:11 `init` in service `web` must be a boolean, got `perhaps` (`${I}` after interpolation)"]);
    expect(check("services:\n  web:\n    image: x\n    init: ${I}\n")).toEqual([]);
  });

  it("accepts anchors, merge keys, extensions and !reset/!override", () => {
    const text = "x-base: &b\n  restart: always\nservices:\n  web:\n    <<: *b\n    image: x\n    ports: !reset []\n    command: !override [a]\n";
    expect(parseDocument(text).errors).toEqual([]);
    expect(check(text)).toEqual([]);
  });
});
