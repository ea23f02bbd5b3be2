// Findings: rules over measured evidence.
#include "core/analysis/findings.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

namespace quantlens {
namespace {

std::string format(const char* pattern, double value) {
  char text[64];
  std::snprintf(text, sizeof text, pattern, value);
  return text;
}

std::string db(double value) { return format("%.1f dB", value); }
std::string times(double value) { return format(value >= 10.0 ? "%.0f×" : "%.1f×", value); }
std::string percent(double fraction, const char* pattern = "%.2f %%") { return format(pattern, 100.0 * fraction); }

void perChannel(const LayerEvidence& e, const FindingThresholds& t, std::vector<Finding>& out) {
  if (!e.channelRangeSpread || *e.channelRangeSpread < t.channelSpread) return;
  if (!e.perTensorWeightSqnrDb || !e.perChannelWeightSqnrDb) return;
  const double loss = *e.perChannelWeightSqnrDb - *e.perTensorWeightSqnrDb;
  // A narrow channel on a grid sized for the widest uses spread× fewer levels: log2(spread) bits.
  std::string evidence = "output-channel weight ranges differ " + times(*e.channelRangeSpread) + " (≈" +
                         format("%.1f", std::log2(*e.channelRangeSpread)) + " bits lost on the narrowest channel); " +
                         "weight SQNR per-tensor " + db(*e.perTensorWeightSqnrDb) + " vs per-channel " +
                         db(*e.perChannelWeightSqnrDb);
  const bool costly = loss >= t.perTensorLossDb;
  if (costly && e.perChannelConfigured) {
    // Already per-channel: worth knowing before anyone switches to per-tensor for a runtime's sake.
    out.push_back({Finding::Severity::Info, e.layer, "per-channel weights needed", std::move(evidence),
                   "keep per-channel weights for this layer; per-tensor costs " + db(loss)});
    return;
  }
  out.push_back({costly ? Finding::Severity::Warning : Finding::Severity::Info, e.layer,
                 costly ? "per-channel weights recommended" : "channel ranges differ, per-channel helps little",
                 std::move(evidence),
                 costly ? "quantize this layer's weights per-channel (--granularity per-channel)"
                        : "per-tensor is acceptable here"});
}

void sensitive(const LayerEvidence& e, const FindingThresholds& t, std::vector<Finding>& out) {
  if (!e.isolatedSqnrDb || *e.isolatedSqnrDb >= t.sensitiveIsolatedDb) return;
  std::string evidence = "output SQNR " + db(*e.isolatedSqnrDb) + " with only this layer quantized (threshold " +
                         db(t.sensitiveIsolatedDb) + ")";
  if (e.weightSqnrDb) evidence += "; weight SQNR " + db(*e.weightSqnrDb);
  if (e.accumulatedSqnrDb) evidence += "; " + db(*e.accumulatedSqnrDb) + " with every layer up to here quantized";
  out.push_back({Finding::Severity::Problem, e.layer, "sensitive layer", std::move(evidence),
                 "keep this layer in higher precision (a layer-table override) or try another activation observer"});
}

void clipping(const LayerEvidence& e, const FindingThresholds& t, std::vector<Finding>& out) {
  if (e.activationClipFraction && *e.activationClipFraction >= t.clipFraction) {
    out.push_back({Finding::Severity::Warning, e.layer, "activation clipping",
                   "the " + e.activationObserver + " observer clips " + percent(*e.activationClipFraction, "%.3f %%") +
                       " of the calibration values of the output",
                   "compare observers on this activation; a wider range (minmax, percentile 99.999) clips less"});
  }
  if (e.minMaxToClipRatio && *e.minMaxToClipRatio >= t.tailRatio) {
    out.push_back({Finding::Severity::Info, e.layer, "long activation tail",
                   "the min/max range is " + times(*e.minMaxToClipRatio) + " the " + e.activationObserver +
                       " clip range: a minmax observer would spend " + format("%.1f", std::log2(*e.minMaxToClipRatio)) +
                       " bits of resolution on rare outliers",
                   "keep a clipping observer (histogram, percentile, entropy or mse) for this activation"});
  }
}

void int4Cost(const LayerEvidence& e, const FindingThresholds& t, std::vector<Finding>& out) {
  if (!e.int4WeightSqnrDb || *e.int4WeightSqnrDb >= t.int4WeightDb) return;
  std::string evidence = "int4 weight SQNR " + db(*e.int4WeightSqnrDb);
  if (e.weightSqnrDb) evidence += " vs " + db(*e.weightSqnrDb) + " as configured (" +
                                  db(*e.weightSqnrDb - *e.int4WeightSqnrDb) + " lost)";
  out.push_back({Finding::Severity::Info, e.layer, "int4 weights costly", std::move(evidence),
                 "keep 8-bit weights here if the model is taken to int4 (or use per-group scales)"});
}

void accuracy(const ModelEvidence& m, const FindingThresholds& t, std::vector<Finding>& out) {
  if (m.fp32Top1 && m.quantizedTop1) {
    const double dropPp = 100.0 * (*m.fp32Top1 - *m.quantizedTop1);
    std::string evidence = "top-1 FP32 " + percent(*m.fp32Top1) + ", quantized " + percent(*m.quantizedTop1) + " (" +
                           format("%+.2f pp", -dropPp) + ")";
    if (m.agreement) evidence += "; same prediction as FP32 on " + percent(*m.agreement);
    const bool drop = dropPp >= t.accuracyDropPp;
    out.push_back({drop ? Finding::Severity::Problem : Finding::Severity::Info, {},
                   drop ? "quantization costs accuracy" : "accuracy preserved", std::move(evidence),
                   drop ? "start with the sensitive layers below; QAT recovers what PTQ cannot"
                        : "this configuration can be deployed as is"});
  }
  if (m.int8AgreementWithQuantized && *m.int8AgreementWithQuantized < 0.99) {
    out.push_back({Finding::Severity::Warning, {}, "int8 executor differs from the simulation",
                   "the integer executor predicts the fake-quant model's class on " +
                       percent(*m.int8AgreementWithQuantized) + " of samples",
                   "compare per-layer outputs of the int8 and fake-quant executors"});
  }
}

void betterObserver(const ModelEvidence& m, const FindingThresholds& t, std::vector<Finding>& out) {
  const auto configured = std::find_if(m.observers.begin(), m.observers.end(),
                                       [](const ObserverOutcome& o) { return o.configured; });
  if (configured == m.observers.end()) return;
  // By top-1 when it was measured, else by the mean layer SQNR.
  const bool byTop1 = configured->top1.has_value();
  const auto score = [byTop1](const ObserverOutcome& o) { return byTop1 ? o.top1 : o.meanLayerSqnrDb; };
  if (!score(*configured)) return;
  const ObserverOutcome* best = nullptr;
  for (const ObserverOutcome& o : m.observers)
    if (!o.configured && score(o) && (!best || *score(o) > *score(*best))) best = &o;
  if (!best) return;
  const double gain = byTop1 ? 100.0 * (*best->top1 - *configured->top1)
                             : *best->meanLayerSqnrDb - *configured->meanLayerSqnrDb;
  if (gain < (byTop1 ? t.observerGainPp : t.observerGainDb)) return;
  std::string evidence;
  if (byTop1)
    evidence = "top-1 " + percent(*best->top1) + " with the " + best->observer + " observer vs " +
               percent(*configured->top1) + " with " + configured->observer + " (" + format("%+.2f pp", gain) + ")";
  if (best->meanLayerSqnrDb && configured->meanLayerSqnrDb)
    evidence += std::string(byTop1 ? "; " : "") + "mean layer SQNR " + db(*best->meanLayerSqnrDb) + " with " +
                best->observer + " vs " + db(*configured->meanLayerSqnrDb) + " with " + configured->observer;
  out.push_back({Finding::Severity::Warning, {}, "another activation observer does better", std::move(evidence),
                 "calibrate activations with --observer " + best->observer + " (the statistics are cached: "
                 "switching costs no model run)"});
}

}  // namespace

std::optional<double> rangeSpread(std::span<const ClipRange> ranges) {
  double widest = 0.0;
  double narrowest = std::numeric_limits<double>::infinity();
  int counted = 0;
  for (const ClipRange& range : ranges) {
    const double width = static_cast<double>(range.max) - static_cast<double>(range.min);
    if (!range.observed() || !(width > 0.0)) continue;
    widest = std::max(widest, width);
    narrowest = std::min(narrowest, width);
    ++counted;
  }
  if (counted < 2) return std::nullopt;
  return widest / narrowest;
}

std::vector<Finding> deriveFindings(const ModelEvidence& model, std::span<const LayerEvidence> layers,
                                    const FindingThresholds& thresholds) {
  std::vector<Finding> findings;
  accuracy(model, thresholds, findings);
  betterObserver(model, thresholds, findings);
  for (const LayerEvidence& layer : layers) {
    sensitive(layer, thresholds, findings);
    perChannel(layer, thresholds, findings);
    clipping(layer, thresholds, findings);
    int4Cost(layer, thresholds, findings);
  }
  std::stable_sort(findings.begin(), findings.end(),
                   [](const Finding& a, const Finding& b) { return a.severity < b.severity; });
  return findings;
}

const char* severityName(Finding::Severity severity) {
  switch (severity) {
    case Finding::Severity::Problem: return "problem";
    case Finding::Severity::Warning: return "warning";
    case Finding::Severity::Info: return "note";
  }
  return "note";
}

}  // namespace quantlens
