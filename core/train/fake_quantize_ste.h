// PyTorch's fake_quantize_per_{tensor,channel}_affine with the straight-through estimator.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "core/tensor/tensor.h"

namespace quantlens {

// y = (clamp(q, qmin, qmax) − zp)·s with q = zp + nearbyint(x·f32(1/s)) (RNE), as PyTorch's
// fake-quant kernels; `mask` receives, per element, whether qmin ≤ q ≤ qmax: the elements
// whose gradient the STE passes. Per-channel scales and zero points run along `axis` of x.
Tensor fakeQuantizePerTensorSte(const Tensor& x, float scale, int64_t zeroPoint, int64_t qmin, int64_t qmax,
                                std::vector<uint8_t>& mask);
Tensor fakeQuantizePerChannelSte(const Tensor& x, std::span<const float> scales,
                                 std::span<const int64_t> zeroPoints, int64_t axis, int64_t qmin, int64_t qmax,
                                 std::vector<uint8_t>& mask);

// The STE backward: dX = dY where the mask is set, 0 where the forward clamped.
Tensor steBackward(const Tensor& dy, const std::vector<uint8_t>& mask);

// x viewed as [outer, channels, inner] around `axis` (the layout per-channel loops walk).
struct ChannelLayout {
  int64_t outer = 1;
  int64_t channels = 1;
  int64_t inner = 1;
};
ChannelLayout channelLayout(const Shape& shape, int64_t axis);

}  // namespace quantlens
