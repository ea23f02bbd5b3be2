// FakeQuantize forward with its clamp mask, and the straight-through backward.
#include "core/train/fake_quantize_ste.h"

#include <cassert>
#include <cmath>
#include <string>

#include "core/error.h"

namespace quantlens {
namespace {

// One element, as _fake_quantize_tensor_helper / _fake_quant_per_channel_cachemask_cpu_helper.
inline float fakeQuantizeOne(float x, float scale, float inverse, float zeroPoint, float qmin, float qmax,
                             uint8_t& inside) {
  const float q = zeroPoint + std::nearbyint(x * inverse);  // before the clamp
  inside = q >= qmin && q <= qmax;
  return (std::fmin(std::fmax(q, qmin), qmax) - zeroPoint) * scale;
}

void checkRange(float scale, int64_t zeroPoint, int64_t qmin, int64_t qmax) {
  if (!(qmin < qmax)) throw Error("fake quantization needs qmin < qmax but has [" + std::to_string(qmin) + ", " +
                                  std::to_string(qmax) + "]");
  if (!(scale > 0.0f) || !std::isfinite(scale))
    throw Error("fake quantization needs a positive finite scale but has " + std::to_string(scale));
  // PyTorch's TORCH_CHECK in fake_quantize_per_tensor_affine.
  if (zeroPoint < qmin || zeroPoint > qmax)
    throw Error("zero point " + std::to_string(zeroPoint) + " is outside the quantized range [" +
                std::to_string(qmin) + ", " + std::to_string(qmax) + "]");
}

}  // namespace

ChannelLayout channelLayout(const Shape& shape, int64_t axis) {
  ChannelLayout layout;
  for (int64_t d = 0; d < static_cast<int64_t>(shape.size()); ++d) {
    if (d < axis) layout.outer *= shape[static_cast<size_t>(d)];
    else if (d == axis) layout.channels = shape[static_cast<size_t>(d)];
    else layout.inner *= shape[static_cast<size_t>(d)];
  }
  return layout;
}

Tensor fakeQuantizePerTensorSte(const Tensor& x, float scale, int64_t zeroPoint, int64_t qmin, int64_t qmax,
                                std::vector<uint8_t>& mask) {
  checkRange(scale, zeroPoint, qmin, qmax);
  const float inverse = 1.0f / scale;  // PyTorch multiplies by the float32 reciprocal
  Tensor y(DataType::Float32, x.shape());
  mask.resize(static_cast<size_t>(x.numel()));
  const float* in = x.data<float>();
  float* out = y.data<float>();
  for (int64_t i = 0; i < x.numel(); ++i)
    out[i] = fakeQuantizeOne(in[i], scale, inverse, static_cast<float>(zeroPoint), static_cast<float>(qmin),
                             static_cast<float>(qmax), mask[static_cast<size_t>(i)]);
  return y;
}

Tensor fakeQuantizePerChannelSte(const Tensor& x, std::span<const float> scales,
                                 std::span<const int64_t> zeroPoints, int64_t axis, int64_t qmin, int64_t qmax,
                                 std::vector<uint8_t>& mask) {
  const int64_t resolved = normalizeAxis(axis, x.rank());
  if (resolved < 0) throw Error("per-channel axis " + std::to_string(axis) + " is outside " + shapeToString(x.shape()));
  const ChannelLayout layout = channelLayout(x.shape(), resolved);
  if (static_cast<int64_t>(scales.size()) != layout.channels || zeroPoints.size() != scales.size())
    throw Error("per-channel fake quantization of " + shapeToString(x.shape()) + " along axis " +
                std::to_string(resolved) + " needs " + std::to_string(layout.channels) + " scales and zero points but has " +
                std::to_string(scales.size()) + " and " + std::to_string(zeroPoints.size()));
  for (size_t c = 0; c < scales.size(); ++c) checkRange(scales[c], zeroPoints[c], qmin, qmax);
  Tensor y(DataType::Float32, x.shape());
  mask.resize(static_cast<size_t>(x.numel()));
  const float* in = x.data<float>();
  float* out = y.data<float>();
  for (int64_t o = 0; o < layout.outer; ++o)
    for (int64_t c = 0; c < layout.channels; ++c) {
      const float scale = scales[static_cast<size_t>(c)];
      const float inverse = 1.0f / scale;
      const float zeroPoint = static_cast<float>(zeroPoints[static_cast<size_t>(c)]);
      const int64_t base = (o * layout.channels + c) * layout.inner;
      for (int64_t i = base; i < base + layout.inner; ++i)
        out[i] = fakeQuantizeOne(in[i], scale, inverse, zeroPoint, static_cast<float>(qmin),
                                 static_cast<float>(qmax), mask[static_cast<size_t>(i)]);
    }
  return y;
}

Tensor steBackward(const Tensor& dy, const std::vector<uint8_t>& mask) {
  assert(static_cast<size_t>(dy.numel()) == mask.size() && "one mask entry per gradient element");
  Tensor dx(DataType::Float32, dy.shape());
  const float* g = dy.data<float>();
  float* out = dx.data<float>();
  for (int64_t i = 0; i < dy.numel(); ++i) out[i] = mask[static_cast<size_t>(i)] ? g[i] : 0.0f;
  return dx;
}

}  // namespace quantlens
