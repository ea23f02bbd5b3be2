// Opening whatever dataset a path names: an image folder or an IDX images file.
#pragma once

#include <filesystem>
#include <memory>

#include "core/data/dataset.h"

namespace quantlens {

// A folder -> ImageFolderDataset; an IDX images file (`*-images-idx3-ubyte[.gz]`, or any file
// whose data starts with the IDX images magic number) -> IdxDataset. Throws Error saying what
// the path is and what is expected otherwise (a single image, an IDX labels file, ...).
std::unique_ptr<Dataset> openDataset(const std::filesystem::path& path);

}  // namespace quantlens
