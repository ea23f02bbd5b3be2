// NormalFloat4 (bitsandbytes): 16 fixed code values in [-1, 1], scaled per block by its absmax.
#pragma once

#include <array>
#include <cstdint>

namespace quantlens {

// bitsandbytes csrc/kernels.cu nf4_dequantization_lut, as float32 (REFERENCE-SEMANTICS §5).
inline constexpr std::array<float, 16> kNf4Values = {
    -1.0f, -0.6961928009986877f, -0.5250730514526367f, -0.39491748809814453f,
    -0.28444138169288635f, -0.18477343022823334f, -0.09105003625154495f, 0.0f,
    0.07958029955625534f, 0.16093020141124725f, 0.24611230194568634f, 0.33791524171829224f,
    0.44070982933044434f, 0.5626170039176941f, 0.7229568362236023f, 1.0f};

// bitsandbytes' default blocksize for quantize_4bit.
inline constexpr int64_t kNf4DefaultBlockSize = 64;

// The code of a value already divided by its block's absmax (v = x * f32(1/absmax)): the number of
// float32 midpoints between neighbouring code values that v is strictly above. Ties go to the
// lower code, as every comparison of dQuantizeNF4's decision tree is a strict '>'; NaN gives 0.
uint8_t encodeNf4(float normalized);
inline float decodeNf4(uint8_t code) { return kNf4Values[code & 0x0F]; }

}  // namespace quantlens
