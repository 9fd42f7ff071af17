import { defineRule } from "../src/engine/rule.js";

export default defineRule({
  meta: {
    id: "io-error",
    summary: "A file that should be linted cannot be read",
    defaultSeverity: "error",
    fixable: "none",
    messages: { problem: "{message}" },
    sources: [],
  },
  docs: {
    what: "Reports files that cannot be read (permission denied, a directory where a file was expected, a path outside the linted tree that a build context points at). The run goes on with the other files.",
    why: "Silence about a file that was not read would look like a clean result.",
  },
  check(ctx) {
    for (const p of ctx.model.problems) {
      if (p.rule === "io-error") ctx.report({ messageId: "problem", data: { message: p.message }, at: p.span });
    }
  },
});
