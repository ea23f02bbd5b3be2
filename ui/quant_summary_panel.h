// The whole-model summary above the layer table: accuracy (FP32, quantized, int8), agreement, size
// and latency, with values from an older configuration greyed and marked "(updating…)".
#pragma once

#include <QFrame>
#include <QString>

class QGridLayout;
class QLabel;

namespace quantlens::ui {

class AnalysisSession;

class QuantSummaryPanel : public QFrame {
  Q_OBJECT

public:
  explicit QuantSummaryPanel(const AnalysisSession* session, QWidget* parent = nullptr);

  // What is shown, for tests.
  QString top1(int column) const;  // 0 FP32, 1 quantized, 2 int8
  QString top5(int column) const;
  QString agreementText() const;
  QString int8AgreementText() const;  // int8 executor vs quantized
  QString int8Note() const;           // "float only: <reason>", or empty
  QString sizeText() const;
  QString latencyText(int row) const;  // 0 FP32, 1 int8, 2 ratio
  bool showsStale() const { return m_stale; }

  void refresh();

private:
  QLabel* value(QGridLayout* grid, int row, int column, const QString& toolTip);
  void setStale(bool stale);

  const AnalysisSession* m_session;
  bool m_stale = false;
  QLabel* m_top1[3] = {};
  QLabel* m_top5[3] = {};
  QLabel* m_agreement = nullptr;
  QLabel* m_int8Agreement = nullptr;
  QLabel* m_samples = nullptr;
  QLabel* m_int8Note = nullptr;
  QLabel* m_fp32Bytes = nullptr;
  QLabel* m_quantizedBytes = nullptr;
  QLabel* m_ratio = nullptr;
  QLabel* m_fp32Latency = nullptr;
  QLabel* m_int8Latency = nullptr;
  QLabel* m_latencyRatio = nullptr;
  QLabel* m_latencyNote = nullptr;
};

}  // namespace quantlens::ui
