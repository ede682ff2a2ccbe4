#!/usr/bin/env bash
# Hulpvragen queue benchmark (docs/performance.md, "Hulpvragen queue"), PostgreSQL only. On a throwaway cluster
# (durable settings, loopback): a generated leerregio of $RESIDENTS residents (50,000 help requests per 100,000),
# its largest wijk topped up to $OPEN open and $CLOSED closed requests, then EXPLAIN ANALYZE of the queue's
# statements and the server time of GET /api/v1/helprequests/queue and of the queue page /beheer/hulpvragen/{slug}
# (signed in with password and TOTP) for a buurtassistent of that wijk (the app in
# Release and Production). Results: bench/results/helpqueue-<time>/.
#
#   bench/run-helpqueue.sh
#   RESIDENTS=100000 OPEN=5000 CLOSED=50000 REQUESTS=500 CLIENTS=4 SECONDS=15 bench/run-helpqueue.sh
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
residents=${RESIDENTS:-100000}
open=${OPEN:-5000}
closed=${CLOSED:-50000}
requests=${REQUESTS:-500}
clients=${CLIENTS:-4}
seconds=${SECONDS_PER_RUN:-15}
port=${PORT:-5082}

pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
[ -n "$pg_bin" ] || { echo "PostgreSQL server binaries not found (apt-get install postgresql)"; exit 1; }

out="$root/bench/results/helpqueue-$(date -u +%Y%m%d-%H%M%S)"
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
  -o "-p $pgport -k $pgdir -c listen_addresses=127.0.0.1 -c max_connections=100" start >/dev/null
pg_version=$("$pg_bin/postgres" --version | awk '{print $3}')
echo "PostgreSQL $pg_version on 127.0.0.1:$pgport"
cs="Host=127.0.0.1;Port=$pgport;Username=postgres;Database=groz_helpqueue"

dotnet "$bench_dll" generate --residents "$residents" --provider postgres --connection "$cs" | tee "$out/generate.txt"

(cd "$root/src/Groz.Web" && exec env ASPNETCORE_ENVIRONMENT=Production \
    Database__Provider=Postgres Database__ConnectionString="$cs" HelpRequests__RetentionJob=false \
    RateLimits__ApiPerSecond=1000000 RateLimits__ApiBurst=1000000 \
    dotnet "$web_dll" --urls "http://127.0.0.1:$port" >"$out/app.log" 2>&1) &
app_pid=$!
for _ in $(seq 1 240); do
  curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && break
  kill -0 "$app_pid" 2>/dev/null || { echo "The app stopped:"; tail -20 "$out/app.log"; exit 1; }
  sleep 0.5
done

dotnet "$bench_dll" help-queue --url "http://127.0.0.1:$port" --connection "$cs" --open "$open" --closed "$closed" \
  --requests "$requests" --clients "$clients" --seconds "$seconds" | tee "$out/helpqueue.txt"
{
  echo "PostgreSQL $pg_version, $(nproc) cores, $residents residents, wijk topped up to $open open / $closed closed"
  grep -E '^(wijk|topped|api-|page)' "$out/helpqueue.txt"
} | tee "$out/summary.txt"
echo "Results: $out"
