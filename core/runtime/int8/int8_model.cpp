// Conversion of a quantized graph into int8 steps, and running them.
#include "core/runtime/int8/int8_model.h"

#include <chrono>
#include <set>

#include "core/error.h"
#include "core/runtime/int8/int8_steps.h"
#include "core/runtime/slot_planner.h"
#include "core/runtime/slot_values.h"

namespace quantlens {
namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

bool isDefaultDomain(const Node& node) {
  return node.domain.empty() || node.domain == "ai.onnx";
}

// Operators whose float kernel moves elements of any type without arithmetic.
bool movesCodes(const std::string& op) {
  static const std::set<std::string> kOps = {"Flatten",   "Reshape",  "Squeeze", "Unsqueeze",
                                             "Transpose", "Identity", "MaxPool"};
  return kOps.count(op) != 0;
}

// The prepared graph with the fake-quant model's dequantized weights and biases, which float steps use.
std::unique_ptr<Graph> dequantizedGraph(const Graph& graph, const QuantPlan& plan, const QuantState& state) {
  if (state.layers.size() != plan.layers.size())
    throw Error("the quantization state has " + std::to_string(state.layers.size()) + " layers but the plan has " +
                    std::to_string(plan.layers.size()),
                ErrorKind::Internal);
  auto copy = std::make_unique<Graph>(graph);
  for (size_t i = 0; i < plan.layers.size(); ++i) {
    const LayerQuant& quant = state.layers[i];
    if (!quant.quantized) continue;
    if (quant.weight) copy->initializers[plan.layers[i].weight] = quant.weight->dequantized;
    if (quant.dequantizedBias) copy->initializers[plan.layers[i].bias] = *quant.dequantizedBias;
  }
  return copy;
}

}  // namespace

int Int8BuildContext::soleReader(const std::string& value) const {
  if (graph.isGraphOutput(value)) return -1;
  const std::vector<int> readers = graph.consumersOf(value);
  return readers.size() == 1 ? readers.front() : -1;
}

std::string_view int8BackendName(Int8Backend backend) {
  switch (backend) {
    case Int8Backend::Int8:
      return "int8";
    case Int8Backend::Float:
      return "float";
    case Int8Backend::Fused:
      return "fused";
  }
  return "float";
}

std::optional<std::string> int8Unsupported(const QuantConfig& config) {
  if (!config.activationScheme)
    return std::string(
        "activations are not quantized (--act-dtype none); the int8 executor needs 8-bit integer "
        "activations (--act-dtype uint8 or int8)");
  return activationCodesUnsupported(*config.activationScheme);
}

struct Int8Model::Step {
  std::unique_ptr<Int8Step> step;
  int node = -1;                 // the node it runs
  int reportedNode = -1;         // the node whose outputs it writes (the fused activation when there is one)
  StepSlots io;                  // the slots it reads, writes and frees
};

Int8Model::~Int8Model() = default;
Int8Model::Int8Model(Int8Model&&) noexcept = default;
Int8Model& Int8Model::operator=(Int8Model&&) noexcept = default;

Int8Model::Int8Model(const Graph& graph, const QuantPlan& plan, const QuantState& state, Int8Options options)
    : m_graph(dequantizedGraph(graph, plan, state)) {
  if (auto why = int8Unsupported(state.config))
    throw Error("the int8 executor cannot run this quantization: " + *why, ErrorKind::Unsupported);
  const OpRegistry& registry = OpRegistry::builtin();
  if (auto missing = Executor::unsupportedOperators(*m_graph, registry); !missing.empty())
    throw UnsupportedOperatorsError(std::move(missing));
  for (const auto& [tensor, activation] : state.activations) {
    const std::optional<ActivationCodes> codes = ActivationCodes::of(activation.qparams);
    if (!codes)
      throw Error("activation '" + tensor + "' has qparams the int8 executor cannot store (" +
                      activation.qparams.scheme.describe() + ")",
                  ErrorKind::Internal);
    m_codes.emplace(tensor, *codes);
  }
  if (options.threads > 1) m_pool = std::make_unique<kernels::ThreadPool>(options.threads);

  const Int8BuildContext context{graph, *m_graph, plan, state, m_codes};
  std::vector<int> layerOf(m_graph->nodes.size(), -1);
  for (size_t i = 0; i < plan.layers.size(); ++i)
    layerOf.at(static_cast<size_t>(plan.layers[i].node)) = static_cast<int>(i);

  SlotPlanner planner(*m_graph);
  m_nodes.resize(m_graph->nodes.size());
  for (size_t i = 0; i < m_graph->nodes.size(); ++i) {
    const Node& node = m_graph->nodes[i];
    Int8NodeInfo& info = m_nodes[i];
    info.name = node.name;
    info.op = node.opType;
    if (info.backend == Int8Backend::Fused) continue;  // set when the node it is fused into was planned

    const int index = static_cast<int>(i);
    const OpKernel kernel = registry.find(node.domain, node.opType);
    Int8StepChoice choice = Int8StepChoice::refused("no integer kernel for " + node.opType);
    if (isDefaultDomain(node)) {
      if (layerOf[i] >= 0)
        choice = chooseLayerStep(context, static_cast<size_t>(layerOf[i]), options);
      else if (node.opType == "Add")
        choice = chooseAddStep(context, index);
      else if (node.opType == "Relu" || node.opType == "Clip")
        choice = chooseClampStep(context, index);
      else if (node.opType == "AveragePool" || node.opType == "GlobalAveragePool")
        choice = choosePoolStep(context, index);
      else if (movesCodes(node.opType))
        choice = chooseCodeStep(context, index, kernel);
    }
    if (choice.step) {
      info.backend = Int8Backend::Int8;
      info.detail = choice.detail;
    } else {
      info.backend = Int8Backend::Float;
      info.detail = choice.detail;
      choice = makeFloatStep(context, index, kernel);
    }
    if (choice.fusedNode >= 0) {
      Int8NodeInfo& fused = m_nodes.at(static_cast<size_t>(choice.fusedNode));
      fused.backend = Int8Backend::Fused;
      fused.detail = "into " + node.opType + " node '" + node.name + "'";
    }

    Step step;
    step.step = std::move(choice.step);
    step.node = index;
    step.reportedNode = choice.fusedNode >= 0 ? choice.fusedNode : index;
    planner.addStep(node, choice.inputs, choice.outputs);
    m_steps.push_back(std::move(step));
  }
  SlotPlan slotPlan = std::move(planner).finish();
  for (size_t i = 0; i < m_steps.size(); ++i) m_steps[i].io = std::move(slotPlan.steps[i]);
  for (const std::string& name : slotPlan.names) {
    const auto codes = m_codes.find(name);
    m_slotCodes.push_back(codes == m_codes.end() ? std::nullopt : std::optional<ActivationCodes>(codes->second));
  }
  m_constantSlots = std::move(slotPlan.constants);
  m_inputSlots = std::move(slotPlan.inputSlots);
  m_outputSlots = std::move(slotPlan.outputSlots);
}

