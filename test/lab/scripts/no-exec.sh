#!/bin/sh
set -e
sleep 0.1
/usr/local/bin/server
