// Constant, ConstantOfShape and Range: tensors made from attributes or scalar inputs.
#include <cmath>
#include <cstring>

#include "core/runtime/ops/shape/shape_kernels.h"
#include "core/runtime/ops/shape/shape_op_utils.h"

namespace quantlens {

void constantKernel(OpContext& context) {
  // Import turns Constant nodes into initializers; this kernel serves graphs built otherwise.
  const Attributes& attributes = context.attributes();
  for (const char* name : {"value_string", "value_strings", "sparse_value"})
    if (attributes.has(name)) throw context.unsupported(std::string("attribute '") + name + "' is not supported");
  int set = 0;
  Tensor value;
  if (const Tensor* tensor = attributes.getTensor("value")) {
    value = *tensor;
    ++set;
  }
  if (attributes.has("value_float")) {
    value = Tensor::scalar<float>(attributes.getFloat("value_float", 0));
    ++set;
  }
  if (attributes.has("value_int")) {
    value = Tensor::scalar<int64_t>(attributes.getInt("value_int", 0));
    ++set;
  }
  if (attributes.has("value_floats")) {
    const std::vector<float> values = attributes.getFloats("value_floats");
    value = Tensor::fromVector<float>({static_cast<int64_t>(values.size())}, values);
    ++set;
  }
  if (attributes.has("value_ints")) {
    const std::vector<int64_t> values = attributes.getInts("value_ints");
    value = Tensor::fromVector<int64_t>({static_cast<int64_t>(values.size())}, values);
    ++set;
  }
  if (set != 1)
    throw context.error("exactly one value attribute must be set, but " + std::to_string(set) + " are");
  context.setOutput(0, std::move(value));
}

void constantOfShapeKernel(OpContext& context) {
  const std::vector<int64_t> shape = readIntegerList(context, 0, "shape");
  for (int64_t dim : shape)
    if (dim < 0) throw context.error("shape " + listToString(shape) + " has a negative dimension");
  Tensor fill = Tensor::scalar<float>(0.0f);  // the default value: float32 zero
  if (const Tensor* value = context.attributes().getTensor("value")) {
    if (value->numel() != 1)
      throw context.error("attribute 'value' must hold one element but has shape " + shapeToString(value->shape()));
    fill = *value;
  }
  // An empty shape input gives a scalar, which Shape{} is.
  Tensor out(fill.dtype(), shape);
  const size_t size = elementSize(fill.dtype());
  for (int64_t i = 0; i < out.numel(); ++i) std::memcpy(out.rawData() + i * static_cast<int64_t>(size), fill.rawData(), size);
  context.setOutput(0, std::move(out));
}

void rangeKernel(OpContext& context) {
  const Tensor& start = context.input(0);
  const Tensor& limit = context.input(1);
  const Tensor& delta = context.input(2);
  if (start.dtype() != limit.dtype() || start.dtype() != delta.dtype())
    throw context.error("start, limit and delta must have one type but have " + std::string(dataTypeName(start.dtype())) +
                        ", " + std::string(dataTypeName(limit.dtype())) + " and " + std::string(dataTypeName(delta.dtype())));
  if (start.dtype() == DataType::Bool) throw context.error("Range is not defined for bool");
  for (const auto& [tensor, role] : {std::pair{&start, "start"}, {&limit, "limit"}, {&delta, "delta"}})
    if (tensor->numel() != 1)
      throw context.error(std::string(role) + " must be a scalar but has shape " + shapeToString(tensor->shape()));

  visitDataType(start.dtype(), [&](auto tag) {
    using T = decltype(tag);
    const T first = start.data<T>()[0];
    const T last = limit.data<T>()[0];
    const T step = delta.data<T>()[0];
    if (step == T{0}) throw context.error("delta must not be 0");
    // ceil((limit - start) / delta), clamped at 0. Floats compute it in their own type as the
    // ONNX function body does; integers in long double, which holds every int64 exactly.
    double count;
    if constexpr (std::is_floating_point_v<T>) {
      count = static_cast<double>(std::ceil((last - first) / step));
    } else {
      count = static_cast<double>(std::ceil((static_cast<long double>(last) - static_cast<long double>(first)) /
                                            static_cast<long double>(step)));
    }
    // A guard against a typo in a model allocating terabytes: 2^40 elements is beyond any real use.
    if (!std::isfinite(count) || count > 1099511627776.0)
      throw context.error("start " + std::to_string(first) + ", limit " + std::to_string(last) + " and delta " +
                          std::to_string(step) + " give " + std::to_string(count) + " elements");
    const int64_t n = count > 0 ? static_cast<int64_t>(count) : 0;
    Tensor out(start.dtype(), {n});
    T* values = out.data<T>();
    for (int64_t i = 0; i < n; ++i) values[i] = static_cast<T>(first + static_cast<T>(i) * step);
    context.setOutput(0, std::move(out));
  });
}

}  // namespace quantlens
