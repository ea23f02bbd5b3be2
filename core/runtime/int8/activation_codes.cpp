// Storing quantized activations as uint8 codes.
#include "core/runtime/int8/activation_codes.h"

#include "core/error.h"
#include "core/quant/quantize.h"

namespace quantlens {

std::optional<std::string> activationCodesUnsupported(const QuantScheme& scheme) {
  if (!isIntegerDtype(scheme.dtype) || scheme.bits > 8)
    return "activations are " + quantDtypeName(scheme.dtype, scheme.bits) +
           "; the int8 executor runs 8-bit integer activations (--act-dtype uint8 or int8)";
  if (scheme.granularity.kind != GranularityKind::PerTensor)
    return "activations are quantized " + granularityName(scheme.granularity) +
           "; the int8 executor runs per-tensor activations";
  return std::nullopt;
}

std::optional<ActivationCodes> ActivationCodes::of(const QParams& qparams) {
  if (activationCodesUnsupported(qparams.scheme) || qparams.scales.size() != 1 || qparams.zeroPoints.size() != 1)
    return std::nullopt;
  ActivationCodes codes;
  codes.offset = isSignedDtype(qparams.scheme.dtype) ? 128 : 0;
  const QuantRange saturation = qparams.scheme.saturationRange();
  codes.scale = qparams.scales[0];
  codes.zeroPoint = qparams.zeroPoints[0] + codes.offset;
  codes.min = saturation.min + codes.offset;
  codes.max = saturation.max + codes.offset;
  codes.reference = qparams.scheme.reference;
  return codes;
}

uint8_t ActivationCodes::quantize(float x) const {
  const int32_t code =
      quantizeValue(x, scale, zeroPoint - offset, QuantRange{min - offset, max - offset}, reference) + offset;
  return static_cast<uint8_t>(code);
}

Tensor quantizeActivation(const Tensor& x, const ActivationCodes& codes) {
  if (x.dtype() != DataType::Float32)
    throw Error("only float32 activations can be quantized, got " + std::string(dataTypeName(x.dtype())),
                ErrorKind::Internal);
  Tensor stored(DataType::UInt8, x.shape());
  const float* in = x.data<float>();
  uint8_t* out = stored.data<uint8_t>();
  for (int64_t i = 0; i < x.numel(); ++i) out[i] = codes.quantize(in[i]);
  return stored;
}

Tensor dequantizeActivation(const Tensor& stored, const ActivationCodes& codes) {
  Tensor x(DataType::Float32, stored.shape());
  const uint8_t* in = stored.data<uint8_t>();
  float* out = x.data<float>();
  for (int64_t i = 0; i < stored.numel(); ++i) out[i] = codes.dequantize(in[i]);
  return x;
}

}  // namespace quantlens
