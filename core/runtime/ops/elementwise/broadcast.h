// Numpy-style (multidirectional) broadcasting, shared by every binary, ternary and variadic
// elementwise operator: the output shape, and a walk over the output in contiguous rows.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "core/tensor/shape.h"

namespace quantlens {

class OpContext;

// The broadcast of `shapes` (aligned at their last axis, missing leading axes count as 1), or
// nullopt when some axis has two sizes that differ and are both not 1.
std::optional<Shape> broadcastShapes(std::span<const Shape* const> shapes);

// broadcastShapes, or an Error naming the node and every input shape.
Shape broadcastShapesOrThrow(const OpContext& context, std::span<const Shape* const> shapes);

// Binary operators before opset 7 broadcast B into A only with attribute broadcast = 1, aligning
// B's first axis with A's axis `axis`. Returns B's shape with the trailing size-1 axes that make
// numpy broadcasting give that alignment (B's elements are unchanged), or B's shape as it is for
// newer opsets. The normalizer leaves these attributes, so every binary kernel calls this.
Shape legacyBroadcastShape(const OpContext& context, const Shape& a, const Shape& b);

// How up to kMaxInputs inputs map onto a broadcast output. Axes on which every input behaves
// alike (all advance, or the same ones repeat) are merged, so a same-shape or scalar operation
// becomes one long row and a per-channel bias becomes rows of H*W: the inner loops then run over
// long contiguous spans whatever the rank.
class BroadcastPlan {
public:
  static constexpr size_t kMaxInputs = 3;  // Where has three inputs

  // Every input shape must broadcast to outShape (broadcastShapes checked that).
  BroadcastPlan(const Shape& outShape, std::span<const Shape* const> inputShapes);

  // Elements per row (the merged innermost axis); 0 when the output is empty.
  int64_t rowLength() const { return m_rowLength; }
  // Whether `input` advances one element per output element along a row, or repeats one element.
  bool advancesAlongRow(size_t input) const { return m_rowStrides[input] != 0; }

  // Calls fn(outOffset, inputOffsets) for each row in output order; offsets are in elements and
  // inputOffsets is a std::array<int64_t, kMaxInputs>.
  template <class Fn> void forEachRow(Fn&& fn) const;

private:
  size_t m_inputCount = 0;
  int64_t m_rowLength = 0;
  std::array<int64_t, kMaxInputs> m_rowStrides{};
  std::vector<int64_t> m_outerExtents;  // merged axes outside the row, outermost first
  // m_outerStrides[axis * kMaxInputs + input]: 0 on axes the input repeats along
  std::vector<int64_t> m_outerStrides;
};

template <class Fn> void BroadcastPlan::forEachRow(Fn&& fn) const {
  std::array<int64_t, kMaxInputs> offsets{};
  if (m_rowLength == 0) return;
  const size_t depth = m_outerExtents.size();
  if (depth == 0) {
    fn(int64_t{0}, std::as_const(offsets));
    return;
  }
  int64_t rows = 1;
  for (int64_t extent : m_outerExtents) rows *= extent;
  std::vector<int64_t> counters(depth, 0);
  int64_t outOffset = 0;
  for (int64_t row = 0; row < rows; ++row, outOffset += m_rowLength) {
    fn(outOffset, std::as_const(offsets));
    // Odometer over the outer axes: step the innermost, carry outwards.
    for (size_t axis = depth; axis-- > 0;) {
      const int64_t* strides = &m_outerStrides[axis * kMaxInputs];
      if (++counters[axis] < m_outerExtents[axis]) {
        for (size_t k = 0; k < m_inputCount; ++k) offsets[k] += strides[k];
        break;
      }
      counters[axis] = 0;
      const int64_t travelled = m_outerExtents[axis] - 1;
      for (size_t k = 0; k < m_inputCount; ++k) offsets[k] -= strides[k] * travelled;
    }
  }
}

// out = op(a, b) over a two-input plan. The four row cases (both advance, one repeats, both
// repeat) are separate loops so the compiler vectorizes each; out may alias a or b exactly.
template <class A, class B, class R, class Op>
void broadcastBinary(const BroadcastPlan& plan, const A* a, const B* b, R* out, const Op& op) {
  const int64_t n = plan.rowLength();
  const bool aAdvances = plan.advancesAlongRow(0);
  const bool bAdvances = plan.advancesAlongRow(1);
  plan.forEachRow([&](int64_t outOffset, const auto& in) {
    const A* pa = a + in[0];
    const B* pb = b + in[1];
    R* po = out + outOffset;
    if (aAdvances && bAdvances) {
      for (int64_t i = 0; i < n; ++i) po[i] = op(pa[i], pb[i]);
    } else if (aAdvances) {
      const B vb = *pb;
      for (int64_t i = 0; i < n; ++i) po[i] = op(pa[i], vb);
    } else if (bAdvances) {
      const A va = *pa;
      for (int64_t i = 0; i < n; ++i) po[i] = op(va, pb[i]);
    } else {
      std::fill_n(po, n, static_cast<R>(op(*pa, *pb)));
    }
  });
}

}  // namespace quantlens
