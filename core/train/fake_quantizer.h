// PyTorch's FakeQuantize module for QAT: a moving-average min/max observer feeding a fake
// quantization whose backward is the straight-through estimator.
#pragma once

#include <vector>

#include "core/quant/qparams.h"
#include "core/quant/quant_scheme.h"
#include "core/train/value_quantizer.h"

namespace quantlens {

class FakeQuantizer : public ValueQuantizer {
public:
  // `scheme` must be an integer scheme, per-tensor or per-channel. The observer follows
  // MovingAverage(PerChannel)MinMaxObserver: the first batch sets [min, max], later batches move
  // it by averagingConstant · (batch − stored) (0.01 in PyTorch's defaults; 1 tracks the current
  // tensor, what weights want). qparams follow PyTorch's _calculate_qparams (computeQParams).
  explicit FakeQuantizer(QuantScheme scheme, float averagingConstant = 0.01f);

  // As FakeQuantize.enable_observer / disable_observer: ranges stop moving once training has
  // settled (freezing the quantization parameters).
  void setObserverEnabled(bool enabled) { m_observerEnabled = enabled; }
  bool observerEnabled() const { return m_observerEnabled; }
  // As enable_fake_quant / disable_fake_quant: disabled passes values (and gradients) through.
  void setFakeQuantEnabled(bool enabled) { m_fakeQuantEnabled = enabled; }

  // Valid once a tensor has been observed.
  const QParams& qparams() const { return m_qparams; }

  Tensor forward(const Tensor& x) override;
  Tensor backward(const Tensor& dy) override;

private:
  void observe(const Tensor& x);

  QuantScheme m_scheme;
  float m_averagingConstant;
  bool m_observerEnabled = true;
  bool m_fakeQuantEnabled = true;
  std::vector<float> m_min, m_max;  // one per slot; empty before the first observation
  QParams m_qparams;
  std::vector<uint8_t> m_mask;      // from the last forward
  bool m_passedThrough = false;
};

}  // namespace quantlens
