// Equal-width histograms for the plots: binning values, merging bins, and the mass outside a range.
#pragma once

#include <span>
#include <vector>

namespace quantlens::ui {

struct Histogram {
  double lo = 0.0;  // left edge of bin 0
  double hi = 1.0;  // right edge of the last bin
  std::vector<double> counts;

  double binWidth() const { return counts.empty() ? 0.0 : (hi - lo) / static_cast<double>(counts.size()); }
  double left(size_t bin) const { return lo + static_cast<double>(bin) * binWidth(); }  // left edge
  double center(size_t bin) const { return lo + (static_cast<double>(bin) + 0.5) * binWidth(); }
  double total() const;
  // The bin holding x (clamped to the first/last bin).
  size_t binOf(double x) const;
};

// `bins` bins over [lo, hi]; values outside go to the end bins, NaN is skipped. lo < hi.
Histogram makeHistogram(std::span<const float> values, double lo, double hi, int bins);
// Every `factor` consecutive bins summed into one (the last may take fewer).
Histogram mergeBins(const Histogram& histogram, int factor);
// Fraction of the histogram's mass outside [min, max], a bin cut by a bound counting in proportion
// to the part outside (values are assumed uniform within a bin).
double fractionOutside(const Histogram& histogram, double min, double max);

}  // namespace quantlens::ui
