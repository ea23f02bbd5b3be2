// uint8 im2col from a padded copy: per patch row, one short copy per output row of the selection.
#include "kernels/im2col_u8.h"

#include <algorithm>
#include <cstring>

#include "kernels/small_copy.h"

namespace quantlens::kernels {

Im2colU8::Im2colU8(const WindowGeometry& g, int64_t channels) : m_geometry(g), m_channels(channels) {
  for (size_t a = 0; a < m_padded.size(); ++a) {
    // padBegin cells before the image, and after it as many as the last window reaches.
    const int64_t reach = (g.output[a] - 1) * g.stride[a] + (g.kernel[a] - 1) * g.dilation[a] + 1;
    m_padded[a] = std::max(g.padBegin[a] + g.input[a], reach);
  }
  m_paddedVolume = m_padded[0] * m_padded[1] * m_padded[2];
  m_rowOffsets.reserve(static_cast<size_t>(channels * g.kernelVolume()));
  for (int64_t c = 0; c < channels; ++c)
    for (int64_t kd = 0; kd < g.kernel[0]; ++kd)
      for (int64_t kh = 0; kh < g.kernel[1]; ++kh)
        for (int64_t kw = 0; kw < g.kernel[2]; ++kw)
          m_rowOffsets.push_back(c * m_paddedVolume +
                                 (kd * g.dilation[0] * m_padded[1] + kh * g.dilation[1]) * m_padded[2] +
                                 kw * g.dilation[2]);
}

void Im2colU8::pad(const uint8_t* image, uint8_t padValue, uint8_t* padded) const {
  const WindowGeometry& g = m_geometry;
  std::memset(padded, padValue, static_cast<size_t>(paddedSize()));
  for (int64_t c = 0; c < m_channels; ++c)
    for (int64_t z = 0; z < g.input[0]; ++z)
      for (int64_t y = 0; y < g.input[1]; ++y)
        std::memcpy(padded + c * m_paddedVolume +
                        ((z + g.padBegin[0]) * m_padded[1] + y + g.padBegin[1]) * m_padded[2] + g.padBegin[2],
                    image + ((c * g.input[0] + z) * g.input[1] + y) * g.input[2], static_cast<size_t>(g.input[2]));
}

void Im2colU8::selectColumns(int64_t first, int64_t count) {
  const WindowGeometry& g = m_geometry;
  const int64_t outH = g.output[1], outW = g.output[2];
  int64_t ow = first % outW, oh = (first / outW) % outH, od = first / (outW * outH);
  m_runs.clear();
  for (int64_t done = 0; done < count;) {
    const int64_t length = std::min(count - done, outW - ow);
    // Position (od, oh, ow) reads padded cell (od·sD, oh·sH, ow·sW) plus the tap's offset.
    m_runs.push_back({(od * g.stride[0] * m_padded[1] + oh * g.stride[1]) * m_padded[2] + ow * g.stride[2], done,
                      length});
    done += length;
    ow = 0;
    if (++oh == outH) {
      oh = 0;
      ++od;
    }
  }
}

void Im2colU8::row(const uint8_t* padded, int64_t row, uint8_t* dst) const {
  const uint8_t* origin = padded + m_rowOffsets[static_cast<size_t>(row)];
  const int64_t strideW = m_geometry.stride[2];
  for (const Run& run : m_runs) {
    const uint8_t* src = origin + run.source;
    if (strideW == 1) {
      copySmall(dst + run.destination, src, run.length);
    } else {
      for (int64_t i = 0; i < run.length; ++i) dst[run.destination + i] = src[i * strideW];
    }
  }
}

}  // namespace quantlens::kernels
