// MSE clip search: a geometric scan of each bound, a linear refinement, coordinate descent for affine.
#include "core/quant/mse_search.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#include "core/quant/multiversion.h"
#include "core/quant/torch_histogram.h"

namespace quantlens {
namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

// The search of one bound magnitude x in (0, limit] (the other bound held):
// 1. a geometric scan x = limit * 2^(-k/4), k = 0..63, down to about 2e-5 * limit, so that a tail
//    of rare outliers far beyond the bulk is found as readily as a small clip;
// 2. a linear scan of 16 points between the scan neighbours of the best point.
// The expected error is unimodal in each bound for the distributions met in practice (clipping
// error falls, rounding error grows); the scan makes a local dip rarely matter. Ties keep the
// larger bound (less clipping). 80 evaluations, each O(bins + levels) on a histogram.
double searchBound(double limit, const std::function<double(double)>& error) {
  constexpr int kScan = 64;
  constexpr int kRefine = 16;
  double bestX = limit, bestError = kInfinity;
  int bestK = 0;
  for (int k = kScan - 1; k >= 0; --k) {  // small to large: ties keep the larger bound
    const double x = limit * std::exp2(-k / 4.0);
    const double e = error(x);
    if (e <= bestError) {
      bestError = e;
      bestX = x;
      bestK = k;
    }
  }
  const double lo = bestK + 1 < kScan ? limit * std::exp2(-(bestK + 1) / 4.0) : 0.0;
  const double hi = bestK > 0 ? limit * std::exp2(-(bestK - 1) / 4.0) : limit;
  for (int j = 1; j <= kRefine; ++j) {
    const double x = lo + (hi - lo) * j / (kRefine + 1);
    if (x <= 0.0 || x > limit) continue;
    const double e = error(x);
    if (e < bestError || (e == bestError && x > bestX)) {
      bestError = e;
      bestX = x;
    }
  }
  return bestX;
}

typedef double Double4 __attribute__((vector_size(32)));
typedef float Float4 __attribute__((vector_size(16)));

// Σ (x − Q(x))² for a grid with step > 0, in four lanes (lane l takes elements 4i + l), added up as
// (l0 + l2) + (l1 + l3). The weight MSE search prices every candidate this way on slots of up to
// kWeightMseExactLimit values. Q(x) is QuantGrid::quantize's point: k = nearbyint(clamp((x − base) /
// step, first, last)) (clamping first is the same, the bounds being integers), and with |k| <= 2^15
// adding and subtracting 1.5 · 2^52 rounds to the nearest integer, ties to even, as nearbyint does,
// in a form that vectorizes. The last block is padded with the grid's first point, which maps to
// itself (its k rounds and clamps to `first`) and adds exactly 0.
QUANTLENS_AVX2_CLONES double sumSquaredDistances(const float* x, size_t n, const QuantGrid& grid) {
  constexpr double kRound = 6755399441055744.0;  // 1.5 · 2^52
  const double base = grid.base, step = grid.step;
  const auto first = static_cast<double>(grid.first), last = static_cast<double>(grid.last);
  const Double4 lo = {first, first, first, first}, hi = {last, last, last, last};
  const double pad = base + first * step;
  Double4 sums = {};
  for (size_t i = 0; i < n; i += 4) {
    Double4 v = {pad, pad, pad, pad};
    if (i + 4 <= n) {
      Float4 block;
      std::memcpy(&block, x + i, sizeof block);
      v = __builtin_convertvector(block, Double4);
    } else {
      for (size_t j = 0; i + j < n; ++j) v[j] = x[i + j];
    }
    Double4 k = (v - base) / step;
    k = k < lo ? lo : k;
    k = k > hi ? hi : k;
    k = (k + kRound) - kRound;
    const Double4 d = v - (base + k * step);
    sums += d * d;
  }
  return (sums[0] + sums[2]) + (sums[1] + sums[3]);
}

// The integral of (x - g)^2 over [u, v].
double cellIntegral(double u, double v, double g) {
  const double a = u - g, b = v - g;
  return (b * b * b - a * a * a) / 3.0;
}

}  // namespace

