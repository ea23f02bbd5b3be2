// A dense, row-major tensor owning its elements: the value type every part of the engine exchanges.
#pragma once

#include <cassert>
#include <cstddef>
#include <memory>
#include <span>
#include <vector>

#include "core/tensor/data_type.h"
#include "core/tensor/shape.h"

namespace quantlens {

class Tensor {
public:
  Tensor() = default;
  // Elements are left uninitialized: kernels overwrite every one.
  Tensor(DataType type, Shape shape);

  static Tensor zeros(DataType type, Shape shape);
  template <class T> static Tensor fromVector(Shape shape, const std::vector<T>& values);
  template <class T> static Tensor scalar(T value) { return fromVector<T>({}, {value}); }

  Tensor(const Tensor& other);
  Tensor& operator=(const Tensor& other);
  Tensor(Tensor&&) noexcept = default;
  Tensor& operator=(Tensor&&) noexcept = default;

  bool empty() const { return m_type == DataType::Undefined; }
  DataType dtype() const { return m_type; }
  const Shape& shape() const { return m_shape; }
  int64_t rank() const { return static_cast<int64_t>(m_shape.size()); }
  int64_t dim(int64_t axis) const { return m_shape[static_cast<size_t>(axis)]; }
  int64_t numel() const { return m_count; }
  size_t byteCount() const { return static_cast<size_t>(m_count) * elementSize(m_type); }

  // Same elements, new shape with the same element count.
  void reshape(Shape shape);

  template <class T> T* data() {
    assert(dataTypeOf<T>() == m_type && "tensor element type mismatch");
    return reinterpret_cast<T*>(m_bytes.get());
  }
  template <class T> const T* data() const {
    assert(dataTypeOf<T>() == m_type && "tensor element type mismatch");
    return reinterpret_cast<const T*>(m_bytes.get());
  }
  template <class T> std::span<T> values() { return {data<T>(), static_cast<size_t>(m_count)}; }
  template <class T> std::span<const T> values() const {
    return {data<T>(), static_cast<size_t>(m_count)};
  }
  std::byte* rawData() { return m_bytes.get(); }
  const std::byte* rawData() const { return m_bytes.get(); }

  // Any numeric element as double / int64 (for shape inputs, scalars and tests).
  double valueAsDouble(int64_t index) const;
  int64_t valueAsInt(int64_t index) const;
  std::vector<int64_t> toInt64Vector() const;
  std::vector<float> toFloatVector() const;

  // Element-wise conversion to another type (C++ conversion rules; bool is x != 0).
  Tensor castTo(DataType type) const;

private:
  DataType m_type = DataType::Undefined;
  Shape m_shape;
  int64_t m_count = 0;
  std::unique_ptr<std::byte[]> m_bytes;
};

template <class T> Tensor Tensor::fromVector(Shape shape, const std::vector<T>& values) {
  Tensor tensor(dataTypeOf<T>(), std::move(shape));
  assert(static_cast<int64_t>(values.size()) == tensor.numel() && "value count must match shape");
  std::copy(values.begin(), values.end(), tensor.data<T>());
  return tensor;
}

}  // namespace quantlens
