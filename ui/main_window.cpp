// Main window.
#include "ui/main_window.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QGridLayout>
#include <QIcon>
#include <QKeySequence>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QScreen>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>
#include <QStyle>
#include <QTabWidget>
#include <QToolBar>
#include <QToolButton>
#include <QUrl>
#include <algorithm>

#include "core/config/data_options.h"
#include "core/config/quant_options.h"
#include "core/error.h"
#include "ui/analysis_session.h"
#include "ui/analysis_view.h"
#include "ui/app_settings.h"
#include "ui/dropped_path.h"
#include "ui/empty_state_widget.h"
#include "ui/model_summary_panel.h"
#include "ui/qat/qat_panel.h"
#include "ui/qat/qat_session.h"
#include "ui/quantized_model_export.h"
#include "ui/recent_models.h"
#include "ui/report/session_report.h"

namespace quantlens::ui {

namespace {

constexpr int kDefaultWidth = 1600;
constexpr int kDefaultHeight = 1000;
constexpr int kStatusTimeoutMs = 8000;
constexpr int kErrorDialogWidth = 560;

constexpr char kGeometryKey[] = "mainWindow/geometry";
constexpr char kStateKey[] = "mainWindow/state";
constexpr char kAnalysisLayoutKey[] = "mainWindow/analysisLayout";
constexpr char kConfigKey[] = "analysis/lastConfig";  // the quantization options, as CLI tokens
constexpr char kModelDirKey[] = "lastDirectory/model";
constexpr char kDataDirKey[] = "lastDirectory/data";

// The first model and the first data set among the dropped local files (either may be empty).
struct DroppedPaths {
  QString model;
  QString dataset;
  bool isEmpty() const { return model.isEmpty() && dataset.isEmpty(); }
};

DroppedPaths droppedPaths(const QMimeData* mime) {
  DroppedPaths result;
  if (mime == nullptr || !mime->hasUrls()) return result;
  for (const QUrl& url : mime->urls()) {
    if (!url.isLocalFile()) continue;
    const QString path = url.toLocalFile();
    switch (classifyDroppedPath(path)) {
      case DroppedPathKind::Model:
        if (result.model.isEmpty()) result.model = path;
        break;
      case DroppedPathKind::Dataset:
        if (result.dataset.isEmpty()) result.dataset = path;
        break;
      case DroppedPathKind::Unknown: break;
    }
  }
  return result;
}

QString fileName(const QString& path) { return QFileInfo(path).fileName(); }

std::vector<std::string> toStdStrings(const QStringList& list) {
  std::vector<std::string> result;
  for (const QString& s : list) result.push_back(s.toStdString());
  return result;
}

// The quantization options in effect, as command-line tokens: what QSettings keeps between runs.
QStringList configTokens(const QuantConfig& config) {
  QStringList tokens;
  for (const ConfigEntry& entry : describeQuantConfig(config)) {
    if (entry.option == "reduce-range") {
      if (entry.text == "true") tokens << QStringLiteral("--reduce-range");
      continue;
    }
    tokens << QStringLiteral("--") + QString::fromStdString(entry.option) << QString::fromStdString(entry.text);
  }
  return tokens;
}

}  // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
  setObjectName(QStringLiteral("MainWindow"));  // saveState() needs names
  setAcceptDrops(true);

