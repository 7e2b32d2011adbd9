#!/usr/bin/env bash
# Prints the path of a Python >= 3.12 (Django 6.1 needs it), or explains what is needed and
# exits 1. $PYTHON wins when set and suitable; otherwise the newest of python3.x on PATH and
# pyenv's installed versions. pyenv's shims fail for versions installed but not selected, so
# the interpreters under $PYENV_ROOT/versions are tried directly.
set -u

# A comparable number for an interpreter (3.13.0 -> 31300); fails when it does not run.
version_of() {
  "$1" -c 'import sys; v = sys.version_info; print(v[0] * 10000 + v[1] * 100 + v[2])' 2>/dev/null
}

if [ -n "${PYTHON:-}" ]; then
  path=$(command -v "$PYTHON" 2>/dev/null) && version=$(version_of "$path") && [ "$version" -ge 31200 ] && {
    echo "$path"
    exit 0
  }
  echo "PYTHON=$PYTHON is not a Python 3.12 or newer; looking for another." >&2
fi

candidates=(python3.14 python3.13 python3.12 python3)
pyenv_root="${PYENV_ROOT:-$HOME/.pyenv}"
if [ -d "$pyenv_root/versions" ]; then
  while IFS= read -r dir; do
    [ -x "$dir/bin/python3" ] && candidates+=("$dir/bin/python3")
  done < <(find "$pyenv_root/versions" -mindepth 1 -maxdepth 1 -name '3.*' | sort -rV)
fi

best="" best_version=0
for py in "${candidates[@]}"; do
  path=$(command -v "$py" 2>/dev/null) || continue
  version=$(version_of "$path") || continue
  if [ "$version" -ge 31200 ] && [ "$version" -gt "$best_version" ]; then
    best="$path" best_version="$version"
  fi
done

if [ -n "$best" ]; then
  echo "$best"
  exit 0
fi
{
  echo "This project needs Python 3.12 or newer (Django 6.1 requires it)."
  echo "None was found: tried python3.14/3.13/3.12/python3 on PATH and $pyenv_root/versions/3.*."
  echo "Install one, e.g. 'pyenv install 3.13' or 'apt-get install python3.13 python3.13-venv',"
  echo "or point PYTHON at one (PYTHON=/path/to/python3.13 make run), then run the command again."
} >&2
exit 1
