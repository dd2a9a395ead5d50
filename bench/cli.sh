#!/usr/bin/env bash
# Whole-process times of the CLI, builds measured alternately in one run (so that the machine's load
# falls on all alike): RUNS=10 [ONLY=serve] bench/cli.sh NAME=DIR NAME=DIR...
# Each DIR holds a built Rectify.dll (dotnet build src/Rectify -c Release -o DIR, or the ReadyToRun publish of
# ./rectify). Prints a Markdown table: per command and build, the median and the range of RUNS runs, and the
# 1-minute load average seen during them.
set -euo pipefail
runs=${RUNS:-10}
declare -A dirs=(); names=()
for arg in "$@"; do names+=("${arg%%=*}"); dirs[${arg%%=*}]=${arg#*=}; done
here=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
notice="$here/tests/Rectify.Tests/TestData/chengbei-2023-09-08.txt"
export RECTIFY_ADMIN_PASSWORD=bench-admin-123 RECTIFY_SYSADMIN_PASSWORD=bench-system-123 \
  RECTIFY_SECADMIN_PASSWORD=bench-security-123 RECTIFY_AUDITADMIN_PASSWORD=bench-auditor-123

commands=(
  "--help"
  "check $notice"
  "import $notice"
  "inspections"
  "export --inspection 1 -o $work/export.json"
  "notice --inspection 1 --format docx -o $work/notice.docx"
  "serve"
)

# Seconds from start to the first 200 of /healthz; the server is stopped then.
serve_time() {
  local dir=$1 data=$2 port=$((20000 + RANDOM % 20000)) t0 pid
  t0=$(date +%s%N)
  dotnet "$dir/Rectify.dll" --data "$data" serve --urls "http://127.0.0.1:$port" >/dev/null 2>&1 & pid=$!
  until curl -fs -o /dev/null "http://127.0.0.1:$port/healthz"; do
    kill -0 "$pid" 2>/dev/null || { echo "serve stopped ($dir)" >&2; exit 1; }
    sleep 0.02
  done
  local t1; t1=$(date +%s%N)
  kill "$pid"; wait "$pid" 2>/dev/null || true
  echo $(( (t1 - t0) / 1000000 ))
}

# One data folder per build, set up (demo ledger, inspection 1) and served once before timing: "an existing data folder".
for b in "${names[@]}"; do
  dotnet "${dirs[$b]}/Rectify.dll" --data "$work/data-$b" inspections >/dev/null 2>&1
  serve_time "${dirs[$b]}" "$work/data-$b" >/dev/null
done

echo "| command | build | median s | min–max s | load (1 min) |"
echo "|---|---|---|---|---|"
for c in "${commands[@]}"; do
  # ONLY=serve (a command's first word) times that one alone.
  [ -n "${ONLY:-}" ] && [ "${c%% *}" != "$ONLY" ] && continue
  declare -A times=() loads=()
  for ((i = 0; i < runs; i++)); do
    for b in "${names[@]}"; do
      dir=${dirs[$b]}
      read -r load _ </proc/loadavg
      if [ "$c" = serve ]; then ms=$(serve_time "$dir" "$work/data-$b")
      else
        t0=$(date +%s%N)
        # shellcheck disable=SC2086
        dotnet "$dir/Rectify.dll" --data "$work/data-$b" $c >/dev/null 2>&1 || true
        ms=$(( ($(date +%s%N) - t0) / 1000000 ))
      fi
      times[$b]+="$ms "; loads[$b]+="$load "
    done
  done
  for b in "${names[@]}"; do
    label=${c//$notice/FILE}; label=${label//$work\//}
    python3 - "$label" "$b" "${times[$b]}" "${loads[$b]}" <<'PY'
import statistics, sys
c, b, t, l = sys.argv[1], sys.argv[2], [int(x) / 1000 for x in sys.argv[3].split()], [float(x) for x in sys.argv[4].split()]
print(f"| `{c}` | {b} | {statistics.median(t):.2f} | {min(t):.2f}–{max(t):.2f} | {min(l):.1f}–{max(l):.1f} |")
PY
  done
  unset times loads
done
