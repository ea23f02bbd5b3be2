// The table from ONNX operator type to the kernel that runs it in float.
#pragma once

#include <map>
#include <string>

#include "core/runtime/op_context.h"

namespace quantlens {

// Computes the node's outputs from its inputs; throws Error on invalid input and
// unsupportedError() on a valid case this build does not implement.
using OpKernel = void (*)(OpContext& context);

class OpRegistry {
public:
  void add(const std::string& opType, OpKernel kernel);
  // nullptr when the operator is unknown (only the default ONNX domain is supported).
  OpKernel find(const std::string& domain, const std::string& opType) const;
  bool supports(const std::string& domain, const std::string& opType) const {
    return find(domain, opType) != nullptr;
  }

  // Every operator this build implements.
  static const OpRegistry& builtin();

private:
  std::map<std::string, OpKernel> m_kernels;
};

}  // namespace quantlens
