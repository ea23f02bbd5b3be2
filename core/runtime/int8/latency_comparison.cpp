// Timing FP32 and int8 runs side by side.
#include "core/runtime/int8/latency_comparison.h"

#include <algorithm>
#include <chrono>

#include "core/error.h"

namespace quantlens {
namespace {

using Clock = std::chrono::steady_clock;

double millisecondsSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

double median(std::vector<double> values) {
  if (values.empty()) return 0.0;
  const size_t middle = values.size() / 2;
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(middle), values.end());
  const double upper = values[middle];
  if (values.size() % 2 == 1) return upper;
  return 0.5 * (upper + *std::max_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(middle)));
}

void checkCancelled(const LatencyOptions& options) {
  if (options.cancel) options.cancel->throwIfCancelled();
}

}  // namespace

LatencyComparison compareLatency(const Executor& fp32, const Int8Model& int8, const Tensor& input,
                                 const LatencyOptions& options) {
  if (fp32.graph().nodes.size() != int8.nodes().size())
    throw Error("the FP32 graph has " + std::to_string(fp32.graph().nodes.size()) + " nodes but the int8 model " +
                    std::to_string(int8.nodes().size()),
                ErrorKind::Internal);
  LatencyComparison result;
  result.batch = input.rank() > 0 ? input.dim(0) : 1;
  for (int i = 0; i < options.warmup; ++i) {
    checkCancelled(options);
    fp32.run({input});
    int8.run({input});
  }

  std::vector<double> fp32Runs, int8Runs;
  for (int i = 0; i < options.iterations; ++i) {
    checkCancelled(options);
    Clock::time_point start = Clock::now();
    fp32.run({input});
    fp32Runs.push_back(millisecondsSince(start));
    start = Clock::now();
    int8.run({input});
    int8Runs.push_back(millisecondsSince(start));
  }
  result.fp32Ms = median(fp32Runs);
  result.int8Ms = median(int8Runs);
  if (!options.perNode) return result;

  const size_t nodes = int8.nodes().size();
  std::vector<std::vector<double>> fp32Nodes(nodes), int8Nodes(nodes);
  std::vector<double> quantizeRuns, dequantizeRuns;
  Clock::time_point last;
  ExecutionHooks timer;
  const Node* first = fp32.graph().nodes.data();
  timer.afterNode = [&](const Node& node, std::span<Tensor>) {
    const Clock::time_point now = Clock::now();
    fp32Nodes[static_cast<size_t>(&node - first)].push_back(
        std::chrono::duration<double, std::milli>(now - last).count());
    last = now;
  };
  Int8Profile profile;
  for (int i = 0; i < options.iterations; ++i) {
    checkCancelled(options);
    last = Clock::now();  // the first node's time includes the executor's input checks
    fp32.run({input}, &timer);
    int8.run({input}, nullptr, &profile);
    for (size_t n = 0; n < nodes; ++n) int8Nodes[n].push_back(1e3 * profile.nodeSeconds[n]);
    quantizeRuns.push_back(1e3 * profile.inputSeconds);
    dequantizeRuns.push_back(1e3 * profile.outputSeconds);
  }
  result.quantizeInputMs = median(quantizeRuns);
  result.dequantizeOutputMs = median(dequantizeRuns);
  for (size_t n = 0; n < nodes; ++n) {
    const Int8NodeInfo& info = int8.nodes()[n];
    result.nodes.push_back({info.name, info.op, info.backend, info.detail, median(fp32Nodes[n]), median(int8Nodes[n])});
  }
  return result;
}

}  // namespace quantlens
