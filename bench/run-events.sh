#!/usr/bin/env bash
# Activiteiten benchmarks (docs/performance.md, "Activiteiten"), PostgreSQL only. On a throwaway cluster (durable
# settings, loopback): a generated leerregio of $RESIDENTS residents (200,000 event registrations per 100,000), then
# (a) the wijk calendar page of one month topped up to $OCCURRENCES dates, timed one request at a time, and
# (b) $RATE guest registrations per second for $SECONDS s for one activity with $CAPACITY places, with the
# no-overbooking check afterwards. The app runs in Release and Production. Results: bench/results/events-<time>/.
#
#   bench/run-events.sh
#   RESIDENTS=100000 OCCURRENCES=2000 REQUESTS=300 RATE=50 SECONDS_PER_RUN=20 CAPACITY=100 bench/run-events.sh
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
residents=${RESIDENTS:-100000}
occurrences=${OCCURRENCES:-2000}
requests=${REQUESTS:-300}
rate=${RATE:-50}
seconds=${SECONDS_PER_RUN:-20}
capacity=${CAPACITY:-100}
month=${MONTH:-2026-01}
port=${PORT:-5083}

pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
[ -n "$pg_bin" ] || { echo "PostgreSQL server binaries not found (apt-get install postgresql)"; exit 1; }

out="$root/bench/results/events-$(date -u +%Y%m%d-%H%M%S)"
mkdir -p "$out"
echo "Building (Release) ..."
dotnet build src/Groz.Web -c Release -nologo -v q -clp:ErrorsOnly >/dev/null
dotnet build bench/Groz.Bench -c Release -nologo -v q -clp:ErrorsOnly >/dev/null
web_dll="$root/src/Groz.Web/bin/Release/net10.0/Groz.Web.dll"
bench_dll="$root/bench/Groz.Bench/bin/Release/net10.0/Groz.Bench.dll"

as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
pgdir=$(mktemp -d /tmp/groz-bench-pg.XXXXXX); pgport=$(( 55000 + RANDOM % 5000 ))
app_pid=""
cleanup() {
  [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null && wait "$app_pid" 2>/dev/null || true
  as_pg "$pg_bin/pg_ctl" -D "$pgdir/data" -m immediate stop >/dev/null 2>&1 || true
  cp "$pgdir/server.log" "$out/postgres.log" 2>/dev/null || true
  rm -rf "$pgdir"
}
trap cleanup EXIT
[ "$(id -u)" = 0 ] && chown postgres "$pgdir"
as_pg "$pg_bin/initdb" -D "$pgdir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$pgdir/initdb.log" 2>&1
as_pg "$pg_bin/pg_ctl" -D "$pgdir/data" -l "$pgdir/server.log" -w \
  -o "-p $pgport -k $pgdir -c listen_addresses=127.0.0.1 -c max_connections=150" start >/dev/null
pg_version=$("$pg_bin/postgres" --version | awk '{print $3}')
echo "PostgreSQL $pg_version on 127.0.0.1:$pgport"
cs="Host=127.0.0.1;Port=$pgport;Username=postgres;Database=groz_events"

dotnet "$bench_dll" generate --residents "$residents" --provider postgres --connection "$cs" | tee "$out/generate.txt"

(cd "$root/src/Groz.Web" && exec env ASPNETCORE_ENVIRONMENT=Production \
    Database__Provider=Postgres Database__ConnectionString="$cs" HelpRequests__RetentionJob=false Events__Jobs=false \
    RateLimits__ApiPerSecond=1000000 RateLimits__ApiBurst=1000000 \
    dotnet "$web_dll" --urls "http://127.0.0.1:$port" >"$out/app.log" 2>&1) &
app_pid=$!
for _ in $(seq 1 240); do
  curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && break
  kill -0 "$app_pid" 2>/dev/null || { echo "The app stopped:"; tail -20 "$out/app.log"; exit 1; }
  sleep 0.5
done

dotnet "$bench_dll" events-calendar --url "http://127.0.0.1:$port" --connection "$cs" --month "$month" \
  --occurrences "$occurrences" --requests "$requests" | tee "$out/calendar.txt"
dotnet "$bench_dll" events-register --url "http://127.0.0.1:$port" --connection "$cs" --capacity "$capacity" \
  --rate "$rate" --seconds "$seconds" | tee "$out/register.txt"
{
  echo "PostgreSQL $pg_version, $(nproc) cores, $residents residents"
  grep -E '^(wijk|topped|page|calendar-|register-|statuses|check)' "$out/calendar.txt" "$out/register.txt" | sed 's/^[^:]*://'
} | tee "$out/summary.txt"
echo "Results: $out"
