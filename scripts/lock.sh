#!/usr/bin/env bash
# Compiles the lock files from pyproject.toml with uv: every package at one exact version, with
# the sha256 of each of its files on PyPI, for Linux, macOS and Windows and Python 3.12 or newer.
#   requirements/dev.txt         [project] dependencies + the dev and build groups (scripts/install.sh)
#   requirements/production.txt  [project] dependencies + the build group, at the same versions
# `make lock` (no arguments) keeps every version already locked: it only adds what pyproject.toml
# newly asks for and drops what it no longer needs. `make upgrade` (--upgrade) moves every package
# to the newest release that pyproject.toml allows; `scripts/lock.sh --upgrade-package django`
# moves one. Review the diff, run `make test`, and commit the lock files with pyproject.toml.
set -euo pipefail
cd "$(dirname "$0")/.."

uv="${UV:-.venv/bin/uv}"
if ! [ -x "$uv" ] && ! command -v "$uv" >/dev/null; then
  echo "uv is not installed: run scripts/install.sh first (uv is in the dev group), or set UV=/path/to/uv." >&2
  exit 1
fi
compile=(
  "$uv" pip compile pyproject.toml --quiet --generate-hashes --universal --python-version 3.12
  --custom-compile-command "make lock" "$@"
)
# The production lock is constrained by the dev lock, so both name the same versions.
"${compile[@]}" --group dev --group build --output-file requirements/dev.txt
"${compile[@]}" --group build --constraint requirements/dev.txt --output-file requirements/production.txt
echo "Locked: requirements/dev.txt ($(grep -c '^[a-z0-9]' requirements/dev.txt) packages)," \
  "requirements/production.txt ($(grep -c '^[a-z0-9]' requirements/production.txt) packages)."
echo "Next: scripts/install.sh (make test installs them), then commit pyproject.toml and requirements/."
