#!/usr/bin/env bash
# Starts the production topology on this machine and checks it end to end (CI runs it):
# PostgreSQL (the server of DATABASE_URL; a throwaway database NAME_topology is created, and
# dropped at the end), gunicorn with 2 web processes on 127.0.0.1, one `manage.py db_worker`,
# DEBUG off, a random SECRET_KEY, JSON logs, static files collected and served by WhiteNoise.
# scripts/topology_probe.py then checks /health/, signs in as the demo lead (seed_demo), opens a
# case, has the worker build a report PDF and checks the logs. Everything is stopped at the end;
# the exit status is non-zero on any failure, after the last log lines.
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres scripts/topology_check.sh
set -euo pipefail
cd "$(dirname "$0")/.."
py=.venv/bin/python

url="${DATABASE_URL:?DATABASE_URL must point at a PostgreSQL server}"
case "$url" in
  postgres://* | postgresql://*) ;;
  *) echo "topology_check.sh: DATABASE_URL is not PostgreSQL" >&2; exit 2 ;;
esac
base="${url%%\?*}"
options="${url#"$base"}"
database="${base##*/}_topology"
maintenance="${base%/*}/postgres$options"
work=$(mktemp -d)
pids=()

drop_database() {
  psql "$maintenance" -v ON_ERROR_STOP=1 -v name="$database" -q \
    <<<'SET client_min_messages = warning; DROP DATABASE IF EXISTS :"name" WITH (FORCE)'
}

stop() {
  local rc=$?
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  if [ $rc -ne 0 ]; then
    for log in "$work"/web.log "$work"/worker.log; do
      [ -f "$log" ] && { echo "-- last lines of $(basename "$log")"; tail -n 15 "$log"; }
    done
  fi
  drop_database || true
  rm -rf "$work"
  exit $rc
}
trap stop EXIT INT TERM

port=$($py -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
export DATABASE_URL="${base%/*}/$database$options"
export DEBUG=false
export SECRET_KEY="topology-$(head -c 48 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
export ALLOWED_HOSTS=127.0.0.1
export BEHIND_PROXY=true
export STATIC_ROOT="$work/static" MEDIA_ROOT="$work/media"
export LOG_FORMAT=json LOG_LEVEL=INFO
unset TASKS_BACKEND

echo "== a new database $database, migrated, static files collected, demo data"
drop_database
psql "$maintenance" -v ON_ERROR_STOP=1 -v name="$database" -q <<<'CREATE DATABASE :"name"'
$py manage.py migrate --noinput --verbosity 0
$py manage.py collectstatic --noinput --verbosity 0
# seed_demo prints each demo user's password (derived from SECRET_KEY); the lead leads demoshire-2026.
password=$($py manage.py seed_demo --allow-production | awk '$1 == "demo-lead" { print $2 }')
[ -n "$password" ] || { echo "seed_demo printed no password for demo-lead" >&2; exit 1; }

echo "== gunicorn (2 web processes) on 127.0.0.1:$port and one task worker"
.venv/bin/gunicorn -c deploy/gunicorn.conf.py --bind "127.0.0.1:$port" --workers 2 >"$work/web.log" 2>&1 &
pids+=($!)
$py manage.py db_worker >"$work/worker.log" 2>&1 &
pids+=($!)

echo "== checks"
$py scripts/topology_probe.py "http://127.0.0.1:$port" --username demo-lead --password "$password" \
  --inspection demoshire-2026 --logs "$work/web.log" "$work/worker.log"
echo "topology check passed"
