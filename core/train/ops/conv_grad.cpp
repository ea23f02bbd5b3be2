// Conv backward: dX by the transposed convolution, dW by im2col + GEMM, dB by summing dY.
#include <vector>

#include "core/runtime/ops/nn/op_checks.h"
#include "core/runtime/ops/nn/window_attributes.h"
#include "core/train/ops/grad_ops.h"
#include "kernels/conv_f32.h"
#include "kernels/gemm_f32.h"
#include "kernels/im2col_f32.h"

namespace quantlens::grad {

void convBackward(BackwardContext& context) {
  const Tensor& x = context.input(0);
  const Tensor& w = context.input(1);
  const Tensor& dy = context.outputGrad();
  const OpContext forward = context.forwardContext();
  const int64_t spatialRank = nn::spatialRankOf(forward, x);
  const int64_t groups = context.attributes().getInt("group", 1);
  const Shape weightKernel(w.shape().begin() + 2, w.shape().end());
  nn::WindowAttributes attributes = nn::readWindowAttributes(forward, spatialRank, weightKernel);
  attributes.ceilMode = false;

  // The forward's geometry, exactly as runConv builds it.
  kernels::ConvF32Params params;
  params.batch = x.dim(0);
  params.inputChannels = x.dim(1);
  params.outputChannels = w.dim(0);
  params.groups = groups;
  params.geometry = nn::slidingWindowGeometry(forward, attributes, Shape(x.shape().begin() + 2, x.shape().end()));
  const kernels::WindowGeometry& g = params.geometry;
  if (dy.numel() != params.batch * params.outputChannels * g.outputPlane())
    throw context.error("output gradient has shape " + shapeToString(dy.shape()) +
                        ", which does not match the convolution's output");

  if (context.wantsGrad(0)) {
    // dX[n][c][i] = Σ_{m,k} dY[n][m][o] · W[m][c][k] over the windows o reading cell i: the
    // transposed convolution of dY with the same weights (M/G filters per group become the
    // transposed problem's input channels).
    kernels::ConvF32Params transposed = params;
    transposed.inputChannels = params.outputChannels;
    transposed.outputChannels = params.inputChannels;
    Tensor dx(DataType::Float32, x.shape());
    kernels::convTransposeF32(transposed, dy.data<float>(), w.data<float>(), nullptr, dx.data<float>());
    context.setInputGrad(0, std::move(dx));
  }

  const int64_t channelsPerGroup = params.inputChannels / groups;
  const int64_t filtersPerGroup = params.outputChannels / groups;
  const int64_t rows = channelsPerGroup * g.kernelVolume();  // patch rows of one group
  const int64_t positions = g.outputPlane();
  if (context.wantsGrad(1)) {
    // dW_g[M/G × C/G·k] = Σ_n dY_g[n] (M/G × positions) · im2col(X_g[n])ᵀ (positions × C/G·k).
    Tensor dw = Tensor::zeros(DataType::Float32, w.shape());
    std::vector<float> columns(static_cast<size_t>(rows * positions));
    for (int64_t n = 0; n < params.batch; ++n) {
      for (int64_t group = 0; group < groups; ++group) {
        const float* image = x.data<float>() + (n * params.inputChannels + group * channelsPerGroup) * g.inputPlane();
        kernels::im2colF32(image, channelsPerGroup, g, 0, positions, columns.data());
        const float* dyGroup = dy.data<float>() + (n * params.outputChannels + group * filtersPerGroup) * positions;
        float* dwGroup = dw.data<float>() + group * filtersPerGroup * rows;
        kernels::gemmF32(false, true, filtersPerGroup, rows, positions, 1.0f, dyGroup, positions, columns.data(),
                         positions, 1.0f, dwGroup, rows);
      }
    }
    context.setInputGrad(1, std::move(dw));
  }

  if (context.optionalInput(2) && context.wantsGrad(2)) {
    Tensor db(DataType::Float32, context.input(2).shape());
    float* out = db.data<float>();
    for (int64_t m = 0; m < params.outputChannels; ++m) {
      double sum = 0.0;
      for (int64_t n = 0; n < params.batch; ++n) {
        const float* plane = dy.data<float>() + (n * params.outputChannels + m) * positions;
        for (int64_t o = 0; o < positions; ++o) sum += plane[o];
      }
      out[m] = static_cast<float>(sum);
    }
    context.setInputGrad(2, std::move(db));
  }
}

}  // namespace quantlens::grad
