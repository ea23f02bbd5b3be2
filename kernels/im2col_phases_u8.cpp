// Implicit uint8 im2col: the image written once as padded stride-phase planes, patch rows read in place.
#include "kernels/im2col_phases_u8.h"

#include <cstring>

#include "kernels/small_copy.h"

namespace quantlens::kernels {
namespace {

using Bytes16 = uint8_t __attribute__((vector_size(16)));

// The even bytes of 32: a vector shuffle GCC and Clang lower to pand + packuswb on baseline x86-64.
inline Bytes16 evenBytes(const uint8_t* src) {
  Bytes16 low, high;
  std::memcpy(&low, src, 16);
  std::memcpy(&high, src + 16, 16);
  return __builtin_shufflevector(low, high, 0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
}

// dst[x] = src[2x] for x < count, reading 32-byte blocks while they end by srcEnd, the rest one by
// one. A partial last block is stored whole with padValue past count: each byte past the row's image
// cells is a padding cell (which holds padValue anyway) or a cell of a later row, which fill() writes
// afterwards, as it writes rows in address order (and the planes have kWriteSlack bytes after them).
// Merging with the bytes there instead would load what the previous row's store just wrote, a
// store-forwarding stall. Rows of 7 to 56 bytes are too short for the compiler's own vectorization.
void gatherEven(uint8_t* dst, const uint8_t* src, int64_t count, const uint8_t* srcEnd, uint8_t padValue) {
  constexpr Bytes16 kLanes = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
  int64_t x = 0;
  for (; x < count && src + 2 * x + 32 <= srcEnd; x += 16) {
    Bytes16 even = evenBytes(src + 2 * x);
    if (count - x < 16) {
      const auto keep = reinterpret_cast<Bytes16>(kLanes < static_cast<uint8_t>(count - x));
      even = (even & keep) | (padValue & ~keep);
    }
    std::memcpy(dst + x, &even, 16);
  }
  for (; x < count; ++x) dst[x] = src[2 * x];
}

}  // namespace

Im2colPhasesU8::Im2colPhasesU8(const WindowGeometry& g, int64_t channels, int64_t columnMultiple)
    : m_geometry(g), m_channels(channels) {
  // Per axis and tap: the index of its phase among the stored ones, and its shift in the plane.
  std::vector<int64_t> tapPlane[3], tapShift[3];
  m_inPlace = true;
  for (size_t a = 0; a < 3; ++a) {
    const int64_t s = g.stride[a], d = g.dilation[a];
    // Position o + shift (o < output) of the plane is read; the largest shift is the last tap's.
    m_extent[a] = g.output[a] + (g.kernel[a] - 1) * d / s;
    std::vector<int64_t> indexOfPhase(static_cast<size_t>(s), -1);
    for (int64_t k = 0; k < g.kernel[a]; ++k) indexOfPhase[static_cast<size_t>(k * d % s)] = 0;
    for (int64_t p = 0; p < s; ++p)
      if (indexOfPhase[static_cast<size_t>(p)] == 0) {
        indexOfPhase[static_cast<size_t>(p)] = static_cast<int64_t>(m_phases[a].size());
        m_phases[a].push_back(p);
      }
    for (int64_t k = 0; k < g.kernel[a]; ++k) {
      tapPlane[a].push_back(indexOfPhase[static_cast<size_t>(k * d % s)]);
      tapShift[a].push_back(k * d / s);
    }
    m_inPlace = m_inPlace && s == 1 && g.padBegin[a] == 0 && m_extent[a] == g.input[a];
  }
  m_planeSize = m_extent[0] * m_extent[1] * m_extent[2];
  m_channelSize = m_planeSize * static_cast<int64_t>(m_phases[0].size() * m_phases[1].size() * m_phases[2].size());
  if (g.outputPlane() > 0)
    m_columns = ((g.output[0] - 1) * m_extent[1] + g.output[1] - 1) * m_extent[2] + g.output[2];
  if (!m_inPlace && columnMultiple > 1) {
    const int64_t rounded = (m_columns + columnMultiple - 1) / columnMultiple * columnMultiple;
    // Every patch row's last real column lies inside the planes, so its rounded run ends at most
    // (rounded − columns) bytes past them.
    m_slack = rounded - m_columns;
    m_columns = rounded;
  }

  const auto phasesH = static_cast<int64_t>(m_phases[1].size()), phasesW = static_cast<int64_t>(m_phases[2].size());
  m_rowOffsets.reserve(static_cast<size_t>(channels * g.kernelVolume()));
  for (int64_t c = 0; c < channels; ++c)
    for (size_t kd = 0; kd < tapPlane[0].size(); ++kd)
      for (size_t kh = 0; kh < tapPlane[1].size(); ++kh)
        for (size_t kw = 0; kw < tapPlane[2].size(); ++kw) {
          const int64_t plane = (tapPlane[0][kd] * phasesH + tapPlane[1][kh]) * phasesW + tapPlane[2][kw];
          const int64_t shift = (tapShift[0][kd] * m_extent[1] + tapShift[1][kh]) * m_extent[2] + tapShift[2][kw];
          m_rowOffsets.push_back(c * m_channelSize + plane * m_planeSize + shift);
        }
}

void Im2colPhasesU8::fill(const uint8_t* image, uint8_t padValue, uint8_t* planes, bool paddingWritten) const {
  const WindowGeometry& g = m_geometry;
  const int64_t width = m_extent[2], strideW = g.stride[2];
  // Padding everywhere first (one pass over a few kilobytes), then the image's cells over it.
  if (!paddingWritten) std::memset(planes, padValue, static_cast<size_t>(size()));
  const uint8_t* imageEnd = image + m_channels * g.inputPlane();
  uint8_t* plane = planes;
  for (int64_t c = 0; c < m_channels; ++c) {
    const uint8_t* channel = image + c * g.inputPlane();
    for (int64_t pd : m_phases[0])
      for (int64_t ph : m_phases[1])
        for (int64_t pw : m_phases[2]) {
          // Element x of a plane row reads image column x·sW + pw − padW: inside for x in [begin, end).
          const ValidRange columns = validRange(pw - g.padBegin[2], strideW, g.input[2], width);
          const ValidRange rows = validRange(ph - g.padBegin[1], g.stride[1], g.input[1], m_extent[1]);
          const ValidRange slices = validRange(pd - g.padBegin[0], g.stride[0], g.input[0], m_extent[0]);
          const int64_t count = columns.end - columns.begin;
          const int64_t firstColumn = columns.begin * strideW + pw - g.padBegin[2];
          const int64_t sourceStep = g.stride[1] * g.input[2];  // image bytes from one plane row to the next
          for (int64_t z = slices.begin; z < slices.end && count > 0; ++z) {
            const int64_t iz = z * g.stride[0] + pd - g.padBegin[0];
            const int64_t iy = rows.begin * g.stride[1] + ph - g.padBegin[1];
            const uint8_t* src = channel + (iz * g.input[1] + iy) * g.input[2] + firstColumn;
            uint8_t* dst = plane + (z * m_extent[1] + rows.begin) * width + columns.begin;
            const int64_t rowCount = rows.end - rows.begin;
            if (strideW == 1) {
              for (int64_t y = 0; y < rowCount; ++y, src += sourceStep, dst += width) copySmall(dst, src, count);
            } else if (strideW == 2) {
              for (int64_t y = 0; y < rowCount; ++y, src += sourceStep, dst += width)
                gatherEven(dst, src, count, imageEnd, padValue);
            } else {
              for (int64_t y = 0; y < rowCount; ++y, src += sourceStep, dst += width)
                for (int64_t x = 0; x < count; ++x) dst[x] = src[x * strideW];
            }
          }
          plane += m_planeSize;
        }
  }
}

template <class T>
void Im2colPhasesU8::compact(const T* virtualRows, int64_t rows, int64_t ld, T* out) const {
  const WindowGeometry& g = m_geometry;
  const int64_t outW = g.output[2];
  for (int64_t r = 0; r < rows; ++r) {
    const T* src = virtualRows + r * ld;
    for (int64_t od = 0; od < g.output[0]; ++od)
      for (int64_t oh = 0; oh < g.output[1]; ++oh, out += outW)
        copySmall(out, src + (od * m_extent[1] + oh) * m_extent[2], outW * static_cast<int64_t>(sizeof(T)));
  }
}

void Im2colPhasesU8::compactRows(const int32_t* virtualRows, int64_t rows, int64_t ld, int32_t* out) const {
  compact(virtualRows, rows, ld, out);
}

void Im2colPhasesU8::compactRows(const uint8_t* virtualRows, int64_t rows, int64_t ld, uint8_t* out) const {
  compact(virtualRows, rows, ld, out);
}

}  // namespace quantlens::kernels
