#!/usr/bin/env bash
# The ledger list under concurrency (issue 21 item 5): GET /api/problems with a status filter, a Chinese
# word, or both, pages 1–5 of 50 rows, against two builds in one session, alternating, so that both meet
# the same sharing of the machine. Not part of ./test.sh.
#   tools/ledger-compare.sh OLD_APP_DIR NEW_APP_DIR LOAD_DIR DATA_DIR [rounds]
# DATA_DIR: a data folder with a generated district (`rectify demo generate`), copied afresh for each run
# (SQLite); with Database__Provider=Postgres and ConnectionStrings__Rectify set, that database is used.
# Environment: CLIENTS (50), DURATION (30 s), SEQ_DURATION (20 s), NICE (the server's nice, 0).
# Each run: the server starts, one client alone (sequential p50/p95), then CLIENTS closed-loop clients;
# the load client prints req/s, percentiles, the server's CPU per request and its RSS (start, highest).
set -euo pipefail
old=$1; new=$2; load=$3; data=$4; rounds=${5:-2}
clients=${CLIENTS:-50}; duration=${DURATION:-30}; seq_duration=${SEQ_DURATION:-20}
export RECTIFY_ADMIN_PASSWORD=${RECTIFY_ADMIN_PASSWORD:-load-admin-pass-1}
# The token's administrator has no authenticator: the second factor is off for this measurement.
export Rectify__Security__RequireTwoFactor=false
work=$(mktemp -d /tmp/rectify-ledger-compare.XXXXXX)
server=""
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"' EXIT

run() { # $1 = label, $2 = app dir
  local label=$1 app=$2 port=5290 folder="$work/data"
  rm -rf "$folder"; cp -r "$data" "$folder"
  local token; token=$(dotnet "$app/Rectify.dll" --data "$folder" token create admin | tail -n 1)
  nice -n "${NICE:-0}" dotnet "$app/Rectify.dll" --data "$folder" serve --urls "http://127.0.0.1:$port" >"$work/$label.log" 2>&1 &
  server=$!
  until curl -fs -o /dev/null "http://127.0.0.1:$port/healthz"; do kill -0 "$server" || { cat "$work/$label.log"; exit 1; }; sleep 0.5; done
  # Warm-up (JIT, pools, caches), untimed.
  dotnet "$load/Rectify.Load.dll" --url "http://127.0.0.1:$port" --token "$token" --clients 4 --duration 5 --mode ledger-api >/dev/null || true
  echo "== $label $(date -u +%H:%M) idle RSS $(awk '/VmRSS/ {print int($2/1024) " MB"}' /proc/$server/status); load $(cut -d' ' -f1 /proc/loadavg)"
  echo "-- 1 client, ${seq_duration}s"
  dotnet "$load/Rectify.Load.dll" --url "http://127.0.0.1:$port" --token "$token" --clients 1 --duration "$seq_duration" --mode ledger-api --server-pid "$server" | tail -n 7 || true
  echo "-- $clients clients, ${duration}s, closed loop"
  dotnet "$load/Rectify.Load.dll" --url "http://127.0.0.1:$port" --token "$token" --clients "$clients" --duration "$duration" --mode ledger-api --server-pid "$server" | tail -n 7 || true
  kill "$server"; wait "$server" 2>/dev/null || true; server=""
}

for r in $(seq 1 "$rounds"); do
  run "old-$r" "$old"
  run "new-$r" "$new"
done
