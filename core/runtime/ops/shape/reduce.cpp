// ReduceMean, ReduceSum, ReduceMax and ReduceMin in the opset-18 form (axes as input 1,
// keepdims, noop_with_empty_axes). Canonical axes are the input; the attribute of older opsets
// is read too when the input is absent, so graphs that skipped normalizeOpsets() still run.
#include <cmath>
#include <limits>
#include <type_traits>

#include "core/runtime/ops/shape/shape_kernels.h"
#include "core/runtime/ops/shape/shape_op_utils.h"

namespace quantlens {
namespace {

enum class Reduction { Mean, Sum, Max, Min };

// Sums of integers accumulate in 64 bits so int8 inputs do not wrap midway; floats in double.
template <class T>
using SumType = std::conditional_t<std::is_floating_point_v<T>, double,
                                   std::conditional_t<std::is_signed_v<T>, int64_t, uint64_t>>;

template <class T> T lowestValue() {
  if constexpr (std::numeric_limits<T>::has_infinity) return -std::numeric_limits<T>::infinity();
  else return std::numeric_limits<T>::lowest();
}

template <class T> T highestValue() {
  if constexpr (std::numeric_limits<T>::has_infinity) return std::numeric_limits<T>::infinity();
  else return std::numeric_limits<T>::max();
}

template <class T> bool isNan(T value) {
  if constexpr (std::is_floating_point_v<T>) return std::isnan(value);
  else return false;
}

// Calls visit(inputIndex, outputIndex) for every input element, walking the input in order while
// the output index advances only along kept axes.
template <class Visit>
void forEachElement(const Shape& shape, const std::vector<int64_t>& outStrides, Visit&& visit) {
  const int64_t total = elementCount(shape);
  if (total == 0) return;
  std::vector<int64_t> index(shape.size(), 0);
  int64_t outIndex = 0;
  for (int64_t i = 0; i < total; ++i) {
    visit(i, outIndex);
    for (size_t d = shape.size(); d-- > 0;) {
      outIndex += outStrides[d];
      if (++index[d] < shape[d]) break;
      outIndex -= outStrides[d] * shape[d];
      index[d] = 0;
    }
  }
}

template <class T>
Tensor reduceTyped(const OpContext& context, Reduction reduction, const Tensor& data, const Shape& outShape,
                   const std::vector<int64_t>& outStrides, int64_t count) {
  Tensor out(data.dtype(), outShape);
  const T* src = data.data<T>();
  T* dst = out.data<T>();
  const auto outCount = static_cast<size_t>(out.numel());
  if (reduction == Reduction::Max || reduction == Reduction::Min) {
    // An empty reduction gives the identity of the operation: −inf (or the lowest value) for Max.
    const bool isMax = reduction == Reduction::Max;
    std::fill(dst, dst + outCount, isMax ? lowestValue<T>() : highestValue<T>());
    forEachElement(data.shape(), outStrides, [&](int64_t i, int64_t o) {
      const T v = src[i];
      T& best = dst[o];
      // NaN wins and then stays, as numpy's maximum.reduce propagates it.
      if (isNan(v) || (isMax ? v > best : v < best)) best = v;
    });
    return out;
  }
  if constexpr (std::is_same_v<T, bool>) {
    throw context.error(std::string(reduction == Reduction::Sum ? "ReduceSum" : "ReduceMean") +
                        " is not defined for bool");
  } else {
    std::vector<SumType<T>> sums(outCount, SumType<T>{0});
    forEachElement(data.shape(), outStrides, [&](int64_t i, int64_t o) { sums[static_cast<size_t>(o)] += src[i]; });
    if (reduction == Reduction::Mean && count == 0 && !std::is_floating_point_v<T>)
      throw context.error("the mean over an empty set of integers is undefined (input shape " +
                          shapeToString(data.shape()) + ")");
    for (size_t o = 0; o < outCount; ++o) {
      // Integer means truncate, as integer division does in the reference runtimes.
      dst[o] = reduction == Reduction::Mean ? static_cast<T>(sums[o] / static_cast<SumType<T>>(count))
                                            : static_cast<T>(sums[o]);
    }
    return out;
  }
}

void reduce(OpContext& context, Reduction reduction) {
  const Tensor& data = context.input(0);
  const int64_t rank = data.rank();
  std::vector<int64_t> requested;
  if (context.hasInput(1)) {
    if (context.attributes().has("axes"))
      throw context.error("axes are given both as attribute and as input 1");
    requested = readIntegerList(context, 1, "axes");
  } else {
    requested = context.attributes().getInts("axes");
  }
  if (requested.empty() && context.attributes().getInt("noop_with_empty_axes", 0) != 0) {
    context.setOutput(0, data);
    return;
  }
  std::vector<int64_t> axes = resolveAxes(context, requested, rank);
  if (axes.empty())
    for (int64_t d = 0; d < rank; ++d) axes.push_back(d);
  std::vector<bool> reduced(static_cast<size_t>(rank), false);
  for (int64_t axis : axes) reduced[static_cast<size_t>(axis)] = true;

  const bool keepDims = context.attributes().getInt("keepdims", 1) != 0;
  Shape outShape, keptShape;  // keptShape: the output with every reduced axis as 1
  int64_t count = 1;
  for (int64_t d = 0; d < rank; ++d) {
    const int64_t dim = data.dim(d);
    if (reduced[static_cast<size_t>(d)]) {
      count *= dim;
      keptShape.push_back(1);
      if (keepDims) outShape.push_back(1);
    } else {
      keptShape.push_back(dim);
      outShape.push_back(dim);
    }
  }
  std::vector<int64_t> outStrides = stridesOf(keptShape);
  for (int64_t d = 0; d < rank; ++d)
    if (reduced[static_cast<size_t>(d)]) outStrides[static_cast<size_t>(d)] = 0;

  visitDataType(data.dtype(), [&](auto tag) {
    using T = decltype(tag);
    context.setOutput(0, reduceTyped<T>(context, reduction, data, outShape, outStrides, count));
  });
}

}  // namespace

void reduceMeanKernel(OpContext& context) { reduce(context, Reduction::Mean); }
void reduceSumKernel(OpContext& context) { reduce(context, Reduction::Sum); }
void reduceMaxKernel(OpContext& context) { reduce(context, Reduction::Max); }
void reduceMinKernel(OpContext& context) { reduce(context, Reduction::Min); }

}  // namespace quantlens
