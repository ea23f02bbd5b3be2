// KL-divergence threshold searches: ORT's (float32, smoothed) and TensorRT's (float64, unsmoothed).
#include "core/quant/entropy_observer.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <vector>

#include "core/error.h"
#include "core/quant/clip_range_fixes.h"
#include "core/quant/reference_arithmetic.h"
#include "core/quant/tensor_statistics.h"

namespace quantlens {
namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

// quant_utils.smooth_distribution(p, eps=1e-4) in float32: nothing when p is all zeros, and
// nothing where ORT's assertion eps1 < 1 would stop the calibration.
bool smoothDistribution(std::span<const int64_t> p, std::vector<float>& out) {
  int64_t zeros = 0;
  for (int64_t v : p) zeros += v == 0;
  const int64_t nonZeros = static_cast<int64_t>(p.size()) - zeros;
  if (nonZeros == 0) return false;
  const double eps1 = 1e-4 * static_cast<double>(zeros) / static_cast<double>(nonZeros);
  if (!(eps1 < 1.0)) return false;
  // hist += eps * is_zeros + (-eps1) * is_nonzeros: each Python float rounded to float32 first.
  const float eps = static_cast<float>(1e-4);
  const float take = static_cast<float>(-eps1);
  out.resize(p.size());
  for (size_t i = 0; i < p.size(); ++i) out[i] = p[i] == 0 ? eps : static_cast<float>(p[i]) + take;
  return true;
}

// scipy.stats.entropy(p, q) for float32 arrays: both normalised by their numpy float32 sums,
// rel_entr = x * log(x / y) in double per element rounded to float32, summed by numpy.
double scipyEntropy(std::span<const float> p, std::span<const float> q, std::vector<float>& terms) {
  const float pSum = numpyPairwiseSum(p);
  const float qSum = numpyPairwiseSum(q);
  terms.resize(p.size());
  for (size_t i = 0; i < p.size(); ++i) {
    const double x = p[i] / pSum;
    const double y = q[i] / qSum;
    double term;
    if (x > 0 && y > 0) term = x * std::log(x / y);
    else if (x == 0 && y >= 0) term = 0.0;
    else term = kInfinity;
    terms[i] = static_cast<float>(term);
  }
  return numpyPairwiseSum(terms);
}

}  // namespace

std::vector<ClipRange> EntropyObserver::ranges(const TensorStatistics& statistics) const {
  if (statistics.empty()) return {ClipRange{}};
  if (m_variant == EntropyVariant::TensorRt) {
    const OrtAbsHistogram& h = statistics.ortAbsHistogram();
    ClipRange range = tensorRtThreshold(h.counts(), h.edges(), 1 << (m_bits - 1 + (m_isUnsigned ? 1 : 0)));
    // TensorRT's histogram starts at 0 and ends at max |x|; ORT's starts at min |x| (at v - 0.5 for
    // constant data), so a bin centre could lie past max |x|.
    const float maxAbs = std::max(-statistics.range().min, statistics.range().max);
    if (range.max > maxAbs) range = {-maxAbs, maxAbs};
    return {range};
  }
  const OrtValueHistogram* h = nullptr;
  if (statistics.ortEntropyHistogram().initialBins() == m_histogramBins) h = &statistics.ortEntropyHistogram();
  else if (statistics.ortPercentileHistogram().initialBins() == m_histogramBins) h = &statistics.ortPercentileHistogram();
  if (!h)
    throw Error("entropy calibration with " + std::to_string(m_histogramBins) + " bins needs a histogram that '" +
                statistics.name() + "' did not collect: it has " +
                std::to_string(statistics.ortEntropyHistogram().initialBins()) + " and " +
                std::to_string(statistics.ortPercentileHistogram().initialBins()) + " bins");
  return {onnxRuntimeThreshold(h->counts(), h->edges(), statistics.range(), m_quantizedBins)};
}

