// MaxPool, AveragePool and GlobalAveragePool backward: each output's gradient goes back to the
// cells its window read (the winner for max, every counted tap equally for average).
#include <vector>

#include "core/runtime/ops/nn/op_checks.h"
#include "core/runtime/ops/nn/window_attributes.h"
#include "core/train/ops/grad_ops.h"
#include "kernels/pooling.h"

namespace quantlens::grad {
namespace {

kernels::WindowGeometry poolingGeometry(const BackwardContext& context, const Tensor& x) {
  const OpContext forward = context.forwardContext();
  const int64_t spatialRank = nn::spatialRankOf(forward, x);
  const nn::WindowAttributes attributes = nn::readWindowAttributes(forward, spatialRank);
  return nn::slidingWindowGeometry(forward, attributes, Shape(x.shape().begin() + 2, x.shape().end()));
}

// The taps k < kernel of a window starting at `start` that land in [lo, hi).
struct TapRange {
  int64_t begin = 0;
  int64_t end = 0;
};
TapRange tapsWithin(int64_t start, int64_t dilation, int64_t kernel, int64_t lo, int64_t hi) {
  TapRange range{kernel, 0};
  for (int64_t k = 0; k < kernel; ++k) {
    const int64_t cell = start + k * dilation;
    if (cell < lo || cell >= hi) continue;
    if (range.begin > k) range.begin = k;
    range.end = k + 1;
  }
  if (range.begin > range.end) range.begin = range.end;
  return range;
}

}  // namespace

void maxPoolBackward(BackwardContext& context) {
  if (!context.wantsGrad(0)) return;
  const Tensor& x = context.input(0);
  const Tensor& dy = context.outputGrad();
  if (x.dtype() != DataType::Float32) throw context.unsupported("only float32 MaxPool is differentiated");
  const kernels::WindowGeometry g = poolingGeometry(context, x);
  const int64_t planes = x.dim(0) * x.dim(1);
  // Recomputing the winners is cheaper than keeping an index tensor for every MaxPool.
  std::vector<float> scratch(static_cast<size_t>(planes * g.outputPlane()));
  std::vector<int64_t> winners(scratch.size());
  kernels::maxPoolF32(x.data<float>(), planes, g, scratch.data(), winners.data());
  Tensor dx = Tensor::zeros(DataType::Float32, x.shape());
  float* out = dx.data<float>();
  const float* g0 = dy.data<float>();
  for (size_t i = 0; i < winners.size(); ++i)
    if (winners[i] >= 0) out[winners[i]] += g0[i];  // ties: the first maximum, as the forward
  context.setInputGrad(0, std::move(dx));
}

void averagePoolBackward(BackwardContext& context) {
  if (!context.wantsGrad(0)) return;
  const Tensor& x = context.input(0);
  const Tensor& dy = context.outputGrad();
  const kernels::WindowGeometry g = poolingGeometry(context, x);
  const bool countIncludePad = context.attributes().getInt("count_include_pad", 0) == 1;
  const int64_t planes = x.dim(0) * x.dim(1);
  const int64_t inH = g.input[1], inW = g.input[2];
  Tensor dx = Tensor::zeros(DataType::Float32, x.shape());
  for (int64_t p = 0; p < planes; ++p) {
    float* image = dx.data<float>() + p * g.inputPlane();
    const float* grads = dy.data<float>() + p * g.outputPlane();
    for (int64_t od = 0; od < g.output[0]; ++od) {
      const int64_t z0 = od * g.stride[0] - g.padBegin[0];
      const TapRange zs = tapsWithin(z0, g.dilation[0], g.kernel[0], 0, g.input[0]);
      const TapRange zp = tapsWithin(z0, g.dilation[0], g.kernel[0], -g.padBegin[0], g.input[0] + g.padEnd[0]);
      for (int64_t oh = 0; oh < g.output[1]; ++oh) {
        const int64_t y0 = oh * g.stride[1] - g.padBegin[1];
        const TapRange ys = tapsWithin(y0, g.dilation[1], g.kernel[1], 0, inH);
        const TapRange yp = tapsWithin(y0, g.dilation[1], g.kernel[1], -g.padBegin[1], inH + g.padEnd[1]);
        for (int64_t ow = 0; ow < g.output[2]; ++ow) {
          const int64_t x0 = ow * g.stride[2] - g.padBegin[2];
          const TapRange xs = tapsWithin(x0, g.dilation[2], g.kernel[2], 0, inW);
          const TapRange xp = tapsWithin(x0, g.dilation[2], g.kernel[2], -g.padBegin[2], inW + g.padEnd[2]);
          // The same divisor as the forward (kernels::averagePoolF32).
          const int64_t count = countIncludePad
                                    ? (zp.end - zp.begin) * (yp.end - yp.begin) * (xp.end - xp.begin)
                                    : (zs.end - zs.begin) * (ys.end - ys.begin) * (xs.end - xs.begin);
          if (count == 0) continue;
          const float share = grads[(od * g.output[1] + oh) * g.output[2] + ow] / static_cast<float>(count);
          for (int64_t kd = zs.begin; kd < zs.end; ++kd) {
            const int64_t z = z0 + kd * g.dilation[0];
            for (int64_t kh = ys.begin; kh < ys.end; ++kh) {
              float* row = image + (z * inH + y0 + kh * g.dilation[1]) * inW;
              for (int64_t kw = xs.begin; kw < xs.end; ++kw) row[x0 + kw * g.dilation[2]] += share;
            }
          }
        }
      }
    }
  }
  context.setInputGrad(0, std::move(dx));
}

void globalAveragePoolBackward(BackwardContext& context) {
  if (!context.wantsGrad(0)) return;
  const Tensor& x = context.input(0);
  const Tensor& dy = context.outputGrad();
  const int64_t planes = x.dim(0) * x.dim(1);
  const int64_t plane = planes == 0 ? 0 : x.numel() / planes;
  Tensor dx(DataType::Float32, x.shape());
  float* out = dx.data<float>();
  for (int64_t p = 0; p < planes; ++p) {
    const float share = dy.data<float>()[p] / static_cast<float>(plane);
    std::fill(out + p * plane, out + (p + 1) * plane, share);
  }
  context.setInputGrad(0, std::move(dx));
}

}  // namespace quantlens::grad
