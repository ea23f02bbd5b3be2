// Reads an .onnx file into the engine's Graph: weights from initializers and Constant nodes alike.
#pragma once

#include <filesystem>

#include "core/graph/graph.h"

namespace onnx {
class ModelProto;
}

namespace quantlens {

// Throws Error (naming the file) for an unreadable, truncated or invalid model. Operators are not
// checked here: Executor lists every unsupported one at once.
Model importOnnxFile(const std::filesystem::path& path);
Model importOnnxModel(const onnx::ModelProto& proto, const std::filesystem::path& modelDir);

}  // namespace quantlens
