#!/usr/bin/env bash
# Prepare a real container engine for compose-lint's end-to-end tests (test/e2e).
#
# Run as root (.ci/run does). Idempotent:
#   1. checks for podman, podman-compose, runc, gcc (+ static libc) and a busybox binary;
#      when podman/podman-compose/runc are missing and apt-get is usable it installs them
#      (set ENGINE_SETUP_NO_INSTALL=1 to forbid that);
#   2. writes /etc/containers/containers.conf: runc runtime (crun fails on hybrid cgroups), lowered
#      default ulimits (raising rlimits is not permitted here), an init binary for `--init`/`init: true`;
#   3. builds the local base image localhost/compose-lint-lab:1 from a busybox rootfs plus the static
#      "Go-like" server compiled from test/e2e/server.c (never waitpid(-1), exits on SIGTERM).
#      Skipped when the image exists and was built from the same server.c and busybox;
#   4. smoke-tests the image with `podman run --rm --network none` (and once with --init).
# Exits non-zero with a message naming what is missing. No registry is contacted.
set -euo pipefail

IMAGE=${COMPOSE_LINT_LAB_IMAGE:-localhost/compose-lint-lab:1}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
SERVER_C="$ROOT/test/e2e/server.c"
CONF=/etc/containers/containers.conf

die() { echo "engine-setup: ERROR: $*" >&2; exit 1; }
say() { echo "engine-setup: $*"; }

[ "$(id -u)" = 0 ] || die "must run as root (podman needs root here: rootless has no subuid setup)"
[ -f "$SERVER_C" ] || die "missing $SERVER_C"

# --- 1. tools ------------------------------------------------------------------------------------
find_busybox() {
  for b in /bin/busybox /usr/bin/busybox /usr/lib/busybox/busybox-static; do
    [ -x "$b" ] && { echo "$b"; return 0; }
  done
  return 1
}
find_init() { # a static init that podman can bind-mount into any image for --init / init: true
  for i in /usr/libexec/podman/catatonit /usr/bin/catatonit /usr/bin/tini-static; do
    [ -x "$i" ] && { echo "$i"; return 0; }
  done
  return 1
}
missing_pkgs=()
command -v podman >/dev/null || missing_pkgs+=(podman)
command -v podman-compose >/dev/null || missing_pkgs+=(podman-compose)
command -v runc >/dev/null || missing_pkgs+=(runc)
command -v gcc >/dev/null || missing_pkgs+=(gcc)
[ -f /usr/lib/x86_64-linux-gnu/libc.a ] || [ -f /usr/lib/libc.a ] || ls /usr/lib/*/libc.a >/dev/null 2>&1 || missing_pkgs+=(libc6-dev)
find_busybox >/dev/null || missing_pkgs+=(busybox-static) # busybox and busybox-static conflict: ask for one only
find_init >/dev/null || missing_pkgs+=(tini)
if [ "${#missing_pkgs[@]}" -gt 0 ]; then
  if [ "${ENGINE_SETUP_NO_INSTALL:-0}" != 1 ] && command -v apt-get >/dev/null; then
    say "installing missing packages: ${missing_pkgs[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing_pkgs[@]}" >/dev/null ||
      die "apt-get install ${missing_pkgs[*]} failed"
  else
    die "missing: ${missing_pkgs[*]} (apt-get install ${missing_pkgs[*]})"
  fi
fi
BUSYBOX=$(find_busybox) || die "missing busybox (apt-get install busybox-static, or busybox)"
INIT_PATH=$(find_init) || die "no static init for --init / init: true (apt-get install tini, or catatonit)"

# --- 2. containers.conf --------------------------------------------------------------------------
conf_text="# written by compose-lint scripts/engine-setup.sh
[containers]
default_ulimits = [\"nofile=1024:1024\", \"nproc=1024:1024\"]
init_path = \"$INIT_PATH\"

[engine]
runtime = \"runc\"
"
mkdir -p /etc/containers
if [ ! -f "$CONF" ] || [ "$(cat "$CONF")" != "$(printf '%s' "$conf_text")" ]; then
  if [ -f "$CONF" ] && ! grep -q 'compose-lint scripts/engine-setup.sh' "$CONF"; then
    cp "$CONF" "$CONF.before-compose-lint"
    say "kept the previous $CONF as $CONF.before-compose-lint"
  fi
  printf '%s' "$conf_text" >"$CONF"
  say "wrote $CONF (runtime runc, init_path $INIT_PATH)"
fi

podman info >/dev/null 2>&1 || die "podman info fails: $(podman info 2>&1 | tail -3)"

# --- 3. base image -------------------------------------------------------------------------------
stamp=$( { sha256sum "$SERVER_C" "$BUSYBOX" | awk '{print $1}'; echo v1; } | sha256sum | cut -c1-16)
if podman image exists "$IMAGE" &&
  [ "$(podman image inspect -f '{{index .Labels "compose-lint.lab-stamp"}}' "$IMAGE" 2>/dev/null)" = "$stamp" ]; then
  say "$IMAGE exists (stamp $stamp): not rebuilt"
else
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  rootfs=$work/rootfs
  mkdir -p "$rootfs"/{bin,sbin,usr/bin,usr/sbin,usr/local/bin,proc,sys,dev,tmp,etc,run,var/run,root}
  chmod 1777 "$rootfs/tmp"
  cp "$BUSYBOX" "$rootfs/bin/busybox"
  # a dynamically linked busybox (Debian's "busybox" package) needs its loader and libraries
  if ldd "$BUSYBOX" >/dev/null 2>&1; then
    for lib in $(ldd "$BUSYBOX" | grep -o '/[^ ]*' | sort -u); do
      mkdir -p "$rootfs$(dirname "$lib")"
      cp -L "$lib" "$rootfs$lib"
    done
    say "busybox is dynamically linked: copied its libraries into the rootfs"
  fi
  for applet in $("$rootfs/bin/busybox" --list 2>/dev/null || "$BUSYBOX" --list); do
    [ -e "$rootfs/bin/$applet" ] || ln -s busybox "$rootfs/bin/$applet"
  done
  gcc -O2 -static -Wall -o "$rootfs/usr/local/bin/server" "$SERVER_C" ||
    die "gcc -static failed on $SERVER_C (is libc6-dev installed?)"
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' >"$rootfs/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$rootfs/etc/group"
  podman rmi -f "$IMAGE" >/dev/null 2>&1 || true
  out=$(tar -C "$rootfs" -c . | podman import \
    --change 'ENV PATH=/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'CMD ["/bin/sh"]' \
    --change "LABEL compose-lint.lab-stamp=$stamp" \
    - "$IMAGE" 2>&1) || die "podman import of the rootfs failed: $out"
  say "built $IMAGE (stamp $stamp)"
fi

# --- 4. smoke test -------------------------------------------------------------------------------
out=$(podman run --rm --network none "$IMAGE" sh -c 'echo ok' 2>&1) ||
  die "cannot run a container from $IMAGE: $out"
[ "$out" = ok ] || die "unexpected output from a test container: $out"
out=$(podman run --rm --init --network none "$IMAGE" sh -c 'cat /proc/1/comm' 2>&1) ||
  die "cannot run a container with --init ($INIT_PATH): $out"
say "engine ready: podman $(podman version -f '{{.Client.Version}}'), PID 1 with --init is '$out'"
