// Test support: run one operator on given tensors through the real registry and executor.
#pragma once

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "core/graph/graph.h"
#include "core/runtime/executor.h"

namespace quantlens::testing {

// A one-node graph: inputs named in0, in1, ... (an empty Tensor marks an absent optional input),
// `outputCount` outputs named out0, ...; `constantInputs` lists inputs stored as initializers.
inline std::vector<Tensor> runOp(const std::string& opType, const std::vector<Tensor>& inputs,
                                 Attributes attributes = {}, size_t outputCount = 1,
                                 int64_t opset = 17, const std::vector<size_t>& constantInputs = {}) {
  Graph graph;
  graph.opset = opset;
  Node node;
  node.name = "node";
  node.opType = opType;
  node.attributes = std::move(attributes);
  std::vector<Tensor> feeds;
  for (size_t i = 0; i < inputs.size(); ++i) {
    if (inputs[i].empty()) {
      node.inputs.push_back("");
      continue;
    }
    const std::string name = "in" + std::to_string(i);
    node.inputs.push_back(name);
    if (std::find(constantInputs.begin(), constantInputs.end(), i) != constantInputs.end()) {
      graph.initializers[name] = inputs[i];
    } else {
      graph.inputs.push_back({name, inputs[i].dtype(), {}, false});
      feeds.push_back(inputs[i]);
    }
  }
  for (size_t o = 0; o < outputCount; ++o) {
    node.outputs.push_back("out" + std::to_string(o));
    graph.outputs.push_back({"out" + std::to_string(o), DataType::Undefined, {}, false});
  }
  graph.nodes.push_back(std::move(node));
  Executor executor(graph);
  return executor.run(std::move(feeds));
}

// Asserts same shape and every element within atol + rtol·|expected|, naming the first mismatch.
inline void expectTensorNear(const Tensor& actual, const Tensor& expected, double atol = 1e-5,
                             double rtol = 1e-5) {
  ASSERT_EQ(actual.dtype(), expected.dtype());
  ASSERT_EQ(actual.shape(), expected.shape()) << shapeToString(actual.shape()) << " vs "
                                              << shapeToString(expected.shape());
  for (int64_t i = 0; i < expected.numel(); ++i) {
    const double a = actual.valueAsDouble(i);
    const double e = expected.valueAsDouble(i);
    if (std::isnan(e)) {
      ASSERT_TRUE(std::isnan(a)) << "element " << i;
      continue;
    }
    if (std::isinf(e)) {
      ASSERT_EQ(a, e) << "element " << i;
      continue;
    }
    ASSERT_NEAR(a, e, atol + rtol * std::abs(e)) << "element " << i << " of "
                                                 << shapeToString(expected.shape());
  }
}

}  // namespace quantlens::testing
