// Slot numbering and last-reader planning for the executors.
#include "core/runtime/slot_planner.h"

#include "core/error.h"

namespace quantlens {

SlotPlanner::SlotPlanner(const Graph& graph) : m_graph(graph) {
  for (const ValueInfo& in : graph.inputs) m_plan.inputSlots.push_back(slot(in.name));
}

int SlotPlanner::slot(const std::string& name) {
  auto [it, inserted] = m_slotOf.emplace(name, static_cast<int>(m_slotOf.size()));
  if (inserted) {
    m_plan.names.push_back(name);
    m_plan.constants.push_back(m_graph.initializer(name));
  }
  return it->second;
}

bool SlotPlanner::isKnown(const std::string& name) const {
  return m_slotOf.count(name) || m_graph.isInitializer(name);
}

void SlotPlanner::addStep(const Node& node, std::span<const std::string> inputs,
                          std::span<const std::string> outputs) {
  StepSlots step;
  for (const std::string& in : inputs) {
    if (in.empty()) {
      step.inputs.push_back(-1);
      continue;
    }
    if (!isKnown(in)) throw Error(node.label() + ": input '" + in + "' is not produced before it is read");
    step.inputs.push_back(slot(in));
  }
  for (const std::string& out : outputs) step.outputs.push_back(out.empty() ? -1 : slot(out));
  m_lastReader.resize(m_slotOf.size(), -1);
  for (int s : step.inputs)
    if (s >= 0) m_lastReader[static_cast<size_t>(s)] = static_cast<int>(m_plan.steps.size());
  m_plan.steps.push_back(std::move(step));
}

SlotPlan SlotPlanner::finish() && {
  for (const ValueInfo& out : m_graph.outputs) {
    if (!isKnown(out.name)) throw Error("graph output '" + out.name + "' is produced by no node");
    m_plan.outputSlots.push_back(slot(out.name));
  }
  m_lastReader.resize(m_slotOf.size(), -1);
  for (int s : m_plan.outputSlots) m_lastReader[static_cast<size_t>(s)] = -1;  // outputs are kept
  for (size_t s = 0; s < m_lastReader.size(); ++s)
    if (m_lastReader[s] >= 0 && !m_plan.constants[s])
      m_plan.steps[static_cast<size_t>(m_lastReader[s])].freeAfter.push_back(static_cast<int>(s));
  return std::move(m_plan);
}

}  // namespace quantlens
