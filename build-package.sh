#!/usr/bin/env bash
# Builds the installable packages into dist/: rectify_<version>_amd64.deb and rectify_<version>_arm64.deb,
# each a self-contained .NET publish (no SDK or runtime on the server), and a .tar.gz of the same tree for
# systems without dpkg. The version is the argument, else `git describe --tags`. Needs the .NET SDK and
# dpkg-deb; the network only for the NuGet restore (the runtime packs of both architectures).
set -euo pipefail
cd "$(dirname "$0")"
root=$(pwd)

version=${1:-}
if [ -z "$version" ]; then
  version=$(git describe --tags 2>/dev/null || true)
  version=${version#v}
  # No tag yet: a version that sorts below any tagged one and names the commit.
  [ -n "$version" ] || version="0.0.0~git$(git log -1 --format=%cd --date=format:%Y%m%d).$(git rev-parse --short HEAD)"
  # 1.2.0-3-gabc123 (3 commits after the tag 1.2.0) sorts after 1.2.0 for dpkg as 1.2.0+3.gabc123.
  version=$(echo "$version" | sed -E 's/-([0-9]+)-g([0-9a-f]+)$/+\1.g\2/')
fi
if ! [[ $version =~ ^[0-9][A-Za-z0-9.+~]*$ ]]; then
  echo "版本号“$version”不合 Debian 的版本格式（以数字开头，只含字母、数字和 . + ~)" >&2
  exit 2
fi
architectures=${RECTIFY_PACKAGE_ARCHES:-"amd64 arm64"}

dist="$root/dist"
work="$root/.build/package"
mkdir -p "$dist"
rm -rf "$work"; mkdir -p "$work"

for arch in $architectures; do
  case $arch in
    amd64) rid=linux-x64 ;;
    arm64) rid=linux-arm64 ;;
    *) echo "不支持的架构：$arch" >&2; exit 2 ;;
  esac
  echo "== rectify $version $arch ($rid)"
  stage="$work/$arch/root"
  mkdir -p "$stage/usr/lib/rectify"
  # Its own artifacts folder: the checkout's bin/ and obj/ (the tests' builds) stay as they are.
  dotnet publish src/Rectify/Rectify.csproj -c Release -r "$rid" --self-contained true \
    --artifacts-path "$work/$arch/artifacts" -o "$stage/usr/lib/rectify" --nologo -v quiet \
    -p:InformationalVersion="$version" -p:IncludeSourceRevisionInInformationalVersion=false \
    -p:DebugType=None -p:GenerateDocumentationFile=false
  test -f "$stage/usr/lib/rectify/wwwroot/lib/echarts/echarts.min.js" || { echo "ECharts 未打进包内" >&2; exit 1; }
  "$root/packaging/assemble.sh" "$stage" "$version" "$arch"

  deb="$dist/rectify_${version}_${arch}.deb"
  dpkg-deb --root-owner-group -Zxz -z6 --build "$stage" "$deb" >/dev/null
  # The same tree for systems without dpkg: unpack at / and run install.sh (docs/install.md).
  tarball="$dist/rectify_${version}_${arch}.tar.gz"
  tar --owner=0 --group=0 --exclude=./DEBIAN -C "$stage" -czf "$tarball" .
  echo "   $(du -h "$deb" | cut -f1)  $deb"
  echo "   $(du -h "$tarball" | cut -f1)  $tarball"
  # The staged tree is in both files now; the artifacts stay for a faster next build.
  rm -rf "$stage"
done
