import { defineRule } from "../src/engine/rule.js";

export default defineRule({
  meta: {
    id: "parse-error",
    summary: "A compose file, Dockerfile or script that cannot be parsed",
    defaultSeverity: "error",
    fixable: "none",
    messages: { problem: "{message}" },
    sources: [{ title: "YAML 1.2", url: "https://yaml.org/spec/1.2.2/" }],
  },
  docs: {
    what: "Reports syntax errors in compose YAML, Dockerfiles and the entrypoint scripts that are followed, with line and column. The other files are still linted; a script with errors still yields what can be found.",
    why: "A file that does not parse cannot be checked, and Docker will refuse it too.",
    bad: "services:\n  web:\n    image: nginx\n   ports: [80]   # bad indentation",
  },
  check(ctx) {
    for (const p of ctx.model.problems) {
      if (p.rule === "parse-error") ctx.report({ messageId: "problem", data: { message: p.message }, at: p.span });
    }
  },
});
