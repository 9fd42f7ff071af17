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
    what: "Reports files that cannot be read (permission denied, a directory where a file was expected, a file too large to read). A Dockerfile that a compose build points at outside the linted paths is not read on purpose and is reported as info; a file of the linted tree that resolves outside it (a symbolic link) is an error. The run goes on with the other files.",
    why: "Silence about a file that was not read would look like a clean result.",
  },
  check(ctx) {
    for (const p of ctx.model.problems) {
      if (p.rule !== "io-error") continue;
      // a file left out on purpose (outside the paths given, e.g. `compose-lint compose.yaml` and its
      // Dockerfile) is not a failure to read: say so at info
      const outside = p.leftOut === true;
      ctx.report({ messageId: "problem", data: { message: outside ? `${p.message} (lint the directory to include it)` : p.message }, at: p.span, severity: outside ? "info" : undefined });
    }
  },
});
