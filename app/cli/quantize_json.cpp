// JSON of `quantize`.
#include "app/cli/quantize_json.h"

#include "app/cli/json_output.h"
#include "core/config/quant_options.h"

namespace quantlens::cli {
namespace {

using Json = nlohmann::ordered_json;

Json weightJson(const WeightQuant& weight) {
  const QuantScheme& scheme = weight.qparams.scheme;
  return {{"dtype", quantDtypeName(scheme.dtype, scheme.bits)},
          {"granularity", granularityName(scheme.granularity)},
          {"axis", scheme.granularity.kind == GranularityKind::PerTensor ? Json(nullptr) : Json(scheme.granularity.axis)},
          {"scales", weight.qparams.scales},
          {"zero_points", weight.qparams.zeroPoints},
          {"sqnr_db", weight.error.sqnrDb},
          {"mse", weight.error.mse},
          {"max_abs_error", weight.error.maxAbsError}};
}

Json activationJson(const ActivationQuant& activation, const LayerActivationError* error) {
  Json json = {{"tensor", activation.tensor},
               {"min", activation.observed.min},
               {"max", activation.observed.max},
               {"clip_min", activation.clip.min},
               {"clip_max", activation.clip.max},
               {"scale", activation.qparams.scales.at(0)},
               {"zero_point", activation.qparams.zeroPoints.at(0)}};
  json["sqnr_db"] = error ? Json(error->accumulated.sqnrDb) : Json(nullptr);
  json["sqnr_isolated_db"] = error ? Json(error->isolated.sqnrDb) : Json(nullptr);
  json["cosine"] = error ? Json(error->accumulated.cosineSimilarity) : Json(nullptr);
  return json;
}

Json layersJson(const QuantizeResult& r) {
  Json layers = Json::array();
  for (size_t i = 0; i < r.plan.layers.size(); ++i) {
    const QuantizedLayer& planned = r.plan.layers[i];
    const LayerQuant& layer = r.state.layers.at(i);
    const LayerActivationError* error = nullptr;
    for (const LayerActivationError& e : r.activationErrors)
      if (e.layer == planned.name) error = &e;
    const auto activation = r.state.activations.find(planned.output);
    layers.push_back({{"name", planned.name},
                      {"op", planned.op},
                      {"quantized", layer.quantized},
                      {"weight", layer.weight ? weightJson(*layer.weight) : Json(nullptr)},
                      {"activation", activation != r.state.activations.end() ? activationJson(activation->second, error)
                                                                             : Json(nullptr)}});
  }
  return layers;
}

Json scoreJson(const ClassificationScore& score) {
  return {{"top1", optionalJson(score.top1())}, {"top5", optionalJson(score.top5())}, {"samples", score.labeledSamples()}};
}

Json observersJson(const std::vector<ObserverComparisonRow>& rows) {
  Json json = Json::array();
  for (const ObserverComparisonRow& row : rows)
    json.push_back({{"observer", std::string(observerKindName(row.observer))},
                    {"configured", row.configured},
                    {"error", row.error.empty() ? Json(nullptr) : Json(row.error)},
                    {"clip_width_ratio", optionalJson(row.clipWidthRatio)},
                    {"top1", optionalJson(row.top1)},
                    {"agreement", optionalJson(row.agreement)},
                    {"last_layer_sqnr_db", optionalJson(row.lastLayerSqnrDb)},
                    {"mean_layer_sqnr_db", optionalJson(row.meanLayerSqnrDb)},
                    {"worst_layer", row.worstLayer.empty() ? Json(nullptr) : Json(row.worstLayer)},
                    {"worst_layer_sqnr_db", optionalJson(row.worstLayerSqnrDb)}});
  return json;
}

Json int8Json(const QuantizeResult& r) {
  if (!r.int8) return nullptr;
  Json json = r.int8->score.labeledSamples() > 0 ? scoreJson(r.int8->score) : Json{{"top1", nullptr}, {"top5", nullptr}};
  json["agreement_with_quantized"] = r.int8AgreementWithQuantized;
  json["seconds"] = r.int8->seconds;
  return json;
}

}  // namespace

nlohmann::ordered_json quantConfigJson(const QuantConfig& config) {
  Json json = Json::object();
  for (const ConfigEntry& entry : describeQuantConfig(config))
    json[entry.option] = entry.number ? Json(*entry.number) : Json(entry.text);
  return json;
}

nlohmann::ordered_json quantizeJson(const QuantizeResult& r) {
  const bool labeled = r.accuracy && r.accuracy->fp32.score.labeledSamples() > 0;
  Json quantized = labeled ? scoreJson(r.accuracy->quantized.score) : Json{{"top1", nullptr}, {"top5", nullptr}};
  quantized["agreement"] = r.accuracy ? Json(r.accuracy->agreement) : Json(nullptr);
  quantized["bytes"] = r.exported ? r.exported->fileBytes : r.size.quantizedBytes;
  // The estimate counts weights and qparams; an exported file's size is compared with the FP32
  // export of the same prepared graph.
  quantized["bytes_source"] = r.exported ? "file" : "estimate";
  quantized["size_ratio"] = r.exported ? r.exported->sizeRatio() : r.size.ratio();
  if (r.exported)
    quantized["export"] = {{"path", r.exported->path},
                           {"opset", r.exported->opset},
                           {"bytes", r.exported->fileBytes},
                           {"fp32_bytes", r.exported->fp32FileBytes},
                           {"checked_by_onnx_checker", r.exported->checked},
                           {"activation_pairs", r.exported->activationPairs},
                           {"quantized_weights", r.exported->quantizedWeights},
                           {"int32_biases", r.exported->quantizedBiases},
                           {"notes", r.exported->notes}};
  Json json = {{"model", {{"path", r.model.path.string()}, {"params", r.graph.parameterCount()}, {"fp32_bytes", r.size.fp32Bytes}}},
          {"config", quantConfigJson(r.state.config)},
          {"preprocessing", r.preprocessing.describe()},
          {"calibration",
           {{"samples", r.calibration.samples},
            {"skipped", r.calibration.skipped},
            {"seconds", r.calibration.seconds},
            {"statistics_bytes", r.calibration.memoryBytes()}}},
          {"fp32", labeled ? scoreJson(r.accuracy->fp32.score) : Json(nullptr)},
          {"quantized", quantized},
          {"int8", int8Json(r)},
          {"requantize_ms", r.state.requantizeMs},
          {"layers", layersJson(r)}};
  if (r.observerComparison) json["observers"] = observersJson(*r.observerComparison);
  return json;
}

}  // namespace quantlens::cli
