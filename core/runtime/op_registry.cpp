// Operator look-up; builtin() is filled by the register functions of core/runtime/ops.
#include "core/runtime/op_registry.h"

#include <cassert>

#include "core/runtime/ops/builtin_ops.h"

namespace quantlens {

void OpRegistry::add(const std::string& opType, OpKernel kernel) {
  assert(!m_kernels.count(opType) && "an operator is registered once");
  m_kernels[opType] = kernel;
}

OpKernel OpRegistry::find(const std::string& domain, const std::string& opType) const {
  if (!domain.empty() && domain != "ai.onnx") return nullptr;
  auto it = m_kernels.find(opType);
  return it == m_kernels.end() ? nullptr : it->second;
}

const OpRegistry& OpRegistry::builtin() {
  static const OpRegistry registry = [] {
    OpRegistry r;
    registerBuiltinOps(r);
    return r;
  }();
  return registry;
}

}  // namespace quantlens
