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

}  // namespace quantlens
