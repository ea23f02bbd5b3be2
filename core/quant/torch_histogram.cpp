// PyTorch >= 2.5 HistogramObserver.forward: histc per batch and the upscale-by-16 merge, in float32.
#include "core/quant/torch_histogram.h"

#include <algorithm>
#include <cassert>
#include <cmath>

namespace quantlens {

TorchHistogram::TorchHistogram(int bins) : m_bins(bins), m_counts(static_cast<size_t>(bins), 0.0f) {
  assert(bins > 0);
}

TorchHistogram::HistcRange TorchHistogram::batchRange(float batchMin, float batchMax) const {
  const float lo = empty() ? batchMin : std::min(m_min, batchMin);
  const float hi = empty() ? batchMax : std::max(m_max, batchMax);
  if (lo != hi) return {lo, hi};
  // histc_select_outer_bin_edges: [v - 1, v + 1] in double, then float32 bin edges. Far from 0
  // v +- 1 rounds back to v, which would divide by zero; newer PyTorch steps to the neighbouring
  // floats instead, and so does QuantLens.
  HistcRange range{static_cast<float>(static_cast<double>(lo) - 1.0),
                   static_cast<float>(static_cast<double>(hi) + 1.0)};
  if (range.lo == lo) range.lo = std::nextafter(lo, -std::numeric_limits<float>::infinity());
  if (range.hi == hi) range.hi = std::nextafter(hi, std::numeric_limits<float>::infinity());
  return range;
}

void TorchHistogram::addBatch(float batchMin, float batchMax, std::span<const uint32_t> batchCounts) {
  assert(batchCounts.size() == m_counts.size() && batchMin <= batchMax);
  // histc counts in float32; a batch holds fewer than 2^24 values per bin in practice, where
  // float32 counts are exact.
  std::vector<float> update(batchCounts.begin(), batchCounts.end());
  if (empty()) {
    m_counts = std::move(update);
    m_min = batchMin;
    m_max = batchMax;
    return;
  }
  const float newMin = std::min(m_min, batchMin);
  const float newMax = std::max(m_max, batchMax);
  if (newMin == m_min && newMax == m_max) {
    for (size_t i = 0; i < m_counts.size(); ++i) m_counts[i] += update[i];
    return;
  }
  if (m_min == m_max) {
    // _combine_histograms: histc(orig_min, bins, nmin, nmax) * sum(old histogram). The spec
    // leaves open whether 2.5.0 used the old or the new total; the old one keeps the counts.
    double total = 0.0;
    for (float c : m_counts) total += c;
    const int bin = histcBin(m_min, {newMin, newMax}, m_bins);
    update[static_cast<size_t>(bin)] = static_cast<float>(total) + update[static_cast<size_t>(bin)];
  } else {
    const std::vector<float> moved = upscaledOnto(newMin, newMax);
    for (size_t i = 0; i < update.size(); ++i) update[i] += moved[i];
  }
  m_counts = std::move(update);
  m_min = newMin;
  m_max = newMax;
}

namespace {

// torch.linspace(start, end, steps) in float32 as PyTorch >= 2.0 computes it on the CPU
// (linspace_kernel, scalar since PR #89048): step = (end - start) / (steps - 1); the first half
// counts up from start, the second half down from end. GCC contracts start + step * i into one
// fused multiply-add in the kernel's AVX2 and AVX512 builds (compiled with -mfma; Debian's torch
// 1.13 shows it), which PyTorch runs on any CPU with AVX2, so each element is rounded once. Only
// its DEFAULT build, for CPUs without AVX2, rounds twice. The merge needs the edges to the ulp:
// an ulp decides on which side of a bin edge a fine mid-point falls.
std::vector<float> atenLinspace(float start, float end, int64_t steps) {
  assert(steps > 1);
  std::vector<float> values(static_cast<size_t>(steps));
  const float step = (end - start) / static_cast<float>(steps - 1);
  const int64_t halfway = steps / 2;
  for (int64_t i = 0; i < steps; ++i)
    values[static_cast<size_t>(i)] = i < halfway ? std::fma(step, static_cast<float>(i), start)
                                                 : std::fma(-step, static_cast<float>(steps - i - 1), end);
  return values;
}

}  // namespace

std::vector<float> TorchHistogram::upscaledOnto(float newMin, float newMax) const {
  const int64_t fineBins = static_cast<int64_t>(m_bins) * kUpsample;
  // bin_size = (orig_max - orig_min) / (bins * 16); mid-points of the fine bins, float32 tensors.
  const float fineWidth = (m_max - m_min) / static_cast<float>(fineBins);
  const float halfFine = 0.5f * fineWidth;
  const std::vector<float> fineEdges = atenLinspace(m_min, m_max, fineBins + 1);
  const std::vector<float> edges = atenLinspace(newMin, newMax, m_bins + 1);
  std::vector<float> moved(static_cast<size_t>(m_bins), 0.0f);
  for (int64_t k = 0; k < fineBins; ++k) {
    const float mid = fineEdges[static_cast<size_t>(k)] + halfFine;
    // bucketize(right=True) - 1: the last edge <= mid; clamped into the histogram.
    const int64_t upper = std::upper_bound(edges.begin(), edges.end(), mid) - edges.begin();
    const int64_t bin = std::clamp<int64_t>(upper - 1, 0, m_bins - 1);
    // bincount(weights=repeat_interleave(hist, 16) / 16) with float32 weights: a float32 sum per
    // bin, in fine-bin order.
    moved[static_cast<size_t>(bin)] += m_counts[static_cast<size_t>(k / kUpsample)] / static_cast<float>(kUpsample);
  }
  return moved;
}

void TorchHistogram::addValues(std::span<const float> values) {
  float lo = std::numeric_limits<float>::infinity();
  float hi = -lo;
  for (float v : values)
    if (std::isfinite(v)) {
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
  if (!(lo <= hi)) return;
  const HistcRange range = batchRange(lo, hi);
  std::vector<uint32_t> counts(static_cast<size_t>(m_bins), 0);
  for (float v : values)
    if (std::isfinite(v)) ++counts[static_cast<size_t>(histcBin(v, range, m_bins))];
  addBatch(lo, hi, counts);
}

}  // namespace quantlens
