// Small builders the shape-operator tests share: tensors, attributes and caught errors.
#pragma once

// op_runner.h uses std::find and std::isnan without including their headers.
#include <algorithm>
#include <cmath>
#include <functional>
#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include "core/error.h"
#include "tests/support/op_runner.h"

namespace quantlens::testing {

inline Tensor floats(Shape shape, std::vector<float> values) { return Tensor::fromVector<float>(std::move(shape), values); }

// A 1-D int64 tensor: the type of every shape, axes, pads and repeats input.
inline Tensor int64s(std::vector<int64_t> values) {
  const auto count = static_cast<int64_t>(values.size());
  return Tensor::fromVector<int64_t>({count}, values);
}

inline Attributes attributes(std::initializer_list<std::pair<std::string, AttributeValue>> entries) {
  Attributes result;
  for (const auto& [name, value] : entries) result.set(name, value);
  return result;
}

// Runs `action` and returns the Error it throws; fails the test when it throws none.
inline Error caughtError(const std::function<void()>& action) {
  try {
    action();
  } catch (const Error& e) {
    return e;
  }
  ADD_FAILURE() << "expected an Error";
  return Error("no error", ErrorKind::Internal);
}

inline bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace quantlens::testing
