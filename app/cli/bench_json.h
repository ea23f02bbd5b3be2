// The result of `bench` and its JSON form (CLI.md: {"fp32": {"latency_ms"}, "int8": {"latency_ms"}, "layers": [...]}).
#pragma once

#include <optional>

#include <nlohmann/json.hpp>

#include "core/data/preprocessing.h"
#include "core/graph/graph.h"
#include "core/quant/calibration.h"
#include "core/quant/qdq_export.h"
#include "core/quant/quant_state.h"
#include "core/runtime/int8/latency_comparison.h"

namespace quantlens::cli {

struct BenchResult {
  Model model;  // as imported
  Graph graph;  // prepared for analysis
  Preprocessing preprocessing;
  CalibrationResult calibration;
  QuantState state;
  int threads = 1;  // of the int8 kernels; the FP32 executor always runs on one
  int iterations = 0;
  int warmup = 0;
  LatencyComparison single;                 // batch 1, with the per-node breakdown
  std::optional<LatencyComparison> batch;   // the --batch size, when it is not 1
  std::optional<QdqExportResult> exported;  // with --export-onnx
};

nlohmann::ordered_json benchJson(const BenchResult& result);

}  // namespace quantlens::cli
