#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server on 127.0.0.1:55432 (a port apart from a packaged cluster's 5432) for the provider tests and the benchmark.
# Prints the connection string; export it as COMERIX_TEST_POSTGRES (tests) and COMERIX_BENCH_POSTGRES (benchmark).
#   scripts/test-postgres.sh          start (or reuse) the server
#   scripts/test-postgres.sh stop     stop it
# Needs Debian's postgresql package (apt-get install -y postgresql); .ci/run installs it.
set -euo pipefail

port="${COMERIX_PG_PORT:-55432}"
root="${COMERIX_PG_DIR:-/tmp/comerix-postgres}"
bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
connection="Host=127.0.0.1;Port=${port};Username=postgres;Password=postgres;Database=postgres"

if [ -z "$bin" ]; then
  echo "PostgreSQL is not installed: apt-get install -y postgresql" >&2
  exit 1
fi

# The server refuses to run as root; run it as the postgres system user when we are root.
as_postgres() {
  if [ "$(id -u)" = "0" ]; then
    su postgres -s /bin/bash -c "$(printf '%q ' "$@")"
  else
    "$@"
  fi
}

if [ "${1:-start}" = "stop" ]; then
  as_postgres "$bin/pg_ctl" -D "$root/data" stop -m fast || true
  exit 0
fi

if "$bin/pg_isready" -q -h 127.0.0.1 -p "$port"; then
  echo "$connection"
  exit 0
fi

rm -rf "$root"
mkdir -p "$root"
echo postgres > "$root/password"
[ "$(id -u)" = "0" ] && chown -R postgres "$root"
as_postgres "$bin/initdb" -D "$root/data" -U postgres --pwfile="$root/password" --auth=scram-sha-256 >/dev/null
as_postgres "$bin/pg_ctl" -D "$root/data" -l "$root/server.log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $root -c max_connections=300 -c shared_buffers=256MB" start >/dev/null
echo "$connection"
