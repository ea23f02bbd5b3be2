// FP32 vs int8 latency of one model on one input: whole-model medians and a per-node breakdown.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/progress.h"
#include "core/runtime/executor.h"
#include "core/runtime/int8/int8_model.h"

namespace quantlens {

struct LatencyOptions {
  int iterations = 20;  // timed runs of each executor; the median is reported
  int warmup = 2;       // untimed runs of each first (caches, page faults, the allocator's free lists)
  bool perNode = true;  // also `iterations` runs of each with every node timed
  const CancellationToken* cancel = nullptr;  // checked between runs
};

struct NodeLatency {
  std::string name;
  std::string op;
  Int8Backend backend = Int8Backend::Float;
  std::string detail;   // Int8NodeInfo::detail
  double fp32Ms = 0.0;  // median over the timed runs
  double int8Ms = 0.0;  // 0 for a node fused into another one
};

struct LatencyComparison {
  int64_t batch = 0;
  double fp32Ms = 0.0;  // median wall time of a whole run
  double int8Ms = 0.0;
  double quantizeInputMs = 0.0;     // int8: graph inputs to codes (median; with perNode)
  double dequantizeOutputMs = 0.0;  // int8: graph outputs back to float
  std::vector<NodeLatency> nodes;   // graph order; empty without perNode
  double ratio() const { return fp32Ms > 0.0 ? int8Ms / fp32Ms : 0.0; }
};

// Runs both executors (over the same prepared graph: `fp32` on it, `int8` converted from it) on
// `input`, alternating run by run so that both see the same machine state. The whole-model times
// come from runs without instrumentation; the per-node times from separate runs that read the clock
// after every node (the float executor's afterNode hook, the int8 model's profile). Throws
// cancelledError() when the token is set.
LatencyComparison compareLatency(const Executor& fp32, const Int8Model& int8, const Tensor& input,
                                 const LatencyOptions& options);

}  // namespace quantlens
