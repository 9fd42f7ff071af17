// The knowledge base: what programs and images do as PID 1, each with its source.
// Seeded from measurements (PID 1 lab: a fresh PID namespace per case) and upstream sources.
import type { KnowledgeEntry } from "./types.js";

const LAB = "measured: PID 1 lab (test/lab), fresh PID namespace per case";
const TINI = "https://github.com/krallin/tini#why-tini";
const S6 = "https://github.com/just-containers/s6-overlay#the-docker-way";

/** Programs by basename (the argv[0] that ends as PID 1). */
export const PROGRAMS: KnowledgeEntry[] = [
  // inits
  { name: "tini", verdict: "init", source: TINI },
  { name: "tini-static", verdict: "init", source: TINI },
  { name: "docker-init", verdict: "init", source: "https://docs.docker.com/reference/cli/docker/container/run/#init" },
  { name: "dumb-init", verdict: "init", source: "https://github.com/Yelp/dumb-init#why-you-need-an-init-system" },
  { name: "catatonit", verdict: "init", source: "https://github.com/openSUSE/catatonit" },
  { name: "podman-init", verdict: "init", source: "https://docs.podman.io/en/latest/markdown/podman-run.1.html#init" },
  { name: "s6-svscan", verdict: "s6", source: S6 },
  // reaping servers and supervisors
  { name: "nginx", verdict: "reaper", note: "the master process waits for any child", source: "https://github.com/nginx/nginx/blob/master/src/os/unix/ngx_process.c" },
  { name: "openresty", verdict: "reaper", note: "nginx master", source: "https://github.com/nginx/nginx/blob/master/src/os/unix/ngx_process.c" },
  { name: "httpd", verdict: "reaper", note: "APR waits for any pid", source: "https://github.com/apache/httpd/blob/trunk/server/mpm_unix.c" },
  { name: "apache2", verdict: "reaper", source: "https://github.com/apache/httpd/blob/trunk/server/mpm_unix.c" },
  { name: "apache2-foreground", verdict: "reaper", note: "execs apache2", source: "https://github.com/docker-library/php/blob/master/apache2-foreground" },
  { name: "httpd-foreground", verdict: "reaper", note: "execs httpd", source: "https://github.com/docker-library/httpd" },
  { name: "postgres", verdict: "reaper", note: "the postmaster reaps; an unknown child exiting non-0/1 triggers crash recovery", source: "https://github.com/docker-library/postgres/issues/1349" },
  { name: "postmaster", verdict: "reaper", source: "https://github.com/docker-library/postgres/issues/1349" },
  { name: "php-fpm", verdict: "reaper", note: "fpm_children_bury waits for any pid", source: "https://github.com/php/php-src/blob/master/sapi/fpm/fpm/fpm_children.c" },
  { name: "gunicorn", verdict: "reaper", note: "the arbiter's reap_workers waits for any pid", source: "https://github.com/benoitc/gunicorn/blob/master/gunicorn/arbiter.py" },
  { name: "supervisord", verdict: "reaper", source: "https://github.com/Supervisor/supervisor/blob/main/supervisor/supervisord.py" },
  { name: "runsvdir", verdict: "reaper", source: "http://smarden.org/runit/runsvdir.8.html" },
  { name: "systemd", verdict: "reaper", source: "https://www.freedesktop.org/software/systemd/man/latest/systemd.html" },
  { name: "cron", verdict: "reaper", note: "Debian's vixie cron -f", source: "https://salsa.debian.org/debian/cron" },
  // known non-reapers (named so messages can cite a source; any program not listed is treated the same)
  { name: "node", verdict: "non-reaper", source: LAB },
  { name: "nodejs", verdict: "non-reaper", source: LAB },
  { name: "npm", verdict: "non-reaper", note: "npm runs the script as a child and does not reap orphans", source: "https://github.com/npm/cli/issues/4603" },
  { name: "npx", verdict: "non-reaper", source: LAB },
  { name: "yarn", verdict: "non-reaper", source: LAB },
  { name: "python", verdict: "non-reaper", source: LAB },
  { name: "python3", verdict: "non-reaper", source: LAB },
  { name: "uvicorn", verdict: "non-reaper", source: LAB },
  { name: "java", verdict: "non-reaper", source: LAB },
  { name: "dotnet", verdict: "non-reaper", source: LAB },
  { name: "sleep", verdict: "non-reaper", source: LAB },
  { name: "tail", verdict: "non-reaper", source: LAB },
  { name: "traefik", verdict: "non-reaper", note: "Go", source: LAB },
  { name: "grafana", verdict: "non-reaper", note: "Go", source: LAB },
  { name: "grafana-server", verdict: "non-reaper", note: "Go", source: LAB },
  { name: "caddy", verdict: "non-reaper", note: "Go", source: LAB },
  { name: "minio", verdict: "non-reaper", note: "Go; healthcheck orphans reported", source: "https://github.com/minio/minio/issues/5514" },
  { name: "mysqld", verdict: "non-reaper", note: "zombies reported from healthchecks", source: "https://github.com/docker-library/mysql/issues" },
  { name: "mariadbd", verdict: "non-reaper", source: "https://github.com/MariaDB/mariadb-docker" },
  { name: "mongod", verdict: "non-reaper", source: "https://github.com/docker-library/mongo" },
  { name: "redis-server", verdict: "non-reaper", note: "waits only while a BGSAVE child exists", source: "https://github.com/redis/redis/blob/unstable/src/server.c" },
  { name: "valkey-server", verdict: "non-reaper", source: "https://github.com/valkey-io/valkey" },
  { name: "memcached", verdict: "non-reaper", source: "https://github.com/memcached/memcached" },
  { name: "crond", verdict: "non-reaper", note: "busybox crond waits only for its own jobs", source: "https://git.busybox.net/busybox/tree/miscutils/crond.c" },
  { name: "su", verdict: "non-reaper", note: "`su -c` stays as an extra parent", source: LAB },
  { name: "runuser", verdict: "non-reaper", note: "stays as an extra parent", source: LAB },
];

