// Errors with context.
#include "core/error.h"

namespace quantlens {

Error::Error(std::string message, ErrorKind kind) : m_message(std::move(message)), m_kind(kind) {}

Error& Error::addContext(std::string_view context) {
  m_message += "; ";
  m_message += context;
  return *this;
}

static std::string describe(const std::vector<UnsupportedOperator>& operators) {
  std::string text = "the model uses " + std::to_string(operators.size()) +
                     " operator type(s) QuantLens does not support:";
  for (const UnsupportedOperator& op : operators) {
    text += "\n  ";
    if (!op.domain.empty()) text += op.domain + "::";
    text += op.opType + " (" + std::to_string(op.nodeNames.size()) + " node(s): ";
    constexpr size_t kShown = 5;
    for (size_t i = 0; i < op.nodeNames.size() && i < kShown; ++i) {
      if (i) text += ", ";
      text += "'" + op.nodeNames[i] + "'";
    }
    if (op.nodeNames.size() > kShown) text += ", ...";
    text += ")";
  }
  return text;
}

UnsupportedOperatorsError::UnsupportedOperatorsError(std::vector<UnsupportedOperator> operators)
    : Error(describe(operators), ErrorKind::Unsupported), m_operators(std::move(operators)) {}

}  // namespace quantlens