  m_session = new AnalysisSession(this);
  m_pages = new QStackedWidget(this);
  m_emptyState = new EmptyStateWidget(m_pages);
  m_tabs = new QTabWidget(m_pages);
  m_tabs->setDocumentMode(true);
  m_analysisPages = new QStackedWidget(m_tabs);
  m_analysisView = new AnalysisView(m_session, m_analysisPages);
  m_analysisMessage = new QLabel(m_analysisPages);
  m_analysisMessage->setAlignment(Qt::AlignCenter);
  m_analysisMessage->setWordWrap(true);
  m_analysisMessage->setMargin(48);
  m_analysisMessage->setTextInteractionFlags(Qt::TextSelectableByMouse);
  m_analysisPages->addWidget(m_analysisView);
  m_analysisPages->addWidget(m_analysisMessage);
  m_summaryPanel = new ModelSummaryPanel(m_tabs);
  m_qatSession = new QatSession(m_session, this);
  m_qatPanel = new QatPanel(m_session, m_qatSession, m_tabs);
  m_tabs->addTab(m_analysisPages, tr("Analysis"));
  m_tabs->addTab(m_summaryPanel, tr("Model"));
  m_tabs->addTab(m_qatPanel, tr("Quantization-aware training"));
  m_pages->addWidget(m_emptyState);
  m_pages->addWidget(m_tabs);
  setCentralWidget(m_pages);

  createActions();
  createMenus();
  createToolBar();
  createStatusBar();

  connect(m_session, &AnalysisSession::modelChanged, this, &MainWindow::onModelChanged);
  connect(m_session, &AnalysisSession::modelFailed, this, &MainWindow::onLoadFailed);
  connect(m_session, &AnalysisSession::stageChanged, this, &MainWindow::onStageChanged);
  connect(m_session, &AnalysisSession::progress, this, &MainWindow::onProgress);
  connect(m_session, &AnalysisSession::statusMessage, this, [this](const QString& message) {
    statusBar()->showMessage(message);
  });
  connect(m_session, &AnalysisSession::errorReported, this, [this](const QString& title, const QString& message) {
    reportError(title, title + QLatin1Char('.'), message);
  });
  connect(m_qatSession, &QatSession::errorReported, this, [this](const QString& title, const QString& message) {
    reportError(title, title + QLatin1Char('.'), message);
  });
  connect(m_session, &AnalysisSession::calibrated, this, [this] {
    if (m_session->canAnalyse()) m_tabs->setCurrentWidget(m_analysisPages);
  });
  connect(m_analysisView, &AnalysisView::viewsUpdated, this, &MainWindow::onViewsUpdated);
  connect(m_session, &AnalysisSession::quantizationChanged, this, [this] {
    if (const QuantState* state = m_session->state())
      m_timing->setText(tr("requantized in %1 ms").arg(QLocale().toString(state->requantizeMs, 'f', 1)));
  });
  connect(m_analysisView, &AnalysisView::chooseCalibrationData, this, &MainWindow::chooseDataset);
  connect(m_analysisView, &AnalysisView::chooseEvaluationData, this, &MainWindow::chooseEvaluationDataset);
  connect(m_emptyState, &EmptyStateWidget::openModelRequested, this, &MainWindow::chooseModel);
  connect(m_emptyState, &EmptyStateWidget::openDatasetRequested, this, &MainWindow::chooseDataset);
  connect(m_recentModels, &RecentModels::openRequested, this, &MainWindow::openModel);

  updateWindowTitle();
  restoreLayout();
  restoreConfig();
  statusBar()->showMessage(tr("Ready — drop an ONNX model on the window or press Ctrl+O"));
}

MainWindow::~MainWindow() = default;

