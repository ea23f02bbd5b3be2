// Shared helpers of the elementwise operator tests: run one node, expect a clean refusal.
#pragma once

// op_runner.h uses std::find and std::isnan without including their headers.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tests/support/op_runner.h"

namespace quantlens::testing {

// The single output of a one-node graph of a model written against `opset`.
inline Tensor runSingle(const std::string& opType, const std::vector<Tensor>& inputs,
                        Attributes attributes = {}, int64_t opset = 17) {
  return runOp(opType, inputs, std::move(attributes), 1, opset).at(0);
}

// Runs the node and returns the Error it throws; fails the test if it throws none.
inline Error errorFrom(const std::string& opType, const std::vector<Tensor>& inputs,
                       Attributes attributes = {}) {
  try {
    runOp(opType, inputs, std::move(attributes));
  } catch (const Error& e) {
    return e;
  }
  ADD_FAILURE() << opType << " was expected to throw";
  return Error("no error");
}

inline Attributes attributes(std::initializer_list<std::pair<const std::string, AttributeValue>> values) {
  Attributes result;
  for (const auto& [name, value] : values) result.set(name, value);
  return result;
}

inline bool mentions(const Error& e, const std::string& text) {
  return std::string(e.what()).find(text) != std::string::npos;
}

}  // namespace quantlens::testing
