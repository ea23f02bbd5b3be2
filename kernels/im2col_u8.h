// im2col for uint8 images: a zero-point-padded copy of the image, then patch rows copied run by run.
#pragma once

#include <cstdint>
#include <vector>

#include "kernels/window_geometry.h"

namespace quantlens::kernels {

// Patch rows of `channels` images for window geometry g, row = ((c·kD + kd)·kH + kh)·kW + kw:
//   row[j] = image[c][od·sD − pD + kd·dD][oh·sH − pH + kh·dH][ow·sW − pW + kw·dW]
// for the selected window positions j in (od, oh, ow) order. The image is first copied into a
// buffer padded so every tap lies inside (padding holds padValue — for a quantized convolution the
// input zero point, the quantized 0); then a row is a few copies, one per output row the selected
// positions touch, with no bounds checks and no divisions: the source offsets of those runs are
// computed once per selection and the offset of each patch row once per geometry.
class Im2colU8 {
public:
  Im2colU8(const WindowGeometry& g, int64_t channels);

  // Bytes of the padded copy of all channels.
  int64_t paddedSize() const { return m_channels * m_paddedVolume; }
  // Copies the channels' images (g.inputPlane() bytes each, back to back) into `padded`.
  void pad(const uint8_t* image, uint8_t padValue, uint8_t* padded) const;

  // Selects window positions [first, first + count) for row().
  void selectColumns(int64_t first, int64_t count);
  // Writes the selected positions of patch row `row` to dst (count bytes), reading `padded`.
  void row(const uint8_t* padded, int64_t row, uint8_t* dst) const;

private:
  struct Run {
    int64_t source;       // padded offset of the run's first position, for tap (0, 0, 0) of channel 0
    int64_t destination;  // its index among the selected positions
    int64_t length;
  };

  WindowGeometry m_geometry;
  int64_t m_channels;
  Extents3 m_padded;
  int64_t m_paddedVolume;
  std::vector<int64_t> m_rowOffsets;  // per patch row: offset of its tap and channel in the padded copy
  std::vector<Run> m_runs;
};

}  // namespace quantlens::kernels
