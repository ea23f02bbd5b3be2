// Scale and zero point from ranges: the worked numbers of REFERENCE-SEMANTICS §1.2/§1.3 (real
// torch 1.13 outputs) and §2.2 (ORT replica), per-channel and per-group layouts, and bad ranges.
#include "core/quant/qparams.h"

#include <cmath>
#include <limits>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/error.h"
#include "core/quant/quant_layout.h"

namespace quantlens {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr float kEps = 1.1920929e-07f;  // torch.finfo(torch.float32).eps, the observers' eps buffer

QuantScheme scheme(std::string_view dtype, bool symmetric, QuantReference reference = QuantReference::PyTorch,
                   bool reduceRange = false) {
  QuantScheme s = QuantScheme::make(parseQuantDtype(dtype), symmetric, Granularity::perTensor(), reference);
  s.reduceRange = reduceRange;
  return s;
}

QuantScheme customRange(QuantScheme s, int32_t qmin, int32_t qmax) {
  s.quantMin = qmin;
  s.quantMax = qmax;
  return s;
}

ScaleZeroPoint of(float min, float max, const QuantScheme& s) { return computeScaleZeroPoint(min, max, s); }

// X = [-1, -0.5, 0, 0.5, 1, 2] observed by MinMaxObserver: (min, max) = (-1, 2).
struct TableRow {
  const char* config;
  QuantScheme scheme;
  float scale;
  int32_t zeroPoint;
};

TEST(ComputeQParams, MatchesThePyTorchWorkedTable) {
  // REFERENCE-SEMANTICS §1.3 worked example [torch 1.13].
  const TableRow rows[] = {
      {"quint8 affine", scheme("uint8", false), 0.0117647061f, 85},
      {"qint8 affine", scheme("int8", false), 0.0117647061f, -43},
      {"quint8 affine reduce_range", scheme("uint8", false, QuantReference::PyTorch, true), 0.0236220472f, 42},
      {"qint8 affine reduce_range", scheme("int8", false, QuantReference::PyTorch, true), 0.0236220472f, -22},
      {"qint8 symmetric", scheme("int8", true), 0.0156862754f, 0},
      {"quint8 symmetric", scheme("uint8", true), 0.0156862754f, 128},
      {"qint8 symmetric [-127,127]", customRange(scheme("int8", true), -127, 127), 0.0157480314f, 0},
      {"quint8 symmetric [0,127]", customRange(scheme("uint8", true), 0, 127), 0.0314960629f, 63},
  };
  for (const TableRow& row : rows) {
    const ScaleZeroPoint result = of(-1.0f, 2.0f, row.scheme);
    EXPECT_NEAR(result.scale, row.scale, 1e-6 * row.scale) << row.config;
    EXPECT_EQ(result.zeroPoint, row.zeroPoint) << row.config;
  }
}

TEST(ComputeQParams, HandlesThePyTorchEdgeCases) {
  // REFERENCE-SEMANTICS §1.2 edge cases [torch 1.13].
  EXPECT_EQ(of(0.0f, 0.0f, scheme("uint8", false)), (ScaleZeroPoint{kEps, 0}));  // all zeros: eps, qmin
  EXPECT_EQ(of(0.0f, 0.0f, scheme("int8", true)), (ScaleZeroPoint{kEps, 0}));
  EXPECT_EQ(of(0.0f, 0.0f, scheme("int8", false)), (ScaleZeroPoint{kEps, -128}));
  EXPECT_EQ(of(2.5f, 2.5f, scheme("uint8", false)), (ScaleZeroPoint{2.5f / 255.0f, 0}));  // constant
  EXPECT_EQ(of(0.5f, 3.0f, scheme("uint8", false)), (ScaleZeroPoint{3.0f / 255.0f, 0}));  // positive only
  EXPECT_EQ(of(-3.0f, -1.0f, scheme("uint8", false)), (ScaleZeroPoint{3.0f / 255.0f, 255}));  // negative only
  // An observer that saw nothing (+inf, -inf) gives (1.0, 0), for ONNX Runtime too.
  constexpr float kInf = std::numeric_limits<float>::infinity();
  EXPECT_EQ(of(kInf, -kInf, scheme("uint8", false)), (ScaleZeroPoint{1.0f, 0}));
  EXPECT_EQ(of(kInf, -kInf, scheme("int8", true, QuantReference::OnnxRuntime)), (ScaleZeroPoint{1.0f, 0}));
}

TEST(ComputeQParams, MatchesTheMovingAverageRangeOfTheWorkedExample) {
  // REFERENCE-SEMANTICS §1.3: after X then [-3, 4] with c = 0.01 the range is (-1.02, 2.02),
  // giving scale 0.0119215688 and zero point 86 [torch 1.13] (quint8 affine).
  const float min = -1.0f + 0.01f * (-3.0f - -1.0f);
  const float max = 2.0f + 0.01f * (4.0f - 2.0f);
  const ScaleZeroPoint result = of(min, max, scheme("uint8", false));
  EXPECT_NEAR(result.scale, 0.0119215688f, 1e-6 * 0.0119215688f);
  EXPECT_EQ(result.zeroPoint, 86);
}

TEST(ComputeQParams, ComputesPerChannelQParamsOfAWeightLikePyTorch) {
  // REFERENCE-SEMANTICS §1.3 PerChannel example, W rows [-1,0,2] / [.1,.2,.4] / [-.3,-.2,-.1].
  const Tensor w = Tensor::fromVector<float>({3, 3}, {-1, 0, 2, .1f, .2f, .4f, -.3f, -.2f, -.1f});
  QuantScheme symmetric = scheme("int8", true);
  symmetric.granularity = Granularity::perChannel(0);
  const QParams sym = computeQParams(w, symmetric);
  ASSERT_EQ(sym.scales.size(), 3u);
  const float symScales[] = {0.0156862754f, 0.0031372549f, 0.0023529413f};
  for (size_t c = 0; c < 3; ++c) EXPECT_NEAR(sym.scales[c], symScales[c], 1e-6 * symScales[c]) << c;
  EXPECT_THAT(sym.zeroPoints, ElementsAre(0, 0, 0));

  QuantScheme affine = scheme("uint8", false);
  affine.granularity = Granularity::perChannel(0);
  const QParams aff = computeQParams(w, affine);
  const float affScales[] = {0.0117647061f, 0.0015686274f, 0.0011764707f};
  for (size_t c = 0; c < 3; ++c) EXPECT_NEAR(aff.scales[c], affScales[c], 1e-6 * affScales[c]) << c;
  EXPECT_THAT(aff.zeroPoints, ElementsAre(85, 0, 255));
}

TEST(ComputeQParams, MatchesTheOnnxRuntimeReplicaTable) {
  // REFERENCE-SEMANTICS §2.2 [replica], rmin = -1, rmax = 2.
  constexpr auto kOrt = QuantReference::OnnxRuntime;
  const TableRow rows[] = {
      {"u8", scheme("uint8", false, kOrt), 0.01176471f, 85},
      {"i8", scheme("int8", false, kOrt), 0.01176471f, -43},
      {"u8 symmetric [0,254]", scheme("uint8", true, kOrt), 0.01574803f, 127},
      {"i8 symmetric", scheme("int8", true, kOrt), 0.01574803f, 0},
      {"u8 reduce_range", scheme("uint8", false, kOrt, true), 0.02362205f, 42},
      {"i8 reduce_range [-64,64]", scheme("int8", false, kOrt, true), 3.0f / 128.0f, -21},
      {"u8 reduce_range symmetric", scheme("uint8", true, kOrt, true), 0.03149606f, 64},  // rne(63.5)
  };
  for (const TableRow& row : rows) {
    const ScaleZeroPoint result = of(-1.0f, 2.0f, row.scheme);
    // The table prints 7 significant digits.
    EXPECT_NEAR(result.scale, row.scale, 5e-7 * row.scale + 5e-9) << row.config;
    EXPECT_EQ(result.zeroPoint, row.zeroPoint) << row.config;
  }
  EXPECT_EQ(of(0.0f, 0.0f, scheme("uint8", false, kOrt)), (ScaleZeroPoint{1.0f, 0}));  // all zeros
  EXPECT_EQ(of(0.0f, 0.0f, scheme("int8", true, kOrt)), (ScaleZeroPoint{1.0f, 0}));
}

TEST(ComputeQParams, DividesSymmetricInt8By127Point5InPyTorchAnd127InOnnxRuntime) {
  EXPECT_EQ(of(-2.0f, 1.0f, scheme("int8", true)).scale, 2.0f / 127.5f);
  EXPECT_EQ(of(-2.0f, 1.0f, scheme("int8", true, QuantReference::OnnxRuntime)).scale,
            static_cast<float>(4.0 / 254.0));
}

TEST(ComputeQParams, TakesTheFloorMidpointAsUnsignedSymmetricZeroPointOfNarrowWidths) {
  // PyTorch expresses uint4 as quint8 with quant_min=0, quant_max=15 (a custom range), so its
  // symmetric zero point is (0 + 15) // 2 = 7; ONNX Runtime rounds 7.5 to even, 8.
  EXPECT_EQ(of(-1.0f, 1.0f, scheme("uint4", true)).zeroPoint, 7);
  EXPECT_EQ(of(-1.0f, 1.0f, scheme("uint4", true, QuantReference::OnnxRuntime)).zeroPoint, 8);
  EXPECT_EQ(of(-1.0f, 1.0f, scheme("uint16", true)).zeroPoint, 32768);  // PyTorch 2.x uint16: 2^15
  EXPECT_EQ(of(-1.0f, 1.0f, customRange(scheme("uint8", true), 0, 255)).zeroPoint, 127);
}

TEST(ComputeQParams, ScalesFloat8ByTheLargestFiniteValue) {
  const ScaleZeroPoint e4m3 = of(-3.0f, 2.0f, scheme("fp8e4m3", true));
  EXPECT_EQ(e4m3, (ScaleZeroPoint{3.0f / 448.0f, 0}));
  EXPECT_EQ(of(-3.0f, 2.0f, scheme("fp8e5m2", true)), (ScaleZeroPoint{3.0f / 57344.0f, 0}));
  EXPECT_EQ(of(0.0f, 0.0f, scheme("fp8e4m3", true)), (ScaleZeroPoint{1.0f, 0}));
}

TEST(ComputeQParams, ScalesNf4BlocksByTheirAbsmax) {
  QuantScheme nf4 = scheme("nf4", true);
  nf4.granularity = Granularity::perGroup(4, 0);
  const Tensor x = Tensor::fromVector<float>({10}, {0.5f, -1, 0.02f, 0.3f, 0, 0, 0, 0, 3, -0.25f});
  const QParams params = computeQParams(x, nf4);
  // Blocks [0,4), [4,8), [8,10): absmax 1, 0 (stored as 1 so every scale is positive), 3.
  EXPECT_THAT(params.scales, ElementsAre(1.0f, 1.0f, 3.0f));
  EXPECT_THAT(params.zeroPoints, ElementsAre(0, 0, 0));
}

TEST(ComputeQParams, ComputesOneRangePerGroupInOnnxBlockedOrder) {
  // [2, 5] blocked along axis 1 by 2: scale shape [2, 3]; the last block of each row holds 1 element.
  QuantScheme s = scheme("int8", true);
  s.granularity = Granularity::perGroup(2, 1);
  const Tensor x = Tensor::fromVector<float>({2, 5}, {1, -2, 3, 4, -5, 0.5f, 0.25f, -1, 1, 2});
  const QParams params = computeQParams(x, s);
  const std::vector<float> absmax = {2, 4, 5, 0.5f, 1, 2};
  ASSERT_EQ(params.scales.size(), absmax.size());
  for (size_t i = 0; i < absmax.size(); ++i) EXPECT_EQ(params.scales[i], absmax[i] / 127.5f) << i;
  EXPECT_EQ(QuantLayout(x.shape(), s.granularity).paramShape(), (Shape{2, 3}));

  // Blocked along a middle axis: [5, 2] by 2 on axis 0 → scale shape [3, 2].
  s.granularity = Granularity::perGroup(2, 0);
  const Tensor y = Tensor::fromVector<float>({5, 2}, {1, 10, -2, 20, 3, 30, 4, 40, -5, 50});
  const QParams columns = computeQParams(y, s);
  const std::vector<float> columnAbsmax = {2, 20, 4, 40, 5, 50};
  for (size_t i = 0; i < columnAbsmax.size(); ++i) EXPECT_EQ(columns.scales[i], columnAbsmax[i] / 127.5f) << i;
  EXPECT_EQ(QuantLayout(y.shape(), s.granularity).paramShape(), (Shape{3, 2}));
}

TEST(ComputeQParams, RejectsNanInfiniteAndInvertedRangesNamingTheSlot) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  EXPECT_THROW(computeQParams(nan, 1.0f, scheme("int8", true)), Error);
  EXPECT_THROW(computeQParams(0.0f, std::numeric_limits<float>::infinity(), scheme("int8", true)), Error);
  try {
    QuantScheme s = scheme("uint8", false);
    s.granularity = Granularity::perChannel(0);
    const float mins[] = {-1.0f, 2.0f};
    const float maxs[] = {1.0f, 1.0f};
    computeQParams(mins, maxs, s);
    FAIL() << "an inverted range was accepted";
  } catch (const Error& e) {
    EXPECT_THAT(e.message(), HasSubstr("range [2, 1] cannot be quantized"));
    EXPECT_THAT(e.message(), HasSubstr("min and max must be finite with min <= max"));
    EXPECT_THAT(e.message(), HasSubstr("in slot 1 of 2"));
  }
  // NaN in a weight reaches computeQParams through slotMinMax rather than vanishing.
  const Tensor w = Tensor::fromVector<float>({2, 2}, {1, nan, 2, 3});
  QuantScheme perChannel = scheme("int8", true);
  perChannel.granularity = Granularity::perChannel(0);
  EXPECT_THROW(computeQParams(w, perChannel), Error);
}

TEST(ComputeQParams, RejectsAWideRangeWhoseScaleOverflows) {
  EXPECT_THAT(
      [] {
        try {
          computeQParams(-3e38f, 3e38f, scheme("uint8", false));
        } catch (const Error& e) {
          return e.message();
        }
        return std::string("(no error)");
      }(),
      HasSubstr("its scale overflows"));
}

TEST(ComputeQParams, TakesTheObserversClipRanges) {
  QuantScheme s = scheme("uint8", false);
  s.granularity = Granularity::perChannel(0);
  const ClipRange ranges[] = {{-1.0f, 2.0f}, ClipRange{}};  // the second saw nothing
  const QParams params = computeQParams(ranges, s);
  EXPECT_THAT(params.scales, ElementsAre(3.0f / 255.0f, 1.0f));
  EXPECT_THAT(params.zeroPoints, ElementsAre(85, 0));
}

TEST(ComputeQParams, RejectsAnAxisOutsideTheTensor) {
  QuantScheme s = scheme("int8", true);
  s.granularity = Granularity::perChannel(2);
  EXPECT_THROW(computeQParams(Tensor::fromVector<float>({2, 2}, {1, 2, 3, 4}), s), Error);
}

}  // namespace
}  // namespace quantlens
