// Resize: nearest and linear under each coordinate transformation, with hand-computed coordinates.
#include <gtest/gtest.h>

#include "tests/core/runtime/ops/shape/shape_test_support.h"

namespace quantlens::testing {
namespace {

Tensor resizeByScales(const Tensor& x, std::vector<float> scales, Attributes attrs) {
  const auto count = static_cast<int64_t>(scales.size());
  return runOp("Resize", {x, Tensor(), floats({count}, scales)}, std::move(attrs))[0];
}

Tensor resizeToSizes(const Tensor& x, std::vector<int64_t> sizes, Attributes attrs) {
  return runOp("Resize", {x, Tensor(), Tensor(), int64s(std::move(sizes))}, std::move(attrs))[0];
}

TEST(Resize, NearestUpsamplesNchwWithAsymmetricFloor) {
  // x_original = x / 2, floored: each pixel repeats twice along H and W.
  auto out = resizeByScales(floats({1, 1, 2, 2}, {1, 2, 3, 4}), {1, 1, 2, 2},
                            attributes({{"coordinate_transformation_mode", std::string("asymmetric")},
                                        {"nearest_mode", std::string("floor")}}));
  expectTensorNear(out, floats({1, 1, 4, 4}, {1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4}));
}

TEST(Resize, NearestHalfPixelTiesFollowTheNearestMode) {
  // Scale 0.5 with half_pixel: x_original = (x + 0.5) / 0.5 − 0.5 = 2x + 0.5, a tie at 0.5 and 2.5.
  const Tensor x = floats({4}, {1, 2, 3, 4});
  expectTensorNear(resizeToSizes(x, {2}, {}), floats({2}, {1, 3}));  // round_prefer_floor: 0, 2
  expectTensorNear(resizeToSizes(x, {2}, attributes({{"nearest_mode", std::string("round_prefer_ceil")}})),
                   floats({2}, {2, 4}));  // 1, 3
  expectTensorNear(resizeToSizes(x, {2}, attributes({{"nearest_mode", std::string("ceil")}})), floats({2}, {2, 4}));
}

TEST(Resize, NearestTfHalfPixelForNearestDropsTheHalfPixelShift) {
  // x_original = (x + 0.5) / 0.5 = 1, 3 → elements 2 and 4.
  auto out = resizeToSizes(floats({4}, {1, 2, 3, 4}), {2},
                           attributes({{"coordinate_transformation_mode", std::string("tf_half_pixel_for_nearest")}}));
  expectTensorNear(out, floats({2}, {2, 4}));
}

TEST(Resize, NearestCopiesIntegerElements) {
  auto out = runOp("Resize", {Tensor::fromVector<uint8_t>({2}, {10, 200}), Tensor(), floats({1}, {2})},
                   attributes({{"coordinate_transformation_mode", std::string("asymmetric")}}))[0];
  // Asymmetric with round_prefer_floor: x/2 = 0, 0.5, 1, 1.5 → 0, 0, 1, 1 (ties go down).
  EXPECT_EQ(out.dtype(), DataType::UInt8);
  EXPECT_EQ(out.toInt64Vector(), (std::vector<int64_t>{10, 10, 200, 200}));
}

TEST(Resize, LinearHalfPixelClampsAtTheEdges) {
  // x_original = (x + 0.5) / 2 − 0.5 = −0.25, 0.25, 0.75, 1.25; clamped to the ends of [1, 3]:
  // 1, 1 + 0.25·2, 1 + 0.75·2, 3.
  auto out = resizeByScales(floats({2}, {1, 3}), {2}, attributes({{"mode", std::string("linear")}}));
  expectTensorNear(out, floats({4}, {1, 1.5f, 2.5f, 3}));
}

TEST(Resize, LinearAlignCornersKeepsTheCorners) {
  // x_original = x · (2 − 1) / (3 − 1) = 0, 0.5, 1.
  auto out = resizeToSizes(floats({2}, {1, 3}), {3},
                           attributes({{"mode", std::string("linear")},
                                       {"coordinate_transformation_mode", std::string("align_corners")}}));
  expectTensorNear(out, floats({3}, {1, 2, 3}));
}

TEST(Resize, LinearOnNchwIsBilinear) {
  // align_corners 2×2 → 3×3: the centre is the mean of all four, edges the mean of two.
  auto out = resizeToSizes(floats({1, 1, 2, 2}, {1, 2, 3, 4}), {1, 1, 3, 3},
                           attributes({{"mode", std::string("linear")},
                                       {"coordinate_transformation_mode", std::string("align_corners")}}));
  expectTensorNear(out, floats({1, 1, 3, 3}, {1, 1.5f, 2, 2, 2.5f, 3, 3, 3.5f, 4}));
}

TEST(Resize, LinearAsymmetricOnThreeSpatialAxes) {
  // 1×1×2×1×2 → ×2 on the last three axes; x_original = x / 2 with the far edge clamped, so along
  // each axis [a, b] becomes [a, (a + b) / 2, b, b]. Along D the values are 1|5, along W 1|2.
  auto out = resizeByScales(floats({1, 1, 2, 1, 2}, {1, 2, 5, 6}), {1, 1, 2, 2, 2},
                            attributes({{"mode", std::string("linear")},
                                        {"coordinate_transformation_mode", std::string("asymmetric")}}));
  ASSERT_EQ(out.shape(), (Shape{1, 1, 4, 2, 4}));
  const std::vector<float> rowD0 = {1, 1.5f, 2, 2}, rowD1 = {3, 3.5f, 4, 4}, rowD2 = {5, 5.5f, 6, 6};
  std::vector<float> expected;
  for (const auto* row : {&rowD0, &rowD1, &rowD2, &rowD2})
    for (int h = 0; h < 2; ++h) expected.insert(expected.end(), row->begin(), row->end());
  expectTensorNear(out, floats({1, 1, 4, 2, 4}, expected));
}

TEST(Resize, PytorchHalfPixelWithOneOutputReadsTheFirstElement) {
  // half_pixel would read x_original = 0.5 / 0.25 − 0.5 = 1.5 (2.5); pytorch_half_pixel reads 0.
  auto out = resizeToSizes(floats({4}, {1, 2, 3, 4}), {1},
                           attributes({{"mode", std::string("linear")},
                                       {"coordinate_transformation_mode", std::string("pytorch_half_pixel")}}));
  expectTensorNear(out, floats({1}, {1}));
  expectTensorNear(resizeToSizes(floats({4}, {1, 2, 3, 4}), {1}, attributes({{"mode", std::string("linear")}})),
                   floats({1}, {2.5f}));
}

TEST(Resize, AxesAttributeResizesOnlyTheListedAxes) {
  auto out = resizeByScales(floats({2, 2}, {1, 2, 3, 4}), {2},
                            attributes({{"axes", std::vector<int64_t>{-1}},
                                        {"coordinate_transformation_mode", std::string("asymmetric")},
                                        {"nearest_mode", std::string("floor")}}));
  expectTensorNear(out, floats({2, 4}, {1, 1, 2, 2, 3, 3, 4, 4}));
}

TEST(Resize, NotLargerPolicyKeepsTheAspectRatio) {
  // sizes [4, 4] for [2, 4]: scales 2 and 1, the smaller (1) wins for both axes → unchanged.
  auto out = resizeToSizes(floats({2, 4}, {1, 2, 3, 4, 5, 6, 7, 8}), {4, 4},
                           attributes({{"keep_aspect_ratio_policy", std::string("not_larger")}}));
  expectTensorNear(out, floats({2, 4}, {1, 2, 3, 4, 5, 6, 7, 8}));
}

TEST(Resize, AnEmptyScalesTensorMeansSizesAreUsed) {
  // Opset 11 required roi and scales even with sizes; empty tensors stand for "absent".
  auto out = runOp("Resize", {floats({2}, {1, 2}), Tensor(DataType::Float32, {0}), Tensor(DataType::Float32, {0}),
                              int64s({4})},
                   attributes({{"coordinate_transformation_mode", std::string("asymmetric")},
                               {"nearest_mode", std::string("floor")}}))[0];
  expectTensorNear(out, floats({4}, {1, 1, 2, 2}));
}

TEST(Resize, RefusesCubicAndCropAndResize) {
  EXPECT_EQ(caughtError([] { resizeByScales(floats({2}, {1, 2}), {2}, attributes({{"mode", std::string("cubic")}})); })
                .kind(),
            ErrorKind::Unsupported);
  EXPECT_EQ(caughtError([] {
              resizeByScales(floats({2}, {1, 2}), {2},
                             attributes({{"coordinate_transformation_mode", std::string("tf_crop_and_resize")}}));
            }).kind(),
            ErrorKind::Unsupported);
}

TEST(Resize, RejectsBothScalesAndSizesOrAWrongCount) {
  const Error both = caughtError([] {
    runOp("Resize", {floats({2}, {1, 2}), Tensor(), floats({1}, {2}), int64s({4})});
  });
  EXPECT_EQ(both.kind(), ErrorKind::InvalidInput);
  EXPECT_TRUE(contains(both.message(), "exactly one of scales and sizes")) << both.message();
  EXPECT_TRUE(contains(caughtError([] { resizeByScales(floats({2}, {1, 2}), {1, 2}, {}); }).message(), "2 values for 1"));
}

}  // namespace
}  // namespace quantlens::testing
