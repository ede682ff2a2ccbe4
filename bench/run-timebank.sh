#!/usr/bin/env bash
# Tijdbank benchmark (docs/performance.md, "Tijdbank"), PostgreSQL only. On one throwaway cluster (durable
# settings, loopback): pgbench's built-in TPC-B-like script at scale 10 in its own database, and transfers through
# the app's API (Release, Production) on a generated leerregio, taking turns round by round so that both see the
# same machine; then the statement of the account with 10,000 transfers. Results: bench/results/timebank-<time>/.
#
#   bench/run-timebank.sh
#   RESIDENTS=100000 CLIENTS=8 DURATION=30 ROUNDS=3 SCALE=10 WARMUP=15 bench/run-timebank.sh
#   BEFORE=/path/to/other/build/Groz.Web.dll bench/run-timebank.sh   # also measure an older build, same rounds, same database
#
# The warm-up (WARMUP seconds of transfers before every measured run) lets the JIT finish its tier-1 work first:
# on two shared cores that took 10-20 s of CPU and made a first round with 5 s of warm-up unusable.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
residents=${RESIDENTS:-100000}
clients=${CLIENTS:-8}
duration=${DURATION:-30}
rounds=${ROUNDS:-3}
scale=${SCALE:-10}
port=${PORT:-5081}
warmup=${WARMUP:-15}
before_dll=${BEFORE:-}

pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
[ -n "$pg_bin" ] || { echo "PostgreSQL server binaries not found (apt-get install postgresql)"; exit 1; }
command -v pgbench >/dev/null || { echo "pgbench not found (apt-get install postgresql-contrib or postgresql-client)"; exit 1; }

out="$root/bench/results/timebank-$(date -u +%Y%m%d-%H%M%S)"
mkdir -p "$out"
echo "Building (Release) ..."
dotnet build src/Groz.Web -c Release -nologo -v q -clp:ErrorsOnly >/dev/null
dotnet build bench/Groz.Bench -c Release -nologo -v q -clp:ErrorsOnly >/dev/null
web_dll="$root/src/Groz.Web/bin/Release/net10.0/Groz.Web.dll"
bench_dll="$root/bench/Groz.Bench/bin/Release/net10.0/Groz.Bench.dll"

