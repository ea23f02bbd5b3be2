#!/usr/bin/env bash
# Installs every Debian package QuantLens needs to build, test and run, then builds it (idempotent).
# Usage: tools/setup.sh [BUILD_DIR]   (default: build/ in the repository)
set -euo pipefail

packages=(
  # toolchain
  build-essential g++ cmake ninja-build git pkg-config file
  # libraries
  qt6-base-dev qt6-base-dev-tools qt6-svg-dev libqcustomplot-dev libgl1-mesa-dev
  libeigen3-dev libopencv-dev
  libonnx-dev libprotobuf-dev protobuf-compiler zlib1g-dev
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev libonnx-testdata dataset-fashion-mnist
  xvfb xauth poppler-utils imagemagick fonts-dejavu-core
  nlohmann-json3-dev
)
# the ONNX Runtime interop peer comes from npm; a machine may already carry its own Node.js
command -v node >/dev/null 2>&1 || packages+=(nodejs)
command -v npm >/dev/null 2>&1 || packages+=(npm)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  export DEBIAN_FRONTEND=noninteractive
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -q
  $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# Build (Release, Ninja) into BUILD_DIR.
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${1:-$root/build}
cmake -S "$root" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release
cmake --build "$build_dir" --parallel "$(nproc)"
