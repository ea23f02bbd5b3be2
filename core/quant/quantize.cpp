// Quantization kernels: tight loops over contiguous runs that share qparams, with the scheme chosen
// once per run rather than per element.
#include "core/quant/quantize.h"

#include <algorithm>
#include <cmath>

#include "core/error.h"
#include "core/quant/fp8.h"
#include "core/quant/multiversion.h"
#include "core/quant/nf4.h"
#include "core/quant/quant_layout.h"

namespace quantlens {
namespace {

// Round half to even for |v| <= 2^22 in the default FP mode: v + 1.5·2^23 lies in [2^23, 2^24],
// where float spacing is 1, so the addition itself rounds v to an integer (RNE) and the
// subtraction is exact. Same result as std::nearbyint but vectorizes without SSE4.1, and gives
// +0 rather than -0 for v in [-0.5, 0), as (q - zp) * scale does in PyTorch and ONNX.
// Callers clamp v to the code range (|v| <= 2^17) first.
constexpr float kRoundMagic = 12582912.0f;
inline float roundHalfEven(float v) { return (v + kRoundMagic) - kRoundMagic; }

// Clamp with NaN going to lo: (lo < v) ? v : lo is false for NaN. Then (w < hi) ? w : hi.
inline float clampNanLow(float v, float lo, float hi) { return std::min(hi, std::max(lo, v)); }

// Per-slot constants, so the kernels read plain arrays.
struct SlotTables {
  std::vector<float> scale;
  std::vector<float> inverse;  // f32(1 / scale): PyTorch's inv_scale and bitsandbytes' 1/absmax
  std::vector<float> lo;       // saturation.min - zeroPoint: the clamp bounds of rne(x / scale)
  std::vector<float> hi;       // saturation.max - zeroPoint
  std::vector<int32_t> zeroPoint;
};

Fp8Format fp8FormatOf(QuantDtype dtype) {
  return dtype == QuantDtype::Fp8E4M3 ? Fp8Format::E4M3Fn : Fp8Format::E5M2;
}

// Checks the qparams against the shape (a user's qparams file can be inconsistent) and builds the
// slot tables.
SlotTables prepare(const Shape& shape, const QParams& qparams, const QuantLayout& layout) {
  const int64_t slots = layout.slotCount();
  if (static_cast<int64_t>(qparams.scales.size()) != slots || qparams.zeroPoints.size() != qparams.scales.size())
    throw Error(qparams.scheme.describe() + " qparams hold " + std::to_string(qparams.scales.size()) +
                " scales and " + std::to_string(qparams.zeroPoints.size()) + " zero points but a tensor of shape " +
                shapeToString(shape) + " needs " + std::to_string(slots));
  SlotTables tables;
  tables.scale = qparams.scales;
  tables.zeroPoint = qparams.zeroPoints;
  tables.inverse.resize(tables.scale.size());
  tables.lo.resize(tables.scale.size());
  tables.hi.resize(tables.scale.size());
  const bool integer = isIntegerDtype(qparams.scheme.dtype);
  const QuantRange saturation = integer ? qparams.scheme.saturationRange() : QuantRange{};
  for (size_t i = 0; i < tables.scale.size(); ++i) {
    const float scale = tables.scale[i];
    if (!(std::isfinite(scale) && scale > 0.0f))
      throw Error(qparams.scheme.describe() + " scale " + std::to_string(scale) + " of slot " + std::to_string(i) +
                  " must be a positive finite number");
    if (!integer && tables.zeroPoint[i] != 0)
      throw Error(qparams.scheme.describe() + " zero point " + std::to_string(tables.zeroPoint[i]) + " of slot " +
                  std::to_string(i) + " must be 0 for FP8 and NF4");
    tables.inverse[i] = 1.0f / scale;
    tables.lo[i] = static_cast<float>(saturation.min - tables.zeroPoint[i]);
    tables.hi[i] = static_cast<float>(saturation.max - tables.zeroPoint[i]);
  }
  return tables;
}

// The fake-quant executor and every weight derivation spend their time in these two loops.
template <bool kDivide>
QUANTLENS_AVX2_CLONES void fakeQuantizeUniform(const float* x, float* y, int64_t n, float scale, float inverse,
                                               float lo, float hi) {
  for (int64_t i = 0; i < n; ++i) {
    const float v = kDivide ? x[i] / scale : x[i] * inverse;
    y[i] = roundHalfEven(clampNanLow(v, lo, hi)) * scale;
  }
}

template <bool kDivide>
QUANTLENS_AVX2_CLONES void fakeQuantizeVarying(const float* x, float* y, int64_t n, const float* scale,
                                               const float* inverse, const float* lo, const float* hi) {
  for (int64_t i = 0; i < n; ++i) {
    const float v = kDivide ? x[i] / scale[i] : x[i] * inverse[i];
    y[i] = roundHalfEven(clampNanLow(v, lo[i], hi[i])) * scale[i];
  }
}

template <bool kDivide>
void fakeQuantizeInteger(const float* x, float* y, const QuantLayout& layout, const SlotTables& t) {
  layout.forEachRun([&](int64_t offset, int64_t count, int64_t slot, int64_t stride) {
    const auto s = static_cast<size_t>(slot);
    if (stride == 0)
      fakeQuantizeUniform<kDivide>(x + offset, y + offset, count, t.scale[s], t.inverse[s], t.lo[s], t.hi[s]);
    else
      fakeQuantizeVarying<kDivide>(x + offset, y + offset, count, t.scale.data() + s, t.inverse.data() + s,
                                   t.lo.data() + s, t.hi.data() + s);
  });
}

// Applies fn(value, slot) to every element; for the formats whose per-element work (FP8 rounding,
// NF4 threshold count) dwarfs the slot bookkeeping.
template <class In, class Out, class Fn>
void mapElements(const In* x, Out* y, const QuantLayout& layout, Fn&& fn) {
  layout.forEachRun([&](int64_t offset, int64_t count, int64_t slot, int64_t stride) {
    for (int64_t k = 0; k < count; ++k) y[offset + k] = fn(x[offset + k], static_cast<size_t>(slot + k * stride));
  });
}

void checkSizes(size_t inputSize, size_t outputSize, const QuantLayout& layout, const Shape& shape) {
  if (static_cast<int64_t>(inputSize) != layout.elementCount() || outputSize != inputSize)
    throw Error("quantization of shape " + shapeToString(shape) + " got " + std::to_string(inputSize) +
                    " input and " + std::to_string(outputSize) + " output elements",
                ErrorKind::Internal);
}

void requireFloat32(const Tensor& x) {
  if (x.dtype() != DataType::Float32)
    throw Error("only float32 tensors can be quantized, got " + std::string(dataTypeName(x.dtype())),
                ErrorKind::Internal);
}

}  // namespace

int32_t quantizeValue(float x, float scale, int32_t zeroPoint, QuantRange saturation, QuantReference reference) {
  const float v = reference == QuantReference::OnnxRuntime ? x / scale : x * (1.0f / scale);
  const float lo = static_cast<float>(saturation.min - zeroPoint);
  const float hi = static_cast<float>(saturation.max - zeroPoint);
  return static_cast<int32_t>(roundHalfEven(clampNanLow(v, lo, hi))) + zeroPoint;
}

float dequantizeValue(int32_t code, float scale, int32_t zeroPoint) {
  return static_cast<float>(code - zeroPoint) * scale;
}

void fakeQuantize(std::span<const float> x, const Shape& shape, const QParams& qparams, std::span<float> out) {
  const QuantLayout layout(shape, qparams.scheme.granularity);
  checkSizes(x.size(), out.size(), layout, shape);
  const SlotTables t = prepare(shape, qparams, layout);
  const QuantDtype dtype = qparams.scheme.dtype;
  if (isIntegerDtype(dtype)) {
    if (qparams.scheme.reference == QuantReference::OnnxRuntime)
      fakeQuantizeInteger<true>(x.data(), out.data(), layout, t);
    else
      fakeQuantizeInteger<false>(x.data(), out.data(), layout, t);
  } else if (isFloat8Dtype(dtype)) {
    const Fp8Format format = fp8FormatOf(dtype);
    mapElements(x.data(), out.data(), layout, [&](float v, size_t s) {
      return decodeFp8(encodeFp8(v / t.scale[s], format), format) * t.scale[s];
    });
  } else {
    mapElements(x.data(), out.data(), layout, [&](float v, size_t s) {
      return decodeNf4(encodeNf4(v * t.inverse[s])) * t.scale[s];
    });
  }
}

Tensor fakeQuantize(const Tensor& x, const QParams& qparams) {
  requireFloat32(x);
  Tensor out(DataType::Float32, x.shape());
  fakeQuantize(x.values<float>(), x.shape(), qparams, out.values<float>());
  return out;
}

void quantize(std::span<const float> x, const Shape& shape, const QParams& qparams, std::span<int32_t> codes) {
  const QuantLayout layout(shape, qparams.scheme.granularity);
  checkSizes(x.size(), codes.size(), layout, shape);
  const SlotTables t = prepare(shape, qparams, layout);
  const QuantDtype dtype = qparams.scheme.dtype;
  if (isIntegerDtype(dtype)) {
    const bool divide = qparams.scheme.reference == QuantReference::OnnxRuntime;
    mapElements(x.data(), codes.data(), layout, [&](float v, size_t s) {
      const float scaled = divide ? v / t.scale[s] : v * t.inverse[s];
      return static_cast<int32_t>(roundHalfEven(clampNanLow(scaled, t.lo[s], t.hi[s]))) + t.zeroPoint[s];
    });
  } else if (isFloat8Dtype(dtype)) {
    const Fp8Format format = fp8FormatOf(dtype);
    mapElements(x.data(), codes.data(), layout,
                [&](float v, size_t s) { return static_cast<int32_t>(encodeFp8(v / t.scale[s], format)); });
  } else {
    mapElements(x.data(), codes.data(), layout,
                [&](float v, size_t s) { return static_cast<int32_t>(encodeNf4(v * t.inverse[s])); });
  }
}

Tensor quantize(const Tensor& x, const QParams& qparams) {
  requireFloat32(x);
  std::vector<int32_t> codes(static_cast<size_t>(x.numel()));
  quantize(x.values<float>(), x.shape(), qparams, codes);
  Tensor out(codeDataType(qparams.scheme.dtype, qparams.scheme.bits), x.shape());
  visitDataType(out.dtype(), [&](auto zero) {
    using T = decltype(zero);
    std::transform(codes.begin(), codes.end(), out.data<T>(), [](int32_t c) { return static_cast<T>(c); });
  });
  return out;
}

void dequantize(std::span<const int32_t> codes, const Shape& shape, const QParams& qparams, std::span<float> out) {
  const QuantLayout layout(shape, qparams.scheme.granularity);
  checkSizes(codes.size(), out.size(), layout, shape);
  const SlotTables t = prepare(shape, qparams, layout);
  const QuantDtype dtype = qparams.scheme.dtype;
  if (isIntegerDtype(dtype)) {
    mapElements(codes.data(), out.data(), layout, [&](int32_t q, size_t s) {
      return static_cast<float>(q - t.zeroPoint[s]) * t.scale[s];
    });
  } else if (isFloat8Dtype(dtype)) {
    const Fp8Format format = fp8FormatOf(dtype);
    mapElements(codes.data(), out.data(), layout, [&](int32_t q, size_t s) {
      return decodeFp8(static_cast<uint8_t>(q), format) * t.scale[s];
    });
  } else {
    mapElements(codes.data(), out.data(), layout,
                [&](int32_t q, size_t s) { return decodeNf4(static_cast<uint8_t>(q)) * t.scale[s]; });
  }
}

Tensor dequantize(const Tensor& codes, const QParams& qparams) {
  if (codes.empty() || isFloatingPoint(codes.dtype()) || codes.dtype() == DataType::Bool)
    throw Error("dequantize expects integer codes, got " + std::string(dataTypeName(codes.dtype())),
                ErrorKind::Internal);
  const Tensor wide = codes.castTo(DataType::Int32);
  Tensor out(DataType::Float32, codes.shape());
  dequantize(wide.values<int32_t>(), codes.shape(), qparams, out.values<float>());
  return out;
}

}  // namespace quantlens
