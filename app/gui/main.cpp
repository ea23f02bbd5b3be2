// quantlens: the window. `quantlens [MODEL] [DATA] [options]` opens MODEL (or the demo model) and DATA.
#include <QApplication>
#include <QFont>
#include <QIcon>
#include <QTextStream>

#include "core/runtime/tensor_memory.h"
#include "ui/analysis_session.h"
#include "ui/app_settings.h"
#include "ui/demo_model.h"
#include "ui/launch_arguments.h"
#include "ui/main_window.h"
#include "ui/window_screenshot.h"

using namespace quantlens::ui;

namespace {

constexpr double kMinimumPointSize = 10.0;

void printUsage(QTextStream& out) {
  out << "usage: quantlens [MODEL] [DATA] [preprocessing and quantization options]\n"
         "       quantlens --version\n\n"
         "Opens MODEL (an .onnx file; the bundled demo model when omitted) and DATA (a folder of\n"
         "images or an IDX images file). Options are those of quantlens-cli quantize, plus:\n"
         "  --screenshot FILE   save the window as PNG once the analysis is done, then quit\n"
         "  --layer N           select layer N (0 = first) at start\n"
         "  --tab analysis|data|model|qat  the page to show (with --screenshot, qat trains 3 epochs first)\n";
}

// Removes "--name value" (or "--name=value") from `options` and returns the value.
QString takeOption(QStringList& options, const QString& name) {
  for (qsizetype i = 0; i < options.size(); ++i) {
    if (options[i] == name && i + 1 < options.size()) {
      const QString value = options[i + 1];
      options.remove(i, 2);
      return value;
    }
    if (options[i].startsWith(name + u'=')) return options.takeAt(i).mid(name.size() + 1);
  }
  return {};
}

}  // namespace

int main(int argc, char** argv) {
  quantlens::retainFreedTensorMemory();
  // --help and --version answer before QApplication, which needs a display.
  QStringList rawArguments;
  for (int i = 1; i < argc; ++i) rawArguments << QString::fromLocal8Bit(argv[i]);
  if (const LaunchArguments early = parseLaunchArguments(rawArguments); early.help || early.version) {
    QTextStream out(stdout);
    if (early.help)
      printUsage(out);
    else
      out << "quantlens " << QUANTLENS_VERSION << "\n";
    return 0;
  }

  QApplication app(argc, argv);
  QApplication::setOrganizationName(QString::fromLatin1(kSettingsOrganization));
  QApplication::setApplicationName(QString::fromLatin1(kSettingsApplication));
  QApplication::setApplicationVersion(QStringLiteral(QUANTLENS_VERSION));
  QGuiApplication::setDesktopFileName(QStringLiteral("quantlens"));  // matches quantlens.desktop
  QApplication::setWindowIcon(QIcon(QStringLiteral(":/quantlens/quantlens.svg")));
  // Desktops without a configured font often give 9 pt, too small for dense tables.
  if (QFont font = QApplication::font(); font.pointSizeF() > 0 && font.pointSizeF() < kMinimumPointSize) {
    font.setPointSizeF(kMinimumPointSize);
    QApplication::setFont(font);
  }

  // QApplication has removed the arguments Qt itself understands (-platform, -style…).
  const LaunchArguments args = parseLaunchArguments(QApplication::arguments().mid(1));
  if (!args.extra.isEmpty()) {
    QTextStream err(stderr);
    err << "quantlens: ignoring extra arguments: " << args.extra.join(u' ') << "\n";
  }

  QStringList options = args.options;
  ScreenshotRequest screenshot;
  screenshot.path = takeOption(options, QStringLiteral("--screenshot"));
  const QString layer = takeOption(options, QStringLiteral("--layer"));
  screenshot.layer = layer.isEmpty() ? -1 : layer.toInt();
  screenshot.tab = takeOption(options, QStringLiteral("--tab"));

  MainWindow window;
  window.show();
  if (!options.isEmpty()) window.setLaunchOptions(options);

  QString model = args.model;
  QString data = args.data;
  if (model.isEmpty()) {
    const DemoFiles demo = findDemo();
    model = demo.model;
    if (data.isEmpty()) data = demo.data;
  }
  if (!model.isEmpty()) window.openModel(model);
  if (!data.isEmpty()) window.openDataset(data);
  if (!screenshot.path.isEmpty())
    takeScreenshotWhenReady(window, screenshot);
  else if (screenshot.layer >= 0 || !screenshot.tab.isEmpty())
    QObject::connect(window.session(), &AnalysisSession::calibrated, &window,
                     [&window, screenshot] { showPage(window, screenshot.layer, screenshot.tab); });
  return QApplication::exec();
}
