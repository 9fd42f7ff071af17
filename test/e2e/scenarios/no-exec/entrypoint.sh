#!/bin/sh
set -e
echo "entrypoint: preparing"
mkdir -p /tmp/app
/usr/local/bin/server
