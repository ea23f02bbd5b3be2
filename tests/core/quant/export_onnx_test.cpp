// The plain ONNX writer: a float graph written and read back computes the same, keeps its names, passes
// libonnx's checker, and the normalizer's forms are written as the target opset defines them.
#include "core/graph/onnx_export.h"

#include <gtest/gtest.h>

#include <onnx/onnx_pb.h>

#include "core/error.h"
#include "core/graph/onnx_import.h"
#include "core/graph/passes/prepare_graph.h"
#include "core/runtime/executor.h"
#include "tests/core/runtime/ops/nn/nn_test_support.h"

namespace quantlens {
namespace {

const std::filesystem::path kDemoModel = std::filesystem::path(QUANTLENS_SOURCE_DIR) / "resources/demo/fashion_cnn.onnx";

// Serialized and parsed again, as a file would be, then imported and prepared to run.
Graph reimport(const onnx::ModelProto& proto) {
  std::string bytes;
  EXPECT_TRUE(proto.SerializeToString(&bytes));
  onnx::ModelProto parsed;
  EXPECT_TRUE(parsed.ParseFromString(bytes));
  Model model = importOnnxModel(parsed, {});
  prepareForExecution(model.graph);
  return model.graph;
}

const onnx::NodeProto* findNode(const onnx::ModelProto& proto, const std::string& op) {
  for (const auto& node : proto.graph().node())
    if (node.op_type() == op) return &node;
  return nullptr;
}

TEST(OnnxExport, Fp32DemoRoundTripsWithItsNamesShapesAndOutputs) {
  Model original = importOnnxFile(kDemoModel);
  prepareForExecution(original.graph);
  onnx::ModelProto proto;
  exportOnnxModel(original.graph, {}, proto);
  EXPECT_TRUE(checkOnnxModel(proto));
  EXPECT_EQ(proto.opset_import(0).version(), 13);
  EXPECT_EQ(proto.ir_version(), 7);
  ASSERT_EQ(proto.graph().input_size(), 1);
  EXPECT_EQ(proto.graph().input(0).name(), "input");
  EXPECT_EQ(proto.graph().input(0).type().tensor_type().shape().dim(0).dim_param(), "batch");
  EXPECT_EQ(proto.graph().output(0).name(), "logits");

  const Graph again = reimport(proto);
  const Tensor x = testing::randomTensor({3, 1, 28, 28}, 7, 0.0f, 1.0f);
  const Tensor expected = Executor(original.graph).run({x}).at(0);
  const Tensor actual = Executor(again).run({x}).at(0);
  EXPECT_EQ(actual.toFloatVector(), expected.toFloatVector());
}

TEST(OnnxExport, PacksInt4LowNibbleFirst) {
  // ONNX INT4: element 2k in the low nibble, 2k+1 in the high nibble, two's complement, the last odd
  // element's high nibble 0: (-8, 7) → 0x78, (-1, 0) → 0x0F, (3, pad) → 0x03.
  EXPECT_EQ(packedInt4Bytes(Tensor::fromVector<int8_t>({5}, {-8, 7, -1, 0, 3})), std::string("\x78\x0F\x03", 3));
  // UINT4 (1, 2) → 0x21, (15, pad) → 0x0F.
  EXPECT_EQ(packedInt4Bytes(Tensor::fromVector<uint8_t>({3}, {1, 2, 15})), std::string("\x21\x0F", 2));
  EXPECT_THROW(packedInt4Bytes(Tensor::fromVector<int8_t>({1}, {8})), Error);
}

TEST(OnnxExport, WritesEncodedInitializersWithTheirOnnxTypes) {
  Graph graph;
  graph.opset = 21;
  graph.inputs.push_back({"x", DataType::Float32, {{2, {}}}, true});
  graph.outputs.push_back({"y", DataType::Float32, {{2, {}}}, true});
  graph.initializers["w"] = Tensor::fromVector<int8_t>({2}, {-1, 2});
  graph.initializers["f"] = Tensor::fromVector<uint8_t>({2}, {0x38, 0x7e});
  graph.nodes.push_back({"n", "Sum", "", {"x", "w", "f"}, {"y"}, {}});
  OnnxExportOptions options;
  options.encodings = {{"w", InitializerEncoding::Int4}, {"f", InitializerEncoding::Float8E4M3Fn}};
  onnx::ModelProto proto;
  exportOnnxModel(graph, options, proto);
  EXPECT_EQ(proto.opset_import(0).version(), 21);
  EXPECT_EQ(proto.ir_version(), 10);
  for (const auto& init : proto.graph().initializer()) {
    if (init.name() == "w") {
      EXPECT_EQ(init.data_type(), 22);                     // INT4
      EXPECT_EQ(init.raw_data(), std::string("\x2F", 1));  // -1 → 0xF low, 2 → 0x2 high
    } else {
      EXPECT_EQ(init.data_type(), 17);  // FLOAT8E4M3FN, the bit patterns as they are
      EXPECT_EQ(init.raw_data(), std::string("\x38\x7e", 2));
    }
  }
  // libonnx 1.12 knows opsets up to 17: newer exports are validated by ONNX Runtime instead.
  EXPECT_FALSE(checkOnnxModel(proto));
}

TEST(OnnxExport, IrVersionIsTheLowestThatKnowsTheOpset) {
  // ONNX's release table: 1.8 (IR 7, opset 13), 1.10 (IR 8, opset 15), 1.14 (IR 9, opset 19),
  // 1.16 (IR 10, opset 21).
  EXPECT_EQ(irVersionForOpset(13), 7);
  EXPECT_EQ(irVersionForOpset(14), 7);
  EXPECT_EQ(irVersionForOpset(15), 8);
  EXPECT_EQ(irVersionForOpset(17), 8);
  EXPECT_EQ(irVersionForOpset(19), 9);
  EXPECT_EQ(irVersionForOpset(21), 10);
  EXPECT_GE(checkerMaxOpset(), 17);
}

TEST(OnnxExport, WritesReduceAxesAsAnAttributeBeforeOpset18) {
  // The normalizer turns ReduceMean's axes attribute (opset < 18) into an input; opset 13 needs it back.
  Graph graph;
  graph.opset = 13;
  graph.inputs.push_back({"x", DataType::Float32, {{2, {}}, {3, {}}}, true});
  graph.outputs.push_back({"y", DataType::Float32, {{2, {}}}, true});
  Attributes keepdims;
  keepdims.set("keepdims", int64_t{0});
  graph.nodes.push_back({"mean", "ReduceMean", "", {"x"}, {"y"}, keepdims});
  graph.nodes.back().attributes.set("axes", std::vector<int64_t>{1});
  const Tensor x = Tensor::fromVector<float>({2, 3}, {1, 2, 3, 4, 6, 8});
  Graph prepared = graph;
  prepareForExecution(prepared);
  ASSERT_EQ(prepared.nodes.at(0).inputs.size(), 2u);  // normalized: axes as input 1

  onnx::ModelProto proto;
  exportOnnxModel(prepared, {}, proto);
  EXPECT_TRUE(checkOnnxModel(proto));
  const onnx::NodeProto* mean = findNode(proto, "ReduceMean");
  ASSERT_NE(mean, nullptr);
  EXPECT_EQ(mean->input_size(), 1);
  bool hasAxes = false;
  for (const auto& attribute : mean->attribute())
    if (attribute.name() == "axes") hasAxes = attribute.ints_size() == 1 && attribute.ints(0) == 1;
  EXPECT_TRUE(hasAxes);
  EXPECT_EQ(Executor(reimport(proto)).run({x}).at(0).toFloatVector(), (std::vector<float>{2, 6}));
}

TEST(OnnxExport, WritesOldSoftmaxAsFlattenSoftmaxReshape) {
  // Softmax-11 on [2, 2, 2] with axis 1 normalizes over the last 4 values of each sample (flattened
  // to [2, 4]); Softmax-13 with axis 1 would normalize over axis 1 alone.
  Graph graph;
  graph.opset = 11;
  graph.inputs.push_back({"x", DataType::Float32, {{2, {}}, {2, {}}, {2, {}}}, true});
  graph.outputs.push_back({"y", DataType::Float32, {}, false});
  graph.nodes.push_back({"softmax", "Softmax", "", {"x"}, {"y"}, {}});
  const Tensor x = testing::randomTensor({2, 2, 2}, 3);
  Graph prepared = graph;
  prepareForAnalysis(prepared, 2);
  const Tensor expected = Executor(prepared).run({x}).at(0);

  onnx::ModelProto proto;
  exportOnnxModel(prepared, {}, proto);
  EXPECT_TRUE(checkOnnxModel(proto));
  EXPECT_EQ(proto.opset_import(0).version(), 13);
  EXPECT_NE(findNode(proto, "Flatten"), nullptr);
  EXPECT_NE(findNode(proto, "Reshape"), nullptr);
  for (const auto& node : proto.graph().node())
    for (const auto& attribute : node.attribute()) EXPECT_EQ(attribute.name().rfind("quantlens.", 0), std::string::npos);
  const std::vector<float> actual = Executor(reimport(proto)).run({x}).at(0).toFloatVector();
  const std::vector<float> want = expected.toFloatVector();
  ASSERT_EQ(actual.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) EXPECT_NEAR(actual[i], want[i], 1e-6f) << i;
}

TEST(OnnxExport, RefusesModelsOlderThanOpset7) {
  Graph graph;
  graph.opset = 6;
  graph.inputs.push_back({"x", DataType::Float32, {{2, {}}}, true});
  graph.outputs.push_back({"y", DataType::Float32, {}, false});
  graph.nodes.push_back({"relu", "Relu", "", {"x"}, {"y"}, {}});
  onnx::ModelProto proto;
  try {
    exportOnnxModel(graph, {}, proto);
    FAIL() << "expected an Error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Unsupported);
    EXPECT_NE(std::string(e.what()).find("opset 6"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace quantlens
