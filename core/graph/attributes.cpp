// Typed attribute look-up.
#include "core/graph/attributes.h"

#include "core/error.h"

namespace quantlens {

template <class T> const T* Attributes::find(const std::string& name) const {
  auto it = m_values.find(name);
  if (it == m_values.end()) return nullptr;
  const T* value = std::get_if<T>(&it->second);
  if (!value) throw Error("attribute '" + name + "' has the wrong type");
  return value;
}

int64_t Attributes::getInt(const std::string& name, int64_t fallback) const {
  const int64_t* v = find<int64_t>(name);
  return v ? *v : fallback;
}

float Attributes::getFloat(const std::string& name, float fallback) const {
  const float* v = find<float>(name);
  return v ? *v : fallback;
}

std::string Attributes::getString(const std::string& name, const std::string& fallback) const {
  const std::string* v = find<std::string>(name);
  return v ? *v : fallback;
}

std::vector<int64_t> Attributes::getInts(const std::string& name,
                                         const std::vector<int64_t>& fallback) const {
  const auto* v = find<std::vector<int64_t>>(name);
  return v ? *v : fallback;
}

std::vector<float> Attributes::getFloats(const std::string& name,
                                         const std::vector<float>& fallback) const {
  const auto* v = find<std::vector<float>>(name);
  return v ? *v : fallback;
}

const Tensor* Attributes::getTensor(const std::string& name) const { return find<Tensor>(name); }

}  // namespace quantlens
