// Implicit im2col for uint8 images: the padded image split by stride phase, so patch rows lie contiguous.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "kernels/window_geometry.h"

namespace quantlens::kernels {

// The patch matrix of a convolution read in place, with no copy per patch row. Along each axis a
// (stride s, dilation d) window position o reads padded cell o·s + k·d for tap k. Writing
// t = k·d = s·q + p (phase p = t mod s, shift q = t div s), that cell is element o + q of the
// phase-p plane P_p[i] = padded[s·i + p]. Every tap of one phase reads the same plane, shifted by q.
// So with each channel's image stored as its phase planes (E = output + ((kernel − 1)·d) div s
// elements per axis, padding cells holding padValue — for a quantized convolution the input zero
// point, the quantized 0), a window position (od, oh, ow) becomes the virtual column
//   j = (od·E_H + oh)·E_W + ow
// and patch row r = (c, kd, kh, kw) is the contiguous run planes[rowOffset(r) + j], j < columns().
// The columns between output rows (ow ≥ output_W, and oh ≥ output_H between depth slices) are junk:
// they read cells of the planes like any other column, and their results are dropped by
// compactRows(). A stride-1 "same" 3×3 layer of width W computes (W + 2)/W as many columns as
// positions; a 1×1 layer of any stride (kernel ≤ stride along every axis) has none.
// Only the phases some tap reads are stored (a 1×1 stride-2 filter needs one of four).
// Unless the image is read in place, the columns are rounded up to a multiple of `columnMultiple`
// (the GEMM's column block, so that it packs whole blocks only) with as many junk columns more, and
// the planes keep that many readable bytes after their end.
class Im2colPhasesU8 {
public:
  Im2colPhasesU8(const WindowGeometry& g, int64_t channels, int64_t columnMultiple = 1);

  // Bytes of the phase planes of all channels, the slack for the rounded columns included, and
  // kWriteSlack bytes more that fill() may overwrite (its last 16-byte store of a row).
  static constexpr int64_t kWriteSlack = 16;
  int64_t size() const { return m_channels * m_channelSize + m_slack + kWriteSlack; }
  // Writes the phase planes of the channels' images (g.inputPlane() bytes each, back to back).
  // With paddingWritten, `planes` already holds padValue in every padding cell (an earlier fill()
  // of this layout with the same padValue wrote it, and fill() never writes anything else there):
  // only the image's cells are written.
  void fill(const uint8_t* image, uint8_t padValue, uint8_t* planes, bool paddingWritten = false) const;
  // Whether the planes are the image as it lies (stride 1, no padding: every window fits in the
  // image): then read the image in place and skip fill(); the columns are not rounded then.
  bool readsImageInPlace() const { return m_inPlace; }

  // Virtual columns of the patch matrix, junk included: the last position's column + 1, rounded.
  int64_t columns() const { return m_columns; }
  // Virtual columns from one output row to the next within a depth slice (E_W).
  int64_t rowPitch() const { return m_extent[2]; }
  // Whether the virtual columns are exactly the window positions in (od, oh, ow) order (no junk).
  bool dense() const { return m_columns == m_geometry.outputPlane(); }
  // Where patch row `row` (((c·kD + kd)·kH + kh)·kW + kw) starts in the planes.
  int64_t rowOffset(int64_t row) const { return m_rowOffsets[static_cast<size_t>(row)]; }

  // Copies the positions' values out of `rows` rows of virtual columns (leading dimension ld ≥
  // columns()) into `out` ([rows][g.outputPlane()]), dropping the junk columns.
  void compactRows(const int32_t* virtualRows, int64_t rows, int64_t ld, int32_t* out) const;
  void compactRows(const uint8_t* virtualRows, int64_t rows, int64_t ld, uint8_t* out) const;

private:
  template <class T>
  void compact(const T* virtualRows, int64_t rows, int64_t ld, T* out) const;

  WindowGeometry m_geometry;
  int64_t m_channels;
  Extents3 m_extent{};                   // E per axis: the elements of one phase plane
  std::vector<int64_t> m_phases[3];      // per axis: the phases some tap reads, ascending
  int64_t m_planeSize = 0;               // E_D·E_H·E_W
  int64_t m_channelSize = 0;             // the planes of one channel
  int64_t m_columns = 0;
  int64_t m_slack = 0;                   // rounded columns past the last position's
  bool m_inPlace = false;
  std::vector<int64_t> m_rowOffsets;
};

}  // namespace quantlens::kernels
