// Errors a user's file or setting can cause: a message naming the object, the bad value and the rule.
#pragma once

#include <exception>
#include <string>
#include <string_view>
#include <vector>

namespace quantlens {

// What kind of failure, so the CLI can choose its exit code without parsing messages.
enum class ErrorKind {
  InvalidInput,  // unreadable or invalid model, data or settings
  Unsupported,   // an operator or attribute value QuantLens does not implement
  Cancelled,     // the user cancelled long work
  Internal,      // a bug in QuantLens
};

class Error : public std::exception {
public:
  explicit Error(std::string message, ErrorKind kind = ErrorKind::InvalidInput);

  const char* what() const noexcept override { return m_message.c_str(); }
  const std::string& message() const { return m_message; }
  ErrorKind kind() const { return m_kind; }

  // Appends where the error happened as it passes up: "...; while loading resnet8.onnx".
  Error& addContext(std::string_view context);

private:
  std::string m_message;
  ErrorKind m_kind;
};

// An operator (or attribute value) this build cannot run.
inline Error unsupportedError(std::string message) {
  return Error(std::move(message), ErrorKind::Unsupported);
}

// Thrown by long work when its cancellation token is set.
inline Error cancelledError() { return Error("cancelled by the user", ErrorKind::Cancelled); }

// Every operator of a model that QuantLens does not support, listed all at once.
struct UnsupportedOperator {
  std::string opType;
  std::string domain;
  std::vector<std::string> nodeNames;
};

class UnsupportedOperatorsError : public Error {
public:
  explicit UnsupportedOperatorsError(std::vector<UnsupportedOperator> operators);
  const std::vector<UnsupportedOperator>& operators() const { return m_operators; }

private:
  std::vector<UnsupportedOperator> m_operators;
};

}  // namespace quantlens
