#!/bin/sh
# wait-for-it style: check a dependency under busybox `timeout` in the background, wait, hand over.
TIMEOUT=15
if [ "$1" = "-t" ]; then TIMEOUT=$2; shift 2; fi
[ "$1" = "--" ] && shift
timeout "$TIMEOUT" sh -c 'until [ -d /proc/1 ]; do :; done' &
wait
exec "$@"
