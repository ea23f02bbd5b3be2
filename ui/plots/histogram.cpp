// Plot histograms.
#include "ui/plots/histogram.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <numeric>

namespace quantlens::ui {

double Histogram::total() const { return std::accumulate(counts.begin(), counts.end(), 0.0); }

size_t Histogram::binOf(double x) const {
  assert(!counts.empty() && "binOf needs bins");
  const double position = std::floor((x - lo) / binWidth());
  return static_cast<size_t>(std::clamp(position, 0.0, static_cast<double>(counts.size() - 1)));
}

Histogram makeHistogram(std::span<const float> values, double lo, double hi, int bins) {
  assert(lo < hi && bins > 0 && "a histogram needs a range and bins");
  Histogram h{lo, hi, std::vector<double>(static_cast<size_t>(bins), 0.0)};
  for (const float v : values)
    if (!std::isnan(v)) h.counts[h.binOf(v)] += 1.0;
  return h;
}

Histogram mergeBins(const Histogram& histogram, int factor) {
  if (factor <= 1) return histogram;
  const size_t merged = (histogram.counts.size() + static_cast<size_t>(factor) - 1) / static_cast<size_t>(factor);
  Histogram h{histogram.lo, 0.0, std::vector<double>(merged, 0.0)};
  for (size_t i = 0; i < histogram.counts.size(); ++i) h.counts[i / static_cast<size_t>(factor)] += histogram.counts[i];
  // Keep the bin width: the last merged bin reaches past hi when the count does not divide.
  h.hi = histogram.lo + histogram.binWidth() * static_cast<double>(merged * static_cast<size_t>(factor));
  return h;
}

double fractionOutside(const Histogram& histogram, double min, double max) {
  const double total = histogram.total();
  if (total <= 0.0) return 0.0;
  const double width = histogram.binWidth();
  double outside = 0.0;
  for (size_t i = 0; i < histogram.counts.size(); ++i) {
    const double left = histogram.lo + static_cast<double>(i) * width;
    const double right = left + width;
    // Length of [left, right] outside [min, max].
    const double below = std::clamp(min, left, right) - left;
    const double above = right - std::clamp(max, left, right);
    outside += histogram.counts[i] * std::min(1.0, (below + above) / width);
  }
  return outside / total;
}

}  // namespace quantlens::ui
