// One layer's weight and bias quantization: scheme per layer, observe → qparams → fake-quantize →
// error, and the int32 bias.
#include "core/quant/weight_quantization.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <string>

#include "core/error.h"
#include "core/quant/quant_layout.h"
#include "core/quant/quantize.h"
#include "core/quant/weight_ranges.h"
#include "core/quant/weight_slices.h"

namespace quantlens {
namespace {

void requireFloat32(const Tensor& tensor, const char* what) {
  if (tensor.dtype() != DataType::Float32)
    throw Error(std::string(what) + " is " + std::string(dataTypeName(tensor.dtype())) +
                "; only float32 tensors are quantized");
}

// Fake-quantizes one slice into `out` and adds its error.
void fakeQuantizeSlice(std::span<const float> x, std::span<float> out, const WeightSlice& slice,
                       const QParams& qparams, ErrorAccumulator& accumulator) {
  const auto first = static_cast<size_t>(slice.offset);
  const auto n = static_cast<size_t>(slice.count);
  if (slice.firstSlot == 0 && slice.slotCount == static_cast<int64_t>(qparams.scales.size()))
    fakeQuantize(x.subspan(first, n), slice.shape, qparams, out.subspan(first, n));
  else
    fakeQuantize(x.subspan(first, n), slice.shape, sliceQParams(qparams, slice.firstSlot, slice.slotCount),
                 out.subspan(first, n));
  accumulator.add(x.subspan(first, n), out.subspan(first, n));
}

void checkSlotCount(const QParams& qparams, const QuantLayout& layout, const Shape& shape) {
  if (static_cast<int64_t>(qparams.scales.size()) != layout.slotCount() ||
      qparams.zeroPoints.size() != qparams.scales.size())
    throw Error(qparams.scheme.describe() + " qparams hold " + std::to_string(qparams.scales.size()) +
                    " scales but a weight of shape " + shapeToString(shape) + " needs " +
                    std::to_string(layout.slotCount()),
                ErrorKind::Internal);
}

// Slices that own their slots (per-channel on axis 0, per-group): each is observed, given qparams,
// fake-quantized and compared while in cache, so the weight is read from memory once.
WeightQuant quantizeWeightBySlices(const Tensor& weight, const QuantScheme& scheme, const ObserverSettings& observer,
                                   const QuantLayout& layout) {
  scheme.validate();
  const auto slots = static_cast<size_t>(layout.slotCount());
  WeightQuant result;
  result.ranges.resize(slots);
  result.qparams.scheme = scheme;
  result.qparams.scales.resize(slots);
  result.qparams.zeroPoints.resize(slots);
  result.dequantized = Tensor(DataType::Float32, weight.shape());
  const std::span<const float> x = weight.values<float>();
  const std::span<float> y = result.dequantized.values<float>();
  ErrorAccumulator accumulator;
  for (const WeightSlice& slice : sliceWeight(weight.shape(), layout)) {
    const std::vector<ClipRange> ranges = observeWeightRanges(
        x.subspan(static_cast<size_t>(slice.offset), static_cast<size_t>(slice.count)), slice.shape,
        scheme.granularity, observer);
    assert(static_cast<int64_t>(ranges.size()) == slice.slotCount);
    for (size_t j = 0; j < ranges.size(); ++j) {
      const size_t slot = static_cast<size_t>(slice.firstSlot) + j;
      result.ranges[slot] = ranges[j];
      try {
        const ScaleZeroPoint qparams = computeScaleZeroPoint(ranges[j].min, ranges[j].max, scheme);
        result.qparams.scales[slot] = qparams.scale;
        result.qparams.zeroPoints[slot] = qparams.zeroPoint;
      } catch (Error& error) {
        // As computeQParams says it.
        if (slots > 1) error.addContext("in slot " + std::to_string(slot) + " of " + std::to_string(slots));
        throw;
      }
    }
    fakeQuantizeSlice(x, y, slice, result.qparams, accumulator);
  }
  result.error = accumulator.metrics();
  return result;
}

}  // namespace

Tensor fakeQuantizeAndCompare(const Tensor& weight, const QParams& qparams, ErrorMetrics& error) {
  requireFloat32(weight, "the weight");
  const QuantLayout layout(weight.shape(), qparams.scheme.granularity);
  checkSlotCount(qparams, layout, weight.shape());
  Tensor out(DataType::Float32, weight.shape());
  ErrorAccumulator accumulator;
  for (const WeightSlice& slice : sliceWeight(weight.shape(), layout))
    fakeQuantizeSlice(weight.values<float>(), out.values<float>(), slice, qparams, accumulator);
  error = accumulator.metrics();
  return out;
}

QuantScheme weightSchemeFor(const QuantConfig& config, const QuantizedLayer& layer, const LayerOverride* override) {
  QuantScheme scheme = config.weightScheme;
  if (scheme.granularity.kind == GranularityKind::PerChannel) scheme.granularity.axis = layer.channelAxis;
  if (scheme.granularity.kind == GranularityKind::PerGroup) scheme.granularity.axis = layer.reductionAxis;
  if (override && override->weightBits && *override->weightBits != scheme.bits) {
    // QuantConfig::validate() allows bit overrides of integer dtypes only.
    const std::string prefix = isSignedDtype(scheme.dtype) ? "int" : "uint";
    const QuantDtypeWidth type = parseQuantDtype(prefix + std::to_string(*override->weightBits));
    scheme.dtype = type.dtype;
    scheme.bits = type.bits;
    scheme.quantMin.reset();
    scheme.quantMax.reset();
  }
  return scheme;
}

ObserverSettings weightObserverFor(const ObserverSettings& observer, const QuantScheme& scheme) {
  ObserverSettings settings = observer;
  settings.bits = scheme.bits;
  settings.symmetric = scheme.symmetric;
  settings.isUnsigned = !isSignedDtype(scheme.dtype);
  settings.perChannel = false;  // the granularity is the scheme's, passed to observeWeightRanges
  return settings;
}

WeightQuant quantizeWeight(const Tensor& weight, const QuantScheme& scheme, const ObserverSettings& observer) {
  requireFloat32(weight, "the weight");
  const QuantLayout layout(weight.shape(), scheme.granularity);
  if (slicesOwnTheirSlots(layout)) return quantizeWeightBySlices(weight, scheme, observer, layout);
  // Per-tensor and per-channel on a later axis: the ranges need the whole weight first.
  WeightQuant result;
  result.ranges = observeWeightRanges(weight.values<float>(), weight.shape(), scheme.granularity, observer);
  result.qparams = computeQParams(result.ranges, scheme);
  result.dequantized = fakeQuantizeAndCompare(weight, result.qparams, result.error);
  return result;
}

bool biasIsQuantizable(const QuantScheme& weightScheme, const std::optional<QuantScheme>& activationScheme) {
  return activationScheme && isIntegerDtype(activationScheme->dtype) && isIntegerDtype(weightScheme.dtype) &&
         weightScheme.granularity.kind != GranularityKind::PerGroup;
}

std::vector<int32_t> quantizeBias(const Tensor& bias, float inputScale, std::span<const float> weightScales) {
  requireFloat32(bias, "the bias");
  const auto n = static_cast<size_t>(bias.numel());
  if (weightScales.size() != 1 && weightScales.size() != n)
    throw Error("the bias has " + std::to_string(n) + " values but the weight has " +
                std::to_string(weightScales.size()) + " output-channel scales");
  const std::span<const float> values = bias.values<float>();
  std::vector<int32_t> codes(n);
  for (size_t c = 0; c < n; ++c) {
    // ORT quantize_bias_static: bias_scale = input_scale * weight_scale in float32, then
    // (bias / bias_scale).round() in float32 (RNE).
    const float scale = inputScale * weightScales[weightScales.size() == 1 ? 0 : c];
    if (!(std::isfinite(scale) && scale > 0.0f))
      throw Error("bias scale " + std::to_string(scale) + " of channel " + std::to_string(c) +
                  " (input scale times weight scale) must be a positive finite number");
    if (!std::isfinite(values[c]))
      throw Error("bias value " + std::to_string(values[c]) + " of channel " + std::to_string(c) +
                  " cannot be quantized: it must be finite");
    // Saturate to int32 (ORT's astype would wrap; a bias that large means the weight scale is tiny).
    const double rounded = std::nearbyint(values[c] / scale);
    codes[c] = static_cast<int32_t>(std::clamp(rounded, -2147483648.0, 2147483647.0));
  }
  return codes;
}

Tensor fakeQuantizeBias(const Tensor& bias, float inputScale, std::span<const float> weightScales) {
  const std::vector<int32_t> codes = quantizeBias(bias, inputScale, weightScales);
  Tensor out(DataType::Float32, bias.shape());
  float* y = out.data<float>();
  for (size_t c = 0; c < codes.size(); ++c) {
    // ONNX DequantizeLinear with zero point 0: f32(code) * scale.
    const float scale = inputScale * weightScales[weightScales.size() == 1 ? 0 : c];
    y[c] = static_cast<float>(codes[c]) * scale;
  }
  return out;
}

}  // namespace quantlens
