// Writes the first COUNT samples of a data set (an image folder or IDX file) as one preprocessed input
// batch for the ONNX Runtime interop test: OUT/input_0.pb (an ONNX TensorProto [n, C, H, W], with the
// preprocessing `quantize` and `run` suggest for the model) and OUT/labels.json (the n labels in the
// same order, as `quantize --eval-count COUNT` takes them). Usage:
//   interop_input_batch MODEL IMAGES COUNT OUT
#include <algorithm>
#include <fstream>
#include <iostream>
#include <numeric>

#include "core/config/data_options.h"
#include "core/data/batch.h"
#include "core/data/open_dataset.h"
#include "core/error.h"
#include "core/graph/onnx_import.h"
#include "core/graph/tensor_proto.h"

int main(int argc, char** argv) {
  using namespace quantlens;
  if (argc != 5) {
    std::cerr << "usage: interop_input_batch MODEL IMAGES COUNT OUT\n";
    return 1;
  }
  try {
    const Model model = importOnnxFile(argv[1]);
    const Preprocessing preprocessing =
        preprocessingFromCommandLine(CommandLine::parse({}, dataOptionSpecs()), model.graph);
    const auto dataset = openDataset(argv[2]);
    const int64_t count = std::min<int64_t>(std::stoll(argv[3]), dataset->size());
    std::vector<int64_t> indices(static_cast<size_t>(count));
    std::iota(indices.begin(), indices.end(), 0);
    const Batch batch = loadBatch(*dataset, indices, preprocessing);
    if (batch.skipped > 0) throw Error(std::to_string(batch.skipped) + " image(s) could not be decoded");
    const std::filesystem::path out = argv[4];
    std::filesystem::create_directories(out);
    writeTensorFile(batch.input, model.graph.inputs.at(0).name, out / "input_0.pb");
    std::ofstream labels(out / "labels.json");
    labels << "[";
    for (size_t i = 0; i < batch.labels.size(); ++i) labels << (i ? "," : "") << batch.labels[i];
    labels << "]\n";
    std::cout << batch.size() << " images → " << (out / "input_0.pb").string() << " ("
              << shapeToString(batch.input.shape()) << ", " << preprocessing.describe() << ")\n";
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "interop_input_batch: " << e.what() << "\n";
    return 2;
  }
}
