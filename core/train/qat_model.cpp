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
  m_weightQuantizers.resize(m_plan.layers.size());
  m_learnableWeights.resize(m_plan.layers.size());
  for (size_t i = 0; i < m_plan.layers.size(); ++i) {
    const LayerQuant& layer = m_ptq.layers[i];
    if (!layer.quantized || !layer.weight) continue;
    ValueQuantizer* placed = nullptr;
    if (options.learnable) {
      m_learnableWeights[i] = std::make_unique<LearnableFakeQuantizer>(layer.weight->qparams, options.lsqGradScaling);
      placed = m_learnableWeights[i].get();
    } else {
      m_weightQuantizers[i] =
          std::make_unique<FakeQuantizer>(layer.weight->qparams.scheme, options.weightAveragingConstant);
      m_weightQuantizers[i]->initialize(layer.weight->ranges, layer.weight->qparams);
      placed = m_weightQuantizers[i].get();
    }
    m_training->setQuantizer(m_plan.layers[i].weight, placed);
  }
  if (!m_ptq.config.activationScheme) return;
  for (const QuantizedActivation& activation : m_plan.activations) {
    auto state = m_ptq.activations.find(activation.tensor);
    if (state == m_ptq.activations.end() || !activation.observed()) continue;
    if (options.learnable) {
      auto quantizer = std::make_unique<LearnableFakeQuantizer>(state->second.qparams, options.lsqGradScaling);
      m_training->setQuantizer(activation.tensor, quantizer.get());
      m_learnableActivations.emplace(activation.tensor, std::move(quantizer));
      continue;
    }
    auto quantizer = std::make_unique<FakeQuantizer>(state->second.qparams.scheme, options.activationAveragingConstant);
    const ClipRange clip[] = {state->second.clip};
    quantizer->initialize(clip, state->second.qparams);
    m_training->setQuantizer(activation.tensor, quantizer.get());
    m_activationQuantizers.emplace(activation.tensor, std::move(quantizer));
  }
  for (const QuantizedActivation& activation : m_plan.activations) {
    if (activation.observed() || !m_ptq.activations.count(activation.tensor)) continue;
    if (auto source = m_activationQuantizers.find(activation.sharesQParamsWith); source != m_activationQuantizers.end())
      m_shared.push_back(std::make_unique<SharedFakeQuantizer>(*source->second));
    else if (auto learnable = m_learnableActivations.find(activation.sharesQParamsWith);
             learnable != m_learnableActivations.end())
      m_shared.push_back(learnable->second->makeSharer());
    else
      continue;
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
  for (size_t i = 0; i < m_plan.layers.size(); ++i) count += m_weightQuantizers[i] || m_learnableWeights[i];
  return count;
}

std::vector<ParameterRef> QatModel::quantizerParameters() {
  std::vector<ParameterRef> parameters;
  auto add = [&](const std::string& tensor, LearnableFakeQuantizer& quantizer) {
    parameters.push_back({tensor + "/scale", &quantizer.scale(), &quantizer.scaleGrad()});
    if (quantizer.learnsZeroPoint())
      parameters.push_back({tensor + "/zero_point", &quantizer.zeroPoint(), &quantizer.zeroPointGrad()});
  };
  for (size_t i = 0; i < m_plan.layers.size(); ++i)
    if (m_learnableWeights[i]) add(m_plan.layers[i].weight, *m_learnableWeights[i]);
  for (auto& [tensor, quantizer] : m_learnableActivations) add(tensor, *quantizer);
  return parameters;
}

QuantState QatModel::quantState() const {
  QuantState state = m_ptq;
  for (auto& [tensor, activation] : state.activations) {
    const QuantizedActivation* planned = m_plan.findActivation(tensor);
    const std::string& source = planned && !planned->observed() ? planned->sharesQParamsWith : tensor;
    if (auto q = m_activationQuantizers.find(source); q != m_activationQuantizers.end()) {
      activation.qparams = q->second->qparams();
      activation.clip = q->second->ranges().at(0);
    } else if (auto l = m_learnableActivations.find(source); l != m_learnableActivations.end()) {
      activation.qparams = l->second->qparams();
      activation.clip = l->second->ranges().at(0);
    }
  }
  const Graph& trained = graph();
  for (size_t i = 0; i < m_plan.layers.size(); ++i) {
    if (!m_weightQuantizers[i] && !m_learnableWeights[i]) continue;
    const QuantizedLayer& planned = m_plan.layers[i];
    LayerQuant& layer = state.layers[i];
    WeightQuant& weight = *layer.weight;
    weight.qparams = m_weightQuantizers[i] ? m_weightQuantizers[i]->qparams() : m_learnableWeights[i]->qparams();
    weight.ranges = m_weightQuantizers[i] ? m_weightQuantizers[i]->ranges() : m_learnableWeights[i]->ranges();
    weight.dequantized = fakeQuantizeAndCompare(*trained.initializer(planned.weight), weight.qparams, weight.error);
    if (layer.dequantizedBias && !planned.bias.empty()) {
      const float inputScale = state.activations.at(planned.input).qparams.scales.at(0);
      layer.dequantizedBias = fakeQuantizeBias(*trained.initializer(planned.bias), inputScale, weight.qparams.scales);
    }
  }
  return state;
}

}  // namespace quantlens
