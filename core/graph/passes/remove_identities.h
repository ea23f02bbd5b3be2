// Removes Identity and inference-time Dropout nodes by rewiring their readers.
#pragma once

#include "core/graph/graph.h"

namespace quantlens {

// Returns how many nodes were removed. A node whose removal would rename a graph input or
// output onto another graph input/output is kept (it still runs, as a copy).
int removeIdentities(Graph& graph);

}  // namespace quantlens
