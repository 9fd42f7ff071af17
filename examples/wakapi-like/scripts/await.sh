#!/bin/sh
# await.sh HOST:PORT [-t SECONDS] -- COMMAND [ARGS...]
# Waits until HOST:PORT accepts connections, then runs COMMAND in place of this script.
target="$1"; shift
limit=30
while [ $# -gt 0 ]; do
  case "$1" in
    -t) limit="$2"; shift 2 ;;
    --) shift; break ;;
    *) echo "await: unknown argument $1" >&2; exit 2 ;;
  esac
done
host="${target%:*}"
port="${target#*:}"

timeout "$limit" sh -c "until nc -z $host $port; do sleep 1; done" &
if ! wait $!; then
  echo "await: $target did not answer within ${limit}s" >&2
  exit 1
fi
exec "$@"