QuantGrid QuantGrid::affine(double min, double max, int64_t levels) {
  const double lo = std::min(min, 0.0), hi = std::max(max, 0.0);
  return {lo, (hi - lo) / static_cast<double>(levels - 1), 0, levels - 1};
}

QuantGrid QuantGrid::symmetric(double threshold, int64_t levels) {
  return {0.0, 2.0 * threshold / static_cast<double>(levels - 1), -levels / 2, levels / 2 - 1};
}

double QuantGrid::quantize(double x) const {
  if (step == 0.0) return base;
  return point(cellOf(x));
}

double squaredError(std::span<const float> values, const QuantGrid& grid) {
  if (grid.step == 0.0) {
    double total = 0.0;
    for (float v : values) total += (v - grid.base) * (v - grid.base);
    return total;
  }
  return sumSquaredDistances(values.data(), values.size(), grid);
}

double squaredError(const TorchHistogram& histogram, const QuantGrid& grid) {
  const std::span<const float> counts = histogram.counts();
  const double min = histogram.min();
  const double width = (static_cast<double>(histogram.max()) - min) / histogram.bins();
  double total = 0.0;
  if (width == 0.0 || grid.step == 0.0) {
    // A one-value histogram is a point mass; a zero-step grid is a single point.
    for (size_t j = 0; j < counts.size(); ++j) {
      if (counts[j] == 0.0f) continue;
      if (width == 0.0) {
        const double d = min - grid.quantize(min);
        total += counts[j] * d * d;
      } else {
        const double x0 = min + static_cast<double>(j) * width;
        total += counts[j] / width * cellIntegral(x0, x0 + width, grid.base);
      }
    }
    return total;
  }
  for (size_t j = 0; j < counts.size(); ++j) {
    if (counts[j] == 0.0f) continue;
    const double x0 = min + static_cast<double>(j) * width;
    const double x1 = x0 + width;
    const double density = counts[j] / width;
    const int64_t k1 = grid.cellOf(x1);
    for (int64_t k = grid.cellOf(x0); k <= k1; ++k) {
      const double g = grid.point(k);
      const double u = k == grid.first ? x0 : std::max(x0, g - 0.5 * grid.step);
      const double v = k == grid.last ? x1 : std::min(x1, g + 0.5 * grid.step);
      if (v > u) total += density * cellIntegral(u, v, g);
    }
  }
  return total;
}

ClipRange searchMseRange(ClipRange observed, int bits, bool symmetric,
                         const std::function<double(const QuantGrid&)>& error) {
  if (!observed.observed()) return observed;
  const int64_t levels = int64_t{1} << bits;
  const double lo0 = std::min<double>(observed.min, 0.0);
  const double hi0 = std::max<double>(observed.max, 0.0);
  const auto clampToObserved = [&](double a, double b) {
    return ClipRange{std::max(static_cast<float>(a), observed.min), std::min(static_cast<float>(b), observed.max)};
  };
  if (symmetric) {
    const double limit = std::max(-lo0, hi0);
    if (limit == 0.0) return observed;
    const double t = searchBound(limit, [&](double x) { return error(QuantGrid::symmetric(x, levels)); });
    return clampToObserved(-t, t);
  }
  if (lo0 == hi0) return observed;
  // Coordinate descent: the upper bound, then the lower, alternately, until a round changes
  // neither (at most kRounds rounds). The bounds interact through the step (hi - lo) / (L - 1).
  constexpr int kRounds = 4;
  double a = lo0, b = hi0;
  for (int round = 0; round < kRounds; ++round) {
    const double previousA = a, previousB = b;
    if (hi0 > 0.0) b = searchBound(hi0, [&](double x) { return error(QuantGrid::affine(a, x, levels)); });
    if (lo0 < 0.0) a = -searchBound(-lo0, [&](double x) { return error(QuantGrid::affine(-x, b, levels)); });
    if (a == previousA && b == previousB) break;
  }
  return clampToObserved(a, b);
}

}  // namespace quantlens
