// Quantized model export.
#include "ui/quantized_model_export.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <QSettings>

#include "core/error.h"
#include "core/quant/qdq_export.h"
#include "core/quant/qparams_export.h"
#include "ui/app_settings.h"
#include "ui/number_format.h"

namespace quantlens::ui {

namespace {
constexpr char kExportDirKey[] = "lastDirectory/modelExport";
}  // namespace

QString exportQuantizedModel(const QString& path, const Graph& graph, const QuantPlan& plan, const QuantState& state,
                             QString* notes) {
  const QString suffix = QFileInfo(path).suffix().toLower();
  try {
    if (suffix == QStringLiteral("json")) {
      exportQParams(plan, state, path.toStdString());
      return {};
    }
    if (suffix != QStringLiteral("onnx"))
      return QObject::tr("%1: choose a .onnx name for the QDQ model or a .json name for the qparams").arg(path);
    const QdqExportResult result = exportQdqModel(graph, plan, state, path.toStdString());
    if (notes) {
      QStringList lines;
      for (const std::string& note : result.notes) lines << QString::fromStdString(note);
      *notes = lines.join(u'\n');
    }
    return {};
  } catch (const Error& e) {
    return QString::fromStdString(e.message());
  }
}

void exportQuantizedModelInteractively(QWidget* parent, const QString& baseName, const Graph& graph,
                                       const QuantPlan& plan, const QuantState& state) {
  QSettings settings(kSettingsOrganization, kSettingsApplication);
  const QString dir = settings.value(kExportDirKey, QDir::homePath()).toString();
  const QString path = QFileDialog::getSaveFileName(
      parent, QObject::tr("Export quantized model"), QDir(dir).filePath(baseName + QStringLiteral(".onnx")),
      QObject::tr("QDQ ONNX model (*.onnx);;Quantization parameters (*.json)"));
  if (path.isEmpty()) return;
  settings.setValue(kExportDirKey, QFileInfo(path).absolutePath());
  QString notes;
  const QString error = exportQuantizedModel(path, graph, plan, state, &notes);
  if (!error.isEmpty()) {
    QMessageBox::warning(parent, QObject::tr("Export failed"), error);
    return;
  }
  QString text = QObject::tr("Wrote %1 (%2).").arg(QDir::toNativeSeparators(path), formatBytes(QFileInfo(path).size()));
  if (!notes.isEmpty()) text += QStringLiteral("\n\n") + notes;
  QMessageBox::information(parent, QObject::tr("Export done"), text);
}

}  // namespace quantlens::ui
