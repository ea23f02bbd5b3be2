// `quantlens-cli quantize`: calibrate once, derive qparams, evaluate FP32 vs fake-quant, analyse
// every layer, print a summary and write the JSON of CLI.md.
#include <iostream>

#include "app/cli/batch_progress.h"
#include "app/cli/cli_command.h"
#include "app/cli/interrupt.h"
#include "app/cli/json_output.h"
#include "app/cli/model_setup.h"
#include "app/cli/quantize_json.h"
#include "app/cli/tensor_files.h"
#include "core/analysis/int8_accuracy.h"
#include "core/analysis/layer_analysis.h"
#include "core/analysis/observer_comparison.h"
#include "core/analysis/quantized_accuracy.h"
#include "core/analysis/quantized_size.h"
#include "core/config/data_options.h"
#include "core/config/quant_options.h"
#include "core/data/open_dataset.h"
#include "core/data/sample_order.h"
#include "core/quant/calibration.h"
#include "core/quant/qdq_export.h"
#include "core/quant/qparams_export.h"
#include "core/runtime/fake_quant_model.h"
#ifdef QUANTLENS_WITH_REPORT
#include "ui/report/headless_application.h"
#include "ui/report/report.h"
#endif

namespace quantlens::cli {
namespace {

constexpr int64_t kDefaultAnalysisCount = 32;

constexpr int64_t kDefaultReportLayers = 5;

#ifdef QUANTLENS_WITH_REPORT
// The PDF report of this run (ui/report), rendered without a display.
void writePdfReport(const QuantizeResult& r, const CommandLine& cl, const std::string& path, int64_t layers) {
  const ui::HeadlessApplication application;
  ui::ReportInput input;
  input.modelPath = QString::fromStdString(r.model.path.string());
  input.graph = &r.graph;
  input.plan = &r.plan;
  input.calibration = &r.calibration;
  input.state = &r.state;
  input.preprocessing = &r.preprocessing;
  input.calibrationData = QString::fromStdString(*cl.value("calib"));
  if (auto eval = cl.value("eval")) input.evaluationData = QString::fromStdString(*eval);
  input.size = r.size;
  if (r.exported) {
    input.exportedBytes = r.exported->fileBytes;
    input.exportedFp32Bytes = r.exported->fp32FileBytes;
  }
  if (r.accuracy) input.accuracy = &*r.accuracy;
  if (r.int8) input.int8 = &*r.int8;
  input.int8AgreementWithQuantized = r.int8AgreementWithQuantized;
  input.layerErrors = r.activationErrors;
  if (r.observerComparison) input.observerComparison = *r.observerComparison;
  ui::ReportOptions options;
  options.detailedLayers = static_cast<int>(layers);
  ui::ReportSummary summary;
  try {
    summary = ui::writeReport(input, QString::fromStdString(path), options);
  } catch (Error& e) {
    throw e.addContext("while writing --report");
  }
  std::cout << "report: " << path << " (" << summary.pages << " pages, " << summary.findings << " findings)\n";
}
#endif

// Refuses the options whose features are not in this build rather than ignoring them.
void refuseUnavailable(const CommandLine& cl) {
#ifndef QUANTLENS_WITH_REPORT
  if (cl.has("report")) throw Error("--report: this quantlens-cli was built without the GUI libraries the PDF report needs");
#else
  (void)cl;
#endif
}

void printSummary(const QuantizeResult& r) {
  std::cout << "calibration: " << r.calibration.samples << " samples in " << r.calibration.seconds << " s\n"
            << "config: " << r.state.config.weightScheme.describe() << " weights, "
            << (r.state.config.activationScheme ? r.state.config.activationScheme->describe() : std::string("float"))
            << " activations, observer " << observerKindName(r.state.config.activationObserver.kind) << "\n"
            << "requantize: " << r.state.requantizeMs << " ms\n";
  if (r.accuracy)
    std::cout << "top-1: FP32 " << percent(r.accuracy->fp32.score.top1()) << ", quantized "
              << percent(r.accuracy->quantized.score.top1()) << " (agreement " << percent(r.accuracy->agreement)
              << ", " << r.accuracy->fp32.score.samples() << " samples)\n";
  if (r.int8)
    std::cout << "int8 executor: top-1 " << percent(r.int8->score.top1()) << " (agreement with quantized "
              << percent(r.int8AgreementWithQuantized) << ")\n";
  std::cout << "size: FP32 " << r.size.fp32Bytes << " B, quantized " << r.size.quantizedBytes << " B ("
            << r.size.ratio() << "x)\n";
  if (r.exported)
    std::cout << "exported: QDQ opset " << r.exported->opset << ", " << r.exported->fileBytes << " B vs FP32 export "
              << r.exported->fp32FileBytes << " B (" << r.exported->sizeRatio() << "x); "
              << r.exported->activationPairs << " activation Q/DQ pairs, " << r.exported->quantizedWeights
              << " quantized weights, " << r.exported->quantizedBiases << " int32 biases"
              << (r.exported->checked ? "; passes onnx::checker" : "") << "\n";
  if (r.observerComparison && !r.observerComparison->empty()) {
    std::cout << "observers (top-1, mean accumulated layer SQNR dB):";
    for (const ObserverComparisonRow& row : *r.observerComparison) {
      std::cout << " " << observerKindName(row.observer) << (row.configured ? "*" : "");
      char db[32] = "-";
      if (row.meanLayerSqnrDb) std::snprintf(db, sizeof db, "%.2f", *row.meanLayerSqnrDb);
      std::cout << " " << (row.error.empty() ? percent(row.top1) + " " + db : std::string("failed")) << ";";
    }
    std::cout << "\n";
  }
  if (r.activationErrors.empty()) return;
  std::cout << "layer SQNR (dB, weight / activation isolated / accumulated):\n";
  for (size_t i = 0, a = 0; i < r.plan.layers.size(); ++i) {
    const LayerQuant& layer = r.state.layers[i];
    if (!layer.weight) continue;
    const LayerActivationError& act = r.activationErrors.at(a++);
    std::printf("  %-28s %-6s %7.2f  %7.2f  %7.2f\n", r.plan.layers[i].name.c_str(), r.plan.layers[i].op.c_str(),
                layer.weight->error.sqnrDb, act.isolated.sqnrDb, act.accumulated.sqnrDb);
  }
  std::fflush(stdout);
}

}  // namespace

int runQuantize(const std::vector<std::string>& args) {
  const CommandLine cl = CommandLine::parse(
      args, quantizingCommandOptionSpecs({{"json"}, {"export-onnx"}, {"export-qparams"}, {"report"}, {"report-layers"},
                                          {"analysis-count"}, {"tensors"}, {"save-outputs"}, {"skip-int8", false},
                                          {"compare-observers", false}}));
  if (cl.positional().size() != 1) throw UsageError("quantize takes exactly one MODEL argument");
  if (!cl.has("calib")) throw UsageError("quantize needs --calib PATH");
  if (cl.has("tensors") != cl.has("save-outputs")) throw UsageError("--tensors and --save-outputs go together");
  const QuantConfig config = quantConfigFromCommandLine(cl);
  refuseUnavailable(cl);
  const int64_t analysisCount = cl.intValue("analysis-count", kDefaultAnalysisCount, 0, int64_t{1} << 20);
  const int64_t reportLayers = cl.intValue("report-layers", kDefaultReportLayers, 0, 1000);

  QuantizeResult r;
  const SamplingOptions sampling = setUpQuantization(
      r, cl, "quantizing it again would stack a second quantization on the first: quantize the float model it was made from");
  const Preprocessor preprocessor(r.preprocessing);

  const auto calibData = openDataset(*cl.value("calib"));
  const auto calibIndices = sampleOrder(calibData->size(), sampling.calibCount, sampling.shuffleSeed);
  r.calibration = calibrate(Executor(r.graph), r.plan, *calibData, calibIndices, preprocessor,
                            cliBatchLoop(sampling.batchSize, "calibrating"));
  r.state = deriveQuantization(r.graph, r.plan, r.calibration, config);
  r.size = estimateModelSize(r.graph, r.plan, r.state);
  if (auto path = cl.value("export-onnx")) {
    r.exported = exportQdqModel(r.graph, r.plan, r.state, *path);
    for (const std::string& note : r.exported->notes) std::cerr << "note: " << note << "\n";
  }
  if (auto files = cl.value("tensors")) {
    // The fake-quant model's outputs on given tensors, as `run --tensors` gives FP32 ones.
    const FakeQuantModel fakeQuant(r.graph, r.plan, r.state);
    saveOutputTensors(fakeQuant.run(readInputTensors(*files, r.graph)), r.graph, *cl.value("save-outputs"));
  }

  // Accuracy needs labels; the per-layer analysis runs on the evaluation set, else on calibration data.
  std::unique_ptr<Dataset> evalData;
  if (auto path = cl.value("eval")) evalData = openDataset(*path);
  const Dataset& analysisData = evalData ? *evalData : *calibData;
  std::vector<int64_t> evalIndices;
  if (evalData) {
    evalIndices = sampleOrder(evalData->size(), sampling.evalCount, sampling.shuffleSeed);
    r.accuracy = evaluateQuantized(r.graph, r.plan, r.state, *evalData, evalIndices, preprocessor,
                                   cliBatchLoop(sampling.batchSize, "evaluating"));
    if (const auto why = int8Unsupported(r.state.config); why && !cl.has("skip-int8")) {
      std::cerr << "note: the int8 executor does not run: " << *why << "\n";
    } else if (!cl.has("skip-int8")) {
      BatchLoopOptions quiet = cliBatchLoop(sampling.batchSize, "int8 evaluation");
      quiet.onWarning = nullptr;  // the FP32 pass already warned about every skipped sample
      r.int8 = evaluateInt8Model(Int8Model(r.graph, r.plan, r.state), *evalData, evalIndices, preprocessor, quiet);
      r.int8AgreementWithQuantized = agreement(r.accuracy->quantized.score.predictions(), r.int8->score.predictions());
    }
  }
  std::vector<Tensor> analysisInputs;
  if (analysisCount > 0) {
    const auto indices = sampleOrder(analysisData.size(), analysisCount, sampling.shuffleSeed);
    BatchLoopOptions quiet;
    quiet.batchSize = sampling.batchSize;
    quiet.cancel = &interruptToken();
    analysisInputs = loadInputBatches(analysisData, indices, preprocessor, quiet);
    r.activationErrors = analyzeLayerActivations(r.graph, r.plan, r.state, analysisInputs, &interruptToken());
  }
  if (cl.has("compare-observers") || cl.has("report")) {
    // Every activation observer on the same statistics: one fake-quant pass each over the evaluation
    // samples, and the accumulated layer SQNR on the analysis samples.
    ObserverComparisonData data;
    if (evalData) {
      data.evaluation = evalData.get();
      data.indices = evalIndices;
      data.preprocessor = &preprocessor;
      data.fp32Predictions = r.accuracy->fp32.score.predictions();
    }
    data.options = cliBatchLoop(sampling.batchSize, "comparing observers");
    data.analysisInputs = analysisInputs;
    r.observerComparison = compareObservers(r.graph, r.plan, r.calibration, r.state.config, data);
  }

  printSummary(r);
  if (auto path = cl.value("export-qparams")) exportQParams(r.plan, r.state, *path);
  if (auto destination = cl.value("json")) writeJson(quantizeJson(r), *destination);
#ifdef QUANTLENS_WITH_REPORT
  if (auto path = cl.value("report")) writePdfReport(r, cl, *path, reportLayers);
#endif
  return kExitOk;
}

}  // namespace quantlens::cli
