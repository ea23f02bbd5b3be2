// Scanning an image folder into sorted (file, label) pairs.
#include "core/data/image_folder_dataset.h"

#include <algorithm>
#include <cassert>

#include "core/data/image_file.h"
#include "core/error.h"

namespace quantlens {
namespace fs = std::filesystem;
namespace {

std::string quoted(const fs::path& path) { return "'" + path.string() + "'"; }

bool isHidden(const fs::path& path) {
  const std::string name = path.filename().string();
  return !name.empty() && name[0] == '.';
}

// Paths are ordered by their bytes, not the locale, so the order is the same everywhere
// (and matches Python's sorted() on UTF-8 names, which torchvision's ImageFolder uses).
void sortPaths(std::vector<fs::path>& paths) {
  std::sort(paths.begin(), paths.end(),
            [](const fs::path& a, const fs::path& b) { return a.generic_string() < b.generic_string(); });
}

struct FolderEntries {
  std::vector<fs::path> images;
  std::vector<fs::path> subfolders;
  size_t otherFiles = 0;
};

FolderEntries listFolder(const fs::path& folder) {
  FolderEntries entries;
  for (const fs::directory_entry& entry : fs::directory_iterator(folder)) {
    if (isHidden(entry.path())) continue;  // .DS_Store, .git, editor droppings
    if (entry.is_directory()) entries.subfolders.push_back(entry.path());
    else if (hasImageFileExtension(entry.path())) entries.images.push_back(entry.path());
    else ++entries.otherFiles;
  }
  sortPaths(entries.images);
  sortPaths(entries.subfolders);
  return entries;
}

std::vector<fs::path> imagesBelow(const fs::path& folder) {
  std::vector<fs::path> images;
  const auto options = fs::directory_options::follow_directory_symlink;
  for (auto it = fs::recursive_directory_iterator(folder, options); it != fs::recursive_directory_iterator();
       ++it) {
    if (isHidden(it->path())) {
      if (it->is_directory()) it.disable_recursion_pending();
      continue;
    }
    if (!it->is_directory() && hasImageFileExtension(it->path())) images.push_back(it->path());
  }
  sortPaths(images);
  return images;
}

std::string extensionList() {
  std::string text;
  for (std::string_view ext : imageFileExtensions()) text += (text.empty() ? "" : ", ") + std::string(ext);
  return text;
}

}  // namespace

ImageFolderDataset::ImageFolderDataset(fs::path folder) : m_folder(std::move(folder)) {
  try {
    std::error_code ec;
    if (!fs::is_directory(m_folder, ec))
      throw Error(fs::exists(m_folder, ec) ? "it is not a folder" : "the folder does not exist");

    const FolderEntries top = listFolder(m_folder);
    std::vector<std::pair<fs::path, std::vector<fs::path>>> classes;
    for (const fs::path& sub : top.subfolders) classes.emplace_back(sub, imagesBelow(sub));

    if (!top.images.empty()) {
      for (const auto& [sub, images] : classes) {
        if (!images.empty())
          throw Error("it mixes " + std::to_string(top.images.size()) +
                      " image file(s) at its top level with subfolder(s) holding images (such as " +
                      quoted(sub.filename()) +
                      "); use either one subfolder per class (labeled) or only image files (unlabeled)");
      }
      m_files = top.images;  // flat: unlabeled, empty subfolders ignored
      return;
    }
    if (classes.empty())
      throw Error("it contains no image files (looked for " + extensionList() + ", in any letter case" +
                  (top.otherFiles ? "; found " + std::to_string(top.otherFiles) + " other file(s)" : "") + ")");

    for (const auto& [sub, images] : classes) {
      // An empty class would shift every later class index, silently mislabeling samples.
      if (images.empty())
        throw Error("class subfolder " + quoted(sub.filename()) + " contains no image files; every "
                    "subfolder is a class and needs at least one image (" + extensionList() + ")");
      const auto label = static_cast<int64_t>(m_classNames.size());
      m_classNames.push_back(sub.filename().string());
      m_files.insert(m_files.end(), images.begin(), images.end());
      m_labels.insert(m_labels.end(), images.size(), label);
    }
  } catch (const fs::filesystem_error& e) {
    throw Error("cannot read image folder " + quoted(m_folder) + ": " + e.code().message() +
                (e.path1().empty() ? "" : " (" + e.path1().string() + ")"));
  } catch (Error& e) {
    throw Error("image folder " + quoted(m_folder) + ": " + e.message(), e.kind());
  }
}

int64_t ImageFolderDataset::label(int64_t index) const {
  assert(index >= 0 && index < size() && "sample index out of range");
  return m_labels.empty() ? -1 : m_labels[static_cast<size_t>(index)];
}

const fs::path& ImageFolderDataset::file(int64_t index) const {
  assert(index >= 0 && index < size() && "sample index out of range");
  return m_files[static_cast<size_t>(index)];
}

Image ImageFolderDataset::load(int64_t index) const { return readImageFile(file(index)); }

std::string ImageFolderDataset::sampleName(int64_t index) const { return file(index).string(); }

std::string ImageFolderDataset::describe() const {
  std::string text = "image folder " + quoted(m_folder) + " (" + std::to_string(size()) + " images, ";
  text += hasLabels() ? std::to_string(m_classNames.size()) + " classes)" : "unlabeled)";
  return text;
}

}  // namespace quantlens
