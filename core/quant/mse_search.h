// The clip range minimizing the expected squared quantization error, for activations and weights.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <span>

#include "core/quant/clip_range.h"

namespace quantlens {

class TorchHistogram;

// The uniform grid a clip range turns into, modelled after the qparams arithmetic without its
// rounding of the zero point: points base + k * step for k in [first, last].
// - affine, range [a, b] and L levels: widened to contain 0 (PyTorch and ORT both do, so that 0 is
//   exact): lo = min(a, 0), hi = max(b, 0), step = (hi - lo) / (L - 1), k in [0, L - 1];
// - symmetric, threshold t: step = 2t / (L - 1), k in [-L/2, L/2 - 1] (PyTorch's symmetric scale
//   amax / ((qmax - qmin) / 2) with zero point 0).
// Each value goes to its nearest point, values beyond the ends to the end points (clipping).
struct QuantGrid {
  double base = 0.0;
  double step = 0.0;
  int64_t first = 0;
  int64_t last = 0;

  static QuantGrid affine(double min, double max, int64_t levels);
  static QuantGrid symmetric(double threshold, int64_t levels);
  double quantize(double x) const;
  // The cell x falls in (its nearest point's k; beyond the ends, the end's). Requires step > 0.
  int64_t cellOf(double x) const {
    return static_cast<int64_t>(std::clamp(std::nearbyint((x - base) / step), static_cast<double>(first),
                                           static_cast<double>(last)));
  }
  double point(int64_t k) const { return base + static_cast<double>(k) * step; }
  // Where cell k ends and cell k + 1 begins, half-way between their points.
  double upperBoundary(int64_t k) const { return base + (static_cast<double>(k) + 0.5) * step; }
};

// Sum of (x - Q(x))^2 over the histogram's values, each bin's count taken as spread uniformly over
// the bin (integrated exactly, cell by cell of the grid). O(bins + cells) per call; HistogramMoments
// (histogram_moments.h) gives the same for many grids of one histogram at O(cells) each.
double squaredError(const TorchHistogram& histogram, const QuantGrid& grid);
// Sum of (x - Q(x))^2 over the values themselves.
double squaredError(std::span<const float> values, const QuantGrid& grid);

// Searches the clip range of data observed in [observed.min, observed.max] under 2^bits levels
// (the search is documented in mse_search.cpp). `error` evaluates a candidate grid. The result
// stays inside the observed range; an unobserved or all-zero range is returned as it is.
ClipRange searchMseRange(ClipRange observed, int bits, bool symmetric,
                         const std::function<double(const QuantGrid&)>& error);

}  // namespace quantlens
