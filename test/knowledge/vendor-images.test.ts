// Looking up vendor images by the names compose files use: vendor registries and legacy names, tag
// variants that change what a command does, and scripts the image ships that a command names.
import { describe, expect, it } from "vitest";
import { KnowledgeBase } from "../../src/knowledge/index.js";

const kb = new KnowledgeBase();

describe("vendor images", () => {
  it.each([
    ["ghcr.io/getsentry/snuba:nightly", "non-reaper", "snuba"],
    ["getsentry/snuba:24.1.0", "non-reaper", "snuba"],
    ["ghcr.io/getsentry/uptime-checker:nightly", "init", "tini"],
    ["docker.io/hashicorp/consul:1.20", "init", "dumb-init"],
    ["consul:1.15", "init", "dumb-init"],
    ["tiangolo/uvicorn-gunicorn-fastapi:python3.9-slim", "reaper", "gunicorn"],
    ["caronc/apprise:1.0", "reaper", "supervisord"],
    ["rroemhild/test-openldap", "s6", "s6-svscan"],
    ["docker.io/bitnamilegacy/redis:7.2", "non-reaper", "redis-server"],
    ["confluentinc/cp-server-connect-base:7.6.0", "non-reaper", "connect-distributed"],
    ["cr.fluentbit.io/fluent/fluent-bit:3.1", "non-reaper", "fluent-bit"],
    ["apache/superset:4.0.2", "reaper", "run-server.sh"],
  ])("%s: %s, %s", (ref, verdict, program) => {
    const e = kb.image(ref);
    expect(e?.verdict).toBe(verdict);
    expect(e?.program).toBe(program);
  });

  it("the fluent-bit debug tag runs the command it is given; the default tag gives it to fluent-bit", () => {
    expect(kb.image("fluent/fluent-bit:3.1")?.passesToCommand).toBeUndefined();
    const debug = kb.image("fluent/fluent-bit:3.1-debug");
    expect(debug?.passesToCommand).toBe(true);
    expect(debug?.variant).toBe("debug");
  });

  it("prepends the program before a subcommand where the entrypoint does", () => {
    expect(kb.image("ghcr.io/getsentry/snuba:nightly")?.subcommands).toBe(true);
    expect(kb.image("composer:2")?.prepend).toBe("subcommands");
    expect(kb.image("varnish:7")?.prepend).toBe("flags");
  });

  it("knows the run scripts a Bitnami image ships, by both paths", () => {
    for (const path of ["/opt/bitnami/scripts/redis/run.sh", "/run.sh"]) {
      const f = kb.imageFile("bitnami/redis:7.2", path);
      expect(f?.verdict).toBe("non-reaper");
      expect(f?.program).toBe("redis-server");
    }
    expect(kb.imageFile("bitnami/redis:7.2", "/opt/bitnami/scripts/mongodb/run.sh")).toBeNull();
    expect(kb.imageFile("tiangolo/uvicorn-gunicorn:python3.11", "/start-reload.sh")?.program).toBe("uvicorn");
  });

  it.each([
    ["envoyproxy/envoy:v1.31-latest", undefined, true, "envoy"],
    ["envoyproxy/envoy:distroless-v1.31-latest", "distroless", undefined, "envoy"],
    ["roundcube/roundcubemail:1.6.9-apache", undefined, true, "apache2-foreground"],
    ["roundcube/roundcubemail:1.6.9-fpm-alpine", "fpm, alpine", true, "php-fpm"],
    ["couchbase:enterprise-7.6.3", undefined, true, "runsvdir"],
  ])("%s: variant %s, passes the command %s, runs %s", (ref, variant, passes, program) => {
    const e = kb.image(ref);
    expect(e?.variant).toBe(variant);
    expect(e?.passesToCommand).toBe(passes);
    expect(e?.program).toBe(program);
  });

  it("records legacy names of renamed images under the same entry", () => {
    expect(kb.image("jwilder/nginx-proxy")?.name).toBe("nginxproxy/nginx-proxy");
    expect(kb.image("jrcs/letsencrypt-nginx-proxy-companion")?.name).toBe("nginxproxy/acme-companion");
    expect(kb.image("tootsuite/mastodon:v4.2.0")?.verdict).toBe("init");
  });

  it("leaves images that were not checked unknown", () => {
    // no public Dockerfile builds these: they stay unknown rather than guessed
    expect(kb.image("mcr.microsoft.com/mssql/server:2022-latest")).toBeNull();
    expect(kb.image("mcr.microsoft.com/azure-sql-edge:1.0.4")).toBeNull();
    expect(kb.image("timshel/maildev:3.2.19")).toBeNull();
  });
});
