// The images compose files of public repositories run most (docs/image-list.md): their entries are found by
// the names compose files use, tag variants change the answer where the image's Dockerfile does, and the
// counting script counts repositories (not occurrences) over names normalised the way the linter reads them.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { KnowledgeBase } from "../../src/knowledge/index.js";
import { POPULAR_IMAGES } from "../../src/knowledge/images/popular.js";

const kb = new KnowledgeBase();

describe("popular images", () => {
  it.each([
    ["docker.io/wger/server:latest", "reaper", "entrypoint.sh"],
    ["grafana/alloy:v1.9.0", "non-reaper", "alloy"],
    ["ghcr.io/techarohq/anubis:main", "non-reaper", "anubis"],
    ["journeyapps/powersync-service:1.12", "non-reaper", "node"],
    ["etherpad/etherpad:2.3.0", "non-reaper", "pnpm"],
    ["mcuadros/ofelia:latest", "init", "tini"],
    ["ghcr.io/letsencrypt/pebble:2.7.0", "non-reaper", "app"],
    ["vabene1111/recipes", "init", "tini"],
    ["listmonk/listmonk:v5", "non-reaper", "listmonk"],
    ["ghcr.io/linkwarden/linkwarden:latest", "non-reaper", "concurrently"],
    ["bytemark/smtp", "reaper", "exim"],
    ["wemakeservices/caddy-gen:latest", "non-reaper", "forego"],
    ["jitsi/rtcstats-server:latest", "non-reaper", "npm"],
    ["jitsi/excalidraw-backend:21", "non-reaper", "npm"],
    ["ghcr.io/hoarder-app/hoarder:release", "s6", "s6-svscan"],
    ["public.ecr.aws/zinclabs/openobserve:latest", "non-reaper", "openobserve"],
    ["ghcr.io/drakkan/sftpgo:v2", "non-reaper", "sftpgo"],
    ["requarks/wiki:2", "non-reaper", "node"],
    ["jvmilazz0/kavita:0.8", "reaper", "bash"],
    ["ghcr.io/immich-app/postgres:14-vectorchord0.4.3", "reaper", "postgres"],
    ["qmcgaw/gluetun:v3", "non-reaper", "gluetun-entrypoint"],
    ["alexxit/go2rtc", "init", "tini"],
  ])("%s: %s, %s", (ref, verdict, program) => {
    const e = kb.image(ref);
    expect(e?.verdict).toBe(verdict);
    expect(e?.program).toBe(program);
  });

  it("marks as assumed the programs whose own child handling was not read", () => {
    // exim was read at a commit (programs: exim), so bytemark/smtp no longer rests on an assumption
    expect(kb.image("bytemark/smtp")?.assumed).toBeUndefined();
    expect(kb.image("1dev/server:latest")?.assumed).toBe(true);
    expect(kb.image("grafana/alloy:latest")?.assumed).toBeUndefined();
  });

  it.each([
    ["freshrss/freshrss:1.26.3", undefined, "apache2", undefined],
    ["freshrss/freshrss:1.26.3-alpine", "alpine", "httpd", true],
    ["drakkan/sftpgo:v2.6-alpine", "alpine", "sftpgo", true],
    ["drakkan/sftpgo:v2.6-distroless", "distroless", "sftpgo", undefined],
    ["ghcr.io/sysadminsmedia/homebox:latest", undefined, "api", true],
    ["ghcr.io/sysadminsmedia/homebox:0.21-hardened", "hardened", "api", false],
    ["ghcr.io/pocket-id/pocket-id:v1-distroless", "distroless", "pocket-id", false],
    ["crowdsecurity/crowdsec:v1.6.8-debian", "debian", "crowdsec", false],
  ])("%s: variant %s runs %s, busybox %s", (ref, variant, program, busybox) => {
    const e = kb.image(ref);
    expect(e?.variant).toBe(variant);
    expect(e?.program).toBe(program);
    expect(e?.busybox).toBe(busybox);
  });

  it("knows the celery scripts the wger image ships, where bash stays PID 1 and waits", () => {
    for (const file of ["/start-worker", "/start-beat", "/start-flower"]) {
      const f = kb.imageFile("wger/server:latest", file);
      expect(f?.verdict).toBe("reaper");
      expect(f?.program).toBe(file.slice(1));
    }
    expect(kb.imageFile("wger/server:latest", "/start-celery")).toBeNull();
  });

  it("keeps the command's program in front only where the entrypoint prepends it", () => {
    expect(kb.image("requarks/wiki:2")?.prepend).toBe("flags");
    expect(kb.image("ankane/pgvector:v0.5.1")?.prepend).toBe("flags");
    // rustfs's entrypoint puts rustfs before anything but rustfs itself and cargo
    expect(kb.image("rustfs/rustfs:latest")?.prepend).toBe("always");
    // photoprism's entrypoint runs a command in the background and waits: the command never becomes PID 1
    expect(kb.image("photoprism/photoprism:latest")?.passesToCommand).toBeUndefined();
    // a fixed exec-form ENTRYPOINT: a command gives the program's arguments, it does not replace it
    expect(kb.image("mcuadros/ofelia")?.passesToCommand).toBeUndefined();
    expect(kb.image("grafana/alloy")?.passesToCommand).toBeUndefined();
  });

  it("every entry names the Dockerfile or script it was read from, pinned to a commit", () => {
    for (const e of POPULAR_IMAGES) {
      expect(e.source, e.name).toMatch(/^https:\/\/github\.com\/[\w.-]+\/[\w.-]+\/blob\/[0-9a-f]{40}\/\S+$/);
      expect(e.note, e.name).toBeTruthy();
    }
  });
});

