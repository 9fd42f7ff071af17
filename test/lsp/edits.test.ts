// The language server's own edits, from src: the suppression comment of "disable for this line" (only where
// a comment line changes nothing else), and the line edits that carry the fixer's result.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { disableEdit, textEdits } from "../../src/lsp/edits.js";
import { applyLspEdits } from "./client.js";

async function disabled(text: string, kind: Parameters<typeof disableEdit>[1], name: string, line: number, rule = "missing-init"): Promise<string | null> {
  const e = await disableEdit(text, kind, name, line, rule);
  return e ? applyLspEdits(text, [e]) : null;
}

describe("disable for this line", () => {
  it("puts the comment above the line with its indentation and the file's line ending", async () => {
    const yaml = "services:\r\n  web:\r\n    image: node:22\r\n";
    expect(await disabled(yaml, "compose", "compose.yaml", 2)).toBe("services:\r\n  # compose-lint disable-next-line missing-init\r\n  web:\r\n    image: node:22\r\n");
    const df = 'FROM node:22\nCMD node server.js\n';
    expect(await disabled(df, "dockerfile", "Dockerfile", 2, "shell-form-command")).toBe('FROM node:22\n# compose-lint disable-next-line shell-form-command\nCMD node server.js\n');
    const sh = "#!/bin/sh\nif true; then\n\tnode server.js\nfi\n";
    expect(await disabled(sh, "script", "start.sh", 3, "entrypoint-without-exec")).toBe("#!/bin/sh\nif true; then\n\t# compose-lint disable-next-line entrypoint-without-exec\n\tnode server.js\nfi\n");
    // a statement inside a redirected group or a pipeline after `|`: a comment line may go there
    expect(await disabled("#!/bin/sh\n{\n  node a &\n} > log\n", "script", "start.sh", 3, "x")).toBe("#!/bin/sh\n{\n  # compose-lint disable-next-line x\n  node a &\n} > log\n");
  });

  it("adds the rule to a disable-next-line comment already above the line, keeping its reason", async () => {
    const yaml = "services:\n  # compose-lint disable-next-line init-conflict -- tini is in the image\n  web:\n    image: x\n";
    expect(await disabled(yaml, "compose", "compose.yaml", 3)).toBe("services:\n  # compose-lint disable-next-line init-conflict, missing-init -- tini is in the image\n  web:\n    image: x\n");
    // already disabled there: nothing to offer
    expect(await disabled("services:\n  # compose-lint disable-next-line missing-init\n  web:\n    image: x\n", "compose", "compose.yaml", 3)).toBeNull();
  });

  it("offers nothing where a comment line would change the file: block scalars, continuations, strings, heredocs, JSON", async () => {
    const block = "services:\n  web:\n    image: alpine\n    command:\n      - sh\n      - -c\n      - |\n        echo start\n        node server.js\n";
    expect(await disabled(block, "compose", "compose.yaml", 9, "entrypoint-without-exec")).toBeNull();
    // a line of the same file outside the scalar still can
    expect(await disabled(block, "compose", "compose.yaml", 2)).not.toBeNull();
    expect(await disabled("FROM alpine\nCMD echo a && \\\n  node server.js\n", "dockerfile", "Dockerfile", 3)).toBeNull();
    expect(await disabled("FROM alpine\nRUN <<EOF\nnode x\nEOF\nCMD [\"node\"]\n", "dockerfile", "Dockerfile", 3)).toBeNull();
    expect(await disabled("#!/bin/sh\necho a && \\\n  node server.js\n", "script", "start.sh", 3)).toBeNull();
    expect(await disabled("#!/bin/sh\ncat <<EOF\nnode server.js\nEOF\n", "script", "start.sh", 3)).toBeNull();
    expect(await disabled("#!/bin/sh\nsh -c 'echo a\nnode server.js'\n", "script", "start.sh", 3)).toBeNull();
    expect(await disabled('{\n  "image": "node"\n}\n', "devcontainer", "devcontainer.json", 2)).toBeNull();
  });
});

describe("text edits of the fixer's result", () => {
  const lines = fc.array(fc.oneof(fc.constantFrom("a", "b", "  c: 1", "", "exec x", "FROM y"), fc.string({ maxLength: 6 })), { maxLength: 12 });
  const eol = fc.constantFrom("\n", "\r\n", "\r");
  const text = fc.tuple(lines, eol, fc.boolean()).map(([ls, e, last]) => ls.join(e) + (last && ls.length ? e : ""));

  it("applied to the text before, give the text after byte for byte", () => {
    fc.assert(
      fc.property(text, text, (before, after) => {
        expect(applyLspEdits(before, textEdits(before, after))).toBe(after);
      }),
      { numRuns: 400 },
    );
  });

  it("touch only the lines that changed", () => {
    const before = "services:\n  web:\n    image: node\n    restart: always\n";
    const after = "services:\n  web:\n    image: node\n    init: true\n    restart: always\n";
    expect(textEdits(before, after)).toEqual([{ range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } }, newText: "    init: true\n" }]);
  });
});
