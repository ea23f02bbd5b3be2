// Folds inference-mode BatchNormalization into the Conv or Gemm that feeds it.
#pragma once

#include "core/graph/graph.h"

namespace quantlens {

// For every Conv/Gemm → BatchNormalization pair where the BN is the only reader and all weights
// are initializers: W'[c] = W[c]·s[c], b'[c] = (b[c] − mean[c])·s[c] + beta[c] with
// s = gamma / sqrt(var + eps). The BN node disappears; its output name is kept. Returns the count.
int foldBatchNorm(Graph& graph);

}  // namespace quantlens