void MainWindow::createActions() {
  m_openModelAction = new QAction(style()->standardIcon(QStyle::SP_DialogOpenButton), tr("&Open model…"), this);
  m_openModelAction->setShortcut(QKeySequence::Open);
  m_openModelAction->setStatusTip(tr("Open an ONNX model"));
  connect(m_openModelAction, &QAction::triggered, this, &MainWindow::chooseModel);

  m_openDatasetAction = new QAction(style()->standardIcon(QStyle::SP_DirOpenIcon), tr("Open &data folder…"), this);
  m_openDatasetAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
  m_openDatasetAction->setStatusTip(tr("Choose a folder of images for calibration and evaluation"));
  connect(m_openDatasetAction, &QAction::triggered, this, &MainWindow::chooseDataset);

  m_openEvaluationAction = new QAction(tr("Open &evaluation data…"), this);
  m_openEvaluationAction->setStatusTip(tr("Choose a separate labeled data set to measure accuracy on"));
  connect(m_openEvaluationAction, &QAction::triggered, this, &MainWindow::chooseEvaluationDataset);

  m_exportReportAction = new QAction(tr("Export &report…"), this);
  m_exportReportAction->setStatusTip(tr("Write this analysis as a PDF report"));
  connect(m_exportReportAction, &QAction::triggered, this, [this] {
    if (const QString path = askReportPath(this, *m_session); !path.isEmpty()) exportReport(path);
  });

  m_exportModelAction = new QAction(tr("Export &quantized model…"), this);
  m_exportModelAction->setStatusTip(tr("Write the quantized model as QDQ ONNX, or its quantization parameters as JSON"));
  connect(m_exportModelAction, &QAction::triggered, this, [this] {
    if (!m_session->state()) {
      reportError(tr("Nothing to export"), tr("There is no quantized model yet."),
                  tr("Open a model and calibrate it first: the export writes the quantization you see."));
      return;
    }
    const LoadedModel& model = *m_session->model();
    exportQuantizedModelInteractively(this, QFileInfo(model.path).completeBaseName() + QStringLiteral("_qdq"),
                                      model.prepared, model.plan, *m_session->state());
  });

  m_calibrateAction = new QAction(style()->standardIcon(QStyle::SP_BrowserReload), tr("&Calibrate"), this);
  m_calibrateAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
  m_calibrateAction->setStatusTip(tr("Run calibration again on the calibration data"));
  connect(m_calibrateAction, &QAction::triggered, this, [this] { m_session->calibrate(); });

  m_cancelAction = new QAction(style()->standardIcon(QStyle::SP_BrowserStop), tr("Ca&ncel"), this);
  m_cancelAction->setShortcut(QKeySequence(Qt::Key_Escape));
  m_cancelAction->setStatusTip(tr("Stop the calibration or evaluation in progress"));
  m_cancelAction->setEnabled(false);
  connect(m_cancelAction, &QAction::triggered, this, [this] { m_session->cancel(); });

  m_quitAction = new QAction(tr("&Quit"), this);
  m_quitAction->setShortcut(QKeySequence::Quit);
  m_quitAction->setMenuRole(QAction::QuitRole);
  connect(m_quitAction, &QAction::triggered, this, &QWidget::close);

  m_aboutAction = new QAction(tr("&About QuantLens"), this);
  m_aboutAction->setMenuRole(QAction::AboutRole);
  connect(m_aboutAction, &QAction::triggered, this, &MainWindow::showAbout);

  m_aboutQtAction = new QAction(tr("About &Qt"), this);
  m_aboutQtAction->setMenuRole(QAction::AboutQtRole);
  connect(m_aboutQtAction, &QAction::triggered, qApp, &QApplication::aboutQt);
}

void MainWindow::createMenus() {
  QMenu* file = menuBar()->addMenu(tr("&File"));
  file->addAction(m_openModelAction);
  file->addAction(m_openDatasetAction);
  file->addAction(m_openEvaluationAction);
  QMenu* recent = file->addMenu(tr("&Recent models"));
  m_recentModels = new RecentModels(recent, this);
  file->addSeparator();
  file->addAction(m_exportReportAction);
  file->addAction(m_exportModelAction);
  file->addSeparator();
  file->addAction(m_quitAction);

  QMenu* analysis = menuBar()->addMenu(tr("&Analysis"));
  analysis->addAction(m_calibrateAction);
  analysis->addAction(m_cancelAction);

  QMenu* help = menuBar()->addMenu(tr("&Help"));
  help->addAction(m_aboutAction);
  help->addAction(m_aboutQtAction);
}

