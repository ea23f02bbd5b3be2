// Tensor storage and element conversion.
#include "core/tensor/tensor.h"

#include <algorithm>
#include <cstring>

namespace quantlens {

Tensor::Tensor(DataType type, Shape shape)
    : m_type(type), m_shape(std::move(shape)), m_count(elementCount(m_shape)) {
  m_bytes = std::make_unique_for_overwrite<std::byte[]>(std::max<size_t>(byteCount(), 1));
}

Tensor Tensor::zeros(DataType type, Shape shape) {
  Tensor tensor(type, std::move(shape));
  std::memset(tensor.rawData(), 0, tensor.byteCount());
  return tensor;
}

Tensor::Tensor(const Tensor& other) : Tensor(other.m_type, other.m_shape) {
  if (other.m_bytes) std::memcpy(m_bytes.get(), other.m_bytes.get(), byteCount());
}

Tensor& Tensor::operator=(const Tensor& other) {
  if (this != &other) *this = Tensor(other);
  return *this;
}

void Tensor::reshape(Shape shape) {
  assert(elementCount(shape) == m_count && "reshape must keep the element count");
  m_shape = std::move(shape);
}

double Tensor::valueAsDouble(int64_t index) const {
  return visitDataType(m_type, [&](auto v) {
    using T = decltype(v);
    return static_cast<double>(data<T>()[index]);
  });
}

int64_t Tensor::valueAsInt(int64_t index) const {
  return visitDataType(m_type, [&](auto v) {
    using T = decltype(v);
    return static_cast<int64_t>(data<T>()[index]);
  });
}

std::vector<int64_t> Tensor::toInt64Vector() const {
  std::vector<int64_t> out(static_cast<size_t>(m_count));
  for (int64_t i = 0; i < m_count; ++i) out[static_cast<size_t>(i)] = valueAsInt(i);
  return out;
}

std::vector<float> Tensor::toFloatVector() const {
  std::vector<float> out(static_cast<size_t>(m_count));
  for (int64_t i = 0; i < m_count; ++i) out[static_cast<size_t>(i)] = static_cast<float>(valueAsDouble(i));
  return out;
}

Tensor Tensor::castTo(DataType type) const {
  if (type == m_type) return *this;
  Tensor out(type, m_shape);
  visitDataType(m_type, [&](auto from) {
    using From = decltype(from);
    visitDataType(type, [&](auto to) {
      using To = decltype(to);
      const From* src = data<From>();
      To* dst = out.data<To>();
      for (int64_t i = 0; i < m_count; ++i) {
        if constexpr (std::is_same_v<To, bool>) {
          dst[i] = src[i] != From{};
        } else {
          dst[i] = static_cast<To>(src[i]);
        }
      }
    });
  });
  return out;
}

}  // namespace quantlens
