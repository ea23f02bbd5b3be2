// Summing a broadcast gradient back onto the shape of the operand that was broadcast.
#pragma once

#include "core/tensor/tensor.h"

namespace quantlens::grad {

// grad has the broadcast output's shape; returns Σ of grad over every axis `target` was
// broadcast along (missing leading axes and axes of size 1), shaped `target`. The adjoint of
// numpy broadcasting.
Tensor reduceToShape(const Tensor& grad, const Shape& target);

}  // namespace quantlens::grad
