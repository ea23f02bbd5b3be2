// A graph that trains: forward keeping every value, reverse-mode backward to its parameters.
#pragma once

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "core/graph/graph.h"
#include "core/runtime/op_registry.h"
#include "core/train/grad_registry.h"
#include "core/train/value_quantizer.h"

namespace quantlens {

// BatchNormalization is folded into the Conv/Gemm before training (prepareForTraining), as
// PyTorch's QAT ends up after convert() and as its freeze_bn phase trains: the folded weights
// and biases are the parameters, and no running statistics change. This keeps the trained
// graph identical in structure to the one PTQ quantizes.
void prepareForTraining(Graph& graph);

class TrainingGraph {
public:
  // `graph` must be prepared (normalized opsets, BN folded). Parameters are the float
  // initializers at the weight and bias inputs of Conv (1, 2), Gemm (1, 2) and MatMul (1).
  // Throws UnsupportedOperatorsError listing every operator with no forward kernel, and every
  // operator on a path from a parameter to an output with no backward kernel.
  explicit TrainingGraph(Graph graph, const OpRegistry& ops = OpRegistry::builtin(),
                         const GradRegistry& grads = GradRegistry::builtin());

  const Graph& graph() const { return m_graph; }
  const std::vector<std::string>& parameterNames() const { return m_parameters; }
  // The parameter's tensor, updated in place by optimizers.
  Tensor& parameter(const std::string& name);

  // Also compute dLoss/dInput for every graph input (gradient checks, adversarial uses).
  void setInputsRequireGrad(bool enabled);

  // Runs `quantizer` on `value` (a parameter or any node output) in every forward pass; the
  // backward pass goes through its backward(). The graph does not own the quantizer.
  void setQuantizer(const std::string& value, ValueQuantizer* quantizer);

  // Inputs in the order of graph().inputs; returns the outputs in the order of graph().outputs.
  // Every value is kept until the next forward for backward().
  std::vector<Tensor> forward(std::vector<Tensor> inputs);

  // dLoss/dOutput for each graph output (an empty tensor counts as zero). Afterwards gradient()
  // holds dLoss/dValue for every parameter (and input, when enabled), replacing earlier results.
  void backward(const std::vector<Tensor>& outputGrads);
  // The gradient from the last backward(); zeros if no gradient reached it.
  const Tensor& gradient(const std::string& name) const;
  // A value of the last forward (after its quantizer, if any) or an initializer; throws Error
  // for an unknown name.
  const Tensor& valueOf(const std::string& name) const { return value(name); }

private:
  const Tensor& value(const std::string& name) const;
  void resolveKernels();
  void computeRequiresGrad();

  Graph m_graph;
  const OpRegistry& m_ops;
  const GradRegistry& m_grads;
  std::vector<OpKernel> m_forwardKernels;
  std::vector<BackwardKernel> m_backwardKernels;  // nullptr where no gradient flows
  std::vector<std::string> m_parameters;
  std::set<std::string> m_requiresGrad;
  bool m_inputsRequireGrad = false;
  std::map<std::string, ValueQuantizer*> m_quantizers;
  std::map<std::string, Tensor> m_values;  // graph inputs, node outputs, quantized weights
  std::map<std::string, Tensor> m_gradients;
};

}  // namespace quantlens
