// What `info` and the window's model panel show about a model: I/O, operator counts, size, support.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/graph/graph.h"

namespace quantlens {

struct ModelSummary {
  std::string path;
  std::string producer;  // "pytorch 1.13.1"
  int64_t irVersion = 0;
  int64_t opset = 0;
  std::vector<ValueInfo> inputs;
  std::vector<ValueInfo> outputs;
  std::map<std::string, int> operatorCounts;  // as written in the file
  int nodeCount = 0;
  int64_t parameters = 0;  // elements of float weights
  int64_t fp32Bytes = 0;   // bytes of those weights as float32
  int64_t fileBytes = 0;
  std::vector<UnsupportedOperator> unsupported;
};

// `model` as imported (before passes), so counts match the file.
ModelSummary summarizeModel(const Model& model);

}  // namespace quantlens
