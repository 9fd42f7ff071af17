// Images of self-hosted stacks, test services and developer tooling (a second batch of project and
// vendor images). Each entry was checked by reading the Dockerfile that builds the image (and the
// script its ENTRYPOINT/CMD runs) at the commit in `source`; `seeAlso` names the further files read.
import { ALPINE, gh } from "./common.js";
import type { ImageEntry } from "../types.js";

const SNUBA = "61009262d9a0b81ba952265a7f245e502674cef2";
const UVICORN_GUNICORN = "cb5abd5fddd4faa8b8a7c4765f8ed267b567476f";

export const SERVICE_IMAGES: ImageEntry[] = [
  // Sentry's self-hosted services
  {
    name: "ghcr.io/getsentry/snuba", aliases: ["getsentry/snuba"],
    verdict: "non-reaper", program: "snuba", passesToCommand: true, prepend: "subcommands", runtime: "python",
    note: "the `application` stage: ENTRYPOINT python3 docker_entrypoint.py, CMD api; the script os.execvp's `snuba …` for a flag or a snuba subcommand (api, rust-consumer …), else the command itself; `snuba api` serves with Granian from that python process",
    source: gh("getsentry/snuba", SNUBA, "Dockerfile"),
    seeAlso: [gh("getsentry/snuba", SNUBA, "docker_entrypoint.py"), gh("getsentry/snuba", SNUBA, ".github/workflows/image.yml")],
  },
  {
    name: "ghcr.io/getsentry/taskbroker", aliases: ["getsentry/taskbroker"],
    verdict: "non-reaper", program: "taskbroker", passesToCommand: true, runtime: "rust",
    note: "debian:bookworm-slim with no ENTRYPOINT: CMD /opt/taskbroker",
    source: gh("getsentry/taskbroker", "f7d59e2c3c70f40194e9454464595c9ccf8508a7", "Dockerfile"),
  },
  {
    name: "ghcr.io/getsentry/vroom", aliases: ["getsentry/vroom"],
    verdict: "non-reaper", program: "vroom", runtime: "go",
    note: "ENTRYPOINT [\"/bin/vroom\"]",
    source: gh("getsentry/vroom", "425cd97d61f910a04e0b2cff47a55ede489a07b2", "Dockerfile"),
  },
  {
    name: "ghcr.io/getsentry/uptime-checker", aliases: ["getsentry/uptime-checker"],
    verdict: "init", program: "tini", shipsInit: "/sbin/tini", busybox: true,
    note: "ENTRYPOINT [\"/sbin/tini\", \"--\", \"/usr/local/bin/uptime-checker\"]: a command gives uptime-checker's arguments (run …)",
    source: gh("getsentry/uptime-checker", "a36cc551715877e61f49372fbfe49ef110bbc8f5", "Dockerfile"),
  },
  {
    name: "ghcr.io/getsentry/launchpad", aliases: ["getsentry/launchpad"],
    verdict: "non-reaper", program: "launchpad", runtime: "python",
    note: "FROM python:3.13-slim, ENTRYPOINT [\"launchpad\"], CMD serve: a command gives launchpad's arguments (worker …)",
    source: gh("getsentry/launchpad", "03cc8fbedd9cec586bd44f26d644e002dacdeb8a", "Dockerfile"),
  },
  {
    name: "edoburu/pgbouncer",
    verdict: "non-reaper", program: "pgbouncer", passesToCommand: true, runtime: "c", busybox: true, assumed: true,
    note: "alpine; ENTRYPOINT /entrypoint.sh writes pgbouncer.ini and ends in exec \"$@\"; CMD /usr/bin/pgbouncer /etc/pgbouncer/pgbouncer.ini; pgbouncer's own child handling was not read",
    source: gh("edoburu/docker-pgbouncer", "91a581b7e9ea0c6b3e9001db39d67efa8b05dfb2", "Dockerfile"),
    seeAlso: [gh("edoburu/docker-pgbouncer", "91a581b7e9ea0c6b3e9001db39d67efa8b05dfb2", "entrypoint.sh")],
  },
  // mail sinks and test services
  {
    name: "maildev/maildev",
    verdict: "non-reaper", program: "node", runtime: "node", busybox: true,
    note: "FROM node:*-alpine, ENTRYPOINT [\"node\", \"dist/bin/maildev.js\"] (2.x: ENTRYPOINT [\"bin/maildev\"], a node script): a command gives maildev's flags",
    source: gh("maildev/maildev", "7756cfa1a767e1d3b67f57dcfef7d72ee4fb1b33", "Dockerfile"),
    seeAlso: [gh("maildev/maildev", "f2d7f253ae145dddd86a9a5633039ee68b3e1a73", "Dockerfile")],
  },
  {
    name: "greenmail/standalone",
    verdict: "non-reaper", program: "java", runtime: "java",
    note: "ENTRYPOINT run_greenmail.sh, which ends in exec java … -jar greenmail-standalone.jar",
    source: gh("greenmail-mail-test/greenmail", "7e8b883f911da73da7c6e3bd48d64cae83c2f6f3", "greenmail-docker/standalone/Dockerfile"),
    seeAlso: [gh("greenmail-mail-test/greenmail", "7e8b883f911da73da7c6e3bd48d64cae83c2f6f3", "greenmail-docker/standalone/run_greenmail.sh")],
  },
  {
    name: "rnwood/smtp4dev",
    verdict: "non-reaper", program: "dotnet", runtime: "dotnet",
    note: "FROM mcr.microsoft.com/dotnet/aspnet, ENTRYPOINT [\"dotnet\", \"/app/Rnwood.Smtp4dev.dll\"]",
    source: gh("rnwood/smtp4dev", "738a75ffb74883229108a361c6958039cb97870b", "Dockerfile.linux"),
  },
  {
    name: "ghcr.io/navikt/mock-oauth2-server",
    verdict: "non-reaper", program: "java", runtime: "java",
    note: "built by Jib (no Dockerfile): Jib's entrypoint is java <jvmFlags> -cp … <mainClass>; a command gives the main class's arguments",
    source: gh("navikt/mock-oauth2-server", "1e8fcced396bf7751a743dc329ee629c1c1f2f93", "build.gradle.kts"),
  },
  {
    name: "rroemhild/test-openldap", aliases: ["ghcr.io/rroemhild/docker-test-openldap"],
    verdict: "s6", program: "s6-svscan", passesToCommand: true,
    note: "s6-overlay v2 installed into debian:bookworm-slim, no ENTRYPOINT: CMD [\"/init\"] (s6, which must be PID 1) runs slapd as a service; a command replaces /init",
    source: gh("rroemhild/docker-test-openldap", "07f302d78bfc482c8b220e2fcafbe64bf852616a", "Dockerfile"),
  },
  {
    name: "cypress/included",
    verdict: "non-reaper", program: "cypress", runtime: "node", entrypointArgv: ["cypress", "run"],
    note: "FROM cypress/factory, ENTRYPOINT [\"cypress\", \"run\"]: the cypress CLI (node) runs the tests and exits; a command gives `cypress run`'s flags",
    source: gh("cypress-io/cypress-docker-images", "a8a9b6d9f6df474a647ba582fad2aaacee949d2f", "factory/Dockerfile"),
  },
  {
    name: "serjs/go-socks5-proxy",
    verdict: "non-reaper", program: "socks5", runtime: "go",
    note: "FROM gcr.io/distroless/static, ENTRYPOINT [\"/socks5\"]",
    source: gh("serjs/socks5-server", "3c8d31b9e9f67b9ecee2b7ad6868ecd44e6b4eeb", "Dockerfile"),
  },
  // self-hosted applications
  {
    name: "twinproduction/gatus",
    verdict: "non-reaper", program: "gatus", runtime: "go",
    note: "FROM scratch, ENTRYPOINT [\"/gatus\"]",
    source: gh("TwiN/gatus", "050e70f4229eab3cfb71aedf8cfe17e0c6bd91e4", "Dockerfile"),
  },
  {
    name: "coredns/coredns",
    verdict: "non-reaper", program: "coredns", runtime: "go",
    note: "FROM scratch, ENTRYPOINT [\"/coredns\"]: a command gives its flags",
    source: gh("coredns/coredns", "0ee1feea407767c7f5dea47437f5426f70f90f1f", "Dockerfile"),
  },
  {
    name: "mher/flower",
    verdict: "non-reaper", program: "celery", passesToCommand: true, runtime: "python", busybox: true,
    note: "FROM python:alpine with no ENTRYPOINT: CMD celery flower",
    source: gh("mher/flower", "071a02b83997c67e468bef7c146f8137066c069a", "Dockerfile"),
  },
  {
    name: "koenkk/zigbee2mqtt", aliases: ["ghcr.io/koenkk/zigbee2mqtt"],
    verdict: "init", program: "tini", passesToCommand: true, shipsInit: "/sbin/tini", busybox: true,
    note: "ENTRYPOINT docker-entrypoint.sh ends in exec \"$@\"; CMD [\"/sbin/tini\", \"--\", \"node\", \"index.js\"]: a command replaces the init",
    source: gh("Koenkk/zigbee2mqtt", "00fddfd29c95e47ef71f7b49214f9ec2fc656ca3", "docker/Dockerfile"),
    seeAlso: [gh("Koenkk/zigbee2mqtt", "ae8b4d4be04a34a0246a7e894b14c0c6a5a863a5", "docker/docker-entrypoint.sh")],
  },
  {
    name: "ghcr.io/goauthentik/server",
    verdict: "init", program: "dumb-init", shipsInit: "dumb-init",
    note: "ENTRYPOINT [\"dumb-init\", \"--\", \"ak\"]: a command gives ak's subcommand (server, worker)",
    source: gh("goauthentik/authentik", "0027813e4b425c638b07946f741345ae170c033d", "Dockerfile"),
  },
  {
    name: "sissbruecker/linkding",
    verdict: "reaper", program: "bootstrap.sh", passesToCommand: true, runtime: "shell",
    note: "CMD ./bootstrap.sh, a bash script that ends in uwsgi … without exec: bash stays PID 1 and reaps while it waits (it does not pass SIGTERM on)",
    source: gh("sissbruecker/linkding", "1520b61e3b698df83e03ec3ca95374a0777328f0", "bootstrap.sh"),
    seeAlso: [gh("sissbruecker/linkding", "004319adaeb431a88972a54a3499331806abeb89", "docker/default.Dockerfile")],
  },
  {
    name: "jitsi/web", aliases: ["jitsi/prosody", "jitsi/jicofo", "jitsi/jvb", "jitsi/base", "jitsi/base-java"],
    verdict: "s6", program: "s6-svscan",
    note: "FROM jitsi/base (or base-java, built on it): ENTRYPOINT [\"/init\"], s6-overlay, which must be PID 1",
    source: gh("jitsi/docker-jitsi-meet", "0134e33af13f3ada59fd29cae955e9bcead153d9", "base/Dockerfile"),
    seeAlso: [gh("jitsi/docker-jitsi-meet", "019fe9ebdf044e1dcf1def0baab2a39a822680a1", "web/Dockerfile"), gh("jitsi/docker-jitsi-meet", "086d047f8a6237de68d62a45c33d529d5a5658d9", "jvb/Dockerfile"), gh("jitsi/docker-jitsi-meet", "2b8b43ad24149af267a0eeb02ea516424b26f3c5", "jicofo/Dockerfile")],
  },
  {
    name: "ghcr.io/mastodon/mastodon", aliases: ["tootsuite/mastodon"],
    verdict: "init", program: "tini", shipsInit: "/usr/bin/tini",
    note: "ENTRYPOINT [\"/usr/bin/tini\", \"--\"] with no CMD: the command (bundle exec puma, sidekiq …) runs under tini",
    source: gh("mastodon/mastodon", "00297341af4ac8226753b1b82efff5df8f3c4d1b", "Dockerfile"),
  },
  {
    name: "vectorim/element-web", aliases: ["ghcr.io/element-hq/element-web"],
    verdict: "reaper", program: "nginx", passesToCommand: true, runtime: "c", busybox: true,
    note: "FROM nginx:alpine-slim with no ENTRYPOINT or CMD of its own: the nginx image's",
    source: gh("element-hq/element-web", "036353ace17643419fd953a3a708d0243e849339", "Dockerfile"),
  },
  {
    name: "supabase/storage-api",
    verdict: "non-reaper", program: "node", passesToCommand: true, prepend: "flags", runtime: "node", busybox: true,
    note: "FROM node:*-alpine (its entrypoint passes the command), CMD node dist/server.js",
    source: gh("supabase/storage", "04df1553ceffffa5311e2b5f7b5e0e276c8dd8c3", "Dockerfile"),
  },
  {
    name: "supabase/gotrue", aliases: ["supabase/auth"],
    verdict: "non-reaper", program: "auth", passesToCommand: true, runtime: "go", busybox: true,
    note: "alpine with no ENTRYPOINT: CMD auth (also linked as gotrue)",
    source: gh("supabase/auth", "090300577d2d317a0006fb2ca4c428bb5d724077", "Dockerfile"),
  },
  {
    name: "swaggerapi/swagger-ui", aliases: ["docker.swagger.io/swaggerapi/swagger-ui"],
    verdict: "reaper", program: "nginx", passesToCommand: true, runtime: "c", busybox: true,
    note: "FROM nginx:*-alpine with no ENTRYPOINT or CMD of its own: the nginx image's (its /docker-entrypoint.d scripts write the configuration)",
    source: gh("swagger-api/swagger-ui", "01e380e3bce7f36ad3d654c1589508f99bd7f7a3", "Dockerfile"),
  },
  {
    name: "postman/newman", aliases: ["postman/newman_alpine", "postman/newman_ubuntu"],
    verdict: "non-reaper", program: "newman", runtime: "node", entrypointArgv: ["newman"],
    note: "ENTRYPOINT [\"newman\"] (node): a command gives newman's arguments (run collection.json …)",
    source: gh("postmanlabs/newman", "07b09eccd7e26d8a8b910afa5e04d83d93197d0b", "docker/images/ubuntu/Dockerfile"),
    seeAlso: [gh("postmanlabs/newman", "07b09eccd7e26d8a8b910afa5e04d83d93197d0b", "docker/images/alpine/Dockerfile")],
  },
  {
    name: "gogs/gogs",
    verdict: "reaper", program: "s6-svscan", passesToCommand: true, busybox: true,
    note: "ENTRYPOINT docker/start.sh ends in exec \"$@\" (or exec s6-svscan with no command); CMD /bin/s6-svscan /app/gogs/docker/s6/ (plain s6, not s6-overlay)",
    source: gh("gogs/gogs", "011f9ffac0e2963620a2ceff26348fb4385b0462", "docker/start.sh"),
    seeAlso: [gh("gogs/gogs", "02c45093ecf2f1a16bbc8b427400b050179cd637", "Dockerfile")],
  },
  {
    name: "woodpeckerci/woodpecker-server",
    verdict: "non-reaper", program: "woodpecker-server", runtime: "go",
    note: "FROM scratch, ENTRYPOINT [\"/bin/woodpecker-server\"]",
    source: gh("woodpecker-ci/woodpecker", "13d567fd5ac1a0981f2919da11281c198f79c374", "docker/Dockerfile.server.multiarch"),
  },
  {
    name: "woodpeckerci/woodpecker-agent",
    verdict: "non-reaper", program: "woodpecker-agent", runtime: "go",
    note: "FROM scratch, ENTRYPOINT [\"/bin/woodpecker-agent\"]",
    source: gh("woodpecker-ci/woodpecker", "06f3ae40394cc883607e3d45e083d15261337204", "docker/Dockerfile.agent.multiarch"),
  },
  {
    name: "verdaccio/verdaccio",
    verdict: "init", program: "dumb-init", passesToCommand: true, shipsInit: "/usr/bin/dumb-init", busybox: true,
    note: "ENTRYPOINT uid_entrypoint ends in exec /usr/bin/dumb-init -- \"$@\"; shell-form CMD verdaccio --config …: any command runs under dumb-init",
    source: gh("verdaccio/verdaccio", "068ff4d71b81c0e816156a17633e985ab6e7b012", "docker-bin/uid_entrypoint"),
    seeAlso: [gh("verdaccio/verdaccio", "00b57662dbd45d2182079a4f2498feacd34e5d6a", "Dockerfile")],
  },
  {
    name: "mattermost/mattermost-team-edition", aliases: ["mattermost/mattermost-enterprise-edition"],
    verdict: "non-reaper", program: "mattermost", passesToCommand: true, prepend: "flags", runtime: "go",
    note: "ENTRYPOINT /entrypoint.sh prepends mattermost to flags and ends in exec \"$@\"; CMD mattermost",
    source: gh("mattermost/mattermost", "8e0ea26bdc23bd91daed20d95549b6c80235bd9e", "server/build/entrypoint.sh"),
    seeAlso: [gh("mattermost/mattermost", "00faf884419f191db7e0b755118b16450ec7c327", "server/build/Dockerfile")],
  },
  {
    name: "nocodb/nocodb",
    verdict: "init", program: "dumb-init", shipsInit: "/usr/bin/dumb-init", busybox: true,
    note: "ENTRYPOINT [\"/usr/bin/dumb-init\", \"--\"], CMD /usr/src/appEntry/start.sh",
    source: gh("nocodb/nocodb", "00b58be81efd2b86ea96feff55044d877691b4a8", "packages/nocodb/Dockerfile"),
  },
  {
    name: "stirlingtools/stirling-pdf", aliases: ["frooodle/s-pdf"],
    verdict: "init", program: "tini", shipsInit: "tini", busybox: true,
    note: "ENTRYPOINT [\"tini\", \"--\", \"/scripts/init.sh\"], CMD java -jar /app.jar",
    source: gh("Stirling-Tools/Stirling-PDF", "01c0c6185a13ae49e93b5445d5abba79a7059c4a", "Dockerfile"),
  },
  {
    name: "plexinc/pms-docker",
    verdict: "s6", program: "s6-svscan",
    note: "ENTRYPOINT [\"/init\"]: s6-overlay, which must be PID 1",
    source: gh("plexinc/pms-docker", "00698217dcdac173a8ff3d32cba64a6335bcba6f", "Dockerfile"),
  },
  {
    name: "gotify/server", aliases: ["ghcr.io/gotify/server"],
    verdict: "non-reaper", program: "gotify-app", runtime: "go",
    note: "ENTRYPOINT [\"./gotify-app\"]",
    source: gh("gotify/server", "02f22121dfd8219eddefb1fc45934afa725d4a75", "docker/Dockerfile"),
  },
  {
    name: "rclone/rclone",
    verdict: "non-reaper", program: "rclone", runtime: "go", busybox: true,
    note: "alpine, ENTRYPOINT [\"rclone\"]: a command gives rclone's arguments (serve …, mount …)",
    source: gh("rclone/rclone", "06fc21faeedf2dccbdc821c78f35df19a6ac3bed", "Dockerfile"),
  },
  {
    name: "roundcube/roundcubemail",
    verdict: "reaper", program: "apache2-foreground", passesToCommand: true, runtime: "c",
    note: "FROM php:*-apache; /docker-entrypoint.sh ends in exec \"$@\"; CMD apache2-foreground",
    source: gh("roundcube/roundcubemail-docker", "011e619942fba6c24be1d2eae88c634c4bdb0d39", "apache/docker-entrypoint.sh"),
    seeAlso: [gh("roundcube/roundcubemail-docker", "016c079d5ec9c565b1414d10358143a278560c6f", "apache/Dockerfile")],
    variants: [{ id: "fpm", tags: ["fpm"], program: "php-fpm", note: "FROM php:*-fpm, CMD php-fpm", source: gh("roundcube/roundcubemail-docker", "016c079d5ec9c565b1414d10358143a278560c6f", "fpm/Dockerfile") }, ALPINE],
  },
  {
    name: "traccar/traccar",
    verdict: "non-reaper", program: "java", runtime: "java",
    note: "ENTRYPOINT [\"java\", …], CMD -jar tracker-server.jar conf/traccar.xml",
    source: gh("traccar/traccar-docker", "09348297e4eba8af0fbb17d31542dc7d5d7e18c7", "Dockerfile.ubuntu"),
  },
  {
    name: "semitechnologies/weaviate", aliases: ["cr.weaviate.io/semitechnologies/weaviate"],
    verdict: "non-reaper", program: "weaviate", runtime: "go", busybox: true,
    note: "the weaviate stage: alpine, ENTRYPOINT [\"/bin/weaviate\"], CMD its flags",
    source: gh("weaviate/weaviate", "01410ed894969652b75a5c9182f0381b0252e251", "Dockerfile"),
  },
  {
    name: "langfuse/langfuse",
    verdict: "init", program: "dumb-init", shipsInit: "dumb-init", busybox: true,
    note: "ENTRYPOINT [\"dumb-init\", \"--\", \"./web/entrypoint.sh\"] (kept stable across versions, the Dockerfile says), shell-form CMD node ./web/server.js",
    source: gh("langfuse/langfuse", "000c18bef38a12f199a8b4f84622952292c63565", "web/Dockerfile"),
  },
  {
    name: "esphome/esphome", aliases: ["ghcr.io/esphome/esphome"],
    verdict: "non-reaper", program: "esphome", runtime: "python",
    note: "ENTRYPOINT /entrypoint.sh ends in exec esphome \"$@\"; CMD dashboard /config: a command gives esphome's arguments",
    source: gh("esphome/esphome", "36668539ecd230d8f65643a73ec1d0e2499bece3", "docker/docker_entrypoint.sh"),
    seeAlso: [gh("esphome/esphome", "001aa1a4d83e21f71491c6121e23c7caa38a15fb", "docker/Dockerfile")],
  },
  {
    name: "ghcr.io/blakeblackshear/frigate", aliases: ["blakeblackshear/frigate"],
    verdict: "s6", program: "s6-svscan",
    note: "ENTRYPOINT [\"/init\"]: s6-overlay, which must be PID 1",
    source: gh("blakeblackshear/frigate", "00b23e4235c64b7a2a219b6241684d22a8c79976", "docker/main/Dockerfile"),
  },
  {
    name: "actualbudget/actual-server",
    verdict: "init", program: "tini", shipsInit: "/usr/bin/tini",
    note: "ENTRYPOINT [\"/usr/bin/tini\", \"-g\", \"--\"], CMD node build/app.js",
    source: gh("actualbudget/actual", "005215a6a936623ef8ae20f307b1faa851615314", "sync-server.Dockerfile"),
  },
  {
    name: "fallenbagel/jellyseerr", aliases: ["ghcr.io/fallenbagel/jellyseerr"],
    verdict: "init", program: "tini", shipsInit: "/sbin/tini", busybox: true,
    note: "ENTRYPOINT [\"/sbin/tini\", \"--\"], CMD pnpm start",
    source: gh("Fallenbagel/jellyseerr", "0da85ca0d1121ecabae278d061769ef5b6892b71", "Dockerfile"),
  },
  {
    name: "nicolargo/glances",
    verdict: "non-reaper", program: "python3", passesToCommand: true, runtime: "python", busybox: true,
    note: "alpine with no ENTRYPOINT: shell-form CMD /venv/bin/python3 -m glances … (busybox sh execs the lone command)",
    source: gh("nicolargo/glances", "048e1fc6deb1e7c37383953f97c9c682ec6db3b6", "docker-files/alpine.Dockerfile"),
  },
  // browsers and test helpers
  {
    name: "zenika/alpine-chrome",
    verdict: "non-reaper", program: "chromium-browser", runtime: "c", busybox: true, assumed: true,
    note: "ENTRYPOINT [\"chromium-browser\", \"--headless\", …]: a command gives Chromium's flags; how Chromium treats children it did not start was not read",
    source: gh("Zenika/alpine-chrome", "07a8dd4efb432c92c62c1b3ee3b462302201c22a", "Dockerfile"),
  },
  {
    name: "ghcr.io/puppeteer/puppeteer",
    verdict: "non-reaper", program: "node", passesToCommand: true, prepend: "flags", runtime: "node",
    note: "FROM node with Chrome installed, no ENTRYPOINT or CMD of its own: node's entrypoint (exec \"$@\") and CMD node",
    source: gh("puppeteer/puppeteer", "062fa30d6abe12210d6b1b302d85d4b24ced0fe5", "docker/Dockerfile"),
  },
  {
    name: "testcontainers/ryuk",
    verdict: "non-reaper", program: "ryuk", passesToCommand: true, runtime: "go", busybox: true,
    note: "alpine with no ENTRYPOINT: CMD /bin/ryuk",
    source: gh("testcontainers/moby-ryuk", "086c61a5a7820f6d1c7c6b1a1d5aa7de42458bee", "linux/Dockerfile"),
  },
  // application servers
  {
    name: "tiangolo/uvicorn-gunicorn-fastapi",
    verdict: "reaper", program: "gunicorn", passesToCommand: true, runtime: "python",
    note: "FROM tiangolo/uvicorn-gunicorn (python, no ENTRYPOINT): CMD /start.sh sources /app/prestart.sh and ends in exec gunicorn -k uvicorn.workers.UvicornWorker …: the gunicorn arbiter",
    source: gh("tiangolo/uvicorn-gunicorn-fastapi-docker", "072ed47b707297526c1de46a51a18b0da6f79b82", "docker-images/python3.11-slim.dockerfile"),
    seeAlso: [gh("tiangolo/uvicorn-gunicorn-docker", UVICORN_GUNICORN, "docker-images/start.sh")],
    files: {
      "/start-reload.sh": {
        verdict: "non-reaper", program: "uvicorn", runtime: "python",
        note: "ends in exec uvicorn --reload …",
        source: gh("tiangolo/uvicorn-gunicorn-docker", UVICORN_GUNICORN, "docker-images/start-reload.sh"),
      },
    },
  },
  {
    name: "tiangolo/uvicorn-gunicorn",
    verdict: "reaper", program: "gunicorn", passesToCommand: true, runtime: "python",
    note: "FROM python with no ENTRYPOINT: CMD /start.sh sources /app/prestart.sh and ends in exec gunicorn -k uvicorn.workers.UvicornWorker …: the gunicorn arbiter",
    source: gh("tiangolo/uvicorn-gunicorn-docker", UVICORN_GUNICORN, "docker-images/python3.11-slim.dockerfile"),
    seeAlso: [gh("tiangolo/uvicorn-gunicorn-docker", UVICORN_GUNICORN, "docker-images/start.sh")],
    files: {
      "/start-reload.sh": {
        verdict: "non-reaper", program: "uvicorn", runtime: "python",
        note: "ends in exec uvicorn --reload …",
        source: gh("tiangolo/uvicorn-gunicorn-docker", UVICORN_GUNICORN, "docker-images/start-reload.sh"),
      },
    },
  },
  {
    name: "caronc/apprise",
    verdict: "reaper", program: "supervisord", passesToCommand: true, runtime: "python",
    note: "FROM python:*-slim with no ENTRYPOINT: CMD supervisord-startup ends in exec supervisord -c … (nodaemon=true), which runs nginx and gunicorn (1.0: CMD supervisord directly)",
    source: gh("caronc/apprise-api", "69b61871491bb3d1b80d8a15b5d100c10bd3d076", "apprise_api/supervisord-startup"),
    seeAlso: [gh("caronc/apprise-api", "69b61871491bb3d1b80d8a15b5d100c10bd3d076", "Dockerfile"), gh("caronc/apprise-api", "6e29103046d84e86db0d9b71b33b3523aa85f637", "Dockerfile")],
  },
  {
    name: "redislabs/redismod", aliases: ["redisfab/redismod"],
    verdict: "non-reaper", program: "redis-server", runtime: "c",
    note: "ENTRYPOINT [\"redis-server\"], CMD the --loadmodule flags: a command replaces the module list",
    source: gh("RedisLabsModules/redismod", "f3c548ad7c7ed84ce2d68458502fbeabd2ac494b", "Dockerfile.latest"),
  },
  {
    name: "itzg/minecraft-server", aliases: ["ghcr.io/itzg/minecraft-server"],
    verdict: "non-reaper", program: "mc-server-runner", runtime: "go",
    note: "ENTRYPOINT /image/scripts/start (bash) execs start-configuration, which ends in exec mc-server-runner … -- java …: the Go runner waits only for the server it starts (cmd.Wait)",
    source: gh("itzg/docker-minecraft-server", "f61f72196b54523271a7763a92f4298152b67528", "scripts/start-finalExec"),
    seeAlso: [gh("itzg/docker-minecraft-server", "f61f72196b54523271a7763a92f4298152b67528", "Dockerfile"), gh("itzg/mc-server-runner", "e867c58d4fa8ee9af08226d89cc8e164eb8a2bbb", "main.go")],
  },
  {
    name: "visibilityspots/cloudflared",
    verdict: "non-reaper", program: "cloudflared", passesToCommand: true, runtime: "go", busybox: true,
    note: "alpine with no ENTRYPOINT: CMD [\"/bin/sh\", \"-c\", \"/usr/local/bin/cloudflared proxy-dns …\"], and busybox sh execs a lone command",
    source: gh("visibilityspots/dockerfile-cloudflared", "0cf621dac9fab4a15d5357dfb3a3d6b9a8311d82", "Dockerfile"),
  },
];
