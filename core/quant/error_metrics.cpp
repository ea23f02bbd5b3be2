// Quantization error metrics, accumulated in double so that large tensors do not lose precision.
#include "core/quant/error_metrics.h"

#include <cassert>
#include <cmath>
#include <limits>

namespace quantlens {

ErrorMetrics compareTensors(std::span<const float> reference, std::span<const float> approximation) {
  assert(reference.size() == approximation.size() && "compared tensors must have equal sizes");
  double signal = 0.0;    // Σx²
  double noise = 0.0;     // Σ(x − x̂)²
  double approx = 0.0;    // Σx̂²
  double dot = 0.0;       // Σx·x̂
  double maxError = 0.0;
  for (size_t i = 0; i < reference.size(); ++i) {
    const double x = reference[i];
    const double y = approximation[i];
    const double e = x - y;
    signal += x * x;
    noise += e * e;
    approx += y * y;
    dot += x * y;
    // A NaN error must not be skipped by the comparison.
    if (std::fabs(e) > maxError || std::isnan(e)) maxError = std::isnan(maxError) ? maxError : std::fabs(e);
  }
  constexpr double kInf = std::numeric_limits<double>::infinity();
  ErrorMetrics metrics;
  metrics.mse = reference.empty() ? 0.0 : noise / static_cast<double>(reference.size());
  metrics.maxAbsError = maxError;
  if (noise == 0.0) metrics.sqnrDb = kInf;
  else if (signal == 0.0) metrics.sqnrDb = -kInf;
  else metrics.sqnrDb = 10.0 * std::log10(signal / noise);
  if (signal == 0.0 && approx == 0.0) metrics.cosineSimilarity = 1.0;
  else if (signal == 0.0 || approx == 0.0) metrics.cosineSimilarity = 0.0;
  else metrics.cosineSimilarity = dot / (std::sqrt(signal) * std::sqrt(approx));
  if (std::isnan(noise)) metrics.sqnrDb = std::numeric_limits<double>::quiet_NaN();
  return metrics;
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
