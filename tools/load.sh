#!/usr/bin/env bash
# Load measurement over the generated district dataset (issue 9, item 6). Not part of ./test.sh.
#   tools/load.sh [sqlite|postgres|both]   (default: sqlite)
# Environment: CLIENTS (50), DURATION (60 s), ORGS (3000), PROBLEMS (120000), WORK (a temp folder), BIN,
#   PG_CONNECTION (an existing PostgreSQL database to use instead of a throwaway cluster; its data is
#   generated only if it holds no generated district yet), THINK_MS (if set: one more mixed run in which
#   each client pauses 0…2×THINK_MS ms after each request; labelled as such, never the headline).
# For each database: generates the dataset, starts `rectify serve` (Release build), creates an API
# token, runs tools/Rectify.Load with mixed traffic, then the public notice page alone; prints the figures,
# with the CPU time the server and the client used per request during the timed run.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
which=${1:-sqlite}
clients=${CLIENTS:-50}
duration=${DURATION:-60}
orgs=${ORGS:-3000}
problems=${PROBLEMS:-120000}
work=${WORK:-$(mktemp -d /tmp/rectify-load.XXXXXX)}
# BIN: a folder with app/ and load/ already built (e.g. of an older commit, to compare); else built here.
bin=${BIN:-"$work/bin"}
export RECTIFY_ADMIN_PASSWORD=${RECTIFY_ADMIN_PASSWORD:-load-admin-pass-1}
# Comments are limited per IP address; the load client comes from one address.
export Rectify__Public__CommentsPerMinute=100000

if [ -z "${BIN:-}" ]; then
  echo "== build (Release) into $bin"
  dotnet build src/Rectify -c Release -o "$bin/app" -v q -nologo >/dev/null
  dotnet build tools/Rectify.Load -c Release -o "$bin/load" -v q -nologo >/dev/null
else echo "== using the build in $bin"; fi
rectify() { dotnet "$bin/app/Rectify.dll" --data "$data" "$@"; }

pids=()
pgdir=""
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  if [ -n "$pgdir" ]; then
    as_pg "$pgbin/pg_ctl" -D "$pgdir/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$pgdir"
  fi
}
trap cleanup EXIT
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

free_port() { local p=$1; while (echo >"/dev/tcp/127.0.0.1/$p") 2>/dev/null; do p=$((p + 1)); done; echo "$p"; }

measure() { # $1 = label; $data and the database environment are set
  local label=$1
  echo "== $label: generate $orgs units, $problems problems"
  if [ -f "$data/rectify.db" ]; then echo "(SQLite data already in $data: reused)"
  elif [ -n "${PG_CONNECTION:-}" ] && [ "$(rectify inspections | wc -l)" -gt 100 ]; then echo "(district already in the PostgreSQL database: reused)"
  else rectify demo generate --orgs "$orgs" --problems "$problems" | tail -n 1; fi
  local token; token=$(rectify token create admin | tail -n 1)
  # A second administrator approves the notice the load client publishes (the submitter may not approve).
  rectify user add load-leader --role admin --password "$RECTIFY_ADMIN_PASSWORD" >/dev/null 2>&1 || true
  local leader; leader=$(rectify token create load-leader | tail -n 1)
  local port; port=$(free_port 5180)
  dotnet "$bin/app/Rectify.dll" --data "$data" serve --urls "http://127.0.0.1:$port" >"$work/$label-server.log" 2>&1 &
  local server=$!; pids+=("$server")
  for _ in $(seq 1 240); do
    kill -0 "$server" 2>/dev/null || { cat "$work/$label-server.log"; exit 1; }
    curl -fs -o /dev/null "http://127.0.0.1:$port/public" && break; sleep 0.5
  done
  run() { # title, then the load client's options
    local title=$1; shift
    echo "== $label: $title"
    echo "   machine load before: $(uptime)"
    dotnet "$bin/load/Rectify.Load.dll" --url "http://127.0.0.1:$port" --token "$token" --approver-token "$leader" --clients "$clients" --server-pid "$server" "$@" || true
    echo "   machine load after: $(uptime)"
  }
  run "mixed traffic, $clients clients, ${duration}s, closed loop" --duration "$duration" --mode mixed
  run "public notice page alone, $clients clients, 20s" --duration 20 --mode public
  if [ -n "${THINK_MS:-}" ]; then
    run "mixed traffic WITH THINK TIME 0–$((2 * THINK_MS)) ms after each request, $clients clients, ${duration}s" --duration "$duration" --mode mixed --think-ms "$THINK_MS"
  fi
  kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true
}

if [ "$which" = sqlite ] || [ "$which" = both ]; then
  data="$work/sqlite"
  unset Database__Provider ConnectionStrings__Rectify 2>/dev/null || true
  measure sqlite
fi

if { [ "$which" = postgres ] || [ "$which" = both ]; } && [ -n "${PG_CONNECTION:-}" ]; then
  data="$work/postgres"
  export Database__Provider=Postgres ConnectionStrings__Rectify="$PG_CONNECTION"
  measure postgres
elif [ "$which" = postgres ] || [ "$which" = both ]; then
  # A throwaway PostgreSQL cluster, as ./test.sh starts one.
  pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  pgdir=$(mktemp -d /tmp/rectify-load-pg.XXXXXX)
  [ "$(id -u)" -eq 0 ] && chown postgres "$pgdir"
  pgport=$(free_port 56432)
  as_pg "$pgbin/initdb" -D "$pgdir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  as_pg "$pgbin/pg_ctl" -D "$pgdir/data" -l "$pgdir/log" -w \
    -o "-p $pgport -k $pgdir -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null
  data="$work/postgres"
  export Database__Provider=Postgres
  export ConnectionStrings__Rectify="Host=127.0.0.1;Port=$pgport;Username=postgres;Database=rectify_load"
  measure postgres
fi
