// PyTorch's FakeQuantize module for QAT: a moving-average min/max observer feeding a fake
// quantization whose backward is the straight-through estimator.
#pragma once

#include <span>
#include <vector>

#include "core/quant/clip_range.h"
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

  // Valid once a tensor has been observed (or initialize() ran).
  const QParams& qparams() const { return m_qparams; }
  const QuantScheme& scheme() const { return m_scheme; }
  // The observer's range per slot (empty before the first observation).
  std::vector<ClipRange> ranges() const;
  // Starts from ranges chosen elsewhere (a PTQ calibration) and the qparams derived from them,
  // so training starts where post-training quantization ended; an enabled observer moves on
  // from these ranges.
  void initialize(std::span<const ClipRange> ranges, QParams qparams);

  Tensor forward(const Tensor& x) override;
  Tensor backward(const Tensor& dy) override;

private:
  friend class SharedFakeQuantizer;
  void observe(const Tensor& x);

  QuantScheme m_scheme;
  float m_averagingConstant;
  bool m_observerEnabled = true;
  bool m_fakeQuantEnabled = true;
  std::vector<ClipRange> m_ranges;  // one per slot; empty before the first observation
  QParams m_qparams;
  std::vector<uint8_t> m_mask;      // from the last forward
  bool m_passedThrough = false;
};

// Fake quantization with the qparams of another FakeQuantizer, for tensors that share them in the
// quantization plan (MaxPool, Relu, Flatten outputs …): it observes nothing and keeps its own STE
// mask, so the source and every sharer can run in one forward pass.
class SharedFakeQuantizer : public ValueQuantizer {
public:
  explicit SharedFakeQuantizer(const FakeQuantizer& source) : m_source(source) {}
  Tensor forward(const Tensor& x) override;
  Tensor backward(const Tensor& dy) override;

private:
  const FakeQuantizer& m_source;
  std::vector<uint8_t> m_mask;
  bool m_passedThrough = false;
};

}  // namespace quantlens
