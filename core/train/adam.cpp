// The Adam step (torch.optim.Adam's single-tensor implementation).
#include "core/train/adam.h"

#include <cassert>
#include <cmath>

namespace quantlens {

void Adam::step(const std::string& name, Tensor& parameter, const Tensor& gradient) {
  assert(parameter.shape() == gradient.shape() && "a gradient has its parameter's shape");
  float* p = parameter.data<float>();
  const float* g = gradient.data<float>();
  const size_t n = static_cast<size_t>(parameter.numel());
  State& state = m_states[name];
  if (state.step == 0) {
    state.m.assign(n, 0.0f);
    state.v.assign(n, 0.0f);
  }
  ++state.step;
  const AdamOptions& o = m_options;
  const double correction1 = 1.0 - std::pow(static_cast<double>(o.beta1), static_cast<double>(state.step));
  const double correction2 = 1.0 - std::pow(static_cast<double>(o.beta2), static_cast<double>(state.step));
  const float stepSize = static_cast<float>(o.learningRate / correction1);
  const float sqrtCorrection2 = static_cast<float>(std::sqrt(correction2));
  for (size_t i = 0; i < n; ++i) {
    const float d = g[i] + o.weightDecay * p[i];
    state.m[i] = o.beta1 * state.m[i] + (1.0f - o.beta1) * d;
    state.v[i] = o.beta2 * state.v[i] + (1.0f - o.beta2) * d * d;
    p[i] -= stepSize * state.m[i] / (std::sqrt(state.v[i]) / sqrtCorrection2 + o.epsilon);
  }
}

}  // namespace quantlens