/**
 * Images by repository (registry and tag stripped, lower case). `program` is what runs as PID 1
 * with the image's own ENTRYPOINT/CMD. Official images whose entrypoint ends in `exec "$@"` hand
 * PID 1 to the command, so a `command:` override decides.
 */
export interface ImageEntry extends KnowledgeEntry {
  /** the image's entrypoint passes PID 1 on to the command (`exec "$@"`) */
  passesToCommand?: boolean;
  /** the entrypoint puts the program in front of a first argument that is not a program (`minio server`) */
  subcommands?: boolean;
  /** base distribution, for tools such as busybox `timeout` */
  busybox?: boolean;
}

export const IMAGES: ImageEntry[] = [
  // s6-overlay: must be PID 1
  { name: "linuxserver/*", verdict: "s6", program: "s6-svscan (/init)", source: S6 },
  { name: "lscr.io/linuxserver/*", verdict: "s6", program: "s6-svscan (/init)", source: S6 },
  { name: "ghcr.io/linuxserver/*", verdict: "s6", program: "s6-svscan (/init)", source: S6 },
  { name: "hotio/*", verdict: "s6", program: "s6-svscan (/init)", source: "https://hotio.dev/" },
  { name: "ghcr.io/hotio/*", verdict: "s6", program: "s6-svscan (/init)", source: "https://hotio.dev/" },
  { name: "homeassistant/home-assistant", verdict: "s6", program: "s6-svscan (/init)", source: "https://github.com/home-assistant/docker-base" },
  { name: "ghcr.io/home-assistant/home-assistant", verdict: "s6", program: "s6-svscan (/init)", source: "https://github.com/home-assistant/docker-base" },
  { name: "home-assistant/home-assistant", verdict: "s6", program: "s6-svscan (/init)", source: "https://github.com/home-assistant/docker-base" },
  // images that ship an init as PID 1
  { name: "jenkins/jenkins", verdict: "init", program: "tini", source: "https://github.com/jenkinsci/docker/blob/master/Dockerfile" },
  { name: "elasticsearch", verdict: "init", program: "tini", source: "https://github.com/elastic/elasticsearch/tree/main/distribution/docker" },
  { name: "docker.elastic.co/elasticsearch/elasticsearch", verdict: "init", program: "tini", source: "https://github.com/elastic/elasticsearch/tree/main/distribution/docker" },
  { name: "jupyter/*", verdict: "init", program: "tini -g", source: "https://github.com/jupyter/docker-stacks" },
  { name: "quay.io/jupyter/*", verdict: "init", program: "tini -g", source: "https://github.com/jupyter/docker-stacks" },
  { name: "gitlab/gitlab-ce", verdict: "reaper", program: "runsvdir (runit)", source: "https://docs.gitlab.com/install/docker/" },
  { name: "gitlab/gitlab-ee", verdict: "reaper", program: "runsvdir (runit)", source: "https://docs.gitlab.com/install/docker/" },
  // reaping servers
  { name: "nginx", verdict: "reaper", program: "nginx", source: "https://github.com/nginx/nginx/blob/master/src/os/unix/ngx_process.c" },
  { name: "nginxinc/nginx-unprivileged", verdict: "reaper", program: "nginx", source: "https://github.com/nginx/nginx/blob/master/src/os/unix/ngx_process.c" },
  { name: "openresty/openresty", verdict: "reaper", program: "nginx", source: "https://github.com/openresty/docker-openresty" },
  { name: "httpd", verdict: "reaper", program: "httpd", source: "https://github.com/apache/httpd/blob/trunk/server/mpm_unix.c" },
  { name: "postgres", verdict: "reaper", program: "postgres", passesToCommand: true, source: "https://github.com/docker-library/postgres/blob/master/docker-entrypoint.sh" },
  { name: "postgis/postgis", verdict: "reaper", program: "postgres", passesToCommand: true, source: "https://github.com/docker-library/postgres/blob/master/docker-entrypoint.sh" },
  { name: "timescale/timescaledb", verdict: "reaper", program: "postgres", passesToCommand: true, source: "https://github.com/docker-library/postgres/blob/master/docker-entrypoint.sh" },
  { name: "php", verdict: "unknown", passesToCommand: true, note: "php:*-fpm runs php-fpm (reaps), php:*-apache runs apache2 (reaps), php:*-cli runs php", source: "https://github.com/docker-library/php" },
  { name: "wordpress", verdict: "reaper", program: "apache2 (apache2-foreground)", passesToCommand: true, source: "https://github.com/docker-library/wordpress" },
  { name: "nextcloud", verdict: "reaper", program: "apache2 (apache2-foreground)", passesToCommand: true, source: "https://github.com/nextcloud/docker" },
  // non-reapers
  { name: "node", verdict: "non-reaper", program: "node", passesToCommand: true, source: "https://github.com/nodejs/docker-node/blob/main/docs/BestPractices.md#handling-kernel-signals" },
  { name: "python", verdict: "non-reaper", program: "python3", passesToCommand: true, source: LAB },
  { name: "eclipse-temurin", verdict: "non-reaper", program: "java", passesToCommand: true, source: LAB },
  { name: "openjdk", verdict: "non-reaper", program: "java", passesToCommand: true, source: LAB },
  { name: "amazoncorretto", verdict: "non-reaper", program: "java", passesToCommand: true, source: LAB },
  { name: "mcr.microsoft.com/dotnet/aspnet", verdict: "non-reaper", program: "dotnet", passesToCommand: true, source: LAB },
  { name: "traefik", verdict: "non-reaper", program: "traefik", passesToCommand: true, subcommands: true, source: LAB },
  { name: "grafana/grafana", verdict: "non-reaper", program: "grafana", source: LAB },
  { name: "grafana/grafana-oss", verdict: "non-reaper", program: "grafana", source: LAB },
  { name: "caddy", verdict: "non-reaper", program: "caddy", passesToCommand: true, subcommands: true, source: LAB },
  { name: "minio/minio", verdict: "non-reaper", program: "minio", passesToCommand: true, subcommands: true, source: "https://github.com/minio/minio/issues/5514" },
  { name: "quay.io/minio/minio", verdict: "non-reaper", program: "minio", passesToCommand: true, subcommands: true, source: "https://github.com/minio/minio/issues/5514" },
  { name: "quay.io/keycloak/keycloak", verdict: "non-reaper", program: "java (keycloak)", source: LAB },
  { name: "keycloak/keycloak", verdict: "non-reaper", program: "java (keycloak)", source: LAB },
  { name: "mysql", verdict: "non-reaper", program: "mysqld", passesToCommand: true, source: "https://github.com/docker-library/mysql" },
  { name: "mariadb", verdict: "non-reaper", program: "mariadbd", passesToCommand: true, source: "https://github.com/MariaDB/mariadb-docker" },
  { name: "mongo", verdict: "non-reaper", program: "mongod", passesToCommand: true, source: "https://github.com/docker-library/mongo" },
  { name: "redis", verdict: "non-reaper", program: "redis-server", passesToCommand: true, source: "https://github.com/docker-library/redis" },
  { name: "valkey/valkey", verdict: "non-reaper", program: "valkey-server", passesToCommand: true, source: "https://github.com/valkey-io/valkey-container" },
  { name: "memcached", verdict: "non-reaper", program: "memcached", passesToCommand: true, source: "https://github.com/docker-library/memcached" },
  { name: "rabbitmq", verdict: "non-reaper", program: "beam.smp (rabbitmq-server)", passesToCommand: true, source: "https://github.com/docker-library/rabbitmq" },
  { name: "prom/prometheus", verdict: "non-reaper", program: "prometheus", source: LAB },
  { name: "prom/node-exporter", verdict: "non-reaper", program: "node_exporter", source: LAB },
  { name: "prom/alertmanager", verdict: "non-reaper", program: "alertmanager", source: LAB },
  { name: "gitea/gitea", verdict: "s6", program: "s6-svscan", source: "https://github.com/go-gitea/gitea/blob/main/Dockerfile" },
  // bare distributions: the command decides; busybox tools matter for `timeout`
  { name: "alpine", verdict: "unknown", passesToCommand: true, busybox: true, program: "/bin/sh", source: "https://hub.docker.com/_/alpine" },
  { name: "busybox", verdict: "unknown", passesToCommand: true, busybox: true, program: "sh", source: "https://hub.docker.com/_/busybox" },
  { name: "debian", verdict: "unknown", passesToCommand: true, program: "bash", source: "https://hub.docker.com/_/debian" },
  { name: "ubuntu", verdict: "unknown", passesToCommand: true, program: "bash", source: "https://hub.docker.com/_/ubuntu" },
  { name: "golang", verdict: "unknown", passesToCommand: true, source: "https://hub.docker.com/_/golang" },
  { name: "rust", verdict: "unknown", passesToCommand: true, source: "https://hub.docker.com/_/rust" },
  { name: "scratch", verdict: "unknown", passesToCommand: true, source: "https://docs.docker.com/build/building/base-images/#create-a-minimal-base-image-using-scratch" },
  { name: "gcr.io/distroless/*", verdict: "unknown", passesToCommand: true, source: "https://github.com/GoogleContainerTools/distroless" },
];
