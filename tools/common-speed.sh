#!/usr/bin/env bash
# Speed of the common problems (共性问题, issue 21 §4). Not part of ./test.sh.
#   tools/common-speed.sh DATA_FOLDER [N]
# DATA_FOLDER: a data folder made by `rectify demo generate --orgs 3000 --problems 120000` (a copy:
# starting the app migrates it). N: timed requests per URL (default 10). Environment: PORT (56182),
# BIN (a built Rectify.dll; default: ./rectify builds Release into .build/rectify).
# Times, one request at a time with curl: the first /api/overview/common after start (cold: JIT and
# the grouping computed), then N of /api/overview/common and of the page /overview/common (the groups
# reused until a title changes; the page also reads every status for its completion rates).
set -euo pipefail
cd "$(dirname "$0")/.."
data=${1:?usage: tools/common-speed.sh DATA_FOLDER [N]}
n=${2:-10}
port=${PORT:-56182}
base="http://127.0.0.1:$port"
if [ -z "${BIN:-}" ]; then ./rectify --help >/dev/null; BIN=.build/rectify/Rectify.dll; fi
# A measurement, not a deployment: the administrator has no authenticator here.
export Rectify__Security__RequireTwoFactor=false
token=$(dotnet "$BIN" --data "$data" token create admin | tail -1)
dotnet "$BIN" --data "$data" serve --urls "$base" >"$data/common-speed.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do curl -fs -o /dev/null "$base/account/login" && break; kill -0 $server 2>/dev/null || { cat "$data/common-speed.log"; exit 1; }; sleep 0.5; done
get() { curl -s -o /tmp/common-speed.$$ -H "Authorization: Bearer $token" -w '%{time_total} %{size_download} %{http_code}' "$base$1" | awk '{ printf "%.1f %d %s", $1 * 1000, $2, $3 }'; }
stats() { sort -n | awk '{ a[NR] = $1 } END { m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2; i = int(0.95 * NR + 0.999); printf "%8.1f %8.1f", m, a[i] }'; }
echo "# $(date -u +%FT%TZ) · data $data · N=$n · uptime: $(uptime)"
read -r ms bytes code <<<"$(get /api/overview/common)"
echo "first /api/overview/common after start: $ms ms, $bytes bytes, HTTP $code"
jq -r '"groups: \(.groups | length); largest: \(.groups | map(.count) | max); labels: \(.groups | sort_by(-.count) | .[0:12] | map("\(.label) \(.count)") | join("、"))"' /tmp/common-speed.$$
printf '%-30s %8s %8s\n' "URL" "median" "p95"
for u in /api/overview/common /overview/common; do
  times=()
  for _ in $(seq 1 "$n"); do read -r ms bytes code <<<"$(get "$u")"; [ "$code" = 200 ] || { echo "$u: HTTP $code"; exit 1; }; times+=("$ms"); done
  printf '%-30s %s\n' "$u" "$(printf '%s\n' "${times[@]}" | stats)"
done
rm -f /tmp/common-speed.$$
echo "# uptime after: $(uptime)"
