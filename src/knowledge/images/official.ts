// Docker official images (`docker.io/library/<name>`). docker-library/official-images names, for each
// tag, the repository, commit and directory of its Dockerfile; each entry here was checked by reading
// that Dockerfile and its entrypoint script at the commit in `source`.
import { ALPINE, gh } from "./common.js";
import type { ImageEntry } from "../types.js";

const PHP = "445bf414f1d5866f7aef715f1203eae043710070";
const WORDPRESS = "bf223d1c2087b0b2c3b86eefa830fe4bbc2bce07";

export const OFFICIAL_IMAGES: ImageEntry[] = [
  // databases and caches
  {
    name: "postgres",
    verdict: "reaper", program: "postgres", passesToCommand: true, prepend: "flags", runtime: "c",
    note: "docker-entrypoint.sh steps down with exec gosu and ends in exec \"$@\"",
    source: gh("docker-library/postgres", "6edb0a8c4def40c371514b34aef9037ec82d9110", "18/trixie/docker-entrypoint.sh"),
    variants: [ALPINE],
  },
  {
    name: "redis",
    verdict: "non-reaper", program: "redis-server", passesToCommand: true, prepend: "flags", runtime: "c",
    note: "docker-entrypoint.sh prepends redis-server to flags and `*.conf`, ends in exec \"$@\"",
    source: gh("redis/docker-library-redis", "e5650da99bb377b2ed4f9f1ef993ff24729b1c16", "7.4/alpine/docker-entrypoint.sh"),
    variants: [ALPINE],
  },
  {
    name: "mariadb",
    verdict: "non-reaper", program: "mariadbd", passesToCommand: true, prepend: "flags", runtime: "c",
    source: gh("MariaDB/mariadb-docker", "1b6429ba3544e134715c15f8c56cc6f665f827c9", "11.4/docker-entrypoint.sh"),
  },
  {
    name: "mysql",
    verdict: "non-reaper", program: "mysqld", passesToCommand: true, prepend: "flags", runtime: "c",
    source: gh("docker-library/mysql", "7f30fdb0738041fc5125e8218e393e0a891243e9", "innovation/docker-entrypoint.sh"),
  },
  {
    name: "mongo",
    verdict: "non-reaper", program: "mongod", passesToCommand: true, prepend: "flags", runtime: "c",
    source: gh("docker-library/mongo", "2c69a57b939afb99266e8f97258adb178e9559e0", "8.0/docker-entrypoint.sh"),
  },
  {
    name: "memcached",
    verdict: "non-reaper", program: "memcached", passesToCommand: true, prepend: "flags", runtime: "c",
    source: gh("docker-library/memcached", "53ac0ecb0bf88b471a0110f8996ce791baf1a667", "1/debian/docker-entrypoint.sh"),
    variants: [ALPINE],
  },
  {
    name: "clickhouse",
    aliases: ["clickhouse/clickhouse-server"],
    verdict: "non-reaper", program: "clickhouse-server", passesToCommand: true, prepend: "flags", runtime: "c", assumed: true,
    note: "entrypoint.sh runs exec clickhouse su … clickhouse-server for no arguments or `--` flags (watchdog off), else exec \"$@\"; the official tree is generated from ClickHouse/ClickHouse docker/server, which also builds clickhouse/clickhouse-server; the server's own child handling was not read",
    source: gh("ClickHouse/docker-library", "b34751676b4cd113caedf5d6f99ce21fa34ac480", "server/26.5.6.113/entrypoint.sh"),
    seeAlso: [gh("ClickHouse/docker-library", "b34751676b4cd113caedf5d6f99ce21fa34ac480", "README.md")],
  },
  {
    name: "influxdb",
    verdict: "non-reaper", program: "influxd", passesToCommand: true, prepend: "flags", runtime: "go",
    note: "entrypoint.sh runs influxd for no arguments, `run` or flags, else exec \"$@\"",
    source: gh("influxdata/influxdata-docker", "d457cb9363532cbbc8d63ef7d1b065336ef0302d", "influxdb/2.7/entrypoint.sh"),
    variants: [
      { id: "1.x", versions: { max: "1" }, source: gh("influxdata/influxdata-docker", "d457cb9363532cbbc8d63ef7d1b065336ef0302d", "influxdb/1.11/entrypoint.sh") },
      { id: "3.x", versions: { min: "3" }, program: "influxdb3", note: "entrypoint.sh prepends `influxdb3 serve` to flags", source: gh("influxdata/influxdata-docker", "d457cb9363532cbbc8d63ef7d1b065336ef0302d", "influxdb/3.11-core/entrypoint.sh") },
      ALPINE,
    ],
  },
  {
    name: "couchdb",
    verdict: "init", program: "tini", passesToCommand: false, shipsInit: "tini",
    note: "ENTRYPOINT [\"tini\", \"--\", \"/docker-entrypoint.sh\"]",
    source: gh("apache/couchdb-docker", "4c82ee090d6299c27616f30d93c9622f769431dd", "3.4.3/Dockerfile"),
  },
  // web servers and proxies
  {
    name: "nginx",
    verdict: "reaper", program: "nginx", passesToCommand: true, runtime: "c",
    note: "/docker-entrypoint.sh runs the /docker-entrypoint.d scripts and ends in exec \"$@\"",
    source: gh("nginx/docker-nginx", "0d7f4380c735af5009aa364e27fafecd958fd4fa", "mainline/debian/docker-entrypoint.sh"),
    variants: [ALPINE],
  },
  {
    name: "httpd",
    verdict: "reaper", program: "httpd-foreground", passesToCommand: true, runtime: "c",
    note: "no ENTRYPOINT; CMD httpd-foreground execs httpd -DFOREGROUND",
    source: gh("docker-library/httpd", "9b63b37c9be3b42d16b924ebb40af3cc40793119", "2.4/Dockerfile"),
    variants: [ALPINE],
  },
  {
    name: "caddy",
    verdict: "non-reaper", program: "caddy", passesToCommand: true, runtime: "go",
    note: "no ENTRYPOINT: CMD caddy run …; a command must name caddy itself",
    source: gh("caddyserver/caddy-docker", "62d1326421cc6d6245f5178d3c277b0e69fb8fb6", "2.11/alpine/Dockerfile"),
    busybox: true,
  },
  {
    name: "traefik",
    verdict: "non-reaper", program: "traefik", passesToCommand: true, prepend: "subcommands", runtime: "go",
    note: "entrypoint.sh prepends traefik to flags and to traefik subcommands, ends in exec \"$@\"",
    source: gh("traefik/traefik-library-image", "697393828fd83340553fe3edd13e961a9c3b971a", "v3.5/alpine/entrypoint.sh"),
    busybox: true,
  },
  {
    name: "haproxy",
    verdict: "reaper", program: "haproxy", passesToCommand: true, prepend: "flags", runtime: "c",
    note: "docker-entrypoint.sh turns `haproxy …` into `haproxy -W -db …`: the master-worker master's mworker_catch_sigchld loops waitpid(-1, …, WNOHANG)",
    source: gh("docker-library/haproxy", "ec437dd2a3656610b10a42c08763d8fa1c591efe", "3.0/docker-entrypoint.sh"),
    seeAlso: ["https://github.com/haproxy/haproxy/blob/018251667e4c95478ce0026f4d700e0420f8ce24/src/mworker.c"],
    variants: [ALPINE],
  },
  {
    name: "kong",
    verdict: "reaper", program: "nginx", passesToCommand: true, runtime: "c",
    note: "CMD kong docker-start: docker-entrypoint.sh runs kong prepare, then exec …/openresty/nginx/sbin/nginx (the nginx master)",
    source: gh("Kong/docker-kong", "d1ed165bfeb6304815bc537b3e8ff387fa0b350a", "ubuntu/docker-entrypoint.sh"),
  },
  {
    name: "registry",
    verdict: "non-reaper", program: "registry", passesToCommand: true, prepend: "subcommands", runtime: "go", busybox: true,
    note: "entrypoint.sh prepends registry serve to a config path, registry to serve/garbage-collect/help and flags",
    source: gh("distribution/distribution-library-image", "a829ed8cbcd822f50c3c4dfb1c3a5b4fcf8108f1", "entrypoint.sh"),
  },
  // PHP and the applications built on its variants
  {
    name: "php",
    verdict: "non-reaper", program: "php", passesToCommand: true, prepend: "flags", runtime: "php", assumed: true,
    note: "the cli variant (also the bare version tag): CMD php -a; docker-php-entrypoint prepends the variant's program to flags",
    source: gh("docker-library/php", PHP, "8.3/bookworm/cli/Dockerfile"),
    variants: [
      { id: "apache", tags: ["apache"], verdict: "reaper", program: "apache2-foreground", runtime: "c", assumed: undefined, note: "CMD apache2-foreground (exec apache2 -DFOREGROUND), STOPSIGNAL SIGWINCH", source: gh("docker-library/php", PHP, "8.3/bookworm/apache/Dockerfile") },
      { id: "fpm", tags: ["fpm"], verdict: "reaper", program: "php-fpm", runtime: "c", assumed: undefined, note: "CMD php-fpm, STOPSIGNAL SIGQUIT", source: gh("docker-library/php", PHP, "8.3/bookworm/fpm/Dockerfile") },
      ALPINE,
    ],
  },
  {
    name: "wordpress",
    verdict: "reaper", program: "apache2-foreground", passesToCommand: true, runtime: "c",
    note: "FROM php:*-apache; docker-entrypoint.sh ends in exec \"$@\"",
    source: gh("docker-library/wordpress", WORDPRESS, "latest/php8.3/apache/Dockerfile"),
    variants: [
      { id: "fpm", tags: ["fpm"], program: "php-fpm", note: "FROM php:*-fpm, CMD php-fpm", source: gh("docker-library/wordpress", WORDPRESS, "latest/php8.3/fpm/Dockerfile") },
      { id: "cli", tags: ["cli"], verdict: "non-reaper", program: "wp", prepend: "subcommands", runtime: "php", assumed: true, note: "wp-cli: CMD wp shell; docker-entrypoint.sh prepends wp to flags and wp subcommands", source: gh("docker-library/wordpress", WORDPRESS, "cli/php8.3/alpine/docker-entrypoint.sh") },
      ALPINE,
    ],
  },
  {
    name: "nextcloud",
    verdict: "reaper", program: "apache2-foreground", passesToCommand: true, runtime: "c",
    note: "/entrypoint.sh ends in exec \"$@\"; `entrypoint: /cron.sh` runs exec busybox crond -f, which reaps only its own jobs",
    source: gh("nextcloud/docker", "4de1eed65a44c61ecce601ef1d27abd2059b52e6", "34/apache/Dockerfile"),
    seeAlso: [gh("nextcloud/docker", "4de1eed65a44c61ecce601ef1d27abd2059b52e6", "docker-cron.sh")],
    variants: [
      { id: "fpm", tags: ["fpm"], program: "php-fpm", note: "FROM php:*-fpm, CMD php-fpm", source: gh("nextcloud/docker", "4de1eed65a44c61ecce601ef1d27abd2059b52e6", "34/fpm/Dockerfile") },
      ALPINE,
    ],
  },
  // more PHP applications: the php image's apache/fpm variants, with or without their own entrypoint
  {
    name: "drupal",
    verdict: "reaper", program: "apache2-foreground", passesToCommand: true, prepend: "flags", runtime: "c",
    note: "FROM php:*-apache with no entrypoint of its own: docker-php-entrypoint",
    source: gh("docker-library/drupal", "305e3e2acd5180ec2476d448fd97b4ccbcb0a55d", "10.6/php8.3/apache-bookworm/Dockerfile"),
    variants: [{ id: "fpm", tags: ["fpm"], program: "php-fpm", note: "FROM php:*-fpm", source: gh("docker-library/drupal", "305e3e2acd5180ec2476d448fd97b4ccbcb0a55d", "10.6/php8.3/fpm-alpine3.24/Dockerfile") }, ALPINE],
  },
  {
    name: "mediawiki",
    verdict: "reaper", program: "apache2-foreground", passesToCommand: true, prepend: "flags", runtime: "c",
    note: "FROM php:*-apache, CMD apache2-foreground, no entrypoint of its own",
    source: gh("wikimedia/mediawiki-docker", "618c79d4d0afb207eb5b0d2b2821944bc653c2b9", "1.44/apache/Dockerfile"),
    variants: [{ id: "fpm", tags: ["fpm"], program: "php-fpm", source: gh("wikimedia/mediawiki-docker", "618c79d4d0afb207eb5b0d2b2821944bc653c2b9", "1.44/fpm/Dockerfile") }, ALPINE],
  },
  {
    name: "joomla",
    verdict: "reaper", program: "apache2-foreground", passesToCommand: true, runtime: "c",
    note: "FROM php:*-apache; /entrypoint.sh ends in exec \"$@\"",
    source: gh("joomla-docker/docker-joomla", "562e0feb6f118eb87010ece972df7c720ab8a6a5", "5.4/php8.3/apache/Dockerfile"),
    variants: [{ id: "fpm", tags: ["fpm"], program: "php-fpm", source: gh("joomla-docker/docker-joomla", "562e0feb6f118eb87010ece972df7c720ab8a6a5", "5.4/php8.3/fpm/Dockerfile") }, ALPINE],
  },
  {
    name: "matomo",
    verdict: "reaper", program: "apache2-foreground", passesToCommand: true, runtime: "c",
    note: "FROM php:*-apache; /entrypoint.sh ends in exec \"$@\"",
    source: gh("matomo-org/docker", "adb618afe1527cfed9655983fe79a6275b65ad1b", "apache/Dockerfile"),
    variants: [{ id: "fpm", tags: ["fpm"], program: "php-fpm", source: gh("matomo-org/docker", "adb618afe1527cfed9655983fe79a6275b65ad1b", "fpm/Dockerfile") }, ALPINE],
  },
  {
    name: "phpmyadmin",
    aliases: ["phpmyadmin/phpmyadmin"],
    verdict: "reaper", program: "apache2-foreground", passesToCommand: true, runtime: "c",
    note: "FROM php:*-apache; /docker-entrypoint.sh ends in exec \"$@\"; phpmyadmin/phpmyadmin is built from the same repository",
    source: gh("phpmyadmin/docker", "452a995fe6c90b96473fc17c3d704786c33d42bc", "apache/Dockerfile"),
    variants: [{ id: "fpm", tags: ["fpm"], program: "php-fpm", source: gh("phpmyadmin/docker", "452a995fe6c90b96473fc17c3d704786c33d42bc", "fpm/Dockerfile") }, ALPINE],
  },
  {
    name: "adminer",
    verdict: "non-reaper", program: "php", passesToCommand: true, prepend: "flags", runtime: "php", busybox: true, assumed: true,
    note: "FROM php:*-alpine: CMD php -S [::]:8080 (PHP's built-in server); entrypoint.sh and docker-php-entrypoint end in exec \"$@\"",
    source: gh("TimWolla/docker-adminer", "7088bf0e2003398930eed5ea00032b61aa3b55cb", "5/Dockerfile"),
    variants: [{ id: "fastcgi", tags: ["fastcgi"], verdict: "reaper", program: "php-fpm", runtime: "c", assumed: undefined, source: gh("TimWolla/docker-adminer", "7088bf0e2003398930eed5ea00032b61aa3b55cb", "5/fastcgi/Dockerfile") }],
  },
  // language runtimes: the command decides; the default command is the language's REPL
  {
    name: "node",
    verdict: "non-reaper", program: "node", passesToCommand: true, prepend: "flags", runtime: "node",
    note: "docker-entrypoint.sh prepends node to flags and to a first argument that is not a command, ends in exec \"$@\"",
    source: gh("nodejs/docker-node", "f27d936f7d7ccdeec25cd2de33584c1a841f561d", "22/bookworm/docker-entrypoint.sh"),
    seeAlso: ["https://github.com/nodejs/docker-node/blob/f27d936f7d7ccdeec25cd2de33584c1a841f561d/docs/BestPractices.md#handling-kernel-signals"],
    variants: [ALPINE],
  },
  {
    name: "python",
    verdict: "non-reaper", program: "python3", passesToCommand: true, runtime: "python",
    note: "no ENTRYPOINT: CMD python3",
    source: gh("docker-library/python", "4f07059567fa61c80397126e8063dbbde011b794", "3.13/slim-bookworm/Dockerfile"),
    variants: [ALPINE],
  },
  {
    name: "ruby",
    verdict: "non-reaper", program: "irb", passesToCommand: true, runtime: "ruby", assumed: true,
    note: "no ENTRYPOINT: CMD irb; Ruby's own child handling was not read",
    source: gh("docker-library/ruby", "d55e25ae709885250a4e9718c27a09f1e963ca79", "3.4/bookworm/Dockerfile"),
    variants: [ALPINE],
  },
  {
    name: "golang",
    verdict: "unknown", passesToCommand: true,
    note: "no ENTRYPOINT or CMD of its own: the command decides (buildpack-deps and Debian default to bash)",
    source: gh("docker-library/golang", "7c8c182bfc19ee3169d0596ae63917d2c7166f94", "1.26/bookworm/Dockerfile"),
    variants: [ALPINE],
  },
  {
    name: "rust",
    verdict: "unknown", passesToCommand: true,
    note: "no ENTRYPOINT or CMD of its own: the command decides",
    source: gh("rust-lang/docker-rust", "7668ee290612ac3ac42dbfcbdfae75120263d2c9", "stable/bookworm/Dockerfile"),
    variants: [ALPINE],
  },
  {
    name: "eclipse-temurin",
    verdict: "non-reaper", program: "jshell", passesToCommand: true, runtime: "java",
    note: "ENTRYPOINT /__cacert_entrypoint.sh ends in exec \"$@\"; jdk tags CMD jshell, jre tags have no CMD (the command decides)",
    source: gh("adoptium/containers", "d8d18d67a32e2cbc765de68c30ea0998009df325", "21/jdk/ubuntu/noble/Dockerfile"),
    variants: [{ id: "jre", tags: ["jre"], verdict: "unknown", program: undefined, note: "no CMD: the command decides", source: gh("adoptium/containers", "d8d18d67a32e2cbc765de68c30ea0998009df325", "21/jre/ubuntu/noble/Dockerfile") }, ALPINE],
  },
  {
    name: "openjdk",
    verdict: "non-reaper", program: "jshell", passesToCommand: true, runtime: "java",
    note: "no ENTRYPOINT: CMD jshell",
    source: gh("docker-library/openjdk", "da2d75fdafc1da23b6c86e3bea2c2f63aacc9170", "27/bookworm/Dockerfile"),
    variants: [ALPINE],
  },
  {
    name: "amazoncorretto",
    verdict: "unknown", passesToCommand: true,
    note: "no ENTRYPOINT or CMD of its own (Amazon Linux defaults to bash): the command decides",
    source: gh("corretto/corretto-docker", "7075fecda59b24401d281af56b8960f424aefed4", "21/jdk/al2023/Dockerfile"),
    variants: [ALPINE],
  },
  // distributions: the command decides
  {
    name: "alpine",
    verdict: "unknown", program: "sh", passesToCommand: true, busybox: true,
    note: "FROM scratch with the minirootfs, CMD /bin/sh: the command decides",
    source: gh("alpinelinux/docker-alpine", "7d63673353bd39d92ba42f6effcc199aeebd45ee", "x86_64/Dockerfile"),
  },
  {
    name: "busybox",
    verdict: "unknown", program: "sh", passesToCommand: true, busybox: true,
    note: "FROM scratch, CMD sh: the command decides",
    source: gh("docker-library/busybox", "9c2087811429374737832a4c936fc411c1b4a22b", "latest-1/glibc/Dockerfile"),
  },
  {
    name: "debian",
    verdict: "unknown", program: "bash", passesToCommand: true,
    note: "a root filesystem with no ENTRYPOINT and CMD bash: the command decides",
    source: "https://github.com/docker-library/official-images/blob/37079fb336f572a88700cf32e5e1f6be54a04e8f/library/debian",
  },
  {
    name: "ubuntu",
    verdict: "unknown", program: "bash", passesToCommand: true,
    note: "a root filesystem with no ENTRYPOINT and CMD bash: the command decides",
    source: "https://github.com/docker-library/official-images/blob/37079fb336f572a88700cf32e5e1f6be54a04e8f/library/ubuntu",
  },
  // applications
  {
    name: "rabbitmq",
    verdict: "reaper", program: "rabbitmq-server", passesToCommand: true, runtime: "shell",
    note: "docker-entrypoint.sh steps down with gosu and ends in exec \"$@\"; rabbitmq-server stays PID 1 as a shell that waits for the Erlang VM",
    source: gh("docker-library/rabbitmq", "9193c1de6d32046e0c1132841a7a4995b0dc32e0", "4.1/ubuntu/Dockerfile"),
    seeAlso: [gh("rabbitmq/rabbitmq-server", "0c0af0520e34ba7d8680ccff24ef00cf096f8771", "deps/rabbit/scripts/rabbitmq-server")],
    variants: [ALPINE],
  },
  {
    name: "ghost",
    verdict: "non-reaper", program: "node", passesToCommand: true, runtime: "node",
    note: "CMD node current/index.js; docker-entrypoint.sh steps down with gosu and ends in exec \"$@\"",
    source: gh("TryGhost/docker-library-ghost", "bc5d011df043fce635b082c8fa43720ea5681a82", "6/bookworm/Dockerfile"),
    variants: [ALPINE],
  },
  {
    name: "odoo",
    verdict: "non-reaper", program: "odoo", passesToCommand: true, prepend: "flags", runtime: "python",
    note: "entrypoint.sh waits for postgres, then exec odoo for `odoo` or flags, else exec \"$@\"; odoo reaps only in multi-process mode (workers > 0), which the image does not set",
    source: gh("odoo/docker", "f7f6765354127c8ca31c373f51a840d9ec79149d", "18.0/entrypoint.sh"),
  },
  {
    name: "mongo-express",
    verdict: "init", program: "tini", shipsInit: "/sbin/tini", busybox: true,
    note: "ENTRYPOINT [\"/sbin/tini\", \"--\", \"/docker-entrypoint.sh\"]",
    source: gh("mongo-express/mongo-express-docker", "075234363b3c008c7c2e97de8a3639e23a75cfcd", "1.0/20-alpine3.19/Dockerfile"),
  },
  {
    name: "zookeeper",
    verdict: "non-reaper", program: "java", passesToCommand: true, runtime: "java",
    note: "CMD zkServer.sh start-foreground, which execs java; docker-entrypoint.sh ends in exec \"$@\"",
    source: gh("31z4/zookeeper-docker", "52a83649bc332b3324e0f0ecd96a1c88b2793022", "3.9.4/Dockerfile"),
  },
  {
    name: "sonarqube",
    verdict: "non-reaper", program: "java", passesToCommand: true, prepend: "flags", runtime: "java",
    note: "entrypoint.sh runs java -jar lib/sonarqube.jar for no arguments or flags, else exec \"$@\"",
    source: gh("SonarSource/docker-sonarqube", "df5a6ae20bb7ce8e464d6895178e763c77a6a402", "community-build/entrypoint.sh"),
  },
  {
    name: "tomcat",
    verdict: "non-reaper", program: "catalina.sh", passesToCommand: true, runtime: "java",
    note: "ENTRYPOINT [] and CMD catalina.sh run, which execs java",
    source: gh("docker-library/tomcat", "40f27d562f94c0dbfb861587ee8837047b1cd555", "10.1/jdk21/temurin-noble/Dockerfile"),
  },
  {
    name: "redmine",
    verdict: "non-reaper", program: "rails", passesToCommand: true, runtime: "ruby", shipsInit: "tini", assumed: true,
    note: "CMD rails server (puma); docker-entrypoint.sh ends in exec \"$@\"; tini is installed but not used; the server's child handling was not read",
    source: gh("docker-library/redmine", "f772dee7158856abee669c717bb258f1ad43bce9", "6.0/bookworm/Dockerfile"),
    variants: [ALPINE],
  },
  {
    name: "nats",
    verdict: "non-reaper", program: "nats-server", runtime: "go",
    note: "the default (scratch) variant: ENTRYPOINT [\"/nats-server\"]",
    source: gh("nats-io/nats-docker", "aa0caa57b71c01566a100b47b2ed94de6ef6cf80", "2.10.x/scratch/Dockerfile"),
    variants: [{ ...ALPINE, passesToCommand: true, prepend: "flags", note: "docker-entrypoint.sh prepends nats-server to flags, ends in exec \"$@\"", source: gh("nats-io/nats-docker", "aa0caa57b71c01566a100b47b2ed94de6ef6cf80", "2.10.x/alpine3.22/docker-entrypoint.sh") }],
  },
  {
    name: "telegraf",
    verdict: "init", program: "tini", shipsInit: "/usr/bin/tini",
    note: "ENTRYPOINT [\"/usr/bin/tini\", \"--\", \"/entrypoint.sh\"] since 1.39.2 (/sbin/tini on Alpine)",
    source: gh("influxdata/influxdata-docker", "d457cb9363532cbbc8d63ef7d1b065336ef0302d", "telegraf/1.39/Dockerfile"),
    variants: [
      { id: "<1.39.2", versions: { max: "1.39.1" }, verdict: "non-reaper", program: "telegraf", passesToCommand: true, prepend: "flags", runtime: "go", shipsInit: undefined, note: "ENTRYPOINT /entrypoint.sh without an init", source: gh("influxdata/influxdata-docker", "d457cb9363532cbbc8d63ef7d1b065336ef0302d", "telegraf/1.37/Dockerfile") },
      { ...ALPINE, shipsInit: "/sbin/tini" },
    ],
  },
  {
    name: "docker",
    verdict: "init", program: "docker-init", passesToCommand: true, prepend: "flags",
    note: "the dind variant (also latest): dockerd-entrypoint.sh runs `docker-init -- dockerd …` for no arguments, flags or dockerd",
    source: gh("docker-library/docker", "3289af88086d67e6f0bfebfa0617541a0f574d96", "29/dind/dockerd-entrypoint.sh"),
    busybox: true,
    variants: [
      { id: "cli", tags: ["cli"], verdict: "unknown", program: "sh", note: "CMD sh; docker-entrypoint.sh prepends docker to flags and docker subcommands", prepend: "subcommands", source: gh("docker-library/docker", "3289af88086d67e6f0bfebfa0617541a0f574d96", "29/cli/Dockerfile") },
      { id: "dind-rootless", tags: ["dind-rootless", "rootless"], verdict: "unknown", program: undefined, prepend: undefined, note: "rootlesskit in front of dockerd: not read", source: gh("docker-library/docker", "3289af88086d67e6f0bfebfa0617541a0f574d96", "29/dind-rootless/Dockerfile") },
    ],
  },
];
