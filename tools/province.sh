#!/usr/bin/env bash
# Province scale on PostgreSQL (issue 21 item 3). Not part of ./test.sh.
#   tools/province.sh APP_DIR LOAD_DIR DATA_DIR
# With Database__Provider=Postgres and ConnectionStrings__Rectify naming a database that holds a province
# (`nice -n 10 rectify demo generate --orgs 30000 --problems 1200000`). Starts `serve`, makes an API token
# for admin and for a unit leader of the first county (示范第1县, about a thousand units below it), then:
# the ledger API, overview and drill-down by one client alone, then by 50 closed-loop clients (province
# mode of tools/Rectify.Load), and the Excel exports of one round and one inspection, timed, with the
# server's RSS sampled throughout. Environment: CLIENTS (50), DURATION (30), SEQ_DURATION (20).
set -euo pipefail
app=$1; load=$2; data=$3
clients=${CLIENTS:-50}; duration=${DURATION:-30}; seq_duration=${SEQ_DURATION:-20}
export RECTIFY_ADMIN_PASSWORD=${RECTIFY_ADMIN_PASSWORD:-load-admin-pass-1}
export Rectify__Security__RequireTwoFactor=false
rectify() { dotnet "$app/Rectify.dll" --data "$data" "$@"; }
port=5390
county=示范第1县
token=$(rectify token create admin | tail -n 1)
rectify user add province-unit --role unit-leader --org "$county" --password "$RECTIFY_ADMIN_PASSWORD" >/dev/null 2>&1 || true
unit_token=$(rectify token create province-unit | tail -n 1)
dotnet "$app/Rectify.dll" --data "$data" serve --urls "http://127.0.0.1:$port" >"$data/province-server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; kill $sampler 2>/dev/null' EXIT
until curl -fs -o /dev/null "http://127.0.0.1:$port/healthz"; do kill -0 "$server"; sleep 0.5; done
# The server's highest RSS over the whole script, sampled every 200 ms.
( max=0; while kill -0 "$server" 2>/dev/null; do r=$(awk '/VmRSS/ {print $2}' /proc/$server/status 2>/dev/null || echo 0); [ "${r:-0}" -gt "$max" ] && max=$r && echo "$max" >"$data/province-rss-max"; sleep 0.2; done ) &
sampler=$!
unit=$(curl -fs -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/inspections" | grep -o '"id":[0-9]*' | head -n 1 | cut -d: -f2 || true)
L() { dotnet "$load/Rectify.Load.dll" --url "http://127.0.0.1:$port" --token "$token" --unit-token "$unit_token" --unit 4 --server-pid "$server" --mode province "$@" || true; }
L --clients 4 --duration 10 >/dev/null   # warm-up, untimed
echo "== idle RSS $(awk '/VmRSS/ {print int($2/1024) " MB"}' /proc/$server/status); load $(cut -d' ' -f1 /proc/loadavg); $(date -u +%H:%M)"
echo "-- 1 client, ${seq_duration}s"; L --clients 1 --duration "$seq_duration" | tail -n 12
echo "-- $clients clients, ${duration}s"; L --clients "$clients" --duration "$duration" | tail -n 12
for what in "overview/export.xlsx?round=3" "api/inspections/${unit:-2}/ledger.xlsx"; do
  curl -fs -o /tmp/province-export.xlsx -w "-- GET /$what: %{http_code}, %{size_download} bytes, %{time_total} s\n" -H "Authorization: Bearer $token" "http://127.0.0.1:$port/$what" || echo "-- GET /$what failed"
done
echo "== highest server RSS during the script: $(( $(cat "$data/province-rss-max") / 1024 )) MB"
