// Quantized elementwise add: reference loop and dispatch to the AVX2 kernel.
#include "kernels/quantized_add.h"

#include <cassert>

#include "kernels/cpu_features.h"
#include "kernels/requantize_one.h"
#include "kernels/x86/quantized_add_avx2.h"

namespace quantlens::kernels {
namespace {

template <class T>
void addReference(const T* a, const T* b, int64_t count, const QuantizedAdd& q, T* out) {
  for (int64_t i = 0; i < count; ++i) {
    const float va = static_cast<float>(a[i] - q.aZeroPoint) * q.aMultiplier;
    const float vb = static_cast<float>(b[i] - q.bZeroPoint) * q.bMultiplier;
    out[i] = static_cast<T>(roundToRange(va + vb, q.zeroPoint, q.outputMin, q.outputMax));
  }
}

}  // namespace

void addU8Reference(const uint8_t* a, const uint8_t* b, int64_t count, const QuantizedAdd& q, uint8_t* out) {
  addReference(a, b, count, q, out);
}

void addS8Reference(const int8_t* a, const int8_t* b, int64_t count, const QuantizedAdd& q, int8_t* out) {
  addReference(a, b, count, q, out);
}

void addU8(const uint8_t* a, const uint8_t* b, int64_t count, const QuantizedAdd& q, uint8_t* out) {
  // The range comes from the output type; one outside it is a bug (AVX2 saturates, the reference casts).
  assert(0 <= q.outputMin && q.outputMin <= q.outputMax && q.outputMax <= 255);
  if (activeKernelIsa() == KernelIsa::Avx2)
    addU8Avx2(a, b, count, q, out);
  else
    addU8Reference(a, b, count, q, out);
}

void addS8(const int8_t* a, const int8_t* b, int64_t count, const QuantizedAdd& q, int8_t* out) {
  assert(-128 <= q.outputMin && q.outputMin <= q.outputMax && q.outputMax <= 127);
  if (activeKernelIsa() == KernelIsa::Avx2)
    addS8Avx2(a, b, count, q, out);
  else
    addS8Reference(a, b, count, q, out);
}

}  // namespace quantlens::kernels