ClipRange EntropyObserver::onnxRuntimeThreshold(std::span<const int64_t> counts, std::span<const float> edges,
                                                ClipRange observed, int quantizedBins, double* bestDivergence) {
  const int64_t bins = static_cast<int64_t>(counts.size());
  const int64_t zero = bins / 2;
  const int64_t halfQuantized = quantizedBins / 2;
  if (halfQuantized > zero) return observed;
  std::vector<int64_t> prefix(static_cast<size_t>(bins) + 1, 0);
  for (int64_t i = 0; i < bins; ++i) prefix[static_cast<size_t>(i) + 1] = prefix[static_cast<size_t>(i)] + counts[static_cast<size_t>(i)];

  std::vector<int64_t> p, q, merged(static_cast<size_t>(quantizedBins));
  std::vector<float> pSmooth, qSmooth, terms;
  double best = kInfinity;
  int64_t bestStart = zero - halfQuantized, bestEnd = std::min(zero + halfQuantized + 1, bins);
  for (int64_t i = halfQuantized; i <= zero; ++i) {
    const int64_t start = zero - i;
    const int64_t end = std::min(zero + i + 1, bins);
    const int64_t length = end - start;
    const std::span<const int64_t> sliced = counts.subspan(static_cast<size_t>(start), static_cast<size_t>(length));
    // p: the kept bins with the outliers of each side added to its end bin.
    p.assign(sliced.begin(), sliced.end());
    p.front() += prefix[static_cast<size_t>(start)];
    p.back() += prefix[static_cast<size_t>(bins)] - prefix[static_cast<size_t>(end)];
    // q: groups of m bins (the remainder joins the last group's count but no bins), each group's
    // count spread over its non-zero bins of p, truncated to int64.
    const int64_t m = length / quantizedBins;
    for (int64_t k = 0; k < quantizedBins; ++k)
      merged[static_cast<size_t>(k)] = prefix[static_cast<size_t>(start + (k + 1) * m)] - prefix[static_cast<size_t>(start + k * m)];
    merged.back() += prefix[static_cast<size_t>(end)] - prefix[static_cast<size_t>(start + quantizedBins * m)];
    q.assign(static_cast<size_t>(length), 0);
    for (int64_t k = 0; k < quantizedBins; ++k) {
      int64_t nonZero = 0;
      for (int64_t j = k * m; j < (k + 1) * m; ++j) nonZero += p[static_cast<size_t>(j)] != 0;
      if (nonZero == 0) continue;
      const int64_t share = static_cast<int64_t>(static_cast<double>(merged[static_cast<size_t>(k)]) / static_cast<double>(nonZero));
      for (int64_t j = k * m; j < (k + 1) * m; ++j) q[static_cast<size_t>(j)] = share;
    }
    double divergence = kInfinity;
    if (smoothDistribution(p, pSmooth) && smoothDistribution(q, qSmooth))
      divergence = scipyEntropy(pSmooth, qSmooth, terms);
    if (divergence < best) {  // np.argmin: the first minimum
      best = divergence;
      bestStart = start;
      bestEnd = end;
    }
  }
  if (bestDivergence) *bestDivergence = best;
  ClipRange range{edges[static_cast<size_t>(bestStart)], edges[static_cast<size_t>(bestEnd)]};
  if (range.min < observed.min) range.min = observed.min;
  if (range.max > observed.max) range.max = observed.max;
  return collapseInverted(range);
}

ClipRange EntropyObserver::tensorRtThreshold(std::span<const int64_t> counts, std::span<const float> edges, int levels,
                                             double* bestDivergence) {
  const int64_t bins = static_cast<int64_t>(counts.size());
  const double width = static_cast<double>(edges[1]) - edges[0];
  std::vector<int64_t> suffix(static_cast<size_t>(bins) + 1, 0);
  for (int64_t i = bins - 1; i >= 0; --i) suffix[static_cast<size_t>(i)] = suffix[static_cast<size_t>(i) + 1] + counts[static_cast<size_t>(i)];
  std::vector<double> p, q;
  double best = kInfinity;
  std::optional<int64_t> bestBins;
  for (int64_t i = levels; i < bins; ++i) {
    p.assign(counts.begin(), counts.begin() + i);
    p.back() += static_cast<double>(suffix[static_cast<size_t>(i)]);
    q.assign(static_cast<size_t>(i), 0.0);
    for (int64_t k = 0; k < levels; ++k) {
      // Bins j with floor(j * levels / i) == k: [ceil(k * i / levels), ceil((k + 1) * i / levels)).
      const int64_t lo = (k * i + levels - 1) / levels;
      const int64_t hi = ((k + 1) * i + levels - 1) / levels;
      int64_t sum = 0, nonEmpty = 0;
      for (int64_t j = lo; j < hi; ++j) {
        sum += counts[static_cast<size_t>(j)];
        nonEmpty += counts[static_cast<size_t>(j)] != 0;
      }
      if (nonEmpty == 0) continue;
      const double share = static_cast<double>(sum) / static_cast<double>(nonEmpty);
      for (int64_t j = lo; j < hi; ++j)
        if (counts[static_cast<size_t>(j)] != 0) q[static_cast<size_t>(j)] = share;
    }
    const double pSum = numpyPairwiseSum(std::span<const double>(p));
    const double qSum = numpyPairwiseSum(std::span<const double>(q));
    double divergence = 0.0;
    for (int64_t j = 0; j < i; ++j) {
      const double pj = p[static_cast<size_t>(j)] / pSum;
      const double qj = q[static_cast<size_t>(j)] / qSum;
      if (pj > 0) divergence = qj == 0 ? kInfinity : divergence + pj * std::log(pj / qj);
    }
    if (divergence < best) {
      best = divergence;
      bestBins = i;
    }
  }
  if (bestDivergence) *bestDivergence = best;
  const double threshold = bestBins ? static_cast<double>(edges[0]) + (static_cast<double>(*bestBins) + 0.5) * width
                                    : static_cast<double>(edges.back());
  const float t = static_cast<float>(threshold);
  return {-t, t};
}

}  // namespace quantlens
