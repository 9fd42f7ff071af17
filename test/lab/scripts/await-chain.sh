#!/bin/sh
# Wait for a dependency the way wait-for-it.sh does: a bounded check in the background, then exec the command.
timeout 5 sh -c 'sleep 0.3' &
wait
exec "$@"
