// FakeQuantize (STE) and _LearnableFakeQuantize (LSQ) against torch 1.13: outputs and gradients
// from tests/data/train/fake_quantize.json, written by tools/make_qat_fixtures.py; plus the
// worked examples of REFERENCE-SEMANTICS.md §1.5–1.6.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>

#include "core/train/fake_quantize_ste.h"
#include "core/train/learnable_fake_quantize.h"

namespace quantlens {
namespace {

nlohmann::json fixtures() {
  std::ifstream in(QUANTLENS_SOURCE_DIR "/tests/data/train/fake_quantize.json");
  return nlohmann::json::parse(in);
}

Tensor tensorOf(const nlohmann::json& c, const char* key) {
  std::vector<float> values;
  for (double v : c[key]) values.push_back(static_cast<float>(v));
  return Tensor::fromVector<float>(c["shape"].get<Shape>(), values);
}

std::vector<float> floats(const nlohmann::json& values) {
  std::vector<float> out;
  for (double v : values) out.push_back(static_cast<float>(v));
  return out;
}

TEST(FakeQuantizeSte, MatchesPyTorchOutputsAndGradientsBitForBit) {
  const nlohmann::json all = fixtures();
  ASSERT_GE(all["fake_quantize"].size(), 5u);
  for (const nlohmann::json& c : all["fake_quantize"]) {
    SCOPED_TRACE(c["name"].get<std::string>());
    const Tensor x = tensorOf(c, "x"), dy = tensorOf(c, "dy");
    const Tensor yExpected = tensorOf(c, "y"), dxExpected = tensorOf(c, "dx");
    const std::vector<float> scales = floats(c["scale"]);
    const std::vector<int64_t> zeroPoints = c["zero_point"].get<std::vector<int64_t>>();
    std::vector<uint8_t> mask;
    const int64_t axis = c["axis"];
    const Tensor y = axis < 0 ? fakeQuantizePerTensorSte(x, scales[0], zeroPoints[0], c["qmin"], c["qmax"], mask)
                              : fakeQuantizePerChannelSte(x, scales, zeroPoints, axis, c["qmin"], c["qmax"], mask);
    const Tensor dx = steBackward(dy, mask);
    int64_t clamped = 0;
    for (int64_t i = 0; i < x.numel(); ++i) {
      EXPECT_EQ(y.data<float>()[i], yExpected.data<float>()[i]) << "y[" << i << "] for x " << x.data<float>()[i];
      EXPECT_EQ(dx.data<float>()[i], dxExpected.data<float>()[i]) << "dx[" << i << "] for x " << x.data<float>()[i];
      clamped += mask[static_cast<size_t>(i)] == 0;
    }
    EXPECT_GT(clamped, 0) << "the case should clamp some values";
  }
}

TEST(FakeQuantizeSte, ReproducesTheReferenceWorkedExample) {
  // REFERENCE-SEMANTICS.md §1.5 [torch 1.13]: s = 3/255, zp = 85, [0, 255].
  const Tensor x = Tensor::fromVector<float>({8}, {-1, -0.5f, 0, 0.5f, 1, 2, 2.1f, -1.2f});
  std::vector<uint8_t> mask;
  const Tensor y = fakeQuantizePerTensorSte(x, 3.0f / 255.0f, 85, 0, 255, mask);
  const float expectedY[] = {-1, -0.4941176f, 0, 0.4941176f, 1, 2, 2, -1};
  const uint8_t expectedMask[] = {1, 1, 1, 1, 1, 1, 0, 0};
  for (int i = 0; i < 8; ++i) {
    EXPECT_NEAR(y.data<float>()[i], expectedY[i], 1e-6) << i;
    EXPECT_EQ(mask[i], expectedMask[i]) << i;
  }
}

TEST(LearnableFakeQuantize, MatchesPyTorchOutputsAndGradients) {
  const nlohmann::json all = fixtures();
  ASSERT_GE(all["learnable_fake_quantize"].size(), 6u);
  for (const nlohmann::json& c : all["learnable_fake_quantize"]) {
    SCOPED_TRACE(c["name"].get<std::string>());
    LearnableQParams p;
    p.scale = floats(c["scale"]);
    p.zeroPoint = floats(c["zero_point"]);
    p.perChannel = c["axis"].get<int64_t>() >= 0;
    p.axis = p.perChannel ? c["axis"].get<int64_t>() : 0;
    p.qmin = c["qmin"];
    p.qmax = c["qmax"];
    p.gradFactor = static_cast<float>(c["grad_factor"].get<double>());
    const Tensor x = tensorOf(c, "x"), dy = tensorOf(c, "dy");
    const Tensor yExpected = tensorOf(c, "y"), dxExpected = tensorOf(c, "dx");
    const Tensor y = learnableFakeQuantize(x, p);
    const LearnableFakeQuantGrads g = learnableFakeQuantizeBackward(dy, x, p);
    for (int64_t i = 0; i < x.numel(); ++i) {
      EXPECT_EQ(y.data<float>()[i], yExpected.data<float>()[i]) << "y[" << i << "] for x " << x.data<float>()[i];
      EXPECT_EQ(g.dx.data<float>()[i], dxExpected.data<float>()[i]) << "dx[" << i << "]";
    }
    // PyTorch sums the per-element terms in float (vectorized order), QuantLens in double: the
    // sums agree to float rounding of the terms.
    const std::vector<float> dScale = floats(c["dscale"]), dZeroPoint = floats(c["dzero_point"]);
    ASSERT_EQ(g.dScale.size(), dScale.size());
    for (size_t k = 0; k < dScale.size(); ++k) {
      EXPECT_NEAR(g.dScale[k], dScale[k], 1e-5 + 1e-5 * std::abs(dScale[k])) << "dscale[" << k << "]";
      EXPECT_NEAR(g.dZeroPoint[k], dZeroPoint[k], 1e-5 + 1e-5 * std::abs(dZeroPoint[k])) << "dzero_point[" << k << "]";
    }
  }
}

TEST(LearnableFakeQuantize, ReproducesTheReferenceWorkedExamples) {
  // REFERENCE-SEMANTICS.md §1.6 [torch 1.13], dY = 1.
  LearnableQParams p;
  p.scale = {0.5f};
  p.zeroPoint = {1.0f};
  p.qmin = 0;
  p.qmax = 7;
  {
    const Tensor x = Tensor::fromVector<float>({5}, {-1, 0.3f, 0.9f, 2, 3.5f});
    const Tensor y = learnableFakeQuantize(x, p);
    const float expectedY[] = {-0.5f, 0.5f, 1, 2, 3};
    for (int i = 0; i < 5; ++i) EXPECT_FLOAT_EQ(y.data<float>()[i], expectedY[i]) << i;
    const auto g = learnableFakeQuantizeBackward(Tensor::fromVector<float>({5}, {1, 1, 1, 1, 1}), x, p);
    const float expectedDx[] = {0, 1, 1, 1, 0};
    for (int i = 0; i < 5; ++i) EXPECT_EQ(g.dx.data<float>()[i], expectedDx[i]) << i;
    EXPECT_NEAR(g.dScale[0], 5.6f, 1e-5);
    EXPECT_NEAR(g.dZeroPoint[0], -1.0f, 1e-6);
  }
  {
    // zp 2.5: the forward rounds it to 2 (half to even), the backward to 3 (half up).
    p.zeroPoint = {2.5f};
    const Tensor x = Tensor::fromVector<float>({4}, {0, 0.24f, 0.26f, 3.2f});
    const Tensor y = learnableFakeQuantize(x, p);
    const float expectedY[] = {0, 0, 0.5f, 2.5f};
    for (int i = 0; i < 4; ++i) EXPECT_FLOAT_EQ(y.data<float>()[i], expectedY[i]) << i;
    const auto g = learnableFakeQuantizeBackward(Tensor::fromVector<float>({4}, {1, 1, 1, 1}), x, p);
    const float expectedDx[] = {1, 1, 1, 0};
    for (int i = 0; i < 4; ++i) EXPECT_EQ(g.dx.data<float>()[i], expectedDx[i]) << i;
    EXPECT_NEAR(g.dScale[0], 4.0f, 1e-5);
    EXPECT_NEAR(g.dZeroPoint[0], -0.5f, 1e-6);
  }
}

}  // namespace
}  // namespace quantlens
