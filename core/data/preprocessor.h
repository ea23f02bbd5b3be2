// Turns decoded images into model input values following a Preprocessing, fast enough for 10k-image loops.
#pragma once

#include <array>
#include <vector>

#include "core/data/image.h"
#include "core/data/preprocessing.h"
#include "core/tensor/tensor.h"

namespace quantlens {

// Built once per Preprocessing: the per-channel arithmetic is folded into 256-entry tables, so
// an image that needs no resize (28x28 gray into a 28x28 gray model) costs one lookup per value.
// run() is const and keeps no state, so one Preprocessor can serve several threads.
class Preprocessor {
public:
  // Throws Error when `settings` is not valid.
  explicit Preprocessor(Preprocessing settings);

  const Preprocessing& settings() const { return m_settings; }
  // channels * height * width: the floats run() writes per image.
  size_t valuesPerImage() const { return m_valuesPerImage; }

  // Writes valuesPerImage() floats, CHW. Geometry first maps the image onto height x width
  // (OpenCV area interpolation when shrinking, bilinear otherwise), then each value becomes
  // (pixel * scale - mean[c]) / std[c].
  void run(const Image& image, float* out) const;
  // The same, as a [1, C, H, W] float32 tensor.
  Tensor run(const Image& image) const;

private:
  Preprocessing m_settings;
  size_t m_valuesPerImage = 0;
  // m_table[c][p] = (p * scale - mean[c]) / std[c], computed in double and rounded once.
  std::vector<std::array<float, 256>> m_table;
};

}  // namespace quantlens
