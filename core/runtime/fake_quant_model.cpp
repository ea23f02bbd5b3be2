// The fake-quant executor: dequantized weights in a copy of the graph, activation fake
// quantization applied by execution hooks as each tensor is produced.
#include "core/runtime/fake_quant_model.h"

#include "core/error.h"
#include "core/quant/activation_quantization.h"
#include "core/quant/quantize.h"

namespace quantlens {
namespace {

using QParamsMap = std::map<std::string, QParams>;

// quantize→dequantize in place when `name` carries activation qparams.
void fakeQuantizeActivation(const QParamsMap& qparams, const std::string& name, Tensor& value) {
  const auto found = qparams.find(name);
  if (found == qparams.end()) return;
  if (value.dtype() != DataType::Float32)
    throw Error("activation '" + name + "' is " + std::string(dataTypeName(value.dtype())) +
                    "; only float32 activations are fake-quantized",
                ErrorKind::Internal);
  const std::span<float> values = value.values<float>();
  fakeQuantize(values, value.shape(), found->second, values);
}

// The layers (indices into plan.layers) the selection applies, validated against the plan.
std::vector<size_t> selectedLayers(const QuantPlan& plan, const QuantState& state, const FakeQuantSelection& selection) {
  if (state.layers.size() != plan.layers.size())
    throw Error("the quantization state has " + std::to_string(state.layers.size()) + " layers but the plan has " +
                    std::to_string(plan.layers.size()),
                ErrorKind::Internal);
  for (const std::string& name : selection.layers)
    if (!selection.all && !plan.findLayer(name))
      throw Error("layer '" + name + "' selected for fake quantization is not a quantized layer of the model");
  std::vector<size_t> layers;
  for (size_t i = 0; i < plan.layers.size(); ++i)
    if (state.layers[i].quantized && (selection.all || selection.layers.count(plan.layers[i].name)))
      layers.push_back(i);
  return layers;
}

// Activations to fake-quantize: all of the state's, or the groups (source and sharers) of the
// selected layers' inputs and outputs.
QParamsMap selectedActivations(const QuantPlan& plan, const QuantState& state, const FakeQuantSelection& selection,
                               const std::vector<size_t>& layers) {
  QParamsMap selected;
  if (selection.all) {
    for (const auto& [tensor, activation] : state.activations) selected.emplace(tensor, activation.qparams);
    return selected;
  }
  std::set<std::string> groups;
  for (size_t i : layers) {
    groups.insert(qparamsSource(plan, plan.layers[i].input));
    groups.insert(qparamsSource(plan, plan.layers[i].output));
  }
  for (const auto& [tensor, activation] : state.activations)
    if (groups.count(qparamsSource(plan, tensor))) selected.emplace(tensor, activation.qparams);
  return selected;
}

}  // namespace

FakeQuantModel::FakeQuantModel(const Graph& graph, const QuantPlan& plan, const QuantState& state,
                               FakeQuantSelection selection)
    : m_graph(std::make_unique<Graph>(graph)) {
  const std::vector<size_t> layers = selectedLayers(plan, state, selection);
  for (size_t i : layers) {
    const QuantizedLayer& layer = plan.layers[i];
    const LayerQuant& quant = state.layers[i];
    if (quant.weight) m_graph->initializers[layer.weight] = quant.weight->dequantized;
    if (quant.dequantizedBias) m_graph->initializers[layer.bias] = *quant.dequantizedBias;
  }
  const auto qparams = std::make_shared<const QParamsMap>(selectedActivations(plan, state, selection, layers));
  m_activationQParams = qparams;
  m_executor = std::make_unique<Executor>(*m_graph);
  m_hooks.onGraphInput = [qparams](const std::string& name, Tensor& value) {
    fakeQuantizeActivation(*qparams, name, value);
  };
  m_hooks.afterNode = [qparams](const Node& node, std::span<Tensor> outputs) {
    for (size_t i = 0; i < outputs.size() && i < node.outputs.size(); ++i)
      fakeQuantizeActivation(*qparams, node.outputs[i], outputs[i]);
  };
}

std::vector<Tensor> FakeQuantModel::run(std::vector<Tensor> inputs, const ExecutionHooks* observer) const {
  if (!observer) return m_executor->run(std::move(inputs), &m_hooks);
  // Fake quantization first, so the observer sees what the quantized model computes.
  ExecutionHooks chained;
  chained.onGraphInput = [&](const std::string& name, Tensor& value) {
    m_hooks.onGraphInput(name, value);
    if (observer->onGraphInput) observer->onGraphInput(name, value);
  };
  chained.afterNode = [&](const Node& node, std::span<Tensor> outputs) {
    m_hooks.afterNode(node, outputs);
    if (observer->afterNode) observer->afterNode(node, outputs);
  };
  return m_executor->run(std::move(inputs), &chained);
}

}  // namespace quantlens
