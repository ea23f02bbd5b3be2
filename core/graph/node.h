// One operator application in a graph: plain data, as in ONNX's NodeProto.
#pragma once

#include <string>
#include <vector>

#include "core/graph/attributes.h"

namespace quantlens {

struct Node {
  std::string name;    // never empty after import (generated from the op type when missing)
  std::string opType;  // "Conv"
  std::string domain;  // "" for the default ONNX domain
  std::vector<std::string> inputs;   // "" marks an absent optional input
  std::vector<std::string> outputs;  // "" marks an absent optional output
  Attributes attributes;

  // "Conv node 'conv1'": how messages name a node.
  std::string label() const { return opType + " node '" + name + "'"; }
};

}  // namespace quantlens
