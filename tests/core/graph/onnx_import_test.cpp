// ONNX import: weights from initializers and Constant nodes, attributes, and refusal of bad files.
#include "core/graph/onnx_import.h"

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>
#include <onnx/onnx_pb.h>

#include "core/error.h"
#include "core/graph/tensor_proto.h"

namespace quantlens {
namespace {

namespace fs = std::filesystem;

onnx::ModelProto smallModel() {
  onnx::ModelProto model;
  model.set_ir_version(8);
  model.add_opset_import()->set_version(13);
  auto* graph = model.mutable_graph();
  graph->set_name("small");
  auto* in = graph->add_input();
  in->set_name("x");
  in->mutable_type()->mutable_tensor_type()->set_elem_type(onnx::TensorProto::FLOAT);
  auto* shape = in->mutable_type()->mutable_tensor_type()->mutable_shape();
  shape->add_dim()->set_dim_param("batch");
  shape->add_dim()->set_dim_value(4);
  tensorToProto(Tensor::fromVector<float>({4}, {1, 2, 3, 4}), "w", *graph->add_initializer());

  auto* constant = graph->add_node();
  constant->set_op_type("Constant");
  constant->add_output("c");
  auto* value = constant->add_attribute();
  value->set_name("value_floats");
  value->set_type(onnx::AttributeProto::FLOATS);
  value->add_floats(0.5f);

  auto* add = graph->add_node();  // unnamed: import names it
  add->set_op_type("Add");
  add->add_input("x");
  add->add_input("w");
  add->add_output("y");
  auto* attr = add->add_attribute();
  attr->set_name("alpha");
  attr->set_type(onnx::AttributeProto::INT);
  attr->set_i(3);
  graph->add_output()->set_name("y");
  return model;
}

fs::path tempDir(const std::string& name) {
  fs::path dir = fs::temp_directory_path() / ("quantlens_import_test_" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

fs::path writeModel(const onnx::ModelProto& model, const fs::path& path) {
  std::ofstream file(path, std::ios::binary);
  model.SerializeToOstream(&file);
  return path;
}

TEST(OnnxImport, TurnsInitializersAndConstantNodesIntoWeights) {
  Model model = importOnnxModel(smallModel(), {});
  const Graph& g = model.graph;
  EXPECT_EQ(g.opset, 13);
  ASSERT_EQ(g.inputs.size(), 1u);
  EXPECT_EQ(g.inputs[0].shape[0].symbol, "batch");
  EXPECT_EQ(g.inputs[0].shape[1].value, 4);
  ASSERT_NE(g.initializer("w"), nullptr);
  ASSERT_NE(g.initializer("c"), nullptr);
  EXPECT_EQ(g.initializer("c")->toFloatVector(), std::vector<float>{0.5f});
  ASSERT_EQ(g.nodes.size(), 1u);  // the Constant node became a weight
  EXPECT_EQ(g.nodes[0].opType, "Add");
  EXPECT_FALSE(g.nodes[0].name.empty());
  EXPECT_EQ(g.nodes[0].attributes.getInt("alpha", 0), 3);
  EXPECT_EQ(g.parameterCount(), 5);
}

TEST(OnnxImport, RefusesATruncatedFileNamingIt) {
  const fs::path dir = tempDir("truncated");
  std::string bytes;
  smallModel().SerializeToString(&bytes);
  const fs::path path = dir / "cut.onnx";
  std::ofstream(path, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size() / 2));
  try {
    importOnnxFile(path);
    FAIL() << "a truncated model must be refused";
  } catch (const Error& e) {
    EXPECT_NE(e.message().find("cut.onnx"), std::string::npos) << e.message();
    EXPECT_EQ(e.kind(), ErrorKind::InvalidInput);
  }
}

TEST(OnnxImport, RefusesATextFile) {
  const fs::path path = tempDir("text") / "notes.onnx";
  std::ofstream(path) << "this is not a model\n";
  EXPECT_THROW(importOnnxFile(path), Error);
  EXPECT_THROW(importOnnxFile(tempDir("missing") / "absent.onnx"), Error);
}

TEST(OnnxImport, ReadsExternalDataInsideTheModelFolderOnly) {
  const fs::path dir = tempDir("external");
  const std::vector<float> weights = {5, 6, 7, 8};
  std::ofstream(dir / "weights.bin", std::ios::binary)
      .write(reinterpret_cast<const char*>(weights.data()), 16);

  auto makeModel = [&](const std::string& location) {
    onnx::ModelProto model = smallModel();
    auto* w = model.mutable_graph()->mutable_initializer(0);
    w->clear_raw_data();
    w->set_data_location(onnx::TensorProto::EXTERNAL);
    auto* entry = w->add_external_data();
    entry->set_key("location");
    entry->set_value(location);
    return model;
  };
  Model inside = importOnnxFile(writeModel(makeModel("weights.bin"), dir / "inside.onnx"));
  EXPECT_EQ(inside.graph.initializer("w")->toFloatVector(), weights);

  for (const std::string location : {"../weights.bin", "/etc/passwd"}) {
    try {
      importOnnxFile(writeModel(makeModel(location), dir / "outside.onnx"));
      FAIL() << location << " must be refused";
    } catch (const Error& e) {
      EXPECT_NE(e.message().find("model's folder"), std::string::npos) << e.message();
    }
  }
}

TEST(TensorProto, RoundTripsThroughAFile) {
  const fs::path path = tempDir("pb") / "t.pb";
  Tensor t = Tensor::fromVector<int64_t>({2, 2}, {1, -2, 3, -4});
  writeTensorFile(t, "t", path);
  Tensor back = readTensorFile(path);
  EXPECT_EQ(back.shape(), t.shape());
  EXPECT_EQ(back.toInt64Vector(), t.toInt64Vector());
}

}  // namespace
}  // namespace quantlens