void MainWindow::createToolBar() {
  QToolBar* toolBar = addToolBar(tr("Main"));
  toolBar->setObjectName(QStringLiteral("mainToolBar"));  // saveState() needs names
  toolBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
  toolBar->setMovable(false);
  toolBar->addAction(m_openModelAction);
  toolBar->addAction(m_openDatasetAction);
  toolBar->addSeparator();
  toolBar->addAction(m_calibrateAction);
}

void MainWindow::createStatusBar() {
  m_timing = new QLabel(this);
  m_timing->setToolTip(tr("The last control change: re-deriving every scale from the cached statistics, and "
                          "until every view was redrawn"));
  m_progress = new QProgressBar(this);
  m_progress->setMaximumWidth(200);
  m_progress->setTextVisible(false);
  m_progress->hide();
  m_cancel = new QToolButton(this);
  m_cancel->setDefaultAction(m_cancelAction);
  m_cancel->setToolButtonStyle(Qt::ToolButtonTextOnly);
  m_cancel->hide();
  statusBar()->addPermanentWidget(m_timing);
  statusBar()->addPermanentWidget(m_progress);
  statusBar()->addPermanentWidget(m_cancel);
}

void MainWindow::openModel(const QString& path) { m_session->openModel(QFileInfo(path).absoluteFilePath()); }

void MainWindow::openDataset(const QString& path) {
  const QString absolute = QFileInfo(path).absoluteFilePath();
  if (classifyDroppedPath(absolute) != DroppedPathKind::Dataset) {
    const QString message =
        QFileInfo::exists(absolute)
            ? tr("%1 is neither a folder of images nor an IDX images file (*-idx3-ubyte[.gz])").arg(absolute)
            : tr("%1 does not exist").arg(absolute);
    reportError(tr("Cannot use data set"), tr("QuantLens cannot use “%1” as the data set.").arg(fileName(absolute)),
                message);
    return;
  }
  m_datasetPath = absolute;
  m_summaryPanel->setDatasetPath(absolute);
  m_emptyState->setDatasetPath(absolute);
  m_session->setCalibrationData(absolute);
  statusBar()->showMessage(tr("Data set: %1").arg(QDir::toNativeSeparators(absolute)), kStatusTimeoutMs);
  emit datasetChanged(absolute);
}

void MainWindow::openEvaluationDataset(const QString& path) {
  const QString absolute = QFileInfo(path).absoluteFilePath();
  if (classifyDroppedPath(absolute) != DroppedPathKind::Dataset) {
    reportError(tr("Cannot use data set"), tr("QuantLens cannot evaluate on “%1”.").arg(fileName(absolute)),
                tr("%1 is neither a folder of images nor an IDX images file (*-idx3-ubyte[.gz])").arg(absolute));
    return;
  }
  m_session->setEvaluationData(absolute);
}

bool MainWindow::setLaunchOptions(const QStringList& options) {
  m_launchOptions = options;
  try {
    const CommandLine cl = CommandLine::parse(toStdStrings(options), quantizingCommandOptionSpecs());
    if (!cl.positional().empty())
      throw UsageError("unexpected argument '" + cl.positional().front() + "' among the options");
    QuantConfig config = quantConfigFromCommandLine(cl);
    m_session->setConfig(config);
    m_session->setSampling(samplingFromCommandLine(cl));
    if (auto calib = cl.value("calib")) openDataset(QString::fromStdString(*calib));
    else if (auto images = cl.value("data")) openDataset(QString::fromStdString(*images));
    if (auto eval = cl.value("eval")) openEvaluationDataset(QString::fromStdString(*eval));
    m_launchPreprocessing = cl;
    return true;
  } catch (const UsageError& e) {
    reportError(tr("Invalid command-line option"), tr("QuantLens ignored the command-line options."),
                QString::fromUtf8(e.what()));
  } catch (const Error& e) {
    reportError(tr("Invalid command-line option"), tr("QuantLens ignored the command-line options."),
                QString::fromStdString(e.message()));
  }
  return false;
}

