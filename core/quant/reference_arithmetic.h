// Arithmetic of the reference libraries (numpy, PyTorch) replicated bit for bit where observers depend on it.
#pragma once

#include <cmath>
#include <cstdint>
#include <span>
#include <vector>

namespace quantlens {

// Python's float floor division (numpy npy_divmod, c10::div_floor_floating): floor(a / b) computed
// through fmod so that it agrees with the exact quotient's floor, in the precision of T.
template <class T> T floorDivide(T a, T b) {
  if (b == 0) return a / b;
  const T mod = std::fmod(a, b);
  T div = (a - mod) / b;
  if (mod != 0 && (b < 0) != (mod < 0)) div -= T(1);
  if (div == 0) return std::copysign(T(0), a / b);
  T floored = std::floor(div);
  if (div - floored > T(0.5)) floored += T(1);
  return floored;
}

// numpy's add.reduce (np.sum) of a contiguous float32 or float64 array: 0 + pairwise_sum, i.e.
// blocks of up to 128 summed with eight interleaved accumulators, larger ranges split in two at a
// multiple of 8. Sums of the same values in another order differ in the last bits.
float numpyPairwiseSum(std::span<const float> values);
double numpyPairwiseSum(std::span<const double> values);

// The float32 bin edges of np.histogram(a_float32, bins, range=(start, stop)): np.linspace in
// double (edge i = i * ((stop - start) / bins) + start, the last edge = stop), then float32.
std::vector<float> numpyHistogramEdges(double start, double stop, int64_t bins);

}  // namespace quantlens
