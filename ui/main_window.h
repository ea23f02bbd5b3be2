// QuantLens's main window: menus, drag and drop of models and data sets, and the panels that show them.
#pragma once

#include <QMainWindow>
#include <QPointer>
#include <QString>
#include <QStringList>
#include <memory>

#include "ui/loaded_model.h"

class QAction;
class QMessageBox;
class QMimeData;
class QProgressBar;
class QStackedWidget;

namespace quantlens::ui {

class EmptyStateWidget;
class ModelLoader;
class ModelSummaryPanel;
class RecentModels;

class MainWindow : public QMainWindow {
  Q_OBJECT

public:
  explicit MainWindow(QWidget* parent = nullptr);
  ~MainWindow() override;

  // Loads in the background; modelLoaded or errorReported follows. The open model stays open
  // until the new one has loaded, so a bad file never loses the user's work.
  void openModel(const QString& path);
  // Remembers a folder of images or an IDX file as the data set (used by later analysis).
  void openDataset(const QString& path);
  // Options from the command line ("--observer", "entropy", …), kept for the analysis controls.
  void setLaunchOptions(const QStringList& options) { m_launchOptions = options; }

  const LoadedModel* currentModel() const { return m_model.get(); }
  QString datasetPath() const { return m_datasetPath; }
  QStringList launchOptions() const { return m_launchOptions; }
  QStringList recentModels() const;
  bool isLoading() const;
  ModelSummaryPanel* summaryPanel() const { return m_summaryPanel; }
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
  void showAbout();
  void onLoadStarted(const QString& path);
  void onModelLoaded(std::shared_ptr<const LoadedModel> model);
  void onLoadFailed(const QString& path, const QString& message);
  void reportError(const QString& title, const QString& text, const QString& details);
  void updateWindowTitle();
  void saveLayout() const;
  void restoreLayout();

  ModelLoader* m_loader = nullptr;
  QStackedWidget* m_pages = nullptr;
  EmptyStateWidget* m_emptyState = nullptr;
  ModelSummaryPanel* m_summaryPanel = nullptr;
  RecentModels* m_recentModels = nullptr;
  QProgressBar* m_busy = nullptr;
  QAction* m_openModelAction = nullptr;
  QAction* m_openDatasetAction = nullptr;
  QAction* m_quitAction = nullptr;
  QAction* m_aboutAction = nullptr;
  QAction* m_aboutQtAction = nullptr;
  QPointer<QMessageBox> m_errorBox;

  std::shared_ptr<const LoadedModel> m_model;
  QString m_datasetPath;
  QStringList m_launchOptions;
};

}  // namespace quantlens::ui
