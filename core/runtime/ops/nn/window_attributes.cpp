// Window attribute parsing and the ONNX output-extent rules for sliding windows.
#include "core/runtime/ops/nn/window_attributes.h"

#include <algorithm>

#include "core/runtime/ops/nn/op_checks.h"

namespace quantlens::nn {
namespace {

std::vector<int64_t> readAxisList(const OpContext& context, const char* name, size_t count, int64_t fallback,
                                  int64_t minimum) {
  const auto& attributes = context.attributes();
  if (!attributes.has(name)) return std::vector<int64_t>(count, fallback);
  std::vector<int64_t> values = attributes.getInts(name);
  if (values.size() != count)
    throw context.error(std::string(name) + " " + listToString(values) + " has " +
                        std::to_string(values.size()) + " values but " + std::to_string(count) +
                        " are needed for this input");
  for (int64_t v : values)
    if (v < minimum)
      throw context.error(std::string(name) + " " + listToString(values) + " must be at least " +
                          std::to_string(minimum) + " everywhere");
  return values;
}

AutoPad parseAutoPad(const OpContext& context) {
  const std::string text = context.attributes().getString("auto_pad", "NOTSET");
  if (text == "NOTSET" || text.empty()) return AutoPad::NotSet;
  if (text == "SAME_UPPER") return AutoPad::SameUpper;
  if (text == "SAME_LOWER") return AutoPad::SameLower;
  if (text == "VALID") return AutoPad::Valid;
  throw context.error("auto_pad '" + text + "' is not one of NOTSET, SAME_UPPER, SAME_LOWER, VALID");
}

}  // namespace

WindowAttributes readWindowAttributes(const OpContext& context, int64_t spatialRank,
                                      const std::vector<int64_t>& weightKernel) {
  const auto rank = static_cast<size_t>(spatialRank);
  WindowAttributes a;
  if (context.attributes().has("kernel_shape")) {
    a.kernel = readAxisList(context, "kernel_shape", rank, 1, 1);
    if (!weightKernel.empty() && a.kernel != weightKernel)
      throw context.error("kernel_shape " + listToString(a.kernel) +
                          " does not match the weight's spatial shape " + listToString(weightKernel));
  } else if (!weightKernel.empty()) {
    a.kernel = weightKernel;
  } else {
    throw context.error("attribute kernel_shape is required");
  }
  a.strides = readAxisList(context, "strides", rank, 1, 1);
  a.dilations = readAxisList(context, "dilations", rank, 1, 1);
  a.pads = readAxisList(context, "pads", 2 * rank, 0, 0);
  a.autoPad = parseAutoPad(context);
  const int64_t ceilMode = context.attributes().getInt("ceil_mode", 0);
  if (ceilMode != 0 && ceilMode != 1)
    throw context.error("ceil_mode " + std::to_string(ceilMode) + " must be 0 or 1");
  a.ceilMode = ceilMode == 1;
  return a;
}

kernels::WindowGeometry slidingWindowGeometry(const OpContext& context, const WindowAttributes& a,
                                              const std::vector<int64_t>& inputExtents) {
  const size_t rank = inputExtents.size();
  std::vector<int64_t> output(rank), padBegin(rank), padEnd(rank);
  for (size_t i = 0; i < rank; ++i) {
    const int64_t in = inputExtents[i], s = a.strides[i];
    const int64_t extent = (a.kernel[i] - 1) * a.dilations[i] + 1;  // receptive field of one window
    if (a.autoPad == AutoPad::SameUpper || a.autoPad == AutoPad::SameLower) {
      output[i] = (in + s - 1) / s;
      const int64_t total = std::max<int64_t>(0, (output[i] - 1) * s + extent - in);
      padBegin[i] = a.autoPad == AutoPad::SameUpper ? total / 2 : total - total / 2;
      padEnd[i] = total - padBegin[i];
      continue;
    }
    if (a.autoPad == AutoPad::Valid) {
      padBegin[i] = padEnd[i] = 0;
    } else {
      padBegin[i] = a.pads[i];
      padEnd[i] = a.pads[i + rank];
    }
    const int64_t span = in + padBegin[i] + padEnd[i] - extent;
    if (span < 0)
      throw context.error("the window spans " + std::to_string(extent) + " cells along spatial axis " +
                          std::to_string(i) + " but the padded input has only " +
                          std::to_string(in + padBegin[i] + padEnd[i]));
    output[i] = (a.ceilMode ? (span + s - 1) / s : span / s) + 1;
    if (a.ceilMode && (output[i] - 1) * s >= in + padBegin[i]) --output[i];
  }
  kernels::WindowGeometry g;
  g.input = toExtents3(inputExtents, 1);
  g.output = toExtents3(output, 1);
  g.kernel = toExtents3(a.kernel, 1);
  g.stride = toExtents3(a.strides, 1);
  g.dilation = toExtents3(a.dilations, 1);
  g.padBegin = toExtents3(padBegin, 0);
  g.padEnd = toExtents3(padEnd, 0);
  return g;
}

kernels::Extents3 toExtents3(const std::vector<int64_t>& values, int64_t fill) {
  kernels::Extents3 extents{fill, fill, fill};
  const size_t offset = extents.size() - values.size();
  for (size_t i = 0; i < values.size(); ++i) extents[offset + i] = values[i];
  return extents;
}

Shape nchwShape(int64_t batch, int64_t channels, const kernels::Extents3& extents, int64_t spatialRank) {
  Shape shape{batch, channels};
  for (auto i = static_cast<size_t>(kernels::kMaxSpatialRank - spatialRank); i < extents.size(); ++i)
    shape.push_back(extents[i]);
  return shape;
}

}  // namespace quantlens::nn
