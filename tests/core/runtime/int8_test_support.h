// Test support for the int8 executor: every tensor it produces compared with the fake-quant executor's.
#pragma once

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "core/runtime/fake_quant_model.h"
#include "core/runtime/int8/int8_model.h"

namespace quantlens::testing {

// How far the int8 executor's tensors are from the fake-quant executor's, in quantization steps of
// each tensor (|int8 − fake-quant| / scale; both are (code − zero point) · scale, so whole steps).
struct Distance {
  double maxSteps = 0.0;
  std::string worstTensor;
  int64_t tensors = 0;  // quantized tensors compared
  int64_t elements = 0;
  int64_t differing = 0;            // elements at least one step apart
  double maxFloatDifference = 0.0;  // over the unquantized (float) tensors both produce

  void add(const std::string& name, const Tensor& actual, const Tensor& expected, const ActivationCodes* codes) {
    ASSERT_EQ(actual.shape(), expected.shape()) << name;
    const std::vector<float> a = actual.toFloatVector(), b = expected.toFloatVector();
    if (!codes) {
      for (size_t i = 0; i < a.size(); ++i)
        maxFloatDifference = std::max<double>(maxFloatDifference, std::fabs(a[i] - b[i]));
      return;
    }
    ++tensors;
    for (size_t i = 0; i < a.size(); ++i) {
      const double steps = std::fabs(static_cast<double>(a[i]) - b[i]) / codes->scale;
      ++elements;
      if (steps > 0.5) ++differing;
      if (steps > maxSteps) {
        maxSteps = steps;
        worstTensor = name;
      }
    }
  }
};

struct StepAgreement {
  // Each step fed the fake-quant executor's values of its inputs (the observer hands them back):
  // what one integer step adds. Its requantization and the fake-quant executor's float sums round
  // apart only at near-ties, by one step.
  Distance perStep;
  // Both run freely: a value one step apart upstream moves the sums downstream, so a later tensor
  // can be a few steps apart at a few places (reported, as the fraction of such values).
  Distance endToEnd;
};

// Every value an executor produces, by tensor name, as float (graph inputs after quantization,
// node outputs).
inline ExecutionHooks recordTensors(std::map<std::string, Tensor>& seen) {
  ExecutionHooks hooks;
  hooks.onGraphInput = [&seen](const std::string& name, Tensor& value) { seen[name] = value; };
  hooks.afterNode = [&seen](const Node& node, std::span<Tensor> outputs) {
    for (size_t i = 0; i < outputs.size() && i < node.outputs.size(); ++i)
      if (!node.outputs[i].empty() && !outputs[i].empty()) seen[node.outputs[i]] = outputs[i];
  };
  return hooks;
}

// Runs both executors on `inputs` and adds the distances to `agreement`. Every tensor the int8
// executor stores as codes must be a fake-quantized tensor of the fake-quant executor too.
inline void compareWithFakeQuant(const FakeQuantModel& fakeQuant, const Int8Model& int8,
                                 const std::vector<Tensor>& inputs, StepAgreement& agreement) {
  std::map<std::string, Tensor> expected, actual;
  const ExecutionHooks recordExpected = recordTensors(expected), recordActual = recordTensors(actual);
  fakeQuant.run(inputs, &recordExpected);
  auto codesOf = [&](const std::string& name) -> const ActivationCodes* {
    const auto found = int8.activationCodes().find(name);
    if (found == int8.activationCodes().end()) return nullptr;
    EXPECT_EQ(fakeQuant.activationQParams().count(name), 1u) << name << " is quantized by int8 but not by fake-quant";
    return &found->second;
  };
  auto reference = [&](const std::string& name) -> const Tensor* {
    const auto found = expected.find(name);
    EXPECT_NE(found, expected.end()) << "the fake-quant executor never produced '" << name << "'";
    return found == expected.end() ? nullptr : &found->second;
  };

  int8.run(inputs, &recordActual);
  for (const auto& [name, value] : actual)
    if (const Tensor* want = reference(name)) agreement.endToEnd.add(name, value, *want, codesOf(name));

  ExecutionHooks forced;
  forced.onGraphInput = [&](const std::string& name, Tensor& value) {
    if (const Tensor* want = reference(name)) {
      agreement.perStep.add(name, value, *want, codesOf(name));
      value = *want;
    }
  };
  forced.afterNode = [&](const Node& node, std::span<Tensor> outputs) {
    for (size_t i = 0; i < outputs.size() && i < node.outputs.size(); ++i) {
      if (node.outputs[i].empty() || outputs[i].empty()) continue;
      if (const Tensor* want = reference(node.outputs[i])) {
        agreement.perStep.add(node.outputs[i], outputs[i], *want, codesOf(node.outputs[i]));
        outputs[i] = *want;
      }
    }
  };
  int8.run(inputs, &forced);
}

}  // namespace quantlens::testing
