#!/bin/sh
set -e
sleep 0.1
exec /usr/local/bin/server
