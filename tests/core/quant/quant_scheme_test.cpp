// Quantization dtypes, granularities and schemes: CLI names, integer ranges per PyTorch and ONNX
// Runtime, and the settings each rejects.
#include "core/quant/quant_scheme.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/error.h"

namespace quantlens {
namespace {

using ::testing::HasSubstr;

template <class Fn> std::string errorOf(Fn&& fn) {
  try {
    fn();
  } catch (const Error& e) {
    return e.message();
  }
  return "(no error)";
}

QuantScheme scheme(std::string_view dtype, bool symmetric, QuantReference reference, bool reduceRange = false) {
  QuantScheme s = QuantScheme::make(parseQuantDtype(dtype), symmetric, Granularity::perTensor(), reference);
  s.reduceRange = reduceRange;
  return s;
}

QuantRange pytorchRange(std::string_view dtype, bool symmetric, bool reduceRange = false) {
  return scheme(dtype, symmetric, QuantReference::PyTorch, reduceRange).quantRange();
}

QuantRange ortRange(std::string_view dtype, bool symmetric, bool reduceRange = false) {
  return scheme(dtype, symmetric, QuantReference::OnnxRuntime, reduceRange).quantRange();
}

TEST(QuantDtype, ParsesEveryCliNameWithItsWidth) {
  struct Case {
    const char* name;
    QuantDtype dtype;
    int bits;
  };
  for (const Case& c : {Case{"int8", QuantDtype::Int8, 8}, Case{"uint8", QuantDtype::UInt8, 8},
                        Case{"int4", QuantDtype::Int4, 4}, Case{"uint4", QuantDtype::UInt4, 4},
                        Case{"int16", QuantDtype::Int16, 16}, Case{"uint16", QuantDtype::UInt16, 16},
                        Case{"int2", QuantDtype::IntN, 2}, Case{"int3", QuantDtype::IntN, 3},
                        Case{"uint6", QuantDtype::UIntN, 6}, Case{"int12", QuantDtype::IntN, 12},
                        Case{"fp8e4m3", QuantDtype::Fp8E4M3, 8}, Case{"FP8E5M2", QuantDtype::Fp8E5M2, 8},
                        Case{"nf4", QuantDtype::Nf4, 4}}) {
    const QuantDtypeWidth parsed = parseQuantDtype(c.name);
    EXPECT_EQ(parsed.dtype, c.dtype) << c.name;
    EXPECT_EQ(parsed.bits, c.bits) << c.name;
  }
}

TEST(QuantDtype, NamesRoundTripThroughTheParser) {
  for (const char* name : {"int8", "uint8", "int4", "uint4", "int16", "uint16", "int5", "uint13", "fp8e4m3",
                           "fp8e5m2", "nf4"}) {
    const QuantDtypeWidth parsed = parseQuantDtype(name);
    EXPECT_EQ(quantDtypeName(parsed.dtype, parsed.bits), name);
  }
}

TEST(QuantDtype, RejectsUnknownNamesAndWidthsOutside2To16) {
  for (const char* bad : {"int1", "int17", "int32", "uint0", "int08", "intN", "float8", "fp8", "nf8", "", "int"}) {
    EXPECT_THAT(errorOf([&] { parseQuantDtype(bad); }),
                HasSubstr("quantization dtype '" + std::string(bad) + "' is not valid"))
        << bad;
  }
}

TEST(QuantDtype, StoresCodesInTheNarrowestOnnxIntegerType) {
  EXPECT_EQ(codeDataType(QuantDtype::Int8, 8), DataType::Int8);
  EXPECT_EQ(codeDataType(QuantDtype::UInt4, 4), DataType::UInt8);
  EXPECT_EQ(codeDataType(QuantDtype::IntN, 3), DataType::Int8);
  EXPECT_EQ(codeDataType(QuantDtype::IntN, 12), DataType::Int16);
  EXPECT_EQ(codeDataType(QuantDtype::UInt16, 16), DataType::UInt16);
  EXPECT_EQ(codeDataType(QuantDtype::Fp8E4M3, 8), DataType::UInt8);
  EXPECT_EQ(codeDataType(QuantDtype::Nf4, 4), DataType::UInt8);
}

TEST(Granularity, ParsesTheCliForms) {
  EXPECT_EQ(parseGranularity("per-tensor"), Granularity::perTensor());
  EXPECT_EQ(parseGranularity("per-channel"), Granularity::perChannel(0));
  EXPECT_EQ(parseGranularity("per-group:128"), Granularity::perGroup(128, 1));
  EXPECT_EQ(granularityName(Granularity::perGroup(64)), "per-group:64");
  for (const char* bad : {"per-group:0", "per-group:", "per-group:-4", "per-group:12x", "channel", ""})
    EXPECT_THAT(errorOf([&] { parseGranularity(bad); }),
                HasSubstr("granularity '" + std::string(bad) + "' is not valid"))
        << bad;
}

TEST(QuantScheme, ParsesReferenceAndSymmetryNames) {
  EXPECT_EQ(parseQuantReference("pytorch"), QuantReference::PyTorch);
  EXPECT_EQ(parseQuantReference("onnxruntime"), QuantReference::OnnxRuntime);
  EXPECT_TRUE(parseSymmetric("symmetric"));
  EXPECT_FALSE(parseSymmetric("affine"));
  EXPECT_THAT(errorOf([] { parseQuantReference("tensorrt"); }), HasSubstr("expected pytorch or onnxruntime"));
  EXPECT_THAT(errorOf([] { parseSymmetric("asymmetric"); }), HasSubstr("expected symmetric or affine"));
}

// REFERENCE-SEMANTICS §1.1 (torch/ao/quantization/utils.py::calculate_qmin_qmax).
TEST(QuantScheme, PyTorchRangesFollowCalculateQminQmax) {
  EXPECT_EQ(pytorchRange("int8", true), (QuantRange{-128, 127}));
  EXPECT_EQ(pytorchRange("int8", false, true), (QuantRange{-64, 63}));
  EXPECT_EQ(pytorchRange("uint8", false), (QuantRange{0, 255}));
  EXPECT_EQ(pytorchRange("uint8", false, true), (QuantRange{0, 127}));
  EXPECT_EQ(pytorchRange("int4", true), (QuantRange{-8, 7}));
  EXPECT_EQ(pytorchRange("int4", true, true), (QuantRange{-4, 3}));
  EXPECT_EQ(pytorchRange("uint4", false), (QuantRange{0, 15}));
  EXPECT_EQ(pytorchRange("int3", false, true), (QuantRange{-2, 1}));
  EXPECT_EQ(pytorchRange("int16", true), (QuantRange{-32768, 32767}));
  // PyTorch 2.x's int16/uint16 defaults ignore reduce_range, like qint32.
  EXPECT_EQ(pytorchRange("int16", false, true), (QuantRange{-32768, 32767}));
}

TEST(QuantScheme, ReduceRangeFloorHalvesACustomRange) {
  // PR #74717: (qmin // 2, qmax // 2), so -127 // 2 == -64.
  QuantScheme s = scheme("int8", true, QuantReference::PyTorch, true);
  s.quantMin = -127;
  s.quantMax = 127;
  EXPECT_EQ(s.quantRange(), (QuantRange{-64, 63}));
  s.reduceRange = false;
  EXPECT_EQ(s.quantRange(), (QuantRange{-127, 127}));
}

// REFERENCE-SEMANTICS §2.1 (quant_utils.py::get_qmin_qmax_for_qType): reduce_range wins.
TEST(QuantScheme, OnnxRuntimeRangesFollowGetQminQmaxForQType) {
  EXPECT_EQ(ortRange("uint8", false), (QuantRange{0, 255}));
  EXPECT_EQ(ortRange("uint8", true), (QuantRange{0, 254}));
  EXPECT_EQ(ortRange("uint8", true, true), (QuantRange{0, 127}));
  EXPECT_EQ(ortRange("int8", false), (QuantRange{-128, 127}));
  EXPECT_EQ(ortRange("int8", true), (QuantRange{-127, 127}));
  EXPECT_EQ(ortRange("int8", true, true), (QuantRange{-64, 64}));
  EXPECT_EQ(ortRange("int8", false, true), (QuantRange{-64, 64}));
  EXPECT_EQ(ortRange("uint16", true), (QuantRange{0, 65534}));
  EXPECT_EQ(ortRange("uint16", false, true), (QuantRange{0, 32767}));
  EXPECT_EQ(ortRange("int16", true), (QuantRange{-32767, 32767}));
  EXPECT_EQ(ortRange("int16", false, true), (QuantRange{-16384, 16384}));
  EXPECT_EQ(ortRange("int4", true), (QuantRange{-8, 7}));
  EXPECT_EQ(ortRange("uint4", true), (QuantRange{0, 15}));
  EXPECT_EQ(ortRange("int4", false, true), (QuantRange{-4, 3}));
  EXPECT_EQ(ortRange("uint4", false, true), (QuantRange{0, 7}));
}

TEST(QuantScheme, SaturatesToTheQuantRangeInPyTorchAndTheFullTypeInOnnxRuntime) {
  EXPECT_EQ(scheme("int8", true, QuantReference::PyTorch, true).saturationRange(), (QuantRange{-64, 63}));
  // quantize_nparray clips weights to the full type range even when the scale used [-127, 127].
  EXPECT_EQ(scheme("int8", true, QuantReference::OnnxRuntime).saturationRange(), (QuantRange{-128, 127}));
  EXPECT_EQ(scheme("uint4", false, QuantReference::OnnxRuntime, true).saturationRange(), (QuantRange{0, 15}));
}

TEST(QuantScheme, RejectsCustomRangesWithoutZeroOrBeyondTheType) {
  QuantScheme s = scheme("uint8", false, QuantReference::PyTorch);
  s.quantMin = 5;
  s.quantMax = 100;
  EXPECT_THAT(errorOf([&] { s.validate(); }),
              HasSubstr("custom quantization range [5, 100] must include 0 (quant_min <= 0 <= quant_max)"));
  s.quantMin = 0;
  s.quantMax = 300;
  EXPECT_THAT(errorOf([&] { s.validate(); }), HasSubstr("exceeds the uint8 range [0, 255]"));
  s.quantMin = 0;
  s.quantMax = 0;
  EXPECT_THAT(errorOf([&] { s.validate(); }), HasSubstr("must have quant_min < quant_max"));
  s.quantMax.reset();
  EXPECT_THAT(errorOf([&] { s.validate(); }), HasSubstr("needs both quant_min and quant_max"));
}

TEST(QuantScheme, RejectsPyTorchSymmetricUnsignedReduceRangeAsPyTorchDoes) {
  // MinMaxObserver raises NotImplementedError("Cannot reduce range for symmetric quantization for quint8").
  EXPECT_THAT(errorOf([] { scheme("uint8", true, QuantReference::PyTorch, true).validate(); }),
              HasSubstr("PyTorch cannot reduce the range of symmetric unsigned quantization"));
  EXPECT_NO_THROW(scheme("uint8", true, QuantReference::OnnxRuntime, true).validate());
  EXPECT_NO_THROW(scheme("int8", true, QuantReference::PyTorch, true).validate());
}

TEST(QuantScheme, RejectsAffineOrReducedFloatFormats) {
  EXPECT_THAT(errorOf([] { scheme("fp8e4m3", false, QuantReference::OnnxRuntime).validate(); }),
              HasSubstr("FP8 and NF4 are symmetric formats"));
  EXPECT_THAT(errorOf([] { scheme("nf4", true, QuantReference::PyTorch, true).validate(); }),
              HasSubstr("reduce_range applies only to integer dtypes"));
  EXPECT_NO_THROW(scheme("fp8e5m2", true, QuantReference::PyTorch).validate());
}

TEST(QuantScheme, DescribesItselfForMessages) {
  QuantScheme s = scheme("int4", true, QuantReference::OnnxRuntime);
  s.granularity = Granularity::perGroup(32);
  EXPECT_EQ(s.describe(), "int4 symmetric per-group:32 (onnxruntime)");
}

}  // namespace
}  // namespace quantlens