const LoadedModel* MainWindow::currentModel() const { return m_session->model().get(); }

QStringList MainWindow::recentModels() const { return m_recentModels->paths(); }

bool MainWindow::isLoading() const { return m_session->stage() == AnalysisSession::Stage::Loading; }

QMessageBox* MainWindow::errorDialog() const { return m_errorBox; }

void MainWindow::chooseModel() {
  QSettings settings(kSettingsOrganization, kSettingsApplication);
  const QString path = QFileDialog::getOpenFileName(this, tr("Open model"), settings.value(kModelDirKey).toString(),
                                                    tr("ONNX models (*.onnx);;All files (*)"));
  if (path.isEmpty()) return;
  settings.setValue(kModelDirKey, QFileInfo(path).absolutePath());
  openModel(path);
}

void MainWindow::chooseDataset() {
  QSettings settings(kSettingsOrganization, kSettingsApplication);
  const QString path =
      QFileDialog::getExistingDirectory(this, tr("Open data folder"), settings.value(kDataDirKey).toString());
  if (path.isEmpty()) return;
  settings.setValue(kDataDirKey, QFileInfo(path).absolutePath());
  openDataset(path);
}

void MainWindow::chooseEvaluationDataset() {
  QSettings settings(kSettingsOrganization, kSettingsApplication);
  const QString path = QFileDialog::getExistingDirectory(this, tr("Open evaluation data folder"),
                                                         settings.value(kDataDirKey).toString());
  if (path.isEmpty()) return;
  openEvaluationDataset(path);
}

void MainWindow::showAbout() {
  QMessageBox::about(
      this, tr("About QuantLens"),
      tr("<h3>QuantLens %1</h3>"
         "<p>Visual quantization analysis of neural networks: see what post-training quantization and "
         "quantization-aware training do to every layer of an ONNX model.</p>"
         "<p>Built with Qt %2. A command-line tool, <code>quantlens-cli</code>, does everything the window "
         "does, for pipelines and CI.</p>")
          .arg(QStringLiteral(QUANTLENS_VERSION), QString::fromLatin1(qVersion())));
}

void MainWindow::onModelChanged() {
  const std::shared_ptr<const LoadedModel> model = m_session->model();
  const ModelSummary& summary = model->summary;
  if (m_launchPreprocessing) {
    // Command-line preprocessing belongs to the model named with it.
    try {
      if (m_session->canAnalyse())
        m_session->setPreprocessing(preprocessingFromCommandLine(*m_launchPreprocessing, model->prepared));
    } catch (const UsageError& e) {
      reportError(tr("Invalid preprocessing option"), tr("QuantLens uses the suggested preprocessing."),
                  QString::fromUtf8(e.what()));
    } catch (const Error& e) {
      reportError(tr("Invalid preprocessing option"), tr("QuantLens uses the suggested preprocessing."),
                  QString::fromStdString(e.message()));
    }
    m_launchPreprocessing.reset();
  }
  m_summaryPanel->showSummary(summary);
  m_analysisMessage->setText(
      m_session->canAnalyse()
          ? QString()
          : tr("<h3>%1 cannot be quantized</h3><p>%2</p>").arg(fileName(model->path).toHtmlEscaped(),
                                                               model->analysisError.toHtmlEscaped()));
  m_analysisPages->setCurrentWidget(m_session->canAnalyse() ? static_cast<QWidget*>(m_analysisView)
                                                            : m_analysisMessage);
  m_pages->setCurrentWidget(m_tabs);
  // Analysis first when it can run; the model page otherwise, which says what is missing.
  m_tabs->setCurrentWidget(m_session->canAnalyse() && !m_session->calibrationPath().isEmpty()
                               ? static_cast<QWidget*>(m_analysisPages)
                               : m_summaryPanel);
  m_recentModels->add(model->path);
  updateWindowTitle();

  const QLocale locale;
  const double seconds = model->loadSeconds;
  const QString took = seconds < 1.0 ? tr("%1 ms").arg(std::max(1, static_cast<int>(seconds * 1000.0)))
                                     : tr("%1 s").arg(locale.toString(seconds, 'f', 1));
  const QString nodes = summary.nodeCount == 1 ? tr("1 node") : tr("%1 nodes").arg(locale.toString(summary.nodeCount));
  const QString parameters = summary.parameters == 1
                                 ? tr("1 parameter")
                                 : tr("%1 parameters").arg(locale.toString(static_cast<qlonglong>(summary.parameters)));
  QString message = tr("Opened %1: %2, %3, in %4").arg(fileName(model->path), nodes, parameters, took);
  if (const size_t unsupported = summary.unsupported.size(); unsupported > 0)
    message += unsupported == 1 ? tr(" — 1 operator type is not supported yet")
                                : tr(" — %1 operator types are not supported yet").arg(unsupported);
  statusBar()->showMessage(message);
  emit modelLoaded(model->path);
}

