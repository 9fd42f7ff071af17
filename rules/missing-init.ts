import { defineRule, type RuleContext } from "../src/engine/rule.js";
import { insertMapEntry, serviceTarget } from "../src/fix/yaml-edits.js";
import { tiniFix } from "../src/fix/dockerfile-edits.js";
import type { Container } from "../src/model/types.js";
import type { Fix, Severity } from "../src/types.js";

export default defineRule({
  meta: {
    id: "missing-init",
    summary: "A long-running container whose PID 1 does not reap orphaned processes runs without an init",
    defaultSeverity: "warning",
    fixable: "sometimes",
    messages: {
      service: "service `{name}` runs {how} as PID 1 with no init: it does not reap orphaned processes{assumed}, so zombies pile up{term}. Add `init: true`",
      unknown: "service `{name}`: PID 1 is unknown ({why}); if it does not reap orphaned processes, add `init: true`",
      image: "this image runs {how} as PID 1 with no init in the image: it does not reap orphaned processes{assumed}{runners}. Run it with `--init` (compose `init: true`) or add tini",
      imageRunnersInit: "this image runs {how} as PID 1 with no init in the image; every runner here adds one ({runners}), but `docker run` of the image alone has none",
      imageUnknown: "this image's PID 1 is unknown ({why}); run it with `--init` if it does not reap orphaned processes",
      run: "`docker run` of {image} runs {how} as PID 1 with no `--init`: it does not reap orphaned processes{assumed}. Add `--init`",
      devcontainer: "the dev container runs {how} as PID 1 with no init: it does not reap orphaned processes. Add `\"init\": true`",
      workflow: "{name} runs {how} as PID 1 with no init: processes that steps or health checks leave behind become zombies. Add `options: --init`",
      initUnknown: "service `{name}`: `init` is {init}, which is unknown here; PID 1 is {how}, which does not reap orphaned processes, so the service needs `init: true`",
      otherUnknown: "{name}: PID 1 is unknown ({why}); add an init unless the image runs one",
      runUnknown: "`docker run` of {image} with no `--init`: PID 1 is unknown ({why}); add `--init` unless the image runs an init",
    },
    sources: [
      { title: "Docker: docker run --init", url: "https://docs.docker.com/reference/cli/docker/container/run/#init" },
      { title: "Compose specification: init", url: "https://docs.docker.com/reference/compose-file/services/#init" },
      { title: "Wakapi #713: a zombie per start under a Go PID 1", url: "https://github.com/muety/wakapi/issues/713" },
      { title: "tini: why tini", url: "https://github.com/krallin/tini#why-tini" },
    ],
  },
  docs: {
    what: "Flags a long-running container (a compose service, a `docker run -d` or `--restart` call) whose PID 1, after following ENTRYPOINT/CMD, entrypoint scripts and their `exec` chain, is a program that does not reap orphaned children, when nothing adds an init. Every runnable Dockerfile stage (the final stage, a stage with its own ENTRYPOINT/CMD, a stage a service targets) is also judged on its own, as `docker run image` would run it: a warning on its ENTRYPOINT/CMD line, or `info` naming the runners when every container of the project that runs it sets `init`.",
    why: "The kernel re-parents every orphaned process in the container to PID 1. A PID 1 that never waits for unknown children (node, python, java, Go and Rust binaries…) leaves each of them as a `<defunct>` zombie holding a PID until the PID limit is hit, and a PID 1 without signal handlers ignores the SIGTERM of `docker stop`. `init: true` makes Docker run its bundled tini as PID 1, which reaps and forwards signals. Not reported when PID 1 reaps (nginx, postgres, httpd, gunicorn…), when an init is already in the chain (tini, dumb-init, catatonit, s6 `/init`), for one-shot services (another service waits on them with `condition: service_completed_successfully`, or `docker run --rm`), or when `init: false` is written explicitly. A PID 1 that cannot be resolved is reported as `info` with the reason.",
    bad: "services:\n  api:\n    build: .          # Dockerfile: CMD [\"node\", \"server.js\"]\n    restart: unless-stopped",
    good: "services:\n  api:\n    build: .\n    init: true\n    restart: unless-stopped",
    fixSafety: "Inserting `init: true` (or `--init`) is safe when PID 1 was resolved as a non-reaper, and unsafe when PID 1 is unknown. For an image built from a Dockerfile that no linted service runs, an unsafe fix installs tini with the base image's package manager (apk, apt-get, dnf, microdnf, yum) and puts it in front of ENTRYPOINT (or adds `ENTRYPOINT [\"/sbin/tini\", \"--\"]` before CMD); none for scratch, distroless or busybox bases, or where the SHELL is not a POSIX shell. The install runs as root: right after FROM when the build is root there (official distribution and language images, or a root USER of an earlier stage), else right after the stage's own `USER root`/`USER 0`, else wrapped in `USER root` … `USER <previous>` when the previous user is written in the Dockerfile; when the base image's user is unknown and nothing switches to root, the fix's title says so (the build fails if that image does not build as root).",
  },
  check(ctx) {
    for (const c of ctx.model.containers) {
      if (c.kind === "image" && c.init.state === "true" && !c.oneShot && !c.chain.initInChain && c.chain.verdict === "non-reaper") {
        const runners = (c.runners ?? []).filter((r) => !r.oneShot);
        ctx.report({ messageId: "imageRunnersInit", data: { how: c.chain.how, runners: runnerNames(runnerLabels(ctx, runners)) }, at: c.at, severity: "info" });
        continue;
      }
      if (c.init.state === "unknown" && !c.oneShot && !c.chain.initInChain && (c.chain.verdict === "non-reaper" || c.chain.verdict === "unknown")) {
        ctx.report({ messageId: "initUnknown", data: { name: c.name, init: c.init.text, how: c.chain.how }, at: c.at, severity: "info" });
        continue;
      }
      if (!needsInit(c)) continue;
      const unknown = c.chain.verdict === "unknown";
      const severity: Severity | undefined = unknown ? "info" : undefined;
      const how = c.chain.how;
      const term = c.chain.knowledge?.ignoresSigterm ? " and SIGTERM is ignored" : "";
      const assumed = c.chain.knowledge?.assumed ? ` (assumed: how ${c.chain.program ?? "the program"} treats children nobody started was not checked; an application waits only for its own)` : "";
      if (c.kind === "service") {
        ctx.report({
          messageId: unknown ? "unknown" : "service",
          data: { name: c.name, how, why: c.chain.unknownWhy ?? "", term, assumed },
          at: c.at,
          severity,
          ...composeFix(c, unknown, ctx.model.containers),
        });
      } else if (c.kind === "docker-run") {
        const fileText = ctx.file(c.at.file)?.text ?? "";
        const line = fileText.slice(c.at.start, c.at.end);
        const m = /\b(?:docker|podman)\s+(?:container\s+)?run\b/.exec(line);
        const fix: Fix | null = m
          ? { title: "add --init", safety: unknown ? "unsafe" : "safe", edits: [{ file: c.at.file, start: c.at.start + m.index + m[0].length, end: c.at.start + m.index + m[0].length, newText: " --init" }] }
          : null;
        ctx.report({ messageId: unknown ? "runUnknown" : "run", data: { image: c.image?.value ?? "the image", how, why: c.chain.unknownWhy ?? "", assumed }, at: c.at, severity, fix });
      } else if (c.kind === "devcontainer" || c.kind === "workflow") {
        const fix = initTargetFix(c, unknown ? "unsafe" : "safe");
        const isService = c.workflowRole === "service";
        ctx.report({
          messageId: unknown ? "otherUnknown" : c.kind === "devcontainer" ? "devcontainer" : "workflow",
          data: { name: c.name, how, why: c.chain.unknownWhy ?? "" },
          at: c.at,
          severity: unknown || isService ? "info" : severity,
          fix,
          ...(fix ? {} : { noFixReason: "write the container as a mapping to add `options: --init`" }),
        });
      } else if (c.kind === "image") {
        const without = runnerLabels(ctx, (c.runners ?? []).filter((r) => !r.oneShot && r.init.state === "unset"));
        const runnerText = without.length === 0 ? "; nothing in the linted files runs it with an init" : `; ${runnerNames(without)} run${without.length === 1 ? "s" : ""} it without one`;
        ctx.report({
          messageId: unknown ? "imageUnknown" : "image",
          data: { how, why: c.chain.unknownWhy ?? "", runners: runnerText, assumed },
          at: c.at,
          severity: unknown ? "info" : undefined,
          ...imageFix(ctx.model, c, unknown),
        });
      }
    }
  },
});

