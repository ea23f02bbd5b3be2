// How the int8 executor stores a quantized activation: uint8 codes with a per-tensor scale and zero point.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/quant/qparams.h"
#include "core/tensor/tensor.h"

namespace quantlens {

// real = scale · (stored − zeroPoint), stored a uint8. Signed 8-bit codes are stored shifted by 128
// (stored = code + 128, and the zero point and saturation bounds with them): (code − zp) is
// unchanged, so every integer kernel (which reads uint8 activations) computes the same sums, a
// requantization to the shifted range rounds and clamps exactly as it would to the signed one, and
// one code path serves uint8 and int8 activations alike.
struct ActivationCodes {
  float scale = 1.0f;
  int32_t zeroPoint = 0;  // stored domain
  int32_t min = 0;        // the scheme's saturation range, stored domain (reduce_range: [0, 127] …)
  int32_t max = 255;
  int32_t offset = 0;  // 128 for signed codes
  QuantReference reference = QuantReference::PyTorch;

  // The stored form of per-tensor integer qparams of at most 8 bits; nullopt for anything else.
  static std::optional<ActivationCodes> of(const QParams& qparams);

  // The fake-quant executor's quantization (quantizeValue: the reference's rounding), stored.
  uint8_t quantize(float x) const;
  float dequantize(uint8_t stored) const { return static_cast<float>(stored - zeroPoint) * scale; }

  bool operator==(const ActivationCodes&) const = default;
};

// Why activations quantized with `scheme` cannot be stored as ActivationCodes, or nullopt when they can.
std::optional<std::string> activationCodesUnsupported(const QuantScheme& scheme);

// float32 → uint8 codes and back, element by element, shape kept.
Tensor quantizeActivation(const Tensor& x, const ActivationCodes& codes);
Tensor dequantizeActivation(const Tensor& stored, const ActivationCodes& codes);

}  // namespace quantlens
