// Launch argument parsing.
#include "ui/launch_arguments.h"

namespace quantlens::ui {

namespace {

bool isOption(const QString& token) { return token.size() > 1 && token.startsWith(u'-'); }

// The documented options that take no value (CLI.md).
bool isFlag(const QString& token) { return token == QStringLiteral("--reduce-range"); }

}  // namespace

LaunchArguments parseLaunchArguments(const QStringList& arguments) {
  LaunchArguments result;
  QStringList positional;
  bool onlyPositional = false;
  for (qsizetype i = 0; i < arguments.size(); ++i) {
    const QString& token = arguments[i];
    if (onlyPositional || !isOption(token)) {
      positional << token;
    } else if (token == QStringLiteral("--")) {
      onlyPositional = true;
    } else if (token == QStringLiteral("--help") || token == QStringLiteral("-h")) {
      result.help = true;
    } else if (token == QStringLiteral("--version")) {
      result.version = true;
    } else {
      result.options << token;
      const bool hasInlineValue = token.contains(u'=');
      if (!hasInlineValue && !isFlag(token) && token.startsWith(QStringLiteral("--")) && i + 1 < arguments.size() &&
          !isOption(arguments[i + 1]))
        result.options << arguments[++i];
    }
  }
  if (!positional.isEmpty()) result.model = positional.takeFirst();
  if (!positional.isEmpty()) result.data = positional.takeFirst();
  result.extra = positional;
  return result;
}

}  // namespace quantlens::ui
