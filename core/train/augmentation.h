// Seeded training augmentation on preprocessed NCHW batches: random horizontal flip and random
// crop from a zero-padded image (torchvision's RandomHorizontalFlip and RandomCrop(padding)).
#pragma once

#include <cstdint>
#include <random>

#include "core/tensor/tensor.h"

namespace quantlens {

struct AugmentationOptions {
  bool horizontalFlip = false;  // each sample mirrored left-right with probability 1/2
  int64_t cropPadding = 0;      // > 0: pad by this many zeros on every side, crop back at a random offset
  uint64_t seed = 0;
  bool enabled() const { return horizontalFlip || cropPadding > 0; }
};

class Augmenter {
public:
  explicit Augmenter(AugmentationOptions options) : m_options(options), m_rng(options.seed) {}

  // Rewrites every sample of a float32 [N, C, H, W] batch in place. Per sample, in this order of
  // random draws: the crop offsets dy, dx uniform in [0, 2·padding] (the window of the padded
  // image), then the flip. The same seed and batch sequence give the same result.
  void apply(Tensor& batch);

private:
  AugmentationOptions m_options;
  std::mt19937_64 m_rng;
};

}  // namespace quantlens
