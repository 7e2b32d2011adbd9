#!/usr/bin/env bash
# Restores a backup made by scripts/backup.sh into a new, empty database, in one transaction
# (an error leaves it empty). The database is created when it does not exist; one that has tables
# is refused: restore beside the live database, check it, then point DATABASE_URL at it.
#   DATABASE_URL=postgres://user:password@host:5432/new_name scripts/restore.sh FILE
# A backup from an older release: run `python manage.py migrate` on the restored database.
set -euo pipefail
file="${1:?usage: DATABASE_URL=postgres://.../NEW_DATABASE scripts/restore.sh BACKUP_FILE}"
url="${DATABASE_URL:?DATABASE_URL must name the PostgreSQL database to restore into}"
case "$url" in
  postgres://* | postgresql://*) ;;
  *) echo "restore.sh: DATABASE_URL is not a PostgreSQL URL" >&2; exit 2 ;;
esac
[ -f "$file" ] || { echo "restore.sh: no backup file at $file" >&2; exit 2; }
base="${url%%\?*}"
name="${base##*/}"
maintenance="${base%/*}/postgres${url#"$base"}"  # the same server's postgres database, same options

exists=$(psql "$maintenance" -v ON_ERROR_STOP=1 -v name="$name" -tA <<<"SELECT 1 FROM pg_database WHERE datname = :'name'")
if [ -z "$exists" ]; then
  psql "$maintenance" -v ON_ERROR_STOP=1 -v name="$name" -q <<<'CREATE DATABASE :"name"'
  echo "Created database $name."
else
  tables=$(psql "$url" -v ON_ERROR_STOP=1 -tAc \
    "SELECT count(*) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')")
  if [ "$tables" != 0 ]; then
    echo "restore.sh: database $name already has $tables tables: restore into a new database." >&2
    exit 1
  fi
fi
pg_restore --no-owner --no-privileges --exit-on-error --single-transaction --dbname="$url" "$file"
psql "$url" -v ON_ERROR_STOP=1 -qc "ANALYZE"  # pg_restore brings no planner statistics
echo "Restored $file into database $name."
