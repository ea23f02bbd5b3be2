// Reading input tensor files and writing output tensor files.
#include "app/cli/tensor_files.h"

#include <iostream>

#include "core/error.h"
#include "core/graph/tensor_proto.h"

namespace quantlens::cli {
namespace {

std::vector<std::string> splitList(const std::string& text) {
  std::vector<std::string> items;
  size_t start = 0;
  while (start <= text.size()) {
    const size_t comma = text.find(',', start);
    const size_t end = comma == std::string::npos ? text.size() : comma;
    if (end > start) items.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return items;
}

}  // namespace

std::vector<Tensor> readInputTensors(const std::string& fileList, const Graph& graph) {
  const std::vector<std::string> files = splitList(fileList);
  if (files.size() != graph.inputs.size())
    throw Error("the model has " + std::to_string(graph.inputs.size()) + " input(s) but --tensors names " +
                std::to_string(files.size()) + " file(s)");
  std::vector<Tensor> inputs;
  for (const std::string& file : files) inputs.push_back(readTensorFile(file));
  return inputs;
}

void saveOutputTensors(const std::vector<Tensor>& outputs, const Graph& graph, const std::filesystem::path& dir) {
  std::filesystem::create_directories(dir);
  for (size_t i = 0; i < outputs.size(); ++i) {
    const auto path = dir / ("output_" + std::to_string(i) + ".pb");
    writeTensorFile(outputs[i], graph.outputs[i].name, path);
    std::cout << graph.outputs[i].name << " " << dataTypeName(outputs[i].dtype()) << " "
              << shapeToString(outputs[i].shape()) << " → " << path.string() << "\n";
  }
}

}  // namespace quantlens::cli
