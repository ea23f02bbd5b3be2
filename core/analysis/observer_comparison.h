// Every activation observer on the same cached calibration statistics, side by side: how wide each
// one's clip ranges are and what they do to top-1 and to the per-layer output error. Deriving each
// observer's quantization needs no model run; measuring it costs one fake-quant pass over the
// evaluation samples and two runs per analysis batch.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/data/batch_loop.h"
#include "core/data/dataset.h"
#include "core/data/preprocessor.h"
#include "core/graph/graph.h"
#include "core/quant/calibration.h"
#include "core/quant/observer_settings.h"
#include "core/quant/quant_config.h"
#include "core/quant/quant_plan.h"

namespace quantlens {

struct ObserverComparisonRow {
  ObserverKind observer = ObserverKind::MinMax;
  bool configured = false;  // the observer of the configuration being compared against
  std::string error;        // why this observer's quantization could not be derived; nothing measured then
  // Mean over the quantized activations of (clip width / calibration min-max width): 1 = no clipping
  // (minmax), lower = tighter ranges with finer steps and more values clipped. nullopt: no activation.
  std::optional<double> clipWidthRatio;
  std::optional<double> top1;       // fake-quant top-1 on the evaluation samples (with labels)
  std::optional<double> agreement;  // fraction predicting FP32's class (with FP32 predictions)
  // Accumulated output SQNR (every layer quantized) over the analysis inputs, in dB: of the last
  // analysed layer in plan order, the mean over analysed layers, and the worst layer.
  std::optional<double> lastLayerSqnrDb;
  std::optional<double> meanLayerSqnrDb;
  std::optional<double> worstLayerSqnrDb;
  std::string worstLayer;
};

// What to measure each observer on; every part is optional.
struct ObserverComparisonData {
  const Dataset* evaluation = nullptr;  // labeled evaluation samples for top-1; null: no top-1
  std::span<const int64_t> indices;     // of `evaluation`
  const Preprocessor* preprocessor = nullptr;
  BatchLoopOptions options;                  // batch size, cancellation (progress counts all passes)
  std::span<const int64_t> fp32Predictions;  // FP32 classes of the same samples; empty: no agreement
  std::span<const Tensor> analysisInputs;    // batches of the graph's input for the SQNR; empty: none
};

// The activation observers in the order the CLI lists them.
std::span<const ObserverKind> activationObserverKinds();

// One row per activation observer: `config` with only its activation observer changed (its other
// settings, such as the percentile, kept). Empty when `config` quantizes no activation. Rows of
// observers whose quantization cannot be derived carry the reason. Throws cancelledError() when
// `data.options.cancel` is set.
std::vector<ObserverComparisonRow> compareObservers(const Graph& graph, const QuantPlan& plan,
                                                    const CalibrationResult& calibration, const QuantConfig& config,
                                                    const ObserverComparisonData& data);

}  // namespace quantlens
