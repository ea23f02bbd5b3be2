// Which elements of a tensor share one scale and zero point: the whole tensor, one channel, or a group.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace quantlens {

enum class GranularityKind {
  PerTensor,   // one (scale, zero point)
  PerChannel,  // one per index of `axis` (ONNX per-axis, PyTorch per_channel_*)
  PerGroup,    // one per block of `groupSize` consecutive indices along `axis`, separately for every
               // index of the other axes (ONNX blocked quantization, opset 21; GPTQ/AWQ/NF4 groups)
};

struct Granularity {
  GranularityKind kind = GranularityKind::PerTensor;
  // Channel axis (PerChannel) or the blocked reduction axis (PerGroup); negative counts from the
  // back. The defaults suit Conv weights [O, I, kH, kW] (channels on 0, groups along I on 1); the
  // quantizer sets the axis each operator needs (e.g. ORT's MatMul per-channel axis 1).
  int64_t axis = 0;
  int64_t groupSize = 0;  // PerGroup only

  static Granularity perTensor() { return {}; }
  static Granularity perChannel(int64_t axis = 0) { return {GranularityKind::PerChannel, axis, 0}; }
  static Granularity perGroup(int64_t groupSize, int64_t axis = 1) {
    return {GranularityKind::PerGroup, axis, groupSize};
  }

  bool operator==(const Granularity&) const = default;
};

// Parses the CLI form: "per-tensor", "per-channel" or "per-group:G" with G a positive integer.
// Throws Error naming the value and the rule.
Granularity parseGranularity(std::string_view text);
// The CLI form again ("per-group:128"); the axis is not part of it.
std::string granularityName(const Granularity& granularity);

}  // namespace quantlens
