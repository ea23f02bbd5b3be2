// numpy pairwise sums, np.histogram edges and torch.linspace, as their libraries compute them.
#include "core/quant/reference_arithmetic.h"

#include <cassert>

namespace quantlens {
namespace {

template <class T> T pairwiseSum(const T* a, size_t n) {
  if (n < 8) {
    T sum = 0;
    for (size_t i = 0; i < n; ++i) sum += a[i];
    return sum;
  }
  if (n <= 128) {  // numpy's PW_BLOCKSIZE
    T r[8];
    for (size_t j = 0; j < 8; ++j) r[j] = a[j];
    size_t i = 8;
    for (; i < n - n % 8; i += 8)
      for (size_t j = 0; j < 8; ++j) r[j] += a[i + j];
    T sum = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
    for (; i < n; ++i) sum += a[i];
    return sum;
  }
  size_t half = n / 2;
  half -= half % 8;
  return pairwiseSum(a, half) + pairwiseSum(a + half, n - half);
}

}  // namespace

float numpyPairwiseSum(std::span<const float> values) {
  return 0.0f + pairwiseSum(values.data(), values.size());
}

double numpyPairwiseSum(std::span<const double> values) {
  return 0.0 + pairwiseSum(values.data(), values.size());
}

std::vector<float> numpyHistogramEdges(double start, double stop, int64_t bins) {
  assert(bins > 0);
  std::vector<float> edges(static_cast<size_t>(bins) + 1);
  const double step = (stop - start) / static_cast<double>(bins);
  for (int64_t i = 0; i < bins; ++i)
    edges[static_cast<size_t>(i)] = static_cast<float>(static_cast<double>(i) * step + start);
  edges.back() = static_cast<float>(stop);
  return edges;
}

}  // namespace quantlens
