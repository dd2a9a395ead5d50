# Shared by the maintainer scripts (inlined into each at build time: packaging/assemble.sh).
# Every path hangs off RECTIFY_ROOT (empty on a real install), so that the upgrade test runs this same logic
# in a temporary root (tests/Rectify.Tests/Packaging). RECTIFY_SERVICE_CMD, when set, replaces systemctl
# for `start`, `stop` and `is-active` (the test's stand-in where no systemd runs).
ROOT=${RECTIFY_ROOT:-}
LIB="$ROOT/usr/lib/rectify"
ETC="$ROOT/etc/rectify"
DATA="$ROOT/var/lib/rectify"
BACKUPS="$DATA/backups"
FIRST_PASSWORDS="$ETC/first-passwords"
URLS=http://127.0.0.1:5080
KEEP_BACKUPS=5
# The administrator's choices (listen address, backups kept): /etc/default/rectify, also read by the unit.
[ -r "$ROOT/etc/default/rectify" ] && . "$ROOT/etc/default/rectify"
URLS=${RECTIFY_URLS:-$URLS}
KEEP_BACKUPS=${RECTIFY_KEEP_BACKUPS:-$KEEP_BACKUPS}

have_systemd() { [ -z "$ROOT" ] && [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; }
service() {
  if [ -n "${RECTIFY_SERVICE_CMD:-}" ]; then $RECTIFY_SERVICE_CMD "$@"
  elif have_systemd; then systemctl "$@" rectify.service
  else return 1
  fi
}
can_run_service() { [ -n "${RECTIFY_SERVICE_CMD:-}" ] || have_systemd; }

# Commands on the data run as the service's user, so that no file in the data folder becomes root's.
as_rectify() {
  if [ -z "$ROOT" ] && [ "$(id -u)" = 0 ] && id rectify >/dev/null 2>&1; then
    (cd "$DATA" && runuser -u rectify -- "$@")
  else
    "$@"
  fi
}
rectify_cmd() { as_rectify env RECTIFY_DATA="$DATA" "$LIB/Rectify" "$@"; }

has_data() { [ -f "$DATA/rectify.db" ] || grep -sqE '^[[:space:]]*"(Database:)?Provider"[[:space:]]*:[[:space:]]*"Postg' "$ETC/appsettings.json"; }

# The backup before an upgrade, taken by the version that wrote the data; the last KEEP_BACKUPS are kept.
backup_before_upgrade() {
  old=$1
  mkdir -p "$BACKUPS"
  [ -z "$ROOT" ] && id rectify >/dev/null 2>&1 && chown rectify:rectify "$BACKUPS"
  file="$BACKUPS/rectify-$old-$(date -u +%Y%m%dT%H%M%SZ).zip"
  echo "Rectify：升级前备份到 $file"
  if ! rectify_cmd backup "$file"; then
    echo "Rectify：备份失败，升级中止，数据未改动。" >&2
    return 1
  fi
  ls -1t "$BACKUPS"/rectify-*.zip 2>/dev/null | tail -n +"$((KEEP_BACKUPS + 1))" | while read -r f; do rm -f "$f"; done
  echo "$file" >"$BACKUPS/.last-upgrade-backup"
  # Every file in the data folder is the service's (the dpkg test checks it).
  if [ -z "$ROOT" ] && id rectify >/dev/null 2>&1; then chown rectify:rectify "$BACKUPS/.last-upgrade-backup"; fi
}

healthy() {
  url="${URLS%%,*}/healthz"
  url=$(echo "$url" | sed -e 's#//0\.0\.0\.0#//127.0.0.1#' -e 's#//\[::\]#//127.0.0.1#' -e 's#//\*#//127.0.0.1#' -e 's#//+#//127.0.0.1#')
  i=0
  while [ $i -lt "${RECTIFY_HEALTH_SECONDS:-90}" ]; do
    if command -v curl >/dev/null 2>&1; then
      curl -fsS -o /dev/null --max-time 5 "$url" 2>/dev/null && return 0
    elif command -v wget >/dev/null 2>&1; then
      wget -q -O /dev/null -T 5 "$url" 2>/dev/null && return 0
    fi
    sleep 1; i=$((i + 1))
  done
  return 1
}

how_to_roll_back() {
  old=$1
  last=$(cat "$BACKUPS/.last-upgrade-backup" 2>/dev/null || echo "$BACKUPS/rectify-$old-….zip")
  cat >&2 <<MSG
Rectify：升级后的检查未通过（$2）。数据仍在，升级前的备份是 $last 。
  查看原因：journalctl -u rectify -n 100
  回退到 $old：
    systemctl stop rectify
    dpkg -i rectify_${old}_$(dpkg --print-architecture 2>/dev/null || echo ARCH).deb   # 上一版的安装包
    rectify restore $last
    systemctl start rectify
  详见 /usr/share/doc/rectify/upgrade.md
MSG
}
