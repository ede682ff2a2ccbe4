#!/usr/bin/env bash
# Wijkportaal benchmark (docs/performance.md): PostgreSQL with the demo data plus 10,000 services and 2,000
# organisations in leerregio utrecht. Measures, side by side in one run:
#  1. server time of a filtered full-text search: sequential requests (no queueing) to the search API, p50/p95/p99;
#  2. wrk against the public search page /wijkportaal and against a minimal raw-Npgsql page running one comparable
#     query (Groz.Bench socialmap-raw), alternating, ROUNDS times; the ratio is what counts.
#   bench/run-socialmap.sh
#   SERVICES=10000 ORGANIZATIONS=2000 ROUNDS=3 DURATION=10s CONNECTIONS=16 bench/run-socialmap.sh
# Before/after in one run: BEFORE=/path/to/a/checkout/of/the/older/commit bench/run-socialmap.sh
#   builds that checkout too, gives it its own database in the same cluster (seeded by its own Groz.Bench) and its
#   own port, and measures it in the same rounds, taking turns: page (this tree), page (before), raw. The raw page
#   then runs on the before database, whose schema is the one the raw query was written for, and a second raw page
#   (/raw-doc: the statement this tree's search makes, over the denormalised search documents) runs on this tree's
#   database, so that page/raw-doc is the framework's share with the same database work.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
services=${SERVICES:-10000}; organizations=${ORGANIZATIONS:-2000}
threads=${THREADS:-2}; connections=${CONNECTIONS:-16}; duration=${DURATION:-10s}; rounds=${ROUNDS:-3}
port=${PORT:-5080}; rawport=${RAWPORT:-5090}; beforeport=${BEFOREPORT:-5085}; rawdocport=${RAWDOCPORT:-5091}
before=${BEFORE:-}
command -v wrk >/dev/null || { echo "wrk is missing: sudo apt-get install -y wrk"; exit 1; }
out="$root/bench/results/socialmap-$(date -u +%Y%m%d-%H%M%S)"; mkdir -p "$out"
echo "Building (Release) ..."
dotnet build src/Groz.Web -c Release -nologo -v q -clp:ErrorsOnly >/dev/null
dotnet build bench/Groz.Bench -c Release -nologo -v q -clp:ErrorsOnly >/dev/null
web_dll="$root/src/Groz.Web/bin/Release/net10.0/Groz.Web.dll"
bench_dll="$root/bench/Groz.Bench/bin/Release/net10.0/Groz.Bench.dll"
if [ -n "$before" ]; then
  before=$(cd "$before" && pwd)
  echo "Building the before tree $before ($(git -C "$before" rev-parse --short HEAD)) ..."
  dotnet build "$before/src/Groz.Web" -c Release -nologo -v q -clp:ErrorsOnly >/dev/null
  dotnet build "$before/bench/Groz.Bench" -c Release -nologo -v q -clp:ErrorsOnly >/dev/null
  echo "before: $(git -C "$before" rev-parse HEAD), after: $(git rev-parse HEAD) $(git status --short | grep -q . && echo '(with uncommitted changes)')" >"$out/trees.txt"
fi

pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
pgdir=$(mktemp -d /tmp/groz-bench-pg.XXXXXX); pgport=$(( 55000 + RANDOM % 5000 ))
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
app_pid=""; raw_pid=""; before_pid=""; rawdoc_pid=""
cleanup() {
  [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null || true
  [ -n "$before_pid" ] && kill "$before_pid" 2>/dev/null || true
  [ -n "$rawdoc_pid" ] && kill "$rawdoc_pid" 2>/dev/null || true
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

start_app() { # dir, dll, connection string, port, log; sets started_pid
  local dir=$1 dll=$2 conn=$3 p=$4 log=$5
  (cd "$dir/src/Groz.Web" && exec env ASPNETCORE_ENVIRONMENT=Production Database__Provider=Postgres Database__ConnectionString="$conn" \
     Database__SeedDemoData=true RateLimits__ApiPerSecond=1000000 RateLimits__ApiBurst=1000000 \
     dotnet "$dll" --urls "http://127.0.0.1:$p" >>"$log" 2>&1) &
  started_pid=$!
  for _ in $(seq 1 480); do curl -fs "http://127.0.0.1:$p/health/ready" >/dev/null 2>&1 && return 0; sleep 0.5; done
  echo "app not ready"; tail -20 "$log"; exit 1
}
# First start: migrations and demo data. Then the social map is seeded beside it (and indexed), and the app restarted.
start_app "$root" "$web_dll" "$cs" "$port" "$out/app.log"; app_pid=$started_pid
kill "$app_pid"; wait "$app_pid" 2>/dev/null || true; app_pid=""
dotnet "$bench_dll" socialmap-seed --connection "$cs" --services "$services" --organizations "$organizations" | tee "$out/seed.txt"
rawcs=$cs
if [ -n "$before" ]; then
  bcs="Host=127.0.0.1;Port=$pgport;Username=postgres;Database=groz_socialmap_before"
  start_app "$before" "$before/src/Groz.Web/bin/Release/net10.0/Groz.Web.dll" "$bcs" "$beforeport" "$out/app-before.log"; before_pid=$started_pid
  kill "$before_pid"; wait "$before_pid" 2>/dev/null || true; before_pid=""
  dotnet "$before/bench/Groz.Bench/bin/Release/net10.0/Groz.Bench.dll" socialmap-seed --connection "$bcs" --services "$services" --organizations "$organizations" | tee "$out/seed-before.txt"
  start_app "$before" "$before/src/Groz.Web/bin/Release/net10.0/Groz.Web.dll" "$bcs" "$beforeport" "$out/app-before.log"; before_pid=$started_pid
  rawcs=$bcs
fi
start_app "$root" "$web_dll" "$cs" "$port" "$out/app.log"; app_pid=$started_pid
(exec dotnet "$bench_dll" socialmap-raw --connection "$rawcs" --port "$rawport" >"$out/raw.log" 2>&1) &
raw_pid=$!
if [ -n "$before" ]; then
  (exec dotnet "$bench_dll" socialmap-raw --connection "$cs" --port "$rawdocport" >"$out/rawdoc.log" 2>&1) &
  rawdoc_pid=$!
fi
sleep 3

wijk=WK034408
page="/wijkportaal?q=wandelen&wijk=$wijk&gratis=true&kaart=uit"
api="/api/v1/socialmap/search?q=wandelen&wijk=$wijk&free=true"
raw="/raw?q=wandelen&wijk=$wijk"
rawdoc="/raw-doc?q=wandelen&wijk=$wijk"
curl -fs -H 'X-Forwarded-Proto: https' "http://127.0.0.1:$port$page" | grep -o '<h2 id="results-title">[^<]*' | tee "$out/page-results.txt"
[ -n "$before" ] && curl -fs -H 'X-Forwarded-Proto: https' "http://127.0.0.1:$beforeport$page" | grep -o '<h2 id="results-title">[^<]*' | sed 's/^/before: /' | tee -a "$out/page-results.txt"
curl -fs "http://127.0.0.1:$rawport$raw" | grep -o '<li>' | wc -l | sed 's/^/raw rows: /'
[ -n "$before" ] && curl -fs "http://127.0.0.1:$rawdocport$rawdoc" | grep -o '<li>' | wc -l | sed 's/^/raw-doc rows: /'
echo "load average before measuring: $(cut -d' ' -f1-3 /proc/loadavg)" | tee "$out/load.txt"

echo "== server time (sequential, loopback)"
for url in "$api" "$page"; do
  dotnet "$bench_dll" socialmap-latency --url "http://127.0.0.1:$port$url" --count 500 | sed 's/^/after\t/' | tee -a "$out/latency.tsv"
  [ -n "$before" ] && dotnet "$bench_dll" socialmap-latency --url "http://127.0.0.1:$beforeport$url" --count 500 | sed 's/^/before\t/' | tee -a "$out/latency.tsv"
done
dotnet "$bench_dll" socialmap-latency --url "http://127.0.0.1:$rawport$raw" --count 500 | sed 's/^/raw\t/' | tee -a "$out/latency.tsv"
[ -n "$before" ] && dotnet "$bench_dll" socialmap-latency --url "http://127.0.0.1:$rawdocport$rawdoc" --count 500 | sed 's/^/rawdoc\t/' | tee -a "$out/latency.tsv"
# The statement itself, as PostgreSQL plans and times it (the raw page's query, the same joins the app's search makes).
explain_sql="EXPLAIN (ANALYZE, BUFFERS) SELECT s.id, s.name FROM sm_search_documents d JOIN sm_services s ON s.id = d.service_id, to_tsquery('dutch', 'wandel:*') q
WHERE d.search_vector @@ q AND s.publication = 'Published'
  AND EXISTS (SELECT 1 FROM sm_service_at_locations x JOIN sm_locations l ON l.id = x.location_id WHERE x.service_id = s.id AND l.wijk_id = (SELECT id FROM wijken WHERE code = '$wijk'))
  AND EXISTS (SELECT 1 FROM sm_cost_options c WHERE c.service_id = s.id AND c.amount = 0)
ORDER BY ts_rank(d.search_vector, q) DESC, s.name LIMIT 20"
as_pg "$pg_bin/psql" -h 127.0.0.1 -p "$pgport" -U postgres -d "${rawcs##*Database=}" -c "$explain_sql" >"$out/explain.txt" 2>&1 || true
tail -3 "$out/explain.txt"
# This tree's search statement (as EF Core sends it for the page's search: full text, wijk, free; one statement over
# sm_search_documents), then the page's documents by key.
app_sql="EXPLAIN (ANALYZE, BUFFERS) SELECT s.service_id, s.name, s.rank FROM (SELECT d.*, ts_rank(d.search_vector, q)::float8 AS rank FROM sm_search_documents d, to_tsquery('dutch', 'wandel:*') q WHERE d.search_vector @@ q) AS s
WHERE ((SELECT id FROM wijken WHERE code = '$wijk') = ANY (s.wijk_ids) OR (s.leerregio_wide AND s.leerregio_id = (SELECT leerregio_id FROM wijken WHERE code = '$wijk'))) AND s.free
ORDER BY s.rank DESC LIMIT 2000"
as_pg "$pg_bin/psql" -h 127.0.0.1 -p "$pgport" -U postgres -d groz_socialmap -c "$app_sql" >"$out/explain-app.txt" 2>&1 || true
tail -3 "$out/explain-app.txt"

echo "== throughput (wrk -t$threads -c$connections -d$duration), alternating"
printf 'round\twhat\treq_per_s\tp50\tp99\n' >"$out/wrk.tsv"
whats="page raw"; [ -n "$before" ] && whats="page before raw rawdoc"
url_of() { case $1 in page) echo "http://127.0.0.1:$port$page";; before) echo "http://127.0.0.1:$beforeport$page";; raw) echo "http://127.0.0.1:$rawport$raw";; rawdoc) echo "http://127.0.0.1:$rawdocport$rawdoc";; esac; }
for what in $whats; do wrk -t1 -c4 -d3s -H 'X-Forwarded-Proto: https' "$(url_of $what)" >/dev/null; done
for round in $(seq 1 "$rounds"); do
  for what in $whats; do
    f="$out/wrk-$round-$what.txt"
    wrk -t"$threads" -c"$connections" -d"$duration" --latency -H 'X-Forwarded-Proto: https' "$(url_of $what)" >"$f"
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$what" "$(awk '/^Requests\/sec:/ {print $2}' "$f")" "$(awk '$1=="50%" {print $2}' "$f")" "$(awk '$1=="99%" {print $2}' "$f")" "load $(cut -d' ' -f1 /proc/loadavg)" | tee -a "$out/wrk.tsv"
    grep -q "Non-2xx" "$f" && { echo "non-2xx answers in $f"; grep "Non-2xx" "$f"; }
  done
