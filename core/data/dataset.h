// The samples a model is calibrated or evaluated on: images in a fixed order, with optional class labels.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/data/image.h"

namespace quantlens {

// Implementations are immutable after construction, so load() may be called from several
// threads at once (batches are decoded in parallel).
class Dataset {
public:
  virtual ~Dataset() = default;

  virtual int64_t size() const = 0;
  virtual bool hasLabels() const = 0;
  // The class index of sample `index`, or -1 when the dataset is unlabeled.
  virtual int64_t label(int64_t index) const = 0;
  // Class names in label order (empty when unlabeled).
  virtual const std::vector<std::string>& classNames() const = 0;

  // Decodes sample `index` (0 <= index < size()); throws Error naming the file when it cannot.
  virtual Image load(int64_t index) const = 0;
  // Where sample `index` comes from, for warnings and the GUI: a file path, or "file #index".
  virtual std::string sampleName(int64_t index) const = 0;
  // One line for messages and reports: "image folder 'data/val' (500 images, 10 classes)".
  virtual std::string describe() const = 0;
};

}  // namespace quantlens
