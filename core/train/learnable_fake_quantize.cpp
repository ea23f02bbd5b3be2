// LSQ forward (through the STE fake quantization) and backward (fake_quantize_learnable_*_grad_kernel_cpu).
#include "core/train/learnable_fake_quantize.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "core/error.h"
#include "core/train/fake_quantize_ste.h"

namespace quantlens {
namespace {

ChannelLayout layoutOf(const Tensor& x, const LearnableQParams& p) {
  if (!p.perChannel) {
    if (p.scale.size() != 1 || p.zeroPoint.size() != 1)
      throw Error("per-tensor learnable fake quantization needs one scale and one zero point");
    return {1, 1, x.numel()};
  }
  const int64_t axis = normalizeAxis(p.axis, x.rank());
  if (axis < 0) throw Error("per-channel axis " + std::to_string(p.axis) + " is outside " + shapeToString(x.shape()));
  const ChannelLayout layout = channelLayout(x.shape(), axis);
  if (static_cast<int64_t>(p.scale.size()) != layout.channels || p.zeroPoint.size() != p.scale.size())
    throw Error("learnable fake quantization of " + shapeToString(x.shape()) + " along axis " +
                std::to_string(axis) + " needs " + std::to_string(layout.channels) +
                " scales and zero points but has " + std::to_string(p.scale.size()) + " and " +
                std::to_string(p.zeroPoint.size()));
  return layout;
}

float clampTo(float v, int64_t qmin, int64_t qmax) {
  return std::min(std::max(v, static_cast<float>(qmin)), static_cast<float>(qmax));
}

}  // namespace

Tensor learnableFakeQuantize(const Tensor& x, const LearnableQParams& p) {
  layoutOf(x, p);
  std::vector<int64_t> zeroPoints;
  for (float zp : p.zeroPoint) zeroPoints.push_back(static_cast<int64_t>(clampTo(std::nearbyint(zp), p.qmin, p.qmax)));
  std::vector<uint8_t> mask;
  if (!p.perChannel) return fakeQuantizePerTensorSte(x, p.scale[0], zeroPoints[0], p.qmin, p.qmax, mask);
  return fakeQuantizePerChannelSte(x, p.scale, zeroPoints, p.axis, p.qmin, p.qmax, mask);
}

LearnableFakeQuantGrads learnableFakeQuantizeBackward(const Tensor& dy, const Tensor& x, const LearnableQParams& p) {
  const ChannelLayout layout = layoutOf(x, p);
  if (dy.shape() != x.shape())
    throw Error("learnable fake quantization got a gradient of shape " + shapeToString(dy.shape()) +
                " for an input of shape " + shapeToString(x.shape()));
  LearnableFakeQuantGrads grads;
  grads.dx = Tensor(DataType::Float32, x.shape());
  grads.dScale.assign(p.scale.size(), 0.0f);
  grads.dZeroPoint.assign(p.zeroPoint.size(), 0.0f);
  const float qmin = static_cast<float>(p.qmin), qmax = static_cast<float>(p.qmax);
  const float* in = x.data<float>();
  const float* g = dy.data<float>();
  float* dx = grads.dx.data<float>();
  for (int64_t c = 0; c < layout.channels; ++c) {
    const float scale = p.scale[static_cast<size_t>(c)];
    const float inverse = 1.0f / scale;
    const float zp = p.zeroPoint[static_cast<size_t>(c)];
    // The backward's own rounding of the zero point (see the header).
    const float zeroPoint = p.perChannel ? clampTo(std::nearbyint(zp), p.qmin, p.qmax)
                                         : std::trunc(clampTo(zp + 0.5f, p.qmin, p.qmax));
    double dScale = 0.0, dZeroPoint = 0.0;
    for (int64_t o = 0; o < layout.outer; ++o) {
      const int64_t base = (o * layout.channels + c) * layout.inner;
      for (int64_t i = base; i < base + layout.inner; ++i) {
        const float xq = std::nearbyint(zeroPoint + in[i] * inverse);
        if (xq < qmin || xq > qmax) {
          dx[i] = 0.0f;
          dScale += static_cast<double>(g[i]) * ((xq < qmin ? qmin : qmax) - zeroPoint) * p.gradFactor;
          dZeroPoint -= static_cast<double>(g[i]) * scale * p.gradFactor;
        } else {
          dx[i] = g[i];
          const float dequantized = (xq - zeroPoint) * scale;
          dScale += static_cast<double>(g[i]) * ((dequantized - in[i]) * inverse) * p.gradFactor;
        }
      }
    }
    grads.dScale[static_cast<size_t>(c)] = static_cast<float>(dScale);
    grads.dZeroPoint[static_cast<size_t>(c)] = static_cast<float>(dZeroPoint);
  }
  return grads;
}

}  // namespace quantlens
