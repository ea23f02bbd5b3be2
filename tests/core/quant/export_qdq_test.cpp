// The QDQ export of the demo model: read back by QuantLens's own importer and runtime it computes what
// the fake-quant model computes; its structure (opset per dtype, shared qparams, fused Relu, int32
// biases, stored codes, 4-bit packing, FP8 bit patterns, NF4 note) follows the ONNX QDQ format.
#include "core/quant/qdq_export.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numeric>
#include <set>

#include <onnx/onnx_pb.h>

#include "core/config/data_options.h"
#include "core/config/quant_options.h"
#include "core/data/batch.h"
#include "core/data/open_dataset.h"
#include "core/graph/onnx_import.h"
#include "core/graph/passes/prepare_graph.h"
#include "core/graph/tensor_proto.h"
#include "core/quant/activation_quantization.h"
#include "core/quant/calibration.h"
#include "core/quant/fp8.h"
#include "core/quant/qdq_model_info.h"
#include "core/quant/quantize.h"
#include "core/quant/weight_quantization.h"
#include "core/runtime/fake_quant_model.h"

namespace quantlens {
namespace {

const std::filesystem::path kDemo = std::filesystem::path(QUANTLENS_SOURCE_DIR) / "resources/demo";

// The demo model prepared, planned and calibrated once on 64 of its images, with a batch of 30
// images (three of each class) to compare outputs on.
struct Demo {
  Graph graph;
  QuantPlan plan;
  CalibrationResult calibration;
  Tensor batch;
};

const Demo& demo() {
  static const Demo d = [] {
    Demo result;
    const Model model = importOnnxFile(kDemo / "fashion_cnn.onnx");
    result.graph = model.graph;
    const Preprocessing preprocessing =
        preprocessingFromCommandLine(CommandLine::parse({}, dataOptionSpecs()), result.graph);
    prepareForAnalysis(result.graph, 8);
    result.plan = planQuantization(result.graph);
    const auto images = openDataset((kDemo / "images").string());
    std::vector<int64_t> calibration(64), compared;
    std::iota(calibration.begin(), calibration.end(), 0);
    for (int64_t i = 0; i < images->size(); i += 10) compared.push_back(i);
    BatchLoopOptions loop;
    loop.batchSize = 16;
    result.calibration = calibrate(Executor(result.graph), result.plan, *images, calibration,
                                   Preprocessor(preprocessing), loop);
    result.batch = loadBatch(*images, compared, preprocessing).input;
    return result;
  }();
  return d;
}

QuantState derive(const std::vector<std::string>& options) {
  const QuantConfig config = quantConfigFromCommandLine(CommandLine::parse(options, quantOptionSpecs()));
  return deriveQuantization(demo().graph, demo().plan, demo().calibration, config);
}

onnx::ModelProto toProto(const QdqModel& model) {
  onnx::ModelProto proto;
  exportOnnxModel(model.graph, model.options, proto);
  return proto;
}

// Written, parsed and imported as a file would be, prepared to run.
Graph reimport(const onnx::ModelProto& proto) {
  std::string bytes;
  EXPECT_TRUE(proto.SerializeToString(&bytes));
  onnx::ModelProto parsed;
  EXPECT_TRUE(parsed.ParseFromString(bytes));
  Model model = importOnnxModel(parsed, {});
  prepareForExecution(model.graph);
  return model.graph;
}

const Node* producer(const Graph& graph, const std::string& value) {
  const int index = graph.producerOf(value);
  return index < 0 ? nullptr : &graph.nodes[static_cast<size_t>(index)];
}

std::vector<const Node*> nodesOf(const Graph& graph, const std::string& op) {
  std::vector<const Node*> nodes;
  for (const Node& node : graph.nodes)
    if (node.opType == op) nodes.push_back(&node);
  return nodes;
}

// The DequantizeLinear whose output the node reads as input `input`.
const Node& dequantizerOf(const Graph& graph, const std::string& nodeName, size_t input) {
  for (const Node& node : graph.nodes)
    if (node.name == nodeName) {
      const Node* dq = producer(graph, node.inputs.at(input));
      if (!dq || dq->opType != "DequantizeLinear") throw std::runtime_error(nodeName + " input is not dequantized");
      return *dq;
    }
  throw std::runtime_error("no node " + nodeName);
}

float outputStep(const QuantState& state) { return state.activations.at("logits").qparams.scales.at(0); }

TEST(QdqExport, ReadBackItComputesExactlyWhatTheFakeQuantModelComputesWithOnnxArithmetic) {
  // With --reference onnxruntime both sides quantize as QuantizeLinear does (x / scale, round half to
  // even, saturate), so the file read back by QuantLens's runtime must agree bit for bit.
  const QuantState state = derive({"--reference", "onnxruntime"});
  const QdqModel model = buildQdqModel(demo().graph, demo().plan, state);
  const Graph again = reimport(toProto(model));
  const std::vector<float> fromFile = Executor(again).run({demo().batch}).at(0).toFloatVector();
  const std::vector<float> fakeQuant =
      FakeQuantModel(demo().graph, demo().plan, state).run({demo().batch}).at(0).toFloatVector();
  EXPECT_EQ(fromFile, fakeQuant);
}

TEST(QdqExport, ReadBackItStaysWithinOneOutputStepWithPyTorchArithmetic) {
  // PyTorch's fake quantization multiplies by f32(1/scale) where QuantizeLinear divides, which can
  // move a value at a rounding tie by one step.
  const QuantState state = derive({});
  const Graph again = reimport(toProto(buildQdqModel(demo().graph, demo().plan, state)));
  const std::vector<float> fromFile = Executor(again).run({demo().batch}).at(0).toFloatVector();
  const std::vector<float> fakeQuant =
      FakeQuantModel(demo().graph, demo().plan, state).run({demo().batch}).at(0).toFloatVector();
  ASSERT_EQ(fromFile.size(), fakeQuant.size());
  for (size_t i = 0; i < fakeQuant.size(); ++i) EXPECT_LE(std::abs(fromFile[i] - fakeQuant[i]), outputStep(state) * 1.001f) << i;
}

struct OpsetCase {
  std::vector<std::string> options;
  int64_t opset;
};

TEST(QdqExport, UsesTheLowestOpsetThatExpressesTheDtypes) {
  // Per-tensor/per-axis int8/uint8 (and N-bit codes stored in 8 bits): 13; FP8: 19; INT4/UINT4,
  // 16-bit types and blocked scales: 21; NF4 weights are stored in float32 and need nothing new.
  const std::vector<OpsetCase> cases = {
      {{}, 13},
      {{"--weight-dtype", "uint8", "--weight-scheme", "affine", "--granularity", "per-tensor"}, 13},
      {{"--weight-dtype", "int3"}, 13},
      {{"--act-dtype", "int8", "--act-scheme", "symmetric"}, 13},
      {{"--weight-dtype", "fp8e4m3"}, 19},
      {{"--weight-dtype", "fp8e5m2", "--act-dtype", "fp8e4m3", "--act-scheme", "symmetric"}, 19},
      {{"--weight-dtype", "int4"}, 21},
      {{"--weight-dtype", "uint4", "--weight-scheme", "affine"}, 21},
      {{"--granularity", "per-group:8"}, 21},
      {{"--act-dtype", "int16", "--act-scheme", "symmetric"}, 21},
      {{"--weight-dtype", "nf4", "--granularity", "per-group:16"}, 13},
  };
  for (const OpsetCase& c : cases) {
    std::string text;
    for (const std::string& o : c.options) text += o + " ";
    const QdqModel model = buildQdqModel(demo().graph, demo().plan, derive(c.options));
    EXPECT_EQ(model.options.opset, c.opset) << text;
    // Everything libonnx 1.12 knows must pass its checker.
    const onnx::ModelProto proto = toProto(model);
    EXPECT_EQ(checkOnnxModel(proto), c.opset <= 17) << text;
  }
}

TEST(QdqExport, PutsAPairOnEveryQuantizedActivationSharingQParamsInitializers) {
  const QuantState state = derive({});
  const QdqModel model = buildQdqModel(demo().graph, demo().plan, state);
  EXPECT_EQ(model.activationPairs, static_cast<int>(state.activations.size()));
  std::set<std::string> scales;
  for (const Node* q : nodesOf(model.graph, "QuantizeLinear")) {
    // The tensor a pair quantizes: the input of the Q, or the graph output its DQ writes.
    std::string tensor = q->inputs[0];
    if (tensor == "logits_QuantizeLinear_Input") tensor = "logits";
    ASSERT_TRUE(state.activations.count(tensor)) << tensor;
    const std::string source = qparamsSource(demo().plan, tensor);
    EXPECT_EQ(q->inputs[1], source + "_scale") << tensor;
    EXPECT_EQ(q->inputs[2], source + "_zero_point") << tensor;
    const Tensor& scale = model.graph.initializers.at(q->inputs[1]);
    EXPECT_EQ(scale.toFloatVector(), state.activations.at(tensor).qparams.scales);
    EXPECT_EQ(model.graph.initializers.at(q->inputs[2]).dtype(), DataType::UInt8);
    scales.insert(q->inputs[1]);
  }
  // GlobalAveragePool and Flatten share the last Relu's qparams: fewer scales than pairs.
  int observed = 0;
  for (const QuantizedActivation& activation : demo().plan.activations) observed += activation.observed() ? 1 : 0;
  EXPECT_EQ(static_cast<int>(scales.size()), observed);
  EXPECT_LT(observed, model.activationPairs);
}

TEST(QdqExport, KeepsFusedReluAsANodeWithThePairAfterIt) {
  const QdqModel model = buildQdqModel(demo().graph, demo().plan, derive({}));
  int fused = 0;
  for (const QuantizedLayer& layer : demo().plan.layers) {
    if (layer.fusedActivation < 0) continue;
    ++fused;
    const Node* relu = producer(model.graph, layer.output);
    ASSERT_NE(relu, nullptr);
    EXPECT_EQ(relu->opType, "Relu");
    const Node* conv = producer(model.graph, relu->inputs[0]);
    ASSERT_NE(conv, nullptr);
    EXPECT_EQ(conv->name, layer.name);  // nothing between the layer and its Relu
    const std::vector<int> readers = model.graph.consumersOf(layer.output);
    ASSERT_EQ(readers.size(), 1u);
    EXPECT_EQ(model.graph.nodes[static_cast<size_t>(readers[0])].opType, "QuantizeLinear");
  }
  EXPECT_EQ(fused, 5);  // stem, down, res_a, dw, pw (res_b's output feeds the residual Add)
}

TEST(QdqExport, StoresWeightsAsCodesAndBiasesAsInt32WithScaleInputTimesWeight) {
  const QuantState state = derive({});
  const QdqModel model = buildQdqModel(demo().graph, demo().plan, state);
  EXPECT_EQ(model.quantizedWeights, 7);
  EXPECT_EQ(model.quantizedBiases, 7);
  for (size_t i = 0; i < demo().plan.layers.size(); ++i) {
    const QuantizedLayer& layer = demo().plan.layers[i];
    const WeightQuant& weight = *state.layers[i].weight;
    const Node& wdq = dequantizerOf(model.graph, layer.name, 1);
    const Tensor& codes = model.graph.initializers.at(wdq.inputs[0]);
    EXPECT_EQ(codes.dtype(), DataType::Int8) << layer.name;
    EXPECT_EQ(wdq.attributes.getInt("axis", -1), layer.channelAxis) << layer.name;
    EXPECT_EQ(model.graph.initializers.at(wdq.inputs[1]).toFloatVector(), weight.qparams.scales) << layer.name;
    // DequantizeLinear of the stored codes is exactly the fake-quant model's weight.
    EXPECT_EQ(dequantize(codes, weight.qparams).toFloatVector(), weight.dequantized.toFloatVector()) << layer.name;

    const Node& bdq = dequantizerOf(model.graph, layer.name, 2);
    const Tensor& biasCodes = model.graph.initializers.at(bdq.inputs[0]);
    ASSERT_EQ(biasCodes.dtype(), DataType::Int32) << layer.name;
    const float inputScale = state.activations.at(layer.input).qparams.scales.at(0);
    const std::vector<int32_t> expected =
        quantizeBias(*demo().graph.initializer(layer.bias), inputScale, weight.qparams.scales);
    EXPECT_EQ(biasCodes.toInt64Vector(), std::vector<int64_t>(expected.begin(), expected.end())) << layer.name;
    const std::vector<float> biasScales = model.graph.initializers.at(bdq.inputs[1]).toFloatVector();
    ASSERT_EQ(biasScales.size(), weight.qparams.scales.size());
    for (size_t c = 0; c < biasScales.size(); ++c) EXPECT_EQ(biasScales[c], inputScale * weight.qparams.scales[c]);
    const std::vector<int64_t> zeros = model.graph.initializers.at(bdq.inputs[2]).toInt64Vector();
    EXPECT_EQ(zeros, std::vector<int64_t>(zeros.size(), 0));
  }
}

TEST(QdqExport, KeepsTheGraphInputAndOutputNames) {
  const QdqModel model = buildQdqModel(demo().graph, demo().plan, derive({}));
  ASSERT_EQ(model.graph.inputs.size(), 1u);
  EXPECT_EQ(model.graph.inputs[0].name, "input");
  ASSERT_EQ(model.graph.outputs.size(), 1u);
  EXPECT_EQ(model.graph.outputs[0].name, "logits");
  ASSERT_NE(producer(model.graph, "logits"), nullptr);
  EXPECT_EQ(producer(model.graph, "logits")->opType, "DequantizeLinear");
  // The graph input is quantized first: its only reader is a QuantizeLinear.
  const std::vector<int> readers = model.graph.consumersOf("input");
  ASSERT_EQ(readers.size(), 1u);
  EXPECT_EQ(model.graph.nodes[static_cast<size_t>(readers[0])].opType, "QuantizeLinear");
}

TEST(QdqExport, PacksInt4WeightsLowNibbleFirstWithBlockedScales) {
  const QuantState state = derive({"--weight-dtype", "int4", "--granularity", "per-group:8"});
  const QdqModel model = buildQdqModel(demo().graph, demo().plan, state);
  const onnx::ModelProto proto = toProto(model);
  const QuantizedLayer& layer = demo().plan.layers.at(1);  // down: [32, 16, 3, 3], groups along 16
  const WeightQuant& weight = *state.layers.at(1).weight;
  const Node& wdq = dequantizerOf(model.graph, layer.name, 1);
  EXPECT_EQ(wdq.attributes.getInt("axis", -1), 1);
  EXPECT_EQ(wdq.attributes.getInt("block_size", -1), 8);
  EXPECT_EQ(model.graph.initializers.at(wdq.inputs[1]).shape(), (Shape{32, 2, 3, 3}));  // ceil(16 / 8) blocks
  const std::vector<int64_t> codes = quantize(*demo().graph.initializer(layer.weight), weight.qparams).toInt64Vector();
  bool found = false;
  for (const auto& init : proto.graph().initializer()) {
    if (init.name() != wdq.inputs[0]) continue;
    found = true;
    EXPECT_EQ(init.data_type(), 22);  // INT4
    const std::string& bytes = init.raw_data();
    ASSERT_EQ(bytes.size(), (codes.size() + 1) / 2);
    for (size_t i = 0; i < codes.size(); ++i) {
      // Element 2k in the low nibble, 2k+1 in the high one, as 4-bit two's complement.
      const auto byte = static_cast<uint8_t>(bytes[i / 2]);
      const int nibble = i % 2 == 0 ? byte & 0x0F : byte >> 4;
      EXPECT_EQ(nibble >= 8 ? nibble - 16 : nibble, codes[i]) << i;
    }
  }
  EXPECT_TRUE(found);
  // Per-group weights keep a float bias (no single accumulator scale per channel).
  EXPECT_EQ(model.quantizedBiases, 0);
}

TEST(QdqExport, StoresFp8WeightsAsFloat8E4M3FnBitPatterns) {
  const QuantState state = derive({"--weight-dtype", "fp8e4m3"});
  const QdqModel model = buildQdqModel(demo().graph, demo().plan, state);
  const onnx::ModelProto proto = toProto(model);
  const QuantizedLayer& layer = demo().plan.layers.back();  // fc: [10, 64], per-channel on axis 0
  const WeightQuant& weight = *state.layers.back().weight;
  const Node& wdq = dequantizerOf(model.graph, layer.name, 1);
  const std::vector<float> w = demo().graph.initializer(layer.weight)->toFloatVector();
  for (const auto& init : proto.graph().initializer()) {
    if (init.name() != wdq.inputs[0]) continue;
    EXPECT_EQ(init.data_type(), 17);  // FLOAT8E4M3FN
    ASSERT_EQ(init.raw_data().size(), w.size());
    for (size_t i = 0; i < w.size(); ++i)
      EXPECT_EQ(static_cast<uint8_t>(init.raw_data()[i]),
                encodeFp8(w[i] / weight.qparams.scales[i / 64], Fp8Format::E4M3Fn))
          << i;
  }
}

TEST(QdqExport, StoresNf4WeightsDequantizedAndSaysSo) {
  const QuantState state = derive({"--weight-dtype", "nf4", "--granularity", "per-group:16"});
  const QdqModel model = buildQdqModel(demo().graph, demo().plan, state);
  EXPECT_EQ(model.quantizedWeights, 0);
  ASSERT_EQ(model.notes.size(), 1u);
  EXPECT_TRUE(model.options.metadata.count("quantlens.nf4_weights"));
  for (size_t i = 0; i < demo().plan.layers.size(); ++i)
    for (const Node& node : model.graph.nodes) {
      if (node.name != demo().plan.layers[i].name) continue;
      EXPECT_EQ(model.graph.initializers.at(node.inputs[1]).toFloatVector(),
                state.layers[i].weight->dequantized.toFloatVector());
    }
  // Activations are still QDQ, and the model runs like the fake-quant one.
  EXPECT_EQ(model.activationPairs, static_cast<int>(state.activations.size()));
}

TEST(QdqExport, ClipsBeforeQuantizeLinearWhenTheRangeIsNarrowerThanTheType) {
  // PyTorch's reduce_range: uint8 codes in [0, 127], but QuantizeLinear saturates to [0, 255].
  const QuantState state = derive({"--reduce-range"});
  const QdqModel model = buildQdqModel(demo().graph, demo().plan, state);
  const std::vector<const Node*> quantizers = nodesOf(model.graph, "QuantizeLinear");
  ASSERT_FALSE(quantizers.empty());
  for (const Node* q : quantizers) {
    const Node* clip = producer(model.graph, q->inputs[0]);
    ASSERT_NE(clip, nullptr) << q->name;
    ASSERT_EQ(clip->opType, "Clip") << q->name;
    const float scale = model.graph.initializers.at(q->inputs[1]).toFloatVector().at(0);
    const int64_t zeroPoint = model.graph.initializers.at(q->inputs[2]).valueAsInt(0);
    // (q_min - zp) · s and (q_max - zp) · s with [q_min, q_max] = [0, 127].
    EXPECT_EQ(model.graph.initializers.at(clip->inputs[1]).toFloatVector().at(0),
              static_cast<float>(0 - zeroPoint) * scale);
    EXPECT_EQ(model.graph.initializers.at(clip->inputs[2]).toFloatVector().at(0),
              static_cast<float>(127 - zeroPoint) * scale);
  }
  EXPECT_TRUE(checkOnnxModel(toProto(model)));
  const std::vector<float> fromFile = Executor(reimport(toProto(model))).run({demo().batch}).at(0).toFloatVector();
  const std::vector<float> fakeQuant =
      FakeQuantModel(demo().graph, demo().plan, state).run({demo().batch}).at(0).toFloatVector();
  for (size_t i = 0; i < fakeQuant.size(); ++i) EXPECT_LE(std::abs(fromFile[i] - fakeQuant[i]), outputStep(state) * 1.001f) << i;
}

TEST(QdqExport, WeightsOnlyExportHasNoActivationPairsAndFloatBiases) {
  const QuantState state = derive({"--act-dtype", "none"});
  const QdqModel model = buildQdqModel(demo().graph, demo().plan, state);
  EXPECT_EQ(model.activationPairs, 0);
  EXPECT_EQ(model.quantizedWeights, 7);
  EXPECT_EQ(model.quantizedBiases, 0);
  const std::vector<float> fromFile = Executor(reimport(toProto(model))).run({demo().batch}).at(0).toFloatVector();
  const std::vector<float> fakeQuant =
      FakeQuantModel(demo().graph, demo().plan, state).run({demo().batch}).at(0).toFloatVector();
  EXPECT_EQ(fromFile, fakeQuant);  // no activation rounding: both run the same float weights
}

TEST(QdqModelInfo, CountsPairsWeightsAndBiasesOfAnExportReadBack) {
  const QuantState state = derive({});
  const onnx::ModelProto proto = toProto(buildQdqModel(demo().graph, demo().plan, state));
  onnx::ModelProto parsed = proto;
  const Model model = importOnnxModel(parsed, {});
  const QdqModelInfo info = inspectQdqModel(model.graph);
  EXPECT_TRUE(info.quantized());
  EXPECT_EQ(info.activationPairs, static_cast<int>(state.activations.size()));
  EXPECT_EQ(info.quantizedWeights, 7);
  EXPECT_EQ(info.quantizedBiases, 7);
  bool sawLogits = false;
  for (const QdqTensorInfo& t : info.tensors) {
    if (t.tensor != "logits") continue;
    sawLogits = true;
    EXPECT_EQ(t.dtype, DataType::UInt8);
    EXPECT_EQ(t.scales, state.activations.at("logits").qparams.scales);
  }
  EXPECT_TRUE(sawLogits);
  EXPECT_FALSE(inspectQdqModel(importOnnxFile(kDemo / "fashion_cnn.onnx").graph).quantized());
}

TEST(QdqExport, WritesTheFileAndTheFp32SizeItIsComparedWith) {
  const std::filesystem::path path = std::filesystem::temp_directory_path() / "quantlens_qdq_export_test.onnx";
  const QdqExportResult result = exportQdqModel(demo().graph, demo().plan, derive({}), path);
  EXPECT_EQ(result.fileBytes, static_cast<int64_t>(std::filesystem::file_size(path)));
  EXPECT_TRUE(result.checked);
  EXPECT_EQ(result.opset, 13);
  // 26,586 float32 parameters (~106 kB) against int8 codes (~27 kB) plus the graph.
  EXPECT_GT(result.fp32FileBytes, 100000);
  EXPECT_GT(result.sizeRatio(), 2.0);
  EXPECT_TRUE(inspectQdqModel(importOnnxFile(path).graph).quantized());
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace quantlens
