// Programs by basename (the argv[0] that ends as PID 1): what each does with orphans.
// A reaper is listed only where its own source waits for any child (`waitpid(-1, …)`, `wait3`, a shell's
// `wait` while it stays PID 1); the line that does it is named in the note. Non-reapers are listed so
// that messages can cite a source; a program not listed is judged a non-reaper by assumption.
import { LAB } from "./sources.js";
import type { KnowledgeEntry } from "./types.js";

const TINI = "https://github.com/krallin/tini/blob/369448a167e8b3da4ca5bca0b3307500c3371828/src/tini.c#L553";
const CATATONIT = "https://github.com/openSUSE/catatonit/blob/00f6c0f296695daecc9ef0708c72e0a39a7cac76/catatonit.c#L384";
const NGINX = "https://github.com/nginx/nginx/blob/3f6f7824d4e2eb1ac37dec76683d525ac0ff521c/src/os/unix/ngx_process.c#L483";
const HTTPD = "https://github.com/apache/httpd/blob/0cb680442ecaa6118cc610b5ecc6e824330bf61a/server/mpm_common.c#L209";
const POSTGRES = "https://github.com/postgres/postgres/blob/feeac41bc6d63b5929af82d4ebbb7c10f3648ac0/src/backend/postmaster/postmaster.c";
const PHP_FPM = "https://github.com/php/php-src/blob/00443c77e48cf43304addf6195b1e7986a9604c6/sapi/fpm/fpm/fpm_children.c";
const S6_SUEXEC = "https://github.com/just-containers/s6-overlay-helpers/blob/8b791ec4f86c5d3e84b02d5ca92c4ef1ee0f030c/src/s6-overlay-suexec/s6-overlay-suexec.c#L35";

