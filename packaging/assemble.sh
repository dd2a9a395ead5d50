#!/usr/bin/env bash
# Lays out the package around a published program in STAGE/usr/lib/rectify: the command, the settings,
# the unit, the docs and the maintainer scripts (DEBIAN/). Called by build-package.sh.
# Usage: packaging/assemble.sh STAGE VERSION ARCH
set -euo pipefail
stage=$1 version=$2 arch=$3
here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")

install -D -m 755 "$here/rectify" "$stage/usr/bin/rectify"
# The settings in /etc are the app's appsettings.Production.json (it reads that file beside itself).
ln -sfn ../../../etc/rectify/appsettings.json "$stage/usr/lib/rectify/appsettings.Production.json"
mkdir -p "$stage/etc/rectify"
"$here/appsettings.sh" "$repo/docs/configuration.md" >"$stage/etc/rectify/appsettings.json"
chmod 640 "$stage/etc/rectify/appsettings.json"
install -D -m 644 "$here/default" "$stage/etc/default/rectify"
install -D -m 644 "$here/rectify.service" "$stage/lib/systemd/system/rectify.service"
doc="$stage/usr/share/doc/rectify"
mkdir -p "$doc"
for f in install.md upgrade.md production.md configuration.md domestic-databases.md security.md; do
  [ -f "$repo/docs/$f" ] && install -m 644 "$repo/docs/$f" "$doc/$f"
done
printf 'Rectify %s\nThe program includes the .NET runtime (MIT), ASP.NET Core (MIT) and Apache ECharts (Apache-2.0).\n' "$version" >"$doc/copyright"

# Maintainer scripts: the shared part inlined, the version filled in. A copy stays in the program's
# folder for a tarball install (docs/install.md) and for the upgrade test.
mkdir -p "$stage/DEBIAN" "$stage/usr/lib/rectify/package"
for s in preinst postinst prerm postrm; do
  awk -v lib="$here/maint-lib.sh" '/^#MAINT-LIB#$/ { while ((getline l < lib) > 0) print l; next } { print }' "$here/$s" \
    | sed "s/#VERSION#/$version/g" >"$stage/DEBIAN/$s"
  chmod 755 "$stage/DEBIAN/$s"
  cp "$stage/DEBIAN/$s" "$stage/usr/lib/rectify/package/$s"
done
printf '/etc/rectify/appsettings.json\n/etc/default/rectify\n' >"$stage/DEBIAN/conffiles"
size=$(du -sk --exclude=DEBIAN "$stage" | cut -f1)
sed -e "s/#VERSION#/$version/" -e "s/#ARCH#/$arch/" -e "s/#SIZE#/$size/" "$here/control.in" >"$stage/DEBIAN/control"
