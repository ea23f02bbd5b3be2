// MNIST-style IDX files: `*-images-idx3-ubyte[.gz]` with labels from `*-labels-idx1-ubyte[.gz]` beside it.
#pragma once

#include <filesystem>
#include <optional>

#include "core/data/dataset.h"

namespace quantlens {

// All images are read into memory when the dataset is opened (Fashion-MNIST's 60000 training
// images take 47 MB), so load() is a copy.
class IdxDataset : public Dataset {
public:
  // Reads `imagesFile` (gzip or plain) and, when it exists, the labels file labelsFileFor()
  // names; without one the dataset is unlabeled. Throws Error naming the file and the rule on a
  // wrong magic number, bad dimensions, truncated or corrupt data, or a label count mismatch.
  explicit IdxDataset(std::filesystem::path imagesFile);
  IdxDataset(std::filesystem::path imagesFile, std::filesystem::path labelsFile);

  // The labels file beside `imagesFile` ("t10k-images-idx3-ubyte.gz" -> "t10k-labels-idx1-ubyte.gz",
  // the same compression tried first), or nullopt when none exists.
  static std::optional<std::filesystem::path> labelsFileFor(const std::filesystem::path& imagesFile);

  int64_t size() const override { return m_count; }
  bool hasLabels() const override { return !m_labels.empty(); }
  int64_t label(int64_t index) const override;
  const std::vector<std::string>& classNames() const override { return m_classNames; }
  Image load(int64_t index) const override;
  std::string sampleName(int64_t index) const override;
  std::string describe() const override;

  int height() const { return m_rows; }
  int width() const { return m_cols; }
  const std::filesystem::path& imagesFile() const { return m_imagesFile; }
  const std::optional<std::filesystem::path>& labelsFile() const { return m_labelsFile; }

private:
  void readImages();
  void readLabels();

  std::filesystem::path m_imagesFile;
  std::optional<std::filesystem::path> m_labelsFile;
  int64_t m_count = 0;
  int m_rows = 0;
  int m_cols = 0;
  std::vector<uint8_t> m_pixels;  // m_count images of m_rows x m_cols, one byte per pixel
  std::vector<uint8_t> m_labels;  // empty when unlabeled
  std::vector<std::string> m_classNames;
};

}  // namespace quantlens
