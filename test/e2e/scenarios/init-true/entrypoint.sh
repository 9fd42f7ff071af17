#!/bin/sh
set -e
echo "entrypoint: waiting for dependencies"
exec /usr/local/bin/wait-for.sh -t 5 -- "$@"
