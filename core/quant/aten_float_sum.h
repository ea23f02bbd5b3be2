// torch.sum of a contiguous float32 vector on the CPU, bit for bit: ATen's cascade sum order.
#pragma once

#include <span>

namespace quantlens {

// The float32 result of torch.sum(t) for a 1-D contiguous float32 tensor t holding `values`, as
// computed by PyTorch 1.13's CPU kernel (aten/src/ATen/native/cpu/SumKernel.cpp, cascade_sum) in
// its AVX2 build (Debian's python3-torch reports "CPU capability usage: AVX2"). Every addition is
// a float32 addition (the kernel's accumulator type for float is float), only the order differs
// from a running sum:
// - n >= 8 (one AVX2 vector of 8 lanes): the first floor(n / 8) * 8 values are read as vectors of
//   8 lanes and summed lane-wise by the cascade below; the remaining n mod 8 values are summed
//   left to right into a scalar starting at 0, and then the 8 lane sums are added to it, lane 0
//   first. For n < 8 the same cascade runs on scalars (lanes of width 1).
// - The cascade (row_sum/multi_row_sum) over m items: 4 interleaved accumulators (item 4r + k goes
//   to accumulator k) over the first floor(m / 4) rows of 4 items, each accumulator with 4 levels.
//   Level 0 takes 2^p rows at a time, p = max(4, ceil(log2(rows)) / 4); after each block, level 0
//   is added into level 1 and cleared, and the carry moves on to level j + 1 only when the row count
//   is a multiple of 2^(p·j) as well. Leftover rows go to level 0; then levels 1, 2, 3 are added to
//   level 0; the m mod 4 leftover items are added to accumulator 0, then accumulators 1, 2, 3.
// - The output is zero-filled and the sum added to it, so -0.0 sums come out as +0.0.
// This is the serial path: ATen takes it for n below its grain size 32768 (or with one thread);
// larger inputs split into per-thread chunks whose order depends on the thread count.
float atenFloatSum(std::span<const float> values);

}  // namespace quantlens
