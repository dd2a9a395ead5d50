#!/usr/bin/env bash
# Writes the package's /etc/rectify/appsettings.json to stdout: every key of docs/configuration.md (the
# typed options' keys, which ConfigurationTests keeps in step with the code), each commented out with its
# default and meaning, and the few the package sets. The .NET JSON configuration reads // comments.
# Usage: packaging/appsettings.sh docs/configuration.md
set -euo pipefail
doc=${1:?docs/configuration.md}

# Set by the package: a server starts empty (rectify demo load adds the demo), and nginx on this machine
# is the only proxy whose X-Forwarded-For/Proto are believed (the app listens on 127.0.0.1 only).
declare -A set_here=(
  ["Rectify:DemoOnFirstStart"]='false'
  ["Rectify:Proxy:KnownProxies"]='[ "127.0.0.1", "::1" ]'
)

cat <<'HEAD'
// /etc/rectify/appsettings.json: Rectify's settings on this server.
// Every key is listed below with its default and meaning (/usr/share/doc/rectify/configuration.md).
// Keys are written whole ("Rectify:Uploads:MaxFileMB"): remove the // in front of a line to set it,
// keep a comma after every entry but the last, then: systemctl restart rectify
// A wrong value stops the start with the key named (journalctl -u rectify).
// The data folder is /var/lib/rectify (RECTIFY_DATA in the service); the listen address is in
// /etc/default/rectify.
{
  // Set by the package:
HEAD
for key in "${!set_here[@]}"; do printf '  "%s": %s,\n' "$key" "${set_here[$key]}"; done

awk -F'|' '
  BEGIN { n = split(set_keys, k, " "); for (i = 1; i <= n; i++) set_here[k[i]] = 1 }
  /^## / { title = substr($0, 4); sub(/ \(.*/, "", title); shown = 0; next }
  /^\| `/ {
    key = $2; gsub(/^[ `]+|[ `]+$/, "", key)
    def = $3; gsub(/^[ `]+|[ `]+$/, "", def)
    meaning = $4; gsub(/^ +| +$/, "", meaning)
    if (!shown) { printf "\n  // ── %s\n", title; shown = 1 }
    print "  // " key " (default " def "): " meaning
    if (key in set_here) { print "  //   (set above by the package)"; next }
    if (def == "—") value = "\"\""
    else if (def ~ /^(true|false|-?[0-9]+(\.[0-9]+)?)$/) value = def
    else value = "\"" def "\""
    print "  // \"" key "\": " value ","
  }' set_keys="${!set_here[*]}" "$doc"
cat <<'TAIL'

  "Logging": { "LogLevel": { "Default": "Information", "Microsoft.AspNetCore": "Warning" } }
}
TAIL
