// QuantLens's main window: menus, drag and drop of models and data sets, the analysis and model pages,
// and the status bar that says what runs in the background.
#pragma once

#include <QMainWindow>
#include <QPointer>
#include <QString>
#include <QStringList>
#include <memory>
#include <optional>

#include "core/config/command_line.h"
#include "ui/loaded_model.h"

class QAction;
class QLabel;
class QMessageBox;
class QProgressBar;
class QStackedWidget;
class QTabWidget;
class QToolButton;

namespace quantlens::ui {

class AnalysisSession;
class AnalysisView;
class EmptyStateWidget;
class ModelSummaryPanel;
class QatPanel;
class QatSession;
class RecentModels;

class MainWindow : public QMainWindow {
  Q_OBJECT

public:
  explicit MainWindow(QWidget* parent = nullptr);
  ~MainWindow() override;

  // Loads in the background; modelLoaded or errorReported follows. The open model stays open
  // until the new one has loaded, so a bad file never loses the user's work.
  void openModel(const QString& path);
  // A folder of images or an IDX file: the calibration set (and evaluation set when labeled, unless
  // another one was chosen). Calibration starts as soon as a model is open.
  void openDataset(const QString& path);
  void openEvaluationDataset(const QString& path);
  // Options from the command line (CLI.md: data, preprocessing and quantization options), applied to
  // the session; preprocessing options apply to the first model that loads. Malformed options are
  // reported; returns false for them.
  bool setLaunchOptions(const QStringList& options);
  // File ▸ Export report after its file dialog: writes the session's PDF report to `path`, or reports
  // why it cannot (errorReported and a message box). Returns whether the report was written.
  bool exportReport(const QString& path);

  const LoadedModel* currentModel() const;
  QString datasetPath() const { return m_datasetPath; }
  QStringList launchOptions() const { return m_launchOptions; }
  QStringList recentModels() const;
  bool isLoading() const;
  AnalysisSession* session() const { return m_session; }
  AnalysisView* analysisView() const { return m_analysisView; }
  ModelSummaryPanel* summaryPanel() const { return m_summaryPanel; }
  QatSession* qatSession() const { return m_qatSession; }
  QatPanel* qatPanel() const { return m_qatPanel; }
  QTabWidget* pages() const { return m_tabs; }
  // The dialog showing the last error, while it is open (tests close it).
  QMessageBox* errorDialog() const;

signals:
  void modelLoaded(const QString& path);
  void datasetChanged(const QString& path);
  // Also shown to the user in a (non-blocking) message box; the signal lets tests and later
  // panels react without a dialog in the way.
  void errorReported(const QString& message);

protected:
  void dragEnterEvent(QDragEnterEvent* event) override;
  void dragLeaveEvent(QDragLeaveEvent* event) override;
  void dropEvent(QDropEvent* event) override;
  void closeEvent(QCloseEvent* event) override;

private:
  void createActions();
  void createMenus();
  void createToolBar();
  void createStatusBar();
  void chooseModel();
  void chooseDataset();
  void chooseEvaluationDataset();
  void showAbout();
  void onModelChanged();
  void onLoadFailed(const QString& path, const QString& message);
  void onStageChanged();
  void onProgress(const QString& what, qint64 done, qint64 total);
  void onViewsUpdated(double requantizeMs, double totalMs);
  void reportError(const QString& title, const QString& text, const QString& details);
  void updateWindowTitle();
  void saveLayout() const;
  void restoreLayout();
  void restoreConfig();

  AnalysisSession* m_session = nullptr;
  QStackedWidget* m_pages = nullptr;
  EmptyStateWidget* m_emptyState = nullptr;
  QTabWidget* m_tabs = nullptr;
  QStackedWidget* m_analysisPages = nullptr;
  AnalysisView* m_analysisView = nullptr;
  QLabel* m_analysisMessage = nullptr;
  ModelSummaryPanel* m_summaryPanel = nullptr;
  QatSession* m_qatSession = nullptr;
  QatPanel* m_qatPanel = nullptr;
  RecentModels* m_recentModels = nullptr;
  QProgressBar* m_progress = nullptr;
  QToolButton* m_cancel = nullptr;
  QLabel* m_timing = nullptr;
  QAction* m_openModelAction = nullptr;
  QAction* m_openDatasetAction = nullptr;
  QAction* m_openEvaluationAction = nullptr;
  QAction* m_exportReportAction = nullptr;
  QAction* m_exportModelAction = nullptr;
  QAction* m_calibrateAction = nullptr;
  QAction* m_cancelAction = nullptr;
  QAction* m_quitAction = nullptr;
  QAction* m_aboutAction = nullptr;
  QAction* m_aboutQtAction = nullptr;
  QPointer<QMessageBox> m_errorBox;

  QString m_datasetPath;
  QStringList m_launchOptions;
  std::optional<CommandLine> m_launchPreprocessing;  // applied to the next model that loads
};

}  // namespace quantlens::ui
