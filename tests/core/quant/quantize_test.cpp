// Quantize / dequantize / fake-quantize: PyTorch's fake-quant kernel and ONNX QuantizeLinear
// semantics on hand-checked numbers (REFERENCE-SEMANTICS §1.5, §2.2), on fixtures from torch 1.13
// and the ORT transcription, and the run-based kernels against a per-element reference.
#include "core/quant/quantize.h"

#include <cmath>
#include <limits>
#include <random>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/error.h"
#include "core/quant/quant_layout.h"
#include "tests/core/quant/quant_test_support.h"

namespace quantlens {
namespace {

using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::HasSubstr;
using testing::f32;
using testing::f32Vector;
using testing::loadQuantFixture;
using testing::schemeFromFixture;

QuantScheme scheme(std::string_view dtype, bool symmetric, QuantReference reference) {
  return QuantScheme::make(parseQuantDtype(dtype), symmetric, Granularity::perTensor(), reference);
}

// A scheme whose quant range (and so PyTorch's clamp range) is exactly [qmin, qmax].
QuantScheme pytorchRangeScheme(int32_t qmin, int32_t qmax) {
  QuantScheme s = scheme(qmin < 0 ? "int16" : "uint16", false, QuantReference::PyTorch);
  s.quantMin = qmin;
  s.quantMax = qmax;
  return s;
}

std::vector<float> fakeQuantized(const std::vector<float>& x, const QParams& params) {
  std::vector<float> y(x.size());
  fakeQuantize(x, Shape{static_cast<int64_t>(x.size())}, params, y);
  return y;
}

std::vector<int32_t> quantized(const std::vector<float>& x, const QParams& params) {
  std::vector<int32_t> codes(x.size());
  quantize(x, Shape{static_cast<int64_t>(x.size())}, params, codes);
  return codes;
}

TEST(FakeQuantize, MatchesThePyTorchWorkedExampleWithClampingAndTies) {
  // REFERENCE-SEMANTICS §1.5 [torch 1.13]: s = 3/255, zp = 85, [0, 255]; ±0.5 → ±42.5 → ±42 (RNE).
  const QParams params = QParams::perTensor(3.0f / 255.0f, 85, scheme("uint8", false, QuantReference::PyTorch));
  const std::vector<float> x = {-1, -.5f, 0, .5f, 1, 2, 2.1f, -1.2f};
  const std::vector<float> y = fakeQuantized(x, params);
  const std::vector<float> expected = {-1, -0.4941176f, 0, 0.4941176f, 1, 2, 2, -1};
  for (size_t i = 0; i < x.size(); ++i) EXPECT_NEAR(y[i], expected[i], 1e-7f) << "x = " << x[i];
  EXPECT_THAT(quantized(x, params), ElementsAre(0, 43, 85, 127, 170, 255, 255, 0));
}

TEST(FakeQuantize, RoundsExactTiesToEven) {
  // REFERENCE-SEMANTICS §1.5 [torch 1.13]: s = 1, zp = 0: [0.5, 1.5, 2.5, -0.5, -1.5] → [0, 2, 2, 0, -2].
  for (QuantReference reference : {QuantReference::PyTorch, QuantReference::OnnxRuntime}) {
    const QParams params = QParams::perTensor(1.0f, 0, scheme("int8", false, reference));
    EXPECT_THAT(fakeQuantized({0.5f, 1.5f, 2.5f, -0.5f, -1.5f}, params), ElementsAre(0, 2, 2, 0, -2));
  }
}

TEST(Quantize, MatchesOnnxRuntimeQuantizeNparrayOnTheWorkedExample) {
  // REFERENCE-SEMANTICS §2.2 [replica]: X = [-1,-.5,0,.5,1,2] with the qparams of (-1, 2).
  const std::vector<float> x = {-1, -.5f, 0, .5f, 1, 2};
  const QuantScheme u8 = scheme("uint8", false, QuantReference::OnnxRuntime);
  EXPECT_THAT(quantized(x, computeQParams(-1.0f, 2.0f, u8)), ElementsAre(0, 43, 85, 127, 170, 255));
  const QuantScheme i8 = scheme("int8", true, QuantReference::OnnxRuntime);
  EXPECT_THAT(quantized(x, computeQParams(-1.0f, 2.0f, i8)), ElementsAre(-64, -32, 0, 32, 64, 127));
}

TEST(QuantizeValue, DividesForOnnxAndMultipliesByTheFloatReciprocalForPyTorch) {
  // With scale f32(0.3): -3.7500002f / 0.3f = -12.5 exactly in float (tie → -12), while
  // -3.7500002f * f32(1 / 0.3f) = -12.500001 (→ -13); numbers from numpy float32 arithmetic.
  const QuantRange full{-128, 127};
  EXPECT_EQ(quantizeValue(-3.7500002f, 0.3f, 0, full, QuantReference::OnnxRuntime), -12);
  EXPECT_EQ(quantizeValue(-3.7500002f, 0.3f, 0, full, QuantReference::PyTorch), -13);
  // And the other way round with scale f32(0.01): -11.5 (→ -12) vs -11.499999 (→ -11).
  EXPECT_EQ(quantizeValue(-0.114999995f, 0.01f, 0, full, QuantReference::OnnxRuntime), -12);
  EXPECT_EQ(quantizeValue(-0.114999995f, 0.01f, 0, full, QuantReference::PyTorch), -11);
  EXPECT_EQ(dequantizeValue(4, 0.25f, 1), 0.75f);
}

TEST(QuantizeValue, SendsNanToTheLowestCodeAndSaturatesInfinities) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float inf = std::numeric_limits<float>::infinity();
  for (QuantReference reference : {QuantReference::PyTorch, QuantReference::OnnxRuntime}) {
    EXPECT_EQ(quantizeValue(nan, 0.5f, 10, {0, 255}, reference), 0);
    EXPECT_EQ(quantizeValue(inf, 0.5f, 10, {0, 255}, reference), 255);
    EXPECT_EQ(quantizeValue(-inf, 0.5f, -3, {-128, 127}, reference), -128);
    EXPECT_EQ(quantizeValue(1e30f, 1e-30f, 0, {-8, 7}, reference), 7);
  }
}

TEST(FakeQuantize, MatchesTorchFakeQuantizePerTensorAffine) {
  const nlohmann::json fixture = loadQuantFixture("pytorch_fake_quant.json");
  int checked = 0;
  for (const auto& c : fixture.at("per_tensor")) {
    const QuantScheme s = pytorchRangeScheme(c.at("quant_range")[0].get<int32_t>(), c.at("quant_range")[1].get<int32_t>());
    const QParams params = QParams::perTensor(f32(c.at("scale")), c.at("zero_point").get<int32_t>(), s);
    const std::vector<float> x = f32Vector(c.at("x"));
    const std::vector<float> expected = f32Vector(c.at("y"));
    const std::vector<float> y = fakeQuantized(x, params);
    for (size_t i = 0; i < x.size(); ++i, ++checked)
      EXPECT_EQ(y[i], expected[i]) << c.at("range") << " x = " << x[i] << " scale " << params.scales[0];
  }
  EXPECT_GE(checked, 300);
}

TEST(FakeQuantize, MatchesTorchFakeQuantizePerChannelAffine) {
  const nlohmann::json fixture = loadQuantFixture("pytorch_fake_quant.json");
  int checked = 0;
  for (const auto& c : fixture.at("per_channel")) {
    QParams params;
    params.scheme = pytorchRangeScheme(c.at("quant_range")[0].get<int32_t>(), c.at("quant_range")[1].get<int32_t>());
    params.scheme.granularity = Granularity::perChannel(c.at("axis").get<int64_t>());
    params.scales = f32Vector(c.at("scales"));
    params.zeroPoints = c.at("zero_points").get<std::vector<int32_t>>();
    const Shape shape = c.at("shape").get<Shape>();
    const std::vector<float> x = f32Vector(c.at("x"));
    const std::vector<float> expected = f32Vector(c.at("y"));
    std::vector<float> y(x.size());
    fakeQuantize(x, shape, params, y);
    for (size_t i = 0; i < x.size(); ++i, ++checked) EXPECT_EQ(y[i], expected[i]) << shapeToString(shape) << " @" << i;
  }
  EXPECT_GE(checked, 50);
}

TEST(Quantize, MatchesOnnxRuntimeQuantizeNparrayFixtures) {
  const nlohmann::json fixture = loadQuantFixture("onnxruntime_qparams.json");
  int checked = 0;
  for (const auto& c : fixture.at("quantize")) {
    const QuantScheme s = schemeFromFixture(c, QuantReference::OnnxRuntime);
    const QParams params = computeQParams(f32(c.at("min")), f32(c.at("max")), s);
    EXPECT_EQ(params.scales[0], f32(c.at("scale"))) << s.describe();
    EXPECT_EQ(params.zeroPoints[0], c.at("zero_point").get<int32_t>()) << s.describe();
    const std::vector<float> x = f32Vector(c.at("x"));
    const auto expected = c.at("codes").get<std::vector<int32_t>>();
    const std::vector<int32_t> codes = quantized(x, params);
    for (size_t i = 0; i < x.size(); ++i, ++checked)
      EXPECT_EQ(codes[i], expected[i]) << s.describe() << " x = " << x[i];
  }
  EXPECT_GE(checked, 150);
}

// The run-based kernels against a per-element loop over slotOf / quantizeValue / dequantizeValue,
// over shapes, axes, granularities and both references.
TEST(FakeQuantize, AgreesWithThePerElementDefinitionForEveryLayout) {
  std::mt19937 generator(3);
  std::uniform_real_distribution<float> values(-4.0f, 4.0f);
  const Shape shapes[] = {{7}, {3, 5}, {2, 3, 4}, {4, 1, 6}, {2, 5, 3, 2}};
  for (const Shape& shape : shapes) {
    std::vector<float> x(static_cast<size_t>(elementCount(shape)));
    for (float& v : x) v = values(generator);
    std::vector<Granularity> granularities = {Granularity::perTensor()};
    for (int64_t axis = -1; axis < static_cast<int64_t>(shape.size()); ++axis) {
      granularities.push_back(Granularity::perChannel(axis));
      for (int64_t group : {1, 2, 3, 5}) granularities.push_back(Granularity::perGroup(group, axis));
    }
    for (const Granularity& granularity : granularities) {
      for (QuantReference reference : {QuantReference::PyTorch, QuantReference::OnnxRuntime}) {
        for (const char* dtype : {"int4", "uint8", "int8", "uint3"}) {
          QuantScheme s = scheme(dtype, std::string_view(dtype) == "int8", reference);
          s.granularity = granularity;
          const Tensor tensor = Tensor::fromVector<float>(shape, x);
          // Halve the tensor's own ranges so that clamping happens too.
          QParams params = computeQParams(tensor, s);
          for (float& scale : params.scales) scale *= 0.5f;
          const QuantLayout layout(shape, granularity);
          const QuantRange saturation = s.saturationRange();
          std::vector<float> y(x.size());
          std::vector<int32_t> codes(x.size());
          fakeQuantize(x, shape, params, y);
          quantize(x, shape, params, codes);
          for (size_t i = 0; i < x.size(); ++i) {
            const auto slot = static_cast<size_t>(layout.slotOf(static_cast<int64_t>(i)));
            const int32_t code = quantizeValue(x[i], params.scales[slot], params.zeroPoints[slot], saturation, reference);
            ASSERT_EQ(codes[i], code) << s.describe() << " axis " << granularity.axis << " shape "
                                      << shapeToString(shape) << " element " << i;
            ASSERT_EQ(y[i], dequantizeValue(code, params.scales[slot], params.zeroPoints[slot]))
                << s.describe() << " axis " << granularity.axis << " shape " << shapeToString(shape) << " element " << i;
          }
        }
      }
    }
  }
}

TEST(FakeQuantize, WorksInPlace) {
  std::vector<float> x = {-1.3f, 0.2f, 0.77f, 5.0f, -0.01f};
  const QParams params = computeQParams(-1.0f, 1.0f, scheme("int8", true, QuantReference::OnnxRuntime));
  const std::vector<float> expected = fakeQuantized(x, params);
  fakeQuantize(x, Shape{5}, params, x);
  EXPECT_EQ(x, expected);
}

TEST(Quantize, ProducesCodeTensorsThatDequantizeToTheFakeQuantizedValues) {
  const Tensor x = Tensor::fromVector<float>({2, 4}, {-1.5f, -0.7f, 0.01f, 0.3f, 0.9f, 2.2f, -3.1f, 7.5f});
  for (const char* dtype : {"int8", "uint8", "int4", "uint4", "int12", "uint16", "fp8e4m3", "fp8e5m2", "nf4"}) {
    const bool floatFormat = std::string_view(dtype).starts_with("fp8") || std::string_view(dtype) == "nf4";
    QuantScheme s = scheme(dtype, floatFormat || std::string_view(dtype).starts_with("int"), QuantReference::OnnxRuntime);
    s.granularity = Granularity::perGroup(2, 1);
    const QParams params = computeQParams(x, s);
    const Tensor codes = quantize(x, params);
    EXPECT_EQ(codes.dtype(), codeDataType(s.dtype, s.bits)) << dtype;
    EXPECT_EQ(codes.shape(), x.shape()) << dtype;
    EXPECT_EQ(dequantize(codes, params).toFloatVector(), fakeQuantize(x, params).toFloatVector()) << dtype;
  }
}

TEST(FakeQuantize, RoundsToTheFp8GridAndSaturates) {
  // REFERENCE-SEMANTICS §5 [replica] E4M3FN values with scale 1: 0.1 → 0.1015625, 300 → 288,
  // 464 → 448 (tie to even), 500 → 448 (saturated).
  const QParams params = QParams::perTensor(1.0f, 0, scheme("fp8e4m3", true, QuantReference::OnnxRuntime));
  EXPECT_THAT(fakeQuantized({0.1f, 300.0f, 464.0f, 500.0f, -1e9f}, params),
              ElementsAre(0.1015625f, 288.0f, 448.0f, 448.0f, -448.0f));
}

TEST(FakeQuantize, MapsNf4BlocksThroughTheCodeTable) {
  // REFERENCE-SEMANTICS §5 [replica] block → codes [12,0,7,11,5,15,7,6]; values = table × absmax 1.
  const std::vector<float> x = {0.5f, -1, 0.02f, 0.3f, -0.2f, 0.9f, 0, -0.05f};
  QuantScheme s = scheme("nf4", true, QuantReference::PyTorch);
  s.granularity = Granularity::perGroup(8, 0);
  const QParams params = computeQParams(Tensor::fromVector<float>({8}, x), s);
  EXPECT_THAT(quantized(x, params), ElementsAre(12, 0, 7, 11, 5, 15, 7, 6));
  EXPECT_EQ(fakeQuantized(x, params)[0], 0.44070982933044434f);  // code 12's value × absmax 1
}

TEST(FakeQuantize, RejectsQParamsThatDoNotFitTheTensor) {
  QParams params = QParams::perTensor(0.1f, 0, scheme("int8", true, QuantReference::PyTorch));
  params.scheme.granularity = Granularity::perChannel(0);
  const Tensor x = Tensor::fromVector<float>({3, 2}, {1, 2, 3, 4, 5, 6});
  try {
    fakeQuantize(x, params);
    FAIL() << "one scale was accepted for three channels";
  } catch (const Error& e) {
    EXPECT_THAT(e.message(), HasSubstr("qparams hold 1 scales and 1 zero points but a tensor of shape [3, 2] needs 3"));
  }
  params.scheme.granularity = Granularity::perTensor();
  params.scales = {0.0f};
  EXPECT_THROW(fakeQuantize(x, params), Error);
}

}  // namespace
}  // namespace quantlens
