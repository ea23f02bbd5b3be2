// The LSQ quantizer module: parameters, eps clamp, gradient accumulation over sharers.
#include "core/train/learnable_fake_quantizer.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/error.h"

namespace quantlens {

class LearnableFakeQuantizer::Sharer : public ValueQuantizer {
public:
  explicit Sharer(LearnableFakeQuantizer& source) : m_source(source) {}
  Tensor forward(const Tensor& x) override {
    m_input = x;
    return learnableFakeQuantize(x, m_source.params(x));
  }
  Tensor backward(const Tensor& dy) override {
    LearnableFakeQuantGrads grads = learnableFakeQuantizeBackward(dy, m_input, m_source.params(m_input));
    m_source.accumulate(grads);
    return std::move(grads.dx);
  }

private:
  LearnableFakeQuantizer& m_source;
  Tensor m_input;
};

LearnableFakeQuantizer::LearnableFakeQuantizer(const QParams& initial, bool gradScaling)
    : m_scheme(initial.scheme), m_gradScaling(gradScaling) {
  m_scheme.validate();
  if (!isIntegerDtype(m_scheme.dtype) || m_scheme.granularity.kind == GranularityKind::PerGroup)
    throw unsupportedError("learnable fake quantization supports integer per-tensor and per-channel schemes, not " +
                           m_scheme.describe());
  const Shape shape = {static_cast<int64_t>(initial.scales.size())};
  m_scale = Tensor::fromVector<float>(shape, initial.scales);
  m_zeroPoint = Tensor::fromVector<float>(shape, std::vector<float>(initial.zeroPoints.begin(), initial.zeroPoints.end()));
  m_scaleGrad = Tensor::zeros(DataType::Float32, shape);
  m_zeroPointGrad = Tensor::zeros(DataType::Float32, shape);
}

LearnableQParams LearnableFakeQuantizer::params(const Tensor& x) {
  LearnableQParams p;
  // _LearnableFakeQuantize.forward: self.scale.data.clamp_(min=eps) before quantizing.
  for (float& s : m_scale.values<float>()) s = std::max(s, std::numeric_limits<float>::epsilon());
  p.scale.assign(m_scale.values<float>().begin(), m_scale.values<float>().end());
  p.zeroPoint.assign(m_zeroPoint.values<float>().begin(), m_zeroPoint.values<float>().end());
  p.perChannel = m_scheme.granularity.kind == GranularityKind::PerChannel;
  p.axis = m_scheme.granularity.axis;
  const QuantRange range = m_scheme.quantRange();
  p.qmin = range.min;
  p.qmax = range.max;
  if (m_gradScaling) p.gradFactor = static_cast<float>(1.0 / std::sqrt(static_cast<double>(x.numel()) * range.max));
  return p;
}

Tensor LearnableFakeQuantizer::forward(const Tensor& x) {
  if (x.dtype() != DataType::Float32) throw Error("learnable fake quantization needs a float32 tensor");
  std::fill(m_scaleGrad.values<float>().begin(), m_scaleGrad.values<float>().end(), 0.0f);
  std::fill(m_zeroPointGrad.values<float>().begin(), m_zeroPointGrad.values<float>().end(), 0.0f);
  m_input = x;
  return learnableFakeQuantize(x, params(x));
}

Tensor LearnableFakeQuantizer::backward(const Tensor& dy) {
  LearnableFakeQuantGrads grads = learnableFakeQuantizeBackward(dy, m_input, params(m_input));
  accumulate(grads);
  return std::move(grads.dx);
}

void LearnableFakeQuantizer::accumulate(const LearnableFakeQuantGrads& grads) {
  float* ds = m_scaleGrad.data<float>();
  float* dz = m_zeroPointGrad.data<float>();
  for (size_t i = 0; i < grads.dScale.size(); ++i) {
    ds[i] += grads.dScale[i];
    if (learnsZeroPoint()) dz[i] += grads.dZeroPoint[i];
  }
}

QParams LearnableFakeQuantizer::qparams() const {
  QParams q;
  q.scheme = m_scheme;
  const QuantRange range = m_scheme.quantRange();
  for (float s : m_scale.values<float>()) q.scales.push_back(std::max(s, std::numeric_limits<float>::epsilon()));
  for (float zp : m_zeroPoint.values<float>())
    q.zeroPoints.push_back(static_cast<int32_t>(std::clamp(std::nearbyint(zp), static_cast<float>(range.min),
                                                           static_cast<float>(range.max))));
  return q;
}

std::vector<ClipRange> LearnableFakeQuantizer::ranges() const {
  const QParams q = qparams();
  const QuantRange range = m_scheme.quantRange();
  std::vector<ClipRange> result;
  for (size_t i = 0; i < q.scales.size(); ++i)
    result.push_back({static_cast<float>(range.min - q.zeroPoints[i]) * q.scales[i],
                      static_cast<float>(range.max - q.zeroPoints[i]) * q.scales[i]});
  return result;
}

std::unique_ptr<ValueQuantizer> LearnableFakeQuantizer::makeSharer() { return std::make_unique<Sharer>(*this); }

}  // namespace quantlens
