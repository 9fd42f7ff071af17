#!/bin/sh
set -e

echo "tracker: waiting for ${TRACKER_DB_HOST}:${TRACKER_DB_PORT}"
cd /app
exec ./await.sh "${TRACKER_DB_HOST}:${TRACKER_DB_PORT}" -t 60 -- ./tracker
