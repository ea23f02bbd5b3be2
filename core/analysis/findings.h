// What the report concludes about a quantized model: findings derived from measured evidence (channel
// range spread, per-tensor and int4 weight SQNR, isolated output SQNR, observer clipping, accuracy, the
// observer comparison), each with the numbers that support it and what to do about it.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/quant/clip_range.h"

namespace quantlens {

// The measurements of one quantized layer that findings are derived from; absent = not measured.
struct LayerEvidence {
  std::string layer;
  std::optional<double> channelRangeSpread;     // rangeSpread of the FP32 weight's output channels
  std::optional<double> weightSqnrDb;           // weights as configured
  std::optional<double> perTensorWeightSqnrDb;  // the same weights with one scale for the tensor
  std::optional<double> perChannelWeightSqnrDb; // the same weights with one scale per output channel
  bool perChannelConfigured = false;            // the configuration already quantizes them per channel
  std::optional<double> int4WeightSqnrDb;       // the same weights as int4 (configured granularity)
  std::optional<double> isolatedSqnrDb;         // output SQNR with only this layer quantized
  std::optional<double> accumulatedSqnrDb;      // output SQNR with every layer up to here quantized
  std::string activationObserver;               // the active activation observer's CLI name
  std::optional<double> activationClipFraction; // of calibration values outside its clip range
  std::optional<double> minMaxToClipRatio;      // width of the min/max range over the chosen clip range
};

// One activation observer's result when every observer was measured (observer_comparison.h).
struct ObserverOutcome {
  std::string observer;  // CLI name
  bool configured = false;
  std::optional<double> top1;
  std::optional<double> meanLayerSqnrDb;  // mean accumulated output SQNR over layers
};

struct ModelEvidence {
  std::optional<double> fp32Top1;  // fractions in [0, 1]
  std::optional<double> quantizedTop1;
  std::optional<double> agreement;  // fake-quant vs FP32 argmax
  std::optional<double> int8AgreementWithQuantized;
  std::vector<ObserverOutcome> observers;  // empty when observers were not compared
};

// Where the rules draw their lines; the defaults are what the report uses.
struct FindingThresholds {
  double channelSpread = 10.0;       // max/min channel range: per-tensor wastes log2(spread) bits on narrow channels
  double perTensorLossDb = 6.0;      // one bit's worth of SQNR
  double sensitiveIsolatedDb = 25.0; // below this, one layer alone visibly moves the output
  double clipFraction = 1e-3;        // 0.1 % of activation values clipped
  double tailRatio = 4.0;            // min/max range ≥ 4× the clip range: two bits of resolution at stake
  double int4WeightDb = 20.0;        // int4 weights below this lose most of the layer's signal detail
  double accuracyDropPp = 1.0;       // percentage points of top-1
  double observerGainPp = 1.0;       // top-1 another observer gains over the configured one
  double observerGainDb = 3.0;       // mean layer SQNR gained, when top-1 was not measured (half a bit)
};

struct Finding {
  enum class Severity { Problem, Warning, Info };  // in the order a reader should see them
  Severity severity = Severity::Info;
  std::string layer;  // empty for the whole model
  std::string title;
  std::string evidence;
  std::string recommendation;
};

// max/min of the widths (max − min) of `ranges`; channels of zero width (all-equal weights) are left
// out. nullopt with fewer than two channels of non-zero width.
std::optional<double> rangeSpread(std::span<const ClipRange> ranges);

// The findings the evidence supports, problems first, then warnings, then notes; within each, in the
// order of `layers`.
std::vector<Finding> deriveFindings(const ModelEvidence& model, std::span<const LayerEvidence> layers,
                                    const FindingThresholds& thresholds = {});

const char* severityName(Finding::Severity severity);

}  // namespace quantlens
