#!/usr/bin/env bash
# The ONNX Runtime interop test (ctest onnxruntime_interop_test): installs onnxruntime-node (pinned in
# package.json / package-lock.json) from the npm registry into WORK/onnxruntime-node unless that
# version is already there, prepares the demo images as one input batch, lets quantlens-cli write its
# FP32 outputs, several QDQ exports and their fake-quant outputs, and has ort_compare.js run the FP32
# model and every export in ONNX Runtime and compare. Needs node and npm (tools/setup.sh installs
# them) and, for the first install, the npm registry: without it the test fails and says so.
#   run_interop.sh QUANTLENS_CLI INTEROP_INPUT_BATCH MODEL IMAGES COUNT WORK
# ctest runs it on the demo model and its 300 images; any classifier with image data works by hand
# (e.g. tools/train_mini_cnn.py's model on the Fashion-MNIST t10k IDX file). Calibration and
# evaluation both use the first COUNT samples of IMAGES.
set -euo pipefail

cli=$1
batch_tool=$2
model=$3
images=$4
count=$5
mkdir -p "$6"
work=$(cd "$6" && pwd)
here=$(cd "$(dirname "$0")" && pwd)

fail() {
  echo "onnxruntime_interop_test: FAILED: $*" >&2
  exit 1
}

command -v node >/dev/null || fail "node is not installed (tools/setup.sh installs nodejs and npm)"
command -v npm >/dev/null || fail "npm is not installed (tools/setup.sh installs nodejs and npm)"

# 1. ONNX Runtime, cached in the build tree. --ignore-scripts: the package ships libonnxruntime.so
# for linux x64; its install script would download extras (CUDA/TensorRT providers) instead.
cache=$work/onnxruntime-node
pinned=$(node -p "require('$here/package.json').dependencies['onnxruntime-node']")
installed=$(node -p "require('$cache/node_modules/onnxruntime-node/package.json').version" 2>/dev/null || true)
if [[ "$installed" != "$pinned" ]]; then
  registry=$(npm config get registry)
  echo "installing onnxruntime-node $pinned from the npm registry ($registry) into $cache"
  rm -rf "$cache"
  mkdir -p "$cache"
  cp "$here/package.json" "$here/package-lock.json" "$cache/"
  (cd "$cache" && npm ci --ignore-scripts --prefer-offline --no-audit --no-fund --loglevel=error) ||
    fail "could not install onnxruntime-node $pinned with 'npm ci --ignore-scripts' from $registry: this test needs the npm registry for its first run (later runs reuse $cache)"
else
  echo "onnxruntime-node $pinned already installed in $cache"
fi

# 2. QuantLens's side: inputs, FP32 outputs, exports and fake-quant outputs.
run=$work/run
rm -rf "$run"
mkdir -p "$run"
"$batch_tool" "$model" "$images" "$count" "$run/batch"
input=$run/batch/input_0.pb
"$cli" run "$model" --tensors "$input" --save-outputs "$run/fp32/ours"

# name|ONNX Runtime optimization level checked|quantization options. Each export exercises another
# part of the QDQ format. "all" is how models are deployed; FP8 and NF4 are checked as written
# ("disabled"): ONNX Runtime's optimizer quantizes their float biases / weights to int8/int32 on its
# own (and at "all" rejects the FP8 Conv it fuses), see ort_compare.js.
variants=(
  "int8|all|"
  "uint8-per-tensor|all|--weight-dtype uint8 --weight-scheme affine --granularity per-tensor"
  "int8-act-int8|all|--act-dtype int8 --act-scheme symmetric --reference onnxruntime"
  "int4-per-group|all|--weight-dtype int4 --granularity per-group:8"
  "fp8e4m3|disabled|--weight-dtype fp8e4m3 --act-dtype fp8e4m3 --act-scheme symmetric"
  "nf4|disabled|--weight-dtype nf4 --granularity per-group:16"
)
names=()
for entry in "${variants[@]}"; do
  name=${entry%%|*}
  rest=${entry#*|}
  mode=${rest%%|*}
  options=${rest#*|}
  names+=("$name:$mode")
  dir=$run/$name
  mkdir -p "$dir"
  # shellcheck disable=SC2086
  "$cli" quantize "$model" --calib "$images" --eval "$images" --calib-count "$count" --eval-count "$count" \
    --analysis-count 0 $options \
    --export-onnx "$dir/model.onnx" --tensors "$input" --save-outputs "$dir/fakequant" \
    --json "$dir/quantize.json" >"$dir/quantize.log" 2>&1 || { cat "$dir/quantize.log" >&2; fail "quantize ($name) failed"; }
  "$cli" info "$dir/model.onnx" --json "$dir/info.json" >"$dir/info.log" 2>&1 || true
  # QuantLens's own runtime on the exported file (the importer reading a QDQ model back).
  "$cli" run "$dir/model.onnx" --tensors "$input" --save-outputs "$dir/ours" >"$dir/run.log" 2>&1 || true
done

# 3. ONNX Runtime.
NODE_PATH=$cache/node_modules node "$here/ort_compare.js" "$model" "$run" "${names[@]}"
