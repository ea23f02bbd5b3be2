// PyTorch's _LearnableFakeQuantize (LSQ): fake quantization whose scale and zero point are trained.
#pragma once

#include <cstdint>
#include <vector>

#include "core/tensor/tensor.h"

namespace quantlens {

// Float scale and zero point per tensor (one entry, perChannel false) or per channel along `axis`.
struct LearnableQParams {
  std::vector<float> scale;
  std::vector<float> zeroPoint;  // float: a parameter, rounded where used
  bool perChannel = false;
  int64_t axis = 0;
  int64_t qmin = 0;
  int64_t qmax = 255;
  // 1/sqrt(numel · qmax) with use_grad_scaling, else 1 (LSQ's gradient scale g).
  float gradFactor = 1.0f;
};

// Forward of torch._fake_quantize_learnable_per_{tensor,channel}_affine: the fake quantization
// with zp_f = clamp(nearbyint(zp), qmin, qmax).
Tensor learnableFakeQuantize(const Tensor& x, const LearnableQParams& params);

struct LearnableFakeQuantGrads {
  Tensor dx;                       // STE: dY inside the range, 0 where clamped
  std::vector<float> dScale;       // one per scale entry, summed over its elements
  std::vector<float> dZeroPoint;   // one per zero-point entry
};

// Backward of the same, as PyTorch's CPU kernels. With xq = nearbyint(zp_b + x·f32(1/s)):
//   inside  (qmin ≤ xq ≤ qmax): dX = dY, dS = dY·((xq − zp_b)·s − x)/s·g, dZ = 0
//   below / above:               dX = 0,  dS = dY·(qmin|qmax − zp_b)·g,   dZ = −dY·s·g
// where the backward's zero point zp_b is (int)clamp(zp + 0.5, qmin, qmax) per tensor (round
// half up, unlike the forward) and clamp(round-half-even(zp)) per channel.
LearnableFakeQuantGrads learnableFakeQuantizeBackward(const Tensor& dy, const Tensor& x,
                                                      const LearnableQParams& params);

}  // namespace quantlens
