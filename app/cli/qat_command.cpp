// `quantlens-cli qat`: PTQ calibration as `quantize`, then quantization-aware training from it,
// printing each epoch's loss and top-1; the result evaluates, exports and serializes as `quantize`.
#include <algorithm>
#include <chrono>
#include <iostream>

#include "app/cli/batch_progress.h"
#include "app/cli/cli_command.h"
#include "app/cli/interrupt.h"
#include "app/cli/json_output.h"
#include "app/cli/model_setup.h"
#include "app/cli/quantize_json.h"
#include "core/analysis/quantized_accuracy.h"
#include "core/config/data_options.h"
#include "core/config/quant_options.h"
#include "core/data/open_dataset.h"
#include "core/data/sample_order.h"
#include "core/quant/calibration.h"
#include "core/quant/qdq_export.h"
#include "core/quant/qparams_export.h"
#include "core/train/qat_settings.h"
#include "core/train/qat_trainer.h"

namespace quantlens::cli {
namespace {

struct EpochRecord {
  double loss = 0.0;
  double seconds = 0.0;  // training only (the evaluation after it excluded)
  int64_t samples = 0;
  std::optional<double> top1;  // on --eval after the epoch, with the qparams of that moment
  double trainTop1 = 0.0;
};

DistillationOptions parseDistill(const std::string& text) {
  const size_t comma = text.find(',');
  try {
    if (comma == std::string::npos) throw std::invalid_argument("no comma");
    size_t used = 0;
    DistillationOptions d;
    d.alpha = std::stof(text.substr(0, comma), &used);
    if (used != comma) throw std::invalid_argument("alpha");
    const std::string t = text.substr(comma + 1);
    d.temperature = std::stof(t, &used);
    if (used != t.size()) throw std::invalid_argument("temperature");
    if (!(d.alpha >= 0.0f && d.alpha <= 1.0f) || !(d.temperature > 0.0f)) throw std::invalid_argument("range");
    return d;
  } catch (const std::exception&) {
    throw UsageError("--distill takes ALPHA,T with 0 <= ALPHA <= 1 and T > 0, e.g. 0.5,4; got '" + text + "'");
  }
}

QatSettings settingsFromCommandLine(const CommandLine& cl) {
  QatSettings s;
  s.epochs = cl.intValue("epochs", 1, 1, 10000);
  s.learningRate = cl.realValue("lr", 0.0);
  if (cl.has("lr") && !(s.learningRate > 0.0)) throw UsageError("--lr must be positive");
  const std::string optimizer = cl.valueOr("optimizer", "sgd");
  const auto kind = parseOptimizer(optimizer);
  if (!kind) throw UsageError("--optimizer takes sgd or adam, got '" + optimizer + "'");
  s.optimizer = *kind;
  if (auto d = cl.value("distill")) s.distill = parseDistill(*d);
  s.freezeObserversAfter = cl.realValue("freeze-observers-after", 0.5);
  if (!(s.freezeObserversAfter >= 0.0 && s.freezeObserversAfter <= 1.0))
    throw UsageError("--freeze-observers-after takes a fraction of the training in [0, 1]");
  s.seed = samplingFromCommandLine(cl).shuffleSeed.value_or(0);
  s.learnable = cl.has("learnable");
  s.flip = cl.has("augment-flip");
  s.cropPadding = cl.intValue("augment-crop", 0, 0, 64);
  const std::string schedule = cl.valueOr("lr-schedule", "cosine");
  const auto parsed = parseSchedule(schedule);
  if (!parsed)
    throw UsageError("--lr-schedule takes cosine, one-cycle or constant, got '" + schedule + "'");
  s.schedule = *parsed;
  return s;
}

nlohmann::ordered_json qatJson(const QuantizeResult& r, const QatSettings& s, int64_t trainSamples,
                               std::optional<double> ptqTop1, const std::vector<EpochRecord>& epochs) {
  nlohmann::ordered_json json = quantizeJson(r);
  json["ptq"] = {{"top1", ptqTop1 ? nlohmann::ordered_json(*ptqTop1) : nlohmann::ordered_json(nullptr)}};
  json["training"] = {{"samples", trainSamples},
                      {"epochs", s.epochs},
                      {"optimizer", optimizerName(s.optimizer)},
                      {"lr", effectiveLearningRate(s)},
                      {"lr_schedule", scheduleName(s.schedule)},
                      {"seed", s.seed},
                      {"freeze_observers_after", s.freezeObserversAfter},
                      {"learnable_qparams", s.learnable},
                      {"augment", {{"flip", s.flip}, {"crop_padding", s.cropPadding}}},
                      {"distill", s.distill ? nlohmann::ordered_json{{"alpha", s.distill->alpha},
                                                                     {"temperature", s.distill->temperature}}
                                            : nlohmann::ordered_json(nullptr)}};
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const EpochRecord& e : epochs)
    list.push_back({{"loss", e.loss},
                    {"top1", e.top1 ? nlohmann::ordered_json(*e.top1) : nlohmann::ordered_json(nullptr)},
                    {"train_top1", e.trainTop1},
                    {"seconds", e.seconds},
                    {"images_per_second", e.seconds > 0.0 ? static_cast<double>(e.samples) / e.seconds : 0.0}});
  json["epochs"] = list;
  return json;
}

}  // namespace

