#!/usr/bin/env bash
# Monitor benchmark (docs/performance.md, "Monitor"), PostgreSQL only. On a throwaway cluster (loopback): a generated
# leerregio of $RESIDENTS residents (three years of monthly indicator values for the leerregio, its wijken and buurten,
# six survey waves), the app in Release and Production (indicator job off, so nothing recomputes during the run), then
# the leerregio dashboard page timed $REQUESTS times one request at a time after $WARMUP warm-up requests: p50/p95/p99.
# The page timed is the public dashboard (/monitoring/<slug>): the same queries as the beheer dashboard plus the
# suppression pass, without a signed-in session. Results: bench/results/monitoring-<time>/.
#
#   bench/run-monitoring.sh
#   RESIDENTS=100000 REQUESTS=200 WARMUP=20 bench/run-monitoring.sh
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
residents=${RESIDENTS:-100000}
requests=${REQUESTS:-200}
warmup=${WARMUP:-20}
port=${PORT:-5086}
slug=${SLUG:-synthetisch}

pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
[ -n "$pg_bin" ] || { echo "PostgreSQL server binaries not found (apt-get install postgresql)"; exit 1; }

out="$root/bench/results/monitoring-$(date -u +%Y%m%d-%H%M%S)"
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
cs="Host=127.0.0.1;Port=$pgport;Username=postgres;Database=groz_monitoring"

dotnet "$bench_dll" generate --residents "$residents" --provider postgres --connection "$cs" --slug "$slug" | tee "$out/generate.txt"

(cd "$root/src/Groz.Web" && exec env ASPNETCORE_ENVIRONMENT=Production \
    Database__Provider=Postgres Database__ConnectionString="$cs" HelpRequests__RetentionJob=false Events__Jobs=false Monitoring__IndicatorJob=false \
    RateLimits__ApiPerSecond=1000000 RateLimits__ApiBurst=1000000 \
    dotnet "$web_dll" --urls "http://127.0.0.1:$port" >"$out/app.log" 2>&1) &
app_pid=$!
for _ in $(seq 1 240); do
  curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && break
  kill -0 "$app_pid" 2>/dev/null || { echo "The app stopped:"; tail -20 "$out/app.log"; exit 1; }
  sleep 0.5
done

# In Production antiforgery refuses a page with a form over plain http; the header says https as the TLS proxy in
# front of the app does (the app trusts it from loopback).
url="http://127.0.0.1:$port/monitoring/$slug"
curl -fs -H 'X-Forwarded-Proto: https' -o "$out/dashboard.html" "$url"
for _ in $(seq 1 "$warmup"); do curl -fs -H 'X-Forwarded-Proto: https' -o /dev/null "$url"; done
: >"$out/times.txt"
for _ in $(seq 1 "$requests"); do
  curl -fs -H 'X-Forwarded-Proto: https' -o /dev/null -w '%{time_total}\n' "$url" >>"$out/times.txt"
done
sort -n "$out/times.txt" | awk -v n="$requests" -v cores="$(nproc)" -v load="$(cut -d' ' -f1-3 /proc/loadavg)" -v pg="$pg_version" -v r="$residents" '
  { t[NR] = $1 * 1000 }
  END {
    printf "PostgreSQL %s, %s cores (load %s), %s residents\n", pg, cores, load, r
    printf "leerregio dashboard: %d requests, p50 %.0f ms, p95 %.0f ms, p99 %.0f ms, max %.0f ms\n",
      n, t[int(n * 0.50 + 0.5)], t[int(n * 0.95 + 0.5)], t[int(n * 0.99 + 0.5)], t[n]
  }' | tee "$out/summary.txt"
grep -c 'data-chart=' "$out/dashboard.html" | sed 's/^/charts on the page: /' | tee -a "$out/summary.txt"
echo "Results: $out"
