// NF4 encoding by counting the decision thresholds below a value.
#include "core/quant/nf4.h"

#include <cstddef>

namespace quantlens {
namespace {

// dQuantizeNF4's thresholds are the midpoints of neighbouring code values, computed in double from
// the float32 code values and rounded to float32 (e.g. 0.8614784181118011f between 0.7229… and 1).
constexpr std::array<float, 15> makeThresholds() {
  std::array<float, 15> thresholds{};
  for (std::size_t i = 0; i < thresholds.size(); ++i)
    thresholds[i] = static_cast<float>((static_cast<double>(kNf4Values[i]) +
                                        static_cast<double>(kNf4Values[i + 1])) / 2.0);
  return thresholds;
}

constexpr std::array<float, 15> kThresholds = makeThresholds();

}  // namespace

uint8_t encodeNf4(float normalized) {
  // Branch-free count so that a loop over a block vectorizes.
  uint8_t code = 0;
  for (float threshold : kThresholds) code += normalized > threshold ? 1 : 0;
  return code;
}

}  // namespace quantlens
