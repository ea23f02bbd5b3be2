// Slot arithmetic of per-tensor, per-channel and per-group quantization.
#include "core/quant/quant_layout.h"

#include <algorithm>
#include <cassert>
#include <cmath>
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

void slotMinMax(std::span<const float> data, const QuantLayout& layout, std::span<float> mins,
                std::span<float> maxs) {
  assert(static_cast<int64_t>(data.size()) == layout.elementCount());
  assert(static_cast<int64_t>(mins.size()) == layout.slotCount() && mins.size() == maxs.size());
  std::fill(mins.begin(), mins.end(), std::numeric_limits<float>::infinity());
  std::fill(maxs.begin(), maxs.end(), -std::numeric_limits<float>::infinity());
  // A NaN replaces the slot's min and max and then sticks, so computeQParams can report it.
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

}  // namespace quantlens
