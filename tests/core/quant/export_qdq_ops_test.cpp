// QuantizeLinear and DequantizeLinear as the runtime runs them in a QDQ model: hand-derived values from
// the ONNX definitions (REFERENCE-SEMANTICS §4). The ONNX backend node tests of both operators run in
// onnx_conformance_test.
#include <gtest/gtest.h>

#include "core/error.h"
#include "core/runtime/executor.h"

namespace quantlens {
namespace {

// One node reading x (a graph input) and constant inputs, writing y.
Graph singleNode(const std::string& op, const Tensor& x, std::vector<std::pair<std::string, Tensor>> constants,
                 Attributes attributes = {}) {
  Graph graph;
  graph.opset = 21;
  ValueInfo input{"x", x.dtype(), {}, true};
  for (int64_t d : x.shape()) input.shape.push_back({d, {}});
  graph.inputs.push_back(input);
  graph.outputs.push_back({"y", DataType::Undefined, {}, false});
  Node node{"node", op, "", {"x"}, {"y"}, std::move(attributes)};
  for (auto& [name, tensor] : constants) {
    node.inputs.push_back(name);
    if (!name.empty()) graph.initializers[name] = std::move(tensor);
  }
  graph.nodes.push_back(std::move(node));
  return graph;
}

Tensor runSingle(const Graph& graph, const Tensor& x) { return Executor(graph).run({x}).at(0); }

Attributes withInts(std::initializer_list<std::pair<const char*, int64_t>> values) {
  Attributes attributes;
  for (const auto& [name, value] : values) attributes.set(name, value);
  return attributes;
}

TEST(QuantizeLinearOp, DividesRoundsHalfToEvenAndSaturatesPerTensor) {
  // scale 0.5, zero point 10: x / 0.5 = [-2, 0, 0.5, 1.5, 3, 600, -30] → rne [-2, 0, 0, 2, 3, 600, -30]
  // → + 10 = [8, 10, 10, 12, 13, 610, -20] → saturated to uint8 [8, 10, 10, 12, 13, 255, 0].
  const Tensor x = Tensor::fromVector<float>({7}, {-1.0f, 0.0f, 0.25f, 0.75f, 1.5f, 300.0f, -15.0f});
  const Graph graph = singleNode("QuantizeLinear", x,
                                 {{"scale", Tensor::scalar<float>(0.5f)}, {"zp", Tensor::scalar<uint8_t>(10)}});
  const Tensor y = runSingle(graph, x);
  ASSERT_EQ(y.dtype(), DataType::UInt8);
  EXPECT_EQ(y.toInt64Vector(), (std::vector<int64_t>{8, 10, 10, 12, 13, 255, 0}));
}

TEST(QuantizeLinearOp, WithoutZeroPointWritesUint8) {
  // x / 2 = [0.5, 1.5, 2.5] → rne [0, 2, 2]; zero point 0.
  const Tensor x = Tensor::fromVector<float>({3}, {1.0f, 3.0f, 5.0f});
  const Tensor y = runSingle(singleNode("QuantizeLinear", x, {{"scale", Tensor::scalar<float>(2.0f)}}), x);
  ASSERT_EQ(y.dtype(), DataType::UInt8);
  EXPECT_EQ(y.toInt64Vector(), (std::vector<int64_t>{0, 2, 2}));
}

TEST(QuantizeLinearOp, QuantizesPerAxisWithInt8) {
  // x [2, 3] along axis 1: column scales [1, 0.5, 0.25], zero points [0, -1, 2].
  // row 0: [1, 1, 1] → [1, 2-1, 4+2] = [1, 1, 6]; row 1: [-200, 64, -0.3] → [-128 (sat), 128-1 = 127,
  // rne(-1.2) + 2 = 1].
  const Tensor x = Tensor::fromVector<float>({2, 3}, {1.0f, 1.0f, 1.0f, -200.0f, 64.0f, -0.3f});
  const Graph graph =
      singleNode("QuantizeLinear", x,
                 {{"scale", Tensor::fromVector<float>({3}, {1.0f, 0.5f, 0.25f})},
                  {"zp", Tensor::fromVector<int8_t>({3}, {0, -1, 2})}},
                 withInts({{"axis", 1}}));
  const Tensor y = runSingle(graph, x);
  ASSERT_EQ(y.dtype(), DataType::Int8);
  EXPECT_EQ(y.toInt64Vector(), (std::vector<int64_t>{1, 1, 6, -128, 127, 1}));
}

TEST(DequantizeLinearOp, DequantizesBlockedScales) {
  // x [2, 4] in blocks of 2 along axis 1: scale [2, 2] = [[1, 2], [0.5, 4]], zero points [[0, 1], [2, 3]].
  // row 0: (1-0)·1, (2-0)·1, (3-1)·2, (4-1)·2 = 1, 2, 4, 6; row 1: (5-2)·0.5, (6-2)·0.5, (7-3)·4, (8-3)·4.
  const Tensor x = Tensor::fromVector<uint8_t>({2, 4}, {1, 2, 3, 4, 5, 6, 7, 8});
  const Graph graph =
      singleNode("DequantizeLinear", x,
                 {{"scale", Tensor::fromVector<float>({2, 2}, {1.0f, 2.0f, 0.5f, 4.0f})},
                  {"zp", Tensor::fromVector<uint8_t>({2, 2}, {0, 1, 2, 3})}},
                 withInts({{"axis", 1}, {"block_size", 2}}));
  const Tensor y = runSingle(graph, x);
  EXPECT_EQ(y.toFloatVector(), (std::vector<float>{1.0f, 2.0f, 4.0f, 6.0f, 1.5f, 2.0f, 16.0f, 20.0f}));
}

TEST(DequantizeLinearOp, DequantizesInt32BiasesPerAxis) {
  // Bias codes [-3, 100] with scales [0.5, 0.25] on axis 0, zero point 0: [-1.5, 25].
  const Tensor x = Tensor::fromVector<int32_t>({2}, {-3, 100});
  const Graph graph = singleNode("DequantizeLinear", x,
                                 {{"scale", Tensor::fromVector<float>({2}, {0.5f, 0.25f})},
                                  {"zp", Tensor::fromVector<int32_t>({2}, {0, 0})}},
                                 withInts({{"axis", 0}}));
  EXPECT_EQ(runSingle(graph, x).toFloatVector(), (std::vector<float>{-1.5f, 25.0f}));
}

TEST(DequantizeLinearOp, ReadsAOneElementScaleAsPerTensor) {
  // (x - 128) · 0.1 with a [1] scale, as ONNX Runtime accepts for an input whose axis has 3 entries.
  const Tensor x = Tensor::fromVector<uint8_t>({3}, {118, 128, 138});
  const Graph graph = singleNode("DequantizeLinear", x,
                                 {{"scale", Tensor::fromVector<float>({1}, {0.1f})},
                                  {"zp", Tensor::fromVector<uint8_t>({1}, {128})}});
  EXPECT_EQ(runSingle(graph, x).toFloatVector(),
            (std::vector<float>{-10.0f * 0.1f, 0.0f, 10.0f * 0.1f}));
}

TEST(DequantizeLinearOp, NamesTheNodeWhenTheScaleDoesNotFitTheAxis) {
  const Tensor x = Tensor::fromVector<int8_t>({2, 3}, {1, 2, 3, 4, 5, 6});
  const Graph graph = singleNode("DequantizeLinear", x, {{"scale", Tensor::fromVector<float>({2}, {1.0f, 2.0f})}},
                                 withInts({{"axis", 1}}));
  try {
    runSingle(graph, x);
    FAIL() << "expected an Error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("DequantizeLinear node 'node'"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("needs [3]"), std::string::npos) << e.what();
  }
}

TEST(DequantizeLinearOp, RefusesAZeroPointOfAnotherType) {
  const Tensor x = Tensor::fromVector<int8_t>({2}, {1, 2});
  const Graph graph = singleNode("DequantizeLinear", x,
                                 {{"scale", Tensor::scalar<float>(1.0f)}, {"zp", Tensor::scalar<uint8_t>(0)}});
  EXPECT_THROW(runSingle(graph, x), Error);
}

}  // namespace
}  // namespace quantlens