std::vector<Tensor> Int8Model::run(std::vector<Tensor> inputs, const ExecutionHooks* observer,
                                   Int8Profile* profile) const {
  if (inputs.size() != m_inputSlots.size())
    throw Error("the model has " + std::to_string(m_inputSlots.size()) + " input(s) but " +
                std::to_string(inputs.size()) + " were given");
  if (profile) profile->nodeSeconds.assign(m_graph->nodes.size(), 0.0);
  // Dequantized copies for the observer: what the fake-quant executor holds at the same point.
  auto observed = [this](const Tensor& value, int slot) {
    const auto& codes = m_slotCodes[static_cast<size_t>(slot)];
    return codes && value.dtype() == DataType::UInt8 ? dequantizeActivation(value, *codes) : value;
  };
  // What the observer handed back, stored again (quantizing dequantized codes gives the same codes).
  auto adopt = [this](Tensor value, int slot) {
    const auto& codes = m_slotCodes[static_cast<size_t>(slot)];
    return codes && value.dtype() == DataType::Float32 ? quantizeActivation(value, *codes) : value;
  };

  SlotValues tensors(m_constantSlots);
  Clock::time_point start = Clock::now();
  for (size_t i = 0; i < inputs.size(); ++i) {
    const int s = m_inputSlots[i];
    const std::optional<ActivationCodes>& codes = m_slotCodes[static_cast<size_t>(s)];
    const std::string& name = m_graph->inputs[i].name;
    if (codes && inputs[i].dtype() != DataType::Float32)
      throw Error("input '" + name + "' must be float32 but a " + std::string(dataTypeName(inputs[i].dtype())) +
                  " tensor was given");
    Tensor& input = tensors.store(s, codes ? quantizeActivation(inputs[i], *codes) : std::move(inputs[i]));
    if (observer && observer->onGraphInput) {
      Tensor copy = observed(input, s);
      observer->onGraphInput(name, copy);
      input = adopt(std::move(copy), s);
    }
  }
  if (profile) profile->inputSeconds = secondsSince(start);

  std::vector<const Tensor*> stepInputs;
  std::vector<Tensor> stepOutputs;
  for (const Step& step : m_steps) {
    start = Clock::now();
    const Node& node = m_graph->nodes[static_cast<size_t>(step.node)];
    stepInputs.clear();
    for (int s : step.io.inputs) stepInputs.push_back(s >= 0 ? tensors.value(s) : nullptr);
    stepOutputs.assign(step.io.outputs.size(), Tensor());
    Int8StepContext context{stepInputs, stepOutputs, m_pool.get()};
    try {
      step.step->run(context);
    } catch (Error& e) {
      if (e.message().find(node.name) == std::string::npos) e.addContext("in " + node.label());
      throw;
    }
    for (size_t o = 0; o < step.io.outputs.size(); ++o) {
      const int s = step.io.outputs[o];
      if (s < 0) continue;
      if (stepOutputs[o].empty())
        throw Error(node.label() + ": the int8 step produced no value for output " + std::to_string(o),
                    ErrorKind::Internal);
      tensors.store(s, std::move(stepOutputs[o]));
    }
    tensors.release(step.io.freeAfter);
    if (profile) profile->nodeSeconds[static_cast<size_t>(step.node)] = secondsSince(start);
    if (observer && observer->afterNode) {
      std::vector<Tensor> copies;
      for (int s : step.io.outputs)
        copies.push_back(s >= 0 && tensors.value(s) ? observed(*tensors.value(s), s) : Tensor());
      observer->afterNode(m_graph->nodes[static_cast<size_t>(step.reportedNode)], copies);
      for (size_t o = 0; o < step.io.outputs.size(); ++o)
        if (const int s = step.io.outputs[o]; s >= 0 && !copies[o].empty())
          tensors.owned(s) = adopt(std::move(copies[o]), s);
    }
  }

  start = Clock::now();
  std::vector<Tensor> outputs;
  for (int s : m_outputSlots) {
    const auto slot = static_cast<size_t>(s);
    const Tensor& value = m_constantSlots[slot] ? *m_constantSlots[slot] : tensors.owned(s);
    outputs.push_back(m_slotCodes[slot] && value.dtype() == DataType::UInt8
                          ? dequantizeActivation(value, *m_slotCodes[slot])
                          : value);
  }
  if (profile) profile->outputSeconds = secondsSince(start);
  return outputs;
}

}  // namespace quantlens
