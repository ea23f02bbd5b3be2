// Constant folding: nodes whose inputs are all known ahead of time become initializers.
#pragma once

#include "core/graph/graph.h"
#include "core/runtime/op_registry.h"

namespace quantlens {

// Folds every supported node whose inputs are all initializers (in topological order, so chains
// fold completely). Quantize/DequantizeLinear are kept: they carry a quantized model's meaning.
// Returns how many nodes were folded.
int foldConstants(Graph& graph, const OpRegistry& registry = OpRegistry::builtin());

// Whether the pass may fold this node at all (it never folds nodes it cannot run).
bool isFoldable(const Node& node, const OpRegistry& registry);

}  // namespace quantlens