# ---- A throwaway PostgreSQL cluster, as in run-http.sh: default, durable settings (fsync on) ---------------
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
pgdir=$(mktemp -d /tmp/groz-bench-pg.XXXXXX); pgport=$(( 55000 + RANDOM % 5000 ))
app_pid=""; before_pid=""
cleanup() {
  [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null && wait "$app_pid" 2>/dev/null || true
  [ -n "$before_pid" ] && kill "$before_pid" 2>/dev/null && wait "$before_pid" 2>/dev/null || true
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
cs="Host=127.0.0.1;Port=$pgport;Username=postgres;Database=groz_timebank"
export PGHOST=127.0.0.1 PGPORT=$pgport PGUSER=postgres # for createdb and pgbench

# ---- Data: the generated leerregio for the app, pgbench's own tables in their own database -----------------
dotnet "$bench_dll" generate --residents "$residents" --provider postgres --connection "$cs" | tee "$out/generate.txt"
createdb pgbench
echo "pgbench -i -s $scale pgbench" | tee "$out/pgbench-init.txt"
pgbench -i -s "$scale" -q pgbench >>"$out/pgbench-init.txt" 2>&1

# ---- The app: Release, Production, rate limits lifted so that the app's work is measured, not the limiter ---
(cd "$root/src/Groz.Web" && exec env ASPNETCORE_ENVIRONMENT=Production \
    Database__Provider=Postgres Database__ConnectionString="$cs" \
    RateLimits__ApiPerSecond=1000000 RateLimits__ApiBurst=1000000 RateLimits__SignInPerMinute=1000 \
    dotnet "$web_dll" --urls "http://127.0.0.1:$port" >"$out/app.log" 2>&1) &
app_pid=$!
wait_ready() { # port pid log
  for _ in $(seq 1 240); do
    curl -fs "http://127.0.0.1:$1/health/ready" >/dev/null 2>&1 && return 0
    kill -0 "$2" 2>/dev/null || { echo "The app stopped:"; tail -20 "$3"; exit 1; }
    sleep 0.5
  done
}
wait_ready "$port" "$app_pid" "$out/app.log"
if [ -n "$before_dll" ]; then
  (cd "$(dirname "$before_dll")" && exec env ASPNETCORE_ENVIRONMENT=Production \
      Database__Provider=Postgres Database__ConnectionString="$cs" \
      RateLimits__ApiPerSecond=1000000 RateLimits__ApiBurst=1000000 RateLimits__SignInPerMinute=1000 \
      dotnet "$before_dll" --urls "http://127.0.0.1:$((port + 1))" >"$out/app-before.log" 2>&1) &
  before_pid=$!
  wait_ready "$((port + 1))" "$before_pid" "$out/app-before.log"
fi

# CPU time of the cluster (the postmaster, its live backends, and those that ended), to say what a run spent the two cores on.
postmaster=$(head -n 1 "$pgdir/data/postmaster.pid")
pg_cpu() { # ms
  local ticks
  ticks=$(awk '{ print $14 + $15 + $16 + $17 }' /proc/"$postmaster"/stat)
  for p in $(pgrep -P "$postmaster"); do ticks=$(( ticks + $(awk '{ print $14 + $15 }' /proc/"$p"/stat 2>/dev/null || echo 0) )); done
  echo $(( ticks * 1000 / $(getconf CLK_TCK) ))
}

percentile() { # p (0-1) over numbers on stdin
  sort -g | awk -v p="$1" '{ v[NR] = $1 } END { i = int(p * NR); if (i < p * NR) i++; if (i < 1) i = 1; print v[i] }'
}
results="$out/results.tsv"
printf 'round\twhat\ttps\tp50_ms\tp99_ms\tdetail\n' >"$results"
for round in $(seq 1 "$rounds"); do
  echo "== round $round: pgbench"
  echo "pgbench -c $clients -j 2 -T $duration -l pgbench" >"$out/pgbench-$round.txt"
  pg0=$(pg_cpu)
  pgbench -c "$clients" -j 2 -T "$duration" -l --log-prefix="$out/pgbench-log-$round" pgbench >>"$out/pgbench-$round.txt" 2>&1
  pg1=$(pg_cpu)
  tps=$(awk '/^tps = / {print $3; exit}' "$out/pgbench-$round.txt")
  n=$(awk '/^number of transactions actually processed:/ {print $6; exit}' "$out/pgbench-$round.txt")
  printf '%s\tcpu-pgbench\t\t\t\tpostgres_ms_per_transaction=%s postgres_cores=%s\n' "$round" \
    "$(awk -v c=$((pg1 - pg0)) -v n="$n" 'BEGIN { printf "%.2f", c / n }')" "$(awk -v c=$((pg1 - pg0)) -v d="$duration" 'BEGIN { printf "%.2f", c / d / 1000 }')" >>"$results"
  # The per-transaction log: the third column is the latency in microseconds.
  p50=$(cat "$out"/pgbench-log-"$round".* | awk '{print $3 / 1000}' | percentile 0.50)
  p99=$(cat "$out"/pgbench-log-"$round".* | awk '{print $3 / 1000}' | percentile 0.99)
  printf '%s\tpgbench\t%.1f\t%.1f\t%.1f\t%s\n' "$round" "$tps" "$p50" "$p99" "$(grep -E '^number of (transactions actually processed|failed)' "$out/pgbench-$round.txt" | tr '\n' ' ')" | tee -a "$results"
  rm -f "$out"/pgbench-log-"$round".*

  if [ -n "$before_dll" ]; then
    echo "== round $round: API, before ($before_dll)"
    dotnet "$bench_dll" timebank-load --url "http://127.0.0.1:$((port + 1))" --connection "$cs" --clients "$clients" --seconds "$duration" \
      --warmup-seconds "$warmup" --statement-requests 0 --label "$round" \
      --app-pid "$before_pid" --postmaster-pid "$postmaster" | tee "$out/api-before-$round.txt"
    awk -F'\t' -v r="$round" '$1 == "cpu" { printf "%s\tcpu-api-before\t\t\t\t%s %s %s %s %s %s\n", r, $3, $4, $5, $6, $7, $8 }' "$out/api-before-$round.txt" >>"$results"
    awk -F'\t' -v r="$round" '$1 == "api" { split($7, t, "="); split($8, a, "="); split($9, b, "="); printf "%s\tapi-before\t%s\t%s\t%s\t%s %s %s\n", r, t[2], a[2], b[2], $4, $5, $6 }' "$out/api-before-$round.txt" | tee -a "$results"
  fi
  echo "== round $round: API"
  dotnet "$bench_dll" timebank-load --url "http://127.0.0.1:$port" --connection "$cs" --clients "$clients" --seconds "$duration" \
    --warmup-seconds "$warmup" --statement-requests 200 --label "$round" \
    --app-pid "$app_pid" --postmaster-pid "$postmaster" | tee "$out/api-$round.txt"
  awk -F'\t' -v r="$round" '$1 == "cpu" { printf "%s\tcpu-api\t\t\t\t%s %s %s %s %s %s\n", r, $3, $4, $5, $6, $7, $8 }' "$out/api-$round.txt" >>"$results"
  awk -F'\t' -v r="$round" '$1 == "api" { split($7, t, "="); split($8, a, "="); split($9, b, "="); printf "%s\tapi\t%s\t%s\t%s\t%s %s %s\n", r, t[2], a[2], b[2], $4, $5, $6 }' "$out/api-$round.txt" | tee -a "$results"
  awk -F'\t' -v r="$round" '$1 == "statement" { split($7, a, "="); split($8, b, "="); printf "%s\tstatement-%s\t\t%s\t%s\t%s %s %s %s\n", r, $3, a[2], b[2], $4, $5, $6, $9 }' "$out/api-$round.txt" | tee -a "$results"
done

# ---- Medians over the rounds, and the ratio --------------------------------------------------------------
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
col() { awk -F'\t' -v w="$1" -v c="$2" '$2 == w { print $c }' "$results" | median; }
pg_tps=$(col pgbench 3); api_tps=$(col api 3)
{
  echo "PostgreSQL $pg_version, $(nproc) cores, $clients clients, ${duration} s per run, $rounds rounds, $residents residents"
  printf 'pgbench (TPC-B-like, scale %s): median %s tps, p50 %s ms, p99 %s ms\n' "$scale" "$pg_tps" "$(col pgbench 4)" "$(col pgbench 5)"
  printf 'API transfers:                median %s tps, p50 %s ms, p99 %s ms\n' "$api_tps" "$(col api 4)" "$(col api 5)"
  [ -n "$before_dll" ] && printf 'API transfers, before:        median %s tps, p50 %s ms, p99 %s ms; ratio %s; per round: %s\n' "$(col api-before 3)" "$(col api-before 4)" "$(col api-before 5)" \
    "$(awk -v a="$(col api-before 3)" -v p="$pg_tps" 'BEGIN { printf "%.2f", a / p }')" \
    "$(awk -F'\t' '$2 == "pgbench" { p[$1] = $3 } $2 == "api-before" { a[$1] = $3 } END { for (r in p) printf "%s:%.2f ", r, a[r] / p[r] }' "$results")"
  printf 'ratio API / pgbench (medians): %s\n' "$(awk -v a="$api_tps" -v p="$pg_tps" 'BEGIN { printf "%.2f", a / p }')"
  printf 'ratio per round: %s\n' "$(awk -F'\t' '$2 == "pgbench" { p[$1] = $3 } $2 == "api" { a[$1] = $3 } END { for (r in p) printf "%s:%.2f ", r, a[r] / p[r] }' "$results")"
  printf 'statement, first page: p50 %s ms, p99 %s ms; deepest page: p50 %s ms, p99 %s ms\n' \
    "$(col statement-first 4)" "$(col statement-first 5)" "$(col statement-deep 4)" "$(col statement-deep 5)"
  grep -E 'cpu-' "$results" | cut -f1,2,6
} | tee "$out/summary.txt"
echo "Results: $out"
