// Test support for deriving quantization: hand-built plans, statistics fed known data, configs.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/quant/calibration.h"
#include "core/quant/quant_config.h"
#include "core/quant/quant_plan.h"
#include "core/tensor/tensor.h"

namespace quantlens::testing {

inline QuantizedLayer makeLayer(std::string name, std::string op, int node, std::string weight, std::string bias,
                                std::string input, std::string output, int64_t channelAxis = 0,
                                int64_t reductionAxis = 1) {
  QuantizedLayer layer;
  layer.name = std::move(name);
  layer.op = std::move(op);
  layer.node = node;
  layer.weight = std::move(weight);
  layer.bias = std::move(bias);
  layer.input = std::move(input);
  layer.output = std::move(output);
  layer.channelAxis = channelAxis;
  layer.reductionAxis = reductionAxis;
  return layer;
}

// Statistics of one batch of `values` (shape [1, n]).
inline TensorStatistics statisticsOf(const std::vector<float>& values) {
  TensorStatistics statistics;
  statistics.update(values, std::vector<int64_t>{1, static_cast<int64_t>(values.size())});
  return statistics;
}

// The CLI defaults with the minmax activation observer, whose clip range is the observed range.
inline QuantConfig minMaxConfig() {
  QuantConfig config = QuantConfig::defaults();
  config.activationObserver.kind = ObserverKind::MinMax;
  return config;
}

inline std::vector<float> valuesOf(const Tensor& tensor) { return tensor.toFloatVector(); }

}  // namespace quantlens::testing
