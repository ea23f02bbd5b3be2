// A node's attributes: typed values looked up by name, with the ONNX defaults supplied by the caller.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/tensor/tensor.h"

namespace quantlens {

using AttributeValue = std::variant<int64_t, float, std::string, Tensor, std::vector<int64_t>,
                                    std::vector<float>, std::vector<std::string>>;

class Attributes {
public:
  bool has(const std::string& name) const { return m_values.count(name) != 0; }
  void set(const std::string& name, AttributeValue value) { m_values[name] = std::move(value); }
  void erase(const std::string& name) { m_values.erase(name); }
  const std::map<std::string, AttributeValue>& all() const { return m_values; }

  // Typed getters: the fallback when absent; an Error naming the attribute when the type is wrong.
  int64_t getInt(const std::string& name, int64_t fallback) const;
  float getFloat(const std::string& name, float fallback) const;
  std::string getString(const std::string& name, const std::string& fallback) const;
  std::vector<int64_t> getInts(const std::string& name, const std::vector<int64_t>& fallback = {}) const;
  std::vector<float> getFloats(const std::string& name, const std::vector<float>& fallback = {}) const;
  const Tensor* getTensor(const std::string& name) const;

private:
  template <class T> const T* find(const std::string& name) const;
  std::map<std::string, AttributeValue> m_values;
};

}  // namespace quantlens
