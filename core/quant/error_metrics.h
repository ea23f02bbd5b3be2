// How far a quantized tensor is from its float reference: SQNR, MSE, max abs error, cosine similarity.
#pragma once

#include <cstdint>
#include <span>

namespace quantlens {

struct ErrorMetrics {
  double sqnrDb = 0.0;       // 10·log10(Σx² / Σ(x − x̂)²); +inf when x̂ == x
  double mse = 0.0;          // Σ(x − x̂)² / n
  double maxAbsError = 0.0;  // max |x − x̂|
  double cosineSimilarity = 1.0;
};

// The sums behind ErrorMetrics, added to block by block (e.g. one activation over many batches).
class ErrorAccumulator {
public:
  // `reference` and `approximation` have equal sizes.
  void add(std::span<const float> reference, std::span<const float> approximation);
  ErrorMetrics metrics() const;
  int64_t count() const { return m_count; }

private:
  double m_signal = 0.0;  // Σx²
  double m_noise = 0.0;   // Σ(x − x̂)²
  double m_approx = 0.0;  // Σx̂²
  double m_dot = 0.0;     // Σx·x̂
  double m_maxError = 0.0;
  int64_t m_count = 0;
};

// All four in one pass, accumulated in double. `reference` and `approximation` have equal sizes.
// Conventions for degenerate inputs: empty spans give SQNR +inf, MSE 0, max error 0, cosine 1;
// an all-zero reference with nonzero error gives SQNR -inf; cosine is 1 when both are all zero and
// 0 when exactly one is. NaN anywhere makes the affected metrics NaN.
ErrorMetrics compareTensors(std::span<const float> reference, std::span<const float> approximation);

double sqnrDb(std::span<const float> reference, std::span<const float> approximation);
double meanSquaredError(std::span<const float> reference, std::span<const float> approximation);
double maxAbsError(std::span<const float> reference, std::span<const float> approximation);
double cosineSimilarity(std::span<const float> reference, std::span<const float> approximation);

}  // namespace quantlens
