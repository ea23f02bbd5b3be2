// Softmax, LogSoftmax and Hardmax over one axis (opset 13), or over the flattened trailing axes of
// the 2-D coercion that opset < 13 defined. The maximum is subtracted first so exp never
// overflows.
#include <algorithm>
#include <cmath>
#include <vector>

#include "core/runtime/ops/elementwise/elementwise_kernels.h"
#include "core/runtime/ops/elementwise/type_dispatch.h"

namespace quantlens {

namespace {

// The input seen as [outer, length, inner], normalized along `length`.
struct SoftmaxLayout {
  int64_t outer;
  int64_t length;
  int64_t inner;
};

int64_t product(const Shape& shape, int64_t begin, int64_t end) {
  int64_t result = 1;
  for (int64_t axis = begin; axis < end; ++axis) result *= shape[static_cast<size_t>(axis)];
  return result;
}

SoftmaxLayout softmaxLayout(const OpContext& context, const Shape& shape) {
  // Set by the normalizer on nodes from opset < 13, whose axis (default 1) splits the input
  // into [prod(dims[:axis]), prod(dims[axis:])] and normalizes each whole row. Without the
  // attribute the opset decides, so a graph that skipped the normalizer still gets old semantics.
  const Attributes& attributes = context.attributes();
  const bool oldOpset = context.opset() > 0 && context.opset() < 13;
  const bool coerce2d = attributes.has("quantlens.coerce_2d")
                            ? attributes.getInt("quantlens.coerce_2d", 0) == 1
                            : oldOpset;
  const auto rank = static_cast<int64_t>(shape.size());
  const int64_t requested = attributes.getInt("axis", coerce2d ? 1 : -1);
  const int64_t axis = normalizeAxis(requested, rank);
  if (axis < 0)
    throw context.error("axis " + std::to_string(requested) +
                        " is out of range for an input of shape " + shapeToString(shape));
  if (coerce2d) return {product(shape, 0, axis), product(shape, axis, rank), 1};
  return {product(shape, 0, axis), shape[static_cast<size_t>(axis)], product(shape, axis + 1, rank)};
}

// Normalizes every [outer, ., inner] line of `layout`. The sum is accumulated in double so long
// axes (vocabularies) lose no precision in float32.
template <class T, bool kLog> void softmaxLines(const T* x, T* y, const SoftmaxLayout& layout) {
  const int64_t length = layout.length;
  const int64_t inner = layout.inner;
  if (inner == 1) {
    // Contiguous lines: the usual classifier-head case.
    for (int64_t o = 0; o < layout.outer; ++o) {
      const T* src = x + o * length;
      T* dst = y + o * length;
      T maxValue = src[0];
      for (int64_t i = 1; i < length; ++i) maxValue = src[i] > maxValue ? src[i] : maxValue;
      double sum = 0;
      for (int64_t i = 0; i < length; ++i) {
        const T e = std::exp(src[i] - maxValue);
        if constexpr (!kLog) dst[i] = e;
        sum += e;
      }
      if constexpr (kLog) {
        const T shift = maxValue + static_cast<T>(std::log(sum));
        for (int64_t i = 0; i < length; ++i) dst[i] = src[i] - shift;
      } else {
        const auto scale = static_cast<T>(1.0 / sum);
        for (int64_t i = 0; i < length; ++i) dst[i] *= scale;
      }
    }
    return;
  }
  // Strided lines (e.g. channel softmax of [N, C, H, W]): sweep the axis once per pass with all
  // `inner` lines side by side, so memory is read in order.
  std::vector<T> maxValues(static_cast<size_t>(inner));
  std::vector<double> sums(static_cast<size_t>(inner));
  std::vector<T> finals(static_cast<size_t>(inner));
  for (int64_t o = 0; o < layout.outer; ++o) {
    const T* src = x + o * length * inner;
    T* dst = y + o * length * inner;
    std::copy(src, src + inner, maxValues.begin());
    for (int64_t a = 1; a < length; ++a)
      for (int64_t j = 0; j < inner; ++j) {
        const T v = src[a * inner + j];
        T& m = maxValues[static_cast<size_t>(j)];
        m = v > m ? v : m;
      }
    std::fill(sums.begin(), sums.end(), 0.0);
    for (int64_t a = 0; a < length; ++a)
      for (int64_t j = 0; j < inner; ++j) {
        const T e = std::exp(src[a * inner + j] - maxValues[static_cast<size_t>(j)]);
        if constexpr (!kLog) dst[a * inner + j] = e;
        sums[static_cast<size_t>(j)] += e;
      }
    // Per line, the final step is one shift (log) or one scale: computed once, applied to all.
    for (int64_t j = 0; j < inner; ++j) {
      const auto k = static_cast<size_t>(j);
      finals[k] = kLog ? maxValues[k] + static_cast<T>(std::log(sums[k]))
                       : static_cast<T>(1.0 / sums[k]);
    }
    for (int64_t a = 0; a < length; ++a)
      for (int64_t j = 0; j < inner; ++j) {
        if constexpr (kLog) {
          dst[a * inner + j] = src[a * inner + j] - finals[static_cast<size_t>(j)];
        } else {
          dst[a * inner + j] *= finals[static_cast<size_t>(j)];
        }
      }
  }
}

// 1 at the first maximum of each line, 0 elsewhere (one-hot argmax).
template <class T> void hardmaxLines(const T* x, T* y, const SoftmaxLayout& layout) {
  const int64_t length = layout.length;
  const int64_t inner = layout.inner;
  std::fill(y, y + layout.outer * length * inner, T{0});
  for (int64_t o = 0; o < layout.outer; ++o)
    for (int64_t j = 0; j < inner; ++j) {
      const T* src = x + o * length * inner + j;
      int64_t best = 0;
      for (int64_t a = 1; a < length; ++a)
        if (src[a * inner] > src[best * inner]) best = a;
      y[o * length * inner + best * inner + j] = T{1};
    }
}

enum class Normalization { Softmax, LogSoftmax, Hardmax };

template <Normalization kKind> void runNormalization(OpContext& context) {
  const Tensor& x = context.input(0);
  dispatchType(FloatTypes{}, context, x.dtype(), "input", [&](auto tag) {
    using T = decltype(tag);
    const SoftmaxLayout layout = softmaxLayout(context, x.shape());
    Tensor out(x.dtype(), x.shape());
    if (x.numel() > 0) {
      if constexpr (kKind == Normalization::Hardmax) {
        hardmaxLines<T>(x.data<T>(), out.data<T>(), layout);
      } else {
        softmaxLines<T, kKind == Normalization::LogSoftmax>(x.data<T>(), out.data<T>(), layout);
      }
    }
    context.setOutput(0, std::move(out));
  });
}

}  // namespace

void softmaxKernel(OpContext& context) { runNormalization<Normalization::Softmax>(context); }

void logSoftmaxKernel(OpContext& context) { runNormalization<Normalization::LogSoftmax>(context); }

void hardmaxKernel(OpContext& context) { runNormalization<Normalization::Hardmax>(context); }

}  // namespace quantlens
