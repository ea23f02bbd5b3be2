// Scale and zero point from a range, transcribing PyTorch's _calculate_qparams and ONNX Runtime's
// compute_scale_zp step by step (including where each rounds to float32).
#include "core/quant/qparams.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "core/error.h"
#include "core/quant/fp8.h"
#include "core/quant/quant_layout.h"

namespace quantlens {
namespace {

// PyTorch observers' eps buffer: torch.finfo(torch.float32).eps.
constexpr float kPyTorchEps = std::numeric_limits<float>::epsilon();
// ORT's "scale < numpy.finfo(float32).tiny" test: the smallest normal float.
constexpr double kOrtTiny = std::numeric_limits<float>::min();

std::string formatFloat(float value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.9g", static_cast<double>(value));
  return text;
}

std::string rangeText(float min, float max) {
  return "[" + formatFloat(min) + ", " + formatFloat(max) + "]";
}

bool isUninitialised(float min, float max) {
  return min == std::numeric_limits<float>::infinity() && max == -std::numeric_limits<float>::infinity();
}

// The symmetric zero point of PyTorch's observers: 0 for signed dtypes; for unsigned 128 (quint8)
// or 2^15 (uint16, PyTorch 2.x) with the default range, else the floored midpoint (qmin+qmax)//2
// that PyTorch uses for custom ranges — which is how 4-bit and N-bit unsigned ranges are expressed.
// (PyTorch 2.x keeps 2^15 for uint16 even with a custom range, where it may fall outside the
// range; QuantLens takes the midpoint there.)
int32_t pytorchSymmetricZeroPoint(const QuantScheme& scheme, QuantRange range) {
  if (isSignedDtype(scheme.dtype)) return 0;
  if (!scheme.hasCustomRange()) {
    if (scheme.dtype == QuantDtype::UInt8) return 128;
    if (scheme.dtype == QuantDtype::UInt16) return 32768;
  }
  return (range.min + range.max) / 2;  // both >= 0, so / floors like Python's //
}

ScaleZeroPoint pytorchScaleZeroPoint(float min, float max, const QuantScheme& scheme) {
  const QuantRange range = scheme.quantRange();
  const float minNeg = std::min(min, 0.0f);
  const float maxPos = std::max(max, 0.0f);
  if (scheme.symmetric) {
    // Tensor / Python float: the divisor (qmax - qmin) / 2 becomes float32 (exact up to 2^24) and
    // the division is a float32 division.
    const float amax = std::max(-minNeg, maxPos);
    const float halfLevels = static_cast<float>(static_cast<double>(range.max - range.min) / 2.0);
    const float scale = std::max(amax / halfLevels, kPyTorchEps);
    return {scale, pytorchSymmetricZeroPoint(scheme, range)};
  }
  // (max_pos - min_neg) is a float32 subtraction, rounded before the division.
  const float width = maxPos - minNeg;
  const float scale = std::max(width / static_cast<float>(range.max - range.min), kPyTorchEps);
  // torch.round (RNE) of a float32 quotient, then .to(torch.int), then clamp.
  const auto rounded = static_cast<int32_t>(std::nearbyint(minNeg / scale));
  return {scale, std::clamp(range.min - rounded, range.min, range.max)};
}

ScaleZeroPoint onnxRuntimeScaleZeroPoint(float min, float max, const QuantScheme& scheme) {
  const QuantRange range = scheme.quantRange();
  // Calibrated ranges are float32 arrays in ORT, so these steps are float32 operations.
  float rmin = std::min(min, 0.0f);
  float rmax = std::max(max, 0.0f);
  if (scheme.minRealRange) rmax = std::max(rmax, rmin + *scheme.minRealRange);
  if (scheme.symmetric) {
    const float absmax = std::max(std::fabs(rmin), std::fabs(rmax));
    rmin = -absmax;
    rmax = absmax;
  }
  // dr = float64(rmax - rmin) (the subtraction is still float32); dq and the quotient are float64.
  const double scale = static_cast<double>(rmax - rmin) /
                       (static_cast<double>(range.max) - static_cast<double>(range.min));
  if (scale < kOrtTiny) return {1.0f, 0};
  // numpy.round is RNE; the zero point is not clamped (0 in [rmin, rmax] keeps it in range).
  const double zeroPoint = scheme.symmetric
                               ? std::nearbyint((static_cast<double>(range.min) + range.max) / 2.0)
                               : std::nearbyint(static_cast<double>(range.min) - static_cast<double>(rmin) / scale);
  return {static_cast<float>(scale), static_cast<int32_t>(zeroPoint)};
}

// FP8 and NF4: symmetric about 0, so only the absolute maximum matters.
ScaleZeroPoint absmaxScaleZeroPoint(float min, float max, const QuantScheme& scheme) {
  const float absmax = std::max(std::fabs(std::min(min, 0.0f)), std::max(max, 0.0f));
  float scale = absmax;
  if (isFloat8Dtype(scheme.dtype)) {
    const Fp8Format format = scheme.dtype == QuantDtype::Fp8E4M3 ? Fp8Format::E4M3Fn : Fp8Format::E5M2;
    scale = absmax / fp8MaxValue(format);
  }
  // A zero (or subnormal) scale would make x / scale or 1 / absmax infinite; 1 quantizes the
  // block's zeros to 0 all the same (ORT's rule for scales below FLT_MIN).
  if (scale < std::numeric_limits<float>::min()) return {1.0f, 0};
  return {scale, 0};
}

}  // namespace

QParams QParams::perTensor(float scale, int32_t zeroPoint, const QuantScheme& scheme) {
  QParams params;
  params.scheme = scheme;
  params.scheme.granularity = Granularity::perTensor();
  params.scales = {scale};
  params.zeroPoints = {zeroPoint};
  return params;
}

ScaleZeroPoint computeScaleZeroPoint(float min, float max, const QuantScheme& scheme) {
  if (isUninitialised(min, max)) return {1.0f, 0};
  if (!std::isfinite(min) || !std::isfinite(max) || !(min <= max))
    throw Error("range " + rangeText(min, max) + " cannot be quantized (" + scheme.describe() +
                "): min and max must be finite with min <= max");
  ScaleZeroPoint result;
  if (!isIntegerDtype(scheme.dtype)) result = absmaxScaleZeroPoint(min, max, scheme);
  else if (scheme.reference == QuantReference::PyTorch) result = pytorchScaleZeroPoint(min, max, scheme);
  else result = onnxRuntimeScaleZeroPoint(min, max, scheme);
  if (!std::isfinite(result.scale))
    throw Error("range " + rangeText(min, max) + " is too wide for float32 quantization (" +
                scheme.describe() + "): its scale overflows");
  return result;
}

QParams computeQParams(std::span<const float> mins, std::span<const float> maxs, const QuantScheme& scheme) {
  scheme.validate();
  if (mins.size() != maxs.size())
    throw Error("computeQParams: " + std::to_string(mins.size()) + " minimums but " +
                    std::to_string(maxs.size()) + " maximums",
                ErrorKind::Internal);
  if (scheme.granularity.kind == GranularityKind::PerTensor && mins.size() != 1)
    throw Error("per-tensor quantization takes one range, got " + std::to_string(mins.size()),
                ErrorKind::Internal);
  QParams params;
  params.scheme = scheme;
  params.scales.resize(mins.size());
  params.zeroPoints.resize(mins.size());
  for (size_t i = 0; i < mins.size(); ++i) {
    try {
      const ScaleZeroPoint slot = computeScaleZeroPoint(mins[i], maxs[i], scheme);
      params.scales[i] = slot.scale;
      params.zeroPoints[i] = slot.zeroPoint;
    } catch (Error& error) {
      if (mins.size() > 1) error.addContext("in slot " + std::to_string(i) + " of " + std::to_string(mins.size()));
      throw;
    }
  }
  return params;
}

QParams computeQParams(float min, float max, const QuantScheme& scheme) {
  const float mins[] = {min};
  const float maxs[] = {max};
  return computeQParams(mins, maxs, scheme);
}

QParams computeQParams(std::span<const ClipRange> ranges, const QuantScheme& scheme) {
  std::vector<float> mins(ranges.size());
  std::vector<float> maxs(ranges.size());
  for (size_t i = 0; i < ranges.size(); ++i) {
    mins[i] = ranges[i].min;
    maxs[i] = ranges[i].max;
  }
  return computeQParams(mins, maxs, scheme);
}

QParams computeQParams(const Tensor& values, const QuantScheme& scheme) {
  if (values.dtype() != DataType::Float32)
    throw Error("only float32 tensors can be quantized, got " + std::string(dataTypeName(values.dtype())),
                ErrorKind::Internal);
  const QuantLayout layout(values.shape(), scheme.granularity);
  std::vector<float> mins(static_cast<size_t>(layout.slotCount()));
  std::vector<float> maxs(mins.size());
  slotMinMax(values.values<float>(), layout, mins, maxs);
  return computeQParams(mins, maxs, scheme);
}

}  // namespace quantlens
