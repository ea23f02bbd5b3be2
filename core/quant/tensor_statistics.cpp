// Two passes per batch: extremes (overall, per channel, of |x|), then every histogram at once.
#include "core/quant/tensor_statistics.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#include "core/error.h"
#include "core/quant/edge_binning.h"
#include "core/tensor/tensor.h"

namespace quantlens {
namespace {

constexpr float kInf = std::numeric_limits<float>::infinity();

// Finite extremes of some values, and how many were not finite.
struct Extremes {
  float min = kInf;
  float max = -kInf;
  float minAbs = kInf;
  int64_t nonFinite = 0;

  void add(float v) {
    if (!std::isfinite(v)) {
      ++nonFinite;
      return;
    }
    min = v < min ? v : min;
    max = v > max ? v : max;
    minAbs = std::fabs(v) < minAbs ? std::fabs(v) : minAbs;
  }
  void add(const Extremes& other) {
    min = std::min(min, other.min);
    max = std::max(max, other.max);
    minAbs = std::min(minAbs, other.minAbs);
    nonFinite += other.nonFinite;
  }
  bool observed() const { return min <= max; }
};

// GCC vector extensions: four lanes, one SSE register on baseline x86-64.
using Floats4 = float __attribute__((vector_size(16)));
using Ints4 = int32_t __attribute__((vector_size(16)));

// Running extremes of four lanes. A float is finite iff its exponent bits are not all ones, so one
// integer compare per lane sorts out NaN and ±inf without branches.
struct LaneExtremes {
  Floats4 lo = Floats4{} + kInf;
  Floats4 hi = Floats4{} - kInf;
  Floats4 loAbs = Floats4{} + kInf;
  Ints4 nonFinite = {};

