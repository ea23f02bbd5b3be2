// Placing fake quantizers from the PTQ plan and state, and reading the trained state back.
#include "core/train/qat_model.h"

#include <cassert>

#include "core/error.h"
#include "core/quant/weight_quantization.h"

namespace quantlens {

QatModel::QatModel(Graph graph, QuantPlan plan, QuantState ptq, QatModelOptions options)
    : m_plan(std::move(plan)), m_ptq(std::move(ptq)) {
  assert(m_ptq.layers.size() == m_plan.layers.size() && "the state was derived for this plan");
  m_training = std::make_unique<TrainingGraph>(std::move(graph));
  for (size_t i = 0; i < m_plan.layers.size(); ++i) {
    const LayerQuant& layer = m_ptq.layers[i];
    if (!layer.quantized || !layer.weight) {
      m_weightQuantizers.emplace_back();
      continue;
    }
    auto quantizer = std::make_unique<FakeQuantizer>(layer.weight->qparams.scheme, options.weightAveragingConstant);
    quantizer->initialize(layer.weight->ranges, layer.weight->qparams);
    m_training->setQuantizer(m_plan.layers[i].weight, quantizer.get());
    m_weightQuantizers.push_back(std::move(quantizer));
  }
  if (!m_ptq.config.activationScheme) return;
  for (const QuantizedActivation& activation : m_plan.activations) {
    auto state = m_ptq.activations.find(activation.tensor);
    if (state == m_ptq.activations.end() || !activation.observed()) continue;
    auto quantizer = std::make_unique<FakeQuantizer>(state->second.qparams.scheme, options.activationAveragingConstant);
    const ClipRange clip[] = {state->second.clip};
    quantizer->initialize(clip, state->second.qparams);
    m_training->setQuantizer(activation.tensor, quantizer.get());
    m_activationQuantizers.emplace(activation.tensor, std::move(quantizer));
  }
  for (const QuantizedActivation& activation : m_plan.activations) {
    if (activation.observed() || !m_ptq.activations.count(activation.tensor)) continue;
    auto source = m_activationQuantizers.find(activation.sharesQParamsWith);
    if (source == m_activationQuantizers.end()) continue;
    m_shared.push_back(std::make_unique<SharedFakeQuantizer>(*source->second));
    m_training->setQuantizer(activation.tensor, m_shared.back().get());
  }
}

void QatModel::setObserversEnabled(bool enabled) {
  m_observersEnabled = enabled;
  for (auto& quantizer : m_weightQuantizers)
    if (quantizer) quantizer->setObserverEnabled(enabled);
  for (auto& [tensor, quantizer] : m_activationQuantizers) quantizer->setObserverEnabled(enabled);
}

size_t QatModel::weightQuantizerCount() const {
  size_t count = 0;
  for (const auto& quantizer : m_weightQuantizers) count += quantizer != nullptr;
  return count;
}

QuantState QatModel::quantState() const {
  QuantState state = m_ptq;
  for (auto& [tensor, activation] : state.activations) {
    const QuantizedActivation* planned = m_plan.findActivation(tensor);
    const std::string& source = planned && !planned->observed() ? planned->sharesQParamsWith : tensor;
    auto quantizer = m_activationQuantizers.find(source);
    if (quantizer == m_activationQuantizers.end()) continue;
    activation.qparams = quantizer->second->qparams();
    activation.clip = quantizer->second->ranges().at(0);
  }
  const Graph& trained = graph();
  for (size_t i = 0; i < m_plan.layers.size(); ++i) {
    const FakeQuantizer* quantizer = m_weightQuantizers[i].get();
    if (!quantizer) continue;
    const QuantizedLayer& planned = m_plan.layers[i];
    LayerQuant& layer = state.layers[i];
    WeightQuant& weight = *layer.weight;
    weight.qparams = quantizer->qparams();
    weight.ranges = quantizer->ranges();
    weight.dequantized = fakeQuantizeAndCompare(*trained.initializer(planned.weight), weight.qparams, weight.error);
    if (layer.dequantizedBias && !planned.bias.empty()) {
      const float inputScale = state.activations.at(planned.input).qparams.scales.at(0);
      layer.dequantizedBias = fakeQuantizeBias(*trained.initializer(planned.bias), inputScale, weight.qparams.scales);
    }
  }
  return state;
}

}  // namespace quantlens
