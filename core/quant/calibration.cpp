// Calibration pass: the FP32 executor's hooks feed each planned tensor into its statistics as it is produced.
//
// A tensor that shares qparams (QuantizedActivation::sharesQParamsWith) feeds its values into the
// statistics of its root, after the root's own values: PyTorch's shared-qparams ops point their
// output observer at the input's observer instance, so that one observer sees the Conv output,
// then the MaxPool output, then the Flatten output, batch after batch (its moving average takes
// one step per tensor, its histogram merges each). ONNX Runtime instead calibrates the source
// alone; the two agree on min/max, which no shared op widens. A sharing tensor is fed with its
// own shape when its axis 1 has the root's channel count (pools, Relu, Clip, Squeeze of trailing
// 1s); otherwise (Flatten, Reshape, Transpose moving the channels) with the root's shape of the
// same batch, since it holds the same values, so per-channel ranges stay the root's channels.
//
// Statistics cost about half a plain FP32 run of a small CNN (four histograms per value), so by
// default they are computed on a background thread while the executor goes on (StatisticsWorker):
// updates are applied in the order they were posted, which keeps every statistic's sequence, hence
// the result, identical to the inline path.
#include "core/quant/calibration.h"

#include <chrono>
#include <set>
#include <thread>
#include <utility>

#include "core/quant/statistics_worker.h"

namespace quantlens {
namespace {

// Where one planned tensor's values go.
struct Feed {
  std::string tensor;
  TensorStatistics* statistics = nullptr;  // the root's
  Shape* rootShape = nullptr;  // the group's latest shape with the root's channels, this batch
  bool isRoot = true;
};

void update(const Feed& feed, const Tensor& value) {
  if (feed.isRoot) {
    *feed.rootShape = value.shape();
    feed.statistics->update(value);
    return;
  }
  if (value.dtype() != DataType::Float32)
    throw Error("calibration statistics of '" + feed.tensor + "' need a float32 tensor, got " +
                std::string(dataTypeName(value.dtype())));
  const bool sameChannels = value.rank() >= 2 && value.dim(1) == feed.statistics->channelCount();
  if (sameChannels) {
    // The group's latest channel layout: a Flatten after a MaxPool holds the pooled values.
    *feed.rootShape = value.shape();
    feed.statistics->update(value.values<float>(), value.shape());
    return;
  }
  const bool sameValues = elementCount(*feed.rootShape) == value.numel();
  feed.statistics->update(value.values<float>(), sameValues ? *feed.rootShape : value.shape());
}

}  // namespace

size_t CalibrationResult::memoryBytes() const {
  size_t bytes = sizeof(*this);
  for (const auto& [tensor, tensorStatistics] : statistics) {
    // A map node: three pointers and a color next to the key and the value.
    bytes += 4 * sizeof(void*) + sizeof(std::string) + tensor.capacity() + tensorStatistics.memoryBytes();
    bytes += tensorStatistics.name().capacity();
  }
  return bytes;
}

CalibrationResult calibrate(const Executor& executor, const QuantPlan& plan, const Dataset& dataset,
                            std::span<const int64_t> indices, const Preprocessor& preprocessor,
                            const BatchLoopOptions& options, CalibrationThreading threading) {
  const Graph& graph = executor.graph();
  if (graph.inputs.size() != 1)
    throw Error("calibration on images needs a model with one input; this one has " +
                std::to_string(graph.inputs.size()));
  const auto start = std::chrono::steady_clock::now();

  // Every planned tensor must be one the executor produces: a plan made for another graph would
  // otherwise leave statistics silently empty.
  std::set<std::string> produced;
  for (const ValueInfo& input : graph.inputs) produced.insert(input.name);
  for (const Node& node : graph.nodes) produced.insert(node.outputs.begin(), node.outputs.end());

  CalibrationResult result;
  std::map<std::string, Shape> rootShapes;
  std::map<std::string, Feed> feeds;
  for (const QuantizedActivation& activation : plan.activations) {
    if (!produced.count(activation.tensor))
      throw Error("the quantization plan's tensor '" + activation.tensor + "' is not a value of model '" +
                      graph.name + "': the plan was made for another graph",
                  ErrorKind::Internal);
    if (!activation.observed()) continue;
    TensorStatistics& statistics = result.statistics[activation.tensor];
    statistics.setName(activation.tensor);
    feeds[activation.tensor] = {activation.tensor, &statistics, &rootShapes[activation.tensor], true};
  }
  for (const QuantizedActivation& activation : plan.activations) {
    if (activation.observed()) continue;
    auto root = feeds.find(activation.sharesQParamsWith);
    if (root == feeds.end() || !root->second.isRoot)
      throw Error("the quantization plan's tensor '" + activation.tensor + "' shares qparams with '" +
                      activation.sharesQParamsWith + "', which is not observed",
                  ErrorKind::Internal);
    feeds[activation.tensor] = {activation.tensor, root->second.statistics, root->second.rootShape, false};
  }

  // The feeds of each node's outputs, by node index, so the hook does no name lookups.
  std::vector<std::vector<std::pair<size_t, const Feed*>>> nodeFeeds(graph.nodes.size());
  for (size_t i = 0; i < graph.nodes.size(); ++i)
    for (size_t o = 0; o < graph.nodes[i].outputs.size(); ++o) {
      auto it = feeds.find(graph.nodes[i].outputs[o]);
      if (it != feeds.end()) nodeFeeds[i].emplace_back(o, &it->second);
    }

  StatisticsWorker worker(threading == CalibrationThreading::Overlapped && std::thread::hardware_concurrency() > 1,
                          kCalibrationQueueBytes);
  const auto post = [&](const Feed& feed, const Tensor& value) {
    worker.post(value, [&feed](const Tensor& posted) { update(feed, posted); });
  };
  ExecutionHooks hooks;
  hooks.onGraphInput = [&](const std::string& name, Tensor& value) {
    auto it = feeds.find(name);
    if (it != feeds.end()) post(it->second, value);
  };
  hooks.afterNode = [&](const Node& node, std::span<Tensor> outputs) {
    const auto index = static_cast<size_t>(&node - graph.nodes.data());
    for (const auto& [output, feed] : nodeFeeds[index]) post(*feed, outputs[output]);
  };

  try {
    result.skipped = forEachBatch(dataset, indices, preprocessor, options, [&](Batch& batch) {
      result.samples += batch.size();
      executor.run({std::move(batch.input)}, &hooks);
    });
    worker.finish();
  } catch (Error& e) {
    if (e.kind() != ErrorKind::Cancelled) e.addContext("while calibrating on " + dataset.describe());
    throw;
  }
  if (result.samples == 0)
    throw Error(indices.empty() ? "calibration needs at least one sample; none were selected from " +
                                      dataset.describe()
                                : "calibration could use none of the " + std::to_string(indices.size()) +
                                      " samples selected from " + dataset.describe() +
                                      ": every one failed to decode");
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

}  // namespace quantlens
