// Backward look-up; builtin() is filled by the register functions of core/train/ops.
#include "core/train/grad_registry.h"

#include <cassert>

#include "core/train/ops/grad_ops.h"

namespace quantlens {

void GradRegistry::add(const std::string& opType, BackwardKernel kernel) {
  assert(!m_kernels.count(opType) && "a backward is registered once");
  m_kernels[opType] = kernel;
}

BackwardKernel GradRegistry::find(const std::string& domain, const std::string& opType) const {
  if (!domain.empty() && domain != "ai.onnx") return nullptr;
  auto it = m_kernels.find(opType);
  return it == m_kernels.end() ? nullptr : it->second;
}

const GradRegistry& GradRegistry::builtin() {
  static const GradRegistry registry = [] {
    GradRegistry r;
    registerGradOps(r);
    return r;
  }();
  return registry;
}

}  // namespace quantlens
