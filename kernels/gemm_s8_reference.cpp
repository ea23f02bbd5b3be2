// Reference int8 GEMM: the definition as nested loops with 64-bit sums, no packing.
#include "kernels/gemm_s8.h"

namespace quantlens::kernels {
namespace {

template <class T>
void gemmReference(int64_t rows, const int8_t* w, int64_t ldw, int32_t wZeroPoint, const Int8Matrix<T>& x,
                   const int32_t* bias, int32_t* y, int64_t ldy) {
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t j = 0; j < x.columns; ++j) {
      int64_t sum = bias ? bias[r] : 0;
      for (int64_t k = 0; k < x.depth; ++k) {
        const int64_t wk = int64_t{w[r * ldw + k]} - wZeroPoint;
        const int64_t xk = int64_t{x.data[k * x.depthStride + j * x.columnStride]} - x.zeroPoint;
        sum += wk * xk;
      }
      y[r * ldy + j] = static_cast<int32_t>(sum);  // int32 wrap-around, as documented
    }
}

}  // namespace

void gemmU8S8Reference(int64_t rows, const int8_t* w, int64_t ldw, int32_t wZeroPoint,
                       const Int8Matrix<uint8_t>& x, const int32_t* bias, int32_t* y, int64_t ldy) {
  gemmReference(rows, w, ldw, wZeroPoint, x, bias, y, ldy);
}

void gemmS8S8Reference(int64_t rows, const int8_t* w, int64_t ldw, int32_t wZeroPoint,
                       const Int8Matrix<int8_t>& x, const int32_t* bias, int32_t* y, int64_t ldy) {
  gemmReference(rows, w, ldw, wZeroPoint, x, bias, y, ldy);
}

}  // namespace quantlens::kernels
