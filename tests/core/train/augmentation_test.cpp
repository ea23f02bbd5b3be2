// Flip and padded-crop augmentation: every output is a mirror or a zero-filled shift of its input
// within the padding, both kinds occur, and a seed reproduces the batch.
#include "core/train/augmentation.h"

#include <gtest/gtest.h>

#include <random>

#include "core/error.h"
#include "tests/core/train/gradient_check.h"

namespace quantlens::test {
namespace {

// Sample s, channel c of x shifted by (dy, dx) (zero outside) and optionally mirrored.
bool isShiftOf(const Tensor& out, const Tensor& in, int64_t s, int64_t dy, int64_t dx, bool mirrored) {
  const int64_t c = in.dim(1), h = in.dim(2), w = in.dim(3);
  for (int64_t ch = 0; ch < c; ++ch)
    for (int64_t y = 0; y < h; ++y)
      for (int64_t x = 0; x < w; ++x) {
        const int64_t sy = y + dy, sx = x + dx;
        const float expected = sy >= 0 && sy < h && sx >= 0 && sx < w ? in.data<float>()[((s * c + ch) * h + sy) * w + sx] : 0.0f;
        const int64_t ox = mirrored ? w - 1 - x : x;
        if (out.data<float>()[((s * c + ch) * h + y) * w + ox] != expected) return false;
      }
  return true;
}

TEST(Augmenter, FlipsAboutHalfTheSamplesAndLeavesTheRestAlone) {
  std::mt19937 rng(1);
  const Tensor in = randomTensor({64, 2, 5, 6}, rng, 0.1f, 1.0f);
  Tensor out = in;
  Augmenter({true, 0, 42}).apply(out);
  int flipped = 0;
  for (int64_t s = 0; s < 64; ++s) {
    const bool mirrored = isShiftOf(out, in, s, 0, 0, true);
    EXPECT_TRUE(mirrored || isShiftOf(out, in, s, 0, 0, false)) << "sample " << s;
    flipped += mirrored;
  }
  // Binomial(64, 1/2): 16..48 holds with probability 1 − 6e-5; the seed fixes the count.
  EXPECT_GT(flipped, 16);
  EXPECT_LT(flipped, 48);
}

TEST(Augmenter, CropsAWindowOfTheZeroPaddedImage) {
  std::mt19937 rng(2);
  const Tensor in = randomTensor({32, 1, 6, 6}, rng, 0.1f, 1.0f);  // no zeros: a shift is identifiable
  Tensor out = in;
  Augmenter({false, 2, 7}).apply(out);
  int shifted = 0;
  for (int64_t s = 0; s < 32; ++s) {
    bool found = false;
    for (int64_t dy = -2; dy <= 2 && !found; ++dy)
      for (int64_t dx = -2; dx <= 2 && !found; ++dx)
        if (isShiftOf(out, in, s, dy, dx, false)) {
          found = true;
          shifted += dy != 0 || dx != 0;
        }
    EXPECT_TRUE(found) << "sample " << s << " is no window of the padded image";
  }
  EXPECT_GT(shifted, 16);  // 24 of 25 offsets move the image
}

TEST(Augmenter, TheSameSeedReproducesTheBatch) {
  std::mt19937 rng(3);
  const Tensor in = randomTensor({16, 3, 8, 8}, rng);
  Tensor a = in, b = in, c = in;
  Augmenter({true, 3, 5}).apply(a);
  Augmenter({true, 3, 5}).apply(b);
  Augmenter({true, 3, 6}).apply(c);
  EXPECT_TRUE(std::equal(a.values<float>().begin(), a.values<float>().end(), b.values<float>().begin()));
  EXPECT_FALSE(std::equal(a.values<float>().begin(), a.values<float>().end(), c.values<float>().begin()));
}

TEST(Augmenter, RejectsABatchThatIsNotNchw) {
  Tensor flat(DataType::Float32, {4, 10});
  EXPECT_THROW(Augmenter({true, 0, 0}).apply(flat), Error);
}

}  // namespace
}  // namespace quantlens::test
