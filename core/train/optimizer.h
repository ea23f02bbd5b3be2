// The interface the training loop steps parameters through (SGD, Adam).
#pragma once

#include <string>

#include "core/tensor/tensor.h"

namespace quantlens {

// A trainable tensor outside the graph's initializers (a learnable quantizer's scale), with the
// gradient its owner fills during backward.
struct ParameterRef {
  std::string name;
  Tensor* value = nullptr;
  const Tensor* gradient = nullptr;
};

class Optimizer {
public:
  virtual ~Optimizer() = default;
  virtual float learningRate() const = 0;
  virtual void setLearningRate(float rate) = 0;
  // Updates `parameter` in place from its gradient; `name` keys the optimizer's per-parameter
  // state (momentum buffers, moment estimates), so each parameter keeps its own.
  virtual void step(const std::string& name, Tensor& parameter, const Tensor& gradient) = 0;
};

}  // namespace quantlens
