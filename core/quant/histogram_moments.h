// A histogram's prefix moments, so that the MSE search prices each candidate grid in O(cells).
#pragma once

#include <cstdint>
#include <vector>

#include "core/quant/mse_search.h"

namespace quantlens {

class TorchHistogram;

// The histogram as squaredError(histogram, grid) reads it: bin j spans [e_j, e_j+1] with
// e_j = min + j · (max − min) / bins and holds density ρ_j = count_j / width. With the prefix sums
// of its moments M_i(x) = ∫_min^x (t − c)^i ρ(t) dt (i = 0, 1, 2; c the histogram's centre) at the
// bin edges, the squared error of a grid cell [u, v] with point g is
//   ∫_u^v (t − g)² ρ(t) dt = ΔM2 − 2(g − c) · ΔM1 + (g − c)² · ΔM0,   ΔM_i = M_i(v) − M_i(u),
// O(1) per cell, so a grid of up to 256 cells over [min, max] (any grid of 8 bits or fewer) costs
// one evaluation per cell instead of a pass over the bins. Finer grids go bin by bin, the cells a
// bin covers whole in closed form (step³ / 12 each). Same value as squaredError(histogram, grid)
// up to rounding: below 1e-8 relative (histogram_moments.cpp says why).
class HistogramMoments {
public:
  explicit HistogramMoments(const TorchHistogram& histogram);

  double squaredError(const QuantGrid& grid) const;

private:
  struct Moments {
    double m0 = 0.0, m1 = 0.0, m2 = 0.0;
  };
  // M_i(x): the moments of the data below x.
  Moments below(double x) const;
  double edge(int64_t j) const { return m_min + static_cast<double>(j) * m_width; }
  double cellByCell(const QuantGrid& grid) const;
  double binByBin(const QuantGrid& grid) const;

  double m_min = 0.0;
  double m_max = 0.0;
  double m_center = 0.0;  // c: the moments are taken about it
  double m_width = 0.0;  // 0 for a one-value histogram (a point mass at min)
  double m_inverseWidth = 0.0;
  std::vector<float> m_counts;
  std::vector<Moments> m_prefix;  // m_prefix[j] = M(e_j); bins + 1 entries
};

}  // namespace quantlens
