// Images that compose files of public repositories run and that the knowledge base did not know yet,
// in order of use (docs/image-list.md: how the list was counted, scripts/count-images.mjs), and images
// seen unknown in real projects. Each entry was checked by reading the Dockerfile that builds the image
// (and the script its ENTRYPOINT/CMD runs) at the commit in `source`; `seeAlso` names the further files read.
import { ALPINE, gh } from "./common.js";
import type { ImageEntry } from "../types.js";

const WGER = "aaba20184527b018e10f1be576202aa7e7cb4c21";
const PEBBLE = "b1e1ca4f3c30abb64111adaca4544bc5374cc306";
const RECIPES = "d206eddbd32bd3c40feff70ad780b0f91f325eaa";
const LISTMONK = "911e0b774abad4fbf7b534be43a34a80fb6ace5b";
const SMTP = "8bb7293e0898e63150b5c365be0a94dbe3a46e6a";
const CADDY_GEN = "79c0c2929a37e68495ee9cd304d3197148308df3";
const HOMARR = "464d98e124726f30c5f92ccf18a5ebff71e0cdd9";
const METUBE = "f11b376ce7e179a807877f6561d1695fb2aaeac5";
const KARAKEEP = "7ca5ee236b96cd659096b1530c5be3fdcd8e4470";
const SHLINK = "59c62a2cccd80c974cae7764e5aae7927f793d35";
const PENPOT = "66bb6a11dfb1fc708a5c8165f8eaa4222e233bb2";
const SFTPGO = "42f7a4d415dc7a97da08880edb82e5b0db5fcfc8";
const GRIST = "f98cda95ac9a39d27c976c9db84ca131bf020f84";
const FRESHRSS = "6c58b90518c30a165db1ee8ea34e0f3d12c6c898";

/** A bash script that runs its last command without `exec`: bash stays PID 1 and waits for it. */
function waitingScript(path: string, runs: string) {
  return {
    verdict: "reaper" as const, program: path.slice(path.lastIndexOf("/") + 1), runtime: "shell" as const,
    note: `#!/bin/bash script that runs ${runs} without exec: bash stays PID 1 and reaps while it waits`,
    source: gh("wger-project/wger", WGER, `extras/docker/production/celery${path}`),
  };
}