done
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
p=$(awk -F'\t' '$2=="page" {print $3}' "$out/wrk.tsv" | median); r=$(awk -F'\t' '$2=="raw" {print $3}' "$out/wrk.tsv" | median)
echo "median req/s: page $p, raw $r, ratio $(awk -v p="$p" -v r="$r" 'BEGIN { printf "%.2f", p / r }')" | tee "$out/summary.txt"
if [ -n "$before" ]; then
  b=$(awk -F'\t' '$2=="before" {print $3}' "$out/wrk.tsv" | median)
  echo "median req/s: before $b, ratio $(awk -v p="$b" -v r="$r" 'BEGIN { printf "%.2f", p / r }'); after/before $(awk -v p="$p" -v b="$b" 'BEGIN { printf "%.2f", p / b }')" | tee -a "$out/summary.txt"
  # Per round too: neighbours in time share the machine's load, so their ratios are the fairer comparison.
  d=$(awk -F'\t' '$2=="rawdoc" {print $3}' "$out/wrk.tsv" | median)
  echo "median req/s: raw-doc $d; page/raw-doc $(awk -v p="$p" -v d="$d" 'BEGIN { printf "%.2f", p / d }')" | tee -a "$out/summary.txt"
  awk -F'\t' 'NR > 1 { v[$1, $2] = $3; n = $1 } END { for (i = 1; i <= n; i++) printf "round %d: page/raw %.2f, before/raw %.2f, page/raw-doc %.2f\n", i, v[i, "page"] / v[i, "raw"], v[i, "before"] / v[i, "raw"], v[i, "page"] / v[i, "rawdoc"] }' "$out/wrk.tsv" | tee -a "$out/summary.txt"
fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/load.txt"
echo "Results: $out"
