// Int8 weight packing (plain copy, row sums, AVX2 panels with safe pairs) and the dispatching GEMM.
#include "kernels/gemm_s8.h"

#include <cassert>
#include <type_traits>

#include "kernels/cpu_features.h"
#include "kernels/gemm_s8_tiles.h"

namespace quantlens::kernels {
namespace {

// A weight pair as the micro-kernel may hold it (see kernels/x86/gemm_s8_avx2.h), and what is left.
struct SafePair {
  int8_t first, second;
  int16_t firstResidual = 0, secondResidual = 0;
};

// 255·(w0 + w1) must stay within int16 when both are positive (≤ 128 in sum) and likewise when both
// are negative (≥ −128): the larger weight stays, the other takes what remains of the ±128 budget.
SafePair makeSafe(int8_t w0, int8_t w1) {
  SafePair pair{w0, w1};
  const int sum = w0 + w1;
  const bool positive = w0 > 0 && w1 > 0 && sum > 128;
  const bool negative = w0 < 0 && w1 < 0 && sum < -128;
  if (!positive && !negative) return pair;
  const int budget = positive ? 128 : -128;
  const bool firstLarger = positive ? w0 >= w1 : w0 <= w1;
  if (firstLarger) {
    pair.second = static_cast<int8_t>(budget - w0);
    pair.secondResidual = static_cast<int16_t>(w1 - pair.second);
  } else {
    pair.first = static_cast<int8_t>(budget - w1);
    pair.firstResidual = static_cast<int16_t>(w0 - pair.first);
  }
  return pair;
}

template <class T>
void gemmDispatch(const PackedWeightsS8& w, int64_t group, const Int8Matrix<T>& x, const int32_t* bias,
                  int32_t* y, int64_t ldy) {
  // The graph was checked against the weights when the model was prepared: a mismatch is a bug.
  assert(x.depth == w.depth() && group >= 0 && group < w.groups());
  const int64_t rows = w.rowsPerGroup();
  if (activeKernelIsa() != KernelIsa::Avx2) {
    if constexpr (std::is_same_v<T, uint8_t>)
      gemmU8S8Reference(rows, w.row(group * rows), w.depth(), w.zeroPoint(), x, bias, y, ldy);
    else
      gemmS8S8Reference(rows, w.row(group * rows), w.depth(), w.zeroPoint(), x, bias, y, ldy);
    return;
  }
  auto fetchRow = [&x](int64_t k, int64_t first, int64_t count, uint8_t* scratch) -> const uint8_t* {
    const T* src = x.data + k * x.depthStride + first * x.columnStride;
    if (x.columnStride == 1) return reinterpret_cast<const uint8_t*>(src);
    for (int64_t j = 0; j < count; ++j) scratch[j] = static_cast<uint8_t>(src[j * x.columnStride]);
    return scratch;
  };
  gemmS8Tiled(w, group, x.columns, x.zeroPoint, std::is_same_v<T, int8_t>, bias, fetchRow, y, ldy);
}

}  // namespace

GemmS8Scratch& gemmS8Scratch() {
  thread_local GemmS8Scratch scratch;
  return scratch;
}

int64_t gemmS8TileColumns(int64_t depthQuads, int64_t columns) {
  constexpr int64_t kPanelBudget = 320 * 1024;
  const int64_t blockBytes = std::max<int64_t>(depthQuads, 1) * kBlockQuadBytes;
  const int64_t budgetBlocks = std::max<int64_t>(kPanelBudget / blockBytes, 1);
  const int64_t blocks = (columns + kColumnBlock - 1) / kColumnBlock;
  // Equal tiles rather than full ones and a thin rest: 196 columns in 2 tiles of 7 and 6 blocks.
  const int64_t tiles = (blocks + budgetBlocks - 1) / budgetBlocks;
  return (blocks + tiles - 1) / tiles * kColumnBlock;
}

PackedWeightsS8::PackedWeightsS8(const int8_t* weights, int64_t rows, int64_t depth, int32_t zeroPoint,
                                 int64_t groups)
    : m_rows(rows), m_depth(depth), m_groups(groups), m_zeroPoint(zeroPoint),
      m_plain(weights, weights + rows * depth), m_rowSums(static_cast<size_t>(rows), 0) {
  // Callers check the model's shapes first (a Conv whose channels do not divide by group is refused).
  assert(groups > 0 && rows % groups == 0);
  for (int64_t r = 0; r < rows; ++r) {
    int32_t sum = 0;
    for (int64_t k = 0; k < depth; ++k) sum += row(r)[k];
    m_rowSums[static_cast<size_t>(r)] = sum;
  }
  packPanels();
}

PackedWeightsS8 PackedWeightsS8::fromDepthMajor(const int8_t* weights, int64_t depth, int64_t rows,
                                                int32_t zeroPoint) {
  std::vector<int8_t> transposed(static_cast<size_t>(rows * depth));
  for (int64_t k = 0; k < depth; ++k)
    for (int64_t r = 0; r < rows; ++r) transposed[static_cast<size_t>(r * depth + k)] = weights[k * rows + r];
  return PackedWeightsS8(transposed.data(), rows, depth, zeroPoint);
}

int64_t PackedWeightsS8::panelsPerGroup() const { return (rowsPerGroup() + kRowTile - 1) / kRowTile; }

const int8_t* PackedWeightsS8::panel(int64_t group, int64_t p) const {
  return m_panels.data() + (group * panelsPerGroup() + p) * depthQuads() * kPanelQuadBytes;
}

std::span<const WeightSplitS8> PackedWeightsS8::splits(int64_t group, int64_t p, int64_t i) const {
  const auto at = static_cast<size_t>((group * panelsPerGroup() + p) * kRowTile + i);
  return {m_splits.data() + m_splitBegin[at], m_splits.data() + m_splitBegin[at + 1]};
}

double PackedWeightsS8::splitPairFraction() const {
  const int64_t pairs = m_rows * ((m_depth + 1) / 2);
  return pairs > 0 ? static_cast<double>(m_splits.size()) / static_cast<double>(pairs) : 0.0;
}

void PackedWeightsS8::packPanels() {
  const int64_t quads = depthQuads(), panels = panelsPerGroup(), rows = rowsPerGroup();
  m_panels.assign(static_cast<size_t>(m_groups * panels * quads * kPanelQuadBytes), 0);
  m_splits.clear();
  m_splitBegin.assign(1, 0);
  for (int64_t g = 0; g < m_groups; ++g)
    for (int64_t p = 0; p < panels; ++p) {
      int8_t* out = m_panels.data() + (g * panels + p) * quads * kPanelQuadBytes;
      for (int64_t i = 0; i < kRowTile; ++i) {
        const int64_t r = p * kRowTile + i;
        if (r < rows) {
          const int8_t* src = row(g * rows + r);
          for (int64_t k = 0; k < m_depth; k += 2) {
            const SafePair pair = makeSafe(src[k], k + 1 < m_depth ? src[k + 1] : int8_t{0});
            // Depth k sits in dword i of quad k / 4, byte k % 4; k is even, so k + 1 is its neighbour.
            int8_t* dword = out + (k / kDepthQuad * kRowTile + i) * kDepthQuad;
            const auto lane = static_cast<uint8_t>(k % kDepthQuad);
            dword[lane] = pair.first;
            dword[lane + 1] = pair.second;
            const auto quad = static_cast<int32_t>(k / kDepthQuad);
            if (pair.firstResidual != 0) m_splits.push_back({quad, pair.firstResidual, lane});
            if (pair.secondResidual != 0)
              m_splits.push_back({quad, pair.secondResidual, static_cast<uint8_t>(lane + 1)});
          }
        }
        m_splitBegin.push_back(static_cast<int32_t>(m_splits.size()));
      }
    }
}

void gemmU8S8(const PackedWeightsS8& w, int64_t group, const Int8Matrix<uint8_t>& x, const int32_t* bias,
              int32_t* y, int64_t ldy) {
  gemmDispatch(w, group, x, bias, y, ldy);
}

void gemmS8S8(const PackedWeightsS8& w, int64_t group, const Int8Matrix<int8_t>& x, const int32_t* bias,
              int32_t* y, int64_t ldy) {
  gemmDispatch(w, group, x, bias, y, ldy);
}

}  // namespace quantlens::kernels