void MainWindow::onStageChanged() {
  const AnalysisSession::Stage stage = m_session->stage();
  const bool busy = stage != AnalysisSession::Stage::Idle;
  m_progress->setVisible(busy);
  m_progress->setRange(0, 0);  // indeterminate until the first progress report
  const bool cancellable = stage == AnalysisSession::Stage::Calibrating || stage == AnalysisSession::Stage::Evaluating;
  m_cancel->setVisible(cancellable);
  m_cancelAction->setEnabled(cancellable);
}

void MainWindow::onProgress(const QString& what, qint64 done, qint64 total) {
  if (total <= 0) {
    m_progress->setRange(0, 0);
    m_progress->setToolTip(what);
    return;
  }
  m_progress->setRange(0, 1000);
  m_progress->setValue(static_cast<int>(1000 * done / total));
  m_progress->setToolTip(tr("%1: %2 of %3").arg(what).arg(done).arg(total));
  statusBar()->showMessage(tr("%1… %2 of %3").arg(what).arg(done).arg(total));
}

void MainWindow::onViewsUpdated(double requantizeMs, double totalMs) {
  const QLocale locale;
  m_timing->setText(tr("requantized in %1 ms · views in %2 ms")
                        .arg(locale.toString(requantizeMs, 'f', 1), locale.toString(totalMs, 'f', 0)));
  qInfo("quantlens: control change: requantize %.2f ms, all views updated %.2f ms", requantizeMs, totalMs);
}

void MainWindow::onLoadFailed(const QString& path, const QString& message) {
  if (!QFileInfo::exists(path)) m_recentModels->remove(path);
  reportError(tr("Cannot open model"), tr("QuantLens could not open “%1”.").arg(fileName(path)), message);
  if (const auto model = m_session->model())
    statusBar()->showMessage(tr("Could not open %1; %2 is still open").arg(fileName(path), fileName(model->path)));
  else
    statusBar()->showMessage(tr("Could not open %1").arg(fileName(path)));
}

bool MainWindow::exportReport(const QString& path) {
  QApplication::setOverrideCursor(Qt::WaitCursor);  // the observer comparison and the plots take a moment
  const QString error = writeSessionReport(*m_session, path);
  QApplication::restoreOverrideCursor();
  if (!error.isEmpty()) {
    reportError(tr("Cannot export report"), tr("QuantLens could not write the report “%1”.").arg(fileName(path)), error);
    return false;
  }
  statusBar()->showMessage(tr("Report written to %1").arg(QDir::toNativeSeparators(path)));
  return true;
}

