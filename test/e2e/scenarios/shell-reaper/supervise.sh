#!/bin/sh
# A minimal init: start the command, forward TERM/INT to it, and reap every child (including
# orphans re-parented to this PID 1) until the command is gone.
"$@" &
child=$!
trap 'kill -TERM "$child" 2>/dev/null' TERM INT
while kill -0 "$child" 2>/dev/null; do
  wait
done
