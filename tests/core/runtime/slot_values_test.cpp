// The tensors of one run by slot: initializers read in place, stored values owned, freed ones gone.
#include "core/runtime/slot_values.h"

#include <gtest/gtest.h>

namespace quantlens {
namespace {

TEST(SlotValues, ReadsInitializersInPlaceAndStoredValuesFromItsOwnCopy) {
  const Tensor w = Tensor::fromVector<float>({1}, {5});
  SlotValues tensors({nullptr, &w, nullptr});  // slot 1 holds an initializer
  EXPECT_EQ(tensors.value(0), nullptr);        // nothing stored yet
  EXPECT_EQ(tensors.value(1), &w);
  Tensor& stored = tensors.store(2, Tensor::fromVector<float>({2}, {1, 2}));
  EXPECT_EQ(tensors.value(2), &stored);
  EXPECT_EQ(&tensors.owned(2), &stored);
  stored = Tensor::fromVector<float>({1}, {7});  // a hook rewriting it in place is what later steps read
  EXPECT_EQ(tensors.value(2)->toFloatVector(), (std::vector<float>{7}));
}

TEST(SlotValues, ReleaseFreesExactlyTheGivenSlots) {
  SlotValues tensors(std::vector<const Tensor*>(3, nullptr));
  for (int s = 0; s < 3; ++s) tensors.store(s, Tensor::fromVector<float>({1}, {static_cast<float>(s)}));
  const std::vector<int> freeAfter{0, 2};
  tensors.release(freeAfter);
  EXPECT_EQ(tensors.value(0), nullptr);
  EXPECT_TRUE(tensors.owned(0).empty());
  EXPECT_EQ(tensors.value(1)->toFloatVector(), (std::vector<float>{1}));
  EXPECT_EQ(tensors.value(2), nullptr);
  EXPECT_TRUE(tensors.owned(2).empty());
}

}  // namespace
}  // namespace quantlens
