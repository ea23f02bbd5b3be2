// quantize() and dequantize() against the ONNX backend node tests of QuantizeLinear and
// DequantizeLinear (Debian's libonnx-testdata 1.12: opset 13, per-tensor and per-axis).
#include <filesystem>

#include <gtest/gtest.h>

#include "core/graph/onnx_import.h"
#include "core/graph/tensor_proto.h"
#include "core/quant/quantize.h"

namespace quantlens {
namespace {

const std::filesystem::path kNodeTests = "/usr/share/libonnx-testdata/data/node";

struct NodeCase {
  Tensor input;
  Tensor scale;
  Tensor zeroPoint;
  Tensor expected;
  int64_t axis = 1;  // the ONNX default
};

NodeCase loadCase(const std::string& name) {
  const std::filesystem::path folder = kNodeTests / name;
  NodeCase c;
  const Model model = importOnnxFile(folder / "model.onnx");
  if (!model.graph.nodes.empty()) c.axis = model.graph.nodes.front().attributes.getInt("axis", 1);
  const std::filesystem::path data = folder / "test_data_set_0";
  c.input = readTensorFile(data / "input_0.pb");
  c.scale = readTensorFile(data / "input_1.pb");
  c.zeroPoint = readTensorFile(data / "input_2.pb");
  c.expected = readTensorFile(data / "output_0.pb");
  return c;
}

// The qparams ONNX's inputs describe: a scalar scale is per-tensor, a 1-D scale per-axis.
QParams qparamsOf(const NodeCase& c) {
  QParams params;
  const DataType zeroPointType = c.zeroPoint.dtype();
  params.scheme = QuantScheme::make({zeroPointType == DataType::Int8 ? QuantDtype::Int8 : QuantDtype::UInt8, 8},
                                    false, Granularity::perTensor(), QuantReference::OnnxRuntime);
  if (c.scale.rank() == 1) params.scheme.granularity = Granularity::perChannel(c.axis);
  params.scales = c.scale.toFloatVector();
  for (int64_t i = 0; i < c.zeroPoint.numel(); ++i) params.zeroPoints.push_back(static_cast<int32_t>(c.zeroPoint.valueAsInt(i)));
  return params;
}

class OnnxQuantizeLinear : public ::testing::TestWithParam<std::string> {};

TEST_P(OnnxQuantizeLinear, MatchesTheBackendTestOutput) {
  if (!std::filesystem::exists(kNodeTests / GetParam())) GTEST_SKIP() << "libonnx-testdata is not installed";
  const NodeCase c = loadCase(GetParam());
  const Tensor codes = quantize(c.input, qparamsOf(c));
  ASSERT_EQ(codes.dtype(), c.expected.dtype());
  ASSERT_EQ(codes.shape(), c.expected.shape());
  for (int64_t i = 0; i < codes.numel(); ++i)
    EXPECT_EQ(codes.valueAsInt(i), c.expected.valueAsInt(i)) << "x = " << c.input.valueAsDouble(i);
}

INSTANTIATE_TEST_SUITE_P(BackendTests, OnnxQuantizeLinear,
                         ::testing::Values("test_quantizelinear", "test_quantizelinear_axis"));

class OnnxDequantizeLinear : public ::testing::TestWithParam<std::string> {};

TEST_P(OnnxDequantizeLinear, MatchesTheBackendTestOutput) {
  if (!std::filesystem::exists(kNodeTests / GetParam())) GTEST_SKIP() << "libonnx-testdata is not installed";
  const NodeCase c = loadCase(GetParam());
  const Tensor values = dequantize(c.input, qparamsOf(c));
  ASSERT_EQ(values.shape(), c.expected.shape());
  EXPECT_EQ(values.toFloatVector(), c.expected.toFloatVector());
}

INSTANTIATE_TEST_SUITE_P(BackendTests, OnnxDequantizeLinear,
                         ::testing::Values("test_dequantizelinear", "test_dequantizelinear_axis"));

}  // namespace
}  // namespace quantlens