export const PROGRAMS: KnowledgeEntry[] = [
  // inits
  { name: "tini", verdict: "init", note: "reap_zombies loops waitpid(-1, …, WNOHANG) and forwards signals to its child", source: TINI },
  { name: "tini-static", verdict: "init", note: "tini built statically", source: TINI },
  { name: "docker-init", verdict: "init", note: "Docker's bundled tini (`--init`, compose `init: true`)", source: TINI, seeAlso: ["https://docs.docker.com/reference/cli/docker/container/run/#init"] },
  { name: "dumb-init", verdict: "init", note: "handle_signal reaps with waitpid(-1, …, WNOHANG) on SIGCHLD", source: "https://github.com/Yelp/dumb-init/blob/5ccca9cb0498d8a4cb7579a43c8d3ee8c41469c5/dumb-init.c#L102" },
  { name: "catatonit", verdict: "init", note: "reaps with waitpid(-1, …, WNOHANG)", source: CATATONIT },
  { name: "podman-init", verdict: "init", note: "podman's `--init` is catatonit", source: CATATONIT, seeAlso: ["https://docs.podman.io/en/latest/markdown/podman-run.1.html#init"] },
  { name: "s6-svscan", verdict: "reaper", note: "the reap action loops wait_nohang (waitpid(-1, …, WNOHANG)); started by s6-overlay's /init it must be PID 1 (the image entry says s6), started plainly it may run under an init", source: "https://github.com/skarnet/s6/blob/d73e65752c7f3785b09c26bb084b589be4e142af/src/supervision/s6-svscan.c#L359" },
  { name: "s6-overlay-suexec", verdict: "s6", note: "exits with \"can only run as pid 1\" unless getpid() is 1", source: S6_SUEXEC },
  // servers and supervisors whose source waits for any child
  { name: "nginx", verdict: "reaper", note: "the master's ngx_process_get_status loops waitpid(-1, …, WNOHANG)", source: NGINX },
  { name: "openresty", verdict: "reaper", note: "the nginx master", source: NGINX },
  { name: "httpd", verdict: "reaper", note: "ap_wait_or_timeout calls apr_proc_wait_all_procs, a waitpid(-1)", source: HTTPD },
  { name: "apache2", verdict: "reaper", note: "Debian's name for httpd", source: HTTPD },
  { name: "apache2-foreground", verdict: "reaper", note: "the php and wordpress images' script: exec apache2 -DFOREGROUND", source: "https://github.com/docker-library/php/blob/445bf414f1d5866f7aef715f1203eae043710070/8.3/bookworm/apache/apache2-foreground" },
  { name: "httpd-foreground", verdict: "reaper", note: "the httpd image's script: exec httpd -DFOREGROUND", source: "https://github.com/docker-library/httpd/blob/9b63b37c9be3b42d16b924ebb40af3cc40793119/2.4/httpd-foreground" },
  { name: "postgres", verdict: "reaper", note: "the postmaster reaps with waitpid(-1, …, WNOHANG); an unknown child exiting with a status other than 0 or 1 makes it restart every backend (crash recovery)", source: POSTGRES, seeAlso: ["https://github.com/docker-library/postgres/issues/1349"] },
  { name: "postmaster", verdict: "reaper", note: "the postgres server's old name", source: POSTGRES },
  { name: "php-fpm", verdict: "reaper", note: "fpm_children_bury loops waitpid(-1, …, WNOHANG) and logs an unknown child", source: PHP_FPM },
  ...["7.4", "8.0", "8.1", "8.2", "8.3", "8.4", "8.5"].flatMap((v): KnowledgeEntry[] => [
    { name: `php-fpm${v}`, verdict: "reaper", note: "Debian's versioned php-fpm", source: PHP_FPM },
    { name: `php-fpm${v.replace(".", "")}`, verdict: "reaper", note: "Alpine's versioned php-fpm", source: PHP_FPM },
  ]),
  { name: "haproxy", verdict: "reaper", note: "in master-worker mode (-W, which the official image's entrypoint adds to `haproxy …`) the master's mworker_catch_sigchld loops waitpid(-1, …, WNOHANG); without -W there is no master", source: "https://github.com/haproxy/haproxy/blob/018251667e4c95478ce0026f4d700e0420f8ce24/src/mworker.c" },
  { name: "gunicorn", verdict: "reaper", note: "the arbiter's reap_workers loops os.waitpid(-1, os.WNOHANG)", source: "https://github.com/benoitc/gunicorn/blob/65ac1a3a4c0aa00960968c720d6e6bd2ac32f1b9/gunicorn/arbiter.py#L631" },
  { name: "supervisord", verdict: "reaper", note: "ServerOptions.waitpid calls os.waitpid(-1, os.WNOHANG) in the main loop", source: "https://github.com/Supervisor/supervisor/blob/abc60468ea4b78c446cf3a194f6fccb83d90f670/supervisor/options.py#L1328" },
  { name: "make", verdict: "reaper", note: "reap_children waits for any pid (WAIT_NOHANG is waitpid(-1, …)) while a recipe runs; make exits when its goals are done", source: "https://github.com/mirror/make/blob/c63a5bc6a2881d515bb3020ed477fcba08fb2f3d/src/job.c#L109" },
  { name: "rabbitmq-server", verdict: "reaper", note: "a shell script that starts the Erlang VM in the background and `wait`s for it, trapping TERM and INT: the shell stays PID 1 and reaps while it waits", source: "https://github.com/rabbitmq/rabbitmq-server/blob/0c0af0520e34ba7d8680ccff24ef00cf096f8771/deps/rabbit/scripts/rabbitmq-server" },
  { name: "guacd", verdict: "reaper", note: "sets SIGCHLD to SIG_IGN, so the kernel discards the exit status of every child, adopted orphans included: no zombies", source: "https://github.com/apache/guacamole-server/blob/6719b20d09b767d30915c5e1c626a7a72fc75a59/src/guacd/daemon.c#L513" },
  { name: "runsvdir", verdict: "reaper", note: "runit's service directory supervisor", source: "http://smarden.org/runit/runsvdir.8.html" },
  {
    name: "run", paths: ["/container/tool/run"], verdict: "reaper",
    note: "osixia light-baseimage's Python supervisor (ENTRYPOINT of its images): it spawns the container's process (or runsvdir) and the command as children, and waitpid_reap_other_children waits with os.waitpid(-1, 0), keeping other children's status; SIGTERM stops its child and kill_all_processes ends the rest",
    source: "https://github.com/osixia/docker-light-baseimage/blob/3a6f083bbe13328dd75df1c54975bc32c224ed22/image/tool/run#L507",
  },
  { name: "systemd", verdict: "reaper", source: "https://www.freedesktop.org/software/systemd/man/latest/systemd.html" },
  { name: "cron", verdict: "reaper", note: "Debian's vixie cron -f: sigchld_reaper loops waitpid(-1, …, WNOHANG)", source: "https://salsa.debian.org/debian/cron" },
  // non-reapers (any program not listed is judged the same, by assumption)
  { name: "node", verdict: "non-reaper", ignoresSigterm: true, source: LAB },
  { name: "nodejs", verdict: "non-reaper", ignoresSigterm: true, source: LAB },
  { name: "npm", verdict: "non-reaper", ignoresSigterm: true, note: "npm runs the script as a child and does not reap orphans", source: "https://github.com/npm/cli/issues/4603" },
  { name: "npx", verdict: "non-reaper", ignoresSigterm: true, source: LAB },
  { name: "yarn", verdict: "non-reaper", ignoresSigterm: true, source: LAB },
  { name: "pnpm", verdict: "non-reaper", ignoresSigterm: true, note: "a node program", source: LAB },
  { name: "python", verdict: "non-reaper", ignoresSigterm: true, source: LAB },
  { name: "python3", verdict: "non-reaper", ignoresSigterm: true, source: LAB },
  { name: "uvicorn", verdict: "non-reaper", source: LAB },
  { name: "java", verdict: "non-reaper", source: LAB },
  { name: "dotnet", verdict: "non-reaper", source: LAB },
  { name: "sleep", verdict: "non-reaper", ignoresSigterm: true, source: LAB },
  { name: "tail", verdict: "non-reaper", source: LAB },
  { name: "traefik", verdict: "non-reaper", note: "Go", source: LAB },
  { name: "grafana", verdict: "non-reaper", note: "Go", source: LAB },
  { name: "grafana-server", verdict: "non-reaper", note: "Go", source: LAB },
  { name: "caddy", verdict: "non-reaper", note: "Go", source: LAB },
  { name: "minio", verdict: "non-reaper", note: "Go; healthcheck orphans reported", source: "https://github.com/minio/minio/issues/5514" },
  { name: "mysqld", verdict: "non-reaper", note: "zombies reported from healthchecks", source: "https://github.com/docker-library/mysql/issues" },
  { name: "mariadbd", verdict: "non-reaper", source: "https://github.com/MariaDB/mariadb-docker" },
  { name: "mongod", verdict: "non-reaper", source: "https://github.com/docker-library/mongo" },
  { name: "redis-server", verdict: "non-reaper", note: "checkChildrenDone waits only while a BGSAVE/AOF child exists", source: "https://github.com/redis/redis/blob/unstable/src/server.c" },
  { name: "valkey-server", verdict: "non-reaper", note: "same child handling as redis-server", source: "https://github.com/valkey-io/valkey" },
  { name: "memcached", verdict: "non-reaper", source: "https://github.com/memcached/memcached" },
  { name: "crond", verdict: "non-reaper", note: "busybox crond waits only for its own jobs (check_completions)", source: "https://git.busybox.net/busybox/tree/miscutils/crond.c" },
  { name: "su", verdict: "non-reaper", note: "`su -c` stays as an extra parent", source: LAB },
  { name: "runuser", verdict: "non-reaper", note: "stays as an extra parent", source: LAB },
];
