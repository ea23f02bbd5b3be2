// How a tensor is quantized: dtype and width, symmetric or affine, integer range, granularity, and
// whose arithmetic (PyTorch or ONNX Runtime) the quantization parameters follow.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/quant/granularity.h"
#include "core/quant/quant_dtype.h"

namespace quantlens {

// Whose qparams arithmetic to follow where PyTorch and ONNX Runtime differ (REFERENCE-SEMANTICS
// §1.2 vs §2.2): e.g. symmetric int8 scale amax/127.5 on [-128,127] vs amax/127 on [-127,127].
enum class QuantReference {
  PyTorch,      // torch.ao.quantization observers + FakeQuantize (x * f32(1/scale), nearbyint)
  OnnxRuntime,  // onnxruntime.quantization compute_scale_zp + QuantizeLinear (x / scale, RNE)
};

// "pytorch" | "onnxruntime"; throws Error otherwise.
QuantReference parseQuantReference(std::string_view name);
std::string_view quantReferenceName(QuantReference reference);
// "symmetric" → true, "affine" → false; throws Error otherwise.
bool parseSymmetric(std::string_view name);
std::string_view symmetryName(bool symmetric);

// An inclusive integer code range [min, max].
struct QuantRange {
  int32_t min = 0;
  int32_t max = 0;
  bool operator==(const QuantRange&) const = default;
};

struct QuantScheme {
  QuantDtype dtype = QuantDtype::Int8;
  int bits = 8;  // equals defaultBits(dtype) except for IntN/UIntN
  bool symmetric = true;
  bool reduceRange = false;
  // A custom integer range (PyTorch quant_min/quant_max): both or neither.
  std::optional<int32_t> quantMin;
  std::optional<int32_t> quantMax;
  // ONNX Runtime's min_real_range: rmax is raised to at least rmin + this (ORT reference only).
  std::optional<float> minRealRange;
  QuantReference reference = QuantReference::PyTorch;
  Granularity granularity;

  // A scheme for a parsed dtype (bits taken from it).
  static QuantScheme make(QuantDtypeWidth type, bool symmetric, Granularity granularity = {},
                          QuantReference reference = QuantReference::PyTorch);

  bool hasCustomRange() const { return quantMin.has_value() && quantMax.has_value(); }

  // The (qmin, qmax) the scale and zero point are computed for (integer dtypes only).
  // PyTorch (calculate_qmin_qmax, §1.1): full type range; reduce_range floor-halves both ends
  // ((qmin//2, qmax//2): int8 [-64,63], uint8 [0,127]); int16/uint16 ignore reduce_range as in
  // PyTorch 2.x; a custom range is kept as given and floor-halved by reduce_range. 4-bit and N-bit
  // widths are custom ranges in PyTorch ([-8,7] as qint8 with quant_min/quant_max).
  // ONNX Runtime (get_qmin_qmax_for_qType, §2.1): reduce_range wins over symmetric;
  // int8 symmetric [-127,127], uint8 symmetric [0,254], int8 reduced [-64,64], uint8 reduced
  // [0,127], 16-bit alike; int4/uint4 keep the full range when symmetric and floor-halve when
  // reduced ([-4,3], [0,7]), and the N-bit widths ORT lacks follow its 4-bit rules.
  QuantRange quantRange() const;
  // The range codes are clamped to when quantizing. PyTorch clamps to [quant_min, quant_max];
  // ONNX Runtime (quantize_nparray, QuantizeLinear) saturates to the full range of the type.
  QuantRange saturationRange() const;

  // Throws Error naming the scheme, the bad value and the rule for settings no reference accepts
  // (custom range without 0, PyTorch's symmetric unsigned reduce_range, affine FP8 …).
  void validate() const;

  // "int8 symmetric per-channel (pytorch)", for messages.
  std::string describe() const;

  bool operator==(const QuantScheme&) const = default;
};

}  // namespace quantlens
