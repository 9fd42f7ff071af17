#!/usr/bin/env node
// Deterministic generator of the benchmark corpus (seeded PRNG, no Math.random).
//
//   node bench/generate.mjs [--count N] [--out DIR] [--seed S] [--force]
//
// Writes under DIR (default bench/corpus):
//   synthetic/p0000 … p{N-1}   one compose project each: compose.yaml with ~30 services (~590 lines),
//                              anchors + merge keys, healthchecks, depends_on conditions, builds pointing at
//                              multi-stage Dockerfiles with entrypoint scripts
//   realistic/r00 … r19        small stacks resembling real self-hosted projects
//   typical/                   4 services + Dockerfile + entrypoint script
//   typical-noscripts/         the same compose file, Dockerfile without any script
//   .stamp.json                the parameters that produced the corpus; a second run with the same ones is a no-op
//
// Project i depends only on (seed, i), so the first 200 projects of a 1,000-project corpus are the same
// as a 200-project corpus: `run.mjs --quick` uses that prefix.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const GENERATOR_VERSION = 4;
const HERE = path.dirname(fileURLToPath(import.meta.url));

// ---------- PRNG ----------
function fnv1a(str) {
  let h = 0x811c9dc5;
  for (let i = 0; i < str.length; i++) {
    h ^= str.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}
function mulberry32(seed) {
  let a = seed >>> 0;
  return function next() {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
class Rng {
  constructor(key) {
    this.next = mulberry32(fnv1a(String(key)));
  }
  int(lo, hi) {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p) {
    return this.next() < p;
  }
  pick(arr) {
    return arr[Math.floor(this.next() * arr.length)];
  }
  sample(arr, n) {
    const copy = arr.slice();
    const out = [];
    while (out.length < n && copy.length) out.push(copy.splice(Math.floor(this.next() * copy.length), 1)[0]);
    return out;
  }
}

// ---------- building blocks ----------
const TZS = ["UTC", "Europe/Berlin", "Europe/Paris", "America/New_York", "Asia/Tokyo", "Australia/Sydney"];
const LSIO = ["sonarr", "radarr", "prowlarr", "lidarr", "bazarr", "jellyfin", "qbittorrent", "heimdall", "nextcloud", "syncthing"];
const LSIO_TAGS = { sonarr: "4.0.9", radarr: "5.8.3", prowlarr: "1.23.1", lidarr: "2.5.3", bazarr: "1.4.4", jellyfin: "10.9.10", qbittorrent: "4.6.7", heimdall: "2.6.1", nextcloud: "29.0.7", syncthing: "1.27.11" };
const LSIO_PORTS = { sonarr: 8989, radarr: 7878, prowlarr: 9696, lidarr: 8686, bazarr: 6767, jellyfin: 8096, qbittorrent: 8080, heimdall: 80, nextcloud: 443, syncthing: 8384 };

const KINDS = [
  // [kind, weight]
  ["nginx", 3],
  ["postgres", 3],
  ["redis", 3],
  ["node", 3],
  ["python", 3],
  ["traefik", 1],
  ["grafana", 2],
  ["lsio", 4],
  ["build-node", 3],
  ["build-python", 2],
  ["build-go", 1],
];
const KIND_BAG = KINDS.flatMap(([k, w]) => Array(w).fill(k));

function q(s) {
  return JSON.stringify(s);
}

/** One service as an array of lines (indented by 2, under `services:`). */
function serviceLines(rng, name, kind, ctx) {
  const L = [`  ${name}:`];
  const usesDefaults = rng.chance(0.8);
  if (usesDefaults) L.push("    <<: *defaults");
  let port = 0;
  let healthcheck = null;
  const env = [];
  const vols = [];
  let command = null;
  let build = null;
  let image = null;
  switch (kind) {
    case "nginx":
      image = rng.pick(["nginx:1.27-alpine", "nginx:1.26", "nginx:stable-alpine"]);
      port = 80;
      vols.push(`./conf/${name}.conf:/etc/nginx/conf.d/default.conf:ro`, `${name}-html:/usr/share/nginx/html`);
      healthcheck = rng.chance(0.5)
        ? ['test: ["CMD", "wget", "-qO-", "http://localhost/healthz"]']
        : ['test: ["CMD-SHELL", "curl -fsS http://localhost/ || exit 1"]'];
      break;
    case "postgres":
      image = rng.pick(["postgres:16-alpine", "postgres:15", "postgres:17-bookworm"]);
      env.push(["POSTGRES_USER", "app"], ["POSTGRES_PASSWORD", "${POSTGRES_PASSWORD:-changeme}"], ["POSTGRES_DB", name.replace(/-/g, "_")]);
      vols.push(`${name}-data:/var/lib/postgresql/data`);
      healthcheck = ['test: ["CMD-SHELL", "pg_isready -U $${POSTGRES_USER} -d $${POSTGRES_DB}"]'];
      ctx.healthy.push(name);
      break;
    case "redis":
      image = rng.pick(["redis:7.4-alpine", "redis:7", "redis:6.2-alpine"]);
      command = rng.chance(0.5) ? "redis-server --appendonly yes --save 60 1" : '["redis-server", "--appendonly", "yes"]';
      vols.push(`${name}-data:/data`);
      healthcheck = ['test: ["CMD", "redis-cli", "ping"]'];
      ctx.healthy.push(name);
      break;
    case "node":
      image = rng.pick(["node:20-slim", "node:22-alpine", "node:18-bookworm-slim"]);
      port = rng.pick([3000, 3001, 8080]);
      command = rng.chance(0.5) ? "node server.js" : '["node", "server.js"]';
      vols.push(`./apps/${name}:/usr/src/app`);
      env.push(["NODE_ENV", "production"], ["PORT", String(port)]);
      if (rng.chance(0.5)) healthcheck = [`test: curl -fsS http://localhost:${port}/health || exit 1`];
      break;
    case "python":
      image = rng.pick(["python:3.12-slim", "python:3.11-alpine", "python:3.13-slim-bookworm"]);
      command = rng.chance(0.5) ? "python -m worker --concurrency 4" : '["python", "-m", "worker", "--concurrency", "4"]';
      vols.push(`./apps/${name}:/app`);
      env.push(["PYTHONUNBUFFERED", "1"], ["CELERY_BROKER_URL", "redis://cache:6379/0"]);
      break;
    case "traefik":
      image = rng.pick(["traefik:v3.1", "traefik:v2.11"]);
      command = "traefik-flags";
      vols.push("/var/run/docker.sock:/var/run/docker.sock:ro", `./traefik/${name}:/etc/traefik`);
      port = 443;
      healthcheck = ['test: ["CMD", "traefik", "healthcheck", "--ping"]'];
      break;
    case "grafana":
      image = rng.pick(["grafana/grafana:11.2.0", "grafana/grafana-oss:10.4.8"]);
      port = 3000;
      env.push(["GF_SECURITY_ADMIN_PASSWORD", "${GRAFANA_PASSWORD:-admin}"], ["GF_USERS_ALLOW_SIGN_UP", "false"]);
      vols.push(`${name}-data:/var/lib/grafana`);
      healthcheck = ['test: ["CMD-SHELL", "wget -q --spider http://localhost:3000/api/health || exit 1"]'];
      break;
    case "lsio": {
      const app = rng.pick(LSIO);
      image = `lscr.io/linuxserver/${app}:${rng.chance(0.7) ? LSIO_TAGS[app] : "latest"}`;
      port = LSIO_PORTS[app];
      env.push(["PUID", "1000"], ["PGID", "1000"], ["TZ", rng.pick(TZS)]);
      vols.push(`./config/${name}:/config`, "/srv/media:/data");
      break;
    }
    default: {
      // build-*
      const lang = kind.slice(6);
      const dir = `services/${name}`;
      build = { dir, lang, shellEntrypoint: rng.chance(0.25), shellCmd: rng.chance(0.3), exec: rng.chance(0.7), script: rng.chance(0.85) };
      ctx.builds.push(build);
      port = lang === "go" ? 8080 : lang === "python" ? 8000 : 3000;
      env.push(["DB_HOST", "db"], ["DB_PORT", "5432"], ["LOG_LEVEL", rng.pick(["info", "debug", "warn"])]);
      if (rng.chance(0.6)) healthcheck = [`test: ["CMD-SHELL", "wget -qO- http://localhost:${port}/health || exit 1"]`];
    }
  }
  if (build) {
    if (rng.chance(0.5)) L.push(`    build: ./${build.dir}`);
    else L.push("    build:", `      context: ./${build.dir}`, "      dockerfile: Dockerfile", "      args:", `        APP_VERSION: "1.${rng.int(0, 40)}.${rng.int(0, 9)}"`);
    L.push(`    image: registry.example.com/${ctx.project}/${name}:latest`);
  } else {
    L.push(`    image: ${image}`);
  }
  if (rng.chance(0.3)) L.push(`    container_name: ${ctx.project}-${name}`);
  if (rng.chance(0.25)) L.push("    init: true");
  if (!usesDefaults) L.push(`    restart: ${rng.pick(["always", "unless-stopped", "on-failure"])}`);
  if (command === "traefik-flags") {
    L.push("    command:", "      - --providers.docker=true", "      - --providers.docker.exposedbydefault=false", "      - --entrypoints.web.address=:80", "      - --entrypoints.websecure.address=:443", "      - --ping=true");
  } else if (command) {
    L.push(`    command: ${command}`);
  }
  if (port) {
    ctx.nextPort += rng.int(1, 7);
    L.push("    ports:");
    L.push(rng.chance(0.3) ? `      - "127.0.0.1:${ctx.nextPort}:${port}"` : `      - "${ctx.nextPort}:${port}"`);
    if (kind === "traefik") L.push('      - "80:80"');
  }
  if (env.length) {
    if (rng.chance(0.7)) {
      L.push("    environment:");
      for (const [k, v] of env) L.push(`      ${k}: ${/[${:]/.test(v) || /^\d+$/.test(v) ? q(v) : v}`);
    } else {
      L.push("    environment:");
      for (const [k, v] of env) L.push(`      - ${k}=${v}`);
    }
  }
  if (vols.length) {
    L.push("    volumes:");
    for (const v of vols) L.push(`      - ${v}`);
    for (const v of vols) {
      const src = v.split(":")[0];
      if (!src.startsWith(".") && !src.startsWith("/")) ctx.volumes.add(src);
    }
  }
  // depends_on on earlier services
  const earlier = ctx.names.slice(0, -1);
  if (earlier.length && rng.chance(0.55)) {
    const deps = rng.sample(earlier, rng.int(1, Math.min(3, earlier.length)));
    if (rng.chance(0.3)) {
      L.push(`    depends_on: [${deps.join(", ")}]`);
    } else {
      L.push("    depends_on:");
      for (const d of deps) {
        L.push(`      ${d}:`, `        condition: ${ctx.healthy.includes(d) ? "service_healthy" : rng.pick(["service_started", "service_completed_successfully", "service_started"])}`);
        if (rng.chance(0.2)) L.push("        restart: true");
      }
    }
  }
  if (healthcheck) {
    L.push("    healthcheck:");
    if (rng.chance(0.6)) L.push("      <<: *healthcheck");
    else L.push(`      interval: ${rng.pick(["10s", "15s", "1m"])}`, "      timeout: 5s", `      retries: ${rng.int(3, 10)}`);
    for (const h of healthcheck) L.push(`      ${h}`);
  }
  if (rng.chance(0.3)) {
    L.push("    labels:", '      - "traefik.enable=true"', `      - "traefik.http.routers.${name}.rule=Host(\`${name}.example.org\`)"`);
  }
  if (rng.chance(0.2)) L.push("    networks:", "      - backend", "      - frontend");
  if (rng.chance(0.1)) L.push("    deploy:", "      resources:", "        limits:", `          memory: ${rng.pick(["256M", "512M", "1G"])}`, `          cpus: "${rng.pick(["0.5", "1.0", "2"])}"`);
  if (rng.chance(0.1)) L.push("    stop_grace_period: 30s");
  if (rng.chance(0.15)) L.push(`    # ${rng.pick(["pinned after the 2024 upgrade", "see docs/ops.md", "TODO: move secrets out", "exposed for local debugging"])}`);
  return L;
}

function composeFile(rng, project, nServices) {
  const ctx = { project, healthy: [], builds: [], volumes: new Set(), names: [], nextPort: 8000 + rng.int(0, 500) };
  const L = [
    `# ${project}: generated benchmark project`,
    `name: ${project}`,
    "",
    "x-defaults: &defaults",
    `  restart: ${rng.pick(["unless-stopped", "always"])}`,
    "  logging:",
    "    driver: json-file",
    "    options:",
    '      max-size: "10m"',
    '      max-file: "3"',
    "  networks:",
    "    - backend",
    "",
    "x-healthcheck: &healthcheck",
    "  interval: 30s",
    "  timeout: 5s",
    "  retries: 5",
    "  start_period: 20s",
    "",
    "services:",
  ];
  for (let s = 0; s < nServices; s++) {
    const kind = s === 0 ? "traefik" : rng.pick(KIND_BAG);
    const base = { nginx: "web", postgres: "db", redis: "cache", node: "app", python: "worker", traefik: "proxy", grafana: "grafana", lsio: "media" }[kind] ?? "api";
    const name = `${base}-${String(s + 1).padStart(2, "0")}`;
    ctx.names.push(name);
    L.push(...serviceLines(rng, name, kind, ctx));
    L.push("");
  }
  L.push("networks:", "  backend:", "  frontend:", "    driver: bridge", "");
  L.push("volumes:");
  for (const v of [...ctx.volumes].sort()) L.push(`  ${v}:`);
  return { text: L.join("\n") + "\n", builds: ctx.builds };
}

const BASES = {
  node: { builder: "node:20-alpine", final: "node:20-alpine", port: 3000, cmd: ["node", "dist/server.js"] },
  python: { builder: "python:3.12-slim", final: "python:3.12-slim", port: 8000, cmd: ["gunicorn", "-b", "0.0.0.0:8000", "app.wsgi"] },
  go: { builder: "golang:1.23-alpine", final: "alpine:3.20", port: 8080, cmd: ["/usr/local/bin/server"] },
};

function dockerfile(rng, b) {
  const base = BASES[b.lang];
  const L = ["# syntax=docker/dockerfile:1", `FROM ${base.builder} AS builder`, "WORKDIR /src"];
  if (b.lang === "node") L.push("COPY package.json package-lock.json ./", "RUN npm ci", "COPY . .", "RUN npm run build && npm prune --omit=dev");
  if (b.lang === "python") L.push("COPY requirements.txt .", "RUN pip wheel --no-cache-dir --wheel-dir /wheels -r requirements.txt", "COPY . .");
  if (b.lang === "go") L.push("COPY go.mod go.sum ./", "RUN go mod download", "COPY . .", "RUN CGO_ENABLED=0 go build -o /out/server ./cmd/server");
  L.push("", `FROM ${base.final}`, "ARG APP_VERSION=dev", "ENV APP_VERSION=${APP_VERSION}", "WORKDIR /app");
  if (b.lang === "node") L.push("COPY --from=builder /src/dist ./dist", "COPY --from=builder /src/node_modules ./node_modules");
  if (b.lang === "python") L.push("COPY --from=builder /wheels /wheels", "RUN pip install --no-cache-dir /wheels/* && rm -rf /wheels", "COPY . .");
  if (b.lang === "go") L.push("RUN apk add --no-cache ca-certificates", "COPY --from=builder /out/server /usr/local/bin/server");
  if (rng.chance(0.5)) L.push("RUN addgroup -S app && adduser -S app -G app", "USER app");
  L.push(`EXPOSE ${base.port}`);
  if (b.script) {
    L.push("COPY docker-entrypoint.sh /usr/local/bin/docker-entrypoint.sh");
    L.push(b.shellEntrypoint ? "ENTRYPOINT /usr/local/bin/docker-entrypoint.sh" : '["/usr/local/bin/docker-entrypoint.sh"]'.replace(/^/, "ENTRYPOINT "));
  }
  L.push(b.shellCmd ? `CMD ${base.cmd.join(" ")}` : `CMD ${JSON.stringify(base.cmd).replace(/","/g, '", "')}`);
  return L.join("\n") + "\n";
}

function entrypoint(rng, b) {
  const host = rng.pick(["db", "postgres", "database"]);
  const L = [
    "#!/bin/sh",
    "set -e",
    "",
    `: "\${DB_HOST:=${host}}"`,
    ': "${DB_PORT:=5432}"',
    "",
    'echo "waiting for $DB_HOST:$DB_PORT..."',
    `timeout ${rng.pick([30, 60, 120])} sh -c "until nc -z \\"$DB_HOST\\" \\"$DB_PORT\\"; do sleep 1; done" &`,
    "wait $! || { echo \"database not reachable\" >&2; exit 1; }",
    "",
  ];
  if (rng.chance(0.5)) {
    L.push('if [ "$1" = "migrate" ]; then', "  shift");
    L.push(b.lang === "python" ? "  python manage.py migrate --noinput" : b.lang === "node" ? "  node dist/migrate.js" : "  /usr/local/bin/server migrate");
    L.push("fi", "");
  }
  if (rng.chance(0.3)) L.push("for f in /docker-entrypoint.d/*.sh; do", '  [ -f "$f" ] && . "$f"', "done", "");
  if (b.exec) L.push('exec "$@"');
  else L.push(rng.chance(0.5) ? '"$@"' : `${BASES[b.lang].cmd.join(" ")}`);
  return L.join("\n") + "\n";
}

function writeProject(dir, compose, composeName, builds, rng) {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, composeName), compose);
  for (const b of builds) {
    const bdir = path.join(dir, b.dir);
    fs.mkdirSync(bdir, { recursive: true });
    fs.writeFileSync(path.join(bdir, "Dockerfile"), dockerfile(rng, b));
    if (b.script) fs.writeFileSync(path.join(bdir, "docker-entrypoint.sh"), entrypoint(rng, b), { mode: 0o755 });
  }
}

// ---------- realistic stacks ----------
// Smaller, hand-shaped templates resembling real self-hosted stacks; two variants of each.
const REALISTIC = [
  (v) => ({
    name: "media",
    file: v ? "docker-compose.yml" : "compose.yaml",
    text: `services:
${["sonarr", "radarr", "prowlarr", "qbittorrent", "jellyfin"].slice(0, 4 + v).map((a) => `  ${a}:
    image: lscr.io/linuxserver/${a}:${LSIO_TAGS[a]}
    container_name: ${a}
    environment:
      - PUID=1000
      - PGID=1000
      - TZ=Etc/UTC
    volumes:
      - ./${a}/config:/config
      - /srv/media:/data
    ports:
      - ${LSIO_PORTS[a]}:${LSIO_PORTS[a]}
    restart: unless-stopped
`).join("")}`,
  }),
  (v) => ({
    name: "monitoring",
    file: "docker-compose.yml",
    text: `version: "3.8"

services:
  prometheus:
    image: prom/prometheus:v2.54.1
    command:
      - --config.file=/etc/prometheus/prometheus.yml
      - --storage.tsdb.retention.time=${v ? 30 : 15}d
    volumes:
      - ./prometheus.yml:/etc/prometheus/prometheus.yml:ro
      - prometheus-data:/prometheus
    ports:
      - "9090:9090"
    restart: unless-stopped
  node-exporter:
    image: prom/node-exporter:v1.8.2
    pid: host
    ${v ? "init: true\n    " : ""}command: ["--path.rootfs=/host"]
    volumes:
      - /:/host:ro,rslave
    restart: unless-stopped
  cadvisor:
    image: gcr.io/cadvisor/cadvisor:v0.49.1
    privileged: true
    volumes:
      - /:/rootfs:ro
      - /var/run:/var/run:ro
      - /sys:/sys:ro
      - /var/lib/docker/:/var/lib/docker:ro
  grafana:
    image: grafana/grafana:11.2.0
    depends_on:
      - prometheus
    ports:
      - "3000:3000"
    environment:
      GF_SECURITY_ADMIN_PASSWORD: \${GF_ADMIN_PASSWORD}
    volumes:
      - grafana-data:/var/lib/grafana
    healthcheck:
      test: wget -q --spider http://localhost:3000/api/health || exit 1
      interval: 30s

volumes:
  prometheus-data:
  grafana-data:
`,
  }),
  (v) => ({
    name: "nextcloud",
    file: "docker-compose.yml",
    text: `services:
  db:
    image: mariadb:${v ? "11.4" : "10.11"}
    command: --transaction-isolation=READ-COMMITTED --log-bin=binlog --binlog-format=ROW
    restart: always
    volumes:
      - db:/var/lib/mysql
    environment:
      - MYSQL_ROOT_PASSWORD=\${MYSQL_ROOT_PASSWORD}
      - MYSQL_PASSWORD=\${MYSQL_PASSWORD}
      - MYSQL_DATABASE=nextcloud
      - MYSQL_USER=nextcloud
  redis:
    image: redis:alpine
    restart: always
  app:
    image: nextcloud:29-apache
    restart: always
    ports:
      - 8080:80
    depends_on:
      - redis
      - db
    volumes:
      - nextcloud:/var/www/html
    environment:
      - MYSQL_PASSWORD=\${MYSQL_PASSWORD}
      - MYSQL_DATABASE=nextcloud
      - MYSQL_USER=nextcloud
      - MYSQL_HOST=db
      - REDIS_HOST=redis
  cron:
    image: nextcloud:29-apache
    restart: always
    volumes:
      - nextcloud:/var/www/html
    entrypoint: /cron.sh
    depends_on:
      - db
      - redis

volumes:
  db:
  nextcloud:
`,
  }),
  (v) => ({
    name: "gitea",
    file: v ? "compose.yml" : "docker-compose.yaml",
    text: `networks:
  gitea:
    external: false

services:
  server:
    image: gitea/gitea:1.22.2
    container_name: gitea
    environment:
      - USER_UID=1000
      - USER_GID=1000
      - GITEA__database__DB_TYPE=postgres
      - GITEA__database__HOST=db:5432
      - GITEA__database__NAME=gitea
      - GITEA__database__USER=gitea
      - GITEA__database__PASSWD=gitea
    restart: always
    networks:
      - gitea
    volumes:
      - ./gitea:/data
      - /etc/timezone:/etc/timezone:ro
      - /etc/localtime:/etc/localtime:ro
    ports:
      - "3000:3000"
      - "222:22"
    depends_on:
      db:
        condition: service_healthy
  db:
    image: postgres:14
    restart: always
    environment:
      - POSTGRES_USER=gitea
      - POSTGRES_PASSWORD=gitea
      - POSTGRES_DB=gitea
    networks:
      - gitea
    volumes:
      - ./postgres:/var/lib/postgresql/data
    healthcheck:
      test: ["CMD-SHELL", "pg_isready -U gitea"]
      interval: 10s
      retries: 5
`,
  }),
  (v) => ({
    name: "traefik",
    file: "compose.yaml",
    text: `services:
  traefik:
    image: traefik:v3.1
    command:
      - --api.insecure=true
      - --providers.docker=true
      - --providers.docker.exposedbydefault=false
      - --entrypoints.web.address=:80
    ports:
      - "80:80"
      - "8080:8080"
    volumes:
      - /var/run/docker.sock:/var/run/docker.sock:ro
${Array.from({ length: 2 + v * 2 }, (_, i) => `  whoami${i}:
    image: traefik/whoami:v1.10
    labels:
      - "traefik.enable=true"
      - "traefik.http.routers.whoami${i}.rule=Host(\`whoami${i}.localhost\`)"
      - "traefik.http.routers.whoami${i}.entrypoints=web"
`).join("")}`,
  }),
  (v) => ({
    name: "homeassistant",
    file: "docker-compose.yml",
    text: `services:
  homeassistant:
    container_name: homeassistant
    image: ghcr.io/home-assistant/home-assistant:2024.9
    volumes:
      - ./config:/config
      - /etc/localtime:/etc/localtime:ro
      - /run/dbus:/run/dbus:ro
    restart: unless-stopped
    privileged: true
    network_mode: host
  mosquitto:
    image: eclipse-mosquitto:2.0
    restart: unless-stopped
    ports:
      - "1883:1883"
    volumes:
      - ./mosquitto:/mosquitto
  zigbee2mqtt:
    image: koenkk/zigbee2mqtt:1.40.1
    restart: unless-stopped
    ${v ? "init: true\n    " : ""}volumes:
      - ./zigbee2mqtt:/app/data
      - /run/udev:/run/udev:ro
    devices:
      - /dev/ttyACM0:/dev/ttyACM0
    environment:
      - TZ=Europe/Berlin
    depends_on:
      - mosquitto
`,
  }),
  (v) => ({
    name: "paperless",
    file: "docker-compose.yml",
    text: `services:
  broker:
    image: docker.io/library/redis:7
    restart: unless-stopped
    volumes:
      - redisdata:/data
  db:
    image: docker.io/library/postgres:16
    restart: unless-stopped
    volumes:
      - pgdata:/var/lib/postgresql/data
    environment:
      POSTGRES_DB: paperless
      POSTGRES_USER: paperless
      POSTGRES_PASSWORD: paperless
  webserver:
    image: ghcr.io/paperless-ngx/paperless-ngx:2.12
    restart: unless-stopped
    depends_on:
      - db
      - broker
${v ? `      - gotenberg
      - tika
` : ""}    ports:
      - "8000:8000"
    volumes:
      - data:/usr/src/paperless/data
      - media:/usr/src/paperless/media
      - ./export:/usr/src/paperless/export
      - ./consume:/usr/src/paperless/consume
    environment:
      PAPERLESS_REDIS: redis://broker:6379
      PAPERLESS_DBHOST: db
${v ? `      PAPERLESS_TIKA_ENABLED: 1
      PAPERLESS_TIKA_GOTENBERG_ENDPOINT: http://gotenberg:3000
      PAPERLESS_TIKA_ENDPOINT: http://tika:9998
  gotenberg:
    image: docker.io/gotenberg/gotenberg:8.7
    restart: unless-stopped
    command:
      - "gotenberg"
      - "--chromium-disable-javascript=true"
      - "--chromium-allow-list=file:///tmp/.*"
  tika:
    image: docker.io/apache/tika:latest
    restart: unless-stopped
` : ""}
volumes:
  data:
  media:
  pgdata:
  redisdata:
`,
  }),
  (v) => ({
    name: "webapp",
    file: "compose.yaml",
    builds: [{ dir: "api", lang: "node", shellEntrypoint: false, shellCmd: !!v, exec: !v, script: true }],
    text: `services:
  proxy:
    image: nginx:1.27-alpine
    ports:
      - "80:80"
    volumes:
      - ./nginx.conf:/etc/nginx/conf.d/default.conf:ro
    depends_on:
      - api
  api:
    build: ./api
    environment:
      DATABASE_URL: postgres://app:app@db:5432/app
      REDIS_URL: redis://cache:6379
    depends_on:
      db:
        condition: service_healthy
      cache:
        condition: service_started
    restart: unless-stopped
  db:
    image: postgres:16-alpine
    environment:
      POSTGRES_USER: app
      POSTGRES_PASSWORD: app
    volumes:
      - pg:/var/lib/postgresql/data
    healthcheck:
      test: ["CMD-SHELL", "pg_isready -U app"]
      interval: 5s
  cache:
    image: redis:7-alpine

volumes:
  pg:
`,
  }),
  (v) => ({
    name: "django",
    file: "docker-compose.yml",
    builds: [{ dir: ".", lang: "python", shellEntrypoint: !!v, shellCmd: false, exec: true, script: true }],
    text: `x-app: &app
  build: .
  env_file: .env
  depends_on:
    - db
    - redis

services:
  web:
    <<: *app
    command: gunicorn config.wsgi -b 0.0.0.0:8000
    ports:
      - "8000:8000"
  worker:
    <<: *app
    command: celery -A config worker -l info
  beat:
    <<: *app
    command: celery -A config beat -l info
  db:
    image: postgres:15
    volumes:
      - db:/var/lib/postgresql/data
  redis:
    image: redis:7

volumes:
  db:
`,
  }),
  (v) => ({
    name: "vaultwarden",
    file: "compose.yaml",
    text: `services:
  vaultwarden:
    image: vaultwarden/server:1.32.0
    container_name: vaultwarden
    restart: unless-stopped
    environment:
      DOMAIN: "https://vw.example.org"
      SIGNUPS_ALLOWED: "${v ? "true" : "false"}"
    volumes:
      - ./vw-data/:/data/
    ports:
      - 127.0.0.1:8081:80
  backup:
    image: alpine:3.20
    ${v ? "" : "init: true\n    "}command: sh -c "while true; do tar czf /backup/vw-$$(date +%F).tgz /data; sleep 86400; done"
    volumes:
      - ./vw-data/:/data/:ro
      - ./backup:/backup
`,
  }),
];

function typicalCompose() {
  return `name: typical

services:
  proxy:
    image: nginx:1.27-alpine
    ports:
      - "8080:80"
    volumes:
      - ./nginx.conf:/etc/nginx/conf.d/default.conf:ro
    depends_on:
      - app
    restart: unless-stopped
  app:
    build: .
    environment:
      DB_HOST: db
      DB_PORT: "5432"
      REDIS_URL: redis://cache:6379
    depends_on:
      db:
        condition: service_healthy
      cache:
        condition: service_started
    healthcheck:
      test: ["CMD-SHELL", "wget -qO- http://localhost:3000/health || exit 1"]
      interval: 15s
    restart: unless-stopped
  db:
    image: postgres:16-alpine
    environment:
      POSTGRES_USER: app
      POSTGRES_PASSWORD: \${POSTGRES_PASSWORD:-app}
    volumes:
      - pg:/var/lib/postgresql/data
    healthcheck:
      test: ["CMD-SHELL", "pg_isready -U app"]
      interval: 5s
    restart: unless-stopped
  cache:
    image: redis:7.4-alpine
    command: redis-server --appendonly yes
    restart: unless-stopped

volumes:
  pg:
`;
}

// ---------- main ----------
function parseArgs(argv) {
  const o = { count: 1000, out: path.join(HERE, "corpus"), seed: "compose-lint-bench", services: 30, force: false, quiet: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--count") o.count = Number(argv[++i]);
    else if (a === "--out") o.out = path.resolve(argv[++i]);
    else if (a === "--seed") o.seed = argv[++i];
    else if (a === "--services") o.services = Number(argv[++i]);
    else if (a === "--force") o.force = true;
    else if (a === "--quiet") o.quiet = true;
    else if (a === "-h" || a === "--help") {
      console.log("usage: node bench/generate.mjs [--count N] [--out DIR] [--seed S] [--services N] [--force]");
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  if (!Number.isInteger(o.count) || o.count < 1) throw new Error("--count must be a positive integer");
  return o;
}

export function generate(opts) {
  const o = { count: 1000, out: path.join(HERE, "corpus"), seed: "compose-lint-bench", services: 30, force: false, quiet: false, ...opts };
  const params = { generator: GENERATOR_VERSION, seed: o.seed, count: o.count, services: o.services };
  const stampPath = path.join(o.out, ".stamp.json");
  if (!o.force && fs.existsSync(stampPath)) {
    try {
      const old = JSON.parse(fs.readFileSync(stampPath, "utf8"));
      if (JSON.stringify(old.params) === JSON.stringify(params)) {
        if (!o.quiet) console.error(`corpus up to date in ${o.out} (${o.count} projects); --force to regenerate`);
        return { out: o.out, skipped: true, ...old.summary };
      }
    } catch {
      /* regenerate */
    }
  }
  const t0 = process.hrtime.bigint();
  fs.mkdirSync(o.out, { recursive: true });
  fs.rmSync(stampPath, { force: true });
  for (const sub of ["synthetic", "realistic", "typical", "typical-noscripts"]) fs.rmSync(path.join(o.out, sub), { recursive: true, force: true });

  let composeLines = 0;
  let dockerfiles = 0;
  let scripts = 0;
  for (let i = 0; i < o.count; i++) {
    const rng = new Rng(`${o.seed}:synthetic:${i}`);
    const project = `p${String(i).padStart(4, "0")}`;
    const { text, builds } = composeFile(rng, project, o.services);
    composeLines += text.split("\n").length - 1;
    dockerfiles += builds.length;
    scripts += builds.filter((b) => b.script).length;
    writeProject(path.join(o.out, "synthetic", project), text, "compose.yaml", builds, rng);
  }
  for (let i = 0; i < REALISTIC.length * 2; i++) {
    const rng = new Rng(`${o.seed}:realistic:${i}`);
    const t = REALISTIC[i % REALISTIC.length](Math.floor(i / REALISTIC.length));
    writeProject(path.join(o.out, "realistic", `r${String(i).padStart(2, "0")}-${t.name}`), t.text, t.file, t.builds ?? [], rng);
  }
  {
    const rng = new Rng(`${o.seed}:typical`);
    const b = { dir: ".", lang: "node", shellEntrypoint: false, shellCmd: false, exec: true, script: true };
    writeProject(path.join(o.out, "typical"), typicalCompose(), "compose.yaml", [b], rng);
    const rng2 = new Rng(`${o.seed}:typical`);
    writeProject(path.join(o.out, "typical-noscripts"), typicalCompose(), "compose.yaml", [{ ...b, script: false }], rng2);
  }
  const summary = {
    syntheticProjects: o.count,
    composeLinesAvg: Math.round(composeLines / o.count),
    dockerfiles,
    scripts,
    realisticProjects: REALISTIC.length * 2,
  };
  fs.writeFileSync(stampPath, JSON.stringify({ params, summary, generatedAt: new Date().toISOString() }, null, 2) + "\n");
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (!o.quiet) console.error(`generated ${o.count} synthetic projects (avg ${summary.composeLinesAvg} compose lines, ${dockerfiles} Dockerfiles, ${scripts} scripts), ${summary.realisticProjects} realistic, typical, typical-noscripts in ${o.out} (${(ms / 1000).toFixed(1)} s)`);
  return { out: o.out, skipped: false, ...summary };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  generate(parseArgs(process.argv.slice(2)));
}
