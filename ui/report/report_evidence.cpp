// Report evidence.
#include "ui/report/report_evidence.h"

#include <algorithm>
#include <cmath>

#include "core/error.h"
#include "core/quant/activation_quantization.h"
#include "core/quant/quant_dtype.h"
#include "ui/plots/channel_ranges.h"

namespace quantlens::ui {
namespace {

// The weights re-derived under `weightScheme` (no model run: weights and cached statistics only);
// nullopt when the scheme does not apply to this configuration.
std::optional<QuantState> rederive(const ReportInput& input, const QuantScheme& weightScheme) {
  QuantConfig config = input.state->config;
  if (config.weightScheme == weightScheme) return *input.state;
  config.weightScheme = weightScheme;
  try {
    return deriveQuantization(*input.graph, *input.plan, *input.calibration, config);
  } catch (const Error&) {
    return std::nullopt;
  }
}

std::optional<double> weightSqnr(const std::optional<QuantState>& state, size_t layer) {
  if (!state || !state->layers[layer].weight) return std::nullopt;
  return state->layers[layer].weight->error.sqnrDb;
}

std::optional<double> finite(double value) { return std::isnan(value) ? std::nullopt : std::optional(value); }

double rankKey(const ReportLayer& layer) {
  // Lower is worse; layers without measurements go last.
  if (layer.evidence.accumulatedSqnrDb) return *layer.evidence.accumulatedSqnrDb;
  if (layer.evidence.weightSqnrDb) return 1e6 + *layer.evidence.weightSqnrDb;
  return 1e9;
}

}  // namespace

ReportEvidence gatherEvidence(const ReportInput& input) {
  const QuantConfig& config = input.state->config;
  QuantScheme perTensor = config.weightScheme;
  perTensor.granularity = Granularity::perTensor();
  QuantScheme perChannel = config.weightScheme;
  perChannel.granularity = Granularity::perChannel();
  const std::optional<QuantState> perTensorState = rederive(input, perTensor);
  const std::optional<QuantState> perChannelState = rederive(input, perChannel);
  std::optional<QuantState> int4State;
  if (isIntegerDtype(config.weightScheme.dtype) && config.weightScheme.bits > 4)
    int4State = rederive(input, QuantScheme::make(parseQuantDtype("int4"), config.weightScheme.symmetric,
                                                  config.weightScheme.granularity, config.weightScheme.reference));

  ReportEvidence result;
  if (input.accuracy) {
    result.model.fp32Top1 = input.accuracy->fp32.score.top1();
    result.model.quantizedTop1 = input.accuracy->quantized.score.top1();
    result.model.agreement = input.accuracy->agreement;
  }
  if (input.int8) result.model.int8AgreementWithQuantized = input.int8AgreementWithQuantized;
  for (const ObserverComparisonRow& row : input.observerComparison)
    if (row.error.empty())
      result.model.observers.push_back(
          {std::string(observerKindName(row.observer)), row.configured, row.top1, row.meanLayerSqnrDb});

  for (size_t i = 0; i < input.plan->layers.size(); ++i) {
    const QuantizedLayer& planned = input.plan->layers[i];
    const LayerQuant& quant = input.state->layers[i];
    ReportLayer layer;
    layer.index = i;
    LayerEvidence& e = layer.evidence;
    e.layer = planned.name;
    for (const LayerActivationError& error : input.layerErrors)
      if (error.layer == planned.name) layer.error = &error;
    if (layer.error) {
      e.isolatedSqnrDb = finite(layer.error->isolated.sqnrDb);
      e.accumulatedSqnrDb = finite(layer.error->accumulated.sqnrDb);
    }
    const Tensor* weight = input.graph->initializer(planned.weight);
    if (quant.weight && weight) {
      e.weightSqnrDb = finite(quant.weight->error.sqnrDb);
      const ChannelRanges ranges = channelRanges(*weight, planned.channelAxis, quant.weight->qparams);
      e.channelRangeSpread = rangeSpread(ranges.weight);
      e.perTensorWeightSqnrDb = weightSqnr(perTensorState, i);
      e.perChannelWeightSqnrDb = weightSqnr(perChannelState, i);
      e.perChannelConfigured = quant.weight->qparams.scheme.granularity.kind == GranularityKind::PerChannel;
      e.int4WeightSqnrDb = weightSqnr(int4State, i);
    }
    if (const auto activation = input.state->activations.find(planned.output);
        activation != input.state->activations.end()) {
      layer.activation = &activation->second;
      e.activationObserver = std::string(observerKindName(config.activationObserver.kind));
      const double clipWidth = activation->second.clip.max - activation->second.clip.min;
      const double observedWidth = activation->second.observed.max - activation->second.observed.min;
      if (clipWidth > 0.0 && activation->second.observed.observed()) e.minMaxToClipRatio = observedWidth / clipWidth;
    }
    const auto statistics = input.calibration->statistics.find(qparamsSource(*input.plan, planned.output));
    if (statistics != input.calibration->statistics.end()) {
      layer.clipLines = observerClipLines(statistics->second, config);
      if (layer.activation)
        for (const ObserverClipLine& line : layer.clipLines)
          if (line.kind == config.activationObserver.kind) e.activationClipFraction = line.clippedFraction;
    }
    result.layers.push_back(std::move(layer));
  }
  std::vector<LayerEvidence> evidence;
  for (const ReportLayer& layer : result.layers) evidence.push_back(layer.evidence);
  result.findings = deriveFindings(result.model, evidence);
  std::stable_sort(result.layers.begin(), result.layers.end(),
                   [](const ReportLayer& a, const ReportLayer& b) { return rankKey(a) < rankKey(b); });
  return result;
}

}  // namespace quantlens::ui
