#!/usr/bin/env bash
# HTTP load scenario (docs/performance.md): the app in Release and Production on loopback, once per database,
# and wrk against each URL. Databases: the demo data on SQLite and PostgreSQL, and a generated leerregio of
# $RESIDENTS residents on both. PostgreSQL is a throwaway cluster on a loopback port, removed afterwards.
# Results: bench/results/<time>/ (wrk output per run, the app's log, summary.md).
#
#   bench/run-http.sh                      # all four databases, three rounds
#   ONLY="sqlite-demo sqlite-synthetic" ROUNDS=1 bench/run-http.sh
#   RESIDENTS=100000 THREADS=2 CONNECTIONS=16 DURATION=10s bench/run-http.sh
# The machine may be shared and noisy: the databases take turns within each round, and summary.tsv gives the
# median of the rounds for each database and URL. Compare ratios within one run, not figures between runs.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
residents=${RESIDENTS:-100000}
threads=${THREADS:-2}
connections=${CONNECTIONS:-16}
duration=${DURATION:-10s}
warmup=${WARMUP:-3s}
only=${ONLY:-"sqlite-demo sqlite-synthetic postgres-demo postgres-synthetic"}
rounds=${ROUNDS:-3}
port=${PORT:-5080}

if ! command -v wrk >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
  else
    echo "wrk is missing. Install it with: sudo apt-get install -y wrk"; exit 1
  fi
fi

out="$root/bench/results/$(date -u +%Y%m%d-%H%M%S)"
mkdir -p "$out"
echo "Building (Release) ..."
dotnet build src/Groz.Web -c Release -nologo -v q -clp:ErrorsOnly >/dev/null
dotnet build bench/Groz.Bench -c Release -nologo -v q -clp:ErrorsOnly >/dev/null
web_dll="$root/src/Groz.Web/bin/Release/net10.0/Groz.Web.dll"
bench_dll="$root/bench/Groz.Bench/bin/Release/net10.0/Groz.Bench.dll"

