#!/bin/sh
# The demo's health check (healthcheck = exec:...): fails one time in three, at random, so that
# `taskmasterctl status` shows the health move, and now and then three failures in a row
# (healthcheck_retries) restart the program.
n=$(od -An -N1 -tu1 /dev/urandom | tr -d ' ')
if [ $((n % 3)) -eq 0 ]; then
    echo "unlucky draw ($n)"
    exit 1
fi
echo "ok ($n)"
