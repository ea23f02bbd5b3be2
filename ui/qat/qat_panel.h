// The "Quantization-aware training" page: the QAT settings, Start / Pause / Cancel, live loss and
// accuracy curves against the FP32 and PTQ lines, and the trained result beside FP32 and PTQ with its
// export.
#pragma once

#include <QWidget>

class QLabel;
class QProgressBar;
class QPushButton;
class QTableWidget;
class QTimer;

namespace quantlens::ui {

class AnalysisSession;
class QatSession;
class QatSettingsForm;
class TrainingCurvePlot;

class QatPanel : public QWidget {
  Q_OBJECT

public:
  // Result table rows and columns.
  enum Row { Fp32Row, PtqRow, QatRow };
  enum Column { Top1Column, Top5Column, DeltaColumn, AgreementColumn, SizeColumn };

  QatPanel(AnalysisSession* analysis, QatSession* qat, QWidget* parent = nullptr);

  QatSettingsForm* form() const { return m_form; }
  TrainingCurvePlot* lossPlot() const { return m_lossPlot; }
  TrainingCurvePlot* accuracyPlot() const { return m_accuracyPlot; }
  QTableWidget* resultTable() const { return m_results; }
  QPushButton* startButton() const { return m_start; }
  QPushButton* pauseButton() const { return m_pause; }
  QPushButton* cancelButton() const { return m_cancel; }
  QPushButton* exportButton() const { return m_export; }
  QString statusText() const;
  QString summaryText() const;

  // Starts a run with the form's settings (the Start button).
  void start();

  // Plot series indices.
  static constexpr int kBatchLossSeries = 0;
  static constexpr int kEpochLossSeries = 1;
  static constexpr int kTrainAccuracySeries = 0;
  static constexpr int kEvalAccuracySeries = 1;

private:
  QWidget* createSidePanel();
  QWidget* createResults();
  void updateButtons();
  void updateStartingPoint();
  void scheduleCurveUpdate();
  void updateCurves();
  void updateResults();
  void setStatus(const QString& text);

  AnalysisSession* m_analysis;
  QatSession* m_qat;
  QatSettingsForm* m_form = nullptr;
  QPushButton* m_start = nullptr;
  QPushButton* m_pause = nullptr;
  QPushButton* m_cancel = nullptr;
  QPushButton* m_export = nullptr;
  QProgressBar* m_progress = nullptr;
  QLabel* m_status = nullptr;
  QLabel* m_summary = nullptr;
  TrainingCurvePlot* m_lossPlot = nullptr;
  TrainingCurvePlot* m_accuracyPlot = nullptr;
  int m_fp32Line = -1;
  int m_ptqLine = -1;
  QTableWidget* m_results = nullptr;
  QTimer* m_curveTimer = nullptr;
};

}  // namespace quantlens::ui
