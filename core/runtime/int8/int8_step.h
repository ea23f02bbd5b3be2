// One step of the int8 program: a node, or a node with the activation fused into it, and what it runs on.
#pragma once

#include <map>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "core/graph/graph.h"
#include "core/quant/quant_plan.h"
#include "core/quant/quant_state.h"
#include "core/runtime/int8/activation_codes.h"
#include "kernels/thread_pool.h"

namespace quantlens {

// What a step sees when it runs: its inputs (stored codes where the tensor has ActivationCodes, else
// float or whatever the tensor holds; nullptr for an absent optional input) and the outputs it fills.
struct Int8StepContext {
  std::span<const Tensor* const> inputs;
  std::span<Tensor> outputs;
  kernels::ThreadPool* pool = nullptr;  // null when running on one thread
};

class Int8Step {
public:
  virtual ~Int8Step() = default;
  virtual void run(Int8StepContext& context) const = 0;
};

// What the planner of a step knows about the model: the graph with dequantized weights, the plan,
// the state and how every quantized activation is stored.
struct Int8BuildContext {
  const Graph& source;  // the prepared float graph, original weights (integer weights are quantized from it)
  const Graph& graph;   // the same with dequantized weights and biases, as float steps run it
  const QuantPlan& plan;
  const QuantState& state;
  std::map<std::string, ActivationCodes> codes;  // by tensor: every activation stored as codes

  const ActivationCodes* codesOf(const std::string& tensor) const {
    const auto found = codes.find(tensor);
    return found == codes.end() ? nullptr : &found->second;
  }
  // The only node reading `value` when it is not a graph output, else -1.
  int soleReader(const std::string& value) const;
};

// A step chosen for a node: the step (null when the node has no integer implementation here; then
// `detail` says why), the tensors it reads and writes (by name, "" for absent optional ones) and the
// node fused into it, if any.
struct Int8StepChoice {
  std::unique_ptr<Int8Step> step;
  std::string detail;
  std::vector<std::string> inputs;
  std::vector<std::string> outputs;
  int fusedNode = -1;

  static Int8StepChoice refused(std::string why) {
    Int8StepChoice choice;
    choice.detail = std::move(why);
    return choice;
  }
};

}  // namespace quantlens
