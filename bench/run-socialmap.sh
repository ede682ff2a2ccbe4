#!/usr/bin/env bash
# Wijkportaal benchmark (docs/performance.md): PostgreSQL with the demo data plus 10,000 services and 2,000
# organisations in leerregio utrecht. Measures, side by side in one run:
#  1. server time of a filtered full-text search: sequential requests (no queueing) to the search API, p50/p95/p99;
#  2. wrk against the public search page /wijkportaal and against a minimal raw-Npgsql page running one comparable
#     query (Groz.Bench socialmap-raw), alternating, ROUNDS times; the ratio is what counts.
#   bench/run-socialmap.sh
#   SERVICES=10000 ORGANIZATIONS=2000 ROUNDS=3 DURATION=10s CONNECTIONS=16 bench/run-socialmap.sh
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
services=${SERVICES:-10000}; organizations=${ORGANIZATIONS:-2000}
threads=${THREADS:-2}; connections=${CONNECTIONS:-16}; duration=${DURATION:-10s}; rounds=${ROUNDS:-3}
port=${PORT:-5080}; rawport=${RAWPORT:-5090}
command -v wrk >/dev/null || { echo "wrk is missing: sudo apt-get install -y wrk"; exit 1; }
out="$root/bench/results/socialmap-$(date -u +%Y%m%d-%H%M%S)"; mkdir -p "$out"
echo "Building (Release) ..."
dotnet build src/Groz.Web -c Release -nologo -v q -clp:ErrorsOnly >/dev/null
dotnet build bench/Groz.Bench -c Release -nologo -v q -clp:ErrorsOnly >/dev/null
web_dll="$root/src/Groz.Web/bin/Release/net10.0/Groz.Web.dll"
bench_dll="$root/bench/Groz.Bench/bin/Release/net10.0/Groz.Bench.dll"

pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
pgdir=$(mktemp -d /tmp/groz-bench-pg.XXXXXX); pgport=$(( 55000 + RANDOM % 5000 ))
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
app_pid=""; raw_pid=""
cleanup() {
  [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null || true
  [ -n "$raw_pid" ] && kill "$raw_pid" 2>/dev/null || true
  as_pg "$pg_bin/pg_ctl" -D "$pgdir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$pgdir"
}
trap cleanup EXIT
[ "$(id -u)" = 0 ] && chown postgres "$pgdir"
as_pg "$pg_bin/initdb" -D "$pgdir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$pgdir/initdb.log" 2>&1
as_pg "$pg_bin/pg_ctl" -D "$pgdir/data" -l "$pgdir/server.log" -w -o "-p $pgport -k $pgdir -c listen_addresses=127.0.0.1 -c max_connections=100" start >/dev/null
cs="Host=127.0.0.1;Port=$pgport;Username=postgres;Database=groz_socialmap"
echo "PostgreSQL on 127.0.0.1:$pgport"

start_app() {
  (cd "$root/src/Groz.Web" && exec env ASPNETCORE_ENVIRONMENT=Production Database__Provider=Postgres Database__ConnectionString="$cs" \
     Database__SeedDemoData=true RateLimits__ApiPerSecond=1000000 RateLimits__ApiBurst=1000000 \
     dotnet "$web_dll" --urls "http://127.0.0.1:$port" >>"$out/app.log" 2>&1) &
  app_pid=$!
  for _ in $(seq 1 240); do curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && return 0; sleep 0.5; done
  echo "app not ready"; tail -20 "$out/app.log"; exit 1
}
# First start: migrations and demo data. Then the social map is seeded beside it (and indexed), and the app restarted.
start_app; kill "$app_pid"; wait "$app_pid" 2>/dev/null || true; app_pid=""
dotnet "$bench_dll" socialmap-seed --connection "$cs" --services "$services" --organizations "$organizations" | tee "$out/seed.txt"
start_app
(exec dotnet "$bench_dll" socialmap-raw --connection "$cs" --port "$rawport" >"$out/raw.log" 2>&1) &
raw_pid=$!
sleep 3

wijk=WK034408
page="/wijkportaal?q=wandelen&wijk=$wijk&gratis=true&kaart=uit"
api="/api/v1/socialmap/search?q=wandelen&wijk=$wijk&free=true"
raw="/raw?q=wandelen&wijk=$wijk"
curl -fs -H 'X-Forwarded-Proto: https' "http://127.0.0.1:$port$page" | grep -o '<h2 id="results-title">[^<]*' | tee "$out/page-results.txt"
curl -fs "http://127.0.0.1:$rawport$raw" | grep -o '<li>' | wc -l | sed 's/^/raw rows: /'

echo "== server time (sequential, loopback)"
for url in "$api" "$page"; do dotnet "$bench_dll" socialmap-latency --url "http://127.0.0.1:$port$url" --count 500 | tee -a "$out/latency.tsv"; done
dotnet "$bench_dll" socialmap-latency --url "http://127.0.0.1:$rawport$raw" --count 500 | tee -a "$out/latency.tsv"
# The statement itself, as PostgreSQL plans and times it (the raw page's query, the same joins the app's search makes).
explain_sql="EXPLAIN (ANALYZE, BUFFERS) SELECT s.id, s.name FROM sm_search_documents d JOIN sm_services s ON s.id = d.service_id, to_tsquery('dutch', 'wandel:*') q
WHERE d.search_vector @@ q AND s.publication = 'Published'
  AND EXISTS (SELECT 1 FROM sm_service_at_locations x JOIN sm_locations l ON l.id = x.location_id WHERE x.service_id = s.id AND l.wijk_id = (SELECT id FROM wijken WHERE code = '$wijk'))
  AND EXISTS (SELECT 1 FROM sm_cost_options c WHERE c.service_id = s.id AND c.amount = 0)
ORDER BY ts_rank(d.search_vector, q) DESC, s.name LIMIT 20"
as_pg "$pg_bin/psql" -h 127.0.0.1 -p "$pgport" -U postgres -d groz_socialmap -c "$explain_sql" >"$out/explain.txt" 2>&1 || true
tail -3 "$out/explain.txt"

echo "== throughput (wrk -t$threads -c$connections -d$duration), alternating"
printf 'round\twhat\treq_per_s\tp50\tp99\n' >"$out/wrk.tsv"
for url in "http://127.0.0.1:$port$page" "http://127.0.0.1:$rawport$raw"; do wrk -t1 -c4 -d3s -H 'X-Forwarded-Proto: https' "$url" >/dev/null; done
for round in $(seq 1 "$rounds"); do
  for what in page raw; do
    if [ $what = page ]; then url="http://127.0.0.1:$port$page"; else url="http://127.0.0.1:$rawport$raw"; fi
    f="$out/wrk-$round-$what.txt"
    wrk -t"$threads" -c"$connections" -d"$duration" --latency -H 'X-Forwarded-Proto: https' "$url" >"$f"
    printf '%s\t%s\t%s\t%s\t%s\n' "$round" "$what" "$(awk '/^Requests\/sec:/ {print $2}' "$f")" "$(awk '$1=="50%" {print $2}' "$f")" "$(awk '$1=="99%" {print $2}' "$f")" | tee -a "$out/wrk.tsv"
    grep -q "Non-2xx" "$f" && { echo "non-2xx answers in $f"; grep "Non-2xx" "$f"; }
  done
done
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
p=$(awk -F'\t' '$2=="page" {print $3}' "$out/wrk.tsv" | median); r=$(awk -F'\t' '$2=="raw" {print $3}' "$out/wrk.tsv" | median)
echo "median req/s: page $p, raw $r, ratio $(awk -v p="$p" -v r="$r" 'BEGIN { printf "%.2f", p / r }')" | tee "$out/summary.txt"
echo "Results: $out"
