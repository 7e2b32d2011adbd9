#!/usr/bin/env bash
# Installs everything the app needs into this checkout: .venv (Python >= 3.12), exactly the
# locked Python packages (requirements/dev.txt, or requirements/production.txt with --production:
# every version pinned and every downloaded file checked against its sha256, packages the lock
# does not name removed), the project itself, npm packages (GOV.UK Frontend, axe-core) and the
# GOV.UK static files. Steps whose inputs have not changed since the last run are skipped, so
# `make run` and `make test` stay quick after the first time. `make lock` / `make upgrade`
# (scripts/lock.sh) change the lock files.
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

# Python packages: installed from the lock when it, the Python or what pyproject.toml says of the
# package changes (not its [tool.pytest] or [tool.ruff] sections).
lock=requirements/dev.txt
[ "${1:-}" = "--production" ] && lock=requirements/production.txt
stamp=.venv/.installed-lock
package=$(.venv/bin/python -c 'import json, tomllib; d = tomllib.load(open("pyproject.toml", "rb"))
print(json.dumps([d.get("project"), d.get("build-system"), d.get("dependency-groups"), d["tool"].get("setuptools")]))')
inputs="$(sha256sum "$lock") $(sha256sum <<<"$package") $(.venv/bin/python --version)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$inputs" ]; then
  echo "Installing the Python packages of $lock into .venv"
  pip=(.venv/bin/python -m pip --quiet --disable-pip-version-check --no-input)
  "${pip[@]}" install --require-hashes -r "$lock"
  # The project itself: its dependencies are the locked ones above; setuptools (the build
  # backend) is locked too, hence no isolated build environment fetching an unlocked one.
  "${pip[@]}" install --no-deps --no-build-isolation -e .
  extra=$(.venv/bin/python scripts/unlocked_packages.py "$lock")
  if [ -n "$extra" ]; then
    echo "Removing packages that $lock does not name: $extra"
    # shellcheck disable=SC2086 # one argument per package name
    "${pip[@]}" uninstall --yes $extra
  fi
  if ! "${pip[@]}" check >/dev/null; then
    "${pip[@]}" check >&2 || true
    echo "The lock does not satisfy pyproject.toml (a dependency added without 'make lock'?): run 'make lock'." >&2
    exit 1
  fi
  echo "$inputs" >"$stamp"
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
