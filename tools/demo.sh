#!/usr/bin/env bash
# Sets everything up on a fresh Debian 12 machine, builds, and runs the main job (the README's command a):
# the window on the demo model and images embedded in it, or without a display the CLI analysis of the same.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${QUANTLENS_BUILD_DIR:-$root/build}
bash "$root/tools/setup.sh" "$build_dir" >&2
demo="$root/resources/demo"
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ -x "$build_dir/app/quantlens" ]; then
  # Without a model the window opens the demo embedded in the executable (extracted to ~/.cache).
  exec "$build_dir/app/quantlens" "$@"
fi
# The CLI embeds nothing: it is given the committed demo files.
cli="$build_dir/app/quantlens-cli"
"$cli" info "$demo/fashion_cnn.onnx"
# Post-training quantization: calibrate on the demo images, evaluate FP32 vs int8, every layer's error.
exec "$cli" quantize "$demo/fashion_cnn.onnx" --calib "$demo/images" --eval "$demo/images" "$@"
