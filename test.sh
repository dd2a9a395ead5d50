#!/usr/bin/env bash
# Installs what the tests need when missing (Chromium, CJK fonts, PostgreSQL, LibreOffice,
# poppler, tesseract and nginx from Debian), builds the packages (./build-package.sh),
# starts a throwaway PostgreSQL server, runs every test project, stops what it started, and
# ends with the line "N passed, N failed". Exits non-zero on any failure or when no test ran.
set -euo pipefail
cd "$(dirname "$0")"
root=$(pwd)

sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
# grep reads all of fc-list (no -q): under pipefail an early exit would fail fc-list on SIGPIPE and reinstall each run.
fc-list 2>/dev/null | grep -i "Noto Sans CJK" >/dev/null || missing+=(fonts-noto-cjk)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
# Documents as PDF (soffice), PDF pages as text and images (poppler), OCR of scanned notices.
command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-writer-nogui)
command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
command -v tesseract >/dev/null 2>&1 || missing+=(tesseract-ocr)
ls /usr/share/tesseract-ocr/*/tessdata/chi_sim.traineddata >/dev/null 2>&1 || missing+=(tesseract-ocr-chi-sim)
# The package: nginx in front over HTTPS (HttpsProxyTests), dpkg-deb and file to build and check it, curl for its health check.
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
command -v file >/dev/null 2>&1 || missing+=(file)
command -v curl >/dev/null 2>&1 || missing+=(curl)
# systemd-analyze checks the packaged unit (PackageTests): Debian's systemd, about 5 MB; in a container its
# scripts start nothing (no systemd runs there).
command -v systemd-analyze >/dev/null 2>&1 || missing+=(systemd)
# The arm64 package run under emulation (PackageTests): qemu-user and the Debian arm64 libraries it loads.
command -v qemu-aarch64 >/dev/null 2>&1 || missing+=(qemu-user)
if ! ls /usr/lib/aarch64-linux-gnu/libicuuc.so.* >/dev/null 2>&1; then
  $sudo dpkg --add-architecture arm64
  missing+=(libicu72:arm64 libssl3:arm64 libstdc++6:arm64)
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "== installing: ${missing[*]}"
  $sudo apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# A throwaway PostgreSQL cluster in a temp folder on a free port.
pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
pgdir=$(mktemp -d /tmp/rectify-pg.XXXXXX)
port=55432
while (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" -eq 0 ] && chown postgres "$pgdir"
cleanup() {
  as_pg "$pgbin/pg_ctl" -D "$pgdir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$pgdir"
}
trap cleanup EXIT
as_pg "$pgbin/initdb" -D "$pgdir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
as_pg "$pgbin/pg_ctl" -D "$pgdir/data" -l "$pgdir/log" -w \
  -o "-p $port -k $pgdir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null
export RECTIFY_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres"
echo "== PostgreSQL $("$pgbin/postgres" --version | awk '{print $3}') on port $port"

# The installable packages (dist/), which PackageTests unpack and run: about 3 minutes on 2 cores.
echo "== packages"
./build-package.sh

# The fault suite (tests/Rectify.Tests/Faults/) runs on SQLite and, through RECTIFY_TEST_POSTGRES, on PostgreSQL;
# its full-disk tests mount a small tmpfs and need root (CI). The route fuzzer sends a fixed 3,000 requests
# per database (fixed seed); RECTIFY_FUZZ_REQUESTS runs it longer, RECTIFY_FUZZ_SEED replays the run a failure names.
# Many in-process app instances run at once: poll for file changes instead of using inotify.
export DOTNET_USE_POLLING_FILE_WATCHER=true
sysctl -w fs.inotify.max_user_instances=1024 >/dev/null 2>&1 || true

results="$root/.build/test-results"
rm -rf "$results"; mkdir -p "$results"
status=0
for project in tests/Rectify.Tests tests/Rectify.BrowserTests; do
  [ -d "$project" ] || continue
  name=$(basename "$project")
  echo "== $name"
  dotnet test --project "$project" --results-directory "$results" -- \
    --report-xunit-trx --report-xunit-trx-filename "$name.trx" || status=1
done

passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  get() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*' || echo 0; }
  total=$(get total); executed=$(get executed); p=$(get passed); f=$(get failed)
  passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + total - executed))
done
echo "$passed passed, $failed failed, $skipped skipped"
if [ "$passed" -eq 0 ]; then echo "no test ran" >&2; exit 1; fi
[ "$failed" -eq 0 ] && [ "$status" -eq 0 ]
