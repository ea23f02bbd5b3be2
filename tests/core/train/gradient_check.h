// Finite-difference checking of TrainingGraph gradients: one-node graphs and sampled whole models.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include "core/graph/graph.h"
#include "core/train/training_graph.h"

namespace quantlens::test {

inline Tensor randomTensor(Shape shape, std::mt19937& rng, float lo = -1.0f, float hi = 1.0f) {
  Tensor t(DataType::Float32, std::move(shape));
  std::uniform_real_distribution<float> dist(lo, hi);
  for (float& v : t.values<float>()) v = dist(rng);
  return t;
}

// A one-node graph over float inputs named "x0", "x1", ... (all graph inputs) plus initializers,
// with output "y".
inline Graph singleNodeGraph(const std::string& opType, size_t inputCount, Attributes attributes = {},
                             std::vector<std::pair<std::string, Tensor>> initializers = {}) {
  Graph graph;
  graph.name = opType + "_test";
  graph.opset = 13;
  Node node;
  node.name = "n";
  node.opType = opType;
  node.attributes = std::move(attributes);
  for (size_t i = 0; i < inputCount; ++i) {
    const std::string name = "x" + std::to_string(i);
    graph.inputs.push_back({name, DataType::Float32, {}, false});
    node.inputs.push_back(name);
  }
  for (auto& [name, tensor] : initializers) {
    node.inputs.push_back(name);
    graph.initializers[name] = std::move(tensor);
  }
  node.outputs = {"y"};
  graph.nodes.push_back(node);
  graph.outputs.push_back({"y", DataType::Float32, {}, false});
  return graph;
}

struct GradientCheckOptions {
  double step = 1e-2;      // central difference x ± step
  double absolute = 5e-4;  // |analytic − numeric| ≤ absolute + relative · max(|analytic|, |numeric|)
  double relative = 2e-3;
  int64_t maxElements = 1 << 30;  // per tensor: check this many (evenly spaced) elements
  // Skip elements whose ±step flips the sign of some Relu input (the difference then straddles
  // a kink); fails unless at least a third of the elements are compared.
  bool skipReluKinks = false;
};

// Which Relu inputs of the last forward are positive, node by node.
inline std::vector<bool> reluPattern(const TrainingGraph& graph) {
  std::vector<bool> pattern;
  for (const Node& node : graph.graph().nodes)
    if (node.opType == "Relu")
      for (float v : graph.valueOf(node.inputs[0]).values<float>()) pattern.push_back(v > 0.0f);
  return pattern;
}

// L = Σ r ⊙ y for a fixed random r: dL/dy = r, so backward(r) gives dL/d(everything).
inline double projectedLoss(TrainingGraph& graph, const std::vector<Tensor>& inputs, const Tensor& r) {
  const Tensor y = graph.forward(inputs)[0];
  double loss = 0.0;
  for (int64_t i = 0; i < y.numel(); ++i) loss += static_cast<double>(y.data<float>()[i]) * r.data<float>()[i];
  return loss;
}

// Compares every input's and parameter's analytic gradient with central differences; returns the
// largest |analytic − numeric| seen (for the report), failing the test on any element beyond
// tolerance with its tensor, index and both values.
inline double checkGradients(Graph graphDef, std::vector<Tensor> inputs, uint32_t seed,
                             const GradientCheckOptions& options = {}) {
  TrainingGraph graph(std::move(graphDef));
  graph.setInputsRequireGrad(true);
  std::mt19937 rng(seed);
  const Tensor y = graph.forward(inputs)[0];
  const Tensor r = randomTensor(y.shape(), rng);
  graph.backward({r});

  double worst = 0.0;
  int64_t checked = 0, skipped = 0;
  auto check = [&](const std::string& name, Tensor& tensor) {
    const Tensor analytic = graph.gradient(name);
    const int64_t n = tensor.numel();
    const int64_t stride = std::max<int64_t>(1, n / options.maxElements);
    bool anyNonZero = false;  // an all-zero gradient would pass a check against a flat loss
    for (float g : analytic.values<float>()) anyNonZero = anyNonZero || g != 0.0f;
    EXPECT_TRUE(anyNonZero) << "the gradient of " << name << " is all zeros";
    for (int64_t i = 0; i < n; i += stride) {
      float& v = tensor.data<float>()[i];
      const float original = v;
      v = static_cast<float>(original + options.step);
      const double plus = projectedLoss(graph, inputs, r);
      const std::vector<bool> plusPattern = options.skipReluKinks ? reluPattern(graph) : std::vector<bool>{};
      v = static_cast<float>(original - options.step);
      const double minus = projectedLoss(graph, inputs, r);
      v = original;
      ++checked;
      if (options.skipReluKinks && reluPattern(graph) != plusPattern) {
        ++skipped;
        continue;
      }
      const double numeric = (plus - minus) / (2.0 * options.step);
      const double a = analytic.data<float>()[i];
      const double error = std::abs(a - numeric);
      worst = std::max(worst, error);
      EXPECT_LE(error, options.absolute + options.relative * std::max(std::abs(a), std::abs(numeric)))
          << name << "[" << i << "] of " << shapeToString(tensor.shape()) << ": analytic " << a << ", numeric "
          << numeric;
    }
  };
  for (size_t i = 0; i < inputs.size(); ++i) check(graph.graph().inputs[i].name, inputs[i]);
  for (const std::string& name : graph.parameterNames()) check(name, graph.parameter(name));
  EXPECT_GE((checked - skipped) * 3, checked) << "too many elements straddle a ReLU kink";
  std::cout << "  " << graph.graph().name << ": largest |analytic - numeric| " << worst << " over "
            << checked - skipped << " elements (" << skipped << " skipped at kinks)\n";
  return worst;
}

}  // namespace quantlens::test
