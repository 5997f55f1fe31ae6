#!/usr/bin/env bash
# Lookup benchmark: GET /v1/persons/{pnr} through a release `cprd serve` (development mode
# on 127.0.0.1, audit on: every answer waits for its audit record's commit) with wrk at 32
# and 64 connections, against `pgbench -S -M prepared` at the same client counts on a table
# of the same size, and wrk on /healthz, all in one run on one private PostgreSQL.
#
#   Benchmarks/lookup/run.sh [PERSONS]          default 1000000
#
# Environment: CPRD_BIN (a release cprd to use instead of building one), DURATION seconds
# per measurement (20), CONNECTIONS ("32 64"), THREADS (wrk and pgbench threads, 2), WORK
# folder (/tmp/cprd-lookup-bench; the replica is reused when it holds the same PERSONS),
# ASYNC_COMMIT=1 to also measure with synchronous_commit=off (audit records committed but
# not yet flushed when answered: shows what the disk's fsync costs).
# Never commit what it writes.
set -euo pipefail

persons=${1:-1000000}
duration=${DURATION:-20}
connections=${CONNECTIONS:-32 64}
threads=${THREADS:-2}
work=${WORK:-/tmp/cprd-lookup-bench}
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)

for tool in wrk pgbench psql; do
  command -v "$tool" >/dev/null || { echo "run.sh: $tool is missing (Debian packages wrk, postgresql)" >&2; exit 1; }
done
pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
as_postgres=()
[ "$(id -u)" -eq 0 ] && as_postgres=(runuser -u postgres --)

if [ -n "${CPRD_BIN:-}" ]; then
  cprd=$CPRD_BIN  # an already built release binary
else
  echo "== building cprd (release)" >&2
  swift build -c release --package-path "$repo" --product cprd >&2
  cprd="$(swift build -c release --package-path "$repo" --show-bin-path)/cprd"
fi

mkdir -p "$work"
chmod 755 "$work"
cluster="$work/postgres"
port=${PGPORT_BENCH:-55491}
if [ ! -f "$cluster/PG_VERSION" ]; then
  mkdir -p "$cluster"
  [ "$(id -u)" -eq 0 ] && chown postgres "$cluster"
  "${as_postgres[@]}" "$pgbin/initdb" -D "$cluster" -U postgres -A trust -E UTF8 --no-locale >/dev/null
fi
# Durable defaults (fsync, synchronous_commit on); enough memory to hold the replica.
"${as_postgres[@]}" "$pgbin/pg_ctl" -D "$cluster" -l "$cluster/server.log" -w -o \
  "-p $port -k $cluster -c listen_addresses=127.0.0.1 -c max_connections=300 -c shared_buffers=2GB" start >/dev/null
server_pid=
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  "${as_postgres[@]}" "$pgbin/pg_ctl" -D "$cluster" -m fast -w stop >/dev/null || true
}
trap cleanup EXIT

psql_admin=(psql -X -q -h "$cluster" -p "$port" -U postgres)
url="postgres://postgres@127.0.0.1:$port/cprd?host=$cluster&sslmode=disable"
# An empty configuration file: no /etc/cprd/cprd.conf of this machine applies.
: > "$work/empty.conf"
export CPRD_CONFIG="$work/empty.conf" CPRD_LOG_LEVEL=warning