/** `service \`api\` (compose.yaml:4)`, `docker run at Makefile:12`, … */
/** Each runner once: a service that several projects load (its file with an override, with an overlay) is one runner. */
function runnerLabels(ctx: RuleContext, runners: Container[]): string[] {
  const labels = runners.map((r) => {
    const f = ctx.file(r.at.file);
    const where = f ? `${f.rel}:${ctx.line(r.at)}` : "";
    return r.kind === "service" ? `service \`${r.name}\` (${where})` : `${r.kind} at ${where}`;
  });
  return [...new Set(labels)];
}

function runnerNames(labels: string[]): string {
  return labels.length > 3 ? `${labels.slice(0, 3).join(", ")} and ${labels.length - 3} more` : labels.join(", ");
}

/** The fix for an init target the model recorded (devcontainer.json, workflow container options). */
function initTargetFix(c: Container, safety: Fix["safety"]): Fix | null {
  const t = c.initTarget;
  if (!t) return null;
  if (t.kind === "insert") return { title: t.title, safety, edits: [{ file: t.file, start: t.offset, end: t.offset, newText: t.text }] };
  const e = insertMapEntry(t.file, t.map, t.key, t.value);
  return "reason" in e ? null : { title: t.title, safety, edits: [e] };
}

export function needsInit(c: Container): boolean {
  if (c.oneShot) return false;
  if (c.init.state !== "unset") return false;
  if (c.pid && /^(host|service:|container:)/.test(c.pid.value)) return false;
  if (c.chain.initInChain) return false;
  const v = c.chain.verdict;
  return v === "non-reaper" || v === "unknown";
}

