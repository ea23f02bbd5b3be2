// QuantizeLinear and DequantizeLinear on QuantLens's quantize kernels (ONNX semantics: true
// division, round half to even, saturation to the full range of the output type).
#include <cmath>
#include <string>

#include "core/quant/quant_layout.h"
#include "core/quant/quantize.h"
#include "core/runtime/ops/quant/quant_ops.h"

namespace quantlens::qdq {
namespace {

// Where the scales apply, read from the scale's shape as ONNX defines it: a scalar or a one-element
// vector is per-tensor; a 1-D scale is per-axis along `axis` (default 1); with opset 21's
// block_size > 0 the scale has x's rank and ceil(D / block_size) entries along `axis`.
Granularity granularityOf(const OpContext& context, const Tensor& x, const Tensor& scale) {
  const int64_t blockSize = context.attributes().getInt("block_size", 0);
  if (blockSize < 0) throw context.error("block_size " + std::to_string(blockSize) + " must not be negative");
  if (blockSize == 0 && scale.numel() == 1 && scale.rank() <= 1) return Granularity::perTensor();
  int64_t axis = context.attributes().getInt("axis", 1);
  if (axis < -x.rank() || axis >= x.rank())
    throw context.error("axis " + std::to_string(axis) + " is out of range for an input of shape " +
                        shapeToString(x.shape()));
  if (axis < 0) axis += x.rank();
  const int64_t d = x.dim(axis);
  if (blockSize == 0) {
    if (scale.rank() != 1 || scale.dim(0) != d)
      throw context.error("the scale has shape " + shapeToString(scale.shape()) + " but per-axis quantization along axis " +
                          std::to_string(axis) + " of an input of shape " + shapeToString(x.shape()) + " needs [" +
                          std::to_string(d) + "] (or a scalar for per-tensor)");
    return Granularity::perChannel(axis);
  }
  Shape expected = x.shape();
  expected[static_cast<size_t>(axis)] = (d + blockSize - 1) / blockSize;
  if (scale.shape() != expected)
    throw context.error("the scale has shape " + shapeToString(scale.shape()) + " but blocks of " +
                        std::to_string(blockSize) + " along axis " + std::to_string(axis) + " of an input of shape " +
                        shapeToString(x.shape()) + " need " + shapeToString(expected));
  return Granularity::perGroup(blockSize, axis);
}

// The scales and zero points, one per slot; the scheme's dtype only selects the integer kernels.
QParams qparamsOf(const OpContext& context, const Tensor& scale, const Tensor* zeroPoint, QuantScheme scheme) {
  if (scale.dtype() != DataType::Float32)
    throw context.unsupported("the scale is " + std::string(dataTypeName(scale.dtype())) +
                              "; only float32 scales are supported");
  if (zeroPoint && zeroPoint->numel() != scale.numel())
    throw context.error("the zero point has shape " + shapeToString(zeroPoint->shape()) + " but the scale has shape " +
                        shapeToString(scale.shape()) + "; they must match");
  QParams qparams;
  qparams.scheme = std::move(scheme);
  qparams.scales = scale.toFloatVector();
  for (size_t i = 0; i < qparams.scales.size(); ++i) {
    const float s = qparams.scales[i];
    if (!(std::isfinite(s) && s > 0.0f))
      throw context.error("scale " + std::to_string(s) + " at index " + std::to_string(i) +
                          " must be a positive finite number");
    qparams.zeroPoints.push_back(zeroPoint ? static_cast<int32_t>(zeroPoint->valueAsInt(static_cast<int64_t>(i))) : 0);
  }
  return qparams;
}

// The integer formats QuantizeLinear writes, by element type.
QuantDtype quantDtypeOf(const OpContext& context, DataType type) {
  switch (type) {
    case DataType::UInt8: return QuantDtype::UInt8;
    case DataType::Int8: return QuantDtype::Int8;
    case DataType::UInt16: return QuantDtype::UInt16;
    case DataType::Int16: return QuantDtype::Int16;
    default: break;
  }
  throw context.unsupported("quantizing to " + std::string(dataTypeName(type)) +
                            " is not supported (uint8, int8, uint16 and int16 are)");
}

// The output type: the zero point's, else opset 21's output_dtype (a TensorProto type number), else uint8.
DataType outputTypeOf(const OpContext& context, const Tensor* zeroPoint) {
  const int64_t outputDtype = context.attributes().getInt("output_dtype", 0);
  if (zeroPoint) {
    if (outputDtype != 0 && outputDtype != static_cast<int64_t>(zeroPoint->dtype()))
      throw context.error("output_dtype " + std::to_string(outputDtype) + " contradicts the zero point's type " +
                          std::string(dataTypeName(zeroPoint->dtype())));
    return zeroPoint->dtype();
  }
  if (outputDtype == 0) return DataType::UInt8;
  if (!isSupportedOnnxType(static_cast<int32_t>(outputDtype)))
    throw context.unsupported("output_dtype " + std::to_string(outputDtype) + " is not supported");
  return static_cast<DataType>(outputDtype);
}

}  // namespace

void runQuantizeLinear(OpContext& context) {
  const Tensor& x = context.input(0);
  const Tensor& scale = context.input(1);
  const Tensor* zeroPoint = context.optionalInput(2);
  if (x.dtype() != DataType::Float32)
    throw context.unsupported("the input is " + std::string(dataTypeName(x.dtype())) +
                              "; only float32 inputs are quantized");
  const DataType outputType = outputTypeOf(context, zeroPoint);
  const QuantDtype dtype = quantDtypeOf(context, outputType);
  const QuantScheme scheme = QuantScheme::make({dtype, defaultBits(dtype)}, false, granularityOf(context, x, scale),
                                              QuantReference::OnnxRuntime);
  Tensor y = quantize(x, qparamsOf(context, scale, zeroPoint, scheme));
  context.setOutput(0, std::move(y));
}

void runDequantizeLinear(OpContext& context) {
  const Tensor& x = context.input(0);
  const Tensor& scale = context.input(1);
  const Tensor* zeroPoint = context.optionalInput(2);
  const DataType type = x.dtype();
  if (type != DataType::UInt8 && type != DataType::Int8 && type != DataType::UInt16 && type != DataType::Int16 &&
      type != DataType::Int32)
    throw context.unsupported("the input is " + std::string(dataTypeName(type)) +
                              "; uint8, int8, uint16, int16 and int32 inputs are supported");
  if (zeroPoint && zeroPoint->dtype() != type)
    throw context.error("the zero point is " + std::string(dataTypeName(zeroPoint->dtype())) + " but the input is " +
                        std::string(dataTypeName(type)) + "; they must match");
  // Reads the codes in their own type (int32 has no QuantDtype; the scheme is not used here).
  const Granularity granularity = granularityOf(context, x, scale);
  const QParams qparams = qparamsOf(context, scale, zeroPoint, QuantScheme{});
  const QuantLayout layout(x.shape(), granularity);
  Tensor y(DataType::Float32, x.shape());
  float* out = y.data<float>();
  visitDataType(type, [&](auto zero) {
    using T = decltype(zero);
    const T* codes = x.data<T>();
    layout.forEachRun([&](int64_t offset, int64_t count, int64_t slot, int64_t stride) {
      for (int64_t k = 0; k < count; ++k) {
        const auto s = static_cast<size_t>(slot + k * stride);
        out[offset + k] = dequantizeValue(static_cast<int32_t>(codes[offset + k]), qparams.scales[s],
                                          qparams.zeroPoints[s]);
      }
    });
  });
  context.setOutput(0, std::move(y));
}

}  // namespace quantlens::qdq
