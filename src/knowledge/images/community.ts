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
  // web servers and proxies
  {
    name: "nginxinc/nginx-unprivileged", aliases: ["ghcr.io/nginxinc/nginx-unprivileged"], verdict: "reaper", program: "nginx", passesToCommand: true, runtime: "c",
    note: "the nginx image's /docker-entrypoint.sh (exec \"$@\"), run as an unprivileged user",
    source: gh("nginxinc/docker-nginx-unprivileged", "8ead5cede31b9dc5a976d1b44bb1987226b48677", "mainline/debian/Dockerfile"),
    variants: [ALPINE],
  },
  {
    name: "openresty/openresty", verdict: "reaper", program: "openresty", passesToCommand: true, runtime: "c",
    note: "no ENTRYPOINT: CMD openresty -g 'daemon off;' (the nginx master)",
    source: gh("openresty/docker-openresty", "db093957caab3b3cbc0898d55bd1ad66d6ccfd8e", "alpine/Dockerfile"),
    variants: [ALPINE],
  },
  {
    name: "nginxproxy/nginx-proxy", aliases: ["jwilder/nginx-proxy"], verdict: "non-reaper", program: "forego", passesToCommand: true, runtime: "go",
    note: "/app/docker-entrypoint.sh ends in exec \"$@\"; CMD forego start -r runs nginx and docker-gen as its children",
    source: gh("nginx-proxy/nginx-proxy", "584073da6adc4565a428bf76d596fc1708a8a58b", "Dockerfile.debian"),
    seeAlso: [gh("nginx-proxy/nginx-proxy", "005488886d6d19168a21329665ed237778ae1fc5", "Dockerfile")],
    variants: [{ ...ALPINE, source: gh("nginx-proxy/nginx-proxy", "584073da6adc4565a428bf76d596fc1708a8a58b", "Dockerfile.alpine") }],
  },
  {
    name: "nginxproxy/acme-companion", aliases: ["jrcs/letsencrypt-nginx-proxy-companion"], verdict: "reaper", program: "bash", runtime: "shell", passesToCommand: true, busybox: true,
    note: "CMD /bin/bash /app/start.sh: bash starts the services in the background, traps TERM and `wait`s: the shell stays PID 1 and reaps while it waits",
    source: gh("nginx-proxy/acme-companion", "6b369e62b532d3b45cbe5a28fa21b196aa681921", "app/start.sh"),
    seeAlso: [gh("nginx-proxy/acme-companion", "6b369e62b532d3b45cbe5a28fa21b196aa681921", "Dockerfile"), gh("nginx-proxy/acme-companion", "00724277322c63587b5c1f1d1c90dbf983bca0e7", "Dockerfile")],
  },
  {
    name: "nginxproxy/docker-gen", aliases: ["jwilder/docker-gen"],
    verdict: "non-reaper", program: "docker-gen", runtime: "go", busybox: true,
    note: "alpine, ENTRYPOINT [\"/usr/local/bin/docker-gen\"]: a command gives docker-gen's flags and template",
    source: gh("nginx-proxy/docker-gen", "001c5237ad165f59b7fe880a4339a068f3f9045c", "Dockerfile"),
  },
  {
    name: "jc21/nginx-proxy-manager", verdict: "s6", program: "s6-svscan", note: S6_NOTE,
    source: gh("NginxProxyManager/nginx-proxy-manager", "a62c2a6dc3ab51e6fedc34d3ea3506bc9373953f", "docker/Dockerfile"),
  },
  {
    name: "containrrr/watchtower", verdict: "non-reaper", program: "watchtower", runtime: "go",
    note: "FROM scratch, ENTRYPOINT [\"/watchtower\"]",
    source: gh("containrrr/watchtower", "ca0e86e824ec05389ab972ea97d04d4bf0476e90", "dockerfiles/Dockerfile"),
  },
  // applications
  {
    name: "apache/tika", verdict: "non-reaper", program: "java", runtime: "java",
    note: "ENTRYPOINT [\"/bin/sh\", \"-c\", \"exec java … TikaServerCli …\"]: a command gives the server's arguments",
    source: gh("apache/tika-docker", "60db76bc7155b2a322175a95f64a1499f3b5cd13", "full/Dockerfile"),
  },
  {
    name: "dpage/pgadmin4", verdict: "reaper", program: "gunicorn", runtime: "python", busybox: true,
    note: "ENTRYPOINT /entrypoint.sh ends in exec … /venv/bin/gunicorn: the gunicorn arbiter",
    source: gh("pgadmin-org/pgadmin4", "bc58657d3d3ab4209cdadea6d191b632cf1572cc", "pkg/docker/entrypoint.sh"),
    seeAlso: [gh("pgadmin-org/pgadmin4", "bc58657d3d3ab4209cdadea6d191b632cf1572cc", "Dockerfile")],
  },
  {
    name: "ghcr.io/paperless-ngx/paperless-ngx", verdict: "s6", program: "s6-svscan", note: S6_NOTE,
    source: gh("paperless-ngx/paperless-ngx", "b0e0e8a35373a5d9d588a507cb63c79e50a23403", "Dockerfile"),
  },
  {
    name: "ghcr.io/dgtlmoon/changedetection.io", aliases: ["dgtlmoon/changedetection.io"], verdict: "non-reaper", program: "python", passesToCommand: true, runtime: "python",
    note: "CMD python ./changedetection.py; /docker-entrypoint.sh ends in exec \"$@\"",
    source: gh("dgtlmoon/changedetection.io", "fce24780e74199bf34c62a0d90188cc2fc12f061", "Dockerfile"),
  },
  {
    name: "matrixdotorg/synapse", verdict: "non-reaper", program: "python", runtime: "python",
    note: "ENTRYPOINT [\"/start.py\"], which os.execve's python -m synapse.app.homeserver (through gosu when root)",
    source: gh("matrix-org/synapse", "be65a8ec0195955c15fdb179c9158b187638e39a", "docker/start.py"),
    seeAlso: [gh("matrix-org/synapse", "be65a8ec0195955c15fdb179c9158b187638e39a", "docker/Dockerfile")],
  },
  {
    name: "pihole/pihole", verdict: "reaper", program: "start.sh", runtime: "shell", busybox: true,
    note: "ENTRYPOINT start.sh: a bash script that starts pihole-FTL in the background, traps TERM and `wait`s: the shell stays PID 1 and reaps while it waits",
    source: gh("pi-hole/docker-pi-hole", "dd91b4847d97f0aac68bfefd1c108ed0627e6c68", "src/start.sh"),
    seeAlso: [gh("pi-hole/docker-pi-hole", "dd91b4847d97f0aac68bfefd1c108ed0627e6c68", "src/Dockerfile")],
  },
  {
    name: "ghcr.io/umami-software/umami", verdict: "non-reaper", program: "pnpm", passesToCommand: true, prepend: "flags", runtime: "node",
    note: "FROM node (its entrypoint passes the command), CMD pnpm start-docker",
    source: gh("umami-software/umami", "c0ea3aefbee7a3429ee2f824b06dc4a9dbe0b7e1", "Dockerfile"),
  },
  {
    name: "quay.io/hedgedoc/hedgedoc", verdict: "non-reaper", program: "node", passesToCommand: true, runtime: "node",
    note: "CMD node app.js; docker-entrypoint.sh ends in exec $GOSU \"$@\"",
    source: gh("hedgedoc/container", "81748a94f88b7b9cd9c26b04b7554d7c5046e823", "debian/Dockerfile"),
    seeAlso: [gh("hedgedoc/container", "81748a94f88b7b9cd9c26b04b7554d7c5046e823", "resources/docker-entrypoint.sh")],
    variants: [ALPINE],
  },
  {
    name: "netboxcommunity/netbox", aliases: ["quay.io/netboxcommunity/netbox", "ghcr.io/netbox-community/netbox"], verdict: "init", program: "tini", shipsInit: "/usr/bin/tini",
    note: "ENTRYPOINT [\"/usr/bin/tini\", \"--\"], CMD docker-entrypoint.sh launch-netbox.sh",
    source: gh("netbox-community/netbox-docker", "27bf52cf3ea882324273fbabbf23f0af6a194f12", "Dockerfile"),
  },
  {
    name: "ghcr.io/docker-mailserver/docker-mailserver", aliases: ["mailserver/docker-mailserver"], verdict: "init", program: "dumb-init", shipsInit: "/usr/bin/dumb-init",
    note: "ENTRYPOINT [\"/usr/bin/dumb-init\", \"--\"], CMD supervisord",
    source: gh("docker-mailserver/docker-mailserver", "c9b015ddc869b277c16dd20ef4a70e595c72d022", "Dockerfile"),
  },
  {
    name: "outlinewiki/outline", verdict: "non-reaper", program: "node", passesToCommand: true, prepend: "flags", runtime: "node",
    note: "FROM node (its entrypoint passes the command), CMD node build/server/index.js",
    source: gh("outline/outline", "d77dcdf853868c5d5fe125c895c9b71f0eff5c68", "Dockerfile"),
  },
  {
    name: "ghcr.io/mealie-recipes/mealie", aliases: ["hkotel/mealie"], verdict: "non-reaper", program: "python", runtime: "python",
    note: "ENTRYPOINT /app/run.sh (docker/entry.sh), which ends in exec python /app/mealie/main.py",
    source: gh("mealie-recipes/mealie", "b5643a9399465d8b4ea339e7a6639df2d697741b", "docker/entry.sh"),
    seeAlso: [gh("mealie-recipes/mealie", "b5643a9399465d8b4ea339e7a6639df2d697741b", "docker/Dockerfile")],
  },
  {
    name: "miniflux/miniflux", aliases: ["ghcr.io/miniflux/miniflux"], verdict: "non-reaper", program: "miniflux", passesToCommand: true, runtime: "go", busybox: true,
    note: "no ENTRYPOINT: CMD /usr/bin/miniflux",
    source: gh("miniflux/v2", "106cdd09e1557222303f3ed1376e1dadf0638621", "packaging/docker/alpine/Dockerfile"),
    variants: [{ id: "distroless", tags: ["distroless"], busybox: false, source: gh("miniflux/v2", "106cdd09e1557222303f3ed1376e1dadf0638621", "packaging/docker/distroless/Dockerfile") }],
  },
  {
    name: "ghcr.io/muety/wakapi", verdict: "non-reaper", program: "wakapi", runtime: "go",
    note: "since 2.17.2: distroless, ENTRYPOINT [\"/app/wakapi\"]",
    source: gh("muety/wakapi", "2ed2e3faa16185b60aa13e149dd0b956e758aa50", "Dockerfile"),
    variants: [{ id: "<2.17.2", versions: { max: "2.17.1" }, busybox: true, note: "alpine, shell-form ENTRYPOINT /app/entrypoint.sh: exec ./wakapi, or exec wait-for-it.sh … -- ./wakapi, whose busybox timeout orphans a watchdog", source: gh("muety/wakapi", "7fa0a6f78ce56957f4f5a5c5abd68fc08cde12de", "entrypoint.sh") }],
  },
  {
    name: "docuseal/docuseal", verdict: "non-reaper", program: "puma", passesToCommand: true, runtime: "ruby", busybox: true,
    note: "no ENTRYPOINT: CMD bundle exec puma -C config/puma.rb, whose `workers ENV.fetch('WEB_CONCURRENCY', 0)` keeps puma in single mode (no wait for any child) unless WEB_CONCURRENCY (or WEB_CONCURRENCY_AUTO=true) is set, when puma 8's cluster master reaps",
    source: gh("docusealco/docuseal", "a2d8b855491793870b7b4acf176d2d95ae95ff83", "Dockerfile#L105"),
    seeAlso: [gh("docusealco/docuseal", "a2d8b855491793870b7b4acf176d2d95ae95ff83", "config/puma.rb#L37"), gh("docusealco/docuseal", "a2d8b855491793870b7b4acf176d2d95ae95ff83", "Gemfile.lock#L373")],
  },
  {
    name: "ghcr.io/browserless/chromium", aliases: ["ghcr.io/browserless/chrome", "ghcr.io/browserless/firefox", "ghcr.io/browserless/multi"], verdict: "reaper", program: "start.sh", runtime: "shell", passesToCommand: true,
    note: "CMD ./scripts/start.sh: bash starts Xvfb and dumb-init node in the background, traps TERM and `wait`s: the shell stays PID 1 and reaps while it waits",
    source: gh("browserless/browserless", "0e2f33edd7beca0356c2548727f2d95e4fed51f3", "scripts/start.sh"),
    seeAlso: [gh("browserless/browserless", "0e2f33edd7beca0356c2548727f2d95e4fed51f3", "docker/chromium/Dockerfile")],
  },
  {
    name: "corentinth/it-tools", aliases: ["ghcr.io/corentinth/it-tools"], verdict: "reaper", program: "nginx", passesToCommand: true, runtime: "c", busybox: true,
    note: "FROM nginx:stable-alpine, CMD nginx -g 'daemon off;'",
    source: gh("CorentinTh/it-tools", "07eea0f484c0e4d1224aba51285323ec3c7ee4d3", "Dockerfile"),
  },
  {
    name: "ghcr.io/advplyr/audiobookshelf", aliases: ["advplyr/audiobookshelf"], verdict: "init", program: "tini", shipsInit: "tini", busybox: true,
    note: "ENTRYPOINT [\"tini\", \"--\"], CMD node index.js",
    source: gh("advplyr/audiobookshelf", "1b46d68027f3dcd88a4ef596fe6d005541fea3c6", "Dockerfile"),
  },
  {
    name: "ghcr.io/gethomepage/homepage", verdict: "non-reaper", program: "node", passesToCommand: true, runtime: "node", busybox: true,
    note: "CMD node server.js; docker-entrypoint.sh ends in exec su-exec … \"$@\" or exec \"$@\"",
    source: gh("gethomepage/homepage", "b2a52ff2a9df1b7e7bc612178f66539606311b84", "Dockerfile"),
    seeAlso: [gh("gethomepage/homepage", "b2a52ff2a9df1b7e7bc612178f66539606311b84", "docker-entrypoint.sh")],
  },
  {
    name: "henrygd/beszel", aliases: ["ghcr.io/henrygd/beszel"], verdict: "non-reaper", program: "beszel", runtime: "go",
    note: "FROM scratch, ENTRYPOINT [\"/beszel\"], CMD serve",
    source: gh("henrygd/beszel", "f1e5797c76a234b1c59a31c815f07edfbee0b0e9", "internal/dockerfile_hub"),
  },
  {
    name: "henrygd/beszel-agent", aliases: ["ghcr.io/henrygd/beszel-agent"], verdict: "non-reaper", program: "agent", runtime: "go",
    note: "FROM scratch, ENTRYPOINT [\"/agent\"]",
    source: gh("henrygd/beszel", "f1e5797c76a234b1c59a31c815f07edfbee0b0e9", "internal/dockerfile_agent"),
  },
  {
    name: "neosmemo/memos", aliases: ["ghcr.io/usememos/memos"], verdict: "non-reaper", program: "memos", runtime: "go", busybox: true,
    note: "ENTRYPOINT [\"/usr/local/memos/entrypoint.sh\", \"/usr/local/memos/memos\"]; the script ends in exec \"$@\"",
    source: gh("usememos/memos", "76a762924306e782871204f131f4033be5e8e41a", "scripts/Dockerfile"),
  },
  {
    name: "ollama/ollama", verdict: "non-reaper", program: "ollama", runtime: "go",
    note: "ENTRYPOINT [\"/bin/ollama\"], CMD serve",
    source: gh("ollama/ollama", "fb30760996871fa9460115c753afd2c60d4ab0f7", "Dockerfile"),
  },
  {
    name: "filebrowser/filebrowser", verdict: "init", program: "tini", shipsInit: "/bin/tini", busybox: true,
    note: "FROM busybox, ENTRYPOINT [\"tini\", \"--\", \"/init.sh\"]",
    source: gh("filebrowser/filebrowser", "833d908884d5c801f30f5c098d7977177eb3a36b", "Dockerfile"),
    variants: [{ id: "s6", tags: ["s6"], verdict: "s6", program: "s6-svscan", shipsInit: undefined, note: "Dockerfile.s6: FROM the linuxserver.io base image (s6-overlay /init)", source: gh("filebrowser/filebrowser", "833d908884d5c801f30f5c098d7977177eb3a36b", "Dockerfile.s6") }],
  },
  {
    name: "binwiederhier/ntfy", verdict: "non-reaper", program: "ntfy", runtime: "go", busybox: true,
    note: "ENTRYPOINT [\"ntfy\"]: a command gives ntfy's arguments (serve …)",
    source: gh("binwiederhier/ntfy", "81a486adc11fe24efcbedefb28ae946028597c2f", "Dockerfile"),
  },
  {
    name: "deluan/navidrome", aliases: ["ghcr.io/navidrome/navidrome"], verdict: "non-reaper", program: "navidrome", runtime: "go", busybox: true,
    note: "ENTRYPOINT [\"/app/navidrome\"]",
    source: gh("navidrome/navidrome", "295886cb9a432d375afa796ed8a32db0775464af", "Dockerfile"),
  },
  {
    name: "louislam/dockge", verdict: "init", program: "dumb-init", shipsInit: "/usr/bin/dumb-init",
    note: "ENTRYPOINT [\"/usr/bin/dumb-init\", \"--\"], CMD tsx ./backend/index.ts",
    source: gh("louislam/dockge", "f809ae192b571944ad773e9866d3e67064ae8043", "docker/Dockerfile"),
  },
  {
    name: "lissy93/dashy", verdict: "init", program: "tini", shipsInit: "/sbin/tini", busybox: true,
    note: "ENTRYPOINT [\"/sbin/tini\", \"--\"], CMD node server.js",
    source: gh("Lissy93/dashy", "fde99410ff8565bc62160f613a44350352871998", "Dockerfile"),
  },
  {
    name: "libretranslate/libretranslate", verdict: "reaper", program: "entrypoint.sh", runtime: "shell",
    note: "ENTRYPOINT ./scripts/entrypoint.sh runs gunicorn without exec: bash stays PID 1 and reaps while it waits (it does not pass SIGTERM on)",
    source: gh("LibreTranslate/LibreTranslate", "39429cbe7f27987fc0ba771c4ad060d6321423ff", "scripts/entrypoint.sh"),
    seeAlso: [gh("LibreTranslate/LibreTranslate", "39429cbe7f27987fc0ba771c4ad060d6321423ff", "docker/Dockerfile")],
  },
  {
    name: "amir20/dozzle", verdict: "non-reaper", program: "dozzle", runtime: "go",
    note: "FROM scratch, ENTRYPOINT [\"/dozzle\"]",
    source: gh("amir20/dozzle", "ca4cab8cb8935c4eb1f83e3cae3fc5df194cb789", "Dockerfile"),
  },
  {
    name: "cloudflare/cloudflared", verdict: "non-reaper", program: "cloudflared", runtime: "go",
    note: "ENTRYPOINT [\"cloudflared\", \"--no-autoupdate\"]: a command gives cloudflared's arguments (tunnel run …)",
    source: gh("cloudflare/cloudflared", "d1df7985bdf189c4caf34e290bafbf8f411e603b", "Dockerfile"),
  },
  {
    name: "authelia/authelia", aliases: ["ghcr.io/authelia/authelia"], verdict: "non-reaper", program: "authelia", passesToCommand: true, runtime: "go", busybox: true,
    note: "entrypoint.sh runs authelia for no arguments or --config, else exec \"$@\"",
    source: gh("authelia/authelia", "23572030b4048922a377ca40d59e804e0ed25fd7", "entrypoint.sh"),
  },
  {
    name: "searxng/searxng", verdict: "non-reaper", program: "granian", runtime: "python", assumed: true,
    note: "ENTRYPOINT entrypoint.sh ends in exec …/granian searx.webapp:app; granian's child handling was not read",
    source: gh("searxng/searxng", "9fea41204fdfa7a5cfa15b0ebd12904c520478ce", "container/entrypoint.sh"),
  },
  {
    name: "syncthing/syncthing", verdict: "non-reaper", program: "syncthing", runtime: "go", busybox: true,
    note: "ENTRYPOINT [\"/bin/entrypoint.sh\", \"/bin/syncthing\"]; the script ends in exec su-exec … \"$@\" or exec \"$@\"",
    source: gh("syncthing/syncthing", "328d910aee822178f55442c76bc7e35ce34d68cc", "Dockerfile"),
    seeAlso: [gh("syncthing/syncthing", "328d910aee822178f55442c76bc7e35ce34d68cc", "script/docker-entrypoint.sh")],
  },
  {
    name: "jellyfin/jellyfin", aliases: ["ghcr.io/jellyfin/jellyfin"], verdict: "non-reaper", program: "jellyfin", runtime: "dotnet",
    note: "ENTRYPOINT [\"/jellyfin/jellyfin\"] (.NET)",
    source: gh("jellyfin/jellyfin-packaging", "69a2981c0966d465140e1e1f01c899ac78a30932", "docker/Dockerfile"),
  },
  {
    name: "tailscale/tailscale", aliases: ["ghcr.io/tailscale/tailscale"], verdict: "non-reaper", program: "containerboot", runtime: "go",
    note: "built by build_docker.sh with containerboot as the entrypoint; containerboot waits only for tailscaled (unix.Wait4 on its pid)",
    source: gh("tailscale/tailscale", "de9ec7ee25627e0e518f53c710a3fc3d947c86c1", "build_docker.sh"),
    seeAlso: [gh("tailscale/tailscale", "de9ec7ee25627e0e518f53c710a3fc3d947c86c1", "cmd/containerboot/main.go")],
  },
  {
    name: "vikunja/vikunja", verdict: "non-reaper", program: "vikunja", runtime: "go",
    note: "FROM scratch, ENTRYPOINT [\"/app/vikunja/vikunja\"]",
    source: gh("go-vikunja/vikunja", "762dc4ebe6f3fbff15d90a0a119f0c6a4720e033", "Dockerfile"),
  },
  {
    name: "chrislusf/seaweedfs", verdict: "non-reaper", program: "weed", passesToCommand: true, prepend: "always", runtime: "go", busybox: true,
    note: "ENTRYPOINT /entrypoint.sh runs exec /usr/bin/weed with the command's subcommand and arguments",
    source: gh("seaweedfs/seaweedfs", "cc8364a03ebf5cf9f8eab3315ded2000cd07fff6", "docker/entrypoint.sh"),
    seeAlso: [gh("seaweedfs/seaweedfs", "cc8364a03ebf5cf9f8eab3315ded2000cd07fff6", "docker/Dockerfile.go_build")],
  },
  {
    name: "codercom/code-server", verdict: "init", program: "dumb-init", shipsInit: "dumb-init",
    note: "ENTRYPOINT entrypoint.sh … ends in exec dumb-init /usr/bin/code-server \"$@\"",
    source: gh("coder/code-server", "88c2b7432e938f6918f21ff8d9dbfc641cd933d0", "ci/release-image/entrypoint.sh"),
    seeAlso: [gh("coder/code-server", "88c2b7432e938f6918f21ff8d9dbfc641cd933d0", "ci/release-image/Dockerfile")],
  },
  {
    name: "temporalio/auto-setup", aliases: ["temporalio/server"], verdict: "non-reaper", program: "temporal-server", runtime: "go",
    note: "ENTRYPOINT /etc/temporal/entrypoint.sh runs the setup, then exec start-temporal.sh, which execs temporal-server",
    source: gh("temporalio/docker-builds", "d0ab85e186018d8bbf57e3dc52f1e24944933502", "docker/entrypoint.sh"),
    seeAlso: [gh("temporalio/docker-builds", "d0ab85e186018d8bbf57e3dc52f1e24944933502", "server.Dockerfile"), gh("temporalio/docker-builds", "d0ab85e186018d8bbf57e3dc52f1e24944933502", "docker/start-temporal.sh")],
  },
  {
    name: "temporalio/admin-tools", verdict: "init", program: "tini", shipsInit: "tini",
    note: "ENTRYPOINT [\"tini\", \"--\", \"sleep\", \"infinity\"]",
    source: gh("temporalio/docker-builds", "d0ab85e186018d8bbf57e3dc52f1e24944933502", "admin-tools.Dockerfile"),
  },
  {
    name: "guacamole/guacd", verdict: "reaper", program: "guacd", runtime: "c", busybox: true,
    note: "ENTRYPOINT entrypoint.sh ends in exec guacd -f …; guacd ignores SIGCHLD, so exited children never stay zombies",
    source: gh("apache/guacamole-server", "6719b20d09b767d30915c5e1c626a7a72fc75a59", "src/guacd-docker/bin/entrypoint.sh"),
    seeAlso: [gh("apache/guacamole-server", "6719b20d09b767d30915c5e1c626a7a72fc75a59", "Dockerfile")],
  },
  {
    name: "mailhog/mailhog", verdict: "non-reaper", program: "MailHog", runtime: "go", busybox: true,
    note: "ENTRYPOINT [\"MailHog\"]",
    source: gh("mailhog/MailHog", "e6fa06877ef61ea82bbef234d94bdc75cca478d1", "Dockerfile"),
  },
  {
    name: "confluentinc/cp-kafka", aliases: ["confluentinc/cp-server"], verdict: "non-reaper", program: "kafka-server-start", passesToCommand: true, runtime: "java",
    note: "CMD /etc/confluent/docker/run, which execs launch, which execs kafka-server-start (java)",
    source: gh("confluentinc/kafka-images", "f8e3015a9a60a4f4713de29f61c3ffa15a18b3ae", "kafka/include/etc/confluent/docker/launch"),
    seeAlso: [gh("confluentinc/kafka-images", "f8e3015a9a60a4f4713de29f61c3ffa15a18b3ae", "kafka/Dockerfile.ubi9")],
  },
  {
    name: "localstack/localstack", verdict: "non-reaper", program: "localstack-supervisor", runtime: "python",
    note: "ENTRYPOINT docker-entrypoint.sh ends in exec localstack-supervisor, a python process that runs localstack as its child",
    source: gh("localstack/localstack", "8b9a79f05846835cf4dff63ab7eefdde9df83783", "bin/docker-entrypoint.sh"),
    seeAlso: [gh("localstack/localstack", "8b9a79f05846835cf4dff63ab7eefdde9df83783", "Dockerfile")],
  },
  {
    name: "redis/redis-stack", aliases: ["redis/redis-stack-server"], verdict: "init", program: "dumb-init", passesToCommand: true, shipsInit: "/usr/bin/dumb-init",
    note: "CMD /entrypoint.sh, a script whose interpreter line is #!/usr/bin/dumb-init /bin/sh",
    source: gh("redis-stack/redis-stack", "ac9794706d24e720b334b514b8748c1ef41898b9", "etc/scripts/entrypoint.sh"),
    seeAlso: [gh("redis-stack/redis-stack", "ac9794706d24e720b334b514b8748c1ef41898b9", "envs/dockers/dockerfile.tmpl")],
  },
  {
    name: "timberio/vector", verdict: "non-reaper", program: "vector", runtime: "rust",
    note: "ENTRYPOINT [\"/usr/bin/vector\"]",
    source: gh("vectordotdev/vector", "c3445d42d2799eb9afe102b71cba7ae96a80942b", "distribution/docker/debian/Dockerfile"),
    variants: [{ ...ALPINE, source: gh("vectordotdev/vector", "c3445d42d2799eb9afe102b71cba7ae96a80942b", "distribution/docker/alpine/Dockerfile") }],
  },
  {
    name: "nodered/node-red", verdict: "reaper", program: "entrypoint.sh", runtime: "shell",
    note: "ENTRYPOINT ./entrypoint.sh starts node red.js in the background and `wait`s: bash stays PID 1 and reaps while it waits",
    source: gh("node-red/node-red-docker", "100a7256f58b62c212cd50d321224ff805516dfb", "docker-custom/scripts/entrypoint.sh"),
    seeAlso: [gh("node-red/node-red-docker", "100a7256f58b62c212cd50d321224ff805516dfb", ".docker/Dockerfile.debian")],
  },
  {
    name: "selenium/standalone-chrome", aliases: ["selenium/standalone-chromium", "selenium/standalone-firefox", "selenium/standalone-edge", "selenium/node-chrome", "selenium/node-firefox", "selenium/node-edge", "selenium/hub"],
    verdict: "reaper", program: "entry_point.sh", runtime: "shell", passesToCommand: true,
    note: "CMD /opt/bin/entry_point.sh (from selenium/base): bash starts supervisord in the background, traps TERM and `wait`s: the shell stays PID 1 and reaps while it waits",
    source: gh("SeleniumHQ/docker-selenium", "3290a305c0d122ce90d5301b96f46dc0728e33e8", "Base/entry_point.sh"),
    seeAlso: [gh("SeleniumHQ/docker-selenium", "3290a305c0d122ce90d5301b96f46dc0728e33e8", "Base/Dockerfile")],
  },
  {
    name: "gcr.io/cadvisor/cadvisor", verdict: "non-reaper", program: "cadvisor", runtime: "go", busybox: true,
    note: "ENTRYPOINT entrypoint.sh ends in exec /usr/bin/cadvisor -logtostderr \"$@\"",
    source: gh("google/cadvisor", "6a0c4f2539a8b1c11215804dee404c06fe3e0218", "deploy/entrypoint.sh"),
  },
  {
    name: "otel/opentelemetry-collector-contrib", verdict: "non-reaper", program: "otelcol-contrib", runtime: "go",
    note: "ENTRYPOINT [\"/otelcol-contrib\"]",
    source: gh("open-telemetry/opentelemetry-collector-releases", "ceccc19da2df99e24c1d826bd1600e0edbdbea3d", "distributions/otelcol-contrib/Dockerfile"),
  },
  {
    name: "otel/opentelemetry-collector", verdict: "non-reaper", program: "otelcol", runtime: "go",
    note: "ENTRYPOINT [\"/otelcol\"]",
    source: gh("open-telemetry/opentelemetry-collector-releases", "ceccc19da2df99e24c1d826bd1600e0edbdbea3d", "distributions/otelcol/Dockerfile"),
  },
  {
    name: "jaegertracing/jaeger", verdict: "non-reaper", program: "jaeger-linux", runtime: "go",
    note: "ENTRYPOINT [\"/cmd/jaeger/jaeger-linux\"] (Jaeger v2)",
    source: gh("jaegertracing/jaeger", "8498073ff809b1a3923521920a9b1b017ea97ecf", "cmd/jaeger/Dockerfile"),
  },
  {
    name: "hashicorp/vault", aliases: ["vault"], verdict: "init", program: "dumb-init", passesToCommand: true, prepend: "subcommands", shipsInit: "/usr/bin/dumb-init", busybox: true,
    note: "ENTRYPOINT docker-entrypoint.sh, whose interpreter line is #!/usr/bin/dumb-init /bin/sh; it prepends vault to flags and vault subcommands and ends in exec \"$@\"",
    source: gh("hashicorp/docker-vault", "ed323958b3c65c551e88424fd7352d99afe900ac", "0.X/docker-entrypoint.sh"),
    seeAlso: [gh("hashicorp/docker-vault", "ed323958b3c65c551e88424fd7352d99afe900ac", "0.X/Dockerfile")],
  },
  {
    name: "traefik/whoami", verdict: "non-reaper", program: "whoami", runtime: "go",
    note: "FROM scratch, ENTRYPOINT [\"/whoami\"]",
    source: gh("traefik/whoami", "8951300b46f13ce678dbed8a692ef2ccecf0eec4", "Dockerfile"),
  },
  {
    name: "apache/kafka", verdict: "non-reaper", program: "kafka-server-start.sh", passesToCommand: true, runtime: "java", busybox: true,
    note: "CMD /etc/kafka/docker/run, which sources launch, which ends in exec kafka-server-start.sh (java)",
    source: gh("apache/kafka", "1eb7644349cb07139d6a3c1ad1986979647cac99", "docker/jvm/launch"),
    seeAlso: [gh("apache/kafka", "1eb7644349cb07139d6a3c1ad1986979647cac99", "docker/jvm/Dockerfile")],
  },
  {
    name: "mintplexlabs/anythingllm", verdict: "reaper", program: "docker-entrypoint.sh", runtime: "shell",
    note: "ENTRYPOINT bash docker-entrypoint.sh starts the server and the collector in the background and `wait -n`s: bash stays PID 1 and reaps while it waits",
    source: gh("Mintplex-Labs/anything-llm", "72aabbd15481ae405434efd4c83d46026eef1173", "docker/docker-entrypoint.sh"),
    seeAlso: [gh("Mintplex-Labs/anything-llm", "72aabbd15481ae405434efd4c83d46026eef1173", "docker/Dockerfile")],
  },
  {
    name: "qdrant/qdrant", verdict: "reaper", program: "entrypoint.sh", runtime: "shell", passesToCommand: true,
    note: "CMD ./entrypoint.sh starts ./qdrant in the background, traps TERM and `wait`s: bash stays PID 1 and reaps while it waits",
    source: gh("qdrant/qdrant", "74f3e85b9473c62560006c043e13737ce6b48412", "tools/entrypoint.sh"),
    seeAlso: [gh("qdrant/qdrant", "74f3e85b9473c62560006c043e13737ce6b48412", "Dockerfile")],
  },
  {
    name: "typesense/typesense", verdict: "non-reaper", program: "typesense-server", runtime: "c", assumed: true,
    note: "ENTRYPOINT [\"/opt/typesense-server\"]; the server's child handling was not read",
    source: gh("typesense/typesense", "4a092b0417d3ad33e40d75b42cddfab5c58c0f71", "docker/deployment.Dockerfile"),
  },
  {
    name: "n8nio/n8n", aliases: ["docker.n8n.io/n8nio/n8n"], verdict: "init", program: "tini", shipsInit: "tini", busybox: true,
    note: "ENTRYPOINT [\"tini\", \"--\", \"/docker-entrypoint.sh\"]",
    source: gh("n8n-io/n8n", "003abfdc4f53791ebe60fd579af8de28a2a782a6", "docker/images/n8n/Dockerfile"),
    seeAlso: [gh("n8n-io/n8n", "b1068f24d774fce8ff14593c202317307da601ae", "docker/images/n8n/docker-entrypoint.sh")],
  },
  {
    name: "n8nio/runners", verdict: "init", program: "tini", shipsInit: "tini",
    note: "ENTRYPOINT [\"tini\", \"--\", \"task-runner-launcher\", …]",
    source: gh("n8n-io/n8n", "5e05536f176f47eb7293f1c8a54358572879872c", "docker/images/runners/Dockerfile"),
  },
  {
    name: "getsentry/sentry", aliases: ["ghcr.io/getsentry/sentry"], verdict: "init", program: "tini", shipsInit: "tini",
    note: "ENTRYPOINT exec /docker-entrypoint.sh → exec python3 /docker-entrypoint.py → os.execvp tini -- sentry …",
    source: gh("getsentry/sentry", "df4f13fb947c28a45e0d6d59be9707078393b2c2", "self-hosted/docker-entrypoint.py"),
    seeAlso: [gh("getsentry/sentry", "46b1346bf2550a88386600d82388f3d16fe0bdf4", "self-hosted/Dockerfile"), gh("getsentry/sentry", "77d3e6ebe0019b84944dd35545f60f6edfee1162", "self-hosted/docker-entrypoint.sh")],
    files: {
      "/docker-entrypoint.sh": {
        verdict: "init", program: "tini",
        note: "exec python3 /docker-entrypoint.py \"$@\", which execs tini -- sentry … for a sentry subcommand or a flag (a command that is neither is exec'd as given); self-hosted setups source this file from their own entrypoint",
        source: gh("getsentry/sentry", "77d3e6ebe0019b84944dd35545f60f6edfee1162", "self-hosted/docker-entrypoint.sh"),
      },
    },
  },
  {
    name: "getsentry/relay", aliases: ["ghcr.io/getsentry/relay"], verdict: "non-reaper", program: "relay", runtime: "rust",
    note: "docker-entrypoint.sh ends in exec gosu relay /bin/relay",
    source: gh("getsentry/relay", "73b6e0997c048634611930e49ae26b5ee6857baa", "docker-entrypoint.sh"),
  },
  {
    name: "getsentry/symbolicator", aliases: ["ghcr.io/getsentry/symbolicator"], verdict: "non-reaper", program: "symbolicator", runtime: "rust",
    note: "docker-entrypoint.sh ends in exec gosu symbolicator /bin/symbolicator",
    source: gh("getsentry/symbolicator", "90fa55e104f8f9a1bf63c7384788f1073ce4ea99", "docker-entrypoint.sh"),
  },
  {
    name: "ghcr.io/plausible/community-edition", aliases: ["plausible/analytics"], verdict: "non-reaper", program: "plausible", runtime: "beam", assumed: true,
    note: "ENTRYPOINT /entrypoint.sh, CMD run: exec /app/bin/plausible start (the Erlang VM, no init); the VM's handling of unknown children was not read",
    source: gh("plausible/analytics", "cc9bb274581fbc691afa1167296de6c79087fd05", "rel/docker-entrypoint.sh"),
    seeAlso: [gh("plausible/analytics", "30fd01db00041cd58bb5313e3e18c9da32459bcf", "Dockerfile")],
  },
  // runtimes published outside Docker Hub
  {
    name: "mcr.microsoft.com/dotnet/aspnet", aliases: ["mcr.microsoft.com/dotnet/runtime", "mcr.microsoft.com/dotnet/sdk", "mcr.microsoft.com/dotnet/runtime-deps"], verdict: "unknown", passesToCommand: true,
    note: "no ENTRYPOINT or CMD of their own (the Debian base's bash): the command decides",
    source: gh("dotnet/dotnet-docker", "3ed00b611cc88eaa5995525a0549a5703965cd02", "src/aspnet/8.0/bookworm-slim/amd64/Dockerfile"),
  },
  {
    name: "gcr.io/distroless/*", verdict: "unknown", passesToCommand: true,
    note: "distroless bases: no shell; some set an ENTRYPOINT (the language images), the base ones none: the Dockerfile built on them decides",
    source: gh("GoogleContainerTools/distroless", "cd080764af3103b2f49fb5eb23297c72c945e77a", "README.md"),
  },
  {
    name: "excalidraw/excalidraw", verdict: "reaper", program: "nginx", passesToCommand: true, runtime: "c", busybox: true,
    note: "FROM nginx:stable-alpine-slim with no ENTRYPOINT or CMD of its own: the nginx image's",
    source: gh("excalidraw/excalidraw", "4872083c044491b6d5c96ae134a75464f96d6831", "Dockerfile"),
  },
  {
    name: "ghcr.io/flaresolverr/flaresolverr", aliases: ["flaresolverr/flaresolverr"], verdict: "init", program: "dumb-init", shipsInit: "/usr/bin/dumb-init",
    note: "ENTRYPOINT [\"/usr/bin/dumb-init\", \"--\"], CMD python -u /app/flaresolverr.py",
    source: gh("FlareSolverr/FlareSolverr", "0f05ed8fc974b215c36892b5a30122e27fe3c671", "Dockerfile"),
  },
  {
    name: "ghcr.io/thomiceli/opengist", verdict: "non-reaper", program: "opengist", runtime: "go", busybox: true,
    note: "ENTRYPOINT ./docker/entrypoint.sh ends in exec env … opengist, or exec su $USER -c \"… opengist\" (su stays as its parent)",
    source: gh("thomiceli/opengist", "72c5696cd7257b7b7783a1a7f64d00d77280bb34", "docker/entrypoint.sh"),
  },
  {
    name: "privatebin/nginx-fpm-alpine", verdict: "reaper", program: "s6-svscan", runtime: "c", busybox: true,
    note: "ENTRYPOINT /etc/init.d/rc.local, an execline script that runs s6-svscan /run/services (plain s6) for nginx and php-fpm",
    source: gh("PrivateBin/docker-nginx-fpm-alpine", "50f330ac114070b5c15614f1586bb07203ca5b9b", "etc/init.d/rc.local"),
    seeAlso: [gh("PrivateBin/docker-nginx-fpm-alpine", "50f330ac114070b5c15614f1586bb07203ca5b9b", "Dockerfile")],
  },
  {
    name: "passbolt/passbolt", verdict: "reaper", program: "supervisord", passesToCommand: true, runtime: "python",
    note: "CMD /docker-entrypoint.sh, which ends in exec /usr/bin/supervisord -n",
    source: gh("passbolt/passbolt_docker", "7c9e247f3cb8732e83d6f42d525bab3b0225d0d7", "scripts/entrypoint/docker-entrypoint.sh"),
    seeAlso: [gh("passbolt/passbolt_docker", "7c9e247f3cb8732e83d6f42d525bab3b0225d0d7", "debian/Dockerfile")],
  },
  {
    name: "kimai/kimai2", verdict: "reaper", program: "apache2", passesToCommand: true, runtime: "c",
    note: "CMD /entrypoint.sh ends in exec /usr/sbin/apache2 -D FOREGROUND in the apache build",
    source: gh("kimai/kimai", "1f421c276badbf9eeff40852de305a1e4c1e829f", ".docker/entrypoint.sh"),
    seeAlso: [gh("kimai/kimai", "1f421c276badbf9eeff40852de305a1e4c1e829f", "Dockerfile")],
    variants: [{ id: "fpm", tags: ["fpm"], program: "php-fpm", busybox: true, note: "the fpm build (php:*-fpm-alpine) ends in exec php-fpm", source: gh("kimai/kimai", "1f421c276badbf9eeff40852de305a1e4c1e829f", ".docker/entrypoint.sh") }],
  },
  {
    name: "docmost/docmost", verdict: "non-reaper", program: "pnpm", passesToCommand: true, prepend: "flags", runtime: "node",
    note: "FROM node (its entrypoint passes the command), CMD pnpm start",
    source: gh("docmost/docmost", "549cf7c0053bb4f4c3c4e08d588b1f0c69297daf", "Dockerfile"),
  },
  {
    name: "favonia/cloudflare-ddns", verdict: "non-reaper", program: "ddns", runtime: "go",
    note: "ENTRYPOINT [\"/bin/ddns\"]",
    source: gh("favonia/cloudflare-ddns", "690d5e6497cb98a19bde64aa75e0ed1226644405", "Dockerfile"),
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
    name: "citusdata/citus",
    verdict: "reaper", program: "postgres", passesToCommand: true, prepend: "flags", runtime: "c",
    note: "FROM postgres: the official entrypoint and postmaster (shared_preload_libraries=citus)",
    source: gh("citusdata/docker", "00a6a979bd89b09cb394cf998d5d577b2934fa6a", "Dockerfile"),
  },
  {
    name: "mysql/mysql-server",
    verdict: "non-reaper", program: "mysqld", passesToCommand: true, prepend: "flags", runtime: "c",
    note: "Oracle's image (oraclelinux): /entrypoint.sh prepends mysqld to flags and ends in exec \"$@\"; CMD mysqld",
    source: gh("mysql/mysql-docker", "1b947b21282a0186bdb327999ac98cff1d9d9e6f", "mysql-server/8.0/docker-entrypoint.sh"),
    seeAlso: [gh("mysql/mysql-docker", "00fccb331b8f019241fb6914966d3f5aeed85bdc", "mysql-server/8.0/Dockerfile")],
  },
  {
    name: "sosedoff/pgweb",
    verdict: "non-reaper", program: "pgweb", runtime: "go",
    note: "ENTRYPOINT [\"/usr/bin/pgweb\", \"--bind=0.0.0.0\", \"--listen=8081\"]: a command gives more flags",
    source: gh("sosedoff/pgweb", "04f96ff2577c91908f780c01b4585a7b07cf046c", "Dockerfile"),
  },
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
  // osixia's images on light-baseimage: ENTRYPOINT /container/tool/run, a Python supervisor that stays PID 1 and reaps
  {
    name: "osixia/openldap", verdict: "reaper", program: "run", runtime: "python",
    note: "FROM osixia/light-baseimage, no ENTRYPOINT of its own: /container/tool/run runs the slapd service (process.sh: exec slapd -d …) as its child and reaps other children while it waits (waitpid(-1)); a command runs as another child, run stays PID 1",
    source: gh("osixia/docker-openldap", "635034a75878773f8576d646422cf26e43741fab", "image/Dockerfile"),
    seeAlso: [gh("osixia/docker-light-baseimage", "3a6f083bbe13328dd75df1c54975bc32c224ed22", "image/Dockerfile"), gh("osixia/docker-light-baseimage", "3a6f083bbe13328dd75df1c54975bc32c224ed22", "image/tool/run")],
  },
  {
    name: "osixia/phpldapadmin", verdict: "reaper", program: "run", runtime: "python",
    note: "FROM osixia/web-baseimage (FROM osixia/light-baseimage, no ENTRYPOINT): add-multiple-process-stack installs runit, so /container/tool/run starts runsvdir (apache2, php-fpm) as its child and reaps other children while it waits (waitpid(-1)); run stays PID 1",
    source: gh("osixia/docker-phpLDAPadmin", "6d1b92e8883dfa53c14fc448843e3e7c6b46e94f", "image/Dockerfile"),
    seeAlso: [gh("osixia/docker-web-baseimage", "8918a733319e149d80e6746911c560d7249a417a", "image/Dockerfile"), gh("osixia/docker-light-baseimage", "3a6f083bbe13328dd75df1c54975bc32c224ed22", "image/tool/run")],
  },
];
