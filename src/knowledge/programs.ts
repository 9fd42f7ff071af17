// Programs by basename (the argv[0] that ends as PID 1): what each does with orphans.
// A reaper is listed only where its own source waits for any child (`waitpid(-1, …)`, `wait3`, a shell's
// `wait` while it stays PID 1); the line that does it is named in the note. Non-reapers are listed so
// that messages can cite a source; a program not listed is judged a non-reaper by assumption.
import { LAB } from "./sources.js";
import type { KnowledgeEntry } from "./types.js";

const TINI = "https://github.com/krallin/tini/blob/369448a167e8b3da4ca5bca0b3307500c3371828/src/tini.c#L553";
const CATATONIT = "https://github.com/openSUSE/catatonit/blob/00f6c0f296695daecc9ef0708c72e0a39a7cac76/catatonit.c#L384";
const NGINX = "https://github.com/nginx/nginx/blob/3f6f7824d4e2eb1ac37dec76683d525ac0ff521c/src/os/unix/ngx_process.c#L483";
const HTTPD_REPO = "https://github.com/apache/httpd/blob/0cb680442ecaa6118cc610b5ecc6e824330bf61a";
const HTTPD = `${HTTPD_REPO}/server/mpm_common.c#L209`;
const POSTGRES = "https://github.com/postgres/postgres/blob/feeac41bc6d63b5929af82d4ebbb7c10f3648ac0/src/backend/postmaster/postmaster.c";
const PHP_FPM = "https://github.com/php/php-src/blob/00443c77e48cf43304addf6195b1e7986a9604c6/sapi/fpm/fpm/fpm_children.c";
const S6_SUEXEC = "https://github.com/just-containers/s6-overlay-helpers/blob/8b791ec4f86c5d3e84b02d5ca92c4ef1ee0f030c/src/s6-overlay-suexec/s6-overlay-suexec.c#L35";
const REDIS = "https://github.com/redis/redis/blob/4f8cdc2a1ea53e42955af758aabffee67cb455dd/src/server.c#L1421";
const UNICORN = "https://github.com/defunkt/unicorn/blob/e9862718a7e98d3cbec74fc92ffc17a1023e18da/lib/unicorn/http_server.rb#L399";
const POSTFIX_MASTER = "https://github.com/vdukhovni/postfix/blob/17830e5c13c160d51c95cb971d137a46de84e48c/postfix/src/master/master_spawn.c#L300";
/** beam.smp installs no SIGCHLD handler (erts_set_signal changes it only when the application calls os:set_signal/2) */
const BEAM = "https://github.com/erlang/otp/blob/98cfd6016f8b40fc97e03b31177d14318349040f/erts/emulator/sys/unix/sys.c";
const ERL_CHILD_SETUP = "https://github.com/erlang/otp/blob/98cfd6016f8b40fc97e03b31177d14318349040f/erts/emulator/sys/unix/erl_child_setup.c";
const EXIM = "https://github.com/Exim/exim/blob/13835a3c1e057efad7da269c0f93bf2eac850205";
const EXIM_DAEMON = `${EXIM}/src/src/daemon.c#L882`;
const ELIXIR = "https://github.com/elixir-lang/elixir/blob/63a7a054ceb2383d795731db8e6ea28aa30e4a03/bin";

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
  { name: "apachectl", verdict: "reaper", ignoresSigterm: true, note: "a /bin/sh script: with arguments other than start, stop, restart, graceful, configtest or status (`apachectl -D FOREGROUND`) it runs httpd as its child without exec and waits, so the shell stays PID 1 (it reaps while it waits and ignores SIGTERM, trapping nothing); httpd below reaps its own", source: `${HTTPD_REPO}/support/apachectl.in#L101`, seeAlso: [LAB] },
  { name: "apache2ctl", verdict: "reaper", ignoresSigterm: true, note: "Debian's apachectl, a /bin/sh script: `apache2ctl -D FOREGROUND` runs apache2 as its child without exec (its `*)` case, line 209 of /usr/sbin/apache2ctl) and waits, so the shell stays PID 1 (it reaps while it waits and ignores SIGTERM, trapping nothing)", source: "https://deb.debian.org/debian-security/pool/updates/main/a/apache2/apache2_2.4.71-1~deb12u1_amd64.deb", seeAlso: [`${HTTPD_REPO}/support/apachectl.in#L101`, LAB] },
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
  { name: "unicorn", verdict: "reaper", note: "the master (always there: unicorn runs workers) reap_all_workers loops Process.waitpid2(-1, WNOHANG) on SIGCHLD, and only then looks the pid up among its workers", source: UNICORN },
  { name: "unicorn_rails", verdict: "reaper", note: "unicorn's launcher for old Rails apps: the same master, whose reap_all_workers loops Process.waitpid2(-1, WNOHANG)", source: UNICORN },
  { name: "unitd", verdict: "reaper", note: "NGINX Unit's main process: nxt_main_process_sigchld_handler loops waitpid(-1, …, WNOHANG)", source: "https://github.com/nginx/unit/blob/ad736f9f4fddd844aed1eb6ee8a9dc88df5533fb/src/nxt_main_process.c#L980" },
  { name: "lighttpd", verdict: "reaper", note: "server_handle_sigchld loops fdevent_waitpid(-1, …, WNOHANG) (a waitpid) after SIGCHLD, with or without workers", source: "https://github.com/lighttpd/lighttpd1.4/blob/2ddc51389a139d2b08daf310596c951c1d53dc8d/src/server.c#L2189" },
  { name: "sshd", verdict: "reaper", note: "the listener (`sshd -D`) sets main_sigchld_handler, and its loop calls child_reap_all_exited, which loops waitpid(-1, …, WNOHANG)", source: "https://github.com/openssh/openssh-portable/blob/0ef0f5a839831c213f24e3f2ae434765c607fb50/sshd.c#L437" },
  { name: "squid", verdict: "reaper", note: "the SIGCHLD handler (installed in mainInitialize, so with -N too) makes handleStoppedChild loop WaitForAnyPid (waitpid(-1, …, WNOHANG))", source: "https://github.com/squid-cache/squid/blob/7c20a8a787d1ef399c56515a847610c0f8d12147/src/main.cc#L301" },
  { name: "postfix", verdict: "reaper", note: "`postfix start-fg` execs postfix-script, which execs `master -i` when it is PID 1; master_reap_child loops waitpid(-1, …, WNOHANG). Other subcommands (`postfix start`) leave no foreground process", source: "https://github.com/vdukhovni/postfix/blob/17830e5c13c160d51c95cb971d137a46de84e48c/postfix/conf/postfix-script#L163", seeAlso: [POSTFIX_MASTER] },
  { name: "master", paths: ["/usr/lib/postfix/sbin/master", "/usr/libexec/postfix/master"], verdict: "reaper", note: "postfix's master daemon: master_reap_child loops waitpid(-1, …, WNOHANG)", source: POSTFIX_MASTER },
  { name: "dovecot", verdict: "reaper", note: "the master (`dovecot -F`): services_monitor_reap_children loops waitpid(-1, …, WNOHANG) and logs a pid it does not know", source: "https://github.com/dovecot/core/blob/f28b5a92ec52eef0a111a095d00435756343dc94/src/master/service-monitor.c#L892" },
  { name: "rsyslogd", verdict: "reaper", note: "on SIGCHLD the main loop's reapChild loops waitpid(-1, …, WNOHANG)", source: "https://github.com/rsyslog/rsyslog/blob/ee72adcd88541111236a2b217fe175f9f107f4e2/tools/rsyslogd.c#L2348" },
  { name: "cupsd", verdict: "reaper", note: "after SIGCHLD the main loop's process_children loops waitpid(-1, …, WNOHANG)", source: "https://github.com/OpenPrinting/cups/blob/d19bccfed26ac02b24dac80ba0258588dbeaea61/scheduler/main.c#L1372" },
  { name: "solid_queue", verdict: "reaper", note: "Solid Queue's supervisor (a Rails app's bin/jobs, `require \"solid_queue/cli\"`): in its default fork mode the ForkSupervisor loops Process.waitpid2(-1, WNOHANG) and reaps any child; in async mode (`--mode async`, SOLID_QUEUE_SUPERVISOR_MODE=async) workers are threads and nothing waits for a child", source: "https://github.com/rails/solid_queue/blob/29e818d9c1181195736ffc5d7c1d1c03757b7752/lib/solid_queue/fork_supervisor.rb#L29", seeAlso: ["https://github.com/rails/solid_queue/blob/29e818d9c1181195736ffc5d7c1d1c03757b7752/lib/solid_queue/supervisor.rb#L18", "https://github.com/rails/solid_queue/blob/29e818d9c1181195736ffc5d7c1d1c03757b7752/lib/solid_queue/configuration.rb#L123"] },
  { name: "supercronic", verdict: "reaper", note: "from v0.2.31, as PID 1 (unless -no-reap) it forks the cron runner as its child, forwards signals to it and loops syscall.Wait4(-1, …), reaping any child; v0.2.30 and earlier ran each job with os/exec and waited for it by pid only", source: "https://github.com/aptible/supercronic/blob/5549d4d9d47e7f28605df816eada5cb5ba1f4f3b/reaper.go#L87", seeAlso: ["https://github.com/aptible/supercronic/blob/5549d4d9d47e7f28605df816eada5cb5ba1f4f3b/main.go#L116", "https://github.com/aptible/supercronic/blob/7468d854628d604a645b39933cf32f165bd2831c/cron/cron.go#L118"] },
  { name: "smbd", verdict: "reaper", note: "Samba's parent smbd (`smbd -F`, forking a child per connection): smbd_sig_chld_handler loops waitpid(-1, …, WNOHANG) on SIGCHLD and only then looks the pid up among its children", source: "https://github.com/samba-team/samba/blob/9891d9870060e61f33a835363dea8f5267d6e8ca/source3/smbd/server.c" },
  { name: "exim", verdict: "reaper", note: "the daemon (`exim -bd`, `-bdf` in the foreground) calls handle_ending_processes each time round its loop, which loops waitpid(-1, …, WNOHANG)", source: EXIM_DAEMON, seeAlso: [`${EXIM}/src/src/exim.c#L2357`] },
  { name: "exim4", verdict: "reaper", note: "Debian's name for exim: the daemon's handle_ending_processes loops waitpid(-1, …, WNOHANG)", source: EXIM_DAEMON },
  {
    name: "my_init", paths: ["/sbin/my_init"], verdict: "reaper",
    note: "phusion baseimage's Python init (its images' CMD): waitpid_reap_other_children waits with os.waitpid(-1, 0) and keeps other children's status; on SIGTERM it stops runit and kill_all_processes waits for every child",
    source: "https://github.com/phusion/baseimage-docker/blob/2403c5825475dbc95d4a44ab91406e20f391c7c5/image/bin/my_init#L162",
  },
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
  { name: "redis-server", verdict: "non-reaper", note: "checkChildrenDone (a waitpid(-1, …, WNOHANG)) runs only while a BGSAVE/AOF/module child exists", source: REDIS },
  { name: "redis-sentinel", verdict: "non-reaper", note: "redis-server installed under another name (the Makefile installs the same binary), run as a sentinel", source: REDIS, seeAlso: ["https://github.com/redis/redis/blob/4f8cdc2a1ea53e42955af758aabffee67cb455dd/src/Makefile#L416"] },
  { name: "keydb-server", verdict: "non-reaper", note: "a Redis fork with the same child handling: serverCron calls checkChildrenDone (a waitpid(-1, …, WNOHANG)) only while a background save, AOF rewrite or module child exists", source: "https://github.com/Snapchat/KeyDB/blob/603ebb27fb82a27fb98b0feb6749b0f7661a1c4b/src/server.cpp#L2501", seeAlso: ["https://github.com/Snapchat/KeyDB/blob/603ebb27fb82a27fb98b0feb6749b0f7661a1c4b/src/server.cpp#L2239"] },
  { name: "valkey-server", verdict: "non-reaper", note: "same child handling as redis-server", source: "https://github.com/valkey-io/valkey" },
  { name: "memcached", verdict: "non-reaper", source: "https://github.com/memcached/memcached" },
  { name: "crond", verdict: "non-reaper", note: "busybox crond waits only for its own jobs (check_completions)", source: "https://git.busybox.net/busybox/tree/miscutils/crond.c" },
  { name: "su", verdict: "non-reaper", note: "`su -c` stays as an extra parent", source: LAB },
  { name: "runuser", verdict: "non-reaper", note: "stays as an extra parent", source: LAB },
  // non-reapers whose source was read: they wait only for the children they started
  {
    name: "puma", verdict: "non-reaper",
    note: "in its default single mode (workers 0) one process serves in threads and waits for no child; in cluster mode (`-w N` ≥ 1, `workers N` in its config, WEB_CONCURRENCY) the master's wait_workers loops Process.wait2(-1, WNOHANG) and reaps any child from puma 6.4.1 on (before, it waited for each worker by pid); the chain reads the mode and the version locked in Gemfile.lock where the build context has them",
    source: "https://github.com/puma/puma/blob/ff2e2126ee2f0f97e21c57ce1967afde1b6f05a1/lib/puma/configuration.rb#L182",
    seeAlso: ["https://github.com/puma/puma/blob/ff2e2126ee2f0f97e21c57ce1967afde1b6f05a1/lib/puma/cluster.rb#L569", "https://github.com/puma/puma/blob/52eff8d3344fa0a4daa8d00ba1de74cb746a5ff4/lib/puma/cluster.rb#L515"],
  },
  { name: "rails", verdict: "non-reaper", note: "`rails server` runs its Rack handler (puma by default) inside its own process (Rails::Server < Rackup::Server#start): puma's single mode unless config/puma.rb sets workers, when puma's cluster master reaps", source: "https://github.com/rails/rails/blob/2a2db1e8d6d104ee0611efcae7eb023af65cff34/railties/lib/rails/commands/server/server_command.rb#L32", seeAlso: ["https://github.com/puma/puma/blob/ff2e2126ee2f0f97e21c57ce1967afde1b6f05a1/lib/puma/cluster.rb#L569"] },
  { name: "sidekiq", verdict: "non-reaper", note: "one Ruby process: the Launcher runs jobs in threads; the source forks nothing and waits for no child", source: "https://github.com/sidekiq/sidekiq/blob/1bb4aa06e5aa178a114a5e855f9f3d5c24f6c61b/lib/sidekiq/cli.rb#L122" },
  {
    name: "celery", verdict: "non-reaper",
    note: "the worker's prefork pool (billiard) waits for each pool process by its pid (Popen.poll: os.waitpid(self.pid, …)); neither celery nor billiard waits for any child or handles SIGCHLD",
    source: "https://github.com/celery/billiard/blob/bd2f803b78f9f2a7fce62ed6d846333270f29e07/billiard/popen_fork.py#L31",
    seeAlso: ["https://github.com/celery/celery/tree/5dc781f0bd5f36186bfcc74e0a4f9f654452c69b/celery"],
  },
  { name: "hypercorn", verdict: "non-reaper", note: "with workers (1 by default) the parent joins each multiprocessing worker by its pid (_join_exited); with 0 it serves in-process", source: "https://github.com/pgjones/hypercorn/blob/0e2311f1ad2ae587aaa590f3824f59aa5dc0e770/src/hypercorn/run.py#L147" },
  { name: "daphne", verdict: "non-reaper", note: "one process running the Twisted reactor; daphne starts no child", source: "https://github.com/django/daphne/blob/c19f2f4301cc0c26fbf7ed2080eace9e76aec3b6/daphne/server.py#L156" },
  { name: "waitress-serve", verdict: "non-reaper", note: "waitress serves in threads of one process: no fork, no wait", source: "https://github.com/Pylons/waitress/blob/4a378915f6fef264c6aaf03f059bd992287ba8ba/src/waitress/__init__.py#L6" },
  { name: "granian", verdict: "non-reaper", note: "a watcher thread per worker joins that worker (multiprocessing join: a wait for its pid); nothing waits for any child", source: "https://github.com/emmett-framework/granian/blob/9a20b1742b97ab8e85f58220f98f1d14e35387c3/granian/server/common.py#L59" },
  { name: "rr", verdict: "non-reaper", note: "RoadRunner (Go): each PHP worker is an os/exec child waited by cmd.Wait (its own pid)", source: "https://github.com/roadrunner-server/pool/blob/543784c96f1cf3171d702400fb94073e13332a32/worker/worker.go#L194", seeAlso: ["https://github.com/roadrunner-server/roadrunner/blob/82d735ef98912c4367f29158085d9b919d35f83b/cmd/rr/main.go#L15"] },
  { name: "frankenphp", verdict: "non-reaper", note: "Caddy (Go) running PHP in threads of its own process; its source has no wait for any child", source: "https://github.com/php/frankenphp/blob/fb62c307887e11cfacb48f67c3a602c150b660fc/caddy/frankenphp/main.go#L13" },
  { name: "beam.smp", verdict: "non-reaper", note: "the Erlang VM installs no SIGCHLD handler (only os:set_signal(sigchld, …) changes it); ports are forked by its erl_child_setup child, which waits for its own children only", source: BEAM, seeAlso: [ERL_CHILD_SETUP] },
  { name: "erl", verdict: "non-reaper", note: "a script that execs erlexec, the VM's launcher (beam.smp runs as PID 1)", source: "https://github.com/erlang/otp/blob/55ac76deff38d20c7cadf892f0b6bce320de80ab/erts/etc/unix/erl.src.src#L29", seeAlso: [BEAM] },
  { name: "elixir", verdict: "non-reaper", note: "a script that ends in exec erl: the VM (beam.smp) becomes PID 1; release scripts (`bin/app start`) exec it too", source: `${ELIXIR}/elixir#L245`, seeAlso: [BEAM] },
  { name: "iex", verdict: "non-reaper", note: "a script that execs elixir, and so the VM (beam.smp)", source: `${ELIXIR}/iex#L38`, seeAlso: [BEAM] },
  { name: "mix", verdict: "non-reaper", note: "an elixir script (`#!/usr/bin/env elixir`): runs in the VM (beam.smp)", source: `${ELIXIR}/mix#L1`, seeAlso: [BEAM] },
  { name: "deno", verdict: "non-reaper", note: "Rust (tokio): subprocesses are waited by their own pid; the source has no wait for any child", source: "https://github.com/denoland/deno/blob/98f9507affc905f088124891add3a8dd63b91f77/cli/main.rs#L3" },
  { name: "bun", verdict: "non-reaper", note: "each spawned process is watched by its pidfd, or waited by its pid (WaiterThread: wait4(pid, …)); nothing waits for any child", source: "https://github.com/oven-sh/bun/blob/f57454afea106b13fbc3e6dbc90fbc95bdac7aa2/src/bun.js/api/bun/process.zig" },
  { name: "mosquitto", verdict: "non-reaper", note: "forks only to daemonise (-d); the broker never waits for a child", source: "https://github.com/eclipse-mosquitto/mosquitto/blob/7b8aba105b77253309de24664bbae69d0cae3da0/src/mosquitto.c#L252" },
  { name: "openvpn", verdict: "non-reaper", note: "waits only for the scripts it runs, by their pid (openvpn_execve: waitpid(pid, …))", source: "https://github.com/OpenVPN/openvpn/blob/3de926089fdebd79b9d25e80c31e45c1e044911d/src/openvpn/run_command.c#L200" },
  { name: "prometheus", verdict: "non-reaper", note: "Go; its source has no wait for any child (no Wait4, no SIGCHLD)", source: "https://github.com/prometheus/prometheus/blob/d15adb9ad7e5d9fbde3a9a8f30200593a5a14d86/cmd/prometheus/main.go#L368" },
  { name: "alertmanager", verdict: "non-reaper", note: "Go; its source has no wait for any child (no Wait4, no SIGCHLD)", source: "https://github.com/prometheus/alertmanager/blob/68fb2d5759b3a92c0bb2a1a13d4ef7ff5b06256d/cmd/alertmanager/main.go#L40" },
  { name: "varnishd", verdict: "non-reaper", note: "the manager waits for its cache child by pid (waitpid(child_pid, …)) and for the VCL compiler by pid (VSUB_run); nothing waits for any child", source: "https://github.com/varnishcache/varnish-cache/blob/27d2ce15b20b94d0a5e452b0d5c29c3145d00b6a/bin/varnishd/mgt/mgt_child.c#L553", seeAlso: ["https://github.com/varnishcache/varnish-cache/blob/27d2ce15b20b94d0a5e452b0d5c29c3145d00b6a/lib/libvarnish/vsub.c#L168"] },
  { name: "nats-server", verdict: "non-reaper", note: "Go; its source has no wait for any child (no Wait4, no SIGCHLD)", source: "https://github.com/nats-io/nats-server/blob/1787eee035cf0253c201fa0f05afad92b6f296dc/main.go#L97" },
  { name: "coredns", verdict: "non-reaper", note: "Go; its source has no wait for any child (no Wait4, no SIGCHLD)", source: "https://github.com/coredns/coredns/blob/4b26cced32717eac6dd725e308d7415c8b9db147/coredns.go#L11" },
  { name: "syncthing", verdict: "non-reaper", note: "Go; by default a monitor process runs the server as its child and waits for it by pid (cmd.Wait); nothing waits for any child", source: "https://github.com/syncthing/syncthing/blob/328d910aee822178f55442c76bc7e35ce34d68cc/cmd/syncthing/monitor.go#L147" },
  { name: "containerboot", verdict: "non-reaper", note: "tailscale's image entrypoint (Go): its reaper goroutine waits for tailscaled by pid (unix.Wait4(daemonProcess.Pid, …)), never for any child", source: "https://github.com/tailscale/tailscale/blob/de9ec7ee25627e0e518f53c710a3fc3d947c86c1/cmd/containerboot/main.go#L990" },
  { name: "tailscaled", verdict: "non-reaper", note: "Go; its source has no wait for any child (no Wait4(-1), no SIGCHLD)", source: "https://github.com/tailscale/tailscale/blob/de9ec7ee25627e0e518f53c710a3fc3d947c86c1/cmd/tailscaled/tailscaled.go#L197" },
  { name: "ollama", verdict: "non-reaper", note: "Go; `ollama serve` runs each model runner as an os/exec child and waits for it by pid (cmd.Wait)", source: "https://github.com/ollama/ollama/blob/fb30760996871fa9460115c753afd2c60d4ab0f7/llm/llama_server.go#L1020" },
  { name: "cloudflared", verdict: "non-reaper", note: "Go; its source has no wait for any child (no Wait4, no SIGCHLD)", source: "https://github.com/cloudflare/cloudflared/blob/d1df7985bdf189c4caf34e290bafbf8f411e603b/cmd/cloudflared/main.go#L51" },
  { name: "etcd", verdict: "non-reaper", note: "Go; its server source has no wait for any child (no Wait4, no SIGCHLD)", source: "https://github.com/etcd-io/etcd/blob/c34dc7ee0048fd2bcc44d50beff002e5e8069b69/server/main.go#L30" },
  { name: "telegraf", verdict: "non-reaper", note: "Go; the exec inputs wait for their command by pid (WaitTimeout: cmd.Wait); nothing waits for any child", source: "https://github.com/influxdata/telegraf/blob/b27263146617cefe16c0b300107b58b111a7fa57/internal/exec_unix.go#L45" },
  { name: "fluent-bit", verdict: "non-reaper", note: "waits only for children it started, by pid: the exec input (waitpid(child_pid, …)) and the --supervisor parent (waitpid(pid, …))", source: "https://github.com/fluent/fluent-bit/blob/d55459d492c5c019c0f7dc24db42e69ef47a5437/plugins/in_exec/in_exec.c#L142", seeAlso: ["https://github.com/fluent/fluent-bit/blob/d55459d492c5c019c0f7dc24db42e69ef47a5437/src/flb_supervisor.c#L314"] },
  { name: "unbound", verdict: "non-reaper", note: "forks only to daemonise (without -d); no wait for any child", source: "https://github.com/NLnetLabs/unbound/blob/7fb79b0677a03d6922c29880854e8fdeb271679e/daemon/unbound.c#L441" },
];
