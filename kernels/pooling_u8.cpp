// uint8 average pooling: integer window sums of (x − zp), then one float rounding per output.
#include "kernels/pooling_u8.h"

#include <cstddef>

#include "kernels/requantize_one.h"

namespace quantlens::kernels {
namespace {

uint8_t averageOf(int64_t sum, int64_t count, const PoolingU8Quantization& q) {
  if (count == 0) return static_cast<uint8_t>(std::clamp(q.outputZeroPoint, q.outputMin, q.outputMax));
  const float mean = static_cast<float>(sum) * q.multiplier / static_cast<float>(count);
  return static_cast<uint8_t>(roundToRange(mean, q.outputZeroPoint, q.outputMin, q.outputMax));
}

}  // namespace

void averagePoolU8(const uint8_t* input, int64_t planes, const WindowGeometry& g, bool countIncludePad,
                   const PoolingU8Quantization& q, uint8_t* output) {
  const int64_t inPlane = g.inputPlane(), outPlane = g.outputPlane();
  // The padded image spans [−padBegin, input + padEnd) along each axis; ceil_mode may add window
  // taps beyond it, which are never counted.
  Extents3 padded;
  for (std::size_t a = 0; a < padded.size(); ++a) padded[a] = g.padBegin[a] + g.input[a] + g.padEnd[a];
  for (int64_t p = 0; p < planes; ++p) {
    const uint8_t* image = input + p * inPlane;
    uint8_t* out = output + p * outPlane;
    for (int64_t od = 0; od < g.output[0]; ++od)
      for (int64_t oh = 0; oh < g.output[1]; ++oh)
        for (int64_t ow = 0; ow < g.output[2]; ++ow) {
          const int64_t start[3] = {od * g.stride[0] - g.padBegin[0], oh * g.stride[1] - g.padBegin[1],
                                    ow * g.stride[2] - g.padBegin[2]};
          ValidRange inside[3], inPadded[3];
          for (std::size_t a = 0; a < 3; ++a) {
            inside[a] = validRange(start[a], g.dilation[a], g.input[a], g.kernel[a]);
            inPadded[a] = validRange(start[a] + g.padBegin[a], g.dilation[a], padded[a], g.kernel[a]);
          }
          int64_t sum = 0;
          for (int64_t kd = inside[0].begin; kd < inside[0].end; ++kd)
            for (int64_t kh = inside[1].begin; kh < inside[1].end; ++kh) {
              const int64_t z = start[0] + kd * g.dilation[0], y = start[1] + kh * g.dilation[1];
              const uint8_t* row = image + (z * g.input[1] + y) * g.input[2];
              for (int64_t kw = inside[2].begin; kw < inside[2].end; ++kw)
                sum += row[start[2] + kw * g.dilation[2]] - q.inputZeroPoint;
            }
          const ValidRange* counted = countIncludePad ? inPadded : inside;
          const int64_t count = (counted[0].end - counted[0].begin) * (counted[1].end - counted[1].begin) *
                                (counted[2].end - counted[2].begin);
          out[(od * g.output[1] + oh) * g.output[2] + ow] = averageOf(sum, count, q);
        }
  }
}

void globalAveragePoolU8(const uint8_t* input, int64_t planes, int64_t plane, const PoolingU8Quantization& q,
                         uint8_t* output) {
  for (int64_t p = 0; p < planes; ++p) {
    int64_t sum = 0;
    for (int64_t i = 0; i < plane; ++i) sum += input[p * plane + i];
    output[p] = averageOf(sum - q.inputZeroPoint * plane, plane, q);
  }
}

}  // namespace quantlens::kernels
