// The window attributes of Conv, ConvTranspose and the pooling operators, read and checked once.
#pragma once

#include <vector>

#include "core/runtime/op_context.h"
#include "kernels/window_geometry.h"

namespace quantlens::nn {

enum class AutoPad { NotSet, SameUpper, SameLower, Valid };

struct WindowAttributes {
  std::vector<int64_t> kernel;     // one extent per spatial axis
  std::vector<int64_t> strides;    // default 1
  std::vector<int64_t> dilations;  // default 1
  std::vector<int64_t> pads;       // [x1_begin, x2_begin, ..., x1_end, x2_end], default 0
  AutoPad autoPad = AutoPad::NotSet;
  bool ceilMode = false;
};

// Reads kernel_shape, strides, dilations, pads, auto_pad and ceil_mode for `spatialRank` axes.
// `weightKernel` is the filter's spatial shape (Conv, ConvTranspose), which kernel_shape must match;
// pooling passes {} and then kernel_shape is required.
WindowAttributes readWindowAttributes(const OpContext& context, int64_t spatialRank,
                                      const std::vector<int64_t>& weightKernel = {});

// Geometry of a sliding window (Conv, pooling) over `inputExtents` (the spatial dims of X), with
// ONNX's output extents:
//   NOTSET:     out = floor-or-ceil((in + padBegin + padEnd − ((k − 1)·d + 1)) / s) + 1
//   SAME_*:     out = ceil(in / s), total pad = max(0, (out − 1)·s + (k − 1)·d + 1 − in), the odd
//               cell at the end (UPPER) or the beginning (LOWER)
//   VALID:      no padding.
// With ceil_mode a last window that would start inside the end padding is dropped (as PyTorch and
// the ONNX reference do): it would average or max nothing but padding.
kernels::WindowGeometry slidingWindowGeometry(const OpContext& context, const WindowAttributes& attributes,
                                              const std::vector<int64_t>& inputExtents);

// Spreads per-axis values of a 1-D..3-D problem into the kernels' 3-D extents (leading axes `fill`).
kernels::Extents3 toExtents3(const std::vector<int64_t>& values, int64_t fill);

// [batch, channels, extents of the last `spatialRank` axes]: the shape of an N-D image tensor.
Shape nchwShape(int64_t batch, int64_t channels, const kernels::Extents3& extents, int64_t spatialRank);

}  // namespace quantlens::nn
