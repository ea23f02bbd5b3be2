// Weight slices along axis 0 and the slots each one uses.
#include "core/quant/weight_slices.h"

#include <algorithm>
#include <cassert>

namespace quantlens {

bool slicesOwnTheirSlots(const QuantLayout& layout) {
  return layout.kind() == GranularityKind::PerGroup ||
         (layout.kind() == GranularityKind::PerChannel && layout.axis() == 0);
}

std::vector<WeightSlice> sliceWeight(const Shape& shape, const QuantLayout& layout, int64_t targetElements) {
  assert(targetElements > 0);
  std::vector<WeightSlice> slices;
  const int64_t total = layout.elementCount();
  if (layout.kind() == GranularityKind::PerTensor) {
    // One scale for all: any flat run is a per-tensor tensor of its own.
    for (int64_t offset = 0; offset < total; offset += targetElements) {
      const int64_t count = std::min(targetElements, total - offset);
      slices.push_back({offset, count, Shape{count}, 0, 1});
    }
    return slices;
  }
  // Per-channel and per-group need rank >= 1 (QuantLayout checked the axis). Rows [r0, r1) of
  // axis 0 keep every other dimension, so the granularity still applies to the slice.
  const int64_t rows = shape[0];
  if (rows == 0) return slices;
  const int64_t rowElements = total / rows;
  const int64_t slots = layout.slotCount();
  const bool groupsAlongRows = layout.kind() == GranularityKind::PerGroup && layout.axis() == 0;
  const int64_t groupSize = layout.groupSize();
  int64_t rowsPerSlice = std::max<int64_t>(1, targetElements / std::max<int64_t>(rowElements, 1));
  if (groupsAlongRows)  // whole groups, so that every slice starts at a group boundary
    rowsPerSlice = (rowsPerSlice + groupSize - 1) / groupSize * groupSize;
  for (int64_t r0 = 0; r0 < rows; r0 += rowsPerSlice) {
    const int64_t r1 = std::min(rows, r0 + rowsPerSlice);
    WeightSlice slice;
    slice.offset = r0 * rowElements;
    slice.count = (r1 - r0) * rowElements;
    slice.shape = shape;
    slice.shape[0] = r1 - r0;
    if (layout.kind() == GranularityKind::PerChannel) {
      // Axis 0: one slot per row. A later axis: the channels lie inside every row.
      slice.firstSlot = layout.axis() == 0 ? r0 : 0;
      slice.slotCount = layout.axis() == 0 ? r1 - r0 : slots;
    } else if (groupsAlongRows) {
      // Slots [block, inner...] row-major: each block of rows owns `inner` consecutive slots.
      const int64_t blocks = (rows + groupSize - 1) / groupSize;
      const int64_t inner = slots / blocks;
      slice.firstSlot = r0 / groupSize * inner;
      slice.slotCount = (r1 - r0 + groupSize - 1) / groupSize * inner;
    } else {
      // Groups along a later axis: the slot index grows with the row, slots / rows per row.
      const int64_t slotsPerRow = slots / rows;
      slice.firstSlot = r0 * slotsPerRow;
      slice.slotCount = (r1 - r0) * slotsPerRow;
    }
    slices.push_back(std::move(slice));
  }
  return slices;
}

QParams sliceQParams(const QParams& qparams, int64_t first, int64_t count) {
  assert(first >= 0 && count >= 0 && static_cast<size_t>(first + count) <= qparams.scales.size());
  QParams slice;
  slice.scheme = qparams.scheme;
  const auto begin = static_cast<std::ptrdiff_t>(first);
  const auto end = static_cast<std::ptrdiff_t>(first + count);
  slice.scales.assign(qparams.scales.begin() + begin, qparams.scales.begin() + end);
  slice.zeroPoints.assign(qparams.zeroPoints.begin() + begin, qparams.zeroPoints.begin() + end);
  return slice;
}

}  // namespace quantlens
