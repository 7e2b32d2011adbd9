#!/usr/bin/env bash
# First README command: install, set up a local SQLite database with the shipped criteria set and
# a demo inspection (users printed), then serve the app on 127.0.0.1:8000 (PORT=... to change) with
# a background task worker for PDF reports. Ctrl-C stops both.
#
# A second start skips what is done already: the install steps whose inputs did not change
# (scripts/install.sh), the set-up (prepare_demo: a stamp of the migrations, the criteria file and
# the seeding code) and collectstatic (a stamp of the static files' names, sizes and times).
# DEBUG is off as in production (scripts/demo_env.sh); `DEBUG=true make run` for development.
set -euo pipefail
cd "$(dirname "$0")/.."
port="${PORT:-8000}"
scripts/install.sh
# shellcheck source=scripts/demo_env.sh
source scripts/demo_env.sh
py=.venv/bin/python
if ! $py -c "import socket, sys; socket.socket().bind(('127.0.0.1', int(sys.argv[1])))" "$port" 2>/dev/null; then
  echo "Port $port on 127.0.0.1 is in use: stop what is using it, or run 'PORT=8001 make run'." >&2
  exit 1
fi
$py manage.py prepare_demo
if [ "$DEBUG" != "true" ]; then
  static=$(find static */static -type f -printf '%p %s %T@\n' 2>/dev/null | sort | sha256sum)
  if [ ! -f .demo-static ] || [ "$(cat .demo-static)" != "$static" ] || [ ! -d staticfiles ]; then
    echo "Collecting the static files (WhiteNoise serves them compressed, with cache headers)"
    $py manage.py collectstatic --noinput --verbosity 0
    echo "$static" >.demo-static
  fi
fi
$py manage.py db_worker --no-reload &
worker=$!
trap 'kill $worker 2>/dev/null || true' EXIT INT TERM
echo "Serving on http://127.0.0.1:$port/ with DEBUG=$DEBUG (a task worker runs alongside; Ctrl-C stops both)"
# Files are reloaded on change only for development: with DEBUG off one process starts, not two.
reload=--noreload
[ "$DEBUG" = "true" ] && reload=""
# shellcheck disable=SC2086 # $reload is one option or none
$py manage.py runserver "127.0.0.1:$port" --skip-checks $reload
