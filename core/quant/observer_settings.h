// Which observer turns calibration statistics into clip ranges, and its parameters (CLI names too).
#pragma once

#include <string_view>

namespace quantlens {

enum class ObserverKind {
  MinMax,         // PyTorch MinMaxObserver / PerChannelMinMaxObserver
  MovingAverage,  // PyTorch MovingAverage(PerChannel)MinMaxObserver
  Histogram,      // PyTorch HistogramObserver: L2 search (_non_linear_param_search)
  Percentile,     // ONNX Runtime percentile calibration (compute_percentile)
  Entropy,        // ONNX Runtime entropy calibration (get_entropy_threshold), or TensorRT's
  Mse,            // QuantLens: clip range minimizing the expected quantization MSE
};

enum class EntropyVariant {
  OnnxRuntime,  // calibrate.py get_entropy_threshold on the collect_value histogram
  TensorRt,     // GTC 2017 slides: KL over the |x| histogram, threshold at a bin centre
};

// Everything an observer needs besides the statistics. The quantized grid is given as plain numbers
// (bits, symmetric, unsigned): the qparams code owns the dtype and scheme types.
struct ObserverSettings {
  ObserverKind kind = ObserverKind::Histogram;  // the CLI default for activations
  int bits = 8;             // histogram: dst_nbins = 2^bits; mse: 2^bits levels; TensorRT: 2^(bits-1+unsigned)
  bool symmetric = false;   // mse: search a symmetric range ±t instead of [a, b]
  bool isUnsigned = true;   // TensorRT entropy: 256 levels for unsigned 8-bit, 128 for signed
  bool perChannel = false;  // minmax and moving-average only: one range per channel of the statistics
  double averagingConstant = 0.01;   // moving-average, --averaging-constant
  double percentile = 99.99;         // percentile, --percentile
  bool percentileSymmetric = true;   // ORT create_calibrator's default: percentile of |x|
  EntropyVariant entropyVariant = EntropyVariant::OnnxRuntime;
  int entropyBins = 128;             // ORT: which collect_value histogram (its num_bins; 128 is ORT's default)
  int entropyQuantizedBins = 128;    // ORT num_quantized_bins

  bool operator==(const ObserverSettings&) const = default;
};

// CLI names: minmax, moving-average, histogram, percentile, entropy, mse. Throws Error naming the
// value and the accepted names.
ObserverKind parseObserverKind(std::string_view name);
// --weight-observer accepts only minmax and mse (weights are observed whole, without statistics).
ObserverKind parseWeightObserverKind(std::string_view name);
std::string_view observerKindName(ObserverKind kind);

// Throws Error naming the setting, its value and the rule (e.g. a percentile outside [0, 100]).
void validateObserverSettings(const ObserverSettings& settings);

}  // namespace quantlens
