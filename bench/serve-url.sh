#!/usr/bin/env bash
# Seconds from `./rectify serve` to the line that prints its URL ("Rectify 已启动：…"), on a tree already built
# (run ./rectify once before) and a data folder served once before (a later start): RUNS=10 bench/serve-url.sh
# Prints each run, then the median and the range, with the 1-minute load average seen.
set -euo pipefail
runs=${RUNS:-10}
here=$(cd "$(dirname "$0")/.." && pwd)
data=$(mktemp -d); trap 'rm -rf "$data"' EXIT
export RECTIFY_ADMIN_PASSWORD=bench-admin-123 RECTIFY_SYSADMIN_PASSWORD=bench-system-123 \
  RECTIFY_SECADMIN_PASSWORD=bench-security-123 RECTIFY_AUDITADMIN_PASSWORD=bench-auditor-123

# One start: milliseconds until the URL line; the server is stopped then.
start() {
  local port=$((20000 + RANDOM % 20000)) t0 t1 pid line fifo="$data/out.fifo"
  rm -f "$fifo"; mkfifo "$fifo"
  t0=$(date +%s%N)
  "$here/rectify" --data "$data/rectify" serve --urls "http://127.0.0.1:$port" >"$fifo" 2>/dev/null & pid=$!
  while IFS= read -r line; do
    case "$line" in "Rectify 已启动："*) t1=$(date +%s%N); break ;; esac
  done <"$fifo"
  kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true
  echo $(( (t1 - t0) / 1000000 ))
}

start >/dev/null # the first start: the data folder set up
times=(); loads=()
for i in $(seq "$runs"); do
  ms=$(start); times+=("$ms"); loads+=("$(cut -d' ' -f1 /proc/loadavg)")
  echo "run $i: ${ms} ms (load ${loads[-1]})"
done
sorted=($(printf '%s\n' "${times[@]}" | sort -n))
n=${#sorted[@]}
if (( n % 2 )); then median=${sorted[n/2]}; else median=$(( (sorted[n/2-1] + sorted[n/2]) / 2 )); fi
lo=$(printf '%s\n' "${loads[@]}" | sort -n | head -1); hi=$(printf '%s\n' "${loads[@]}" | sort -n | tail -1)
printf 'median %d.%02d s, range %d.%02d–%d.%02d s, load %s–%s\n' $((median / 1000)) $((median % 1000 / 10)) \
  $((sorted[0] / 1000)) $((sorted[0] % 1000 / 10)) $((sorted[n-1] / 1000)) $((sorted[n-1] % 1000 / 10)) "$lo" "$hi"
