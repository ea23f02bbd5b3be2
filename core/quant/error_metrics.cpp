// Quantization error metrics, accumulated in double so that large tensors do not lose precision.
#include "core/quant/error_metrics.h"

#include <cassert>
#include <cmath>
#include <limits>

namespace quantlens {

void ErrorAccumulator::add(std::span<const float> reference, std::span<const float> approximation) {
  assert(reference.size() == approximation.size() && "compared tensors must have equal sizes");
  // Two double lanes (GCC/Clang vector extension; compilers keep reductions in order otherwise):
  // the weights of a large model take millions of elements per call. The largest error ignores NaN
  // here; a NaN error makes the noise NaN (and only a NaN error can: the squares are >= 0), which
  // turns the maximum into NaN below.
  typedef double Double2 __attribute__((vector_size(16)));
  // Two sets of accumulators: the additions of one set wait for the previous ones, so a second set
  // keeps the floating-point units busy.
  Double2 signal[2] = {}, noise[2] = {}, approx[2] = {}, dot[2] = {}, maxError[2] = {};
  const size_t n = reference.size();
  const float* xs = reference.data();
  const float* ys = approximation.data();
  auto accumulate = [&](size_t i, int set) {
    const Double2 x = {xs[i], xs[i + 1]};
    const Double2 y = {ys[i], ys[i + 1]};
    const Double2 e = x - y;
    signal[set] += x * x;
    noise[set] += e * e;
    approx[set] += y * y;
    dot[set] += x * y;
    const Double2 negated = -e;
    const Double2 absError = e > negated ? e : negated;  // NaN stays NaN and is skipped next
    maxError[set] = absError > maxError[set] ? absError : maxError[set];
  };
  size_t i = 0;
  for (; i + 4 <= n; i += 4) {
    accumulate(i, 0);
    accumulate(i + 2, 1);
  }
  if (i + 2 <= n) {
    accumulate(i, 0);
    i += 2;
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
  const Double2 signalSum = signal[0] + signal[1];
  const Double2 approxSum = approx[0] + approx[1];
  const Double2 dotSum = dot[0] + dot[1];
  const Double2 noiseSum = noise[0] + noise[1];
  m_signal += signalSum[0] + signalSum[1];
  m_approx += approxSum[0] + approxSum[1];
  m_dot += dotSum[0] + dotSum[1];
  const double addedNoise = noiseSum[0] + noiseSum[1] + tailNoise;
  m_noise += addedNoise;
  if (std::isnan(addedNoise)) m_maxError = std::numeric_limits<double>::quiet_NaN();
  for (double candidate : {maxError[0][0], maxError[0][1], maxError[1][0], maxError[1][1], tailMax})
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
