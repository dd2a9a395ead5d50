#!/bin/bash
# bench/merge-import.sh APP_DIR CLEAN_DATA_DIR PORT [RUNS]: a fresh copy of the data, serve, bench/merge-import.py on inspection 2, stop.
# The data: a fresh folder, then `Rectify --data DIR load big.json` (2,000 problems, 8 aspects, three measures each with owners and deadlines),
# with Rectify__AdminPassword=Bench-pass-2026 and Rectify__Security__RequireTwoFactor=false at its first start.
set -euo pipefail
app=$1; clean=$2; port=$3; d=$(mktemp -d)
cp -r "$clean"/. "$d"
export Rectify__AdminPassword='Bench-pass-2026' Rectify__Security__RequireTwoFactor=false
"$app/Rectify" --data "$d" serve --urls "http://127.0.0.1:$port" > "$d.log" 2>&1 & pid=$!
for _ in $(seq 90); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 1; done
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 "$(dirname "$0")/merge-import.py" "http://127.0.0.1:$port" 2 "${4:-3}"
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
kill $pid; wait $pid 2>/dev/null || true
rm -rf "$d" "$d.log"
