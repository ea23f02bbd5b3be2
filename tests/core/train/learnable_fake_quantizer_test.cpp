// The LSQ quantizer module: it applies the (PyTorch-checked) learnable fake quantization kernels
// to its own parameters, restarts gradients each forward, adds its sharers' gradients, and keeps
// symmetric zero points fixed.
#include "core/train/learnable_fake_quantizer.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "tests/core/train/gradient_check.h"

namespace quantlens::test {
namespace {

QParams affineUint8(float scale, int32_t zeroPoint) {
  return QParams::perTensor(scale, zeroPoint, QuantScheme::make({QuantDtype::UInt8, 8}, false));
}

LearnableQParams kernelParams(float scale, float zeroPoint, int64_t numel) {
  LearnableQParams p;
  p.scale = {scale};
  p.zeroPoint = {zeroPoint};
  p.qmin = 0;
  p.qmax = 255;
  p.gradFactor = static_cast<float>(1.0 / std::sqrt(static_cast<double>(numel) * 255.0));  // use_grad_scaling
  return p;
}

TEST(LearnableFakeQuantizer, AddsTheGradientsOfItsSharersToItsOwn) {
  std::mt19937 rng(2);
  const Tensor x1 = randomTensor({4, 6}, rng, -1.0f, 3.0f);
  const Tensor x2 = randomTensor({10}, rng, -2.0f, 4.0f);
  const Tensor g1 = randomTensor({4, 6}, rng);
  const Tensor g2 = randomTensor({10}, rng);
  LearnableFakeQuantizer quantizer(affineUint8(0.02f, 60));
  auto sharer = quantizer.makeSharer();

  const Tensor y1 = quantizer.forward(x1);
  const Tensor y2 = sharer->forward(x2);
  const Tensor expectedY1 = learnableFakeQuantize(x1, kernelParams(0.02f, 60.0f, 24));
  EXPECT_TRUE(std::equal(y1.values<float>().begin(), y1.values<float>().end(), expectedY1.values<float>().begin()));
  const Tensor dx2 = sharer->backward(g2);
  const Tensor dx1 = quantizer.backward(g1);

  // Each with its own grad factor 1/sqrt(numel·255); the parameters collect both.
  const auto k1 = learnableFakeQuantizeBackward(g1, x1, kernelParams(0.02f, 60.0f, 24));
  const auto k2 = learnableFakeQuantizeBackward(g2, x2, kernelParams(0.02f, 60.0f, 10));
  EXPECT_FLOAT_EQ(quantizer.scaleGrad().data<float>()[0], k1.dScale[0] + k2.dScale[0]);
  EXPECT_FLOAT_EQ(quantizer.zeroPointGrad().data<float>()[0], k1.dZeroPoint[0] + k2.dZeroPoint[0]);
  EXPECT_TRUE(std::equal(dx1.values<float>().begin(), dx1.values<float>().end(), k1.dx.values<float>().begin()));
  EXPECT_TRUE(std::equal(dx2.values<float>().begin(), dx2.values<float>().end(), k2.dx.values<float>().begin()));

  // The next forward starts a new step.
  quantizer.forward(x1);
  EXPECT_EQ(quantizer.scaleGrad().data<float>()[0], 0.0f);
}

TEST(LearnableFakeQuantizer, ReportsRoundedClampedQParamsAndTheirRanges) {
  LearnableFakeQuantizer quantizer(affineUint8(0.5f, 10));
  quantizer.zeroPoint().data<float>()[0] = 12.5f;  // trained to a tie: rounds half to even, 12
  const QParams q = quantizer.qparams();
  EXPECT_EQ(q.zeroPoints[0], 12);
  // [(0 − 12)·0.5, (255 − 12)·0.5]
  EXPECT_FLOAT_EQ(quantizer.ranges()[0].min, -6.0f);
  EXPECT_FLOAT_EQ(quantizer.ranges()[0].max, 121.5f);
  quantizer.scale().data<float>()[0] = -1.0f;  // an optimizer overshoot: clamped to eps as PyTorch
  EXPECT_FLOAT_EQ(quantizer.qparams().scales[0], 1.1920929e-07f);
}

TEST(LearnableFakeQuantizer, KeepsASymmetricZeroPointFixed) {
  const QuantScheme scheme = QuantScheme::make({QuantDtype::Int8, 8}, true);
  LearnableFakeQuantizer quantizer(QParams::perTensor(0.01f, 0, scheme));
  EXPECT_FALSE(quantizer.learnsZeroPoint());
  std::mt19937 rng(3);
  const Tensor x = randomTensor({32}, rng, -3.0f, 3.0f);  // mostly clamped: dZ ≠ 0 in the kernel
  quantizer.forward(x);
  quantizer.backward(randomTensor({32}, rng));
  EXPECT_EQ(quantizer.zeroPointGrad().data<float>()[0], 0.0f);
  EXPECT_NE(quantizer.scaleGrad().data<float>()[0], 0.0f);
}

}  // namespace
}  // namespace quantlens::test
