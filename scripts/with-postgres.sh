#!/usr/bin/env bash
# Run a command with DATABASE_URL on PostgreSQL: TEST_POSTGRES_URL when given, else a throw-away
# cluster on 127.0.0.1 (a free port, a temporary directory, removed afterwards).
set -euo pipefail
if [ -n "${TEST_POSTGRES_URL:-}" ]; then
  DATABASE_URL="$TEST_POSTGRES_URL" exec "$@"
fi
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
  if [ "${CI:-}" = "true" ]; then
    echo "no PostgreSQL server on this machine: in CI the PostgreSQL run may not be skipped" >&2
    exit 1
  fi
  echo "WARNING: no PostgreSQL server here, so the PostgreSQL half of the suite did not run" >&2
  echo "         (apt-get install postgresql, or set TEST_POSTGRES_URL)" >&2
  exit 0
fi
dir=$(mktemp -d /tmp/motcua-pg.XXXXXX)
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
run_as=()
if [ "$(id -u)" -eq 0 ]; then  # initdb refuses to run as root
  chown postgres: "$dir"
  run_as=(runuser -u postgres --)
fi
cleanup() {
  "${run_as[@]}" "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT
"${run_as[@]}" "$bindir/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
# Durability is pointless for a throw-away test cluster; speed is not.
"${run_as[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -o \
  "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100" \
  start >/dev/null
echo "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
DATABASE_URL="postgres://postgres@127.0.0.1:$port/motcua" "$@"
