// Int8 weight packing (plain copy, row sums, AVX2 panels with safe pairs) and the dispatching GEMM.
#include "kernels/gemm_s8.h"

#include <algorithm>
#include <cassert>
#include <cstdlib>
#include <type_traits>
#include <vector>

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
// are negative (≥ −128). For int8 weights a sum beyond ±128 implies both have its sign, so the
// test is |w0 + w1| > 128, written without branches for the pairing's vectorized count.
inline bool pairSaturates(int w0, int w1) { return static_cast<unsigned>(w0 + w1 + 128) > 256u; }

// An unsafe pair keeps its larger weight; the other takes what remains of the ±128 budget.
SafePair makeSafe(int8_t w0, int8_t w1) {
  SafePair pair{w0, w1};
  if (!pairSaturates(w0, w1)) return pair;
  const bool positive = w0 + w1 > 0;
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
                                 int64_t groups, DepthPairing pairing)
    : m_rows(rows), m_depth(depth), m_groups(groups), m_zeroPoint(zeroPoint),
      m_plain(weights, weights + rows * depth), m_rowSums(static_cast<size_t>(rows), 0) {
  // Callers check the model's shapes first (a Conv whose channels do not divide by group is refused).
  assert(groups > 0 && rows % groups == 0);
  for (int64_t r = 0; r < rows; ++r) {
    int32_t sum = 0;
    for (int64_t k = 0; k < depth; ++k) sum += row(r)[k];
    m_rowSums[static_cast<size_t>(r)] = sum;
  }
  orderDepths(pairing);
  packPanels();
}

void PackedWeightsS8::orderDepths(DepthPairing pairing) {
  m_depthOrder.resize(static_cast<size_t>(m_depth));
  for (int64_t k = 0; k < m_depth; ++k) m_depthOrder[static_cast<size_t>(k)] = static_cast<int32_t>(k);
  // Only a weight beyond ±64 can make a pair unsafe (their sum must pass ±128); its excess over 64,
  // summed over the rows, ranks how hard a depth is to pair.
  std::vector<int64_t> excess(static_cast<size_t>(m_depth), 0);
  for (int64_t r = 0; r < m_rows; ++r)
    for (int64_t k = 0; k < m_depth; ++k) excess[static_cast<size_t>(k)] += std::max(std::abs(row(r)[k]) - 64, 0);
  if (pairing == DepthPairing::Natural || std::all_of(excess.begin(), excess.end(), [](int64_t e) { return e == 0; }))
    return;
  // Greedy: the hardest depth left takes, among the `window` easiest ones left, the partner with
  // which the fewest rows need a split (the first with none ends the search). The window (at least
  // 8) keeps a large layer near 64 M weight-pair checks (some 35 ms for 512 × 4608 weights), and a
  // small one searches everything.
  std::vector<int32_t> left(m_depthOrder);
  std::stable_sort(left.begin(), left.end(), [&](int32_t a, int32_t b) {
    return excess[static_cast<size_t>(a)] > excess[static_cast<size_t>(b)];
  });
  const int64_t window =
      std::max<int64_t>(8, (int64_t{1} << 26) / std::max<int64_t>(m_rows * m_depth, 1));
  // Depth-major copy, so that counting a pair's splits over all rows is one vectorizable loop.
  std::vector<int8_t> columns(static_cast<size_t>(m_rows * m_depth));
  for (int64_t r = 0; r < m_rows; ++r)
    for (int64_t k = 0; k < m_depth; ++k) columns[static_cast<size_t>(k * m_rows + r)] = row(r)[k];
  auto splitsOf = [&](int32_t a, int32_t b) {
    const int8_t* wa = columns.data() + static_cast<int64_t>(a) * m_rows;
    const int8_t* wb = columns.data() + static_cast<int64_t>(b) * m_rows;
    int32_t count = 0;
    for (int64_t r = 0; r < m_rows; ++r) count += static_cast<int32_t>(pairSaturates(wa[r], wb[r]));
    return static_cast<int64_t>(count);
  };
  m_depthOrder.clear();
  size_t front = 0;  // left[front ..] are still unpaired
  while (front < left.size()) {
    const int32_t hardest = left[front++];
    m_depthOrder.push_back(hardest);
    if (front == left.size()) break;  // an odd depth: the last one pairs with the zero padding
    size_t best = left.size() - 1;
    int64_t fewest = -1;
    for (size_t c = left.size() - 1, tried = 0; c >= front && tried < static_cast<size_t>(window); --c, ++tried) {
      const int64_t splits = splitsOf(hardest, left[c]);
      if (fewest < 0 || splits < fewest) {
        fewest = splits;
        best = c;
      }
      if (splits == 0 || c == front) break;
    }
    m_depthOrder.push_back(left[best]);
    left.erase(left.begin() + static_cast<std::ptrdiff_t>(best));
  }
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
            // Packed positions k and k + 1 hold the depths the pairing put there.
            const SafePair pair = makeSafe(src[depthAt(k)], k + 1 < m_depth ? src[depthAt(k + 1)] : int8_t{0});
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
