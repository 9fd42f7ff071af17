// Images published by projects and vendors (Docker Hub user images, ghcr.io, quay.io, vendor
// registries). Each entry was checked by reading the Dockerfile that builds it (and its entrypoint)
// at the commit in `source`; `aliases` lists the other registries the same build is pushed to.
import { ALPINE, gh } from "./common.js";
import type { ImageEntry } from "../types.js";

const S6_NOTE = "ENTRYPOINT [\"/init\"]: s6-overlay, which must be PID 1";
const LINUXSERVER = gh("linuxserver/docker-baseimage-alpine", "3d5a8b06a66bdf923dd537912cde796ccf915532", "Dockerfile");
const ELASTIC = "https://github.com/elastic/dockerfiles/blob";

export const COMMUNITY_IMAGES: ImageEntry[] = [
  // s6-overlay images: /init must be PID 1
  { name: "lscr.io/linuxserver/*", aliases: ["linuxserver/*", "ghcr.io/linuxserver/*"], verdict: "s6", program: "s6-svscan", note: `${S6_NOTE}; every linuxserver.io image builds on this base`, source: LINUXSERVER },
  { name: "ghcr.io/hotio/*", aliases: ["hotio/*"], verdict: "s6", program: "s6-svscan", note: S6_NOTE, source: gh("hotio/base", "7a36f8070728de8cd2a35a9ec4b4c6173377276a", "linux-amd64.Dockerfile") },
  {
    name: "ghcr.io/home-assistant/home-assistant", aliases: ["homeassistant/home-assistant", "home-assistant/home-assistant"],
    verdict: "s6", program: "s6-svscan", note: `${S6_NOTE}, from the Home Assistant base image`,
    source: gh("home-assistant/docker-base", "c8de5ab6449d496036adaa23c6f64354fdaea1d2", "alpine/Dockerfile"),
  },
  // images that run an init as PID 1
  {
    name: "jenkins/jenkins", verdict: "init", program: "tini", shipsInit: "/usr/bin/tini",
    note: "ENTRYPOINT [\"/usr/bin/tini\", \"--\", \"/usr/local/bin/jenkins.sh\"] (/sbin/tini on Alpine)",
    source: gh("jenkinsci/docker", "ab3f5e0a80d666b1d554c2b7cad38b5c5ee35f1c", "debian/Dockerfile"),
    variants: [{ ...ALPINE, shipsInit: "/sbin/tini", source: gh("jenkinsci/docker", "ab3f5e0a80d666b1d554c2b7cad38b5c5ee35f1c", "alpine/hotspot/Dockerfile") }],
  },
  {
    name: "quay.io/jupyter/*", aliases: ["jupyter/*"], verdict: "init", program: "tini", shipsInit: "tini",
    note: "ENTRYPOINT [\"tini\", \"-g\", \"--\", \"start.sh\"] in docker-stacks-foundation, the base of every Jupyter docker-stacks image",
    source: gh("jupyter/docker-stacks", "8209386950497966c8a9aa446b9a84a5dd78eab5", "images/docker-stacks-foundation/Dockerfile"),
  },
  {
    name: "gotenberg/gotenberg", verdict: "init", program: "tini", shipsInit: "/usr/bin/tini",
    note: "ENTRYPOINT [\"/usr/bin/tini\", \"--\"], CMD gotenberg",
    source: gh("gotenberg/gotenberg", "0b16b0ab34e6016cd8c05ed998bfd56ba422229e", "build/Dockerfile"),
  },
  {
    name: "getmeili/meilisearch", verdict: "init", program: "tini", shipsInit: "tini", busybox: true,
    note: "ENTRYPOINT [\"tini\", \"--\"], shell-form CMD /bin/meilisearch",
    source: gh("meilisearch/meilisearch", "5cb2f2e94befc717bbea60fec4a31ee64d2f60fd", "Dockerfile"),
  },
  {
    name: "archivebox/archivebox", verdict: "init", program: "dumb-init", shipsInit: "dumb-init",
    note: "ENTRYPOINT [\"dumb-init\", \"--\", \"/app/bin/docker_entrypoint.sh\"]",
    source: gh("ArchiveBox/ArchiveBox", "81d6d36fb3cdd1bfb350c2d4a4fb0272921397a8", "Dockerfile"),
  },
  {
    name: "louislam/uptime-kuma", verdict: "init", program: "dumb-init", shipsInit: "/usr/bin/dumb-init",
    note: "ENTRYPOINT [\"/usr/bin/dumb-init\", \"--\"], CMD node server/server.js",
    source: gh("louislam/uptime-kuma", "6398a9581d1c3c427a7536559f47ccf45dac08b4", "docker/dockerfile"),
  },
  {
    name: "ghcr.io/wg-easy/wg-easy", verdict: "init", program: "dumb-init", passesToCommand: true, shipsInit: "/usr/bin/dumb-init", busybox: true,
    note: "CMD [\"/usr/bin/dumb-init\", \"node\", \"server/index.mjs\"] on node's pass-through entrypoint: a command replaces the init",
    source: gh("wg-easy/wg-easy", "bc05e0eac15d894b642a1c0ab44d4c89de64e7da", "Dockerfile"),
  },
  // Elastic stack (the library images are built from the same elastic/dockerfiles trees)
  {
    name: "docker.elastic.co/elasticsearch/elasticsearch", aliases: ["elasticsearch"],
    verdict: "init", program: "tini", shipsInit: "/bin/tini",
    note: "ENTRYPOINT [\"/bin/tini\", \"--\", \"/usr/local/bin/docker-entrypoint.sh\"] since 7.7 (/tini until 7.10)",
    source: `${ELASTIC}/f15851a9a22d36ecdf682c600f316b6b413e291a/elasticsearch/Dockerfile`,
    variants: [{ id: "<7.7", versions: { max: "7.6" }, verdict: "non-reaper", program: "java", runtime: "java", passesToCommand: true, shipsInit: undefined, note: "ENTRYPOINT docker-entrypoint.sh without an init", source: `${ELASTIC}/1651be58de16c457eaafca07e5a4361c5765bf1e/elasticsearch/Dockerfile` }],
  },
  {
    name: "docker.elastic.co/kibana/kibana", aliases: ["kibana"],
    verdict: "init", program: "tini", shipsInit: "/bin/tini",
    note: "ENTRYPOINT [\"/bin/tini\", \"--\"] since 7.11 (dumb-init from 7.3 to 7.10)",
    source: `${ELASTIC}/f15851a9a22d36ecdf682c600f316b6b413e291a/kibana/Dockerfile`,
    variants: [
      { id: "7.3-7.10", versions: { min: "7.3", max: "7.10" }, program: "dumb-init", shipsInit: "/usr/local/bin/dumb-init", note: "ENTRYPOINT [\"/usr/local/bin/dumb-init\", \"--\"]", source: `${ELASTIC}/b010f89b6dc312c05ab48859de67d7b3e4a69c47/kibana/Dockerfile` },
      { id: "<7.3", versions: { max: "7.2" }, verdict: "non-reaper", program: "node", runtime: "node", passesToCommand: true, shipsInit: undefined, note: "no ENTRYPOINT: CMD kibana-docker runs node", source: `${ELASTIC}/7e1830d844137e9a0c9ef1fef5b1075cc6a0e16b/kibana/Dockerfile` },
    ],
  },
  {
    name: "docker.elastic.co/logstash/logstash", aliases: ["logstash"],
    verdict: "non-reaper", program: "logstash", passesToCommand: true, prepend: "flags", runtime: "java",
    note: "ENTRYPOINT docker-entrypoint: exec logstash for no arguments or flags, else exec \"$@\"; logstash runs java",
    source: `${ELASTIC}/f15851a9a22d36ecdf682c600f316b6b413e291a/logstash/bin/docker-entrypoint`,
  },
  {
    name: "gitlab/gitlab-ce", aliases: ["gitlab/gitlab-ee"], verdict: "reaper", program: "init-container", runtime: "shell", passesToCommand: true,
    note: "CMD /assets/init-container: a bash script that starts runsvdir-start and gitlab-ctl tail in the background, traps TERM and `wait`s: the shell stays PID 1 and reaps while it waits",
    source: gh("gitlabhq/omnibus-gitlab", "440b1f835eb205885d22933ac074cc11c1148609", "docker/assets/init-container"),
    seeAlso: [gh("gitlabhq/omnibus-gitlab", "440b1f835eb205885d22933ac074cc11c1148609", "docker/Dockerfile")],
  },
  {
    name: "gitea/gitea", aliases: ["docker.gitea.com/gitea"], verdict: "reaper", program: "s6-svscan", passesToCommand: true, busybox: true,
    note: "ENTRYPOINT /usr/bin/entrypoint, CMD s6-svscan /etc/s6 (plain s6, not s6-overlay); the entrypoint ends in exec \"$@\"",
    source: gh("go-gitea/gitea", "2c52a89da0df4255e3a4875fbc937e23945cfa72", "docker/root/usr/bin/entrypoint"),
    seeAlso: [gh("go-gitea/gitea", "03173b39ec924c76181370dd3c0dee3e75f6333a", "Dockerfile")],
  },
  // Go and Rust servers
  {
    name: "grafana/grafana", aliases: ["grafana/grafana-oss", "grafana/grafana-enterprise"], verdict: "non-reaper", program: "grafana", runtime: "go",
    note: "ENTRYPOINT [\"/run.sh\"], which ends in exec grafana server … \"$@\": a command gives grafana's arguments",
    source: gh("grafana/grafana", "07754534fbafa7e7e18e7272e552c166f1afae28", "packaging/docker/run.sh"),
  },
  {
    name: "quay.io/keycloak/keycloak", aliases: ["keycloak/keycloak"], verdict: "non-reaper", program: "java", runtime: "java",
    note: "ENTRYPOINT [\"/opt/keycloak/bin/kc.sh\"], which ends in eval exec java: a command gives kc.sh's arguments (start, start-dev …)",
    source: gh("keycloak/keycloak", "0463815bc93acbe22cf0b347af7cbd11e5a56d65", "quarkus/container/Dockerfile"),
    seeAlso: [gh("keycloak/keycloak", "014f6c38da515c7d130a7fc570e34b0ef817e183", "quarkus/dist/src/main/content/bin/kc.sh")],
  },
  {
    name: "prom/prometheus", aliases: ["quay.io/prometheus/prometheus"], verdict: "non-reaper", program: "prometheus", runtime: "go", busybox: true,
    note: "ENTRYPOINT [\"/bin/prometheus\"]: a command gives its flags",
    source: gh("prometheus/prometheus", "d15adb9ad7e5d9fbde3a9a8f30200593a5a14d86", "Dockerfile"),
  },
  {
    name: "prom/node-exporter", aliases: ["quay.io/prometheus/node-exporter"], verdict: "non-reaper", program: "node_exporter", runtime: "go", busybox: true,
    note: "ENTRYPOINT [\"/bin/node_exporter\"]",
    source: gh("prometheus/node_exporter", "a7dcc3a01545180d4f2087db70994cbc3abfed13", "Dockerfile"),
  },
  {
    name: "prom/alertmanager", aliases: ["quay.io/prometheus/alertmanager"], verdict: "non-reaper", program: "alertmanager", runtime: "go", busybox: true,
    note: "ENTRYPOINT [\"/bin/alertmanager\"]",
    source: gh("prometheus/alertmanager", "68fb2d5759b3a92c0bb2a1a13d4ef7ff5b06256d", "Dockerfile"),
  },
  {
    name: "minio/minio", aliases: ["quay.io/minio/minio"], verdict: "non-reaper", program: "minio", passesToCommand: true, prepend: "always", runtime: "go",
    note: "docker-entrypoint.sh prepends minio to any command that does not start with minio",
    source: gh("minio/minio", "7aac2a2c5b7c882e68c1ce017d8256be2feea27f", "dockerscripts/docker-entrypoint.sh"),
    seeAlso: [gh("minio/minio", "7aac2a2c5b7c882e68c1ce017d8256be2feea27f", "Dockerfile.release")],
  },
  {
    name: "minio/mc", aliases: ["quay.io/minio/mc"], verdict: "non-reaper", program: "mc", runtime: "go",
    note: "ENTRYPOINT [\"mc\"]: a command gives mc's arguments",
    source: gh("minio/mc", "77f82e18b5401a65958f1619df6ebb994634bd88", "Dockerfile.release"),
  },
  {
    name: "adguard/adguardhome", verdict: "non-reaper", program: "AdGuardHome", runtime: "go", busybox: true,
    note: "ENTRYPOINT [\"/opt/adguardhome/AdGuardHome\"]",
    source: gh("AdguardTeam/AdGuardHome", "75e43ab5b251aa5038ebc857595855c5b168b93d", "docker/build.Dockerfile"),
  },
  {
    name: "portainer/portainer-ce", aliases: ["portainer/portainer"], verdict: "non-reaper", program: "portainer", runtime: "go",
    note: "ENTRYPOINT [\"/portainer\"]",
    source: gh("portainer/portainer", "cc75167437c013a24d12f97d2e07c8468448cc35", "build/linux/Dockerfile"),
  },
  {
    name: "axllent/mailpit", verdict: "non-reaper", program: "mailpit", runtime: "go", busybox: true,
    note: "ENTRYPOINT [\"/mailpit\"]",
    source: gh("axllent/mailpit", "408b30d59709e3f2ed69c7748d900a2208cfbf9b", "Dockerfile"),
  },
  {
    name: "vaultwarden/server", aliases: ["ghcr.io/dani-garcia/vaultwarden", "quay.io/vaultwarden/server"],
    verdict: "non-reaper", program: "vaultwarden", passesToCommand: true, runtime: "rust",
    note: "no ENTRYPOINT: CMD /start.sh ends in exec /vaultwarden",
    source: gh("dani-garcia/vaultwarden", "46d71107f5094460dd5ecbe1dbac6e6c71e5189a", "docker/Dockerfile.debian"),
    seeAlso: [gh("dani-garcia/vaultwarden", "46d71107f5094460dd5ecbe1dbac6e6c71e5189a", "docker/start.sh")],
    variants: [ALPINE],
  },
  {
    name: "valkey/valkey", verdict: "non-reaper", program: "valkey-server", passesToCommand: true, prepend: "flags", runtime: "c",
    note: "docker-entrypoint.sh steps down with setpriv and ends in exec \"$@\"",
    source: gh("valkey-io/valkey-container", "ae6141ea5d62c775b8bdb9be7396b951da435673", "8.0/debian/docker-entrypoint.sh"),
    variants: [ALPINE],
  },
  // postgres derivatives (FROM postgres: its entrypoint and postmaster)
  {
    name: "pgvector/pgvector", verdict: "reaper", program: "postgres", passesToCommand: true, prepend: "flags", runtime: "c",
    note: "FROM postgres: the official entrypoint and postmaster",
    source: gh("pgvector/pgvector", "e48241b4dcc045b18902914f668d03d1d399dfbe", "Dockerfile"),
  },
  {
    name: "postgis/postgis", verdict: "reaper", program: "postgres", passesToCommand: true, prepend: "flags", runtime: "c",
    note: "FROM postgres: the official entrypoint and postmaster",
    source: gh("postgis/docker-postgis", "51b35550144e6bf1c97a8dc7530b8eaa212180bf", "16-3.5/Dockerfile"),
    variants: [ALPINE],
  },
  {
    name: "timescale/timescaledb", verdict: "reaper", program: "postgres", passesToCommand: true, prepend: "flags", runtime: "c", busybox: true,
    note: "FROM postgres:*-alpine: the official entrypoint and postmaster",
    source: gh("timescale/timescaledb-docker", "029292c030646f1ce91e0aef88025b65dc6200b0", "Dockerfile"),
  },
];
