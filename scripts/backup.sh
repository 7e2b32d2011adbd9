#!/usr/bin/env bash
# Backs up the application's PostgreSQL database (all of its state but the files in MEDIA_ROOT)
# with pg_dump's custom format: compressed, consistent while the application runs, restored by
# scripts/restore.sh. The file holds case data: it is written readable by its owner only.
#   DATABASE_URL=postgres://user:password@host:5432/name scripts/backup.sh [FILE]
# FILE defaults to backups/NAME-YYYYMMDDTHHMMSSZ.dump.
set -euo pipefail
url="${DATABASE_URL:?DATABASE_URL must name the PostgreSQL database to back up}"
case "$url" in
  postgres://* | postgresql://*) ;;
  *) echo "backup.sh: DATABASE_URL is not a PostgreSQL URL" >&2; exit 2 ;;
esac
base="${url%%\?*}"
name="${base##*/}"
file="${1:-backups/$name-$(date -u +%Y%m%dT%H%M%SZ).dump}"
umask 077
mkdir -p "$(dirname "$file")"
# Written aside and renamed when complete, so an interrupted dump never looks like a backup.
pg_dump --format=custom --no-owner --no-privileges --dbname="$url" --file="$file.partial"
mv "$file.partial" "$file"
echo "Backed up database $name to $file ($(du -h "$file" | cut -f1))."
