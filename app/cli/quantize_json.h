// The result of `quantize` and its JSON form (CLI.md, "quantize --json fields").
#pragma once

#include <optional>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/analysis/layer_analysis.h"
#include "core/analysis/observer_comparison.h"
#include "core/analysis/quantized_accuracy.h"
#include "core/analysis/quantized_size.h"
#include "core/data/preprocessing.h"
#include "core/graph/graph.h"
#include "core/quant/calibration.h"
#include "core/quant/qdq_export.h"
#include "core/quant/quant_state.h"

namespace quantlens::cli {

struct QuantizeResult {
  Model model;  // as imported
  Graph graph;  // prepared for analysis
  Preprocessing preprocessing;
  QuantPlan plan;
  CalibrationResult calibration;
  QuantState state;
  ModelSize size;
  std::optional<QuantizedAccuracy> accuracy;  // with --eval
  std::vector<LayerActivationError> activationErrors;
  std::optional<QdqExportResult> exported;  // with --export-onnx
  // The int8 executor on the evaluation set (with --eval, unless --skip-int8 or the configuration
  // has no integer activations), and how often it predicts the fake-quant model's class.
  std::optional<EvaluationResult> int8;
  double int8AgreementWithQuantized = 0.0;
  // Every activation observer (with --compare-observers or --report); empty rows without activations.
  std::optional<std::vector<ObserverComparisonRow>> observerComparison;
};

nlohmann::ordered_json quantizeJson(const QuantizeResult& result);
// Every quantization option in effect, after defaults (the "config" block of quantize and bench).
nlohmann::ordered_json quantConfigJson(const QuantConfig& config);

}  // namespace quantlens::cli