# ---- A throwaway PostgreSQL cluster, as in test.sh ----------------------------------------------------------
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
pgdir=""; pgport=$(( 55000 + RANDOM % 5000 ))
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
app_pid=""
cleanup() {
  [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null && wait "$app_pid" 2>/dev/null || true
  if [ -n "$pgdir" ]; then
    as_pg "$pg_bin/pg_ctl" -D "$pgdir/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$pgdir"
  fi
}
trap cleanup EXIT
if [[ "$only" == *postgres* ]]; then
  [ -n "$pg_bin" ] || { echo "PostgreSQL server binaries not found (apt-get install postgresql)"; exit 1; }
  pgdir=$(mktemp -d /tmp/groz-bench-pg.XXXXXX)
  [ "$(id -u)" = 0 ] && chown postgres "$pgdir"
  as_pg "$pg_bin/initdb" -D "$pgdir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$pgdir/initdb.log" 2>&1
  # Durable settings (fsync on), unlike test.sh: a benchmark should pay what production pays.
  as_pg "$pg_bin/pg_ctl" -D "$pgdir/data" -l "$pgdir/server.log" -w \
    -o "-p $pgport -k $pgdir -c listen_addresses=127.0.0.1 -c max_connections=100" start >/dev/null
  echo "PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$pgport"
fi
pg_cs() { echo "Host=127.0.0.1;Port=$pgport;Username=postgres;Database=$1"; }

# ---- The app -----------------------------------------------------------------------------------------------
start_app() { # name provider connection-string
  local name=$1 provider=$2 cs=$3
  # Content root is the project folder (appsettings.json, wwwroot), as with `dotnet run`.
  # The API rate limit (20/s per client by default) is lifted: this measures the app's work, not the limiter.
  (cd "$root/src/Groz.Web" && exec env ASPNETCORE_ENVIRONMENT=Production \
      Database__Provider="$provider" Database__ConnectionString="$cs" Database__SeedDemoData=true \
      RateLimits__ApiPerSecond=1000000 RateLimits__ApiBurst=1000000 \
      dotnet "$web_dll" --urls "http://127.0.0.1:$port" >"$out/app-$name.log" 2>&1) &
  app_pid=$!
  for _ in $(seq 1 240); do
    curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && return 0
    kill -0 "$app_pid" 2>/dev/null || { echo "The app stopped:"; tail -20 "$out/app-$name.log"; exit 1; }
    sleep 0.5
  done
  echo "The app did not become ready"; exit 1
}
stop_app() { kill "$app_pid"; wait "$app_pid" 2>/dev/null || true; app_pid=""; }

# As the reverse proxy of the README would: TLS ends there, and the app (which trusts loopback proxies) sees https.
# Without it Production refuses plain http for pages with forms (Secure antiforgery cookie).
proxy_header="X-Forwarded-Proto: https"
runs="$out/runs.tsv"
printf 'round\tdatabase\turl\treq_per_s\tp50\tp99\tnon_2xx\n' >"$runs"
run_wrk() { # round name url
  local round=$1 name=$2 url=$3 file
  file="$out/wrk-$round-$name-$(echo "$url" | tr '/?=' '___').txt"
  echo "wrk -t$threads -c$connections -d$duration --latency -H '$proxy_header' http://127.0.0.1:$port$url" >"$file"
  wrk -t"$threads" -c"$connections" -d"$duration" --latency -H "$proxy_header" "http://127.0.0.1:$port$url" >>"$file"
  local rps p50 p99 non2xx
  rps=$(awk '/^Requests\/sec:/ {print $2}' "$file")
  p50=$(awk '$1=="50%" {print $2}' "$file")
  p99=$(awk '$1=="99%" {print $2}' "$file")
  non2xx=$(awk '/Non-2xx or 3xx responses:/ {print $5}' "$file")
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$name" "$url" "$rps" "$p50" "$p99" "${non2xx:-0}" | tee -a "$runs"
}

warm_up() { # url: a 200 first, then load, so that JIT tiering, pools and caches are done before anything is measured
  local url=$1 status
  status=$(curl -s -o /dev/null -w '%{http_code}' -H "$proxy_header" "http://127.0.0.1:$port$url")
  [ "$status" = 200 ] || { echo "GET $url answered $status, not 200"; exit 1; }
  wrk -t1 -c4 -d"$warmup" -H "$proxy_header" "http://127.0.0.1:$port$url" >/dev/null
}

slug_of() { case $1 in *-demo) echo utrecht ;; *) echo synthetisch ;; esac; }
urls() { echo "/ /wijken /wijken?postcode=3526 /api/v1/leerregios /api/v1/leerregios/$(slug_of "$1")"; }
provider_of() { case $1 in sqlite-*) echo Sqlite ;; *) echo Postgres ;; esac; }
cs_of() {
  case $1 in
    sqlite-demo) echo "Data Source=$out/demo.db" ;;
    sqlite-synthetic) echo "Data Source=$out/synthetic.db" ;;
    postgres-demo) pg_cs groz_demo ;;
    postgres-synthetic) pg_cs groz_synthetic ;;
    *) echo "Unknown database: $1" >&2; exit 1 ;;
  esac
}

# ---- Databases: the demo data is seeded by the app at its first start; the synthetic leerregio is generated ----
for db in $only; do
  case $db in
    sqlite-synthetic) dotnet "$bench_dll" generate --residents "$residents" --connection "$(cs_of "$db")" | tee "$out/generate-$db.txt" ;;
    postgres-synthetic) dotnet "$bench_dll" generate --residents "$residents" --provider postgres --connection "$(cs_of "$db")" | tee "$out/generate-$db.txt" ;;
  esac
done

for round in $(seq 1 "$rounds"); do
  for db in $only; do
    echo "== round $round: $db"
    start_app "$round-$db" "$(provider_of "$db")" "$(cs_of "$db")"
    for url in $(urls "$db"); do warm_up "$url"; done
    for url in $(urls "$db"); do run_wrk "$round" "$db" "$url"; done
    stop_app
  done
done

# ---- Medians over the rounds -------------------------------------------------------------------------------
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
summary="$out/summary.tsv"
printf 'database\turl\treq_per_s\tmin\tmax\tnon_2xx\n' >"$summary"
for db in $only; do
  for url in $(urls "$db"); do
    values=$(awk -F'\t' -v d="$db" -v u="$url" '$2 == d && $3 == u { print $4 }' "$runs")
    non2xx=$(awk -F'\t' -v d="$db" -v u="$url" '$2 == d && $3 == u { s += $7 } END { print s + 0 }' "$runs")
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$db" "$url" "$(median <<<"$values")" \
      "$(sort -g <<<"$values" | head -n 1)" "$(sort -g <<<"$values" | tail -n 1)" "$non2xx" >>"$summary"
  done
done
echo "Results: $out"
echo "Median requests per second over $rounds round(s):"
column -t -s $'\t' "$summary"
