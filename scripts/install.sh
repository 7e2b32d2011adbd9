#!/usr/bin/env bash
# Installs everything the app needs into this checkout: .venv (Python >= 3.12), the Python
# packages of pyproject.toml (with the dev group), npm packages (GOV.UK Frontend, axe-core) and
# the GOV.UK static files. Steps whose inputs have not changed since the last run are skipped,
# so `make run` and `make test` stay quick after the first time.
set -euo pipefail
cd "$(dirname "$0")/.."

# A .venv made with a too-old Python (e.g. the system's 3.11) is rebuilt.
if [ -x .venv/bin/python ] && ! .venv/bin/python -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then
  echo "Rebuilding .venv: it was made with $(.venv/bin/python --version 2>&1 || echo 'a broken Python')."
  rm -rf .venv
fi
if [ ! -x .venv/bin/python ]; then
  python=$(scripts/find_python.sh)
  echo "Creating .venv with $python ($("$python" --version))"
  "$python" -m venv .venv
fi

# Python packages: reinstalled when pyproject.toml changes.
stamp=.venv/.installed-pyproject
if [ ! -f "$stamp" ] || ! cmp -s pyproject.toml "$stamp"; then
  echo "Installing Python packages into .venv"
  # --group (PEP 735 dependency groups) needs pip 25.1.
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade "pip>=25.1"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -e . --group dev
  cp pyproject.toml "$stamp"
fi

# npm packages: npm ci when package-lock.json is newer than the installed tree.
if ! command -v npm >/dev/null; then
  echo "npm is needed for GOV.UK Frontend: install Node.js 18 or newer (e.g. 'apt-get install nodejs npm')." >&2
  exit 1
fi
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "Installing npm packages (govuk-frontend, axe-core)"
  npm ci --no-audit --no-fund --loglevel=error
fi

# GOV.UK Frontend's built files into static/govuk (not committed).
if [ ! -f static/govuk/govuk-frontend.min.css ] || [ node_modules/.package-lock.json -nt static/govuk/govuk-frontend.min.css ]; then
  .venv/bin/python scripts/copy_govuk_assets.py
fi