  void add(const float* values) {
    Floats4 v;
    std::memcpy(&v, values, sizeof v);
    Ints4 bits;
    std::memcpy(&bits, &v, sizeof bits);
    const Ints4 absBits = bits & 0x7fffffff;
    const Ints4 finite = absBits < 0x7f800000;  // -1 where finite
    nonFinite += finite + 1;
    Floats4 absV;
    std::memcpy(&absV, &absBits, sizeof absV);
    const Floats4 inf = Floats4{} + kInf;
    const Floats4 forMin = finite ? v : inf;
    const Floats4 forMax = finite ? v : -inf;
    const Floats4 forAbs = finite ? absV : inf;
    lo = forMin < lo ? forMin : lo;
    hi = forMax > hi ? forMax : hi;
    loAbs = forAbs < loAbs ? forAbs : loAbs;
  }
  void into(Extremes& e) const {
    for (int lane = 0; lane < 4; ++lane) {
      e.min = std::min(e.min, lo[lane]);
      e.max = std::max(e.max, hi[lane]);
      e.minAbs = std::min(e.minAbs, loAbs[lane]);
      e.nonFinite += nonFinite[lane];
    }
  }
};

// One contiguous block, eight values at a time in two independent lane sets.
Extremes scanBlock(const float* values, size_t count) {
  LaneExtremes a, b;
  size_t i = 0;
  for (; i + 8 <= count; i += 8) {
    a.add(values + i);
    b.add(values + i + 4);
  }
  Extremes result;
  a.into(result);
  b.into(result);
  for (; i < count; ++i) result.add(values[i]);
  return result;
}

// A fast estimate of np.histogram's bin on edges made of up to Segments runs of nearly evenly
// spaced edges (ORT's |x| histogram appends one run per growth, each with its own np.arange step):
// within the run holding x, t = (x - run start) * run bins / run length + run's first index, in
// float32. Rounding moves t by at most a few float ulps of t, and each float32 edge sits within
// half an ulp of its ideal place (the measured `drift`), so floor(t) is certain when t is more
// than `margin` from an integer; otherwise, or off the edges, the caller asks edgeBin. More runs
// than Segments are merged into the best-fitting neighbours, which grows the drift; a margin of
// 1/2 or more sends every value to edgeBin.
template <int Segments> struct BinEstimate {
  float from[Segments];    // run j holds x >= from[j] (until the next run)
  float first[Segments];   // the run's first edge
  float scale[Segments];   // its bins per unit
  float offset[Segments];  // the index of its first edge
  float margin = 1.0f;
  int32_t last = 0;        // bins - 1
  // ReLU outputs are half zeros, and 0 is an edge of every such histogram (the first, or the
  // middle of ORT's symmetric value range), where t's fraction is near 0 and would send each zero
  // to edgeBin: zero's bin is found once. `zero` is 0 when zeroBin holds it, else NaN (matching
  // nothing).
  float zero = std::numeric_limits<float>::quiet_NaN();
  int32_t zeroBin = 0;

  template <class Edge> BinEstimate(const std::vector<Edge>& edges, std::vector<int64_t> starts = {0}) {
    const int64_t bins = static_cast<int64_t>(edges.size()) - 1;
    for (int j = 0; j < Segments; ++j) {
      from[j] = kInf;
      first[j] = scale[j] = offset[j] = 0.0f;
    }
    if (bins > int64_t{1} << 24 || !(static_cast<double>(edges.back()) > static_cast<double>(edges.front()))) return;
    last = static_cast<int32_t>(bins - 1);
    const int64_t bin = edgeBin(0.0, edges.data(), bins,
                                static_cast<double>(bins) / (static_cast<double>(edges.back()) - edges.front()));
    if (bin >= 0) {
      zero = 0.0f;
      zeroBin = static_cast<int32_t>(bin);
    }
    // The largest distance of an edge of run [begin, end] from the run's line, in bins.
    const auto drift = [&](int64_t begin, int64_t end) {
      const double lo = static_cast<double>(edges[static_cast<size_t>(begin)]);
      const double hi = static_cast<double>(edges[static_cast<size_t>(end)]);
      if (!(hi > lo)) return std::numeric_limits<double>::infinity();
      double worst = 0.0;
      for (int64_t i = begin; i <= end; ++i)
        worst = std::max(worst, std::fabs((static_cast<double>(edges[static_cast<size_t>(i)]) - lo) *
                                              static_cast<double>(end - begin) / (hi - lo) -
                                          static_cast<double>(i - begin)));
      return worst;
    };
    starts.push_back(bins);
    while (starts.size() > Segments + 1) {
      // Merge the neighbouring runs that fit one line best.
      size_t merge = 1;
      double best = std::numeric_limits<double>::infinity();
      for (size_t j = 1; j + 1 < starts.size(); ++j) {
        const double d = drift(starts[j - 1], starts[j + 1]);
        if (d < best) {
          best = d;
          merge = j;
        }
      }
      starts.erase(starts.begin() + static_cast<std::ptrdiff_t>(merge));
    }
    double worst = 0.0;
    for (size_t j = 0; j + 1 < starts.size(); ++j) {
      const double lo = static_cast<double>(edges[static_cast<size_t>(starts[j])]);
      const double hi = static_cast<double>(edges[static_cast<size_t>(starts[j + 1])]);
      from[j] = j == 0 ? -kInf : static_cast<float>(lo);
      first[j] = static_cast<float>(lo);
      scale[j] = static_cast<float>(static_cast<double>(starts[j + 1] - starts[j]) / (hi - lo));
      offset[j] = static_cast<float>(starts[j]);
      worst = std::max(worst, drift(starts[j], starts[j + 1]));
    }
    // float32 rounding of x - first, of scale, of the product and of the sum: a few ulps of t <= bins.
    margin = static_cast<float>(worst + 8.0 * static_cast<double>(bins) * 0x1p-24 + 1e-6);
  }

  // The estimated position t, in bins (branch-free so that the caller's loop vectorizes).
  float position(float x) const {
    float f = first[0], s = scale[0], o = offset[0];
    for (int j = 1; j < Segments; ++j) {
      const bool inside = x >= from[j];
      f = inside ? first[j] : f;
      s = inside ? scale[j] : s;
      o = inside ? offset[j] : o;
    }
    return (x - f) * s + o;
  }
};

// Bins finite values block by block: a loop the compiler vectorizes computes every histogram's
// bin (histc exactly, the others as BinEstimate) with one "uncertain" bit per ORT histogram; a
// scalar loop then counts, asking `exact(x, bits)` to bin x on the edges of the flagged ones.
template <class Exact>
void binFinite(std::span<const float> values, TorchHistogram::HistcRange torch, int torchBins,
               const BinEstimate<1>& entropy, const BinEstimate<1>& percentile, const BinEstimate<4>& absolute,
               uint32_t* torchCounts, uint32_t* entropyCounts, uint32_t* percentileCounts, uint32_t* absCounts,
               Exact&& exact) {
  constexpr size_t kBlock = 256;
  int32_t torchBin[kBlock], entropyBin[kBlock], percentileBin[kBlock], absBin[kBlock], uncertain[kBlock];
  const float torchLo = torch.lo, torchSpan = torch.hi - torch.lo, torchScale = static_cast<float>(torchBins);
  const int32_t torchLast = torchBins - 1;
  for (size_t begin = 0; begin < values.size(); begin += kBlock) {
    const size_t count = std::min(kBlock, values.size() - begin);
    const float* x = values.data() + begin;
    for (size_t k = 0; k < count; ++k) {
      const int32_t t = static_cast<int32_t>(((x[k] - torchLo) * torchScale) / torchSpan);
      torchBin[k] = t < torchLast ? t : torchLast;
      const float pe = entropy.position(x[k]);
      const float pp = percentile.position(x[k]);
      const float ax = std::fabs(x[k]);
      const float pa = absolute.position(ax);
      const int32_t e = static_cast<int32_t>(pe), p = static_cast<int32_t>(pp), a = static_cast<int32_t>(pa);
      const float fe = pe - static_cast<float>(e), fp = pp - static_cast<float>(p), fa = pa - static_cast<float>(a);
      // 1 where x is a zero whose bin is known.
      const int32_t onE = x[k] == entropy.zero, onP = x[k] == percentile.zero, onA = ax == absolute.zero;
      entropyBin[k] = onE ? entropy.zeroBin : e;
      percentileBin[k] = onP ? percentile.zeroBin : p;
      absBin[k] = onA ? absolute.zeroBin : a;
      // A negative t truncates to bin 0 with a negative fraction, which is below the margin.
      uncertain[k] = (((fe < entropy.margin) | (fe > 1.0f - entropy.margin) | (e > entropy.last)) & (onE ^ 1)) |
                     (((fp < percentile.margin) | (fp > 1.0f - percentile.margin) | (p > percentile.last)) & (onP ^ 1))
                         << 1 |
                     (((fa < absolute.margin) | (fa > 1.0f - absolute.margin) | (a > absolute.last)) & (onA ^ 1)) << 2;
    }
    for (size_t k = 0; k < count; ++k) {
      ++torchCounts[torchBin[k]];
      const int32_t bits = uncertain[k];
      if (bits == 0) {
        ++entropyCounts[entropyBin[k]];
        ++percentileCounts[percentileBin[k]];
        ++absCounts[absBin[k]];
        continue;
      }
      if (!(bits & 1)) ++entropyCounts[entropyBin[k]];
      if (!(bits & 2)) ++percentileCounts[percentileBin[k]];
      if (!(bits & 4)) ++absCounts[absBin[k]];
      exact(x[k], bits);
    }
  }
}

// The tensor seen as [outer, channels, inner] around the channel axis; a tensor without that axis
// is one channel.
struct ChannelLayout {
  int64_t outer = 1;
  int64_t channels = 1;
  int64_t inner = 1;
};

ChannelLayout channelLayout(std::span<const int64_t> shape, int64_t axis) {
  const int64_t rank = static_cast<int64_t>(shape.size());
  ChannelLayout layout;
  if (axis < 0) axis += rank;
  for (int64_t d = 0; d < rank; ++d) {
    const int64_t size = shape[static_cast<size_t>(d)];
    if (axis < 0 || axis >= rank || d > axis) layout.inner *= size;
    else if (d < axis) layout.outer *= size;
    else layout.channels = size;
  }
  return layout;
}

std::string shapeText(std::span<const int64_t> shape) {
  std::string text = "[";
  for (size_t i = 0; i < shape.size(); ++i) text += (i ? ", " : "") + std::to_string(shape[i]);
  return text + "]";
}

}  // namespace

TensorStatistics::TensorStatistics(TensorStatisticsOptions options)
    : m_options(options),
      m_torch(options.torchBins),
      m_ortEntropy(options.ortEntropyBins),
      m_ortPercentile(options.ortPercentileBins),
      m_ortAbs(options.ortPercentileBins) {}

std::span<const ClipRange> TensorStatistics::channelBatchRanges(int64_t batch) const {
  if (!m_options.channelBatchRanges || batch < 0 || batch >= batchCount()) return {};
  return std::span<const ClipRange>(m_channelBatchRanges).subspan(static_cast<size_t>(batch * m_channelCount),
                                                                   static_cast<size_t>(m_channelCount));
}

void TensorStatistics::update(const Tensor& tensor) {
  if (tensor.dtype() != DataType::Float32)
    throw Error("calibration statistics of '" + m_name + "' need a float32 tensor, got " +
                std::string(dataTypeName(tensor.dtype())));
  update(tensor.values<float>(), tensor.shape());
}

void TensorStatistics::update(std::span<const float> values, std::span<const int64_t> shape) {
  int64_t expected = 1;
  for (int64_t d : shape) expected *= d;
  if (expected != static_cast<int64_t>(values.size()))
    throw Error("calibration batch of '" + m_name + "' has " + std::to_string(values.size()) +
                " values but its shape " + shapeText(shape) + " holds " + std::to_string(expected));
  if (values.empty()) return;  // PyTorch's observers return early on numel() == 0
  const ChannelLayout layout = channelLayout(shape, m_options.channelAxis);
  if (m_channelCount == 0) {
    m_channelCount = layout.channels;
    m_channelRanges.assign(static_cast<size_t>(m_channelCount), ClipRange{});
  } else if (layout.channels != m_channelCount) {
    throw Error("calibration batch of '" + m_name + "' with shape " + shapeText(shape) + " has " +
                std::to_string(layout.channels) + " channels on axis " + std::to_string(m_options.channelAxis) +
                " but earlier batches had " + std::to_string(m_channelCount));
  }

  // Pass 1: extremes per channel of this batch, and overall.
  std::vector<Extremes> channels(static_cast<size_t>(layout.channels));
  const float* data = values.data();
  for (int64_t o = 0; o < layout.outer; ++o) {
    for (int64_t c = 0; c < layout.channels; ++c) {
      const float* block = data + (o * layout.channels + c) * layout.inner;
      Extremes& e = channels[static_cast<size_t>(c)];
      if (layout.inner >= 8) {
        e.add(scanBlock(block, static_cast<size_t>(layout.inner)));
      } else {
        for (int64_t k = 0; k < layout.inner; ++k) e.add(block[k]);
      }
    }
  }
  Extremes batch;
  for (const Extremes& e : channels) batch.add(e);
  if (batch.nonFinite > 0) {
    const int64_t nans = std::count_if(values.begin(), values.end(), [](float v) { return std::isnan(v); });
    m_nanCount += nans;
    m_infCount += batch.nonFinite - nans;
  }
  m_finiteCount += static_cast<int64_t>(values.size()) - batch.nonFinite;
  if (!batch.observed()) return;

  m_range = {std::min(m_range.min, batch.min), std::max(m_range.max, batch.max)};
  m_batchRanges.push_back({batch.min, batch.max});
  for (size_t c = 0; c < channels.size(); ++c) {
    ClipRange& r = m_channelRanges[c];
    r = {std::min(r.min, channels[c].min), std::max(r.max, channels[c].max)};
    if (m_options.channelBatchRanges) m_channelBatchRanges.push_back({channels[c].min, channels[c].max});
  }

  // Every histogram's binning for this batch follows from the extremes.
  const TorchHistogram::HistcRange torchRange = m_torch.batchRange(batch.min, batch.max);
  OrtValueHistogram::BatchPlan entropyPlan = m_ortEntropy.planBatch(batch.min, batch.max);
  OrtValueHistogram::BatchPlan percentilePlan = m_ortPercentile.planBatch(batch.min, batch.max);
  OrtAbsHistogram::BatchPlan absPlan =
      m_ortAbs.planBatch(batch.minAbs, std::max(std::fabs(batch.min), std::fabs(batch.max)));

  const int torchBins = m_torch.bins();
  const int64_t entropyBins = static_cast<int64_t>(entropyPlan.edges.size()) - 1;
  const int64_t percentileBins = static_cast<int64_t>(percentilePlan.edges.size()) - 1;
  const int64_t absBins = static_cast<int64_t>(absPlan.edges.size()) - 1;
  m_torchCounts.assign(static_cast<size_t>(torchBins), 0);
  m_entropyCounts.assign(static_cast<size_t>(entropyBins), 0);
  m_percentileCounts.assign(static_cast<size_t>(percentileBins), 0);
  m_absCounts.assign(static_cast<size_t>(absBins), 0);
  const auto invWidth = [](auto& edges) {
    return static_cast<double>(edges.size() - 1) / (static_cast<double>(edges.back()) - edges.front());
  };
  const double entropyInv = invWidth(entropyPlan.edges);
  const double percentileInv = invWidth(percentilePlan.edges);
  const double absInv = invWidth(absPlan.edges);

  // Pass 2: each finite value into the four histograms.
  uint32_t* torchCounts = m_torchCounts.data();
  const auto exactBins = [&](float v, int32_t which) {
    if (which & 1) {
      const int64_t e = edgeBin(v, entropyPlan.edges.data(), entropyBins, entropyInv);
      if (e >= 0) ++m_entropyCounts[static_cast<size_t>(e)];
    }
    if (which & 2) {
      const int64_t p = edgeBin(v, percentilePlan.edges.data(), percentileBins, percentileInv);
      if (p >= 0) ++m_percentileCounts[static_cast<size_t>(p)];
    }
    if (which & 4) {
      const int64_t a = edgeBin(std::fabs(v), absPlan.edges.data(), absBins, absInv);
      if (a >= 0) ++m_absCounts[static_cast<size_t>(a)];
    }
  };
  if (batch.nonFinite > 0) {
    // Batches with NaN or ±inf take the plain exact path.
    for (float v : values) {
      if (!std::isfinite(v)) continue;
      ++torchCounts[TorchHistogram::histcBin(v, torchRange, torchBins)];
      exactBins(v, 7);
    }
  } else {
    binFinite(values, torchRange, torchBins, BinEstimate<1>(entropyPlan.edges), BinEstimate<1>(percentilePlan.edges),
              BinEstimate<4>(absPlan.edges, absPlan.segmentStarts), torchCounts, m_entropyCounts.data(), m_percentileCounts.data(),
              m_absCounts.data(), exactBins);
  }

  m_torch.addBatch(batch.min, batch.max, m_torchCounts);
  m_ortEntropy.addBatch(std::move(entropyPlan), m_entropyCounts);
  m_ortPercentile.addBatch(std::move(percentilePlan), m_percentileCounts);
  m_ortAbs.addBatch(std::move(absPlan), m_absCounts);
}

size_t TensorStatistics::memoryBytes() const {
  size_t bytes = sizeof(*this);
  bytes += (m_batchRanges.capacity() + m_channelRanges.capacity() + m_channelBatchRanges.capacity()) * sizeof(ClipRange);
  bytes += m_torch.counts().size() * sizeof(float);
  for (const OrtValueHistogram* h : {&m_ortEntropy, &m_ortPercentile})
    bytes += h->counts().size() * sizeof(int64_t) + h->edges().size() * sizeof(float);
  bytes += m_ortAbs.counts().size() * sizeof(int64_t) + m_ortAbs.edges().size() * sizeof(float);
  bytes += (m_torchCounts.capacity() + m_entropyCounts.capacity() + m_percentileCounts.capacity() +
            m_absCounts.capacity()) * sizeof(uint32_t);
  return bytes;
}

}  // namespace quantlens
