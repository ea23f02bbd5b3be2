// Dataset kind detection by path and content.
#include "core/data/open_dataset.h"

#include <algorithm>
#include <cctype>
#include <string>

#include <zlib.h>

#include "core/data/idx_dataset.h"
#include "core/data/image_file.h"
#include "core/data/image_folder_dataset.h"
#include "core/error.h"

namespace quantlens {
namespace fs = std::filesystem;
namespace {

std::string lowerFileName(const fs::path& path) {
  std::string name = path.filename().string();
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return name;
}

// The first four (decompressed) bytes as a big-endian number, or 0 when unreadable.
uint32_t leadingMagic(const fs::path& path) {
  gzFile file = gzopen(path.c_str(), "rb");  // passes plain files through unchanged
  if (!file) return 0;
  unsigned char b[4] = {};
  const int n = gzread(file, b, 4);
  gzclose(file);
  if (n != 4) return 0;
  return (uint32_t{b[0]} << 24) | (uint32_t{b[1]} << 16) | (uint32_t{b[2]} << 8) | uint32_t{b[3]};
}

}  // namespace

std::unique_ptr<Dataset> openDataset(const fs::path& path) {
  std::error_code ec;
  const std::string shown = "'" + path.string() + "'";
  if (fs::is_directory(path, ec)) return std::make_unique<ImageFolderDataset>(path);
  if (!fs::exists(path, ec)) throw Error("dataset " + shown + " does not exist");
  if (!fs::is_regular_file(path, ec))
    throw Error("dataset " + shown + " is neither a folder nor a regular file");

  const std::string name = lowerFileName(path);
  const bool idxImagesName = name.find("idx3") != std::string::npos;
  const uint32_t magic = leadingMagic(path);
  constexpr uint32_t kIdxImages = 0x00000803;
  constexpr uint32_t kIdxLabels = 0x00000801;
  // The name decides when it says IDX, so a damaged IDX file gets IdxDataset's precise message.
  if (idxImagesName || magic == kIdxImages) return std::make_unique<IdxDataset>(path);
  if (name.find("idx1") != std::string::npos || magic == kIdxLabels)
    throw Error("dataset " + shown + " is an IDX labels file; pass the images file beside it "
                "(*-images-idx3-ubyte[.gz]), whose labels are then read from this one");
  if (hasImageFileExtension(path))
    throw Error("dataset " + shown + " is a single image; pass the folder that holds the images");
  throw Error("dataset " + shown + " is neither a folder of images nor an IDX images file "
              "(*-images-idx3-ubyte or *-images-idx3-ubyte.gz)");
}

}  // namespace quantlens
