// Weight quantization in slices: the one-pass path gives exactly what observing, computing qparams,
// fake-quantizing and comparing the whole weight give, for every granularity.
#include "core/quant/weight_quantization.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "core/quant/quant_layout.h"
#include "core/quant/quantize.h"
#include "core/quant/weight_ranges.h"
#include "core/quant/weight_slices.h"
#include "tests/core/quant/observer_fixture.h"

namespace quantlens {
namespace {

Tensor randomWeight(Shape shape, uint64_t seed) {
  testing::SplitMix64 rng(seed);
  Tensor weight(DataType::Float32, std::move(shape));
  // Rows of different spreads, so per-row qparams differ.
  for (int64_t i = 0; i < weight.numel(); ++i)
    weight.data<float>()[i] = static_cast<float>((rng.uniform() - 0.4) * (1.0 + static_cast<double>(i % 7)));
  return weight;
}

struct Case {
  Shape shape;
  Granularity granularity;
  QuantDtypeWidth dtype;
  bool symmetric;
  ObserverKind observer;
  QuantReference reference;
};

void PrintTo(const Case& c, std::ostream* os) {
  QuantScheme scheme = QuantScheme::make(c.dtype, c.symmetric, c.granularity, c.reference);
  *os << shapeToString(c.shape) << " " << scheme.describe() << " axis " << c.granularity.axis << " observer "
      << observerKindName(c.observer);
}

class QuantizeWeightSlices : public ::testing::TestWithParam<Case> {};

TEST_P(QuantizeWeightSlices, MatchWholeTensorComposition) {
  const Case& c = GetParam();
  const Tensor weight = randomWeight(c.shape, 11);
  const QuantScheme scheme = QuantScheme::make(c.dtype, c.symmetric, c.granularity, c.reference);
  ObserverSettings base;
  base.kind = c.observer;
  const ObserverSettings observer = weightObserverFor(base, scheme);

  const WeightQuant sliced = quantizeWeight(weight, scheme, observer);

  // The reference: each step on the whole tensor.
  const std::vector<ClipRange> ranges = observeWeightRanges(weight.values<float>(), weight.shape(), c.granularity, observer);
  const QParams qparams = computeQParams(ranges, scheme);
  const Tensor dequantized = fakeQuantize(weight, qparams);
  const ErrorMetrics error = compareTensors(weight.values<float>(), dequantized.values<float>());

  EXPECT_EQ(sliced.ranges, ranges);
  EXPECT_EQ(sliced.qparams.scales, qparams.scales);
  EXPECT_EQ(sliced.qparams.zeroPoints, qparams.zeroPoints);
  EXPECT_EQ(sliced.qparams.scheme.granularity, c.granularity);
  EXPECT_EQ(sliced.dequantized.shape(), weight.shape());
  EXPECT_EQ(sliced.dequantized.toFloatVector(), dequantized.toFloatVector());
  // Sums in another order: equal to rounding.
  EXPECT_NEAR(sliced.error.sqnrDb, error.sqnrDb, 1e-9);
  EXPECT_NEAR(sliced.error.mse, error.mse, 1e-12 * error.mse);
  EXPECT_EQ(sliced.error.maxAbsError, error.maxAbsError);
  EXPECT_NEAR(sliced.error.cosineSimilarity, error.cosineSimilarity, 1e-12);

  ErrorMetrics fused;
  EXPECT_EQ(fakeQuantizeAndCompare(weight, qparams, fused).toFloatVector(), dequantized.toFloatVector());
  EXPECT_NEAR(fused.sqnrDb, error.sqnrDb, 1e-9);
}

constexpr QuantDtypeWidth kInt8{QuantDtype::Int8, 8};
constexpr QuantDtypeWidth kUInt4{QuantDtype::UInt4, 4};
constexpr QuantDtypeWidth kInt3{QuantDtype::IntN, 3};
constexpr QuantDtypeWidth kNf4{QuantDtype::Nf4, 4};

// Shapes larger than one slice (16384 elements), with remainders everywhere.
INSTANTIATE_TEST_SUITE_P(
    Granularities, QuantizeWeightSlices,
    ::testing::Values(
        Case{{70, 300}, Granularity::perTensor(), kInt8, true, ObserverKind::MinMax, QuantReference::PyTorch},
        Case{{300, 64, 3, 3}, Granularity::perChannel(0), kInt8, true, ObserverKind::MinMax, QuantReference::PyTorch},
        Case{{100, 64, 3, 3}, Granularity::perChannel(0), kUInt4, false, ObserverKind::Mse, QuantReference::PyTorch},
        Case{{3, 40000}, Granularity::perChannel(0), kInt8, true, ObserverKind::MinMax, QuantReference::OnnxRuntime},
        Case{{600, 50}, Granularity::perChannel(1), kInt8, true, ObserverKind::MinMax, QuantReference::PyTorch},
        Case{{40, 100, 3, 3}, Granularity::perGroup(32, 1), kInt3, false, ObserverKind::MinMax,
             QuantReference::PyTorch},
        Case{{1000, 30}, Granularity::perGroup(64, 0), kInt8, true, ObserverKind::MinMax, QuantReference::PyTorch},
        Case{{1000, 30}, Granularity::perGroup(3, 0), kInt8, false, ObserverKind::Mse, QuantReference::OnnxRuntime},
        Case{{200, 256}, Granularity::perGroup(64, 1), kNf4, true, ObserverKind::MinMax, QuantReference::PyTorch},
        Case{{5}, Granularity::perChannel(0), kInt8, true, ObserverKind::MinMax, QuantReference::PyTorch}));

TEST(WeightSlices, CoverTheTensorWithTheSlotsOfTheirElements) {
  const struct {
    Shape shape;
    Granularity granularity;
  } cases[] = {{{70, 300}, Granularity::perTensor()},         {{300, 64, 3, 3}, Granularity::perChannel(0)},
               {{600, 50}, Granularity::perChannel(1)},       {{40, 100, 3, 3}, Granularity::perGroup(32, 1)},
               {{1000, 30}, Granularity::perGroup(64, 0)},    {{7, 5000}, Granularity::perGroup(3, 0)},
               {{2, 3, 4000}, Granularity::perGroup(5, 2)}};
  for (const auto& c : cases) {
    SCOPED_TRACE(shapeToString(c.shape) + " " + granularityName(c.granularity));
    const QuantLayout layout(c.shape, c.granularity);
    const std::vector<WeightSlice> slices = sliceWeight(c.shape, layout, 1000);
    int64_t next = 0;
    for (const WeightSlice& slice : slices) {
      EXPECT_EQ(slice.offset, next);
      EXPECT_EQ(elementCount(slice.shape), slice.count);
      next += slice.count;
      // Every element's slot, by the whole layout, lies in the slice's slots, at the index the
      // slice's own layout gives it.
      const QuantLayout own(slice.shape, c.granularity);
      EXPECT_EQ(own.slotCount(), slice.slotCount);
      for (int64_t k = 0; k < slice.count; k += 97) {
        const int64_t slot = layout.slotOf(slice.offset + k);
        EXPECT_EQ(slot, slice.firstSlot + own.slotOf(k));
      }
    }
    EXPECT_EQ(next, layout.elementCount());
  }
}

// slotMinMax and ErrorAccumulator take vectorized paths for long runs (changed for this pass);
// here they are checked against the plain per-element rules on data with NaN and infinities
// everywhere a lane or a tail could hide them.
TEST(SlotMinMax, VectorizedRunsKeepTheElementwiseRule) {
  for (const int64_t length : {5, 16, 17, 40, 1001}) {
    for (int64_t position = 0; position < length; position += std::max<int64_t>(1, length / 7)) {
      for (const float special : {NAN, INFINITY, -INFINITY}) {
        std::vector<float> values(static_cast<size_t>(2 * length));
        for (size_t i = 0; i < values.size(); ++i) values[i] = static_cast<float>(i % 13) - 6.0f;
        values[static_cast<size_t>(position)] = special;  // in row 0 only
        const QuantLayout layout({2, length}, Granularity::perChannel(0));
        std::vector<float> mins(2), maxs(2);
        slotMinMax(values, layout, mins, maxs);
        SCOPED_TRACE("length " + std::to_string(length) + ", position " + std::to_string(position));
        if (std::isnan(special)) {
          EXPECT_TRUE(std::isnan(mins[0]) && std::isnan(maxs[0]));
        } else {
          EXPECT_EQ(special > 0 ? maxs[0] : mins[0], special);
          EXPECT_FALSE(std::isnan(mins[0]) || std::isnan(maxs[0]));
        }
        const auto [lo, hi] = std::minmax_element(values.begin() + length, values.end());
        EXPECT_EQ(mins[1], *lo);
        EXPECT_EQ(maxs[1], *hi);
      }
    }
  }
}

TEST(ErrorAccumulator, VectorizedSumsMatchAPlainLoop) {
  testing::SplitMix64 rng(3);
  for (const size_t n : {0u, 1u, 2u, 3u, 4u, 5u, 7u, 8u, 1001u}) {
    std::vector<float> x(n), y(n);
    for (size_t i = 0; i < n; ++i) {
      x[i] = static_cast<float>(rng.uniform() - 0.5);
      y[i] = x[i] + static_cast<float>((rng.uniform() - 0.5) * 0.01);
    }
    double signal = 0.0, noise = 0.0, worst = 0.0;
    for (size_t i = 0; i < n; ++i) {
      const double e = static_cast<double>(x[i]) - y[i];
      signal += static_cast<double>(x[i]) * x[i];
      noise += e * e;
      worst = std::max(worst, std::fabs(e));
    }
    const ErrorMetrics m = compareTensors(x, y);
    SCOPED_TRACE(n);
    EXPECT_EQ(m.maxAbsError, worst);
    EXPECT_NEAR(m.mse, n ? noise / static_cast<double>(n) : 0.0, 1e-15);
    if (n > 0) {
      EXPECT_NEAR(m.sqnrDb, 10.0 * std::log10(signal / noise), 1e-9);
    }
    for (size_t position = 0; position < n && n < 100; ++position) {
      std::vector<float> withNan = y;
      withNan[position] = NAN;
      EXPECT_TRUE(std::isnan(compareTensors(x, withNan).maxAbsError)) << position;
      EXPECT_TRUE(std::isnan(compareTensors(x, withNan).sqnrDb)) << position;
    }
  }
}

}  // namespace
}  // namespace quantlens
