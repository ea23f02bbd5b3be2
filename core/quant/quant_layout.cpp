// Slot arithmetic of per-tensor, per-channel and per-group quantization.
#include "core/quant/quant_layout.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstring>
#include <limits>

#include "core/error.h"

namespace quantlens {

QuantLayout::QuantLayout(const Shape& shape, const Granularity& granularity)
    : m_kind(granularity.kind), m_shape(shape) {
  if (m_kind == GranularityKind::PerTensor) {
    m_axisDim = quantlens::elementCount(shape);
    return;
  }
  const int64_t rank = static_cast<int64_t>(shape.size());
  m_axis = normalizeAxis(granularity.axis, rank);
  if (m_axis < 0)
    throw Error(granularityName(granularity) + " quantization axis " + std::to_string(granularity.axis) +
                " is out of range for a tensor of shape " + shapeToString(shape));
  for (int64_t i = 0; i < m_axis; ++i) m_outer *= shape[static_cast<size_t>(i)];
  m_axisDim = shape[static_cast<size_t>(m_axis)];
  for (int64_t i = m_axis + 1; i < rank; ++i) m_inner *= shape[static_cast<size_t>(i)];
  if (m_kind == GranularityKind::PerGroup) {
    if (granularity.groupSize < 1)
      throw Error("group size " + std::to_string(granularity.groupSize) + " must be at least 1");
    m_groupSize = granularity.groupSize;
    m_blocks = (m_axisDim + m_groupSize - 1) / m_groupSize;
  }
}

int64_t QuantLayout::slotCount() const {
  switch (m_kind) {
    case GranularityKind::PerTensor: return 1;
    case GranularityKind::PerChannel: return m_axisDim;
    case GranularityKind::PerGroup: return m_outer * m_blocks * m_inner;
  }
  return 1;
}

Shape QuantLayout::paramShape() const {
  if (m_kind == GranularityKind::PerTensor) return {};
  if (m_kind == GranularityKind::PerChannel) return {m_axisDim};
  Shape shape = m_shape;
  shape[static_cast<size_t>(m_axis)] = m_blocks;
  return shape;
}

int64_t QuantLayout::slotOf(int64_t elementIndex) const {
  assert(elementIndex >= 0 && elementIndex < elementCount());
  const int64_t inner = elementIndex % m_inner;
  const int64_t d = (elementIndex / m_inner) % m_axisDim;
  const int64_t o = elementIndex / (m_inner * m_axisDim);
  switch (m_kind) {
    case GranularityKind::PerTensor: return 0;
    case GranularityKind::PerChannel: return d;
    case GranularityKind::PerGroup: return (o * m_blocks + d / m_groupSize) * m_inner + inner;
  }
  return 0;
}

namespace {

constexpr float kInf = std::numeric_limits<float>::infinity();

// Min and max of values sharing one slot, folded into lo and hi; returns Σ(v − v) (see runMinMax).
float scalarRunMinMax(const float* x, int64_t count, float& lo, float& hi) {
  float poison = 0.0f;
  for (int64_t k = 0; k < count; ++k) {
    const float v = x[k];
    lo = v < lo ? v : lo;
    hi = v > hi ? v : hi;
    poison += v - v;
  }
  return poison;
}

// Four float lanes (GCC/Clang vector extension): compilers do not vectorize min/max reductions of
// floats on their own, as reordering them is only exact for data without NaN.
typedef float Float4 __attribute__((vector_size(16)));

inline Float4 load4(const float* p) {
  Float4 v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

// Min and max of a run sharing one slot, folded into lo and hi. Returns Σ(v − v): NaN when the run
// holds a NaN or an infinity (which the lanes' comparisons would drop or mishandle), 0 otherwise.
float runMinMax(const float* x, int64_t count, float& lo, float& hi) {
  if (count < 16) return scalarRunMinMax(x, count, lo, hi);
  Float4 lo0 = {lo, lo, lo, lo}, lo1 = lo0, hi0 = {hi, hi, hi, hi}, hi1 = hi0, poison0 = {}, poison1 = {};
  int64_t i = 0;
  for (; i + 8 <= count; i += 8) {
    const Float4 a = load4(x + i);
    const Float4 b = load4(x + i + 4);
    lo0 = a < lo0 ? a : lo0;
    lo1 = b < lo1 ? b : lo1;
    hi0 = a > hi0 ? a : hi0;
    hi1 = b > hi1 ? b : hi1;
    poison0 += a - a;
    poison1 += b - b;
  }
  float poison = 0.0f;
  for (int k = 0; k < 4; ++k) {
    lo = lo0[k] < lo ? lo0[k] : lo;
    lo = lo1[k] < lo ? lo1[k] : lo;
    hi = hi0[k] > hi ? hi0[k] : hi;
    hi = hi1[k] > hi ? hi1[k] : hi;
    poison += poison0[k] + poison1[k];
  }
  return poison + scalarRunMinMax(x + i, count - i, lo, hi);
}

// A run with one slot per element (per-channel on the last axis, per-group with an inner extent).
float elementwiseMinMax(const float* x, int64_t count, float* lo, float* hi) {
  float poison = 0.0f;
  for (int64_t k = 0; k < count; ++k) {
    const float v = x[k];
    lo[k] = v < lo[k] ? v : lo[k];
    hi[k] = v > hi[k] ? v : hi[k];
    poison += v - v;
  }
  return poison;
}

// The exact rule for data holding NaN or infinity: a NaN replaces the slot's min and max and then
// sticks, so computeQParams can report it.
void slotMinMaxNonFinite(std::span<const float> data, const QuantLayout& layout, std::span<float> mins,
                         std::span<float> maxs) {
  auto update = [](float v, float& lo, float& hi) {
    if (std::isnan(lo)) return;
    if (std::isnan(v)) {
      lo = hi = v;
      return;
    }
    lo = v < lo ? v : lo;
    hi = v > hi ? v : hi;
  };
  layout.forEachRun([&](int64_t offset, int64_t count, int64_t slot, int64_t stride) {
    for (int64_t k = 0; k < count; ++k)
      update(data[static_cast<size_t>(offset + k)], mins[static_cast<size_t>(slot + k * stride)],
             maxs[static_cast<size_t>(slot + k * stride)]);
  });
}

}  // namespace

void slotMinMax(std::span<const float> data, const QuantLayout& layout, std::span<float> mins,
                std::span<float> maxs) {
  assert(static_cast<int64_t>(data.size()) == layout.elementCount());
  assert(static_cast<int64_t>(mins.size()) == layout.slotCount() && mins.size() == maxs.size());
  std::fill(mins.begin(), mins.end(), kInf);
  std::fill(maxs.begin(), maxs.end(), -kInf);
  // Finite data (weights, nearly always) take the vectorized path; any NaN or infinity makes
  // `poison` NaN, and the exact rule runs again from scratch.
  float poison = 0.0f;
  layout.forEachRun([&](int64_t offset, int64_t count, int64_t slot, int64_t stride) {
    const float* x = data.data() + offset;
    const auto s = static_cast<size_t>(slot);
    poison += stride == 0 ? runMinMax(x, count, mins[s], maxs[s])
                          : elementwiseMinMax(x, count, mins.data() + s, maxs.data() + s);
  });
  if (!std::isnan(poison)) return;
  std::fill(mins.begin(), mins.end(), kInf);
  std::fill(maxs.begin(), maxs.end(), -kInf);
  slotMinMaxNonFinite(data, layout, mins, maxs);
}

}  // namespace quantlens
