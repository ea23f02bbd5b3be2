#!/usr/bin/env bash
# Builds the .deb with cpack from a build tree and checks its files, control fields and desktop metadata.
# Usage: check_deb_package.sh BUILD_DIR VERSION [--gui]
set -euo pipefail

build_dir=$1
version=$2
gui=${3:-}

for tool in cpack dpkg-deb; do
  command -v "$tool" >/dev/null || { echo "SKIP: $tool is not installed"; exit 77; }
done

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# Into a temporary folder, so the build tree and a concurrent cpack are untouched.
if ! cpack -G DEB --config "$build_dir/CPackConfig.cmake" -B "$out" >"$out/cpack.log" 2>&1; then
  cat "$out/cpack.log"
  echo "FAIL: cpack -G DEB"
  exit 1
fi
shopt -s nullglob
debs=("$out"/*.deb)
if ((${#debs[@]} != 1)); then
  cat "$out/cpack.log"
  echo "FAIL: expected one .deb in $out, found ${#debs[@]}"
  exit 1
fi
deb=${debs[0]}
echo "package: $(basename "$deb")"

contents=$(dpkg-deb -c "$deb")
info=$(dpkg-deb -I "$deb")

expect_file() {  # PATH inside the package, without the leading ./
  grep -qE "[[:space:]]\./$1\$" <<<"$contents" || fail "$1 is not in the package"
}
expect_executable() {
  grep -qE "^-rwxr-xr-x .*[[:space:]]\./$1\$" <<<"$contents" || fail "$1 is missing or not executable"
}
expect_field() {  # FIELD REGEX
  grep -qE "^ $1: $2" <<<"$info" || fail "control field $1 does not match '$2'"
}

expect_executable usr/bin/quantlens-cli
expect_field Package 'quantlens$'
expect_field Version "$version"
expect_field Section 'science$'
expect_field Architecture 'amd64|arm64|[a-z0-9]+$'
expect_field Maintainer '.+ <.+@.+>$'
expect_field Description '.+'
expect_field Depends '.*libc6'
if [[ $gui == --gui ]]; then
  expect_executable usr/bin/quantlens
  expect_file usr/share/applications/quantlens.desktop
  expect_file usr/share/icons/hicolor/scalable/apps/quantlens.svg
  expect_file usr/share/metainfo/io.github.quantlens.metainfo.xml
  expect_field Depends '.*libqt6widgets6'
fi

# The unpacked files: the CLI runs, and the desktop metadata validates where the validators exist.
dpkg-deb -x "$deb" "$out/root"
"$out/root/usr/bin/quantlens-cli" --version | grep -q "$version" ||
  fail "usr/bin/quantlens-cli --version does not print $version"
if [[ $gui == --gui ]]; then
  desktop="$out/root/usr/share/applications/quantlens.desktop"
  grep -qE '^Exec=quantlens( |$)' "$desktop" || fail "quantlens.desktop does not run quantlens"
  grep -qE '^Icon=quantlens$' "$desktop" || fail "quantlens.desktop does not name the quantlens icon"
  if command -v desktop-file-validate >/dev/null; then
    desktop-file-validate "$desktop" || fail "desktop-file-validate quantlens.desktop"
  else
    echo "note: desktop-file-validate not installed (desktop-file-utils); skipped"
  fi
  if command -v appstreamcli >/dev/null; then
    appstreamcli validate --no-net "$out/root/usr/share/metainfo/io.github.quantlens.metainfo.xml" ||
      fail "appstreamcli validate io.github.quantlens.metainfo.xml"
  fi
fi

if ((failures)); then
  echo "--- dpkg-deb -I"; echo "$info"
  echo "--- dpkg-deb -c"; echo "$contents"
  echo "$failures check(s) failed"
  exit 1
fi
echo "all package checks passed"
