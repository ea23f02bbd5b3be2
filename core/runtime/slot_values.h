// The tensors of one run, by the slots of a SlotPlan: what each step reads, and the values the run
// owns until their last reader is done. Shared by the float and the int8 executors.
#pragma once

#include <cstddef>
#include <span>
#include <utility>
#include <vector>

#include "core/tensor/tensor.h"

namespace quantlens {

class SlotValues {
public:
  // `constants` by slot, as SlotPlan::constants: initializers are read in place, never owned.
  explicit SlotValues(const std::vector<const Tensor*>& constants) : m_owned(constants.size()), m_values(constants) {}

  // What a step reads from `slot`: the initializer or the stored value; nullptr once freed or before it is stored.
  const Tensor* value(int slot) const { return m_values[index(slot)]; }
  // The value the run owns in `slot` (empty for initializers).
  Tensor& owned(int slot) { return m_owned[index(slot)]; }

  // Stores a given or computed value; returns it, for hooks that may rewrite it in place.
  Tensor& store(int slot, Tensor&& value) {
    Tensor& stored = m_owned[index(slot)];
    stored = std::move(value);
    m_values[index(slot)] = &stored;
    return stored;
  }
  // Frees values no later step reads (StepSlots::freeAfter).
  void release(std::span<const int> slots) {
    for (int s : slots) {
      m_owned[index(s)] = Tensor();
      m_values[index(s)] = nullptr;
    }
  }

private:
  static size_t index(int slot) { return static_cast<size_t>(slot); }

  std::vector<Tensor> m_owned;
  std::vector<const Tensor*> m_values;
};

}  // namespace quantlens
