// Broadcast shapes and the merging of axes into rows.
#include "core/runtime/ops/elementwise/broadcast.h"

#include <cassert>

#include "core/runtime/op_context.h"

namespace quantlens {

namespace {

// Size of `shape` along output axis `axis` of an output of rank `rank` (1 for missing axes).
int64_t alignedDim(const Shape& shape, size_t axis, size_t rank) {
  const size_t missing = rank - shape.size();
  return axis < missing ? 1 : shape[axis - missing];
}

}  // namespace

std::optional<Shape> broadcastShapes(std::span<const Shape* const> shapes) {
  size_t rank = 0;
  for (const Shape* shape : shapes) rank = std::max(rank, shape->size());
  Shape out(rank, 1);
  for (size_t axis = 0; axis < rank; ++axis) {
    for (const Shape* shape : shapes) {
      const int64_t dim = alignedDim(*shape, axis, rank);
      if (dim == 1) continue;
      // A size-0 axis broadcasts only against 1, like any other size.
      if (out[axis] != 1 && out[axis] != dim) return std::nullopt;
      out[axis] = dim;
    }
  }
  return out;
}

Shape broadcastShapesOrThrow(const OpContext& context, std::span<const Shape* const> shapes) {
  if (auto out = broadcastShapes(shapes)) return *out;
  std::string list;
  for (const Shape* shape : shapes) list += (list.empty() ? "" : ", ") + shapeToString(*shape);
  throw context.error("input shapes " + list +
                      " cannot be broadcast together (each axis must have one size, or size 1)");
}

Shape legacyBroadcastShape(const OpContext& context, const Shape& a, const Shape& b) {
  const Attributes& attributes = context.attributes();
  const bool legacy = context.opset() > 0 && context.opset() < 7;
  if (!legacy || attributes.getInt("broadcast", 0) != 1 || !attributes.has("axis")) return b;
  const auto rankA = static_cast<int64_t>(a.size());
  const auto rankB = static_cast<int64_t>(b.size());
  const int64_t axis = normalizeAxis(attributes.getInt("axis", 0), rankA);
  const int64_t trailing = rankA - axis - rankB;
  if (axis < 0 || trailing < 0)
    throw context.error("B of shape " + shapeToString(b) + " does not fit into A of shape " +
                        shapeToString(a) + " from axis " +
                        std::to_string(attributes.getInt("axis", 0)));
  Shape aligned = b;
  aligned.insert(aligned.end(), static_cast<size_t>(trailing), 1);
  return aligned;
}

BroadcastPlan::BroadcastPlan(const Shape& outShape, std::span<const Shape* const> inputShapes)
    : m_inputCount(inputShapes.size()) {
  assert(m_inputCount <= kMaxInputs && "a plan covers at most three inputs (Where)");
  const size_t rank = outShape.size();
  for (int64_t dim : outShape)
    if (dim == 0) return;  // empty output: no rows

  // Merge neighbouring axes on which the same inputs repeat; axes of size 1 vanish, since
  // every input has size 1 there too.
  struct Axis {
    int64_t extent;
    unsigned repeatMask;  // bit k: input k has size 1 on this axis and repeats along it
  };
  std::vector<Axis> axes;
  for (size_t axis = 0; axis < rank; ++axis) {
    if (outShape[axis] == 1) continue;
    unsigned mask = 0;
    for (size_t k = 0; k < m_inputCount; ++k) {
      const int64_t dim = alignedDim(*inputShapes[k], axis, rank);
      assert((dim == outShape[axis] || dim == 1) && "input must broadcast to the output");
      if (dim == 1) mask |= 1u << k;
    }
    if (!axes.empty() && axes.back().repeatMask == mask) {
      axes.back().extent *= outShape[axis];
    } else {
      axes.push_back({outShape[axis], mask});
    }
  }

  if (axes.empty()) {  // one element: every input is a single element too
    m_rowLength = 1;
    return;
  }
  const Axis row = axes.back();
  axes.pop_back();
  m_rowLength = row.extent;
  std::array<int64_t, kMaxInputs> step{};  // elements of input k inside the current axis
  for (size_t k = 0; k < m_inputCount; ++k) {
    const bool repeats = row.repeatMask & (1u << k);
    m_rowStrides[k] = repeats ? 0 : 1;
    step[k] = repeats ? 1 : row.extent;
  }
  m_outerExtents.resize(axes.size());
  m_outerStrides.assign(axes.size() * kMaxInputs, 0);
  for (size_t axis = axes.size(); axis-- > 0;) {
    m_outerExtents[axis] = axes[axis].extent;
    for (size_t k = 0; k < m_inputCount; ++k) {
      if (axes[axis].repeatMask & (1u << k)) continue;
      m_outerStrides[axis * kMaxInputs + k] = step[k];
      step[k] *= axes[axis].extent;
    }
  }
}

}  // namespace quantlens
