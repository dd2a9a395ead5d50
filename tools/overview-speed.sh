#!/usr/bin/env bash
# Speed of the district dashboard and its drill-downs (issue 8 §5). Not part of ./test.sh.
#   tools/overview-speed.sh DATA_FOLDER [N]
# DATA_FOLDER: a data folder made by `rectify demo generate --orgs 3000 --problems 120000`
# (use a copy: starting the app migrates it). N: timed requests per URL (default 30).
# Environment: PORT (56181); BIN (a built Rectify.dll; default: ./rectify builds Release into
# .build/rectify); CACHE_MINUTES (passed as Rectify:Overview:CacheMinutes; 0 = compute the
# figures on every request); ASOF_N (timed requests of the past-date figures, default 5);
# UNITS (names of organisations, separated by ";": a reader of each is added, and the dashboard
# and a drill-down are timed in that unit's scope).
# Starts `rectify serve`, then times with curl, one request at a time: the first /overview after
# start (cold: JIT, empty caches), then for each URL one untimed request and N timed ones.
# Prints median and p95 (nearest rank) in ms, the server's CPU time per request (from
# /proc: user+system of the app process over the N requests, a figure the shared machine's
# load disturbs less), the size, and how the figures were obtained (the Server-Timing header:
# computed or reused), with `uptime` before and after.
set -euo pipefail
cd "$(dirname "$0")/.."
data=${1:?usage: tools/overview-speed.sh DATA_FOLDER [N]}
n=${2:-30}
port=${PORT:-56181}
asof_n=${ASOF_N:-5}
base="http://127.0.0.1:$port"
if [ -z "${BIN:-}" ]; then ./rectify --help >/dev/null; BIN=.build/rectify/Rectify.dll; fi
rectify() { dotnet "$BIN" --data "$data" "$@"; }
[ -n "${CACHE_MINUTES:-}" ] && export Rectify__Overview__CacheMinutes=$CACHE_MINUTES

token=$(rectify token create admin | tail -1)
dotnet "$BIN" --data "$data" serve --urls "$base" >"$data/overview-speed.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do curl -fs -o /dev/null "$base/account/login" && break; kill -0 $server 2>/dev/null || { cat "$data/overview-speed.log"; exit 1; }; sleep 0.5; done

label() { sed "s/category=$category/category=(the largest aspect)/" <<<"$1"; }
get() { # URL -> "ms bytes status timing"
  curl -s -o /dev/null -D /tmp/overview-speed.$$ -H "Authorization: Bearer $token" -w '%{time_total} %{size_download} %{http_code}' "$base$1" \
    | awk '{ printf "%.1f %d %s", $1 * 1000, $2, $3 }'
  local timing; timing=$(grep -i '^server-timing:' /tmp/overview-speed.$$ | sed -E 's/.*desc="([a-z]+)".*dur=([0-9.]+).*/\1 \2ms/' | tr -d '\r' || true)
  echo " ${timing:--}"
}
ticks() { awk '{ print $14 + $15 }' "/proc/$server/stat"; }
hz=$(getconf CLK_TCK)
stats() { sort -n | awk '{ a[NR] = $1 } END { m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2; i = int(0.95 * NR + 0.999); printf "%8.1f %8.1f", m, a[i] }'; }

echo "# $(date -u +%FT%TZ) · $(rectify --version 2>/dev/null | head -1) · data $data · N=$n · cache minutes ${CACHE_MINUTES:-default}"
echo "# uptime before: $(uptime)"
read -r ms bytes code timing <<<"$(get /overview)"
printf '%-58s %8s %8s %8s %9s %s\n' "URL" "median" "p95" "cpu/req" "bytes" "figures"
printf '%-58s %8.1f %8s %8s %9d %s\n' "/overview (first request after start)" "$ms" "-" "-" "$bytes" "$timing"

figures=$(curl -s -H "Authorization: Bearer $token" "$base/api/overview")
org=$(jq -r '.organizations[0].id' <<<"$figures")
redorg=$(jq -r '[.organizations[] | select(.red > 0)][0].id' <<<"$figures")
round=$(jq -r '.rounds | sort_by(-.total)[0].id' <<<"$figures")
status=$(jq -r '.byStatus | sort_by(-.count)[0].code' <<<"$figures")
category=$(jq -r '.byCategory[0].title | @uri' <<<"$figures")
month=$(jq -r '.trend[6].month' <<<"$figures")
asof=$(date -d '-6 months' +%F)

urls=(
  "/overview" "/api/overview" "/overview?round=$round" "/overview?units=2" "/overview?units=all"
  "/overview/problems" "/overview/problems?status=$status" "/overview/problems?bucket=completed"
  "/overview/problems?light=red" "/overview/problems?light=yellow" "/overview/problems?closure=requested"
  "/overview/problems?org=$org" "/overview/problems?org=$redorg&light=red" "/overview/problems?category=$category"
  "/overview/problems?round=$round" "/overview/problems?round=$round&light=red" "/overview/problems?completedBy=$month"
  "/overview/problems?light=red&page=500"
)
for u in "${urls[@]}"; do
  get "$u" >/dev/null
  times=()
  before=$(ticks)
  for _ in $(seq 1 "$n"); do read -r ms bytes code timing <<<"$(get "$u")"; times+=("$ms"); done
  cpu=$(awk -v a="$before" -v b="$(ticks)" -v hz="$hz" -v n="$n" 'BEGIN { printf "%.1f", (b - a) * 1000 / hz / n }')
  [ "$code" = 200 ] || timing="HTTP $code"
  printf '%-58s %s %8s %9d %s\n' "$(label "$u")" "$(printf '%s\n' "${times[@]}" | stats)" "$cpu" "$bytes" "$timing"
done
for u in "/api/overview?asOf=$asof"; do
  times=()
  for _ in $(seq 1 "$asof_n"); do read -r ms bytes code timing <<<"$(get "$u")"; times+=("$ms"); done
  printf '%-58s %s %8s %9d %s (first %s ms)\n' "$u" "$(printf '%s\n' "${times[@]}" | stats)" "-" "$bytes" "$timing" "${times[0]}"
done
IFS=';' read -r -a units <<<"${UNITS:-}"
for unit in "${units[@]}"; do
  [ -n "$unit" ] || continue
  user="speed-$(echo -n "$unit" | md5sum | cut -c1-8)"
  rectify user add "$user" --role reader --org "$unit" --password "speed-pass-$user-1" >/dev/null 2>&1 || true
  admin_token=$token
  token=$(rectify token create "$user" | tail -1)
  for u in "/overview" "/overview/problems?light=red"; do
    get "$u" >/dev/null
    times=()
    for _ in $(seq 1 "$n"); do read -r ms bytes code timing <<<"$(get "$u")"; times+=("$ms"); done
    printf '%-58s %s %8s %9d %s\n' "$u (reader of $unit)" "$(printf '%s\n' "${times[@]}" | stats)" "-" "$bytes" "$timing"
  done
  token=$admin_token
done
echo "# uptime after: $(uptime)"
rm -f /tmp/overview-speed.$$
