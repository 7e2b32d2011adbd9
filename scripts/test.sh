#!/usr/bin/env bash
# Second README command: the whole test suite (extra arguments go to pytest). PostgreSQL when
# DATABASE_URL points at it, otherwise SQLite. Browser tests drive Debian's chromium through
# Playwright; they are skipped when it is absent, unless REQUIRE_BROWSER=1 (as in CI).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install.sh
case "${DATABASE_URL:-}" in
  postgres*) echo "Testing on PostgreSQL ($(sed -E 's#(//[^:/@]*):[^@]*@#\1:***@#' <<<"$DATABASE_URL"))" ;;
  *) echo "Testing on SQLite (set DATABASE_URL=postgres://... to test on PostgreSQL)" ;;
esac
rc=0
.venv/bin/python -m pytest "$@" || rc=$?
# pytest exits 5 when it collected no tests. With no test files at all (a new project) that is
# not a failure; when test files exist, it is (a selection that matched nothing, or a layout
# pytest does not see), so the 5 stands and says why.
if [ $rc -eq 5 ]; then
  if [ $# -eq 0 ] && [ -z "$(find tests -name 'test_*.py' -print -quit 2>/dev/null)" ]; then
    echo "No test files in tests/ yet: nothing to run."
    exit 0
  fi
  echo "pytest collected no tests${*:+ for: $*}. Check the selection, or that tests/ holds test_*.py files." >&2
fi
exit $rc
