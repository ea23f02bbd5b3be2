// FakeQuantize: observe, derive qparams, fake-quantize with the STE mask.
#include "core/train/fake_quantizer.h"

#include <algorithm>
#include <cassert>
#include <string>

#include "core/error.h"
#include "core/quant/moving_average_observer.h"
#include "core/train/fake_quantize_ste.h"

namespace quantlens {
namespace {

Tensor fakeQuantizeWith(const Tensor& x, const QParams& qparams, std::vector<uint8_t>& mask) {
  if (x.dtype() != DataType::Float32) throw Error("fake quantization needs a float32 tensor");
  if (qparams.scales.empty()) throw Error("fake quantization before any range was observed");
  const QuantRange range = qparams.scheme.quantRange();
  if (qparams.scheme.granularity.kind == GranularityKind::PerTensor)
    return fakeQuantizePerTensorSte(x, qparams.scales[0], qparams.zeroPoints[0], range.min, range.max, mask);
  const std::vector<int64_t> zeroPoints(qparams.zeroPoints.begin(), qparams.zeroPoints.end());
  return fakeQuantizePerChannelSte(x, qparams.scales, zeroPoints, qparams.axis(), range.min, range.max, mask);
}

}  // namespace

FakeQuantizer::FakeQuantizer(QuantScheme scheme, float averagingConstant)
    : m_scheme(std::move(scheme)), m_averagingConstant(averagingConstant) {
  m_scheme.validate();
  if (m_scheme.granularity.kind == GranularityKind::PerGroup)
    throw unsupportedError("QAT fake quantization supports per-tensor and per-channel schemes, not per-group");
  if (!isIntegerDtype(m_scheme.dtype))
    throw unsupportedError("QAT fake quantization supports integer dtypes, not " + m_scheme.describe());
}

std::vector<ClipRange> FakeQuantizer::ranges() const { return m_ranges; }

void FakeQuantizer::initialize(std::span<const ClipRange> ranges, QParams qparams) {
  assert(qparams.scales.size() == ranges.size() && "one range per qparams slot");
  m_ranges.assign(ranges.begin(), ranges.end());
  m_qparams = std::move(qparams);
  m_qparams.scheme = m_scheme;
}

void FakeQuantizer::observe(const Tensor& x) {
  const bool perChannel = m_scheme.granularity.kind == GranularityKind::PerChannel;
  const int64_t axis = perChannel ? normalizeAxis(m_scheme.granularity.axis, x.rank()) : 0;
  if (perChannel && axis < 0)
    throw Error("per-channel axis " + std::to_string(m_scheme.granularity.axis) + " is outside the tensor " +
                shapeToString(x.shape()));
  const ChannelLayout layout = perChannel ? channelLayout(x.shape(), axis) : ChannelLayout{1, 1, x.numel()};
  std::vector<ClipRange> batch(static_cast<size_t>(layout.channels));
  const float* in = x.data<float>();
  for (int64_t o = 0; o < layout.outer; ++o)
    for (int64_t c = 0; c < layout.channels; ++c) {
      const float* run = in + (o * layout.channels + c) * layout.inner;
      ClipRange& r = batch[static_cast<size_t>(c)];
      for (int64_t i = 0; i < layout.inner; ++i) {
        r.min = std::min(r.min, run[i]);
        r.max = std::max(r.max, run[i]);
      }
    }
  if (m_ranges.size() != batch.size()) m_ranges.assign(batch.size(), ClipRange{});  // first batch: taken as it is
  // The observer's moving average over the sequence (stored, batch): one EMA step.
  for (size_t c = 0; c < batch.size(); ++c) {
    const ClipRange sequence[] = {m_ranges[c], batch[c]};
    m_ranges[c] = MovingAverageObserver::average(sequence, m_averagingConstant);
  }
  m_qparams = computeQParams(m_ranges, m_scheme);
}

Tensor FakeQuantizer::forward(const Tensor& x) {
  if (x.dtype() != DataType::Float32) throw Error("fake quantization needs a float32 tensor");
  if (m_observerEnabled) observe(x);
  m_passedThrough = !m_fakeQuantEnabled;
  if (m_passedThrough) return x;
  return fakeQuantizeWith(x, m_qparams, m_mask);
}

Tensor FakeQuantizer::backward(const Tensor& dy) {
  return m_passedThrough ? dy : steBackward(dy, m_mask);
}

Tensor SharedFakeQuantizer::forward(const Tensor& x) {
  m_passedThrough = !m_source.m_fakeQuantEnabled;
  if (m_passedThrough) return x;
  return fakeQuantizeWith(x, m_source.m_qparams, m_mask);
}

Tensor SharedFakeQuantizer::backward(const Tensor& dy) {
  return m_passedThrough ? dy : steBackward(dy, m_mask);
}

}  // namespace quantlens
