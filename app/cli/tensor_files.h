// ONNX TensorProto files in and out of the CLI (--tensors A.pb[,B.pb] … --save-outputs DIR), as in the
// ONNX backend test data.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "core/graph/graph.h"

namespace quantlens::cli {

// Reads the comma-separated files, one per graph input in order. Error when the count differs.
std::vector<Tensor> readInputTensors(const std::string& fileList, const Graph& graph);

// Writes DIR/output_<i>.pb in the order of the graph outputs and prints one line per file.
void saveOutputTensors(const std::vector<Tensor>& outputs, const Graph& graph, const std::filesystem::path& dir);

}  // namespace quantlens::cli
