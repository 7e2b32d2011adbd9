#!/usr/bin/env bash
# First README command: install, set up a local SQLite database with the shipped criteria set and
# a demo inspection (users printed by seed_demo), then serve the app on 127.0.0.1:8000 (PORT=...
# to change) with a background task worker for PDF reports. Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
port="${PORT:-8000}"
scripts/install.sh
export DEBUG=true
py=.venv/bin/python
if ! $py -c "import socket, sys; socket.socket().bind(('127.0.0.1', int(sys.argv[1])))" "$port" 2>/dev/null; then
  echo "Port $port on 127.0.0.1 is in use: stop what is using it, or run 'PORT=8001 make run'." >&2
  exit 1
fi
$py manage.py migrate --verbosity 0
$py manage.py load_criteria criteria/sets/roh-2007.yaml
$py manage.py seed_demo
$py manage.py db_worker --no-reload &
worker=$!
trap 'kill $worker 2>/dev/null || true' EXIT INT TERM
echo "Serving on http://127.0.0.1:$port/ (a task worker runs alongside; Ctrl-C stops both)"
$py manage.py runserver "127.0.0.1:$port"