void MainWindow::reportError(const QString& title, const QString& text, const QString& details) {
  if (m_errorBox) m_errorBox->close();
  auto* box = new QMessageBox(QMessageBox::Warning, title, text, QMessageBox::Ok, this);
  box->setObjectName(QStringLiteral("errorDialog"));
  box->setAttribute(Qt::WA_DeleteOnClose);
  // Rich text so long engine messages wrap; escaped because they quote file contents.
  box->setInformativeText(QStringLiteral("<p>%1</p>").arg(details.toHtmlEscaped()));
  box->setTextInteractionFlags(Qt::TextSelectableByMouse);
  box->button(QMessageBox::Ok)->setIcon(QIcon());
  // Wide enough that a path in the message wraps at spaces, not at every slash.
  if (auto* grid = qobject_cast<QGridLayout*>(box->layout()))
    grid->addItem(new QSpacerItem(kErrorDialogWidth, 0, QSizePolicy::Minimum, QSizePolicy::Expanding), grid->rowCount(),
                  0, 1, grid->columnCount());
  m_errorBox = box;
  box->open();  // non-blocking: the window (and tests) keep running
  emit errorReported(details);
}

void MainWindow::updateWindowTitle() {
  const auto model = m_session->model();
  setWindowTitle(model ? tr("QuantLens — %1").arg(fileName(model->path)) : tr("QuantLens"));
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
  const DroppedPaths paths = droppedPaths(event->mimeData());
  if (paths.isEmpty()) {
    event->ignore();
    return;
  }
  event->acceptProposedAction();
  m_emptyState->setHighlighted(true);
  statusBar()->showMessage(paths.model.isEmpty() ? tr("Drop to use %1 as the data set").arg(fileName(paths.dataset))
                                                 : tr("Drop to open %1").arg(fileName(paths.model)));
}

void MainWindow::dragLeaveEvent(QDragLeaveEvent* event) {
  m_emptyState->setHighlighted(false);
  statusBar()->clearMessage();
  QMainWindow::dragLeaveEvent(event);
}

void MainWindow::dropEvent(QDropEvent* event) {
  m_emptyState->setHighlighted(false);
  const DroppedPaths paths = droppedPaths(event->mimeData());
  if (paths.isEmpty()) {
    event->ignore();
    return;
  }
  event->acceptProposedAction();
  if (!paths.dataset.isEmpty()) openDataset(paths.dataset);
  if (!paths.model.isEmpty()) openModel(paths.model);
}

void MainWindow::closeEvent(QCloseEvent* event) {
  m_session->cancel();
  saveLayout();
  QMainWindow::closeEvent(event);
}

void MainWindow::saveLayout() const {
  QSettings settings(kSettingsOrganization, kSettingsApplication);
  settings.setValue(kGeometryKey, saveGeometry());
  settings.setValue(kStateKey, saveState());
  settings.setValue(kAnalysisLayoutKey, m_analysisView->saveLayout());
  settings.setValue(kConfigKey, configTokens(m_session->config()));
}

void MainWindow::restoreLayout() {
  const QSettings settings(kSettingsOrganization, kSettingsApplication);
  if (!restoreGeometry(settings.value(kGeometryKey).toByteArray())) {
    // First start: the default size, shrunk to fit smaller screens, centered.
    QSize size(kDefaultWidth, kDefaultHeight);
    if (const QScreen* screen = this->screen()) {
      const QRect available = screen->availableGeometry();
      size = size.boundedTo(available.size());
      move(available.center() - QPoint(size.width() / 2, size.height() / 2));
    }
    resize(size);
  }
  restoreState(settings.value(kStateKey).toByteArray());
  m_analysisView->restoreLayout(settings.value(kAnalysisLayoutKey).toByteArray());
}

void MainWindow::restoreConfig() {
  const QStringList tokens =
      QSettings(kSettingsOrganization, kSettingsApplication).value(kConfigKey).toStringList();
  if (tokens.isEmpty()) return;
  try {
    const CommandLine cl = CommandLine::parse(toStdStrings(tokens), quantOptionSpecs());
    m_session->setConfig(quantConfigFromCommandLine(cl));
  } catch (const std::exception&) {
    // Settings from another version: the defaults serve.
  }
}

}  // namespace quantlens::ui
