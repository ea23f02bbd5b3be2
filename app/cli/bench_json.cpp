// JSON of `bench`.
#include "app/cli/bench_json.h"

#include "app/cli/quantize_json.h"

namespace quantlens::cli {
namespace {

using Json = nlohmann::ordered_json;

Json executorJson(double singleMs, const std::optional<LatencyComparison>& batch, double batchMs, int threads) {
  Json json = {{"latency_ms", singleMs}, {"threads", threads}};
  json["batch_latency_ms"] = batch ? Json(batchMs) : Json(singleMs);
  json["batch_per_sample_ms"] = batch ? Json(batchMs / static_cast<double>(batch->batch)) : Json(singleMs);
  return json;
}

Json layersJson(const LatencyComparison& latency) {
  Json layers = Json::array();
  for (const NodeLatency& node : latency.nodes)
    layers.push_back({{"name", node.name},
                      {"op", node.op},
                      {"backend", std::string(int8BackendName(node.backend))},
                      {"detail", node.detail},
                      {"fp32_ms", node.fp32Ms},
                      {"int8_ms", node.int8Ms}});
  return layers;
}

}  // namespace

nlohmann::ordered_json benchJson(const BenchResult& r) {
  const int64_t batchSize = r.batch ? r.batch->batch : 1;
  Json int8 = executorJson(r.single.int8Ms, r.batch, r.batch ? r.batch->int8Ms : 0.0, r.threads);
  int8["quantize_input_ms"] = r.single.quantizeInputMs;
  int8["dequantize_output_ms"] = r.single.dequantizeOutputMs;
  int integerNodes = 0, floatNodes = 0;
  for (const NodeLatency& node : r.single.nodes) {
    integerNodes += node.backend == Int8Backend::Int8;
    floatNodes += node.backend == Int8Backend::Float;
  }
  int8["integer_nodes"] = integerNodes;
  int8["float_nodes"] = floatNodes;
  Json json = {{"model", {{"path", r.model.path.string()}, {"params", r.graph.parameterCount()}}},
               {"config", quantConfigJson(r.state.config)},
               {"preprocessing", r.preprocessing.describe()},
               {"calibration", {{"samples", r.calibration.samples}, {"seconds", r.calibration.seconds}}},
               {"iterations", r.iterations},
               {"warmup", r.warmup},
               {"batch", batchSize},
               {"fp32", executorJson(r.single.fp32Ms, r.batch, r.batch ? r.batch->fp32Ms : 0.0, 1)},
               {"int8", int8},
               {"ratio", r.single.ratio()},
               {"batch_ratio", r.batch ? r.batch->ratio() : r.single.ratio()},
               {"layers_batch", 1},
               {"layers", layersJson(r.single)}};
  if (r.exported)
    json["export"] = {{"path", r.exported->path}, {"opset", r.exported->opset}, {"bytes", r.exported->fileBytes}};
  return json;
}

}  // namespace quantlens::cli