export const POPULAR_IMAGES: ImageEntry[] = [
  {
    name: "wger/server",
    verdict: "reaper", program: "entrypoint.sh", runtime: "shell", passesToCommand: true,
    note: "FROM wger/base (ubuntu, no ENTRYPOINT), CMD /home/wger/entrypoint.sh: a bash script that ends in `gunicorn …` (or `python3 manage.py runserver`) without exec, so bash stays PID 1 and reaps while it waits; a command replaces the script",
    source: gh("wger-project/wger", WGER, "extras/docker/production/Dockerfile"),
    seeAlso: [gh("wger-project/wger", WGER, "extras/docker/production/entrypoint.sh"), gh("wger-project/wger", WGER, "extras/docker/base/Dockerfile"), gh("wger-project/wger", WGER, ".github/workflows/docker.yml")],
    files: {
      "/start-worker": waitingScript("/start-worker", "`celery --app wger worker`"),
      "/start-beat": waitingScript("/start-beat", "`celery --app wger beat`"),
      "/start-flower": waitingScript("/start-flower", "`celery … flower`"),
    },
  },
  {
    name: "grafana/alloy",
    verdict: "non-reaper", program: "alloy", runtime: "go",
    note: "ubuntu base, ENTRYPOINT [\"/bin/alloy\"], CMD run /etc/alloy/config.alloy …: a command gives alloy's arguments",
    source: gh("grafana/alloy", "66ebea856dffb242f921775e9552a133f60dc5c1", "Dockerfile"),
  },
  {
    name: "ghcr.io/techarohq/anubis",
    verdict: "non-reaper", program: "anubis", runtime: "go",
    note: "built by ko (no Dockerfile) on cgr.dev/chainguard/static: ko's entrypoint is the Go binary /ko-app/anubis; a command gives its arguments",
    source: gh("TecharoHQ/anubis", "2f45638a6391b4595ea469ed3d7a12ab73249320", ".ko.yaml"),
    seeAlso: [gh("TecharoHQ/anubis", "2f45638a6391b4595ea469ed3d7a12ab73249320", "cmd/containerbuild/main.go"), gh("TecharoHQ/anubis", "2f45638a6391b4595ea469ed3d7a12ab73249320", ".github/workflows/docker.yml")],
  },
  {
    name: "journeyapps/powersync-service",
    verdict: "non-reaper", program: "node", runtime: "node",
    note: "FROM node:*-slim, ENTRYPOINT [\"node\", \"service/lib/entry.js\"], CMD start: a command gives the service's arguments (start, migrate …)",
    source: gh("powersync-ja/powersync-service", "332d649554ce0ffa6151f57bce920056f2c0b5ea", "service/Dockerfile"),
  },
  {
    name: "etherpad/etherpad",
    verdict: "non-reaper", program: "pnpm", passesToCommand: true, runtime: "node", busybox: true,
    note: "FROM node:lts-alpine (its docker-entrypoint.sh ends in exec \"$@\"), CMD [\"pnpm\", \"run\", \"prod\"]: pnpm stays PID 1 and runs the server as its child",
    source: gh("ether/etherpad-lite", "b827f5b3d93bc79fc9014c7d9f8b900956b8af65", "Dockerfile"),
  },
  {
    name: "mcuadros/ofelia",
    verdict: "init", program: "tini", shipsInit: "/sbin/tini", busybox: true,
    note: "alpine with tini from apk, ENTRYPOINT [\"/sbin/tini\", \"/usr/bin/ofelia\"], CMD daemon --config …: a command gives ofelia's arguments",
    source: gh("mcuadros/ofelia", "ebd2b12f0047005bf92cc4a8502db149b8fdac8a", "Dockerfile"),
  },
  {
    name: "ghcr.io/letsencrypt/pebble",
    verdict: "non-reaper", program: "app", runtime: "go",
    note: "FROM scratch, ENTRYPOINT [\"/app\"]: the pebble binary, copied to /app (build-arg APP=pebble)",
    source: gh("letsencrypt/pebble", PEBBLE, "Dockerfile.release"),
    seeAlso: [gh("letsencrypt/pebble", PEBBLE, ".github/workflows/release.yml")],
  },
  {
    name: "ghcr.io/letsencrypt/pebble-challtestsrv",
    verdict: "non-reaper", program: "app", runtime: "go",
    note: "FROM scratch, ENTRYPOINT [\"/app\"]: the pebble-challtestsrv binary, copied to /app (build-arg APP=pebble-challtestsrv)",
    source: gh("letsencrypt/pebble", PEBBLE, "Dockerfile.release"),
    seeAlso: [gh("letsencrypt/pebble", PEBBLE, ".github/workflows/release.yml")],
  },
  {
    name: "vabene1111/recipes",
    verdict: "init", program: "tini", shipsInit: "/sbin/tini", busybox: true,
    note: "FROM python:*-alpine with tini from apk, ENTRYPOINT [\"/sbin/tini\", \"--\", \"/opt/recipes/boot.sh\"]; boot.sh starts nginx, then exec gunicorn",
    source: gh("TandoorRecipes/recipes", RECIPES, "Dockerfile"),
    seeAlso: [gh("TandoorRecipes/recipes", RECIPES, "boot.sh")],
  },
  {
    name: "listmonk/listmonk",
    verdict: "non-reaper", program: "listmonk", passesToCommand: true, runtime: "go", busybox: true,
    note: "alpine, ENTRYPOINT docker-entrypoint.sh, CMD ./listmonk; with the default PUID=0 the script ends in exec \"$@\"; with another PUID it runs `su-exec … \"$@\"` without exec and sh stays PID 1, waiting",
    source: gh("knadh/listmonk", LISTMONK, "Dockerfile"),
    seeAlso: [gh("knadh/listmonk", LISTMONK, "docker-entrypoint.sh")],
  },
  {
    name: "ghcr.io/linkwarden/linkwarden",
    verdict: "non-reaper", program: "concurrently", passesToCommand: true, runtime: "node",
    note: "FROM node:*-bullseye-slim (its docker-entrypoint.sh ends in exec \"$@\"), CMD sh -c \"… prisma migrate deploy && exec concurrently -k … next start … tsx worker.ts\": concurrently (node) is PID 1 and runs both as its children",
    source: gh("linkwarden/linkwarden", "7550ebb8907e0cd22e8b3e0785bf3da03ab96e3a", "Dockerfile"),
  },
  {
    name: "bytemark/smtp",
    verdict: "non-reaper", program: "exim", passesToCommand: true, runtime: "c", assumed: true,
    note: "debian slim, ENTRYPOINT docker-entrypoint.sh ends in exec \"$@\"; CMD exim -bdf -v -q30m: the exim daemon in the foreground; exim's own child handling was not read",
    source: gh("BytemarkHosting/docker-smtp", SMTP, "stretch/Dockerfile"),
    seeAlso: [gh("BytemarkHosting/docker-smtp", SMTP, "stretch/docker-entrypoint.sh")],
  },
  {
    name: "wemakeservices/caddy-gen",
    verdict: "non-reaper", program: "forego", passesToCommand: true, runtime: "go", busybox: true,
    note: "FROM caddy:*-alpine, ENTRYPOINT [\"sh\", \"/code/docker-entrypoint.sh\"] ends in exec \"$@\"; CMD /usr/bin/forego start -r runs caddy and docker-gen as its children",
    source: gh("wemake-services/caddy-gen", CADDY_GEN, "Dockerfile"),
    seeAlso: [gh("wemake-services/caddy-gen", CADDY_GEN, "docker-entrypoint.sh")],
  },
  {
    name: "jitsi/rtcstats-server",
    verdict: "non-reaper", program: "npm", runtime: "node", busybox: true,
    note: "FROM node:*-alpine, ENTRYPOINT [\"npm\"], CMD start: npm stays PID 1 and runs the start script as its child; a command gives npm's arguments",
    source: gh("jitsi/rtcstats-server", "7d87ae261c4a508b6de227143be80cf2b58c0fae", "Dockerfile"),
  },
  {
    name: "jitsi/excalidraw-backend",
    verdict: "non-reaper", program: "npm", passesToCommand: true, runtime: "node",
    note: "FROM node:*-slim (its docker-entrypoint.sh ends in exec \"$@\"), CMD [\"npm\", \"start\"]: npm stays PID 1 and runs the start script as its child",
    source: gh("jitsi/excalidraw-backend", "bbeda26743074b8b36b1be9fe09ba07f3a501439", "Dockerfile"),
  },
  // the most used images that were unknown (docs/image-list.md)
  {
    name: "ghcr.io/homarr-labs/homarr",
    verdict: "reaper", program: "sh", passesToCommand: true, runtime: "shell", busybox: true,
    note: "FROM node:*-alpine, ENTRYPOINT /app/entrypoint.sh ends in exec \"$@\" (through su-exec for a PUID); CMD [\"sh\", \"run.sh\"]: run.sh starts nginx (and redis unless an external one is set), runs node in the background, traps TERM and `wait`s: the shell stays PID 1 and reaps while it waits",
    source: gh("homarr-labs/homarr", HOMARR, "scripts/run.sh"),
    seeAlso: [gh("homarr-labs/homarr", HOMARR, "Dockerfile"), gh("homarr-labs/homarr", HOMARR, "scripts/entrypoint.sh")],
  },
  {
    name: "glanceapp/glance",
    verdict: "non-reaper", program: "glance", runtime: "go", busybox: true,
    note: "alpine, ENTRYPOINT [\"/app/glance\", \"--config\", \"/app/config/glance.yml\"] (the released image is built by goreleaser from Dockerfile.goreleaser; Dockerfile has the same ENTRYPOINT)",
    source: gh("glanceapp/glance", "20672ee30bb2fa8ec6d9da8eeb8f0c055291cd9c", "Dockerfile.goreleaser"),
    seeAlso: [gh("glanceapp/glance", "20672ee30bb2fa8ec6d9da8eeb8f0c055291cd9c", ".goreleaser.yaml"), gh("glanceapp/glance", "20672ee30bb2fa8ec6d9da8eeb8f0c055291cd9c", "Dockerfile")],
  },
  {
    name: "ghcr.io/sysadminsmedia/homebox",
    verdict: "non-reaper", program: "api", runtime: "go", busybox: true,
    note: "alpine, ENTRYPOINT [\"/app/api\"], CMD /data/config.yml: a command gives the server's arguments",
    source: gh("sysadminsmedia/homebox", "8222a88de7b44d8ad9ab286b4c674d66e3be7bed", "Dockerfile"),
    seeAlso: [gh("sysadminsmedia/homebox", "8222a88de7b44d8ad9ab286b4c674d66e3be7bed", "Dockerfile.rootless")],
    variants: [{ id: "hardened", tags: ["hardened"], busybox: false, note: "FROM gcr.io/distroless/static:nonroot, same ENTRYPOINT", source: gh("sysadminsmedia/homebox", "8222a88de7b44d8ad9ab286b4c674d66e3be7bed", "Dockerfile.hardened") }],
  },
  {
    name: "ghcr.io/alexta69/metube", aliases: ["alexta69/metube"],
    verdict: "init", program: "tini", shipsInit: "/usr/bin/tini",
    note: "FROM python:*-slim with tini from apt, ENTRYPOINT [\"/usr/bin/tini\", \"-g\", \"--\", \"./docker-entrypoint.sh\"]; the script runs python3 app/main.py in the background and waits for it",
    source: gh("alexta69/metube", METUBE, "Dockerfile"),
    seeAlso: [gh("alexta69/metube", METUBE, "docker-entrypoint.sh")],
  },
  {
    name: "ghcr.io/karakeep-app/karakeep", aliases: ["ghcr.io/hoarder-app/hoarder"],
    verdict: "s6", program: "s6-svscan",
    note: "the `aio` target: s6-overlay v3 on node:*-slim, ENTRYPOINT [\"/init\"] runs the db migration, the web app and the workers as s6 services",
    source: gh("karakeep-app/karakeep", KARAKEEP, "docker/Dockerfile"),
    seeAlso: [gh("karakeep-app/karakeep", KARAKEEP, ".github/workflows/docker.yml")],
  },
  {
    name: "ghcr.io/karakeep-app/karakeep-web", aliases: ["ghcr.io/hoarder-app/hoarder-web"],
    verdict: "s6", program: "s6-svscan",
    note: "the `web` target: s6-overlay v3, ENTRYPOINT [\"/init\"] runs the db migration and the web app as s6 services",
    source: gh("karakeep-app/karakeep", KARAKEEP, "docker/Dockerfile"),
    seeAlso: [gh("karakeep-app/karakeep", KARAKEEP, ".github/workflows/docker.yml")],
  },
  {
    name: "ghcr.io/karakeep-app/karakeep-workers", aliases: ["ghcr.io/hoarder-app/hoarder-workers"],
    verdict: "s6", program: "s6-svscan",
    note: "the `workers` target: s6-overlay v3, ENTRYPOINT [\"/init\"] runs the workers as an s6 service",
    source: gh("karakeep-app/karakeep", KARAKEEP, "docker/Dockerfile"),
    seeAlso: [gh("karakeep-app/karakeep", KARAKEEP, ".github/workflows/docker.yml")],
  },
  {
    name: "shlinkio/shlink", aliases: ["ghcr.io/shlinkio/shlink"],
    verdict: "non-reaper", program: "rr", runtime: "go", busybox: true,
    note: "FROM php:*-alpine, ENTRYPOINT [\"/bin/sh\", \"./docker-entrypoint.sh\"] (no CMD: a command is ignored) ends in exec ./bin/rr serve: RoadRunner (Go) is PID 1 and runs the PHP workers as its children",
    source: gh("shlinkio/shlink", SHLINK, "docker/docker-entrypoint.sh"),
    seeAlso: [gh("shlinkio/shlink", SHLINK, "Dockerfile")],
  },
  {
    name: "penpotapp/backend",
    verdict: "non-reaper", program: "java", passesToCommand: true, runtime: "java",
    note: "ubuntu, no ENTRYPOINT, CMD [\"/bin/bash\", \"run.sh\"]: run.sh (backend/scripts/run.template.sh) ends in exec $JAVA_CMD … -jar penpot.jar",
    source: gh("penpot/penpot", PENPOT, "docker/images/Dockerfile.backend"),
    seeAlso: [gh("penpot/penpot", PENPOT, "backend/scripts/run.template.sh"), gh("penpot/penpot", PENPOT, "backend/scripts/build")],
  },
  {
    name: "penpotapp/exporter",
    verdict: "non-reaper", program: "node", passesToCommand: true, runtime: "node",
    note: "ubuntu, no ENTRYPOINT, CMD [\"node\", \"app.js\"]: node is PID 1 and starts the browser that renders exports",
    source: gh("penpot/penpot", PENPOT, "docker/images/Dockerfile.exporter"),
  },
  {
    name: "penpotapp/frontend",
    verdict: "reaper", program: "nginx", passesToCommand: true, runtime: "c", busybox: true,
    note: "FROM nginxinc/nginx-unprivileged:*-alpine, ENTRYPOINT [\"/bin/bash\", \"/entrypoint.sh\"] ends in exec \"$@\"; CMD nginx -g 'daemon off;'",
    source: gh("penpot/penpot", PENPOT, "docker/images/Dockerfile.frontend"),
    seeAlso: [gh("penpot/penpot", PENPOT, "docker/images/files/nginx-entrypoint.sh")],
  },
  {
    name: "drakkan/sftpgo", aliases: ["ghcr.io/drakkan/sftpgo"],
    verdict: "non-reaper", program: "sftpgo", passesToCommand: true, runtime: "go",
    note: "debian slim, no ENTRYPOINT, CMD [\"sftpgo\", \"serve\"]",
    source: gh("drakkan/sftpgo", SFTPGO, "Dockerfile"),
    seeAlso: [gh("drakkan/sftpgo", SFTPGO, ".github/workflows/docker.yml")],
    variants: [
      { ...ALPINE, source: gh("drakkan/sftpgo", SFTPGO, "Dockerfile.alpine") },
      { id: "distroless", tags: ["distroless"], note: "FROM gcr.io/distroless/static, CMD [\"sftpgo\", \"serve\"] (no shell)", source: gh("drakkan/sftpgo", SFTPGO, "Dockerfile.distroless") },
    ],
  },
  {
    name: "ghcr.io/requarks/wiki", aliases: ["requarks/wiki"],
    verdict: "non-reaper", program: "node", passesToCommand: true, prepend: "flags", runtime: "node", busybox: true,
    note: "FROM node:*-alpine (its docker-entrypoint.sh prepends node to flags and ends in exec \"$@\"), CMD [\"node\", \"--no-deprecation\", \"server\"]",
    source: gh("requarks/wiki", "6f042e97cc2d3acda6b6ff611de8e0faacce91c1", "dev/build/Dockerfile"),
    seeAlso: [gh("requarks/wiki", "6f042e97cc2d3acda6b6ff611de8e0faacce91c1", ".github/workflows/build.yml")],
  },
  {
    name: "gristlabs/grist",
    verdict: "init", program: "tini", shipsInit: "/usr/bin/tini",
    note: "FROM node:*-slim with tini from apt, ENTRYPOINT ./sandbox/docker_entrypoint.sh ends in exec /usr/bin/tini -s -- \"$@\" (after setpriv to the data owner); CMD ./sandbox/run.sh execs node: a command runs under tini",
    source: gh("gristlabs/grist-core", GRIST, "sandbox/docker_entrypoint.sh"),
    seeAlso: [gh("gristlabs/grist-core", GRIST, "Dockerfile"), gh("gristlabs/grist-core", GRIST, "sandbox/run.sh")],
  },
  {
    name: "homebridge/homebridge",
    verdict: "s6", program: "s6-svscan",
    note: "s6-overlay v3 on ubuntu, ENTRYPOINT [\"/init\"]",
    source: gh("homebridge/docker-homebridge", "eff9b94690dbac328929d43296af033bc561a303", "Dockerfile"),
  },
  {
    name: "freshrss/freshrss",
    verdict: "reaper", program: "apache2", passesToCommand: true, runtime: "c",
    note: "debian slim, ENTRYPOINT ./Docker/entrypoint.sh ends in exec \"$@\"; CMD (shell form) starts cron when CRON_MIN is set, then exec apache2 -D FOREGROUND",
    source: gh("FreshRSS/FreshRSS", FRESHRSS, "Docker/Dockerfile"),
    seeAlso: [gh("FreshRSS/FreshRSS", FRESHRSS, "Docker/entrypoint.sh")],
    variants: [{ ...ALPINE, program: "httpd", note: "alpine: the same CMD with busybox crond -d 6 and exec httpd -D FOREGROUND", source: gh("FreshRSS/FreshRSS", FRESHRSS, "Docker/Dockerfile-Alpine") }],
  },
  {
    name: "public.ecr.aws/zinclabs/openobserve",
    verdict: "non-reaper", program: "openobserve", passesToCommand: true, runtime: "rust",
    note: "released from deploy/build/Dockerfile.tag.* (FROM gcr.io/distroless/cc) by the buildspec files: no ENTRYPOINT, CMD [\"/openobserve\"]; every Dockerfile under deploy/build has the same CMD",
    source: gh("openobserve/openobserve", "fbab9b80a24b5b50b6927a15cd83c7cf217040f2", "deploy/build/Dockerfile.tag.amd64"),
    seeAlso: [gh("openobserve/openobserve", "fbab9b80a24b5b50b6927a15cd83c7cf217040f2", "deploy/build/buildspec-tag-amd64.yml")],
  },
  {
    name: "opensearchproject/opensearch",
    verdict: "non-reaper", program: "java", passesToCommand: true, runtime: "java",
    note: "amazonlinux, ENTRYPOINT ./opensearch-docker-entrypoint.sh, CMD opensearch: the script puts `opensearch` before flags, starts the performance-analyzer agent in the background and ends in exec \"$@\"; bin/opensearch ends in exec java … org.opensearch.bootstrap.OpenSearch",
    source: gh("opensearch-project/opensearch-build", "4372bf71a2407ae25aa8ec2d86de9b4d2cc22687", "docker/release/dockerfiles/opensearch.al2023.dockerfile"),
    seeAlso: [
      gh("opensearch-project/opensearch-build", "4372bf71a2407ae25aa8ec2d86de9b4d2cc22687", "docker/release/config/opensearch/opensearch-docker-entrypoint-3.x.sh"),
      gh("opensearch-project/OpenSearch", "476d2e762de1dc0ef1ccc9738ed61af9bbcebaa2", "distribution/src/bin/opensearch"),
    ],
  },
  {
    name: "1dev/server",
    verdict: "non-reaper", program: "wrapper-linux-x86-64", passesToCommand: true, runtime: "c", assumed: true,
    note: "ubuntu, no ENTRYPOINT, CMD /root/bin/entrypoint.sh: bash runs the upgrade and waits for it, then exec's the Java Service Wrapper (wrapper-linux-x86-64, or -arm-64), which starts java as its child; the wrapper's own child handling was not read",
    source: gh("theonedev/onedev", "b461004efbbe056d861987e0fcab23bb2ab4ff4d", "server-product/docker/Dockerfile.server"),
    seeAlso: [gh("theonedev/onedev", "b461004efbbe056d861987e0fcab23bb2ab4ff4d", "server-product/docker/entrypoint-server.sh")],
  },
  {
    name: "flowiseai/flowise",
    verdict: "non-reaper", program: "flowise", runtime: "node", busybox: true,
    note: "FROM node:*-alpine, ENTRYPOINT [\"flowise\", \"start\"]: the flowise CLI (node) is PID 1; a command gives `flowise start`'s arguments",
    source: gh("FlowiseAI/Flowise", "ababf4c8ebc0263e03aeeb917832251d3fd785e4", "docker/Dockerfile"),
    seeAlso: [gh("FlowiseAI/Flowise", "ababf4c8ebc0263e03aeeb917832251d3fd785e4", ".github/workflows/docker-image-dockerhub.yml")],
  },
  {
    name: "ankane/pgvector",
    verdict: "reaper", program: "postgres", passesToCommand: true, prepend: "flags", runtime: "c",
    note: "the name of the pgvector image until it moved to pgvector/pgvector (0.6.0): FROM postgres:$PG_MAJOR, so the official entrypoint and postmaster",
    source: gh("pgvector/pgvector", "c8be3a369b7a56b98dfbe0deb45251e7659e5482", "Dockerfile"),
    seeAlso: [gh("pgvector/pgvector", "c8be3a369b7a56b98dfbe0deb45251e7659e5482", "Makefile"), gh("pgvector/pgvector", "8a6c52f649827ed490ad01b70e515b3aa0c9f5e1", "README.md")],
  },
  {
    name: "confluentinc/cp-schema-registry",
    verdict: "non-reaper", program: "schema-registry-start", passesToCommand: true, runtime: "java",
    note: "FROM cp-base-java-micro, no ENTRYPOINT, CMD /etc/confluent/docker/run, which execs launch, which execs schema-registry-start (java)",
    source: gh("confluentinc/schema-registry-images", "8a5f36fea62c43ade52371015dd88332b3b219ac", "schema-registry/include/etc/confluent/docker/launch"),
    seeAlso: [gh("confluentinc/schema-registry-images", "8a5f36fea62c43ade52371015dd88332b3b219ac", "schema-registry/Dockerfile.ubi9"), gh("confluentinc/schema-registry-images", "8a5f36fea62c43ade52371015dd88332b3b219ac", "schema-registry/include/etc/confluent/docker/run")],
  },
  {
    name: "aceberg/watchyourlan",
    verdict: "non-reaper", program: "WatchYourLAN", runtime: "go", busybox: true,
    note: "alpine, ENTRYPOINT [\"./WatchYourLAN\"]",
    source: gh("aceberg/WatchYourLAN", "ca9f644bccba41cdb3db952b828137fa53c2f640", "Dockerfile"),
  },
  {
    name: "dullage/flatnotes",
    verdict: "non-reaper", program: "python", runtime: "python",
    note: "FROM python:*-slim, ENTRYPOINT [\"/entrypoint.sh\"] (no CMD: a command is ignored) ends in exec gosu … python -m uvicorn main:app (or exec python -m uvicorn when a user is set)",
    source: gh("dullage/flatnotes", "a38ac15e0019f7459531afd29db6c1cb999327c8", "entrypoint.sh"),
    seeAlso: [gh("dullage/flatnotes", "a38ac15e0019f7459531afd29db6c1cb999327c8", "Dockerfile")],
  },
  {
    name: "stonith404/pingvin-share",
    verdict: "reaper", program: "sh", passesToCommand: true, runtime: "shell", busybox: true,
    note: "FROM node:*-alpine, ENTRYPOINT sh ./scripts/docker/create-user.sh ends in exec su-exec … \"$@\"; CMD sh ./scripts/docker/entrypoint.sh starts caddy and the frontend in the background, runs npm run prod, then `wait -n`: the shell stays PID 1 and reaps while it waits",
    source: gh("stonith404/pingvin-share", "4f9a502e40360a062ced981010566744e05a1c33", "scripts/docker/entrypoint.sh"),
    seeAlso: [gh("stonith404/pingvin-share", "4f9a502e40360a062ced981010566744e05a1c33", "Dockerfile"), gh("stonith404/pingvin-share", "4f9a502e40360a062ced981010566744e05a1c33", "scripts/docker/create-user.sh")],
  },
  {
    name: "crowdsecurity/crowdsec", aliases: ["ghcr.io/crowdsecurity/crowdsec"],
    verdict: "non-reaper", program: "crowdsec", runtime: "go", busybox: true,
    note: "alpine, ENTRYPOINT [\"/bin/bash\", \"/docker_start.sh\"] (no CMD) ends in exec crowdsec $ARGS",
    source: gh("crowdsecurity/crowdsec", "a88b497b471e0f97c76997d177400502baf01903", "build/docker/Dockerfile"),
    seeAlso: [gh("crowdsecurity/crowdsec", "a88b497b471e0f97c76997d177400502baf01903", "build/docker/docker_start.sh"), gh("crowdsecurity/crowdsec", "a88b497b471e0f97c76997d177400502baf01903", ".github/workflows/publish-docker.yml")],
    variants: [{ id: "debian", tags: ["debian"], busybox: false, note: "debian slim, the same entrypoint", source: gh("crowdsecurity/crowdsec", "a88b497b471e0f97c76997d177400502baf01903", "build/docker/Dockerfile.debian") }],
  },
  {
    name: "ghcr.io/gchq/cyberchef",
    verdict: "reaper", program: "nginx", passesToCommand: true, runtime: "c", busybox: true,
    note: "FROM nginxinc/nginx-unprivileged:stable-alpine with no ENTRYPOINT or CMD of its own: that image's entrypoint (exec \"$@\") and nginx master",
    source: gh("gchq/CyberChef", "2e048b0290854781db61e20638dca62978379032", "Dockerfile"),
    seeAlso: [gh("gchq/CyberChef", "2e048b0290854781db61e20638dca62978379032", ".github/workflows/releases.yml")],
  },
  {
    name: "ghcr.io/kiwix/kiwix-serve",
    verdict: "init", program: "dumb-init", shipsInit: "/usr/bin/dumb-init", busybox: true,
    note: "FROM ghcr.io/kiwix/kiwix-tools (alpine with dumb-init from apk), ENTRYPOINT [\"/usr/bin/dumb-init\", \"--\", \"/usr/local/bin/start.sh\"]",
    source: gh("kiwix/kiwix-tools", "f76e38bdc06b86b73ba8e84a5de234a0d6c3fa3d", "docker/server/Dockerfile"),
    seeAlso: [gh("kiwix/kiwix-tools", "f76e38bdc06b86b73ba8e84a5de234a0d6c3fa3d", "docker/Dockerfile"), gh("kiwix/kiwix-tools", "f76e38bdc06b86b73ba8e84a5de234a0d6c3fa3d", ".github/workflows/docker.yml")],
  },
  {
    name: "ghcr.io/librespeed/speedtest",
    verdict: "reaper", program: "apache2-foreground", passesToCommand: true, runtime: "c",
    note: "FROM php:8-apache, CMD [\"bash\", \"/entrypoint.sh\"], which ends in exec apache2-foreground",
    source: gh("librespeed/speedtest", "04cdce6acfa12a83a7db899c9bde3bc6b4e27fa4", "Dockerfile"),
    seeAlso: [gh("librespeed/speedtest", "04cdce6acfa12a83a7db899c9bde3bc6b4e27fa4", "docker/entrypoint.sh"), gh("librespeed/speedtest", "04cdce6acfa12a83a7db899c9bde3bc6b4e27fa4", ".github/workflows/docker-publish.yml")],
    variants: [{ ...ALPINE, program: "httpd", note: "alpine, the same CMD; the script ends in exec httpd -DFOREGROUND", source: gh("librespeed/speedtest", "04cdce6acfa12a83a7db899c9bde3bc6b4e27fa4", "Dockerfile.alpine") }],
  },
  {
    name: "ghcr.io/autobrr/autobrr",
    verdict: "non-reaper", program: "autobrr", runtime: "go", busybox: true,
    note: "alpine, ENTRYPOINT [\"/usr/local/bin/autobrr\", \"--config\", \"/config\"]",
    source: gh("autobrr/autobrr", "489d8ddf9bb3c1c0e62b8c78f8535408f78131ca", "Dockerfile"),
  },
  {
    name: "ghcr.io/hargata/lubelogger", aliases: ["hargata/lubelogger"],
    verdict: "non-reaper", program: "CarCareTracker", passesToCommand: true, runtime: "dotnet",
    note: "FROM mcr.microsoft.com/dotnet/aspnet, no ENTRYPOINT, CMD [\"./CarCareTracker\"]",
    source: gh("hargata/lubelog", "95e811b7b071837b53210ba3b2db38e2c3abaf21", "Dockerfile"),
    seeAlso: [gh("hargata/lubelog", "95e811b7b071837b53210ba3b2db38e2c3abaf21", ".github/workflows/build-and-push-image.yml")],
  },
  {
    name: "dockurr/windows",
    verdict: "init", program: "tini", shipsInit: "/usr/bin/tini",
    note: "FROM the qemux/qemu image's files, ENTRYPOINT [\"/usr/bin/tini\", \"-s\", \"/run/entry.sh\"]",
    source: gh("dockur/windows", "efe47da76d49c9d77c0a26799c70315fa4d91055", "Dockerfile"),
  },
  {
    name: "ghcr.io/fuzzygrim/yamtrack",
    verdict: "reaper", program: "supervisord", passesToCommand: true, runtime: "python",
    note: "FROM python:*-slim, no ENTRYPOINT, CMD /entrypoint.sh ends in exec supervisord -c /etc/supervisord.conf (nodaemon=true), which runs gunicorn and celery",
    source: gh("FuzzyGrim/Yamtrack", "e5a138cf33bc61254b899912d658ff4a7992da9d", "entrypoint.sh"),
    seeAlso: [gh("FuzzyGrim/Yamtrack", "e5a138cf33bc61254b899912d658ff4a7992da9d", "Dockerfile"), gh("FuzzyGrim/Yamtrack", "e5a138cf33bc61254b899912d658ff4a7992da9d", "supervisord.conf")],
  },
  {
    name: "ghcr.io/danny-avila/librechat-rag-api-dev-lite", aliases: ["ghcr.io/danny-avila/librechat-rag-api-dev"],
    verdict: "non-reaper", program: "python", passesToCommand: true, runtime: "python",
    note: "FROM python:3.12(-slim), no ENTRYPOINT, CMD [\"python\", \"main.py\"] (Dockerfile.lite for -lite, Dockerfile for the full image)",
    source: gh("danny-avila/rag_api", "4985b37b8b5d4519d68eceedfef1e63624012f9d", "Dockerfile.lite"),
    seeAlso: [gh("danny-avila/rag_api", "4985b37b8b5d4519d68eceedfef1e63624012f9d", "Dockerfile"), gh("danny-avila/rag_api", "4985b37b8b5d4519d68eceedfef1e63624012f9d", ".github/workflows/docker-build-workflow.yaml")],
  },
  {
    name: "bellamy/wallos",
    verdict: "init", program: "dumb-init", shipsInit: "dumb-init", busybox: true,
    note: "FROM php:8.3-fpm-alpine with dumb-init from apk, ENTRYPOINT [\"dumb-init\", \"--\"], CMD startup.sh (starts php-fpm, crond and nginx, then waits): a command replaces the script, still under dumb-init",
    source: gh("ellite/Wallos", "5d5baf357182a1bee2a9d918fe2e657ca4585269", "Dockerfile"),
    seeAlso: [gh("ellite/Wallos", "5d5baf357182a1bee2a9d918fe2e657ca4585269", "startup.sh")],
  },
  {
    name: "ghcr.io/kieraneglin/pinchflat", aliases: ["keglin/pinchflat"],
    verdict: "non-reaper", program: "pinchflat", passesToCommand: true, runtime: "beam", assumed: true,
    note: "debian, no ENTRYPOINT, CMD /app/bin/docker_start runs the migrations and ends in exec ./pinchflat start (the Elixir release, which runs the Erlang VM); the VM's handling of children it did not start was not read",
    source: gh("kieraneglin/pinchflat", "163e8eb8ccef84c3f71f274634a61820562f34be", "docker/selfhosted.Dockerfile"),
    seeAlso: [gh("kieraneglin/pinchflat", "163e8eb8ccef84c3f71f274634a61820562f34be", "rel/overlays/bin/docker_start"), gh("kieraneglin/pinchflat", "163e8eb8ccef84c3f71f274634a61820562f34be", ".github/workflows/docker_release.yml")],
  },
  {
    name: "photoprism/photoprism",
    verdict: "reaper", program: "entrypoint.sh", runtime: "shell",
    note: "FROM photoprism/develop:*-slim (scripts/dist copied to /scripts), ENTRYPOINT /scripts/entrypoint.sh, CMD photoprism start: bash runs the command in a restart loop in the background, traps TERM and `wait`s: bash stays PID 1 and reaps while it waits, also with a command",
    source: gh("photoprism/photoprism", "382ffa89927f9fa2aca6ab83481177e0d81dd405", "scripts/dist/entrypoint.sh"),
    seeAlso: [gh("photoprism/photoprism", "382ffa89927f9fa2aca6ab83481177e0d81dd405", "docker/photoprism/oracular/Dockerfile"), gh("photoprism/photoprism", "382ffa89927f9fa2aca6ab83481177e0d81dd405", "docker/develop/oracular-slim/Dockerfile"), gh("photoprism/photoprism", "382ffa89927f9fa2aca6ab83481177e0d81dd405", "Makefile")],
  },
  {
    name: "amancevice/superset",
    verdict: "reaper", program: "gunicorn", passesToCommand: true, runtime: "python",
    note: "FROM python, no ENTRYPOINT, CMD [\"gunicorn\", \"superset.app:create_app()\"]: the gunicorn arbiter",
    source: gh("amancevice/docker-superset", "dc1f023a80cdd64744a2d5b4a538456271df557d", "Dockerfile"),
  },
  {
    name: "linkstackorg/linkstack",
    verdict: "reaper", program: "docker-entrypoint.sh", passesToCommand: true, runtime: "shell", busybox: true,
    note: "alpine, no ENTRYPOINT, CMD docker-entrypoint.sh: a #!/bin/sh script that ends in `httpd -D FOREGROUND` without exec: the shell stays PID 1 and reaps while it waits",
    source: gh("LinkStackOrg/linkstack-docker", "0e6b851b5575a0f4b530419251f57a24ca51651e", "docker-entrypoint.sh"),
    seeAlso: [gh("LinkStackOrg/linkstack-docker", "0e6b851b5575a0f4b530419251f57a24ca51651e", "Dockerfile")],
  },
  {
    name: "lukevella/rallly",
    verdict: "reaper", program: "docker-start.sh", passesToCommand: true, runtime: "shell",
    note: "FROM node:*-slim (its docker-entrypoint.sh ends in exec \"$@\"), CMD ./docker-start.sh: a #!/bin/sh script that runs the migration, then `node apps/web/server.js` without exec: the shell stays PID 1 and reaps while it waits",
    source: gh("lukevella/rallly", "c629b3148024e40a115a731d3660d725c9329b0e", "scripts/docker-start.sh"),
    seeAlso: [gh("lukevella/rallly", "c629b3148024e40a115a731d3660d725c9329b0e", "apps/web/Dockerfile"), gh("lukevella/rallly", "c629b3148024e40a115a731d3660d725c9329b0e", ".github/workflows/docker-image.yml")],
  },
  {
    name: "openspeedtest/latest",
    verdict: "reaper", program: "entrypoint.sh", passesToCommand: true, runtime: "shell", busybox: true,
    note: "FROM nginxinc/nginx-unprivileged:stable-alpine (its entrypoint ends in exec \"$@\"), CMD /entrypoint.sh: a #!/bin/sh script that starts nginx in the background, then crond -b, then `tail -f /dev/null` without exec: the shell stays PID 1 and reaps while it waits",
    source: gh("openspeedtest/Docker-Image", "fc86f9f4bd240fec5eb7670836e37252527afab7", "files/entrypoint.sh"),
    seeAlso: [gh("openspeedtest/Docker-Image", "fc86f9f4bd240fec5eb7670836e37252527afab7", "Dockerfile")],
  },
  {
    name: "reallibrephotos/librephotos",
    verdict: "reaper", program: "entrypoint.sh", passesToCommand: true, runtime: "shell",
    note: "FROM reallibrephotos/librephotos-base, no ENTRYPOINT, CMD /entrypoint.sh: bash starts qcluster in the background and runs `gunicorn … | tee` without exec: bash stays PID 1 and reaps while it waits",
    source: gh("LibrePhotos/librephotos-docker", "d8b7b504b625b422a26c046e726b903f12355659", "backend/entrypoint.sh"),
    seeAlso: [gh("LibrePhotos/librephotos-docker", "d8b7b504b625b422a26c046e726b903f12355659", "backend/Dockerfile")],
  },
  {
    name: "reallibrephotos/librephotos-frontend",
    verdict: "non-reaper", program: "serve", runtime: "go",
    note: "FROM halverneus/static-file-server, ENTRYPOINT [\"/serve\"]: a Go static file server",
    source: gh("LibrePhotos/librephotos-docker", "d8b7b504b625b422a26c046e726b903f12355659", "frontend/Dockerfile"),
  },
  {
    name: "reallibrephotos/librephotos-proxy",
    verdict: "reaper", program: "nginx", passesToCommand: true, runtime: "c",
    note: "FROM nginx with no ENTRYPOINT or CMD of its own: the official image's entrypoint (exec \"$@\") and nginx master",
    source: gh("LibrePhotos/librephotos-docker", "d8b7b504b625b422a26c046e726b903f12355659", "proxy/Dockerfile"),
  },
  {
    name: "rustfs/rustfs", aliases: ["ghcr.io/rustfs/rustfs", "quay.io/rustfs/rustfs"],
    verdict: "non-reaper", program: "rustfs", passesToCommand: true, prepend: "always", runtime: "rust", busybox: true,
    note: "alpine, ENTRYPOINT /entrypoint.sh, CMD rustfs: the script puts /usr/bin/rustfs before any command but rustfs itself and cargo, and ends in exec \"$@\"",
    source: gh("rustfs/rustfs", "20d1266496ba50dbec09b2263c504416840c61f7", "entrypoint.sh"),
    seeAlso: [gh("rustfs/rustfs", "20d1266496ba50dbec09b2263c504416840c61f7", "Dockerfile"), gh("rustfs/rustfs", "20d1266496ba50dbec09b2263c504416840c61f7", ".github/workflows/docker.yml")],
  },
  {
    name: "balzack/databag",
    verdict: "reaper", program: "entrypoint.sh", runtime: "shell", busybox: true,
    note: "FROM golang:alpine, shell-form ENTRYPOINT /app/databag/net/server/entrypoint.sh (sh -c execs it): a #!/bin/sh script that runs ./databag (or tail -f after nohup … &) without exec: the shell stays PID 1 and reaps while it waits",
    source: gh("balzack/databag", "45343338582b394f4f5fdb4b7e271ea1dc8dd5fd", "net/server/entrypoint.sh"),
    seeAlso: [gh("balzack/databag", "45343338582b394f4f5fdb4b7e271ea1dc8dd5fd", "Dockerfile")],
  },
  {
    name: "pepperlabs/peppermint",
    verdict: "non-reaper", program: "pm2-runtime", passesToCommand: true, runtime: "node",
    note: "FROM node:lts (its docker-entrypoint.sh ends in exec \"$@\"), CMD [\"pm2-runtime\", \"ecosystem.config.js\"]: pm2 (node) is PID 1 and runs the api and the client as its children",
    source: gh("Peppermint-Lab/peppermint", "ba6e2179f9409db76abeb9a3007a262160e24628", "dockerfile"),
  },
  {
    name: "ghcr.io/immich-app/postgres",
    verdict: "reaper", program: "postgres", passesToCommand: true, prepend: "flags", runtime: "c",
    note: "FROM pgvector/pgvector (FROM postgres), ENTRYPOINT immich-docker-entrypoint.sh, which ends in exec /usr/local/bin/docker-entrypoint.sh \"$@\" (the official entrypoint); CMD postgres -c config_file=…",
    source: gh("immich-app/base-images", "ff4be93749a9dd61393f8ee88613b5039c0a389a", "postgres/Dockerfile"),
    seeAlso: [gh("immich-app/base-images", "ff4be93749a9dd61393f8ee88613b5039c0a389a", "postgres/immich-docker-entrypoint.sh"), gh("immich-app/base-images", "ff4be93749a9dd61393f8ee88613b5039c0a389a", ".github/workflows/build-postgres.yml")],
  },
  {
    name: "b3log/siyuan",
    verdict: "non-reaper", program: "kernel", runtime: "go", busybox: true,
    note: "alpine, ENTRYPOINT /opt/siyuan/entrypoint.sh, CMD /opt/siyuan/kernel serve: the script keeps the arguments as kernel flags and ends in exec su-exec … /opt/siyuan/kernel --workspace=… $ARGS",
    source: gh("siyuan-note/siyuan", "eef10568384e2e7cf547adb029ae46a72e43c287", "kernel/entrypoint.sh"),
    seeAlso: [gh("siyuan-note/siyuan", "eef10568384e2e7cf547adb029ae46a72e43c287", "Dockerfile"), gh("siyuan-note/siyuan", "eef10568384e2e7cf547adb029ae46a72e43c287", ".github/workflows/dockerimage.yml")],
  },
  {
    name: "ghcr.io/maybe-finance/maybe",
    verdict: "non-reaper", program: "rails", passesToCommand: true, runtime: "ruby", assumed: true,
    note: "FROM ruby:*-slim, ENTRYPOINT /rails/bin/docker-entrypoint (db:prepare for `rails server`, then exec \"$@\"), CMD ./bin/rails server: the Ruby process runs puma; Ruby's handling of children it did not start was not read",
    source: gh("maybe-finance/maybe", "77b5469832758d1cbee1a940f3012a1ae1c74cd3", "Dockerfile"),
    seeAlso: [gh("maybe-finance/maybe", "77b5469832758d1cbee1a940f3012a1ae1c74cd3", "bin/docker-entrypoint"), gh("maybe-finance/maybe", "77b5469832758d1cbee1a940f3012a1ae1c74cd3", ".github/workflows/publish.yml")],
  },
  {
    name: "postgrest/postgrest",
    verdict: "non-reaper", program: "postgrest", passesToCommand: true, assumed: true,
    note: "built with Nix dockerTools (no Dockerfile, no shell): no ENTRYPOINT, Cmd [\"/bin/postgrest\"], a Haskell program whose child handling was not read",
    source: gh("PostgREST/postgrest", "4834678902681402a56c490f29947826e7ed5308", "nix/tools/docker/default.nix"),
    seeAlso: [gh("PostgREST/postgrest", "4834678902681402a56c490f29947826e7ed5308", ".github/workflows/release.yaml")],
  },
];
