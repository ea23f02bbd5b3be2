// Stochastic gradient descent with momentum and weight decay, as torch.optim.SGD.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/tensor/tensor.h"
#include "core/train/optimizer.h"

namespace quantlens {

struct SgdOptions {
  float learningRate = 0.01f;
  float momentum = 0.9f;
  float weightDecay = 0.0f;
};

class Sgd : public Optimizer {
public:
  explicit Sgd(SgdOptions options) : m_options(options) {}

  float learningRate() const override { return m_options.learningRate; }
  void setLearningRate(float rate) override { m_options.learningRate = rate; }

  // torch.optim.SGD with dampening 0, not Nesterov: d = g + weightDecay·p; the momentum buffer
  // is d on a parameter's first step and momentum·buffer + d afterwards; p −= learningRate·buffer.
  // `name` keys the buffer, so each parameter keeps its own.
  void step(const std::string& name, Tensor& parameter, const Tensor& gradient) override;

private:
  SgdOptions m_options;
  std::map<std::string, std::vector<float>> m_buffers;
};

// torch.optim.lr_scheduler.CosineAnnealingLR in closed form: the rate at `step` of `totalSteps`,
// minimum + (base − minimum)·(1 + cos(π·step/totalSteps))/2.
float cosineLearningRate(float base, int64_t step, int64_t totalSteps, float minimum = 0.0f);

// torch.optim.lr_scheduler.OneCycleLR (anneal_strategy 'cos', three_phase False) in closed form:
// from maxRate/divFactor the rate rises by cosine annealing to maxRate over the first
// pctStart·totalSteps − 1 steps, then falls to maxRate/(divFactor·finalDivFactor) at step
// totalSteps − 1.
float oneCycleLearningRate(float maxRate, int64_t step, int64_t totalSteps, float pctStart = 0.3f,
                           float divFactor = 25.0f, float finalDivFactor = 1e4f);

}  // namespace quantlens
