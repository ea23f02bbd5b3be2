// MaxPool, AveragePool (opsets 1–12) and GlobalAveragePool / GlobalMaxPool over 1-D..3-D windows.
#include <limits>

#include "core/runtime/ops/nn/nn_ops.h"
#include "core/runtime/ops/nn/op_checks.h"
#include "core/runtime/ops/nn/window_attributes.h"
#include "kernels/pooling.h"

namespace quantlens::nn {
namespace {

kernels::WindowGeometry poolingGeometry(const OpContext& context, const Tensor& x, int64_t spatialRank) {
  const WindowAttributes attributes = readWindowAttributes(context, spatialRank);
  return slidingWindowGeometry(context, attributes, Shape(x.shape().begin() + 2, x.shape().end()));
}

}  // namespace

void runMaxPool(OpContext& context) {
  const Tensor& x = context.input(0);
  // Opset 12 added int8/uint8 inputs; max commutes with any monotonic quantization.
  if (x.dtype() != DataType::Float32 && x.dtype() != DataType::UInt8 && x.dtype() != DataType::Int8)
    throw context.unsupported("input X has element type " + std::string(dataTypeName(x.dtype())) +
                              "; only float32, uint8 and int8 are supported");
  const int64_t spatialRank = spatialRankOf(context, x);
  const kernels::WindowGeometry g = poolingGeometry(context, x, spatialRank);
  const int64_t storageOrder = context.attributes().getInt("storage_order", 0);
  if (storageOrder != 0 && storageOrder != 1)
    throw context.error("storage_order " + std::to_string(storageOrder) +
                        " must be 0 (row major) or 1 (column major)");

  const Shape outputShape = nchwShape(x.dim(0), x.dim(1), g.output, spatialRank);
  const int64_t planes = x.dim(0) * x.dim(1);
  Tensor y(x.dtype(), outputShape);
  Tensor indices;
  if (context.wantsOutput(1)) indices = Tensor(DataType::Int64, outputShape);
  int64_t* indexData = indices.empty() ? nullptr : indices.data<int64_t>();
  const bool columnMajor = storageOrder == 1;
  if (x.dtype() == DataType::Float32)
    kernels::maxPoolF32(x.data<float>(), planes, g, y.data<float>(), indexData, columnMajor);
  else if (x.dtype() == DataType::UInt8)
    kernels::maxPoolU8(x.data<uint8_t>(), planes, g, y.data<uint8_t>(), indexData, columnMajor);
  else
    kernels::maxPoolS8(x.data<int8_t>(), planes, g, y.data<int8_t>(), indexData, columnMajor);
  context.setOutput(0, std::move(y));
  if (!indices.empty()) context.setOutput(1, std::move(indices));
}

void runAveragePool(OpContext& context) {
  const Tensor& x = context.input(0);
  requireFloat32(context, x, "input X");
  const int64_t spatialRank = spatialRankOf(context, x);
  const kernels::WindowGeometry g = poolingGeometry(context, x, spatialRank);
  const int64_t countIncludePad = context.attributes().getInt("count_include_pad", 0);
  if (countIncludePad != 0 && countIncludePad != 1)
    throw context.error("count_include_pad " + std::to_string(countIncludePad) + " must be 0 or 1");

  Tensor y(DataType::Float32, nchwShape(x.dim(0), x.dim(1), g.output, spatialRank));
  kernels::averagePoolF32(x.data<float>(), x.dim(0) * x.dim(1), g, countIncludePad == 1, y.data<float>());
  context.setOutput(0, std::move(y));
}

namespace {

// Shape [N, C, 1, ..., 1] and the element count of one plane for the global pools.
Shape globalPoolShape(const Tensor& x) {
  Shape shape = x.shape();
  for (size_t i = 2; i < shape.size(); ++i) shape[i] = 1;
  return shape;
}

template <class Reduce>
void runGlobalPool(OpContext& context, Reduce&& reduce) {
  const Tensor& x = context.input(0);
  requireFloat32(context, x, "input X");
  if (x.rank() < 2)
    throw context.error("input X must have shape [N, C, D1, ...] but has shape " + shapeToString(x.shape()));
  const int64_t planes = x.dim(0) * x.dim(1);
  const int64_t plane = planes == 0 ? 0 : x.numel() / planes;
  Tensor y(DataType::Float32, globalPoolShape(x));
  const float* in = x.data<float>();
  float* out = y.data<float>();
  for (int64_t p = 0; p < planes; ++p) out[p] = reduce(in + p * plane, plane);
  context.setOutput(0, std::move(y));
}

}  // namespace

void runGlobalAveragePool(OpContext& context) {
  runGlobalPool(context, [](const float* values, int64_t count) {
    // Accumulate in double: planes of 10⁵ values lose digits in a float sum.
    double sum = 0.0;
    for (int64_t i = 0; i < count; ++i) sum += values[i];
    return count > 0 ? static_cast<float>(sum / static_cast<double>(count))
                     : std::numeric_limits<float>::quiet_NaN();
  });
}

void runGlobalMaxPool(OpContext& context) {
  runGlobalPool(context, [](const float* values, int64_t count) {
    float best = count > 0 ? values[0] : std::numeric_limits<float>::lowest();
    for (int64_t i = 1; i < count; ++i)
      if (values[i] > best) best = values[i];
    return best;
  });
}

}  // namespace quantlens::nn
