// A folder of image files: class subfolders give labels (ImageFolder layout), a flat folder is unlabeled.
#pragma once

#include <filesystem>

#include "core/data/dataset.h"

namespace quantlens {

class ImageFolderDataset : public Dataset {
public:
  // Scans `folder` (decoding nothing yet). Labeled layout: every non-hidden subfolder is a class,
  // classes sorted by name, each class's images found recursively and sorted by path. Flat
  // layout: the image files directly in `folder`, sorted by name, unlabeled. Files whose
  // extension is not an image's are ignored. Throws Error when the folder cannot be read, has
  // no images, mixes images with class subfolders, or has a class subfolder without images.
  explicit ImageFolderDataset(std::filesystem::path folder);

  int64_t size() const override { return static_cast<int64_t>(m_files.size()); }
  bool hasLabels() const override { return !m_classNames.empty(); }
  int64_t label(int64_t index) const override;
  const std::vector<std::string>& classNames() const override { return m_classNames; }
  Image load(int64_t index) const override;
  std::string sampleName(int64_t index) const override;
  std::string describe() const override;

  const std::filesystem::path& folder() const { return m_folder; }
  const std::filesystem::path& file(int64_t index) const;

private:
  std::filesystem::path m_folder;
  std::vector<std::string> m_classNames;
  std::vector<std::filesystem::path> m_files;
  std::vector<int64_t> m_labels;  // empty when unlabeled
};

}  // namespace quantlens
