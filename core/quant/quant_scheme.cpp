// Integer ranges of a quantization scheme per PyTorch and ONNX Runtime, and the checks they make.
#include "core/quant/quant_scheme.h"

#include <cassert>
#include <cmath>

#include "core/error.h"

namespace quantlens {
namespace {

// Python's q // 2. C++20 defines >> on negative values as an arithmetic shift, which floors:
// -127 >> 1 == -64 (PyTorch PR #74717), whereas -127 / 2 would truncate to -63.
int32_t floorHalf(int32_t value) { return value >> 1; }

QuantRange floorHalved(QuantRange range) { return {floorHalf(range.min), floorHalf(range.max)}; }

bool isEightOrSixteenBit(QuantDtype dtype) {
  return dtype == QuantDtype::Int8 || dtype == QuantDtype::UInt8 || dtype == QuantDtype::Int16 ||
         dtype == QuantDtype::UInt16;
}

std::string rangeText(int32_t min, int32_t max) {
  return "[" + std::to_string(min) + ", " + std::to_string(max) + "]";
}

}  // namespace

QuantReference parseQuantReference(std::string_view name) {
  if (name == "pytorch") return QuantReference::PyTorch;
  if (name == "onnxruntime") return QuantReference::OnnxRuntime;
  throw Error("reference '" + std::string(name) + "' is not valid: expected pytorch or onnxruntime");
}

std::string_view quantReferenceName(QuantReference reference) {
  return reference == QuantReference::PyTorch ? "pytorch" : "onnxruntime";
}

bool parseSymmetric(std::string_view name) {
  if (name == "symmetric") return true;
  if (name == "affine") return false;
  throw Error("quantization scheme '" + std::string(name) +
              "' is not valid: expected symmetric or affine");
}

std::string_view symmetryName(bool symmetric) { return symmetric ? "symmetric" : "affine"; }

QuantScheme QuantScheme::make(QuantDtypeWidth type, bool symmetric, Granularity granularity,
                              QuantReference reference) {
  QuantScheme scheme;
  scheme.dtype = type.dtype;
  scheme.bits = type.bits;
  scheme.symmetric = symmetric;
  scheme.granularity = granularity;
  scheme.reference = reference;
  return scheme;
}

QuantRange QuantScheme::quantRange() const {
  assert(isIntegerDtype(dtype) && "FP8 and NF4 have no integer quantization range");
  const QuantRange full{integerTypeMin(dtype, bits), integerTypeMax(dtype, bits)};
  if (hasCustomRange()) {
    const QuantRange custom{*quantMin, *quantMax};
    return reduceRange ? floorHalved(custom) : custom;
  }
  if (reference == QuantReference::PyTorch) {
    // 16-bit defaults take the full range whatever reduce_range says (PyTorch 2.x, as for qint32).
    if (dtype == QuantDtype::Int16 || dtype == QuantDtype::UInt16) return full;
    return reduceRange ? floorHalved(full) : full;
  }
  const bool isSigned = isSignedDtype(dtype);
  if (reduceRange) {
    // ORT's reduced 8/16-bit signed range is symmetric, [-64, 64]: one level more than halving.
    if (isEightOrSixteenBit(dtype) && isSigned) return {-(full.max + 1) / 2, (full.max + 1) / 2};
    return floorHalved(full);
  }
  if (symmetric && isEightOrSixteenBit(dtype)) {
    // Drop one code so the range is symmetric about its midpoint: [-127,127], [0,254].
    return isSigned ? QuantRange{-full.max, full.max} : QuantRange{0, full.max - 1};
  }
  return full;
}

QuantRange QuantScheme::saturationRange() const {
  assert(isIntegerDtype(dtype) && "FP8 and NF4 saturate to their own formats");
  if (reference == QuantReference::PyTorch) return quantRange();
  return {integerTypeMin(dtype, bits), integerTypeMax(dtype, bits)};
}

void QuantScheme::validate() const {
  const std::string what = describe() + " scheme: ";
  const bool integer = isIntegerDtype(dtype);
  if (dtype == QuantDtype::IntN || dtype == QuantDtype::UIntN) {
    if (bits < kMinIntegerBits || bits > kMaxIntegerBits)
      throw Error(what + "width " + std::to_string(bits) + " bits is not supported: integer widths are " +
                  std::to_string(kMinIntegerBits) + " to " + std::to_string(kMaxIntegerBits) + " bits");
  } else if (bits != defaultBits(dtype)) {
    throw Error(what + "width " + std::to_string(bits) + " bits does not match the dtype, which has " +
                std::to_string(defaultBits(dtype)) + " bits");
  }
  if (!integer) {
    if (!symmetric)
      throw Error(what + "FP8 and NF4 are symmetric formats (zero point 0); use the symmetric scheme");
    if (reduceRange) throw Error(what + "reduce_range applies only to integer dtypes");
    if (quantMin || quantMax) throw Error(what + "a custom quantization range applies only to integer dtypes");
  }
  if (quantMin.has_value() != quantMax.has_value())
    throw Error(what + "a custom quantization range needs both quant_min and quant_max");
  if (hasCustomRange()) {
    const int32_t lo = *quantMin;
    const int32_t hi = *quantMax;
    // PyTorch validate_qmin_qmax: 0 must be a code, so that real 0 is exact (padding, ReLU).
    if (!(lo <= 0 && 0 <= hi))
      throw Error(what + "custom quantization range " + rangeText(lo, hi) +
                  " must include 0 (quant_min <= 0 <= quant_max)");
    if (!(lo < hi))
      throw Error(what + "custom quantization range " + rangeText(lo, hi) +
                  " must have quant_min < quant_max");
    // FakeQuantize asserts iinfo(dtype).min <= quant_min and quant_max <= iinfo(dtype).max.
    const int32_t typeMin = integerTypeMin(dtype, bits);
    const int32_t typeMax = integerTypeMax(dtype, bits);
    if (lo < typeMin || hi > typeMax)
      throw Error(what + "custom quantization range " + rangeText(lo, hi) + " exceeds the " +
                  quantDtypeName(dtype, bits) + " range " + rangeText(typeMin, typeMax));
  }
  // PyTorch's observers raise NotImplementedError here: the symmetric unsigned zero point 128
  // would lie outside the reduced range [0, 127].
  if (integer && reference == QuantReference::PyTorch && symmetric && reduceRange &&
      !isSignedDtype(dtype))
    throw Error(what + "PyTorch cannot reduce the range of symmetric unsigned quantization "
                "(its zero point would leave [0, 127]); use a signed dtype or the affine scheme");
  if (minRealRange && !(std::isfinite(*minRealRange) && *minRealRange > 0.0f))
    throw Error(what + "minimum real range " + std::to_string(*minRealRange) +
                " must be a positive finite number");
  if (granularity.kind == GranularityKind::PerGroup && granularity.groupSize < 1)
    throw Error(what + "group size " + std::to_string(granularity.groupSize) + " must be at least 1");
}

std::string QuantScheme::describe() const {
  std::string text = quantDtypeName(dtype, bits) + " " + std::string(symmetryName(symmetric));
  if (reduceRange) text += " reduce-range";
  if (hasCustomRange()) text += " range " + rangeText(*quantMin, *quantMax);
  return text + " " + granularityName(granularity) + " (" + std::string(quantReferenceName(reference)) + ")";
}

}  // namespace quantlens
