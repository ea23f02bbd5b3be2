// Quantization error metrics, accumulated in double so that large tensors do not lose precision.
#include "core/quant/error_metrics.h"

#include <cassert>
#include <cmath>
#include <cstring>
#include <limits>

#include "core/quant/multiversion.h"

namespace quantlens {

namespace {

// Four double lanes (GCC/Clang vector extension): lane l takes the elements 4k + l. Compilers keep
// reductions in order otherwise, and the weights of a large model take millions of elements per
// call. With AVX2 a lane set is one register; elsewhere the compiler splits it into two SSE2 halves,
// which add in the same lanes and order, so both builds give the same sums.
typedef double Double4 __attribute__((vector_size(32)));
typedef float Float4 __attribute__((vector_size(16)));

struct LaneSums {
  Double4 signal = {}, noise = {}, approx = {}, dot = {}, maxError = {};
};

// Elements [0, 4 * blocks) into the lanes. The largest error ignores NaN here; a NaN error makes the
// noise NaN (and only a NaN error can: the squares are >= 0), which add() turns into a NaN maximum.
QUANTLENS_AVX2_CLONES void accumulateBlocks(const float* xs, const float* ys, size_t blocks, LaneSums& sums) {
  LaneSums s = sums;
  for (size_t b = 0; b < blocks; ++b) {
    Float4 xf, yf;
    std::memcpy(&xf, xs + 4 * b, sizeof xf);
    std::memcpy(&yf, ys + 4 * b, sizeof yf);
    const Double4 x = __builtin_convertvector(xf, Double4);
    const Double4 y = __builtin_convertvector(yf, Double4);
    const Double4 e = x - y;
    s.signal += x * x;
    s.noise += e * e;
    s.approx += y * y;
    s.dot += x * y;
    const Double4 negated = -e;
    const Double4 absError = e > negated ? e : negated;  // NaN stays NaN and is skipped next
    s.maxError = absError > s.maxError ? absError : s.maxError;
  }
  sums = s;
}

}  // namespace

void ErrorAccumulator::add(std::span<const float> reference, std::span<const float> approximation) {
  assert(reference.size() == approximation.size() && "compared tensors must have equal sizes");
  const size_t n = reference.size();
  const float* xs = reference.data();
  const float* ys = approximation.data();
  LaneSums sums;
  accumulateBlocks(xs, ys, n / 4, sums);
  size_t i = n / 4 * 4;
  // Two or three elements left: the next two go to lanes 0 and 1, as the blocks would.
  if (i + 2 <= n) {
    for (int lane = 0; lane < 2; ++lane, ++i) {
      const double x = xs[i];
      const double y = ys[i];
      const double e = x - y;
      sums.signal[lane] += x * x;
      sums.noise[lane] += e * e;
      sums.approx[lane] += y * y;
      sums.dot[lane] += x * y;
      const double absError = e > -e ? e : -e;
      sums.maxError[lane] = absError > sums.maxError[lane] ? absError : sums.maxError[lane];
    }
  }
  double tailNoise = 0.0, tailMax = 0.0;
  if (i < n) {
    const double x = xs[i];
    const double y = ys[i];
    const double e = x - y;
    m_signal += x * x;
    tailNoise = e * e;
    m_approx += y * y;
    m_dot += x * y;
    tailMax = std::fabs(e);
  }
  // Lanes (0 + 2) + (1 + 3): the sum order of the lane pairs this accumulator has always used.
  const auto total = [](const Double4& v) { return (v[0] + v[2]) + (v[1] + v[3]); };
  m_signal += total(sums.signal);
  m_approx += total(sums.approx);
  m_dot += total(sums.dot);
  const double addedNoise = total(sums.noise) + tailNoise;
  m_noise += addedNoise;
  if (std::isnan(addedNoise)) m_maxError = std::numeric_limits<double>::quiet_NaN();
  for (double candidate : {sums.maxError[0], sums.maxError[1], sums.maxError[2], sums.maxError[3], tailMax})
    if (candidate > m_maxError) m_maxError = candidate;  // false once m_maxError is NaN
  m_count += static_cast<int64_t>(n);
}

ErrorMetrics ErrorAccumulator::metrics() const {
  constexpr double kInf = std::numeric_limits<double>::infinity();
  ErrorMetrics metrics;
  metrics.mse = m_count == 0 ? 0.0 : m_noise / static_cast<double>(m_count);
  metrics.maxAbsError = m_maxError;
  if (m_noise == 0.0) metrics.sqnrDb = kInf;
  else if (m_signal == 0.0) metrics.sqnrDb = -kInf;
  else metrics.sqnrDb = 10.0 * std::log10(m_signal / m_noise);
  if (m_signal == 0.0 && m_approx == 0.0) metrics.cosineSimilarity = 1.0;
  else if (m_signal == 0.0 || m_approx == 0.0) metrics.cosineSimilarity = 0.0;
  else metrics.cosineSimilarity = m_dot / (std::sqrt(m_signal) * std::sqrt(m_approx));
  if (std::isnan(m_noise)) metrics.sqnrDb = std::numeric_limits<double>::quiet_NaN();
  return metrics;
}

ErrorMetrics compareTensors(std::span<const float> reference, std::span<const float> approximation) {
  ErrorAccumulator accumulator;
  accumulator.add(reference, approximation);
  return accumulator.metrics();
}

double sqnrDb(std::span<const float> reference, std::span<const float> approximation) {
  return compareTensors(reference, approximation).sqnrDb;
}

double meanSquaredError(std::span<const float> reference, std::span<const float> approximation) {
  return compareTensors(reference, approximation).mse;
}

double maxAbsError(std::span<const float> reference, std::span<const float> approximation) {
  return compareTensors(reference, approximation).maxAbsError;
}

double cosineSimilarity(std::span<const float> reference, std::span<const float> approximation) {
  return compareTensors(reference, approximation).cosineSimilarity;
}

}  // namespace quantlens
