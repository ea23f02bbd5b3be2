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
#include <QToolBar>
#include <QUrl>
#include <algorithm>

#include "ui/app_settings.h"
#include "ui/dropped_path.h"
#include "ui/empty_state_widget.h"
#include "ui/model_loader.h"
#include "ui/model_summary_panel.h"
#include "ui/recent_models.h"

namespace quantlens::ui {

namespace {

constexpr int kDefaultWidth = 1600;
constexpr int kDefaultHeight = 1000;
constexpr int kStatusTimeoutMs = 8000;
constexpr int kErrorDialogWidth = 560;

constexpr char kGeometryKey[] = "mainWindow/geometry";
constexpr char kStateKey[] = "mainWindow/state";
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

}  // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
  setObjectName(QStringLiteral("MainWindow"));  // saveState() needs names
  setAcceptDrops(true);

  m_loader = new ModelLoader(this);
  m_pages = new QStackedWidget(this);
  m_emptyState = new EmptyStateWidget(m_pages);
  m_summaryPanel = new ModelSummaryPanel(m_pages);
  m_pages->addWidget(m_emptyState);
  m_pages->addWidget(m_summaryPanel);
  setCentralWidget(m_pages);

  createActions();
  createMenus();
  createToolBar();
  createStatusBar();

  connect(m_loader, &ModelLoader::started, this, &MainWindow::onLoadStarted);
  connect(m_loader, &ModelLoader::loaded, this, &MainWindow::onModelLoaded);
  connect(m_loader, &ModelLoader::failed, this, &MainWindow::onLoadFailed);
  connect(m_emptyState, &EmptyStateWidget::openModelRequested, this, &MainWindow::chooseModel);
  connect(m_emptyState, &EmptyStateWidget::openDatasetRequested, this, &MainWindow::chooseDataset);
  connect(m_recentModels, &RecentModels::openRequested, this, &MainWindow::openModel);

  updateWindowTitle();
  restoreLayout();
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
  QMenu* recent = file->addMenu(tr("&Recent models"));
  m_recentModels = new RecentModels(recent, this);
  file->addSeparator();
  file->addAction(m_quitAction);

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
}

void MainWindow::createStatusBar() {
  m_busy = new QProgressBar(this);
  m_busy->setRange(0, 0);  // indeterminate: importing reports no progress
  m_busy->setMaximumWidth(160);
  m_busy->setTextVisible(false);
  m_busy->hide();
  statusBar()->addPermanentWidget(m_busy);
}

void MainWindow::openModel(const QString& path) { m_loader->load(QFileInfo(path).absoluteFilePath()); }

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
  statusBar()->showMessage(tr("Data set: %1").arg(QDir::toNativeSeparators(absolute)), kStatusTimeoutMs);
  emit datasetChanged(absolute);
}

QStringList MainWindow::recentModels() const { return m_recentModels->paths(); }

bool MainWindow::isLoading() const { return m_loader->isLoading(); }

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

void MainWindow::onLoadStarted(const QString& path) {
  m_busy->show();
  statusBar()->showMessage(tr("Opening %1…").arg(fileName(path)));
}

void MainWindow::onModelLoaded(std::shared_ptr<const LoadedModel> model) {
  m_busy->setVisible(m_loader->isLoading());
  m_model = std::move(model);
  const ModelSummary& summary = m_model->summary;
  m_summaryPanel->showSummary(summary);
  m_pages->setCurrentWidget(m_summaryPanel);
  m_recentModels->add(m_model->path);
  updateWindowTitle();

  const QLocale locale;
  const double seconds = m_model->loadSeconds;
  const QString took = seconds < 1.0 ? tr("%1 ms").arg(std::max(1, static_cast<int>(seconds * 1000.0)))
                                     : tr("%1 s").arg(locale.toString(seconds, 'f', 1));
  const QString nodes = summary.nodeCount == 1 ? tr("1 node") : tr("%1 nodes").arg(locale.toString(summary.nodeCount));
  const QString parameters = summary.parameters == 1
                                 ? tr("1 parameter")
                                 : tr("%1 parameters").arg(locale.toString(static_cast<qlonglong>(summary.parameters)));
  QString message = tr("Opened %1: %2, %3, in %4").arg(fileName(m_model->path), nodes, parameters, took);
  if (const size_t unsupported = summary.unsupported.size(); unsupported > 0)
    message += unsupported == 1 ? tr(" — 1 operator type is not supported yet")
                                : tr(" — %1 operator types are not supported yet").arg(unsupported);
  statusBar()->showMessage(message);
  emit modelLoaded(m_model->path);
}

void MainWindow::onLoadFailed(const QString& path, const QString& message) {
  m_busy->setVisible(m_loader->isLoading());
  if (!QFileInfo::exists(path)) m_recentModels->remove(path);
  reportError(tr("Cannot open model"), tr("QuantLens could not open “%1”.").arg(fileName(path)), message);
  if (m_model)
    statusBar()->showMessage(tr("Could not open %1; %2 is still open").arg(fileName(path), fileName(m_model->path)));
  else
    statusBar()->showMessage(tr("Could not open %1").arg(fileName(path)));
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
  setWindowTitle(m_model ? tr("QuantLens — %1").arg(fileName(m_model->path)) : tr("QuantLens"));
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
  saveLayout();
  QMainWindow::closeEvent(event);
}

void MainWindow::saveLayout() const {
  QSettings settings(kSettingsOrganization, kSettingsApplication);
  settings.setValue(kGeometryKey, saveGeometry());
  settings.setValue(kStateKey, saveState());
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
}

}  // namespace quantlens::ui
