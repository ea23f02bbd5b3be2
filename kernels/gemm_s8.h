// Integer GEMM with int8 weights: Y = (W − wZeroPoint)·(X − xZeroPoint) + bias in int32, X uint8 or int8.
//
// The weights are the left operand, as in a convolution's im2col GEMM (output channels × patch
// depth); a Gemm/MatMul Y = X·B runs as Yᵀ = Bᵀ·Xᵀ, with Xᵀ read in place (depthStride 1) and Bᵀ
// packed by PackedWeightsS8::fromDepthMajor. The weights are packed once (PackedWeightsS8) into
// the layout of the AVX2 micro-kernel (kernels/x86/gemm_s8_avx2.h, which documents how the
// vpmaddubsw int16 saturation is avoided: exactly, by splitting weight pairs at pack time); a CPU
// without AVX2 runs the reference loops on the plain copy the packed weights keep.
//
// Exactness: every result equals the int32 value of the formula as long as that value fits in int32
// (the kernels wrap like two's complement on the way). With |w − wZp|, |x − xZp| ≤ 255 that holds
// for any depth below 33 000.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace quantlens::kernels {

// An activation matrix X with `depth` rows and `columns` columns: element (k, j) lies at
// data[k·depthStride + j·columnStride]. An im2col patch matrix or the [C][H·W] planes of an NCHW
// image have columnStride 1; a row-major batch of vectors (a MatMul input [N][K]) has depthStride 1.
template <class T>
struct Int8Matrix {
  const T* data = nullptr;
  int64_t depth = 0;
  int64_t columns = 0;
  int64_t depthStride = 0;
  int64_t columnStride = 1;
  int32_t zeroPoint = 0;  // per tensor: X's real value is scale·(x − zeroPoint)
};

// A pair of weights (w[2i], w[2i+1]) of one row whose vpmaddubsw product with two activations of 255
// could leave int16 is stored as a safe pair plus this residual, which the AVX2 kernel adds back with
// an exact 32-bit multiply. `quad` and `lane` say which depth k = 4·quad + lane it belongs to.
struct WeightSplitS8 {
  int32_t quad = 0;
  int16_t residual = 0;
  uint8_t lane = 0;
};

// How the AVX2 layout orders the depths it pairs for vpmaddubsw (kernels/x86/gemm_s8_avx2.h).
enum class DepthPairing {
  Natural,  // depth k beside k + 1
  // A permutation, common to all rows, that pairs depths whose weights fit vpmaddubsw together in as
  // many rows as it can find (large same-signed weights go with small or opposite ones), so fewer
  // pairs need a split residual. The activations are read in the same order; sums are unchanged.
  Reordered,
};

// Int8 weights W [rows][depth] (row-major: an ONNX Conv weight [M][C/G][kernel…] flattened, or a
// Gemm B with transB) with one per-tensor zero point, packed for the int8 GEMM once, when a model is
// prepared. Rows are split into `groups` equal blocks; block g multiplies its own activation matrix
// (a grouped convolution's group g).
class PackedWeightsS8 {
public:
  PackedWeightsS8() = default;
  PackedWeightsS8(const int8_t* weights, int64_t rows, int64_t depth, int32_t zeroPoint, int64_t groups = 1,
                  DepthPairing pairing = DepthPairing::Reordered);

  // The same from a depth-major matrix B [depth][rows] (a MatMul's or Gemm's B without transB).
  static PackedWeightsS8 fromDepthMajor(const int8_t* weights, int64_t depth, int64_t rows, int32_t zeroPoint);

  int64_t rows() const { return m_rows; }
  int64_t depth() const { return m_depth; }
  int64_t groups() const { return m_groups; }
  int64_t rowsPerGroup() const { return m_groups > 0 ? m_rows / m_groups : 0; }
  int32_t zeroPoint() const { return m_zeroPoint; }

  // The weights as given: row r holds depth() values.
  const int8_t* row(int64_t r) const { return m_plain.data() + r * m_depth; }
  // Σ_k W[r][k] of the raw weights (the zero-point correction's row sum).
  int32_t rowSum(int64_t r) const { return m_rowSums[static_cast<size_t>(r)]; }

  // --- The AVX2 layout (kernels/x86/gemm_s8_layout.h) ---
  int64_t depthQuads() const { return (m_depth + 3) / 4; }
  // The depth (of W and of the activations) at packed position `position` < depth().
  int64_t depthAt(int64_t position) const { return m_depthOrder[static_cast<size_t>(position)]; }
  int64_t panelsPerGroup() const;
  // Panel p of group g: [depthQuads][kRowTile rows][4 weights], split pairs made safe, zeros past the end.
  const int8_t* panel(int64_t group, int64_t p) const;
  // The residuals of panel p's row i (i < kRowTile) in group g, in depth order.
  std::span<const WeightSplitS8> splits(int64_t group, int64_t p, int64_t i) const;
  // Share of weight pairs that needed a split: the cost of exactness (0 for weights in [−64, 64]).
  double splitPairFraction() const;

private:
  void orderDepths(DepthPairing pairing);
  void packPanels();

  int64_t m_rows = 0;
  int64_t m_depth = 0;
  int64_t m_groups = 1;
  int32_t m_zeroPoint = 0;
  std::vector<int8_t> m_plain;
  std::vector<int32_t> m_rowSums;
  std::vector<int32_t> m_depthOrder;  // packed position → depth
  std::vector<int8_t> m_panels;
  std::vector<WeightSplitS8> m_splits;
  std::vector<int32_t> m_splitBegin;  // per (group, panel, row): first entry in m_splits, plus the end
};

// Y[r][j] = bias[r] + Σ_k (W[r][k] − wZp)·(X[k][j] − X.zeroPoint) for the rows of `group` (r counts
// from that group's first row; bias, when not null, holds rowsPerGroup() values; Y is
// rowsPerGroup() × X.columns with leading dimension ldy). X.depth must equal w.depth().
void gemmU8S8(const PackedWeightsS8& w, int64_t group, const Int8Matrix<uint8_t>& x, const int32_t* bias,
              int32_t* y, int64_t ldy);
void gemmS8S8(const PackedWeightsS8& w, int64_t group, const Int8Matrix<int8_t>& x, const int32_t* bias,
              int32_t* y, int64_t ldy);

// The definitions as plain loops over unpacked weights W [rows][X.depth] with leading dimension ldw:
// the ground truth for tests and the fallback of CPUs without AVX2.
void gemmU8S8Reference(int64_t rows, const int8_t* w, int64_t ldw, int32_t wZeroPoint,
                       const Int8Matrix<uint8_t>& x, const int32_t* bias, int32_t* y, int64_t ldy);
void gemmS8S8Reference(int64_t rows, const int8_t* w, int64_t ldw, int32_t wZeroPoint,
                       const Int8Matrix<int8_t>& x, const int32_t* bias, int32_t* y, int64_t ldy);

}  // namespace quantlens::kernels
