// Infrastructure images: observability, messaging, service discovery, data platforms. Each entry was
// checked by reading the Dockerfile that builds the image and the script its ENTRYPOINT/CMD runs, at
// the commit in `source` (and `seeAlso`).
import { gh } from "./common.js";
import type { ImageEntry, ImageFile } from "../types.js";

const CONFLUENT = "f8e3015a9a60a4f4713de29f61c3ffa15a18b3ae";
const BITNAMI_REDIS = "e0fcfc21e5d38b2a5a96a55c89821b54f5fedccd";
const BITNAMI_MONGODB = "f82a99dc6c7d90724daada34bf72bc68df889fc0";
const BITNAMI_ZOOKEEPER = "f4fc7bbd12ac2630ce12276143041b62749b3802";

/** A Bitnami run.sh, also reachable as /run.sh, that the compose file names as its command. */
function bitnamiRun(app: string, f: ImageFile): Record<string, ImageFile> {
  return { [`/opt/bitnami/scripts/${app}/run.sh`]: f, "/run.sh": f };
}

export const INFRASTRUCTURE_IMAGES: ImageEntry[] = [
  // Grafana's observability stack
  {
    name: "grafana/loki",
    verdict: "non-reaper", program: "loki", runtime: "go",
    note: "FROM gcr.io/distroless/static:debug, ENTRYPOINT [\"/usr/bin/loki\"]: a command gives loki's flags",
    source: gh("grafana/loki", "0230065a10abdce767a9c3b84a9e43cdf61a1b87", "cmd/loki/Dockerfile"),
  },
  {
    name: "grafana/promtail",
    verdict: "non-reaper", program: "promtail", runtime: "go",
    note: "ENTRYPOINT [\"/usr/bin/promtail\"]: a command gives promtail's flags",
    source: gh("grafana/loki", "072f705786cc97574f5d45887d72f9a4bb870eb8", "clients/cmd/promtail/Dockerfile"),
  },
  {
    name: "grafana/tempo",
    verdict: "non-reaper", program: "tempo", runtime: "go", busybox: true,
    note: "alpine, ENTRYPOINT [\"/tempo\"]: a command gives tempo's flags",
    source: gh("grafana/tempo", "04b7a5af682257abb84c89a94920b40f12267c26", "cmd/tempo/Dockerfile"),
  },
  // tracing
  {
    name: "jaegertracing/all-in-one",
    verdict: "non-reaper", program: "all-in-one-linux", runtime: "go",
    note: "Jaeger v1: ENTRYPOINT [\"/go/bin/all-in-one-linux\"]: a command gives its flags",
    source: gh("jaegertracing/jaeger", "08dd3b17a461cd25fb565b4645036ec3c029d9e6", "cmd/all-in-one/Dockerfile"),
  },
  {
    name: "openzipkin/zipkin", aliases: ["openzipkin/zipkin-slim", "ghcr.io/openzipkin/zipkin", "ghcr.io/openzipkin/zipkin-slim"],
    verdict: "non-reaper", program: "java", runtime: "java", busybox: true,
    note: "ENTRYPOINT [\"/busybox/sh\", \"run.sh\"]; run.sh ends in exec java …",
    source: gh("openzipkin/zipkin", "07b4243b9306437bb37524d21db3cbff703dfffe", "docker/Dockerfile"),
    seeAlso: [gh("openzipkin/zipkin", "449ade050e51f21606bc20ffc6234d8ec2f6a89e", "docker/zipkin/run.sh")],
  },
  {
    name: "fluent/fluent-bit", aliases: ["cr.fluentbit.io/fluent/fluent-bit"],
    verdict: "non-reaper", program: "fluent-bit", runtime: "c", assumed: true,
    note: "distroless, ENTRYPOINT [\"/fluent-bit/bin/fluent-bit\"]: a command gives its arguments; fluent-bit's own child handling was not read",
    source: gh("fluent/fluent-bit", "015e1bc1b35473c7fa13333457f4090aedb654f2", "dockerfiles/Dockerfile"),
    variants: [{ id: "debug", tags: ["debug"], passesToCommand: true, note: "the debug stage: debian with no ENTRYPOINT, CMD /fluent-bit/bin/fluent-bit -c …", source: gh("fluent/fluent-bit", "015e1bc1b35473c7fa13333457f4090aedb654f2", "dockerfiles/Dockerfile") }],
  },
  // Kafka and its neighbours
  {
    name: "confluentinc/cp-zookeeper",
    verdict: "non-reaper", program: "zookeeper-server-start", passesToCommand: true, runtime: "java",
    note: "no ENTRYPOINT: CMD /etc/confluent/docker/run execs launch, which ends in exec zookeeper-server-start (java)",
    source: gh("confluentinc/kafka-images", "326ef42639f5dbde182c2e80163cc5eddb79117a", "zookeeper/include/etc/confluent/docker/launch"),
    seeAlso: [gh("confluentinc/kafka-images", "326ef42639f5dbde182c2e80163cc5eddb79117a", "zookeeper/Dockerfile.ubi8"), gh("confluentinc/kafka-images", "326ef42639f5dbde182c2e80163cc5eddb79117a", "zookeeper/include/etc/confluent/docker/run")],
  },
  {
    name: "confluentinc/cp-kafka-connect", aliases: ["confluentinc/cp-kafka-connect-base", "confluentinc/cp-server-connect", "confluentinc/cp-server-connect-base"],
    verdict: "non-reaper", program: "connect-distributed", passesToCommand: true, runtime: "java",
    note: "FROM cp-kafka/cp-server with no ENTRYPOINT: CMD /etc/confluent/docker/run execs launch, which ends in exec connect-distributed (java)",
    source: gh("confluentinc/kafka-images", CONFLUENT, "kafka-connect-base/include/etc/confluent/docker/launch"),
    seeAlso: [gh("confluentinc/kafka-images", CONFLUENT, "kafka-connect-base/Dockerfile.ubi9"), gh("confluentinc/kafka-images", CONFLUENT, "server-connect-base/include/etc/confluent/docker/launch")],
  },
  {
    name: "wurstmeister/kafka",
    verdict: "non-reaper", program: "kafka-server-start.sh", passesToCommand: true, runtime: "java",
    note: "FROM openjdk:*-jre-slim with no ENTRYPOINT: CMD start-kafka.sh ends in exec kafka-server-start.sh (java)",
    source: gh("wurstmeister/kafka-docker", "901c084811fa9395f00af3c51e0ac6c32c697034", "start-kafka.sh"),
    seeAlso: [gh("wurstmeister/kafka-docker", "901c084811fa9395f00af3c51e0ac6c32c697034", "Dockerfile")],
  },
  {
    name: "provectuslabs/kafka-ui",
    verdict: "non-reaper", program: "java", passesToCommand: true, runtime: "java", busybox: true,
    note: "alpine, shell-form CMD java $JAVA_OPTS -jar kafka-ui-api.jar: busybox sh execs the lone command",
    source: gh("provectus/kafka-ui", "52cc4cdf4ecef4b2ac9b40038bd62aecc914a8b8", "kafka-ui-api/Dockerfile"),
  },
  {
    name: "obsidiandynamics/kafdrop",
    verdict: "reaper", program: "kafdrop.sh", runtime: "shell",
    note: "ENTRYPOINT [\"/kafdrop.sh\"], a bash script that ends in java … -jar kafdrop.jar without exec: bash stays PID 1 and reaps while it waits (it does not pass SIGTERM on)",
    source: gh("obsidiandynamics/kafdrop", "03b88473a3fa8d2bc9a5727c429478316e39b2c6", "src/main/docker/kafdrop.sh"),
    seeAlso: [gh("obsidiandynamics/kafdrop", "08df3bc6ffd9b61fbc24f51e6fc4963469e3a421", "src/main/docker/Dockerfile")],
  },
  {
    name: "debezium/connect", aliases: ["quay.io/debezium/connect", "debezium/connect-base", "quay.io/debezium/connect-base"],
    verdict: "non-reaper", program: "connect-distributed.sh", passesToCommand: true, runtime: "java",
    note: "ENTRYPOINT docker-entrypoint.sh, CMD start: exec connect-distributed.sh (java) for `start`, else exec \"$@\"",
    source: gh("debezium/container-images", "36ef48f2986f2ad8ddcc79a5b732643a9eb3b77c", "connect-base/2.7/docker-entrypoint.sh"),
    seeAlso: [gh("debezium/container-images", "75f6d8b037860ea6b4328bd7687686305143dfb8", "connect-base/2.7/Dockerfile"), gh("debezium/container-images", "0c9006a1d51739242619ccafe4cb4796616ccc73", "connect/2.7/Dockerfile")],
  },
  {
    name: "envoyproxy/envoy",
    verdict: "non-reaper", program: "envoy", passesToCommand: true, prepend: "flags", runtime: "c", assumed: true,
    note: "ENTRYPOINT /docker-entrypoint.sh prepends envoy to flags and ends in exec \"$@\"; CMD envoy -c /etc/envoy/envoy.yaml; envoy's own child handling was not read",
    source: gh("envoyproxy/envoy", "019f458bf978aa5559491871896282c9122630a2", "ci/Dockerfile-envoy"),
    seeAlso: [gh("envoyproxy/envoy", "13d48c0962d1c3bc0b11da3eccf1dff2d5bcce45", "ci/docker-entrypoint.sh")],
    variants: [{ id: "distroless", tags: ["distroless"], passesToCommand: undefined, prepend: undefined, note: "the envoy-distroless stage: ENTRYPOINT [\"/usr/local/bin/envoy\"], a command gives its flags", source: gh("envoyproxy/envoy", "019f458bf978aa5559491871896282c9122630a2", "ci/Dockerfile-envoy") }],
  },
  {
    name: "apache/apisix",
    verdict: "reaper", program: "openresty", passesToCommand: true, runtime: "c",
    note: "ENTRYPOINT docker-entrypoint.sh, CMD docker-start: apisix init, then exec openresty -g 'daemon off;' (the nginx master); any other command is exec'd as given; STOPSIGNAL SIGQUIT",
    source: gh("apache/apisix-docker", "03f8c0d1bd2141487e39db1c5889067fb63acb4e", "debian/docker-entrypoint.sh"),
    seeAlso: [gh("apache/apisix-docker", "023183fcfc34040be1e18dd05f5f70c357d53b88", "debian/Dockerfile")],
  },
  {
    name: "emqx/emqx",
    verdict: "non-reaper", program: "emqx", passesToCommand: true, runtime: "beam", assumed: true,
    note: "the vendor image: docker-entrypoint.sh writes the configuration and ends in exec \"$@\"; CMD /opt/emqx/bin/emqx foreground (the Erlang VM); the VM's handling of unknown children was not read",
    source: gh("emqx/emqx", "02fb66f4cee9441da78b49431e285b6b19625572", "deploy/docker/docker-entrypoint.sh"),
    seeAlso: [gh("emqx/emqx", "0049b4a294340cdfc2bb5bd784b09934628d0e1e", "deploy/docker/Dockerfile")],
  },
  // Bitnami: ENTRYPOINT …/entrypoint.sh (setup, then exec "$@"), CMD …/run.sh (exec the server, through gosu as root)
  {
    name: "bitnami/redis", aliases: ["bitnamilegacy/redis"],
    verdict: "non-reaper", program: "redis-server", passesToCommand: true, runtime: "c",
    note: "ENTRYPOINT /opt/bitnami/scripts/redis/entrypoint.sh ends in exec \"$@\"; CMD run.sh ends in exec redis-server … (exec_as_user as root)",
    source: gh("bitnami/containers", BITNAMI_REDIS, "bitnami/redis/7.2/debian-12/rootfs/opt/bitnami/scripts/redis/run.sh"),
    seeAlso: [gh("bitnami/containers", "0ae6fd522afe38f5829955f6f9d55c668a6c2a14", "bitnami/redis/7.2/debian-12/Dockerfile"), gh("bitnami/containers", "127532defb54663c23acaebffd56aef1994aefb6", "bitnami/redis/8.10/debian-12/rootfs/opt/bitnami/scripts/redis/entrypoint.sh")],
    files: bitnamiRun("redis", { verdict: "non-reaper", program: "redis-server", runtime: "c", note: "exec redis-server <conf> --daemonize no \"$@\"", source: gh("bitnami/containers", BITNAMI_REDIS, "bitnami/redis/7.2/debian-12/rootfs/opt/bitnami/scripts/redis/run.sh") }),
  },
  {
    name: "bitnami/mongodb", aliases: ["bitnamilegacy/mongodb"],
    verdict: "non-reaper", program: "mongod", passesToCommand: true, runtime: "c",
    note: "ENTRYPOINT /opt/bitnami/scripts/mongodb/entrypoint.sh ends in exec \"$@\"; CMD run.sh ends in exec mongod … (exec_as_user as root)",
    source: gh("bitnami/containers", BITNAMI_MONGODB, "bitnami/mongodb/7.0/debian-12/rootfs/opt/bitnami/scripts/mongodb/run.sh"),
    seeAlso: [gh("bitnami/containers", "03a746e2c0af9fb70ab9af2a00b88892528bfbeb", "bitnami/mongodb/7.0/debian-12/Dockerfile"), gh("bitnami/containers", BITNAMI_MONGODB, "bitnami/mongodb/7.0/debian-12/rootfs/opt/bitnami/scripts/mongodb/entrypoint.sh")],
    files: bitnamiRun("mongodb", { verdict: "non-reaper", program: "mongod", runtime: "c", note: "exec mongod --config=… \"$@\"", source: gh("bitnami/containers", BITNAMI_MONGODB, "bitnami/mongodb/7.0/debian-12/rootfs/opt/bitnami/scripts/mongodb/run.sh") }),
  },
  {
    name: "bitnami/zookeeper", aliases: ["bitnamilegacy/zookeeper"],
    verdict: "non-reaper", program: "zkServer.sh", passesToCommand: true, runtime: "java",
    note: "ENTRYPOINT /opt/bitnami/scripts/zookeeper/entrypoint.sh ends in exec \"$@\"; CMD run.sh ends in exec zkServer.sh start-foreground (java)",
    source: gh("bitnami/containers", BITNAMI_ZOOKEEPER, "bitnami/zookeeper/3.9/debian-12/rootfs/opt/bitnami/scripts/zookeeper/run.sh"),
    seeAlso: [gh("bitnami/containers", "031d7a5f0eb62fa2ff0c6779dd93d891a01e1a00", "bitnami/zookeeper/3.9/debian-12/Dockerfile"), gh("bitnami/containers", "accc99590d41b63996b7321800aa190eb45af6e9", "bitnami/zookeeper/3.9/debian-12/rootfs/opt/bitnami/scripts/zookeeper/entrypoint.sh")],
    files: bitnamiRun("zookeeper", { verdict: "non-reaper", program: "zkServer.sh", runtime: "java", note: "exec zkServer.sh start-foreground \"$@\" (java)", source: gh("bitnami/containers", BITNAMI_ZOOKEEPER, "bitnami/zookeeper/3.9/debian-12/rootfs/opt/bitnami/scripts/zookeeper/run.sh") }),
  },
  // service discovery
  {
    name: "hashicorp/consul", aliases: ["consul"],
    verdict: "init", program: "dumb-init", passesToCommand: true, prepend: "subcommands", shipsInit: "/usr/bin/dumb-init", busybox: true,
    note: "ENTRYPOINT docker-entrypoint.sh, whose interpreter line is #!/usr/bin/dumb-init /bin/sh; it prepends consul to flags and consul subcommands (agent …) and ends in exec \"$@\"; CMD agent -dev -client 0.0.0.0",
    source: gh("hashicorp/consul", "9bce86134e0f9fbff0ec13d003b23544b88a7153", ".release/docker/docker-entrypoint.sh"),
    seeAlso: [gh("hashicorp/consul", "896e04ed616b432abfc501526fde55f6eef983a2", "Dockerfile"), gh("hashicorp/docker-consul", "13c3e697acd80904cf8cd6e6f51b012b043418a8", "0.X/docker-entrypoint.sh")],
  },
  {
    name: "portainer/agent",
    verdict: "non-reaper", program: "agent", runtime: "go",
    note: "ENTRYPOINT [\"./agent\"]",
    source: gh("portainer/agent", "22d533e50d3088571805afc3743e36a718c939d0", "build/linux/Dockerfile"),
  },
  // exporters and command-line tools
  {
    name: "prom/blackbox-exporter", aliases: ["quay.io/prometheus/blackbox-exporter"],
    verdict: "non-reaper", program: "blackbox_exporter", runtime: "go", busybox: true,
    note: "FROM quay.io/prometheus/busybox, ENTRYPOINT [\"/bin/blackbox_exporter\"]",
    source: gh("prometheus/blackbox_exporter", "02c5a07513faa0f4cf952543f527c894ba403abf", "Dockerfile"),
  },
  {
    name: "prometheuscommunity/postgres-exporter", aliases: ["quay.io/prometheuscommunity/postgres-exporter"],
    verdict: "non-reaper", program: "postgres_exporter", runtime: "go",
    note: "ENTRYPOINT [\"/bin/postgres_exporter\"]",
    source: gh("prometheus-community/postgres_exporter", "0421dd126a70138664ba3f0a9d2a322b99aabe2d", "Dockerfile"),
  },
  {
    name: "oliver006/redis_exporter",
    verdict: "non-reaper", program: "redis_exporter", runtime: "go",
    note: "ENTRYPOINT [\"/redis_exporter\"] (scratch; the alpine tags the same)",
    source: gh("oliver006/redis_exporter", "038b87b8c22d7b2cab86e9bfd30687c0a3362cfc", "Dockerfile"),
  },
  {
    name: "nginx/nginx-prometheus-exporter",
    verdict: "non-reaper", program: "nginx-prometheus-exporter", runtime: "go",
    note: "FROM scratch, ENTRYPOINT [\"/usr/bin/nginx-prometheus-exporter\"]",
    source: gh("nginxinc/nginx-prometheus-exporter", "002a49c582009144d787b98af31b57c384bc0931", "build/Dockerfile"),
  },
  {
    name: "amazon/aws-cli",
    verdict: "non-reaper", program: "aws", runtime: "python",
    note: "amazonlinux with ENTRYPOINT [\"/usr/local/bin/aws\"]: a command gives aws's arguments",
    source: gh("aws/aws-cli", "1c30287ad058f4e687a9714c937cdd7d080e7dca", "docker/Dockerfile"),
  },
  {
    name: "mcr.microsoft.com/playwright",
    verdict: "unknown", program: "bash", passesToCommand: true,
    note: "FROM ubuntu with Node.js and the browsers, no ENTRYPOINT or CMD of its own (ubuntu's CMD bash): the command decides",
    source: gh("microsoft/playwright", "02a44c6921582c868edebd07114405c3493edce0", "utils/docker/Dockerfile.noble"),
  },
  // databases
  {
    name: "cockroachdb/cockroach",
    verdict: "non-reaper", program: "cockroach", passesToCommand: true, prepend: "always", runtime: "go",
    note: "ENTRYPOINT cockroach.sh execs cockroach <command> (shell and bash excepted); on the first start-single-node with an empty data directory it starts cockroach in the background and brings it back with fg, so bash stays PID 1 for that run",
    source: gh("cockroachdb/cockroach", "02dbd5658dfff44e827a10958e0a3bf4645fff62", "build/deploy/cockroach.sh"),
    seeAlso: [gh("cockroachdb/cockroach", "0116efa235b0dfd0e4fb375171b1e140e0cf9605", "build/deploy/Dockerfile")],
  },
  // data platforms
  {
    name: "apache/airflow",
    verdict: "init", program: "dumb-init", shipsInit: "/usr/bin/dumb-init",
    note: "ENTRYPOINT [\"/usr/bin/dumb-init\", \"--\", \"/entrypoint\"] with DUMB_INIT_SETSID=1: a command gives airflow's subcommand (webserver, scheduler …)",
    source: gh("apache/airflow", "0060b1a446d07a86af2b4f847b2242195e9423ac", "Dockerfile"),
  },
  {
    name: "apache/superset",
    verdict: "reaper", program: "run-server.sh", passesToCommand: true, runtime: "shell",
    note: "FROM python:*-slim with no ENTRYPOINT: CMD /usr/bin/run-server.sh, a bash script that runs gunicorn without exec: bash stays PID 1 and reaps while it waits (it does not pass SIGTERM on)",
    source: gh("apache/superset", "b86efe80afada06aaa7b577fe9b40a56a28bd263", "Dockerfile"),
    seeAlso: [gh("apache/superset", "05c96def02c6354503fb28d32601f235ddc45a03", "docker/run-server.sh"), gh("apache/superset", "1917ac50444fb287e109be628048b035a481676a", "docker/entrypoints/run-server.sh")],
  },
  {
    name: "metabase/metabase",
    verdict: "non-reaper", program: "java", runtime: "java", busybox: true,
    note: "ENTRYPOINT [\"/app/run_metabase.sh\"]: exec java -jar /app/metabase.jar, as root through exec su metabase -c \"exec java …\"; a command gives metabase's arguments",
    source: gh("metabase/metabase", "0024b89173d0c1f3ab97e447b04594db950defe8", "bin/docker/run_metabase.sh"),
    seeAlso: [gh("metabase/metabase", "0024b89173d0c1f3ab97e447b04594db950defe8", "Dockerfile")],
  },
  // developer services
  {
    name: "rediscommander/redis-commander", aliases: ["ghcr.io/joeferner/redis-commander"],
    verdict: "init", program: "dumb-init", shipsInit: "/usr/bin/dumb-init", busybox: true,
    note: "ENTRYPOINT [\"/usr/bin/dumb-init\", \"--\"], CMD /redis-commander/docker/entrypoint.sh",
    source: gh("joeferner/redis-commander", "06facbddfc00c6f82af6ef810da76672c2419e03", "Dockerfile"),
  },
  {
    name: "mcr.microsoft.com/azure-storage/azurite",
    verdict: "non-reaper", program: "azurite", passesToCommand: true, runtime: "node", busybox: true,
    note: "alpine with no ENTRYPOINT: CMD azurite -l /data … (a Node.js program)",
    source: gh("Azure/Azurite", "01c172b910f800ae051363afdbe86c6d9c7000f3", "Dockerfile"),
  },
  {
    name: "certbot/certbot",
    verdict: "non-reaper", program: "certbot", runtime: "python", busybox: true,
    note: "FROM python:*-alpine, ENTRYPOINT [\"certbot\"]: a command gives certbot's subcommand (certonly, renew …)",
    source: gh("certbot/certbot", "17b9b7abdccea2573dae8ce27ff7841109475f7f", "tools/docker/core/Dockerfile"),
  },
];
