// Adam with (L2) weight decay, as torch.optim.Adam.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/train/optimizer.h"

namespace quantlens {

struct AdamOptions {
  float learningRate = 1e-3f;
  float beta1 = 0.9f;
  float beta2 = 0.999f;
  float epsilon = 1e-8f;
  float weightDecay = 0.0f;
};

class Adam : public Optimizer {
public:
  explicit Adam(AdamOptions options) : m_options(options) {}

  float learningRate() const override { return m_options.learningRate; }
  void setLearningRate(float rate) override { m_options.learningRate = rate; }

  // torch.optim.Adam (amsgrad off) at the parameter's step t (1, 2, …):
  //   g ← g + weightDecay·p;  m ← β1·m + (1 − β1)·g;  v ← β2·v + (1 − β2)·g²
  //   p ← p − lr/(1 − β1^t) · m / (sqrt(v)/sqrt(1 − β2^t) + ε)
  void step(const std::string& name, Tensor& parameter, const Tensor& gradient) override;

private:
  struct State {
    int64_t step = 0;
    std::vector<float> m, v;
  };
  AdamOptions m_options;
  std::map<std::string, State> m_states;
};

}  // namespace quantlens
