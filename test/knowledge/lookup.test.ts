// Looking up images and programs: registry aliases, tag variants, variables in references, and the
// user's own entries ahead of the built-in ones.
import { describe, expect, it } from "vitest";
import { knowledgeBase, parseConfig } from "../../src/config.js";
import { compareVersions, imageRepository, imageTag, isBusyboxImage, KnowledgeBase, leadingVersion, tagWords } from "../../src/knowledge/index.js";
import { parseImageRef } from "../../src/knowledge/reference.js";

const kb = new KnowledgeBase();

describe("image references", () => {
  it.each([
    ["nginx", "nginx"],
    ["nginx:1.27-alpine", "nginx"],
    ["docker.io/nginx", "nginx"],
    ["docker.io/library/nginx:1.27", "nginx"],
    ["index.docker.io/library/nginx", "nginx"],
    ["registry-1.docker.io/library/nginx:latest", "nginx"],
    ["registry.hub.docker.com/library/nginx", "nginx"],
    ["registry.hub.docker.com/nginx", "nginx"],
    ["library/nginx", "nginx"],
    ["public.ecr.aws/docker/library/nginx:stable", "nginx"],
    ["mirror.gcr.io/library/nginx", "nginx"],
    ["mirror.gcr.io/nginx", "nginx"],
    ["NGINX@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "nginx"],
    ["docker.io/grafana/grafana:11.2.0", "grafana/grafana"],
    ["mirror.gcr.io/grafana/grafana", "grafana/grafana"],
    ["ghcr.io/traefik/traefik:v3.1", "ghcr.io/traefik/traefik"],
    ["localhost:5000/nginx:1.27", "localhost:5000/nginx"],
    ["registry.example.com:5000/team/app:${TAG}", "registry.example.com:5000/team/app"],
    ["${REGISTRY:-ghcr.io/acme}/app:${TAG:-1.2}", "${registry:-ghcr.io/acme}/app"],
    ["${IMAGE:-docker.io/library/postgres:16}", "postgres"],
  ])("%s names %s", (ref, repo) => {
    expect(imageRepository(ref)).toBe(repo);
  });

  it("keeps a registry that only looks like a mirror", () => {
    expect(imageRepository("public.ecr.aws/acme/nginx")).toBe("public.ecr.aws/acme/nginx");
    expect(imageRepository("ghcr.io/library/nginx")).toBe("ghcr.io/library/nginx");
  });

  it.each([
    ["php:8.3-fpm", "8.3-fpm", false],
    ["php", null, false],
    ["php:latest", null, false],
    ["php:${PHP_TAG}", null, true],
    ["php:${PHP_VERSION}-fpm", "fpm", true],
    ["php:${TAG:-8.3-apache}", "8.3-apache", true],
    ["php:8.3-${VARIANT:-fpm}-alpine", "8.3-fpm-alpine", true],
    ["localhost:5000/php:8.3-cli@sha256:00", "8.3-cli", false],
  ])("%s has tag %s", (ref, tag, variable) => {
    const r = parseImageRef(ref);
    expect(r.tag).toBe(tag);
    expect(r.tagVariable).toBe(variable);
  });

  it("reads tags as words and versions", () => {
    expect([...tagWords("8.3-fpm-alpine3.20")]).toEqual(expect.arrayContaining(["8.3", "fpm", "alpine3.20", "alpine", "fpm-alpine3.20"]));
    expect(tagWords("bookworm").has("fpm")).toBe(false);
    expect(leadingVersion("v3.1.2-alpine")).toEqual([3, 1, 2]);
    expect(leadingVersion("alpine")).toBeNull();
    expect(imageTag("nginx")).toBe("latest");
  });

  it("compares a floating tag as its newest release", () => {
    // `7` is the newest 7.x: above 7.6, within a maximum of 7
    expect(compareVersions([7], "7.6", "high")).toBeGreaterThan(0);
    expect(compareVersions([7], "7", "high")).toBeLessThanOrEqual(0);
    expect(compareVersions([7, 17, 1], "7", "high")).toBeLessThanOrEqual(0);
    expect(compareVersions([8], "7", "high")).toBeGreaterThan(0);
    expect(compareVersions([8, 0, 1], "8", "low")).toBeGreaterThanOrEqual(0);
    expect(compareVersions([1, 39], "1.39.3", "low")).toBeGreaterThanOrEqual(0);
    expect(compareVersions([1, 39, 1], "1.39.2", "low")).toBeLessThan(0);
  });
});

describe("registry aliases", () => {
  it.each([
    "postgres:16",
    "docker.io/postgres:16",
    "docker.io/library/postgres:16",
    "index.docker.io/library/postgres",
    "registry-1.docker.io/library/postgres",
    "registry.hub.docker.com/library/postgres",
    "library/postgres:16-alpine",
    "public.ecr.aws/docker/library/postgres:16",
    "mirror.gcr.io/library/postgres:16",
  ])("%s is the official postgres image", (ref) => {
    const e = kb.image(ref);
    expect(e?.name).toBe("postgres");
    expect(e?.verdict).toBe("reaper");
  });

  it.each([
    ["quay.io/minio/minio:RELEASE.2024-01-01T00-00-00Z", "minio/minio"],
    ["docker.elastic.co/elasticsearch/elasticsearch:8.15.0", "docker.elastic.co/elasticsearch/elasticsearch"],
    ["elasticsearch:8.15.0", "docker.elastic.co/elasticsearch/elasticsearch"],
    ["quay.io/prometheus/prometheus:v2.53.0", "prom/prometheus"],
    ["lscr.io/linuxserver/radarr:latest", "lscr.io/linuxserver/*"],
    ["linuxserver/sonarr", "lscr.io/linuxserver/*"],
    ["ghcr.io/linuxserver/plex", "lscr.io/linuxserver/*"],
  ])("%s is listed under %s", (ref, name) => {
    expect(kb.image(ref)?.name).toBe(name);
  });

  it("does not take another registry's image for an official one", () => {
    expect(kb.image("ghcr.io/acme/postgres:16")).toBeNull();
    expect(kb.image("registry.example.com/nginx")).toBeNull();
    expect(kb.image("public.ecr.aws/acme/postgres")).toBeNull();
  });
});

describe("tag variants", () => {
  it.each([
    ["php:8.3-fpm", "reaper", "php-fpm", "fpm"],
    ["php:8.3-fpm-alpine", "reaper", "php-fpm", "fpm, alpine"],
    ["php:fpm-bookworm", "reaper", "php-fpm", "fpm"],
    ["php:8.3-apache", "reaper", "apache2-foreground", "apache"],
    ["php:8.3-cli", "non-reaper", "php", undefined],
    ["php:8.3", "non-reaper", "php", undefined],
    ["php:8.3-zts-alpine", "non-reaper", "php", "alpine"],
    ["php:${PHP_TAG}", "non-reaper", "php", undefined],
    ["php:${PHP_VERSION}-fpm", "reaper", "php-fpm", "fpm"],
    ["wordpress:6.6-php8.3-fpm-alpine", "reaper", "php-fpm", "fpm, alpine"],
    ["wordpress:cli-2.11", "non-reaper", "wp", "cli"],
    ["wordpress", "reaper", "apache2-foreground", undefined],
    ["nextcloud:29-fpm", "reaper", "php-fpm", "fpm"],
    ["kibana:7.2.1", "non-reaper", "node", "<7.3"],
    ["docker.elastic.co/kibana/kibana:7.9.3", "init", "dumb-init", "7.3-7.10"],
    ["docker.elastic.co/kibana/kibana:8.15.0", "init", "tini", undefined],
    ["kibana:7", "init", "tini", undefined],
    ["elasticsearch:7.6.2", "non-reaper", "java", "<7.7"],
    ["elasticsearch:7.17.22", "init", "tini", undefined],
    ["telegraf:1.38", "non-reaper", "telegraf", "<1.39.2"],
    ["telegraf:1.39", "init", "tini", undefined],
    ["telegraf:1.39.1-alpine", "non-reaper", "telegraf", "<1.39.2, alpine"],
    ["influxdb:1.8", "non-reaper", "influxd", "1.x"],
    ["influxdb:3-core", "non-reaper", "influxdb3", "3.x"],
    ["docker:27-cli", "unknown", "sh", "cli"],
    ["docker:dind", "init", "docker-init", undefined],
  ])("%s → %s (%s) [%s]", (ref, verdict, program, variant) => {
    const e = kb.image(ref);
    expect(e?.verdict).toBe(verdict);
    expect(e?.program).toBe(program);
    expect(e?.variant).toBe(variant);
  });

  it("a variant's facts replace the entry's and drop its note unless it has one", () => {
    const fpm = kb.image("php:8.3-fpm")!;
    expect(fpm.note).toBe("CMD php-fpm, STOPSIGNAL SIGQUIT");
    expect(fpm.source).toMatch(/\/fpm\/Dockerfile$/);
    expect(fpm.variants).toBeUndefined();
  });

  it("busybox follows the alpine variant", () => {
    expect(isBusyboxImage(kb, "postgres:16-alpine")).toBe(true);
    expect(isBusyboxImage(kb, "postgres:16")).toBe(false);
    expect(isBusyboxImage(kb, "caddy:2")).toBe(true);
    // an image not in the knowledge base: the tag decides
    expect(isBusyboxImage(kb, "acme/app:1.0-alpine")).toBe(true);
    expect(isBusyboxImage(kb, "acme/app:1.0")).toBe(false);
  });

  it("derives subcommands from prepend", () => {
    expect(kb.image("traefik:v3.1")?.subcommands).toBe(true);
    expect(kb.image("minio/minio")?.subcommands).toBe(true);
    expect(kb.image("postgres:16")?.subcommands).toBe(false);
    expect(kb.image("postgres:16")?.prepend).toBe("flags");
    expect(kb.image("caddy:2")?.prepend).toBeUndefined();
  });
});

describe("files inside images", () => {
  it("names what a file the image ships runs", () => {
    const cron = kb.imageFile("nextcloud:29-apache", "/cron.sh")!;
    expect(cron.verdict).toBe("non-reaper");
    expect(cron.program).toBe("crond");
    expect(cron.source).toMatch(/docker-cron\.sh$/);
    expect(kb.imageFile("docker.io/library/nextcloud:fpm", "/cron.sh")?.program).toBe("crond");
  });

  it("knows nothing of other files or images", () => {
    expect(kb.imageFile("nextcloud", "/entrypoint.sh")).toBeNull();
    expect(kb.imageFile("acme/app", "/cron.sh")).toBeNull();
  });
});

describe("programs", () => {
  it("judges a program that is not listed a non-reaper, by assumption", () => {
    const p = kb.program("/usr/local/bin/acme-server");
    expect(p.verdict).toBe("non-reaper");
    expect(p.assumed).toBe(true);
    expect(p.name).toBe("acme-server");
    expect(kb.knows("acme-server")).toBe(false);
  });

  it("keeps listed programs with their sources", () => {
    expect(kb.program("/usr/bin/tini").verdict).toBe("init");
    expect(kb.isInit("dumb-init")).toBe(true);
    expect(kb.program("make").verdict).toBe("reaper");
    expect(kb.program("rabbitmq-server").verdict).toBe("reaper");
    expect(kb.program("php-fpm8.2").verdict).toBe("reaper");
    expect(kb.program("node").assumed).toBeUndefined();
    expect(kb.program("/init").verdict).toBe("s6");
  });
});

describe("user entries from the configuration", () => {
  const config = parseConfig(
    ["knowledge:", "  images:", "    php: non-reaper", "    docker.io/library/postgres:16: non-reaper", "    acme/*: init", "  programs:", "    nginx: non-reaper", "    /opt/bin/acme-supervisor: reaper", ""].join("\n"),
    { file: "/p/.compose-lint.yaml", shown: ".compose-lint.yaml" },
  );
  const user = knowledgeBase(config);

  it("override built-in images, whatever the tag or registry alias", () => {
    for (const ref of ["php:8.3-fpm", "php:8.3-apache", "mirror.gcr.io/library/php"]) {
      const e = user.image(ref)!;
      expect(e.verdict).toBe("non-reaper");
      expect(e.source).toBe("configuration: .compose-lint.yaml:3");
      expect(e.variant).toBeUndefined();
    }
    expect(user.image("public.ecr.aws/docker/library/postgres:17")?.verdict).toBe("non-reaper");
    expect(user.image("acme/worker:2")?.verdict).toBe("init");
  });

  it("override built-in programs and add new ones", () => {
    expect(user.program("nginx").verdict).toBe("non-reaper");
    expect(user.program("acme-supervisor").verdict).toBe("reaper");
    expect(user.program("acme-supervisor").assumed).toBeUndefined();
    // the built-in base is untouched
    expect(kb.program("nginx").verdict).toBe("reaper");
    expect(kb.image("php:8.3-fpm")?.verdict).toBe("reaper");
  });

  it("leave images the user did not name to the built-in data", () => {
    expect(user.image("nginx:1.27")?.verdict).toBe("reaper");
  });
});
