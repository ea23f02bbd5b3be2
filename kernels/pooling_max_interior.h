// Max pooling of windows that lie wholly inside the image, without winner indices: the fast path
// maxPoolF32/U8/S8 take for interior outputs when the caller asks for no indices.
#pragma once

#include <cstdint>

namespace quantlens::kernels {

// A run of `count` consecutive windows along W of one output row, all taps inside the image.
// Window i's first tap (kd = kh = kw = 0) is at first + i·stride; its kernel rows, in (kd, kh)
// row-major order, start rowOffsets[0..rowCount) elements after that (rowOffsets[0] = 0), and
// each row holds kernelW taps `dilation` apart. `inputEnd` is one past the last readable element:
// the stride-2 vector loads read one element beyond a block's last tap, and are skipped where that
// would pass inputEnd.
struct InteriorMaxWindows {
  const int64_t* rowOffsets;
  int64_t rowCount;
  int64_t kernelW;
  int64_t stride;
  int64_t dilation;
};

// out[i] = the max of window i's taps taken in row-major tap order as best = (tap > best ? tap :
// best), i.e. exactly what maxPoolF32 gives: the first maximum wins ties (−0 before +0 keeps −0),
// a NaN first tap stays, a later NaN is passed over. AVX2 across 8 floats / 32 bytes of outputs at
// strides 1 and 2 (any dilation), scalar otherwise.
void maxPoolInteriorF32(const float* first, const InteriorMaxWindows& w, int64_t count, const float* inputEnd,
                        float* out);
void maxPoolInteriorU8(const uint8_t* first, const InteriorMaxWindows& w, int64_t count, const uint8_t* inputEnd,
                       uint8_t* out);
void maxPoolInteriorS8(const int8_t* first, const InteriorMaxWindows& w, int64_t count, const int8_t* inputEnd,
                       int8_t* out);

}  // namespace quantlens::kernels
