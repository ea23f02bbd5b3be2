// Where a convolution or pooling window lands on an image: extents, strides, dilations and padding.
#pragma once

#include <array>
#include <cstdint>

namespace quantlens::kernels {

// Spatial problems of rank 1..3 are stored as 3-D (depth, height, width) with leading extents 1,
// so one code path serves 1-D, 2-D and 3-D windows.
inline constexpr int kMaxSpatialRank = 3;
using Extents3 = std::array<int64_t, 3>;

struct WindowGeometry {
  Extents3 input{1, 1, 1};   // image extents (D, H, W)
  Extents3 output{1, 1, 1};  // window positions along each axis
  Extents3 kernel{1, 1, 1};  // window taps along each axis
  Extents3 stride{1, 1, 1};
  Extents3 dilation{1, 1, 1};
  Extents3 padBegin{0, 0, 0};  // implicit cells before the image
  Extents3 padEnd{0, 0, 0};    // implicit cells after it (only averaging reads it, to count them)

  // Window o along axis a reads image cells o·stride − padBegin + k·dilation, k < kernel.
  int64_t inputPlane() const { return input[0] * input[1] * input[2]; }
  int64_t outputPlane() const { return output[0] * output[1] * output[2]; }
  int64_t kernelVolume() const { return kernel[0] * kernel[1] * kernel[2]; }
};

// The window positions o in [begin, end) whose tap at `offset` + o·stride lies in [0, extent):
// lets inner loops run without bounds checks.
struct ValidRange {
  int64_t begin;
  int64_t end;
};

inline ValidRange validRange(int64_t offset, int64_t stride, int64_t extent, int64_t positions) {
  // o·stride + offset >= 0  ⇔  o >= ceil(−offset / stride)
  int64_t begin = offset >= 0 ? 0 : (-offset + stride - 1) / stride;
  // o·stride + offset <= extent − 1  ⇔  o <= floor((extent − 1 − offset) / stride)
  const int64_t last = extent - 1 - offset;
  int64_t end = last < 0 ? 0 : last / stride + 1;
  if (end > positions) end = positions;
  if (begin > end) begin = end;
  return {begin, end};
}

}  // namespace quantlens::kernels
