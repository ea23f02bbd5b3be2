// Where each element of a tensor finds its scale and zero point ("slot") for a given granularity.
#pragma once

#include <cstdint>
#include <span>

#include "core/quant/granularity.h"
#include "core/tensor/shape.h"

namespace quantlens {

// A tensor of shape [outer..., D, inner...] around the granularity's axis. Slots are numbered as
// the elements of ONNX's scale tensor: per-tensor 1 slot; per-channel D slots; per-group the
// tensor's shape with D replaced by ceil(D / G), row-major (the last block may be shorter).
class QuantLayout {
public:
  // Throws Error when the axis is out of range for `shape` or the group size is not positive.
  QuantLayout(const Shape& shape, const Granularity& granularity);

  GranularityKind kind() const { return m_kind; }
  int64_t axis() const { return m_axis; }  // resolved, non-negative; -1 for per-tensor
  int64_t groupSize() const { return m_groupSize; }
  int64_t elementCount() const { return m_outer * m_axisDim * m_inner; }
  int64_t slotCount() const;
  // Shape of the scale / zero-point tensor: {} per-tensor, {D} per-channel, the tensor's shape with
  // ceil(D/G) on the axis per-group (ONNX DequantizeLinear's blocked layout).
  Shape paramShape() const;
  int64_t slotOf(int64_t elementIndex) const;

  // Visits the tensor as runs of contiguous elements and calls
  // fn(offset, count, firstSlot, slotStride): element offset + k uses slot firstSlot + k * slotStride,
  // with slotStride 0 (the whole run shares one slot) or 1 (one slot per element). Runs are as long
  // as the layout allows, so a kernel's inner loop has no per-element bookkeeping.
  template <class Fn> void forEachRun(Fn&& fn) const;

private:
  GranularityKind m_kind = GranularityKind::PerTensor;
  int64_t m_axis = -1;
  int64_t m_outer = 1;
  int64_t m_axisDim = 1;
  int64_t m_inner = 1;
  int64_t m_groupSize = 0;
  int64_t m_blocks = 1;  // ceil(D / G) for per-group
  Shape m_shape;
};

// Min and max of the elements of each slot (a MinMax observer over one tensor, e.g. a weight).
// A slot without elements gets (+inf, -inf), the uninitialised range; NaN propagates into the
// slot's min and max so that computeQParams reports it.
void slotMinMax(std::span<const float> data, const QuantLayout& layout, std::span<float> mins,
                std::span<float> maxs);

template <class Fn> void QuantLayout::forEachRun(Fn&& fn) const {
  const int64_t rowLength = m_axisDim * m_inner;
  switch (m_kind) {
    case GranularityKind::PerTensor:
      fn(int64_t{0}, elementCount(), int64_t{0}, int64_t{0});
      return;
    case GranularityKind::PerChannel:
      for (int64_t o = 0; o < m_outer; ++o) {
        if (m_inner == 1) {
          fn(o * rowLength, m_axisDim, int64_t{0}, int64_t{1});
        } else {
          for (int64_t c = 0; c < m_axisDim; ++c) fn((o * m_axisDim + c) * m_inner, m_inner, c, int64_t{0});
        }
      }
      return;
    case GranularityKind::PerGroup:
      for (int64_t o = 0; o < m_outer; ++o) {
        if (m_inner == 1) {
          for (int64_t b = 0; b < m_blocks; ++b) {
            const int64_t begin = b * m_groupSize;
            const int64_t count = begin + m_groupSize <= m_axisDim ? m_groupSize : m_axisDim - begin;
            fn(o * rowLength + begin, count, o * m_blocks + b, int64_t{0});
          }
        } else {
          for (int64_t d = 0; d < m_axisDim; ++d)
            fn((o * m_axisDim + d) * m_inner, m_inner, (o * m_blocks + d / m_groupSize) * m_inner, int64_t{1});
        }
      }
      return;
  }
}

}  // namespace quantlens
