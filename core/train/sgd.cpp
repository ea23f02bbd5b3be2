// SGD step and the cosine learning-rate schedule.
#include "core/train/sgd.h"

#include <cassert>
#include <cmath>
#include <numbers>

namespace quantlens {

void Sgd::step(const std::string& name, Tensor& parameter, const Tensor& gradient) {
  assert(parameter.shape() == gradient.shape() && "a gradient has its parameter's shape");
  float* p = parameter.data<float>();
  const float* g = gradient.data<float>();
  const size_t n = static_cast<size_t>(parameter.numel());
  auto [it, first] = m_buffers.try_emplace(name);
  std::vector<float>& buffer = it->second;
  if (first) buffer.assign(n, 0.0f);
  for (size_t i = 0; i < n; ++i) {
    const float d = g[i] + m_options.weightDecay * p[i];
    buffer[i] = first || m_options.momentum == 0.0f ? d : m_options.momentum * buffer[i] + d;
    p[i] -= m_options.learningRate * buffer[i];
  }
}

float cosineLearningRate(float base, int64_t step, int64_t totalSteps, float minimum) {
  if (totalSteps <= 0) return base;
  const double phase = std::numbers::pi * static_cast<double>(step) / static_cast<double>(totalSteps);
  return static_cast<float>(minimum + (base - minimum) * (1.0 + std::cos(phase)) / 2.0);
}

namespace {
// PyTorch's _annealing_cos: end + (start − end)/2 · (1 + cos(π·pct)).
double annealCos(double start, double end, double pct) {
  return end + (start - end) / 2.0 * (1.0 + std::cos(std::numbers::pi * pct));
}
}  // namespace

float oneCycleLearningRate(float maxRate, int64_t step, int64_t totalSteps, float pctStart, float divFactor,
                           float finalDivFactor) {
  if (totalSteps <= 1) return maxRate;
  const double initial = static_cast<double>(maxRate) / divFactor;
  const double final = initial / finalDivFactor;
  // Phase ends as OneCycleLR computes them: float(pct_start·total) − 1 and total − 1.
  const double peakStep = static_cast<double>(pctStart) * static_cast<double>(totalSteps) - 1.0;
  const double lastStep = static_cast<double>(totalSteps) - 1.0;
  const double t = static_cast<double>(step);
  if (t <= peakStep) return static_cast<float>(annealCos(initial, maxRate, t / peakStep));
  return static_cast<float>(annealCos(maxRate, final, (t - peakStep) / (lastStep - peakStep)));
}

}  // namespace quantlens
