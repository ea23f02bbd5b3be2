// FakeQuantize: observe, derive qparams, fake-quantize with the STE mask.
#include "core/train/fake_quantizer.h"

#include <algorithm>
#include <limits>
#include <string>

#include "core/error.h"
#include "core/train/fake_quantize_ste.h"

namespace quantlens {

FakeQuantizer::FakeQuantizer(QuantScheme scheme, float averagingConstant)
    : m_scheme(std::move(scheme)), m_averagingConstant(averagingConstant) {
  m_scheme.validate();
  if (m_scheme.granularity.kind == GranularityKind::PerGroup)
    throw unsupportedError("QAT fake quantization supports per-tensor and per-channel schemes, not per-group");
}

void FakeQuantizer::observe(const Tensor& x) {
  const bool perChannel = m_scheme.granularity.kind == GranularityKind::PerChannel;
  const int64_t axis = perChannel ? normalizeAxis(m_scheme.granularity.axis, x.rank()) : 0;
  if (perChannel && axis < 0)
    throw Error("per-channel axis " + std::to_string(m_scheme.granularity.axis) + " is outside the tensor " +
                shapeToString(x.shape()));
  const ChannelLayout layout = perChannel ? channelLayout(x.shape(), axis) : ChannelLayout{1, 1, x.numel()};
  std::vector<float> lo(static_cast<size_t>(layout.channels), std::numeric_limits<float>::infinity());
  std::vector<float> hi(lo.size(), -std::numeric_limits<float>::infinity());
  const float* in = x.data<float>();
  for (int64_t o = 0; o < layout.outer; ++o)
    for (int64_t c = 0; c < layout.channels; ++c) {
      const float* run = in + (o * layout.channels + c) * layout.inner;
      for (int64_t i = 0; i < layout.inner; ++i) {
        lo[static_cast<size_t>(c)] = std::min(lo[static_cast<size_t>(c)], run[i]);
        hi[static_cast<size_t>(c)] = std::max(hi[static_cast<size_t>(c)], run[i]);
      }
    }
  if (m_min.size() != lo.size()) {  // first batch (or a new channel count): take it as it is
    m_min = lo;
    m_max = hi;
  } else {
    for (size_t c = 0; c < lo.size(); ++c) {
      m_min[c] += m_averagingConstant * (lo[c] - m_min[c]);
      m_max[c] += m_averagingConstant * (hi[c] - m_max[c]);
    }
  }
  m_qparams = computeQParams(m_min, m_max, m_scheme);
}

Tensor FakeQuantizer::forward(const Tensor& x) {
  if (x.dtype() != DataType::Float32) throw Error("fake quantization needs a float32 tensor");
  if (m_observerEnabled) observe(x);
  m_passedThrough = !m_fakeQuantEnabled;
  if (m_passedThrough) return x;
  if (m_qparams.scales.empty()) throw Error("fake quantization before any range was observed");
  const QuantRange range = m_scheme.quantRange();
  if (m_scheme.granularity.kind == GranularityKind::PerTensor)
    return fakeQuantizePerTensorSte(x, m_qparams.scales[0], m_qparams.zeroPoints[0], range.min, range.max, m_mask);
  const std::vector<int64_t> zeroPoints(m_qparams.zeroPoints.begin(), m_qparams.zeroPoints.end());
  return fakeQuantizePerChannelSte(x, m_qparams.scales, zeroPoints, m_scheme.granularity.axis, range.min, range.max,
                                   m_mask);
}

Tensor FakeQuantizer::backward(const Tensor& dy) {
  return m_passedThrough ? dy : steBackward(dy, m_mask);
}

}  // namespace quantlens
