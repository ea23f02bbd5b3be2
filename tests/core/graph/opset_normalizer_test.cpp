// normalizeOpsets: each old-opset graph, once normalized, runs through the Executor exactly like
// the same model written in the newest form.
#include "core/graph/passes/opset_normalizer.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <utility>

#include <gtest/gtest.h>

#include "core/runtime/executor.h"
#include "tests/support/op_runner.h"

namespace quantlens {
namespace {

using testing::expectTensorNear;

Tensor floats(Shape shape, std::vector<float> values) { return Tensor::fromVector<float>(std::move(shape), values); }
Tensor int64s(std::vector<int64_t> values) {
  const auto count = static_cast<int64_t>(values.size());
  return Tensor::fromVector<int64_t>({count}, values);
}

Node makeNode(std::string name, std::string opType, std::vector<std::string> inputs, std::vector<std::string> outputs,
              std::initializer_list<std::pair<std::string, AttributeValue>> attributes = {}) {
  Node node;
  node.name = std::move(name);
  node.opType = std::move(opType);
  node.inputs = std::move(inputs);
  node.outputs = std::move(outputs);
  for (const auto& [key, value] : attributes) node.attributes.set(key, value);
  return node;
}

// A graph of `nodes` reading the graph inputs `feeds` (fed at run time) and `weights`; its
// output is the last node's first output.
struct TinyModel {
  Graph graph;
  std::vector<Tensor> feeds;
};

TinyModel makeModel(int64_t opset, std::vector<Node> nodes, std::vector<std::pair<std::string, Tensor>> feeds,
                    std::map<std::string, Tensor> weights = {}) {
  TinyModel model;
  model.graph.opset = opset;
  for (auto& [name, tensor] : feeds) {
    model.graph.inputs.push_back({name, tensor.dtype(), {}, false});
    model.feeds.push_back(std::move(tensor));
  }
  model.graph.initializers = std::move(weights);
  model.graph.outputs.push_back({nodes.back().outputs[0], DataType::Undefined, {}, false});
  model.graph.nodes = std::move(nodes);
  return model;
}

Tensor run(const TinyModel& model) { return Executor(model.graph).run(model.feeds)[0]; }

// Normalizes `old` and checks it computes what `current` (the newest form) computes.
void expectSameAsNewestForm(TinyModel old, const TinyModel& current) {
  normalizeOpsets(old.graph);
  expectTensorNear(run(old), run(current));
}

const Tensor kMatrix = floats({2, 3}, {1, 2, 3, 4, 5, 6});

TEST(OpsetNormalizer, MovesReshapeShapeIntoANamedInitializer) {
  TinyModel old = makeModel(4, {makeNode("r", "Reshape", {"x"}, {"y"}, {{"shape", std::vector<int64_t>{3, 2}}})},
                            {{"x", kMatrix}});
  const TinyModel current =
      makeModel(14, {makeNode("r", "Reshape", {"x", "s"}, {"y"})}, {{"x", kMatrix}}, {{"s", int64s({3, 2})}});
  expectSameAsNewestForm(old, current);

  normalizeOpsets(old.graph);
  const Node& node = old.graph.nodes[0];
  EXPECT_EQ(node.inputs, (std::vector<std::string>{"x", "r/shape"}));
  EXPECT_FALSE(node.attributes.has("shape"));
  EXPECT_EQ(old.graph.initializer("r/shape")->toInt64Vector(), (std::vector<int64_t>{3, 2}));
}

TEST(OpsetNormalizer, MovesSqueezeAndUnsqueezeAxes) {
  // [2, 3] → Unsqueeze axes [0, 3] → [1, 2, 3, 1] → Squeeze axes [0] → [2, 3, 1].
  const TinyModel old = makeModel(11,
                                  {makeNode("u", "Unsqueeze", {"x"}, {"a"}, {{"axes", std::vector<int64_t>{0, 3}}}),
                                   makeNode("s", "Squeeze", {"a"}, {"y"}, {{"axes", std::vector<int64_t>{0}}})},
                                  {{"x", kMatrix}});
  const TinyModel current = makeModel(
      13, {makeNode("u", "Unsqueeze", {"x", "ua"}, {"a"}), makeNode("s", "Squeeze", {"a", "sa"}, {"y"})},
      {{"x", kMatrix}}, {{"ua", int64s({0, 3})}, {"sa", int64s({0})}});
  expectSameAsNewestForm(old, current);
  EXPECT_EQ(run(current).shape(), (Shape{2, 3, 1}));
}

TEST(OpsetNormalizer, MovesReduceAxesToTheCanonicalInput) {
  // ReduceMean < 18 and ReduceSum < 13 took axes as an attribute.
  const TinyModel old = makeModel(
      11,
      {makeNode("m", "ReduceMean", {"x"}, {"a"}, {{"axes", std::vector<int64_t>{1}}, {"keepdims", int64_t{0}}}),
       makeNode("s", "ReduceSum", {"a"}, {"y"}, {{"axes", std::vector<int64_t>{0}}})},
      {{"x", kMatrix}});
  const TinyModel current = makeModel(18,
                                      {makeNode("m", "ReduceMean", {"x", "ma"}, {"a"}, {{"keepdims", int64_t{0}}}),
                                       makeNode("s", "ReduceSum", {"a", "sa"}, {"y"})},
                                      {{"x", kMatrix}}, {{"ma", int64s({1})}, {"sa", int64s({0})}});
  expectSameAsNewestForm(old, current);
  // Row means 2 and 5, summed: 7.
  expectTensorNear(run(current), floats({1}, {7}));

  TinyModel normalized = old;
  normalizeOpsets(normalized.graph);
  EXPECT_EQ(normalized.graph.nodes[0].inputs, (std::vector<std::string>{"x", "m/axes"}));
  EXPECT_FALSE(normalized.graph.nodes[0].attributes.has("axes"));
}

TEST(OpsetNormalizer, MovesSliceAttributes) {
  // Rows [1, 3) clamp to row 1; columns [0, −1) are 0 and 1: [[4, 5]].
  const TinyModel old = makeModel(9,
                                  {makeNode("sl", "Slice", {"x"}, {"y"},
                                            {{"starts", std::vector<int64_t>{1, 0}},
                                             {"ends", std::vector<int64_t>{3, -1}},
                                             {"axes", std::vector<int64_t>{0, 1}}})},
                                  {{"x", kMatrix}});
  const TinyModel current =
      makeModel(13, {makeNode("sl", "Slice", {"x", "b", "e", "a"}, {"y"})}, {{"x", kMatrix}},
                {{"b", int64s({1, 0})}, {"e", int64s({3, -1})}, {"a", int64s({0, 1})}});
  expectSameAsNewestForm(old, current);
  expectTensorNear(run(current), floats({1, 2}, {4, 5}));
}

TEST(OpsetNormalizer, MovesPadPadsAndValueIncludingTheOpset1Name) {
  const Tensor x = floats({2}, {1, 2});
  const TinyModel current = makeModel(11, {makeNode("p", "Pad", {"x", "pads", "v"}, {"y"})}, {{"x", x}},
                                      {{"pads", int64s({1, 2})}, {"v", Tensor::scalar<float>(7)}});
  expectTensorNear(run(current), floats({5}, {7, 1, 2, 7, 7}));
  expectSameAsNewestForm(
      makeModel(2, {makeNode("p", "Pad", {"x"}, {"y"}, {{"pads", std::vector<int64_t>{1, 2}}, {"value", 7.0f}})},
                {{"x", x}}),
      current);
  expectSameAsNewestForm(
      makeModel(1, {makeNode("p", "Pad", {"x"}, {"y"}, {{"paddings", std::vector<int64_t>{1, 2}}, {"value", 7.0f}})},
                {{"x", x}}),
      current);
}

TEST(OpsetNormalizer, MovesClipBoundsWithAnAbsentMinStayingAbsent) {
  const Tensor x = floats({4}, {-3, -0.5f, 0.5f, 3});
  expectSameAsNewestForm(
      makeModel(6, {makeNode("c", "Clip", {"x"}, {"y"}, {{"min", -1.0f}, {"max", 1.0f}})}, {{"x", x}}),
      makeModel(13, {makeNode("c", "Clip", {"x", "lo", "hi"}, {"y"})}, {{"x", x}},
                {{"lo", Tensor::scalar<float>(-1)}, {"hi", Tensor::scalar<float>(1)}}));

  TinyModel onlyMax = makeModel(6, {makeNode("c", "Clip", {"x"}, {"y"}, {{"max", 1.0f}})}, {{"x", x}});
  normalizeOpsets(onlyMax.graph);
  EXPECT_EQ(onlyMax.graph.nodes[0].inputs, (std::vector<std::string>{"x", "", "c/max"}));
  expectTensorNear(run(onlyMax), floats({4}, {-3, -0.5f, 0.5f, 1}));
}

TEST(OpsetNormalizer, GivesClipBoundsTheInputsElementType) {
  // The opset-13 Clip wants bounds of the input's type; the graph input declares float64.
  TinyModel old = makeModel(6, {makeNode("c", "Clip", {"x"}, {"y"}, {{"min", 0.0f}})},
                            {{"x", Tensor::fromVector<double>({2}, {-1, 1})}});
  normalizeOpsets(old.graph);
  EXPECT_EQ(old.graph.initializer("c/min")->dtype(), DataType::Float64);
  EXPECT_EQ(run(old).toFloatVector(), (std::vector<float>{0, 1}));
}

TEST(OpsetNormalizer, MovesSplitSizes) {
  const Tensor x = floats({3}, {1, 2, 3});
  TinyModel old = makeModel(11, {makeNode("sp", "Split", {"x"}, {"y", "z"}, {{"split", std::vector<int64_t>{1, 2}}})},
                            {{"x", x}});
  old.graph.outputs.push_back({"z", DataType::Undefined, {}, false});
  normalizeOpsets(old.graph);
  const auto outputs = Executor(old.graph).run(old.feeds);
  expectTensorNear(outputs[0], floats({1}, {1}));
  expectTensorNear(outputs[1], floats({2}, {2, 3}));
}

TEST(OpsetNormalizer, SpellsOutResize10Semantics) {
  // Opset 10 linear: x_original = x / 2 = 0, 0.5, 1, 1.5 (clamped to 1) over [1, 3] → 1, 2, 3, 3.
  // The opset-13 default (half_pixel) would give 1, 1.5, 2.5, 3.
  const Tensor x = floats({2}, {1, 3});
  TinyModel old = makeModel(10, {makeNode("rs", "Resize", {"x", "scales"}, {"y"}, {{"mode", std::string("linear")}})},
                            {{"x", x}}, {{"scales", floats({1}, {2})}});
  const TinyModel current = makeModel(
      13,
      {makeNode("rs", "Resize", {"x", "", "scales"}, {"y"},
                {{"mode", std::string("linear")}, {"coordinate_transformation_mode", std::string("asymmetric")}})},
      {{"x", x}}, {{"scales", floats({1}, {2})}});
  expectSameAsNewestForm(old, current);
  expectTensorNear(run(current), floats({4}, {1, 2, 3, 3}));

  normalizeOpsets(old.graph);
  EXPECT_EQ(old.graph.nodes[0].inputs, (std::vector<std::string>{"x", "", "scales"}));
  EXPECT_EQ(old.graph.nodes[0].attributes.getString("nearest_mode", ""), "floor");
}

TEST(OpsetNormalizer, RenamesTheOpset11NearestTransform) {
  TinyModel old = makeModel(11,
                            {makeNode("rs", "Resize", {"x", "roi", "scales"}, {"y"},
                                      {{"coordinate_transformation_mode", std::string("tf_half_pixel_for_nn")}})},
                            {{"x", floats({4}, {1, 2, 3, 4})}},
                            {{"roi", Tensor(DataType::Float32, {0})}, {"scales", floats({1}, {0.5f})}});
  normalizeOpsets(old.graph);
  EXPECT_EQ(old.graph.nodes[0].attributes.getString("coordinate_transformation_mode", ""),
            "tf_half_pixel_for_nearest");
  // x_original = (x + 0.5) / 0.5 = 1, 3.
  expectTensorNear(run(old), floats({2}, {2, 4}));
}

TEST(OpsetNormalizer, TurnsUpsampleIntoResize) {
  // Nearest ×2 on H and W, in both the opset-7 (attribute) and opset-9 (input) forms.
  const Tensor x = floats({1, 1, 2, 2}, {1, 2, 3, 4});
  const Tensor expected = floats({1, 1, 4, 4}, {1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4});
  TinyModel v7 = makeModel(7, {makeNode("up", "Upsample", {"x"}, {"y"}, {{"scales", std::vector<float>{1, 1, 2, 2}}})},
                           {{"x", x}});
  normalizeOpsets(v7.graph);
  EXPECT_EQ(v7.graph.nodes[0].opType, "Resize");
  EXPECT_EQ(v7.graph.nodes[0].inputs, (std::vector<std::string>{"x", "", "up/scales"}));
  expectTensorNear(run(v7), expected);

  TinyModel v9 = makeModel(9, {makeNode("up", "Upsample", {"x", "s"}, {"y"})}, {{"x", x}},
                           {{"s", floats({4}, {1, 1, 2, 2})}});
  normalizeOpsets(v9.graph);
  EXPECT_EQ(v9.graph.nodes[0].inputs, (std::vector<std::string>{"x", "", "s"}));
  expectTensorNear(run(v9), expected);
}

TEST(OpsetNormalizer, MarksOldSoftmaxForTheFlattenTo2DSemantics) {
  // Opset 11, axis absent (1): [1, 2, 2] flattens to one row of four, {0, 0, 0, ln 3} →
  // e^x = 1, 1, 1, 3 over a sum of 6. Opset 13 would normalize pairs along axis 1 instead.
  TinyModel old = makeModel(11, {makeNode("sm", "Softmax", {"x"}, {"y"})},
                            {{"x", floats({1, 2, 2}, {0, 0, 0, std::log(3.0f)})}});
  normalizeOpsets(old.graph);
  EXPECT_EQ(old.graph.nodes[0].attributes.getInt("quantlens.coerce_2d", 0), 1);
  EXPECT_EQ(old.graph.nodes[0].attributes.getInt("axis", -1), 1);
  expectTensorNear(run(old), floats({1, 2, 2}, {1.0f / 6, 1.0f / 6, 1.0f / 6, 0.5f}));
}

TEST(OpsetNormalizer, GivesOpset3ConcatItsOldDefaultAxis) {
  TinyModel old = makeModel(3, {makeNode("c", "Concat", {"x", "x"}, {"y"})}, {{"x", floats({1, 2}, {1, 2})}});
  normalizeOpsets(old.graph);
  expectTensorNear(run(old), floats({1, 4}, {1, 2, 1, 2}));
}

TEST(OpsetNormalizer, MovesTopKCountToAnInput) {
  Graph graph;
  graph.opset = 9;
  graph.nodes.push_back(makeNode("t", "TopK", {"x"}, {"v", "i"}, {{"k", int64_t{3}}}));
  normalizeOpsets(graph);
  EXPECT_EQ(graph.nodes[0].inputs, (std::vector<std::string>{"x", "t/K"}));
  EXPECT_EQ(graph.initializer("t/K")->toInt64Vector(), (std::vector<int64_t>{3}));
}

TEST(OpsetNormalizer, NewInitializerNamesNeverCollide) {
  TinyModel old = makeModel(4, {makeNode("r", "Reshape", {"r/shape"}, {"y"}, {{"shape", std::vector<int64_t>{6}}})},
                            {{"r/shape", kMatrix}});
  normalizeOpsets(old.graph);
  EXPECT_EQ(old.graph.nodes[0].inputs, (std::vector<std::string>{"r/shape", "r/shape_1"}));
  expectTensorNear(run(old), floats({6}, {1, 2, 3, 4, 5, 6}));
}

TEST(OpsetNormalizer, RunningTwiceChangesNothingMore) {
  TinyModel model = makeModel(
      10,
      {makeNode("u", "Unsqueeze", {"x"}, {"a"}, {{"axes", std::vector<int64_t>{0}}}),
       makeNode("rs", "Resize", {"a", "scales"}, {"b"}), makeNode("sm", "Softmax", {"b"}, {"y"})},
      {{"x", kMatrix}}, {{"scales", floats({3}, {1, 1, 2})}});
  normalizeOpsets(model.graph);
  const Graph once = model.graph;
  normalizeOpsets(model.graph);
  ASSERT_EQ(model.graph.nodes.size(), once.nodes.size());
  for (size_t i = 0; i < once.nodes.size(); ++i) {
    EXPECT_EQ(model.graph.nodes[i].inputs, once.nodes[i].inputs) << once.nodes[i].name;
    std::set<std::string> before, after;
    for (const auto& entry : once.nodes[i].attributes.all()) before.insert(entry.first);
    for (const auto& entry : model.graph.nodes[i].attributes.all()) after.insert(entry.first);
    EXPECT_EQ(after, before) << once.nodes[i].name;
  }
  EXPECT_EQ(model.graph.initializers.size(), once.initializers.size());
}

TEST(OpsetNormalizer, LeavesCurrentOpsetsOtherDomainsAndUnknownOpsetsAlone) {
  const Node current = makeNode("s", "Squeeze", {"x", "axes"}, {"y"});
  Node custom = makeNode("c", "Squeeze", {"x"}, {"z"}, {{"axes", std::vector<int64_t>{0}}});
  custom.domain = "com.example";
  Graph graph;
  graph.opset = 13;
  graph.nodes = {current};
  normalizeOpsets(graph);
  EXPECT_EQ(graph.nodes[0].inputs, current.inputs);

  graph.opset = 11;
  graph.nodes = {custom};
  normalizeOpsets(graph);
  EXPECT_TRUE(graph.nodes[0].attributes.has("axes"));
  EXPECT_TRUE(graph.initializers.empty());

  graph.opset = 0;
  graph.nodes = {makeNode("s", "Squeeze", {"x"}, {"y"}, {{"axes", std::vector<int64_t>{0}}})};
  normalizeOpsets(graph);
  EXPECT_TRUE(graph.nodes[0].attributes.has("axes"));
}

}  // namespace
}  // namespace quantlens
