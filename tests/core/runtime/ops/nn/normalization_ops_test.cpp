// BatchNormalization (inference), InstanceNormalization and LRN against hand-derived values and loops.
#include <cmath>

#include <gtest/gtest.h>

#include "tests/core/runtime/ops/nn/nn_test_support.h"
#include "tests/support/op_runner.h"

namespace quantlens::testing {
namespace {

std::vector<Tensor> batchNormInputs() {
  // Two channels: scale (2, 1), bias (0, 10), mean (1, −1), var (4, 0.25).
  return {Tensor::fromVector<float>({1, 2, 2}, {1, 3, -1, 0}), Tensor::fromVector<float>({2}, {2, 1}),
          Tensor::fromVector<float>({2}, {0, 10}), Tensor::fromVector<float>({2}, {1, -1}),
          Tensor::fromVector<float>({2}, {4, 0.25f})};
}

TEST(BatchNormalization, NormalizesWithTheRunningStatistics) {
  // y = scale·(x − mean)/sqrt(var + eps) + B with eps = 0 (attribute): channel 0:
  // 2·(1 − 1)/2 = 0, 2·(3 − 1)/2 = 2; channel 1: (−1 + 1)/0.5 + 10 = 10, (0 + 1)/0.5 + 10 = 12.
  Attributes attributes;
  attributes.set("epsilon", 0.0f);
  const auto y = runOp("BatchNormalization", batchNormInputs(), attributes);
  expectTensorNear(y[0], Tensor::fromVector<float>({1, 2, 2}, {0, 2, 10, 12}));
}

TEST(BatchNormalization, MatchesTheFormulaOnRandomFourDimensionalInput) {
  const Tensor x = randomTensor({2, 3, 4, 5}, 1);
  const Tensor scale = randomTensor({3}, 2), bias = randomTensor({3}, 3), mean = randomTensor({3}, 4);
  const Tensor var = randomTensor({3}, 5, 0.1f, 2.0f);
  Tensor expected(DataType::Float32, x.shape());
  for (int64_t i = 0; i < x.numel(); ++i) {
    const int64_t c = (i / 20) % 3;
    expected.data<float>()[i] =
        static_cast<float>(scale.data<float>()[c] * (x.data<float>()[i] - mean.data<float>()[c]) /
                               std::sqrt(var.data<float>()[c] + 1e-5) +
                           bias.data<float>()[c]);
  }
  expectTensorNear(runOp("BatchNormalization", {x, scale, bias, mean, var})[0], expected, 1e-5, 1e-5);
}

TEST(BatchNormalization, GivesEachPositionItsOwnStatisticsUnderLegacySpatialZero) {
  // Opset 7 with spatial=0: parameters [C, W] = [1, 2]. x = [[4, 4]], mean (0, 2), var (3, 0),
  // eps 1, scale 1, bias 0: y = (4 − 0)/2 = 2 and (4 − 2)/1 = 2.
  Attributes attributes;
  attributes.set("spatial", int64_t{0});
  attributes.set("epsilon", 1.0f);
  const auto y = runOp("BatchNormalization",
                       {Tensor::fromVector<float>({1, 1, 2}, {4, 4}),
                        Tensor::fromVector<float>({1, 2}, {1, 1}), Tensor::fromVector<float>({1, 2}, {0, 0}),
                        Tensor::fromVector<float>({1, 2}, {0, 2}), Tensor::fromVector<float>({1, 2}, {3, 0})},
                       attributes, 1, 7);
  expectTensorNear(y[0], Tensor::fromVector<float>({1, 1, 2}, {2, 2}));
}

TEST(BatchNormalization, RunsLegacyGraphsMarkedIsTest) {
  Attributes attributes;
  attributes.set("is_test", int64_t{1});
  attributes.set("epsilon", 0.0f);
  const auto y = runOp("BatchNormalization", batchNormInputs(), attributes, 1, 6);
  expectTensorNear(y[0], Tensor::fromVector<float>({1, 2, 2}, {0, 2, 10, 12}));
}

TEST(BatchNormalization, RefusesTrainingModeAsUnsupported) {
  Attributes attributes;
  attributes.set("training_mode", int64_t{1});
  expectError([&] { runOp("BatchNormalization", batchNormInputs(), attributes); }, ErrorKind::Unsupported,
              "training_mode=1 is not supported");
  Attributes legacy;
  legacy.set("is_test", int64_t{0});
  expectError([&] { runOp("BatchNormalization", batchNormInputs(), legacy, 1, 6); }, ErrorKind::Unsupported,
              "is_test=0 (training mode) is not supported");
  // Asking for the running statistics (opset 9) also means training.
  expectError([&] { runOp("BatchNormalization", batchNormInputs(), {}, 3, 9); }, ErrorKind::Unsupported,
              "exists only in training mode");
}

TEST(BatchNormalization, NamesTheParameterOfTheWrongSize) {
  auto inputs = batchNormInputs();
  inputs[3] = Tensor::fromVector<float>({3}, {0, 0, 0});
  expectError([&] { runOp("BatchNormalization", inputs); }, ErrorKind::InvalidInput,
              "mean has shape [3] but X [1, 2, 2] needs 2 values (one per channel)");
}

TEST(InstanceNormalization, NormalizesEachPlaneByItsOwnStatistics) {
  // Plane [1, 3]: mean 2, population variance 1; eps 0, scale 2, bias 1 → 2·(∓1)/1 + 1 = [−1, 3].
  // Plane [5, 5]: variance 0, so eps (here 1) keeps the division finite: 3·0/1 + 4 = 4.
  Attributes attributes;
  attributes.set("epsilon", 0.0f);
  const auto y = runOp("InstanceNormalization",
                       {Tensor::fromVector<float>({1, 1, 2}, {1, 3}), Tensor::fromVector<float>({1}, {2}),
                        Tensor::fromVector<float>({1}, {1})},
                       attributes);
  expectTensorNear(y[0], Tensor::fromVector<float>({1, 1, 2}, {-1, 3}));
  attributes.set("epsilon", 1.0f);
  const auto flat = runOp("InstanceNormalization",
                          {Tensor::fromVector<float>({1, 1, 2}, {5, 5}), Tensor::fromVector<float>({1}, {3}),
                           Tensor::fromVector<float>({1}, {4})},
                          attributes);
  expectTensorNear(flat[0], Tensor::fromVector<float>({1, 1, 2}, {4, 4}));
}

TEST(InstanceNormalization, NamesTheScaleOfTheWrongSize) {
  expectError(
      [] {
        runOp("InstanceNormalization",
              {randomTensor({1, 3, 4}, 1), randomTensor({2}, 2), randomTensor({3}, 3)});
      },
      ErrorKind::InvalidInput, "scale must hold one value per channel (3) but has shape [2]");
}

TEST(Lrn, DividesByTheLocalSumOfSquaresAcrossChannels) {
  // size 3 over channels x = (1, 2, 3) at one position, alpha 3 (so alpha/size = 1), beta 1, bias 1:
  // c0 window {0, 1}: 1/(1 + 1 + 4) = 1/6; c1 window {0, 1, 2}: 2/(1 + 14) = 2/15;
  // c2 window {1, 2}: 3/(1 + 13) = 3/14.
  Attributes attributes;
  attributes.set("size", int64_t{3});
  attributes.set("alpha", 3.0f);
  attributes.set("beta", 1.0f);
  const auto y = runOp("LRN", {Tensor::fromVector<float>({1, 3, 1, 1}, {1, 2, 3})}, attributes);
  expectTensorNear(y[0], Tensor::fromVector<float>({1, 3, 1, 1}, {1.0f / 6, 2.0f / 15, 3.0f / 14}));
}

TEST(Lrn, UsesTheAsymmetricWindowOfAnEvenSize) {
  // size 2: channels c − 0 .. c + 1 (floor((2−1)/2) = 0 before, ceil((2−1)/2) = 1 after).
  // x = (1, 2), alpha 2 (alpha/size = 1), beta 1, bias 0: c0: 1/(1 + 4) = 0.2; c1: 2/4 = 0.5.
  Attributes attributes;
  attributes.set("size", int64_t{2});
  attributes.set("alpha", 2.0f);
  attributes.set("beta", 1.0f);
  attributes.set("bias", 0.0f);
  const auto y = runOp("LRN", {Tensor::fromVector<float>({1, 2, 1}, {1, 2})}, attributes);
  expectTensorNear(y[0], Tensor::fromVector<float>({1, 2, 1}, {0.2f, 0.5f}));
}

TEST(Lrn, RequiresSize) {
  expectError(
      [] {
        runOp("LRN", {randomTensor({1, 2, 2, 2}, 1)});
      },
      ErrorKind::InvalidInput, "attribute size is required");
}

}  // namespace
}  // namespace quantlens::testing
