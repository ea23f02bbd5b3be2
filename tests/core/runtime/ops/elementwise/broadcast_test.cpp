// The broadcast helper: output shapes, and the row plan checked against a per-element reference
// over every small shape combination.
#include "core/runtime/ops/elementwise/broadcast.h"

#include <array>
#include <sstream>

#include <gtest/gtest.h>

namespace quantlens {
namespace {

std::optional<Shape> broadcastOf(std::vector<Shape> shapes) {
  std::vector<const Shape*> pointers;
  for (const Shape& s : shapes) pointers.push_back(&s);
  return broadcastShapes(pointers);
}

// Offset into `input` of the output element at flat index `outIndex`: the numpy rule spelled
// out one axis at a time (size-1 axes and missing leading axes contribute nothing).
int64_t referenceOffset(const Shape& outShape, const Shape& input, int64_t outIndex) {
  const size_t rank = outShape.size();
  const size_t missing = rank - input.size();
  int64_t offset = 0, stride = 1;
  for (size_t axis = rank; axis-- > 0;) {
    const int64_t coordinate = outIndex % outShape[axis];
    outIndex /= outShape[axis];
    if (axis < missing) continue;
    const int64_t dim = input[axis - missing];
    if (dim != 1) offset += coordinate * stride;
    stride *= dim;
  }
  return offset;
}

// Every shape of rank 0..3 with sizes from {1, 2, 3}.
std::vector<Shape> smallShapes() {
  std::vector<Shape> shapes{{}};
  for (size_t i = 0; i < shapes.size(); ++i) {
    if (shapes[i].size() == 3) continue;
    for (int64_t d : {1, 2, 3}) {
      Shape s = shapes[i];
      s.insert(s.begin(), d);
      shapes.push_back(s);
    }
  }
  return shapes;
}

// Walks `plan` and compares each output element's input offsets with the reference.
void expectPlanMatchesReference(const Shape& outShape, const std::vector<Shape>& inputs) {
  std::vector<const Shape*> pointers;
  std::ostringstream where;
  where << "output " << shapeToString(outShape) << ", inputs";
  for (const Shape& s : inputs) {
    pointers.push_back(&s);
    where << " " << shapeToString(s);
  }
  const BroadcastPlan plan(outShape, pointers);
  int64_t visited = 0;
  bool ok = true;
  plan.forEachRow([&](int64_t outOffset, const auto& in) {
    EXPECT_EQ(outOffset, visited) << where.str();
    for (int64_t i = 0; i < plan.rowLength() && ok; ++i)
      for (size_t k = 0; k < inputs.size() && ok; ++k) {
        const int64_t actual = in[k] + (plan.advancesAlongRow(k) ? i : 0);
        const int64_t expected = referenceOffset(outShape, inputs[k], outOffset + i);
        if (actual != expected) {
          ADD_FAILURE() << where.str() << ": element " << outOffset + i << " of input " << k
                        << " reads " << actual << ", expected " << expected;
          ok = false;
        }
      }
    visited += plan.rowLength();
  });
  EXPECT_EQ(visited, elementCount(outShape)) << where.str();
}

TEST(Broadcast, StretchesSizeOneAxes) {
  // numpy: (3,1) with (1,4) gives (3,4)
  EXPECT_EQ(broadcastOf({{3, 1}, {1, 4}}), (Shape{3, 4}));
}

TEST(Broadcast, AlignsShapesAtTheirLastAxis) {
  // (2,3,4) with (4,) and (3,1): missing leading axes count as 1
  EXPECT_EQ(broadcastOf({{2, 3, 4}, {4}, {3, 1}}), (Shape{2, 3, 4}));
}

TEST(Broadcast, TreatsScalarsAsEveryShape) {
  EXPECT_EQ(broadcastOf({{}, {2, 5}}), (Shape{2, 5}));
  EXPECT_EQ(broadcastOf({{}, {}}), Shape{});
}

TEST(Broadcast, KeepsZeroSizedAxesAgainstOne) {
  // numpy: (0,3) with (1,3) gives (0,3); (0,) with (2,) is an error
  EXPECT_EQ(broadcastOf({{0, 3}, {1, 3}}), (Shape{0, 3}));
  EXPECT_EQ(broadcastOf({{0}, {2}}), std::nullopt);
}

TEST(Broadcast, RejectsDifferentSizesOnOneAxis) {
  EXPECT_EQ(broadcastOf({{2, 3}, {4}}), std::nullopt);
  EXPECT_EQ(broadcastOf({{2, 1}, {3, 1}}), std::nullopt);
}

TEST(BroadcastPlan, MergesSameShapeInputsIntoOneRow) {
  const Shape s{2, 3, 4};
  const std::array<const Shape*, 2> shapes{&s, &s};
  const BroadcastPlan plan(s, shapes);
  EXPECT_EQ(plan.rowLength(), 24);
  EXPECT_TRUE(plan.advancesAlongRow(0));
  EXPECT_TRUE(plan.advancesAlongRow(1));
}

TEST(BroadcastPlan, RepeatsAScalarAlongOneRow) {
  const Shape x{2, 3, 4}, scalar{};
  const std::array<const Shape*, 2> shapes{&x, &scalar};
  const BroadcastPlan plan(x, shapes);
  EXPECT_EQ(plan.rowLength(), 24);
  EXPECT_FALSE(plan.advancesAlongRow(1));
}

TEST(BroadcastPlan, MakesRowsOfHeightTimesWidthForAChannelBias) {
  // [N,C,H,W] + [1,C,1,1]: rows of H*W = 20 elements, the bias repeating within each row.
  const Shape x{2, 3, 4, 5}, bias{1, 3, 1, 1};
  const std::array<const Shape*, 2> shapes{&x, &bias};
  const BroadcastPlan plan(x, shapes);
  EXPECT_EQ(plan.rowLength(), 20);
  EXPECT_TRUE(plan.advancesAlongRow(0));
  EXPECT_FALSE(plan.advancesAlongRow(1));
  expectPlanMatchesReference(x, {x, bias});
}

TEST(BroadcastPlan, VisitsNothingForAnEmptyOutput) {
  const Shape x{2, 0, 3}, b{3};
  const std::array<const Shape*, 2> shapes{&x, &b};
  int rows = 0;
  BroadcastPlan(x, shapes).forEachRow([&](int64_t, const auto&) { ++rows; });
  EXPECT_EQ(rows, 0);
}

TEST(BroadcastPlan, MatchesTheReferenceForEveryPairOfSmallShapes) {
  const std::vector<Shape> shapes = smallShapes();
  int checked = 0;
  for (const Shape& a : shapes)
    for (const Shape& b : shapes) {
      const auto out = broadcastOf({a, b});
      if (!out) continue;
      expectPlanMatchesReference(*out, {a, b});
      ++checked;
    }
  EXPECT_GT(checked, 500);  // the sweep really ran
}

TEST(BroadcastPlan, MatchesTheReferenceForThreeInputs) {
  const std::vector<Shape> shapes = smallShapes();
  for (size_t i = 0; i < shapes.size(); i += 3)
    for (size_t j = 1; j < shapes.size(); j += 2)
      for (size_t k = 0; k < shapes.size(); k += 5) {
        const auto out = broadcastOf({shapes[i], shapes[j], shapes[k]});
        if (out) expectPlanMatchesReference(*out, {shapes[i], shapes[j], shapes[k]});
      }
}

TEST(BroadcastPlan, SpansAFinalShapeLargerThanItsInputsBroadcast) {
  // Variadic operators fold inputs 0 and 1 straight into the shape of all inputs together.
  expectPlanMatchesReference({2, 3, 4}, {{3, 1}, {1, 1, 1}});
}

TEST(BroadcastBinary, AgreesWithTheReferenceInEveryRowCase) {
  const std::vector<Shape> shapes = smallShapes();
  for (const Shape& a : shapes)
    for (const Shape& b : shapes) {
      const auto out = broadcastOf({a, b});
      if (!out) continue;
      // Values encode their own index, so the output names the elements it combined.
      std::vector<int64_t> va(static_cast<size_t>(elementCount(a)));
      std::vector<int64_t> vb(static_cast<size_t>(elementCount(b)));
      for (size_t i = 0; i < va.size(); ++i) va[i] = static_cast<int64_t>(i);
      for (size_t i = 0; i < vb.size(); ++i) vb[i] = static_cast<int64_t>(i);
      std::vector<int64_t> result(static_cast<size_t>(elementCount(*out)), -1);
      const std::array<const Shape*, 2> pair{&a, &b};
      broadcastBinary(BroadcastPlan(*out, pair), va.data(), vb.data(), result.data(),
                      [](int64_t x, int64_t y) { return x * 1000 + y; });
      for (int64_t i = 0; i < elementCount(*out); ++i) {
        const int64_t expected = referenceOffset(*out, a, i) * 1000 + referenceOffset(*out, b, i);
        ASSERT_EQ(result[static_cast<size_t>(i)], expected)
            << shapeToString(a) << " with " << shapeToString(b) << ", element " << i;
      }
    }
}

TEST(BroadcastBinary, FillsRowsWhereBothInputsRepeat) {
  // Output [2,3] from a [1,1] and a scalar: only possible in a variadic fold, where the final
  // shape comes from a third input. Every element is 7 + 5.
  const Shape out{2, 3}, a{1, 1}, b{};
  const std::array<const Shape*, 2> pair{&a, &b};
  const std::vector<float> va{7}, vb{5};
  std::vector<float> result(6, 0.0f);
  broadcastBinary(BroadcastPlan(out, pair), va.data(), vb.data(), result.data(),
                  [](float x, float y) { return x + y; });
  EXPECT_EQ(result, std::vector<float>(6, 12.0f));
}

}  // namespace
}  // namespace quantlens
