#!/bin/sh
# Rotate the application's log files once a day.
set -eu
for f in /var/log/app/*.log; do
  mv "$f" "$f.$(date +%Y%m%d)"
done
