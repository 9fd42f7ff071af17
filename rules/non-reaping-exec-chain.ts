import { defineRule } from "../src/engine/rule.js";
import { chainText } from "../src/model/chain.js";

export default defineRule({
  meta: {
    id: "non-reaping-exec-chain",
    summary: "An entrypoint chain starts processes that get orphaned, then execs a non-reaping program into PID 1",
    defaultSeverity: "warning",
    fixable: "none",
    messages: {
      chain: "this exec makes {program} PID 1 after the chain started processes that outlive their parent ({risks}); {program} does not reap them, so they stay as zombies. Chain: {chain}. Add `init: true` to the service{services} or run the chain under tini",
    },
    sources: [
      { title: "Wakapi #713: busybox timeout in wait-for-it leaves a zombie per start", url: "https://github.com/muety/wakapi/issues/713" },
      { title: "kutt #643", url: "https://github.com/thedevs-network/kutt/issues/643" },
      { title: "netdata #6033", url: "https://github.com/netdata/netdata/issues/6033" },
    ],
  },
  docs: {
    what: "Follows ENTRYPOINT/CMD through entrypoint scripts and each `exec` to the program that ends as PID 1, and flags the `exec` line when, on the way, the chain started processes that outlive their parent (background jobs `cmd &`, busybox `timeout` on Alpine, which forks a watchdog, wait-for-it style helpers) and the final program does not reap orphans, with no init in the chain and no `init: true` on the services that run it.",
    why: "An orphan is re-parented to PID 1. Once the script has exec'd the application, the application is PID 1, and an application that waits only for its own children never collects the orphan's exit status: one `<defunct>` zombie per start (`[timeout] <defunct>` in Wakapi's case).",
    bad: "#!/bin/sh\ntimeout 30 sh -c 'until nc -z db 5432; do sleep 1; done' &\nwait $!\nexec \"$@\"   # the Go binary becomes PID 1 and never reaps the timeout watchdog",
    good: "services:\n  api:\n    build: .\n    init: true   # Docker's tini is PID 1 and reaps",
    fixSafety: "No fix of its own: `missing-init` adds `init: true` to the service.",
  },
  check(ctx) {
    const byExec = new Map<string, { span: NonNullable<import("../src/model/types.js").Pid1Chain["finalExec"]>; chain: import("../src/model/types.js").Pid1Chain; services: string[] }>();
    for (const c of ctx.model.containers) {
      const ch = c.chain;
      if (!ch.finalExec || ch.verdict !== "non-reaper" || ch.orphanRisks.length === 0 || ch.initInChain) continue;
      if (c.init.state === "true" || c.oneShot) continue;
      if (c.pid && /^(host|service:|container:)/.test(c.pid.value)) continue;
      const key = `${ch.finalExec.file}:${ch.finalExec.start}`;
      const e = byExec.get(key) ?? { span: ch.finalExec, chain: ch, services: [] };
      if (c.kind === "service") e.services.push(c.name);
      byExec.set(key, e);
    }
    for (const { span, chain, services } of byExec.values()) {
      const risks = [...new Set(chain.orphanRisks.map((r) => `${r.text} at ${ctx.file(r.at.file)?.rel.split("/").pop() ?? "?"}:${ctx.line(r.at)}`))].slice(0, 3).join("; ");
      ctx.report({
        messageId: "chain",
        data: { chain: chainText(chain), program: chain.program ?? "the program", risks, services: services.length ? ` (${services.map((s) => `\`${s}\``).join(", ")})` : "" },
        at: span,
      });
    }
  },
});
