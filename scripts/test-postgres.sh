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

# wal_recycle=off: a checkpoint deletes the WAL segments it no longer needs instead of renaming them for reuse with
# their old content, so an erasure's WAL switch and checkpoint leave none of the person in pg_wal (ErasureOnPostgresTests).
settings="-c wal_recycle=off"

if "$bin/pg_isready" -q -h 127.0.0.1 -p "$port"; then
  # A server started by an older copy of this script: the setting takes effect on reload, no restart.
  PGPASSWORD=postgres "$bin/psql" -q -h 127.0.0.1 -p "$port" -U postgres -d postgres \
    -c "ALTER SYSTEM SET wal_recycle = off" -c "SELECT pg_reload_conf()" >/dev/null 2>&1 || true
  echo "$connection"
  exit 0
fi

# The server outlives whoever started it, so it must not inherit their open files: a test run under
# `flock /tmp/comerix-build.lock dotnet test …` would otherwise pass the lock to the postmaster, which then holds it
# for as long as it runs (every later build waits forever).
for fd in $(ls /proc/$$/fd); do
  if [ "$fd" -gt 2 ]; then eval "exec $fd>&-" 2>/dev/null || true; fi
done

rm -rf "$root"
mkdir -p "$root"
echo postgres > "$root/password"
[ "$(id -u)" = "0" ] && chown -R postgres "$root"
as_postgres "$bin/initdb" -D "$root/data" -U postgres --pwfile="$root/password" --auth=scram-sha-256 >/dev/null
as_postgres "$bin/pg_ctl" -D "$root/data" -l "$root/server.log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $root -c max_connections=300 -c shared_buffers=256MB $settings" start >/dev/null
echo "$connection"
