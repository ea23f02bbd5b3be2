// The GUI's command line, `quantlens [MODEL] [DATA] [options]`, split into what it names.
#pragma once

#include <QString>
#include <QStringList>

namespace quantlens::ui {

struct LaunchArguments {
  QString model;        // first positional argument
  QString data;         // second positional argument
  QStringList options;  // "--name value" / "--name=value" tokens as given, for later issues to apply
  QStringList extra;    // positional arguments past the second
  bool help = false;
  bool version = false;
};

// `arguments` without the program name. Every documented option but the flag --reduce-range takes
// a value (CLI.md), so "--name" takes the next token unless that is another option.
LaunchArguments parseLaunchArguments(const QStringList& arguments);

}  // namespace quantlens::ui