loaded=$("${psql_admin[@]}" -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'cprd'" || true)
if [ "$loaded" = 1 ] && [ "$(cat "$work/persons" 2>/dev/null)" = "$persons" ] && "$cprd" migrate --database-url "$url" >&2; then
  echo "== reusing the replica of $persons persons in $work" >&2
else
  "${psql_admin[@]}" -d postgres -c "DROP DATABASE IF EXISTS cprd" -c "CREATE DATABASE cprd"
  "$cprd" migrate --database-url "$url" >&2
  rm -rf "$work/files"
  echo "== generating $persons persons" >&2
  "$cprd" generate --persons "$persons" --seed 1 --output "$work/files" >&2
  echo "== ingesting" >&2
  "$cprd" ingest --full --database-url "$url" "$work"/files/extract-*.cpr >&2
  echo "$persons" > "$work/persons"
fi
"${psql_admin[@]}" -d cprd -c "VACUUM ANALYZE person"
# Both sides measured with their tables in shared buffers, as a server that has run a while.
"${psql_admin[@]}" -d cprd -c "CREATE EXTENSION IF NOT EXISTS pg_prewarm" \
  -c "SELECT pg_prewarm('person'), pg_prewarm('person_pkey'), pg_prewarm('pnr_alias')" >/dev/null
"${psql_admin[@]}" -d cprd -c "\\copy (SELECT pnr FROM person ORDER BY random() LIMIT 200000) TO '$work/pnrs.txt'"
system=$("$cprd" access add-system "lookup benchmark $(date +%s)" --database-url "$url")
agreement=$("$cprd" access add-agreement --system "$system" --scopes lookup --database-url "$url")

# pgbench's table of the same size: scale 1 is 100 000 rows.
scale=$(( (persons + 50000) / 100000 )); [ "$scale" -lt 1 ] && scale=1
"${psql_admin[@]}" -d postgres -c "DROP DATABASE IF EXISTS bench" -c "CREATE DATABASE bench"
pgbench -q -i -s "$scale" -h "$cluster" -p "$port" -U postgres bench >/dev/null 2>&1
"${psql_admin[@]}" -d bench -c "CREATE EXTENSION IF NOT EXISTS pg_prewarm" \
  -c "SELECT pg_prewarm('pgbench_accounts'), pg_prewarm('pgbench_accounts_pkey')" >/dev/null
# Loading pgbench's table leaves its writes to the disk in flight; flushed now, they do not
# stall the first measurement's audit commits (p99 of 200-300 ms at 32 connections otherwise).
"${psql_admin[@]}" -d postgres -c "CHECKPOINT" >/dev/null
sync

start_server() {
  "$cprd" serve --insecure-http --listen 127.0.0.1:0 --database-url "$url" > "$work/serve.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 600); do
    grep -q "listening on" "$work/serve.log" && break
    kill -0 "$server_pid" 2>/dev/null || { cat "$work/serve.log" >&2; exit 1; }
    sleep 0.1
  done
  server=$(grep -o "http://127.0.0.1:[0-9]*" "$work/serve.log" | head -1)
}
stop_server() { kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=; }

# CPU time (clock ticks) of the server and of every PostgreSQL process.
ticks() { awk '{ t += $14 + $15 } END { print t + 0 }' "$@" 2>/dev/null || echo 0; }
server_ticks() { ticks "/proc/$server_pid/stat"; }
postgres_ticks() {
  local pm; pm=$(head -1 "$cluster/postmaster.pid")
  ticks "/proc/$pm/stat" $(pgrep -P "$pm" | sed 's|.*|/proc/&/stat|')
}

# wrk → "requests/s p50_ms p99_ms cprd_us postgres_us" (CPU microseconds per request);
# fails on any non-2xx answer or socket error.
measure() {
  local c=$1; shift
  local out s0 p0 s1 p1
  s0=$(server_ticks); p0=$(postgres_ticks)
  out=$(PNR_FILE="$work/pnrs.txt" AGREEMENT="$agreement" SYSTEM="$system" \
        wrk -t"$threads" -c"$c" -d"${duration}s" --latency "$@")
  s1=$(server_ticks); p1=$(postgres_ticks)
  if grep -qE "Non-2xx|Socket errors" <<<"$out"; then echo "$out" >&2; echo "run.sh: errors during the run" >&2; exit 1; fi
  awk -v server=$((s1 - s0)) -v postgres=$((p1 - p0)) -v hz="$(getconf CLK_TCK)" '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /Requests\/sec/ { rps = $2 }
    / requests in / { n = $1 }
    $1 == "50%" { p50 = ms($2) }
    $1 == "99%" { p99 = ms($2) }
    END { printf "%.0f %.2f %.2f %.0f %.0f\n", rps, p50, p99, server * 1e6 / hz / n, postgres * 1e6 / hz / n }' <<<"$out"
}
pgbench_tps() {
  pgbench -S -M prepared -n -c "$1" -j "$threads" -T "$duration" -h "$cluster" -p "$port" -U postgres bench 2>/dev/null \
    | awk '/^tps/ { printf "%.0f\n", $3 }'
}

start_server
echo "== warming up" >&2
measure 32 -s "$here/lookup.lua" "$server" >/dev/null
declare -A lookups healthz scripted pg async
for c in $connections; do
  echo "== $c connections: lookups" >&2; lookups[$c]=$(measure "$c" -s "$here/lookup.lua" "$server")
  echo "== $c connections: /healthz" >&2; healthz[$c]=$(measure "$c" "$server/healthz")
  # The same Lua client asking /healthz: what the server alone adds per lookup, with the
  # client's own cost (on the same cores) alike on both sides.
  echo "== $c connections: /healthz through the lookup client" >&2
  scripted[$c]=$(PATH_PREFIX="/healthz?pnr=" measure "$c" -s "$here/lookup.lua" "$server")
  echo "== $c connections: pgbench -S" >&2; pg[$c]=$(pgbench_tps "$c")
done
if [ "${ASYNC_COMMIT:-0}" = 1 ]; then
  "${psql_admin[@]}" -d postgres -c "ALTER SYSTEM SET synchronous_commit = off" -c "SELECT pg_reload_conf()" >/dev/null
  stop_server; start_server
  for c in $connections; do
    echo "== $c connections: lookups, synchronous_commit=off" >&2; async[$c]=$(measure "$c" -s "$here/lookup.lua" "$server")
  done
  "${psql_admin[@]}" -d postgres -c "ALTER SYSTEM RESET synchronous_commit" -c "SELECT pg_reload_conf()" >/dev/null
fi
audited=$("${psql_admin[@]}" -d cprd -tAc "SELECT count(*) FROM audit_log WHERE agreement = '$agreement' AND status = 200")

echo
echo "lookup benchmark: $persons persons, ${duration}s per run, $(nproc) cores, wrk/pgbench threads $threads"
printf "%-6s %12s %9s %9s %12s %12s %10s %10s   %s\n" conns "lookups/s" "p50 ms" "p99 ms" "pgbench -S" "/healthz" "÷pgbench" "÷healthz" \
  "CPU µs per request: lookup cprd+postgres, /healthz cprd"
for c in $connections; do
  read -r rps p50 p99 cpu_server cpu_postgres <<<"${lookups[$c]}"
  read -r hrps _ _ hcpu_server _ <<<"${healthz[$c]}"
  tps=${pg[$c]}
  printf "%-6s %12s %9s %9s %12s %12s %10.2f %10.2f   %s+%s, %s\n" "$c" "$rps" "$p50" "$p99" "$tps" "$hrps" \
    "$(awk -v a="$rps" -v b="$tps" 'BEGIN { print a / b }')" "$(awk -v a="$rps" -v b="$hrps" 'BEGIN { print a / b }')" \
    "$cpu_server" "$cpu_postgres" "$hcpu_server"
done
for c in $connections; do
  read -r rps _ _ _ _ <<<"${lookups[$c]}"
  read -r srps _ _ scpu _ <<<"${scripted[$c]}"
  printf "%-6s /healthz through the lookup client: %s/s (cprd %s µs), lookups ÷ that %.2f\n" "$c" "$srps" "$scpu" \
    "$(awk -v a="$rps" -v b="$srps" 'BEGIN { print a / b }')"
done
if [ "${ASYNC_COMMIT:-0}" = 1 ]; then
  for c in $connections; do
    read -r rps p50 p99 _ _ <<<"${async[$c]}"
    printf "%-6s %12s %9s %9s   (synchronous_commit=off)  ÷pgbench %.2f ÷healthz %.2f\n" "$c" "$rps" "$p50" "$p99" \
      "$(awk -v a="$rps" -v b="${pg[$c]}" 'BEGIN { print a / b }')" "$(awk -v a="$rps" -v b="$(cut -d' ' -f1 <<<"${healthz[$c]}")" 'BEGIN { print a / b }')"
  done
fi
echo "audit records of answered lookups: $audited"
