// Data and preprocessing options.
#include "core/config/data_options.h"

#include "core/error.h"

namespace quantlens {

std::vector<OptionSpec> dataOptionSpecs() {
  return {{"data"}, {"calib"}, {"eval"}, {"calib-count"}, {"eval-count"}, {"shuffle"}, {"batch"},
          {"size"}, {"resize"}, {"color"}, {"scale"}, {"mean"}, {"std"}};
}

SamplingOptions samplingFromCommandLine(const CommandLine& cl) {
  constexpr int64_t kMax = int64_t{1} << 40;
  SamplingOptions s;
  s.calibCount = cl.intValue("calib-count", s.calibCount, 1, kMax);
  s.evalCount = cl.intValue("eval-count", s.evalCount, 1, kMax);
  if (cl.has("shuffle")) s.shuffleSeed = static_cast<uint64_t>(cl.intValue("shuffle", 0, 0, kMax));
  s.batchSize = cl.intValue("batch", s.batchSize, 1, 65536);
  return s;
}

Preprocessing preprocessingFromCommandLine(const CommandLine& cl, const Graph& graph) {
  if (graph.inputs.size() != 1)
    throw Error("image data needs a model with exactly one input; this one has " +
                std::to_string(graph.inputs.size()));
  const ValueInfo& input = graph.inputs[0];
  Shape declared;
  for (const Dim& d : input.shape) declared.push_back(d.isKnown() ? d.value : -1);
  Preprocessing p = suggestPreprocessing(declared);
  // Parsing errors are usage errors: they are about the command line, not the data.
  try {
    if (auto v = cl.value("size")) std::tie(p.height, p.width) = parseImageSize(*v);
    if (auto v = cl.value("resize")) p.resize = parseResizeMode(*v);
    if (auto v = cl.value("color")) p.color = parseColorMode(*v);
    if (auto v = cl.value("scale")) p.scale = parseScale(*v);
    if (auto v = cl.value("mean")) p.mean = parseChannelValues(*v, "mean");
    if (auto v = cl.value("std")) p.stdDev = parseChannelValues(*v, "std");
    p.validate();
  } catch (const Error& e) {
    throw UsageError(e.message());
  }
  checkPreprocessingFitsModel(p, graph);
  return p;
}

void checkPreprocessingFitsModel(const Preprocessing& preprocessing, const Graph& graph) {
  const ValueInfo& input = graph.inputs.at(0);
  const Shape produced = preprocessing.inputShape(1);
  bool fits = input.shape.size() == produced.size();
  for (size_t d = 1; fits && d < produced.size(); ++d)
    fits = !input.shape[d].isKnown() || input.shape[d].value == produced[d];
  if (fits) return;
  throw Error("preprocessing produces N×" + std::to_string(produced[1]) + "×" + std::to_string(produced[2]) +
              "×" + std::to_string(produced[3]) + " but model input '" + input.name + "' is " + describeShape(input.shape) +
              "; adjust --size or --color");
}

}  // namespace quantlens
