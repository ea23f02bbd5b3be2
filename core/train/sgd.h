// Stochastic gradient descent with momentum and weight decay, as torch.optim.SGD.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/tensor/tensor.h"

namespace quantlens {

struct SgdOptions {
  float learningRate = 0.01f;
  float momentum = 0.9f;
  float weightDecay = 0.0f;
};

class Sgd {
public:
  explicit Sgd(SgdOptions options) : m_options(options) {}

  float learningRate() const { return m_options.learningRate; }
  void setLearningRate(float rate) { m_options.learningRate = rate; }

  // torch.optim.SGD with dampening 0, not Nesterov: d = g + weightDecay·p; the momentum buffer
  // is d on a parameter's first step and momentum·buffer + d afterwards; p −= learningRate·buffer.
  // `name` keys the buffer, so each parameter keeps its own.
  void step(const std::string& name, Tensor& parameter, const Tensor& gradient);

private:
  SgdOptions m_options;
  std::map<std::string, std::vector<float>> m_buffers;
};

// torch.optim.lr_scheduler.CosineAnnealingLR in closed form: the rate at `step` of `totalSteps`,
// minimum + (base − minimum)·(1 + cos(π·step/totalSteps))/2.
float cosineLearningRate(float base, int64_t step, int64_t totalSteps, float minimum = 0.0f);

}  // namespace quantlens
