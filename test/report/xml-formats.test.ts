import { describe, expect, it } from "vitest";
import { formatCheckstyle } from "../../src/report/checkstyle.js";
import { formatJunit } from "../../src/report/junit.js";
import { xmlSanitize } from "../../src/report/util.js";
import { context, diag, NASTY, sample } from "./helpers.js";
import { findAll, parseXml } from "./xml.js";

const CONTROL = "nul\u0000 vt\u000b ff\u000c esc\u001b fffe\ufffe lone\ud800 pair🐳";

describe("xml helpers", () => {
  it("drops what XML 1.0 forbids, visibly", () => {
    expect(xmlSanitize(CONTROL)).toBe("nul\\u0000 vt\\u000B ff\\u000C esc\\u001B fffe\uFFFD lone\uFFFD pair🐳");
    expect(xmlSanitize("tab\there\r\nok")).toBe("tab\there\r\nok");
  });

  it("the test parser rejects broken XML", () => {
    expect(() => parseXml('<a b="<"/>')).toThrow();
    expect(() => parseXml("<a>&nbsp;</a>")).toThrow();
    expect(() => parseXml("<a><b></a></b>")).toThrow();
    expect(() => parseXml('<a b="x\ny"/>')).toThrow();
    expect(() => parseXml("<a>\u0001</a>")).toThrow();
    expect(parseXml('<a b="&lt;&amp;&#10;"/>').attrs.b).toBe("<&\n");
  });
});

describe("checkstyle", () => {
  it("is well-formed and round-trips every message", () => {
    const diagnostics = [...sample(), diag({ line: 20, message: CONTROL })];
    const out = formatCheckstyle(diagnostics, context());
    expect(out.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<checkstyle version="4.3">\n')).toBe(true);
    const root = parseXml(out);
    expect(root.name).toBe("checkstyle");
    expect(root.attrs.version).toBe("4.3");
    const errors = findAll(root, "error");
    expect(errors).toHaveLength(7);
    expect(errors.map((e) => e.attrs.message).sort()).toEqual([...NASTY, xmlSanitize(CONTROL)].map(xmlSanitize).sort());
    const crlf = errors.find((e) => e.attrs.message!.startsWith("line one"))!;
    expect(crlf.attrs).toEqual({
      line: "7",
      column: "1",
      severity: "warning",
      message: "line one\r\nline two\nline three",
      source: "compose-lint.shell-form",
    });
    expect(out).toContain('message="line one&#13;&#10;line two&#10;line three"');
    expect(out).toContain('message="uses &lt;exec&gt; &amp; &quot;quotes&quot; &apos;single&apos;"');
  });

  it("lists every file, clean ones empty, sorted, with findings in position order", () => {
    const root = parseXml(formatCheckstyle(sample(), context()));
    const files = findAll(root, "file");
    expect(files.map((f) => f.attrs.name)).toEqual(["Dockerfile", "clean/compose.yml", "compose.yaml", "dir with space/compose.yaml"]);
    expect(files[1]!.children).toHaveLength(0);
    expect(files[0]!.children.map((e) => e.attrs.line)).toEqual(["2", "7"]);
    expect(files[3]!.children[0]!.attrs.severity).toBe("info");
  });

  it("writes an empty report when nothing was linted", () => {
    expect(formatCheckstyle([], context({ files: [] }))).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<checkstyle version="4.3">\n</checkstyle>\n',
    );
  });
});

describe("junit", () => {
  it("is well-formed with one testsuite and consistent counts", () => {
    const diagnostics = [...sample(), diag({ line: 20, message: CONTROL })];
    const root = parseXml(formatJunit(diagnostics, context()));
    expect(root.name).toBe("testsuites");
    const suites = findAll(root, "testsuite");
    expect(suites).toHaveLength(1);
    const cases = findAll(root, "testcase");
    // 7 findings + 1 clean file
    expect(cases).toHaveLength(8);
    const failures = findAll(root, "failure");
    expect(failures).toHaveLength(6); // the info finding passes
    for (const el of [root, suites[0]!]) {
      expect(el.attrs.tests).toBe("8");
      expect(el.attrs.failures).toBe("6");
      expect(el.attrs.errors).toBe("0");
    }
    expect(failures.map((f) => f.attrs.message).sort()).toEqual(
      [NASTY[0], NASTY[1], NASTY[2], NASTY[4], NASTY[5], CONTROL].map(xmlSanitize).sort(),
    );
    const crlf = failures.find((f) => f.attrs.message!.startsWith("line one"))!;
    expect(crlf.attrs.type).toBe("shell-form");
    expect(crlf.text).toBe(
      "warning: line one\r\nline two\nline three\nat Dockerfile:7:1\n" +
        "rule: shell-form (https://github.com/example/compose-lint/blob/main/docs/rules/shell-form.md)",
    );
  });

  it("has a passing testcase per clean file and shows info findings as output", () => {
    const root = parseXml(formatJunit(sample(), context()));
    const cases = findAll(root, "testcase");
    const clean = cases.find((c) => c.attrs.classname === "clean/compose.yml")!;
    expect(clean.children).toHaveLength(0);
    const info = cases.find((c) => c.attrs.classname === "dir with space/compose.yaml")!;
    expect(info.attrs.name).toBe("pid-unknown at dir with space/compose.yaml:1:1");
    expect(info.children.map((c) => c.name)).toEqual(["system-out"]);
    expect(info.children[0]!.text).toContain(NASTY[3]);
    // testcases of one file are contiguous and in position order
    expect(cases.filter((c) => c.attrs.classname === "Dockerfile").map((c) => c.attrs.line)).toEqual(["2", "7"]);
  });

  it("passes when there are no findings", () => {
    const root = parseXml(formatJunit([], context()));
    expect(root.attrs.tests).toBe("3");
    expect(root.attrs.failures).toBe("0");
    expect(findAll(root, "failure")).toHaveLength(0);
  });
});
