#!/usr/bin/env bash
# Sets everything up on a fresh Debian 12 machine, builds, and runs every test (the README's command b).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${QUANTLENS_BUILD_DIR:-$root/build}
bash "$root/tools/setup.sh" "$build_dir"
cd "$build_dir"
ctest --output-on-failure --timeout 900 "$@"
