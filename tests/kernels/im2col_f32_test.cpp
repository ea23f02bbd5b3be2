// im2col / col2im against their definitions over swept geometries and column tiles.
#include "kernels/im2col_f32.h"

#include <algorithm>

#include <gtest/gtest.h>

#include "tests/kernels/kernel_test_support.h"

namespace quantlens::kernels {
namespace {

using testing::describe;
using testing::randomValues;
using testing::sweptGeometries;

// The image cell that patch entry (row, column) reads, per the definition (row r = (c, kd, kh, kw),
// column j → window (od, oh, ow)), or −1 when it falls in the padding.
int64_t patchCell(const WindowGeometry& g, int64_t row, int64_t column) {
  const int64_t kw = row % g.kernel[2], kh = (row / g.kernel[2]) % g.kernel[1];
  const int64_t kd = (row / (g.kernel[2] * g.kernel[1])) % g.kernel[0], c = row / g.kernelVolume();
  const int64_t ow = column % g.output[2], oh = (column / g.output[2]) % g.output[1];
  const int64_t od = column / (g.output[2] * g.output[1]);
  const int64_t z = od * g.stride[0] - g.padBegin[0] + kd * g.dilation[0];
  const int64_t y = oh * g.stride[1] - g.padBegin[1] + kh * g.dilation[1];
  const int64_t x = ow * g.stride[2] - g.padBegin[2] + kw * g.dilation[2];
  if (z < 0 || z >= g.input[0] || y < 0 || y >= g.input[1] || x < 0 || x >= g.input[2]) return -1;
  return ((c * g.input[0] + z) * g.input[1] + y) * g.input[2] + x;
}

// Tiles of the window positions: all at once, chunks that start and end mid-row, and chunks of two
// whole output rows (im2col copies those as blocks when the rows keep the image's width).
std::vector<std::pair<int64_t, int64_t>> tiles(const WindowGeometry& g) {
  const int64_t columns = g.outputPlane(), twoRows = 2 * g.output[2];
  std::vector<std::pair<int64_t, int64_t>> result{{0, columns}};
  for (int64_t first = 0; first < columns; first += 5)
    result.emplace_back(first, std::min<int64_t>(5, columns - first));
  for (int64_t first = 0; first < columns; first += twoRows)
    result.emplace_back(first, std::min(twoRows, columns - first));
  return result;
}

TEST(Im2colF32, MatchesTheDefinitionForEveryTile) {
  const int64_t channels = 2;
  uint32_t seed = 1;
  for (const WindowGeometry& g : sweptGeometries()) {
    SCOPED_TRACE(describe(g));
    const std::vector<float> image = randomValues(channels * g.inputPlane(), seed++);
    const int64_t rows = channels * g.kernelVolume();
    for (const auto& [first, count] : tiles(g)) {
      SCOPED_TRACE("columns " + std::to_string(first) + " + " + std::to_string(count));
      std::vector<float> columns(static_cast<size_t>(rows * count), -99.0f);
      im2colF32(image.data(), channels, g, first, count, columns.data());
      for (int64_t r = 0; r < rows; ++r)
        for (int64_t j = 0; j < count; ++j)
          ASSERT_EQ(
              columns[static_cast<size_t>(r * count + j)],
              patchCell(g, r, first + j) < 0 ? 0.0f : image[static_cast<size_t>(patchCell(g, r, first + j))])
              << "row " << r << " column " << first + j;
    }
  }
}

TEST(Col2imAddF32, AddsEveryEntryBackWhereIm2colReadIt) {
  // col2im is the adjoint of im2col: each patch entry is added onto the cell it was read from,
  // padding entries are dropped, and what the image held before stays.
  const int64_t channels = 2;
  uint32_t seed = 500;
  for (const WindowGeometry& g : sweptGeometries()) {
    SCOPED_TRACE(describe(g));
    const int64_t rows = channels * g.kernelVolume(), cells = channels * g.inputPlane();
    for (const auto& [first, count] : tiles(g)) {
      SCOPED_TRACE("columns " + std::to_string(first) + " + " + std::to_string(count));
      const std::vector<float> columns = randomValues(rows * count, seed++);
      std::vector<float> image(static_cast<size_t>(cells), 1.0f);
      std::vector<double> expected(static_cast<size_t>(cells), 1.0);
      for (int64_t r = 0; r < rows; ++r)
        for (int64_t j = 0; j < count; ++j)
          if (const int64_t cell = patchCell(g, r, first + j); cell >= 0)
            expected[static_cast<size_t>(cell)] += columns[static_cast<size_t>(r * count + j)];
      col2imAddF32(columns.data(), channels, g, first, count, image.data());
      for (int64_t i = 0; i < cells; ++i)
        ASSERT_NEAR(image[static_cast<size_t>(i)], expected[static_cast<size_t>(i)], 1e-5) << "cell " << i;
    }
  }
}

}  // namespace
}  // namespace quantlens::kernels
