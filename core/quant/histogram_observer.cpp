// _non_linear_param_search and _compute_quantization_error of PyTorch's HistogramObserver, in float32.
#include "core/quant/histogram_observer.h"

#include <algorithm>
#include <cstdint>
#include <limits>

#include "core/quant/aten_float_sum.h"
#include "core/quant/reference_arithmetic.h"
#include "core/quant/tensor_statistics.h"

namespace quantlens {

std::vector<ClipRange> HistogramObserver::ranges(const TensorStatistics& statistics) const {
  return {search(statistics.torchHistogram(), 1 << m_bits)};
}

namespace {

// clamp(floorDivide(a, b), 0, last) for finite a, finite b > 0 and an integer last < 2^21, without
// floorDivide's fmod (most of the search's time): the float64 quotient of two float32 values is never
// an integer unless the exact quotient is, and its floor is the exact quotient's floor.
// Why: with a = A·2^p and b = B·2^r (integers A, B < 2^24), a non-integer exact quotient a / b lies
// at least |a - n·b| / b >= 2^(min(p, r) - r - 24) from any integer n. For p >= r that is 2^-24,
// far beyond the 2^-53 relative rounding of the float64 division (quotients below 2^22 round by at
// most 2^-31), so rounding cannot reach or cross an integer. For p < r, |a / b| < 1 and the floor
// is 0 or -1, both clamped to 0 here. floorDivide returns that same exact floor for quotients
// below 2^22 (numpy's divmod is built to), and anything at or above `last` for larger ones
// (its quotient is off by at most a few units in 2^22), so both clamp alike. Both give 0 where
// floorDivide gives -0.0, which the bucket arithmetic below cannot tell apart.
inline float clampedFloorQuotient(float a, float b, double last) {
  const double q = static_cast<double>(a) / static_cast<double>(b);
  if (!(q >= 1.0)) return 0.0f;
  if (q >= last) return static_cast<float>(last);
  return static_cast<float>(static_cast<int32_t>(q));  // truncation is the floor of q >= 1
}

}  // namespace

float HistogramObserver::quantizationError(const TorchHistogram& histogram, int dstBins, int startBin, int endBin) {
  const int bins = histogram.bins();
  // Python doubles: bin_width = (max.item() - min.item()) / bins; dst_bin_width likewise.
  const double binWidth = (static_cast<double>(histogram.max()) - histogram.min()) / bins;
  const double dstBinWidth = binWidth * (endBin - startBin + 1) / dstBins;
  if (dstBinWidth == 0.0) return 0.0f;
  // Python scalars meet float32 tensors: each is rounded to float32 first.
  const float width = static_cast<float>(binWidth);
  const float dstWidth = static_cast<float>(dstBinWidth);
  const float halfDst = static_cast<float>(dstBinWidth / 2);
  const float negHalfDst = static_cast<float>(-dstBinWidth / 2);
  const float lastDst = static_cast<float>(dstBins - 1);
  // floorDivide itself where clampedFloorQuotient's conditions fail: a float32 dst width that
  // underflowed to 0, or more than 2^21 destination bins.
  const bool exactQuotient = dstWidth > 0.0f && dstBins <= (1 << 21);
  const auto bucketOf = [&](float v) {
    return exactQuotient ? clampedFloorQuotient(v, dstWidth, lastDst)
                         : std::clamp(floorDivide(v, dstWidth), 0.0f, lastDst);
  };
  // _get_norm(a, b, density) = density * (b^3 - a^3) / 3: the L2 error of a uniform density on
  // [a, b] relative to a reconstruction point at 0.
  const auto cube = [](float v) { return v * v * v; };
  const float fullBucket = (cube(halfDst) - cube(negHalfDst)) / 3.0f;
  // An empty bin adds density 0 times finite terms, ±0, which leaves the sum as it is, so it is
  // skipped, as long as no term can overflow: every float32 operand below is at most about
  // 3·bins·binWidth in magnitude, whose cube stays far below FLT_MAX under 5e12.
  const bool skipEmpty = 3.0 * bins * binWidth < 5e12;
  const std::span<const float> counts = histogram.counts();
  double total = 0.0;
  for (int j = 0; j < bins; ++j) {
    const float count = counts[static_cast<size_t>(j)];
    if (skipEmpty && count == 0.0f) continue;
    const float begin = static_cast<float>(j - startBin) * width;
    const float end = begin + width;
    const float beginBucket = bucketOf(begin);
    const float endBucket = bucketOf(end);
    const float density = count / width;
    // The part of the bin in its first bucket, the buckets it covers whole, the part in its last.
    const float deltaBegin = begin - (beginBucket + 0.5f) * dstWidth;
    float norm = density * ((cube(halfDst) - cube(deltaBegin)) / 3.0f);
    norm += (endBucket - beginBucket - 1.0f) * (density * fullBucket);
    const float deltaEnd = end - (endBucket * dstWidth + halfDst);
    norm += density * ((cube(deltaEnd) - cube(negHalfDst)) / 3.0f);
    total += norm;
  }
  return static_cast<float>(total);
}

ClipRange HistogramObserver::search(const TorchHistogram& histogram, int dstBins) {
  if (histogram.empty()) return {};
  const int bins = histogram.bins();
  const std::span<const float> counts = histogram.counts();
  // torch.cumsum accumulates float32 in double on the CPU and rounds each partial sum.
  std::vector<float> cumulative(static_cast<size_t>(bins));
  double sum = 0.0;
  for (int i = 0; i < bins; ++i) {
    sum += counts[static_cast<size_t>(i)];
    cumulative[static_cast<size_t>(i)] = static_cast<float>(sum);
  }
  // torch.sum(histogram).item(): ATen's float32 cascade sum, which differs from the rounded
  // running sum once merges leave fractional counts (and moves the 1e-5 quantile thresholds).
  const double total = atenFloatSum(counts);

  constexpr double kStep = 1e-5;
  double alpha = 0.0, beta = 1.0;
  int start = 0, end = bins - 1;
  float bestError = std::numeric_limits<float>::infinity();
  // PyTorch rescans l from start and r from end every step. Both quantile thresholds only move
  // one way (alpha grows, beta shrinks) and [start, end] only narrows, so resuming from the
  // previous l and r gives the same bins without the quadratic rescans.
  int l = 0, r = bins - 1;
  while (alpha < beta) {
    const double nextAlpha = alpha + kStep;
    const double nextBeta = beta - kStep;
    // cSum[l] < next_alpha * total compares float32 tensors: the Python float is rounded first.
    const float lowThreshold = static_cast<float>(nextAlpha * total);
    const float highThreshold = static_cast<float>(nextBeta * total);
    l = std::clamp(l, start, end);
    while (l < end && cumulative[static_cast<size_t>(l)] < lowThreshold) ++l;
    r = std::clamp(r, start, end);
    while (r > start && cumulative[static_cast<size_t>(r)] > highThreshold) --r;

    int nextStart = start, nextEnd = end;
    if (l - start > end - r) {
      nextStart = l;
      alpha = nextAlpha;
    } else {
      nextEnd = r;
      beta = nextBeta;
    }
    if (nextStart == start && nextEnd == end) continue;
    const float error = quantizationError(histogram, dstBins, nextStart, nextEnd);
    if (error > bestError) break;
    bestError = error;
    start = nextStart;
    end = nextEnd;
  }
  // min_val + bin_width * start_bin with bin_width = (max_val - min_val) / bins: float32 tensors.
  const float binWidth = (histogram.max() - histogram.min()) / static_cast<float>(bins);
  return {histogram.min() + binWidth * static_cast<float>(start),
          histogram.min() + binWidth * static_cast<float>(end + 1)};
}

}  // namespace quantlens
