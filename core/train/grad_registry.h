// The table from ONNX operator type to the backward kernel that differentiates it.
#pragma once

#include <map>
#include <string>

#include "core/train/backward_context.h"

namespace quantlens {

// Fills the gradients of the inputs the context wants from the output gradient; throws Error
// (naming the node) on a case the kernel does not differentiate.
using BackwardKernel = void (*)(BackwardContext& context);

class GradRegistry {
public:
  void add(const std::string& opType, BackwardKernel kernel);
  // nullptr when the operator has no backward (only the default ONNX domain is supported).
  BackwardKernel find(const std::string& domain, const std::string& opType) const;

  // Every backward this build implements.
  static const GradRegistry& builtin();

private:
  std::map<std::string, BackwardKernel> m_kernels;
};

}  // namespace quantlens
