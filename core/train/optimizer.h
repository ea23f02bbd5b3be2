// The interface the training loop steps parameters through (SGD, Adam).
#pragma once

#include <string>

#include "core/tensor/tensor.h"

namespace quantlens {

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
