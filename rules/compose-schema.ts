import { defineRule } from "../src/engine/rule.js";

export default defineRule({
  meta: {
    id: "compose-schema",
    summary: "A compose file that does not follow the Compose specification: unknown keys, wrong types, missing required keys",
    defaultSeverity: "error",
    fixable: "none",
    messages: { problem: "{message}" },
    sources: [
      { title: "Compose specification (JSON schema)", url: "https://github.com/compose-spec/compose-spec/blob/main/schema/compose-spec.json" },
      { title: "Compose file reference: services", url: "https://docs.docker.com/reference/compose-file/services/" },
      { title: "Compose file reference: interpolation", url: "https://docs.docker.com/reference/compose-file/interpolation/" },
    ],
  },
  docs: {
    what: "Checks every compose file (base, override, included and extended files) against the compose-spec JSON schema after variable interpolation, with the project's `.env` and the environment. An unknown key is reported at the key with the nearest valid key at that place (`unknown key \`intit\` in service \`web\`; did you mean \`init\`?`), a wrong type at the value (`\`init\` in service \`web\` must be a boolean`), also when the value comes from a variable (`init: ${USE_INIT:-maybe}`), and `${VAR?message}` for an unset variable.",
    why: "A misspelt key such as `intit: true` is not ignored: Docker Compose rejects the whole file, and until it is fixed nothing of it runs. The other rules read the keys they know: a typo would otherwise look like a service without `init`.",
    bad: "services:\n  web:\n    image: node:22\n    intit: true",
    good: "services:\n  web:\n    image: node:22\n    init: true",
  },
  check(ctx) {
    for (const p of ctx.model.composeSchema) ctx.report({ messageId: "problem", data: { message: p.message }, at: p.span });
  },
});
