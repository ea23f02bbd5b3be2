// Flip and padded crop, sample by sample, from one seeded generator.
#include "core/train/augmentation.h"

#include <vector>

#include "core/error.h"

namespace quantlens {

void Augmenter::apply(Tensor& batch) {
  if (!m_options.enabled()) return;
  if (batch.dtype() != DataType::Float32 || batch.rank() != 4)
    throw Error("augmentation needs a float32 [N, C, H, W] batch but got " + shapeToString(batch.shape()));
  const int64_t n = batch.dim(0), c = batch.dim(1), h = batch.dim(2), w = batch.dim(3);
  const int64_t pad = m_options.cropPadding;
  std::uniform_int_distribution<int64_t> offset(0, 2 * pad);
  std::bernoulli_distribution flip(0.5);
  std::vector<float> plane(static_cast<size_t>(h * w));
  for (int64_t s = 0; s < n; ++s) {
    // The window starts at (dy, dx) of the padded image: source row y + dy − pad.
    const int64_t dy = pad > 0 ? offset(m_rng) - pad : 0;
    const int64_t dx = pad > 0 ? offset(m_rng) - pad : 0;
    const bool mirrored = m_options.horizontalFlip && flip(m_rng);
    for (int64_t ch = 0; ch < c; ++ch) {
      float* data = batch.data<float>() + (s * c + ch) * h * w;
      for (int64_t y = 0; y < h; ++y)
        for (int64_t x = 0; x < w; ++x) {
          const int64_t sy = y + dy, sx = x + dx;
          const bool inside = sy >= 0 && sy < h && sx >= 0 && sx < w;
          plane[static_cast<size_t>(y * w + (mirrored ? w - 1 - x : x))] = inside ? data[sy * w + sx] : 0.0f;
        }
      std::copy(plane.begin(), plane.end(), data);
    }
  }
}

}  // namespace quantlens
