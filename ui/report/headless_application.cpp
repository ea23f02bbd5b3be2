// Headless application.
#include "ui/report/headless_application.h"

namespace quantlens::ui {

namespace {
int g_argc = 1;
char g_name[] = "quantlens-cli";
char* g_argv[] = {g_name, nullptr};
}  // namespace

HeadlessApplication::HeadlessApplication() {
  if (QCoreApplication::instance()) return;
  // No display is needed to draw into a PDF; QT_QPA_PLATFORM set by the user still wins.
  if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
  m_application = std::make_unique<QApplication>(g_argc, g_argv);
}

HeadlessApplication::~HeadlessApplication() = default;

}  // namespace quantlens::ui