function composeFix(c: Container, unknown: boolean, all: Container[]): { fix?: Fix | null; noFixReason?: string } {
  if (!c.compose || !c.compose.node) return { noFixReason: "the service has no mapping of its own to add `init: true` to" };
  const target = serviceTarget(c.compose.file, c.compose.keySpan);
  if ("reason" in target) return { noFixReason: target.reason };
  if (target.aliasedElsewhere) return { noFixReason: "the service's mapping is an anchor used elsewhere in the file: `init: true` there would change more than this service" };
  // a service that merges another service's mapping, which gets `init: true` anyway: the same edit fixes both
  for (const name of target.merges) {
    const other = all.find((o) => o.kind === "service" && o.compose?.file === c.compose!.file && o.name === name);
    if (!other || !needsInit(other)) continue;
    const shared = composeFix(other, other.chain.verdict === "unknown", all);
    if (shared.fix && (shared.fix.safety === "safe" || unknown)) return shared;
  }
  // adding the key to a mapping other services merge or alias changes them too: only when each of them gets `init: true` anyway
  let shared = unknown;
  for (const name of target.sharedWith) {
    const other = all.find((o) => o.kind === "service" && o.compose?.file === c.compose!.file && o.name === name);
    if (!other) return { noFixReason: `service \`${name}\` merges this service's mapping: \`init: true\` here would change it too` };
    if (other.init.state !== "unset") {
      // its own or an earlier merged `init` wins only when it is its own key
      if (other.compose?.initPair && !other.compose.initPair.merged) continue;
      return { noFixReason: `service \`${name}\` merges this service's mapping: \`init: true\` here would change it too` };
    }
    if (!needsInit(other)) return { noFixReason: `service \`${name}\` merges this service's mapping and needs no init: \`init: true\` here would change it too` };
    if (other.chain.verdict === "unknown") shared = true;
  }
  const edit = insertMapEntry(c.compose.file.source, target.map, "init", "true");
  if ("reason" in edit) return { noFixReason: edit.reason };
  const also = target.sharedWith.length ? ` (and \`${target.sharedWith.join("`, `")}\`, which merge it)` : "";
  return { fix: { title: `add \`init: true\` to service \`${c.name}\`${also}`, safety: shared ? "unsafe" : "safe", edits: [edit] } };
}

function imageFix(model: RuleContext["model"], c: Container, unknown: boolean): { fix?: Fix | null; noFixReason?: string } {
  if (unknown) return { noFixReason: "PID 1 is unknown: run the image with --init / init: true if it does not reap" };
  // its runners get `init: true` / `--init`; an init in the image as well would be a second one
  if (c.runners?.length) return { noFixReason: "the containers that run this image get the init" };
  const df = model.dockerfiles.find((d) => d.source.path === c.dockerfile?.file);
  const stage = c.stage ?? df?.stages[df.stages.length - 1];
  if (!df || !stage) return { noFixReason: "the Dockerfile's final stage was not found" };
  const r = tiniFix(df, stage, model.kb);
  if ("reason" in r) return { noFixReason: r.reason };
  return { fix: { title: r.title, safety: "unsafe", edits: r.edits } };
}
