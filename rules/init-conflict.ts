import { defineRule } from "../src/engine/rule.js";
import { removePair, serviceTarget } from "../src/fix/yaml-edits.js";
import type { Container } from "../src/model/types.js";
import type { Fix } from "../src/types.js";

export default defineRule({
  meta: {
    id: "init-conflict",
    summary: "`init: true` where it breaks the container, is ignored, or duplicates an init already in the image",
    defaultSeverity: "error",
    fixable: "sometimes",
    messages: {
      s6: "service `{name}` runs s6-overlay ({program}), which refuses to start unless it is PID 1 (\"s6-overlay-suexec: fatal: can only run as pid 1\"): remove `init: true`",
      pid: "service `{name}` has `pid: {pid}`: Docker ignores `init: true` without a private PID namespace; remove it",
      redundant: "service `{name}` already runs an init ({init}) in its entrypoint: `init: true` adds a second one",
      noLinux: "service `{name}` has no Linux PID 1 ({why}): Docker's init cannot run there; remove `init: true`",
    },
    sources: [
      { title: "s6-overlay: must be PID 1", url: "https://github.com/just-containers/s6-overlay#the-docker-way" },
      { title: "Compose specification: init", url: "https://docs.docker.com/reference/compose-file/services/#init" },
      { title: "Docker: Wasm workloads", url: "https://docs.docker.com/desktop/features/wasm/" },
    ],
  },
  docs: {
    what: "Flags `init: true` on s6-overlay images (linuxserver.io, hotio, Home Assistant, images whose ENTRYPOINT is `/init`) and on services with no Linux PID 1 (`platform: wasi/wasm`, a wasm `runtime`, `platform: windows/…`) as an error, `init: true` together with `pid: host` or `pid: \"service:…\"` as a warning (Docker ignores it), and `init: true` on a service whose ENTRYPOINT already starts tini or dumb-init as info.",
    why: "s6-overlay's `/init` must be PID 1 and exits with \"can only run as pid 1\" under Docker's init. A WebAssembly module or a Windows container has no Linux PID 1, so Docker's Linux init cannot run in front of it. Without a private PID namespace there is no PID 1 to give to an init. Two inits work but the inner one warns and adds nothing.",
    bad: "services:\n  radarr:\n    image: lscr.io/linuxserver/radarr\n    init: true",
    good: "services:\n  radarr:\n    image: lscr.io/linuxserver/radarr",
    fixSafety: "Removing the `init` entry is safe for s6 images, services with no Linux PID 1 and `pid: host`; the redundant case has no fix.",
  },
  check(ctx) {
    for (const c of ctx.model.nonLinux) {
      if (c.kind !== "service" || c.init.state !== "true" || !c.noLinuxPid1) continue;
      ctx.report({ messageId: "noLinux", data: { name: c.name, why: c.noLinuxPid1.why }, at: c.init.keySpan, ...removeInit(c) });
    }
    for (const c of ctx.model.containers) {
      if (c.kind !== "service" || c.init.state !== "true") continue;
      const at = c.init.keySpan;
      if (c.chain.verdict === "s6" || (c.chain.initInChain && /(^|\/)init$|s6/.test(c.chain.initInChain.value))) {
        ctx.report({ messageId: "s6", data: { name: c.name, program: c.chain.program ?? c.chain.initInChain?.value ?? "/init" }, at, ...removeInit(c) });
      } else if (c.pid && /^(host|service:|container:)/.test(c.pid.value)) {
        ctx.report({ messageId: "pid", data: { name: c.name, pid: c.pid.value }, at, severity: "warning", ...removeInit(c) });
      } else if (c.chain.initInChain) {
        ctx.report({ messageId: "redundant", data: { name: c.name, init: c.chain.initInChain.value }, at, severity: "info" });
      }
    }
  },
});

function removeInit(c: Container): { fix?: Fix | null; noFixReason?: string } {
  if (!c.compose || !c.compose.node) return { noFixReason: "no service mapping" };
  const found = c.compose.initPair;
  if (!found || found.merged) return { noFixReason: "`init` comes from a merged anchor shared with other services" };
  const target = serviceTarget(c.compose.file, c.compose.keySpan);
  if ("reason" in target) return { noFixReason: target.reason };
  if (target.sharedWith.length || target.aliasedElsewhere) {
    return { noFixReason: `other services (${target.sharedWith.map((n) => `\`${n}\``).join(", ") || "an alias"}) merge this service's mapping: removing \`init\` would change them too` };
  }
  const edit = removePair(c.compose.file.source, target.map, found.pair);
  if ("reason" in edit) return { noFixReason: edit.reason };
  return { fix: { title: "remove `init: true`", safety: "safe", edits: [edit] } };
}