describe("scripts/count-images.mjs", () => {
  const script = path.resolve(__dirname, "../../scripts/count-images.mjs");

  function corpus(repos: Record<string, Record<string, string>>): string {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "count-images-test-"));
    for (const [repo, files] of Object.entries(repos)) {
      for (const [file, text] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(root, repo, file)), { recursive: true });
        fs.writeFileSync(path.join(root, repo, file), text);
      }
    }
    return root;
  }

  it("counts each image once per repository, over names normalised like the linter's", () => {
    const root = corpus({
      "acme__shop": {
        "compose.yaml": "services:\n  db:\n    image: docker.io/library/postgres:16\n  cache:\n    image: redis:7@sha256:0123\n",
        "deploy/compose.prod.yml": "services:\n  db:\n    image: postgres:16-alpine\n  app:\n    image: ${APP_IMAGE}\n",
      },
      "acme__blog": {
        "docker-compose.yml": "x-db: &db\n  image: index.docker.io/postgres\nservices:\n  db:\n    <<: *db\n  proxy:\n    image: ${PROXY:-traefik:v3.1}\n",
        // YAML that is not a compose file is ignored
        "config.yml": "image: mysql:8\n",
      },
      "acme__tool": { "README.md": "no compose here\n" },
    });
    try {
      const out = execFileSync(process.execPath, [script, root, "--tsv"], { encoding: "utf8" });
      const rows = new Map(out.trim().split("\n").slice(1).map((l) => l.split("\t")).map((c) => [c[1], c] as const));
      expect(rows.get("postgres")?.slice(2)).toEqual(["2", "3", "reaper"]);
      expect(rows.get("redis")?.slice(2)).toEqual(["1", "1", "non-reaper"]);
      expect(rows.get("traefik")?.[2]).toBe("1");
      expect(rows.has("mysql")).toBe(false);
      expect([...rows.keys()].some((k) => k.includes("$"))).toBe(false);
      const summary = execFileSync(process.execPath, [script, root], { encoding: "utf8" }).split("\n")[0];
      expect(summary).toMatch(/^3 repositories \(2 with compose files\), 3 compose files, 3 distinct images \(1 references skipped/);
      const listed = execFileSync(process.execPath, [script, root, "--repos"], { encoding: "utf8" });
      expect(listed).toBe("acme__blog\t1\nacme__shop\t2\n");
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  }, 30_000);

  it("says how to call it when no folder is given", () => {
    expect(() => execFileSync(process.execPath, [script], { encoding: "utf8", stdio: "pipe" })).toThrow(/usage: node scripts\/count-images\.mjs/);
  });
});
