#!/usr/bin/env bash
# Ingest benchmark (release build): `cprd ingest --full` of generated extracts against the
# physical reference measured in the same run, `psql \copy` of exactly the rows the ingest
# filled into empty copies of the same tables with the same indexes.
#
#   Benchmarks/ingest/run.sh [PERSONS_SMALL] [PERSONS_LARGE]      (default 100000 1000000)
#
# Prints persons/s, records/s, seconds and peak RSS for both sizes, the ratio
# (\copy seconds ÷ ingest seconds) for the large one, and a change file of ~10 % of the
# persons applied to the large replica. Needs a private PostgreSQL (started here, on
# loopback and a socket in a temporary folder) and about 6 GB of disk for 1 M persons.
set -euo pipefail
small=${1:-100000}
large=${2:-1000000}
repo=$(cd "$(dirname "$0")/../.." && pwd)
work=${BENCH_DIR:-$(mktemp -d /tmp/cprd-ingest-bench.XXXXXX)}
chmod 755 "$work"
cd "$repo"
[ -n "${BENCH_SKIP_BUILD:-}" ] || swift build -c release --product cprd >/dev/null
cprd="$repo/.build/release/cprd"

bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
as_pg=""; [ "$(id -u)" -eq 0 ] && as_pg="runuser -u postgres --"
mkdir -p "$work/pg"; [ -n "$as_pg" ] && chown postgres "$work/pg"
$as_pg "$bin/initdb" -D "$work/pg" -U postgres -A trust --no-locale -E UTF8 >/dev/null
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
$as_pg "$bin/pg_ctl" -D "$work/pg" -l "$work/pg/server.log" -w -o "-p $port -k $work/pg -c listen_addresses=127.0.0.1 -c shared_buffers=1GB -c max_wal_size=8GB -c checkpoint_timeout=30min" start >/dev/null
trap '$as_pg "$bin/pg_ctl" -D "$work/pg" -m immediate stop >/dev/null 2>&1 || true' EXIT
psql() { command psql -X -q -h "$work/pg" -p "$port" -U postgres "$@"; }

run_size() {  # persons → prints a line, leaves the database cprd_N loaded
  local persons=$1 db=cprd_$1
  "$cprd" generate --persons "$persons" --seed 7 --changes 1 --events-per-change $((persons / 20)) --output "$work/files-$persons" >/dev/null
  psql -c "CREATE DATABASE $db" postgres
  export CPRD_DATABASE_URL="postgres://postgres@127.0.0.1:$port/$db?host=$work/pg&sslmode=disable"
  "$cprd" migrate >/dev/null
  local extract; extract=$(ls "$work/files-$persons"/extract-*.cpr)
  local start end
  start=$(date +%s.%N)
  /usr/bin/time -f "%M" -o "$work/rss-$persons" "$cprd" ingest --full "$extract" > "$work/ingest-$persons.out"
  end=$(date +%s.%N)
  local seconds rss records
  seconds=$(echo "$end - $start" | bc -l)
  rss=$(cat "$work/rss-$persons")
  records=$(grep -o '[0-9]* records' "$work/ingest-$persons.out" | head -1 | cut -d' ' -f1)
  printf 'full %8d persons: %7.2f s, %9.0f persons/s, %10.0f records/s, peak RSS %d MiB, file %d MB\n' \
    "$persons" "$seconds" "$(echo "$persons / $seconds" | bc -l)" "$(echo "$records / $seconds" | bc -l)" \
    $((rss / 1024)) $(( $(stat -c %s "$extract") / 1000000 ))
  echo "$seconds" > "$work/seconds-$persons"
  echo "$rss" > "$work/rssk-$persons"
}

run_size "$small"
run_size "$large"

# The reference: \copy of exactly the rows the ingest filled, into empty copies with the same indexes.
db=cprd_$large
reference=0
for table in person_raw person pnr_alias; do
  psql -d "$db" -c "\\copy $table TO '$work/$table.copy'"
  psql -d "$db" -c "CREATE TABLE ${table}_ref (LIKE $table INCLUDING ALL)"
  start=$(date +%s.%N)
  psql -d "$db" -c "\\copy ${table}_ref FROM '$work/$table.copy'"
  end=$(date +%s.%N)
  reference=$(echo "$reference + $end - $start" | bc -l)
  rm -f "$work/$table.copy"
done
ingest=$(cat "$work/seconds-$large")
printf 'reference psql \\copy of the same rows: %.2f s; ratio (\\copy ÷ ingest) = %.2f\n' "$reference" "$(echo "$reference / $ingest" | bc -l)"
printf 'peak RSS %d persons ÷ %d persons = %.2f\n' "$large" "$small" "$(echo "$(cat "$work/rssk-$large") / $(cat "$work/rssk-$small")" | bc -l)"

# A change file on the large replica.
export CPRD_DATABASE_URL="postgres://postgres@127.0.0.1:$port/$db?host=$work/pg&sslmode=disable"
change=$(ls "$work/files-$large"/change-*.cpr | head -1)
start=$(date +%s.%N)
"$cprd" ingest "$change" > "$work/change.out"
end=$(date +%s.%N)
persons=$(grep -o '[0-9]* persons,' "$work/change.out" | head -1 | cut -d' ' -f1)
printf 'change file: %d persons applied to the %d-person replica in %.2f s (%.0f persons/s)\n' \
  "$persons" "$large" "$(echo "$end - $start" | bc -l)" "$(echo "$persons / ($end - $start)" | bc -l)"
[ -z "${BENCH_DIR:-}" ] && rm -rf "$work/files-"*
