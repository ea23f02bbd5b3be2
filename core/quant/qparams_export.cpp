// Writes the qparams JSON file.
#include "core/quant/qparams_export.h"

#include <fstream>

#include <nlohmann/json.hpp>

#include "core/error.h"

namespace quantlens {
namespace {

nlohmann::ordered_json encoding(const std::string& name, const QParams& qparams) {
  const QuantScheme& scheme = qparams.scheme;
  const GranularityKind kind = scheme.granularity.kind;
  return {{"name", name},
          {"dtype", quantDtypeName(scheme.dtype, scheme.bits)},
          {"bits", scheme.bits},
          {"scheme", symmetryName(scheme.symmetric)},
          {"axis", kind == GranularityKind::PerTensor ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(qparams.axis())},
          {"group_size", kind == GranularityKind::PerGroup ? nlohmann::ordered_json(qparams.groupSize())
                                                           : nlohmann::ordered_json(nullptr)},
          {"scales", qparams.scales},
          {"zero_points", qparams.zeroPoints}};
}

}  // namespace

void exportQParams(const QuantPlan& plan, const QuantState& state, const std::filesystem::path& path) {
  nlohmann::ordered_json tensors = nlohmann::ordered_json::array();
  for (size_t i = 0; i < plan.layers.size(); ++i)
    if (const auto& weight = state.layers.at(i).weight) tensors.push_back(encoding(plan.layers[i].weight, weight->qparams));
  for (const QuantizedActivation& activation : plan.activations) {
    const auto found = state.activations.find(activation.tensor);
    if (found != state.activations.end()) tensors.push_back(encoding(activation.tensor, found->second.qparams));
  }
  std::ofstream out(path);
  if (!out) throw Error("cannot write qparams file '" + path.string() + "'");
  out << nlohmann::ordered_json{{"tensors", tensors}}.dump(2) << "\n";
  if (!out) throw Error("writing qparams file '" + path.string() + "' failed");
}

}  // namespace quantlens
