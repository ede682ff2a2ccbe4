#!/usr/bin/env bash
# The whole Groz test suite: integration tests on SQLite and on a throwaway PostgreSQL cluster,
# then the browser tests in Debian's Chromium. Ends with one line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")"
root=$(pwd)

# ---- 1. What the tests need: PostgreSQL server binaries and Chromium ---------------------------------
pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
missing=()
[ -n "$(pg_bin)" ] && [ -x "$(pg_bin)/initdb" ] || missing+=(postgresql)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "Installing ${missing[*]} ..."
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null \
      || { echo "apt-get install ${missing[*]} failed"; echo "0 passed, 1 failed"; exit 1; }
  else
    echo "The tests need: ${missing[*]}. Install them with:"
    echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}"
    echo "0 passed, 1 failed"
    exit 1
  fi
fi
PG_BIN=$(pg_bin)

# ---- 2. Build once --------------------------------------------------------------------------------------
results="$root/TestResults"
rm -rf "$results"; mkdir -p "$results"
echo "Building ..."
if ! dotnet build Groz.slnx -c Release -nologo -v q -clp:ErrorsOnly; then
  echo "0 passed, 1 failed"
  exit 1
fi

# ---- 3. A throwaway PostgreSQL cluster on a loopback port, removed on exit ------------------------------
pgdir=$(mktemp -d /tmp/groz-pg.XXXXXX)
pgport=$(( 55000 + RANDOM % 5000 ))
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }   # initdb refuses to run as root
cleanup() {
  as_pg "$PG_BIN/pg_ctl" -D "$pgdir/data" -m immediate stop >/dev/null 2>&1
  rm -rf "$pgdir"
}
trap cleanup EXIT
[ "$(id -u)" = 0 ] && chown postgres "$pgdir"
pg_ok=1
if as_pg "$PG_BIN/initdb" -D "$pgdir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$pgdir/initdb.log" 2>&1 \
  && as_pg "$PG_BIN/pg_ctl" -D "$pgdir/data" -l "$pgdir/server.log" -w \
       -o "-p $pgport -k $pgdir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" start >/dev/null; then
  echo "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$pgport"
else
  echo "PostgreSQL did not start:"; cat "$pgdir/initdb.log" "$pgdir/server.log" 2>/dev/null | tail -20
  pg_ok=0
fi

# ---- 4. Run ------------------------------------------------------------------------------------------------
run() { # name, project, extra env...
  local name=$1 project=$2; shift 2
  echo "== $name"
  env "$@" dotnet test "$project" -c Release --no-build --nologo \
    --logger "trx;LogFileName=$name.trx" --results-directory "$results" 2>&1 \
    | awk '/Error Message:/ { m = 1 } /Stack Trace:/ { m = 0 }
           m || /^[ \t]+(Failed|Skipped) |Passed!|Failed!|error/ || /^[ \t]+at Groz\./' | head -n 300
}
run sqlite tests/Groz.Tests/Groz.Tests.csproj GROZ_TEST_DB=sqlite
if [ $pg_ok = 1 ]; then
  run postgres tests/Groz.Tests/Groz.Tests.csproj GROZ_TEST_DB=postgres \
    "GROZ_TEST_PG=Host=127.0.0.1;Port=$pgport;Username=postgres;Database=postgres;Maximum Pool Size=20"
fi
if [ -f tests/Groz.Browser.Tests/Groz.Browser.Tests.csproj ]; then
  run browser tests/Groz.Browser.Tests/Groz.Browser.Tests.csproj GROZ_TEST_DB=sqlite
fi

# ---- 5. Count ------------------------------------------------------------------------------------------
passed=0; failed=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  e=$(sed -n 's/.* error="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0} + ${e:-0}))
done
expected_runs=$(( 1 + pg_ok + $( [ -f tests/Groz.Browser.Tests/Groz.Browser.Tests.csproj ] && echo 1 || echo 0 ) ))
found_runs=$(ls "$results"/*.trx 2>/dev/null | wc -l)
# A run that crashed before writing its results, or PostgreSQL that did not start, counts as a failure.
failed=$(( failed + expected_runs - found_runs + (1 - pg_ok) ))
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