int runQat(const std::vector<std::string>& args) {
  const CommandLine cl = CommandLine::parse(
      args, quantizingCommandOptionSpecs({{"train"}, {"train-count"}, {"epochs"}, {"lr"}, {"optimizer"}, {"distill"},
                                          {"freeze-observers-after"}, {"lr-schedule"}, {"learnable", false},
                                          {"augment-flip", false}, {"augment-crop"}, {"json"}, {"export-onnx"},
                                          {"export-qparams"}}));
  if (cl.positional().size() != 1) throw UsageError("qat takes exactly one MODEL argument");
  if (!cl.has("train")) throw UsageError("qat needs --train PATH (a labeled folder or IDX set)");
  if (!cl.has("epochs")) throw UsageError("qat needs --epochs N");
  const QuantConfig config = quantConfigFromCommandLine(cl);
  QatSettings settings = settingsFromCommandLine(cl);

  QuantizeResult r;
  const SamplingOptions sampling =
      setUpQuantization(r, cl, "quantization-aware training starts from the float model");
  const Preprocessor preprocessor(r.preprocessing);

  // PTQ first: QAT starts from its qparams (calibrated on --calib, else on the training set).
  const auto trainData = openDataset(*cl.value("train"));
  const auto calibData = cl.has("calib") ? openDataset(*cl.value("calib")) : nullptr;
  const Dataset& calibSource = calibData ? *calibData : *trainData;
  const auto calibIndices = sampleOrder(calibSource.size(), sampling.calibCount, sampling.shuffleSeed);
  r.calibration = calibrate(Executor(r.graph), r.plan, calibSource, calibIndices, preprocessor,
                            cliBatchLoop(sampling.batchSize, "calibrating"));
  const QuantState ptq = deriveQuantization(r.graph, r.plan, r.calibration, config);

  std::unique_ptr<Dataset> evalData;
  std::vector<int64_t> evalIndices;
  std::optional<QuantizedAccuracy> ptqAccuracy;
  if (auto path = cl.value("eval")) {
    evalData = openDataset(*path);
    evalIndices = sampleOrder(evalData->size(), sampling.evalCount, sampling.shuffleSeed);
    ptqAccuracy = evaluateQuantized(r.graph, r.plan, ptq, *evalData, evalIndices, preprocessor,
                                    cliBatchLoop(sampling.batchSize, "evaluating PTQ"));
    std::cout << "PTQ top-1: FP32 " << percent(ptqAccuracy->fp32.score.top1()) << ", quantized "
              << percent(ptqAccuracy->quantized.score.top1()) << " (" << evalIndices.size() << " samples)\n";
  }

  QatModelOptions modelOptions;
  modelOptions.learnable = settings.learnable;
  QatModel qat(r.graph, r.plan, ptq, modelOptions);
  const std::unique_ptr<Optimizer> optimizer = makeOptimizer(settings);
  const auto trainIndices = sampleOrder(trainData->size(), cl.intValue("train-count", -1, 1, int64_t{1} << 40));
  QatRunOptions run = qatRunOptions(settings, sampling.batchSize);
  run.cancel = &interruptToken();
  const Executor teacher(r.graph);
  if (settings.distill) {
    run.teacher = [&teacher](const Tensor& input) { return teacher.run({input})[0]; };
  }
  run.progress = progressLine("training");
  std::cout << "QAT: " << trainIndices.size() << " training samples, " << settings.epochs << " epochs, "
            << optimizerName(settings.optimizer) << " lr " << effectiveLearningRate(settings) << " ("
            << scheduleName(settings.schedule) << ")"
            << (settings.learnable ? ", learnable qparams (LSQ)" : "")
            << (settings.distill ? ", distillation alpha " + std::to_string(settings.distill->alpha) + " T " +
                                       std::to_string(settings.distill->temperature)
                                 : std::string())
            << "\n";
  std::vector<EpochRecord> epochs;
  auto epochStart = std::chrono::steady_clock::now();
  trainQat(qat, *optimizer, *trainData, trainIndices, preprocessor, run, [&](int64_t epoch, const EpochStats& stats) {
    EpochRecord record;
    record.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - epochStart).count();
    record.samples = stats.samples;
    record.loss = stats.meanLoss;
    record.trainTop1 = stats.accuracy;
    if (evalData) record.top1 = evaluateQat(qat, *evalData, evalIndices, preprocessor, sampling.batchSize, &interruptToken()).accuracy;
    std::cout << "epoch " << epoch + 1 << ": loss " << stats.meanLoss << ", train top-1 " << percent(stats.accuracy);
    if (record.top1) std::cout << ", eval top-1 " << percent(*record.top1);
    std::cout << " (" << static_cast<int64_t>(static_cast<double>(stats.samples) / std::max(record.seconds, 1e-9))
              << " images/s)"
              << std::endl;
    epochs.push_back(record);
    epochStart = std::chrono::steady_clock::now();
  });

  // The trained model as `quantize` results: the graph with trained weights and frozen qparams.
  r.graph = qat.graph();
  r.state = qat.quantState();
  r.size = estimateModelSize(r.graph, r.plan, r.state);
  if (auto path = cl.value("export-onnx")) {
    r.exported = exportQdqModel(r.graph, r.plan, r.state, *path);
    for (const std::string& note : r.exported->notes) std::cerr << "note: " << note << "\n";
  }
  if (evalData) {
    r.accuracy = evaluateQuantized(r.graph, r.plan, r.state, *evalData, evalIndices, preprocessor,
                                   cliBatchLoop(sampling.batchSize, "evaluating QAT"));
    // "fp32" is the model before training, as in `quantize`; agreement is with its predictions.
    r.accuracy->fp32 = ptqAccuracy->fp32;
    r.accuracy->agreement = agreement(r.accuracy->fp32.score.predictions(), r.accuracy->quantized.score.predictions());
    std::cout << "top-1: FP32 " << percent(r.accuracy->fp32.score.top1()) << ", PTQ "
              << percent(ptqAccuracy->quantized.score.top1()) << ", QAT " << percent(r.accuracy->quantized.score.top1())
              << " (agreement with FP32 " << percent(r.accuracy->agreement) << ")\n";
  }
  std::cout << "size: FP32 " << r.size.fp32Bytes << " B, quantized " << r.size.quantizedBytes << " B\n";
  if (r.exported) std::cout << "exported: " << r.exported->fileBytes << " B QDQ model\n";
  if (auto path = cl.value("export-qparams")) exportQParams(r.plan, r.state, *path);
  if (auto destination = cl.value("json")) {
    const std::optional<double> ptqTop1 =
        ptqAccuracy ? std::optional<double>(ptqAccuracy->quantized.score.top1()) : std::nullopt;
    writeJson(qatJson(r, settings, static_cast<int64_t>(trainIndices.size()), ptqTop1, epochs), *destination);
  }
  return kExitOk;
}

}  // namespace quantlens::cli
