// Decoding and preprocessing a list of samples into one NCHW input tensor, skipping undecodable ones.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/data/dataset.h"
#include "core/data/preprocessor.h"
#include "core/tensor/tensor.h"

namespace quantlens {

struct Batch {
  Tensor input;                       // [n, C, H, W] float32, n = samples loaded
  std::vector<int64_t> labels;        // n labels; -1 when the dataset is unlabeled
  std::vector<int64_t> indices;       // the n dataset indices, in input order
  std::vector<std::string> warnings;  // one per skipped sample: its file and the reason
  int64_t skipped = 0;                // samples that could not be decoded (warnings.size())

  int64_t size() const { return static_cast<int64_t>(indices.size()); }
};

// Loads the samples `indices` (each in 0..dataset.size()-1) in order. A sample that fails to
// decode is left out with a warning; the batch then holds fewer samples, never throws for it.
// With threads > 1 samples are decoded in parallel when decoding is costly (image files, not
// in-memory IDX samples); the result is identical either way.
Batch loadBatch(const Dataset& dataset, std::span<const int64_t> indices, const Preprocessor& preprocessor,
                int threads = 1);
// Convenience for one-off batches; throws Error when `preprocessing` is not valid.
Batch loadBatch(const Dataset& dataset, std::span<const int64_t> indices, const Preprocessing& preprocessing,
                int threads = 1);

}  // namespace quantlens
