// A differentiable rewrite of one tensor in the training forward pass (fake quantization).
#pragma once

#include "core/tensor/tensor.h"

namespace quantlens {

// forward() replaces a value (a weight or a node's output) by its fake-quantized copy and keeps
// what backward() needs; backward() maps dLoss/dOutput to dLoss/dInput and accumulates the
// gradients of the quantizer's own parameters, if it has any. One backward per forward.
class ValueQuantizer {
public:
  virtual ~ValueQuantizer() = default;
  virtual Tensor forward(const Tensor& x) = 0;
  virtual Tensor backward(const Tensor& dy) = 0;
};

}  // namespace quantlens
