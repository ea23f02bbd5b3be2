// Quantization summary panel.
#include "ui/quant_summary_panel.h"

#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <utility>

#include "ui/analysis_session.h"
#include "ui/number_format.h"

namespace quantlens::ui {

namespace {

constexpr char kDash[] = "—";

QLabel* heading(const QString& text, QWidget* parent) {
  auto* label = new QLabel(text, parent);
  QFont font = label->font();
  font.setBold(true);
  label->setFont(font);
  return label;
}

QLabel* caption(const QString& text, QWidget* parent, const QString& toolTip = {}) {
  auto* label = new QLabel(text, parent);
  QPalette palette = label->palette();
  palette.setColor(QPalette::WindowText, palette.color(QPalette::PlaceholderText));
  label->setPalette(palette);
  label->setToolTip(toolTip);
  return label;
}

// A card: a bold title over a grid of captions and values.
QFrame* card(const QString& title, QWidget* parent, QGridLayout*& grid) {
  auto* frame = new QFrame(parent);
  frame->setFrameShape(QFrame::StyledPanel);
  frame->setBackgroundRole(QPalette::Base);
  frame->setAutoFillBackground(true);
  grid = new QGridLayout(frame);
  grid->setContentsMargins(12, 8, 12, 8);
  grid->setHorizontalSpacing(14);
  grid->setVerticalSpacing(3);
  grid->addWidget(heading(title, frame), 0, 0, 1, 4);
  return frame;
}

}  // namespace

QuantSummaryPanel::QuantSummaryPanel(const AnalysisSession* session, QWidget* parent)
    : QFrame(parent), m_session(session) {
  QGridLayout* accuracy = nullptr;
  QFrame* accuracyCard = card(tr("Accuracy"), this, accuracy);
  const QStringList columns = {tr("FP32"), tr("quantized"), tr("int8")};
  const QStringList columnTips = {
      tr("The float model as loaded."),
      tr("Fake-quantized simulation: weights and activations rounded to the chosen grid, computed in float."),
      tr("The int8 executor: integer kernels on 8-bit codes, float kernels where none applies.")};
  for (int c = 0; c < 3; ++c)
    accuracy->addWidget(caption(columns[c], accuracyCard, columnTips[c]), 1, c + 1, Qt::AlignRight);
  accuracy->addWidget(
      caption(tr("top-1"), accuracyCard, tr("Share of samples whose highest-scoring class is the label.")), 2, 0);
  accuracy->addWidget(
      caption(tr("top-5"), accuracyCard, tr("Share of samples whose label is among the five highest scores.")), 3, 0);
  for (int c = 0; c < 3; ++c) {
    m_top1[c] = value(accuracy, 2, c + 1, columnTips[c]);
    m_top5[c] = value(accuracy, 3, c + 1, columnTips[c]);
  }
  const QString agreementTip =
      tr("Quantized: share of samples where it predicts the same class as FP32. int8: share where the int8 "
         "executor predicts the same class as the quantized simulation.");
  accuracy->addWidget(caption(tr("agreement"), accuracyCard, agreementTip), 4, 0);
  m_agreement = value(accuracy, 4, 2, agreementTip);
  m_int8Agreement = value(accuracy, 4, 3, agreementTip);
  m_samples = caption(QString(), accuracyCard);
  accuracy->addWidget(m_samples, 5, 0, 1, 2);
  // What each agreement compares with; not worth widening the window's minimum size for.
  for (const auto& [text, column] : {std::pair{tr("vs FP32"), 2}, std::pair{tr("vs quantized"), 3}}) {
    QLabel* label = caption(text, accuracyCard, agreementTip);
    label->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    label->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    accuracy->addWidget(label, 5, column);
  }
  m_int8Note = caption(QString(), accuracyCard);
  m_int8Note->setWordWrap(true);
  m_int8Note->hide();
  accuracy->addWidget(m_int8Note, 6, 0, 1, 4);

  QGridLayout* size = nullptr;
  QFrame* sizeCard = card(tr("Size"), this, size);
  size->addWidget(caption(tr("FP32"), sizeCard, tr("Every float weight as float32.")), 1, 0);
  size->addWidget(caption(tr("quantized"), sizeCard,
                          tr("Weights at their bit width (packed), scales, zero points, int32 biases and the "
                             "rest as float32.")),
                  2, 0);
  size->addWidget(caption(tr("ratio"), sizeCard, tr("How many times smaller the quantized weights are.")), 3, 0);
  m_fp32Bytes = value(size, 1, 1, {});
  m_quantizedBytes = value(size, 2, 1, {});
  m_ratio = value(size, 3, 1, {});

  QGridLayout* latency = nullptr;
  QFrame* latencyCard = card(tr("Latency"), this, latency);
  const QString latencyTip = tr("Median wall time of one whole-model run at batch 1 on one thread, over %1 runs "
                                "after %2 warm-up runs.")
                                 .arg(AnalysisSession::kLatencyIterations)
                                 .arg(AnalysisSession::kLatencyWarmup);
  latency->addWidget(caption(tr("FP32"), latencyCard, latencyTip), 1, 0);
  latency->addWidget(caption(tr("int8"), latencyCard, latencyTip), 2, 0);
  latency->addWidget(caption(tr("ratio"), latencyCard, tr("FP32 time divided by int8 time.")), 3, 0);
  m_fp32Latency = value(latency, 1, 1, latencyTip);
  m_int8Latency = value(latency, 2, 1, latencyTip);
  m_latencyRatio = value(latency, 3, 1, tr("FP32 time divided by int8 time."));
  m_latencyNote = caption(QString(), latencyCard);
  m_latencyNote->setWordWrap(true);
  latency->addWidget(m_latencyNote, 4, 0, 1, 2);

  auto* layout = new QHBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(10);
  layout->addWidget(accuracyCard, 5);
  layout->addWidget(sizeCard, 3);
  layout->addWidget(latencyCard, 3);

  connect(session, &AnalysisSession::modelChanged, this, &QuantSummaryPanel::refresh);
  connect(session, &AnalysisSession::quantizationChanged, this, &QuantSummaryPanel::refresh);
  connect(session, &AnalysisSession::evaluationChanged, this, &QuantSummaryPanel::refresh);
  connect(session, &AnalysisSession::stageChanged, this, &QuantSummaryPanel::refresh);
  refresh();
}

QLabel* QuantSummaryPanel::value(QGridLayout* grid, int row, int column, const QString& toolTip) {
  auto* label = new QLabel(QString::fromUtf8(kDash), grid->parentWidget());
  label->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
  label->setTextInteractionFlags(Qt::TextSelectableByMouse);
  label->setToolTip(toolTip);
  QFont font = label->font();
  font.setPointSizeF(font.pointSizeF() * 1.1);
  label->setFont(font);
  grid->addWidget(label, row, column);
  return label;
}

void QuantSummaryPanel::refresh() {
  const QString dash = QString::fromUtf8(kDash);
  const auto& accuracy = m_session->accuracy();
  const auto& int8 = m_session->int8();
  const bool stale = m_session->isEvaluationStale();
  const bool pending = m_session->state() && (stale || m_session->isBusy());
  const QString updating = stale ? tr(" (updating…)") : QString();
  const QString none = pending ? tr("…") : dash;  // nothing measured yet, or nothing to show
  if (accuracy) {
    m_top1[0]->setText(formatPercent(accuracy->fp32.score.top1()));
    m_top5[0]->setText(formatPercent(accuracy->fp32.score.top5()));
    m_top1[1]->setText(formatPercent(accuracy->quantized.score.top1()) + updating);
    m_top5[1]->setText(formatPercent(accuracy->quantized.score.top5()) + updating);
    m_agreement->setText(formatPercent(accuracy->agreement) + updating);
    const qint64 samples = accuracy->fp32.score.samples();
    m_samples->setText(samples == 1 ? tr("1 sample") : tr("%1 samples").arg(QLocale().toString(samples)));
  } else {
    for (int c = 0; c < 2; ++c) m_top1[c]->setText(none), m_top5[c]->setText(none);
    m_agreement->setText(none);
    m_samples->setText(m_session->state() && !pending ? tr("needs labeled data") : QString());
  }

  // The int8 executor: its accuracy, or why it runs no integer kernel.
  if (int8 && int8->accuracy) {
    m_top1[2]->setText(formatPercent(int8->accuracy->score.top1()) + updating);
    m_top5[2]->setText(formatPercent(int8->accuracy->score.top5()) + updating);
    m_int8Agreement->setText(formatPercent(int8->agreementWithQuantized) + updating);
  } else {
    const bool floatOnly = int8 && !int8->floatOnly.isEmpty();
    m_top1[2]->setText(floatOnly ? tr("float only") : none);
    m_top5[2]->setText(floatOnly ? dash : none);
    m_int8Agreement->setText(floatOnly ? dash : none);
  }
  QString int8Note;
  if (int8 && !int8->floatOnly.isEmpty())
    int8Note = tr("int8: float only: %1").arg(int8->floatOnly);
  else if (int8 && int8->floatLayers > 0)
    int8Note = tr("int8: %1 of %2 layers on float kernels").arg(int8->floatLayers).arg(int8->layers);
  m_int8Note->setText(int8Note);
  m_int8Note->setToolTip(int8Note);
  m_int8Note->setVisible(!int8Note.isEmpty());

  if (const auto size = m_session->size()) {
    m_fp32Bytes->setText(formatBytes(size->fp32Bytes));
    m_quantizedBytes->setText(formatBytes(size->quantizedBytes));
    m_ratio->setText(tr("%1× smaller").arg(QLocale().toString(size->ratio(), 'f', 2)));
  } else {
    for (QLabel* label : {m_fp32Bytes, m_quantizedBytes, m_ratio}) label->setText(dash);
  }

  if (int8 && int8->latency) {
    const LatencyComparison& latency = *int8->latency;
    m_fp32Latency->setText(tr("%1 ms").arg(QLocale().toString(latency.fp32Ms, 'f', 3)));
    m_int8Latency->setText(tr("%1 ms").arg(QLocale().toString(latency.int8Ms, 'f', 3)));
    const double speedup = latency.int8Ms > 0.0 && latency.fp32Ms > 0.0 ? latency.fp32Ms / latency.int8Ms : 1.0;
    m_latencyRatio->setText(speedup >= 1.0 ? tr("%1× faster").arg(QLocale().toString(speedup, 'f', 2))
                                           : tr("%1× slower").arg(QLocale().toString(1.0 / speedup, 'f', 2)));
    m_latencyNote->setText(stale ? tr("updating…")
                                 : tr("batch 1, one thread, median of %1").arg(AnalysisSession::kLatencyIterations));
  } else {
    const bool floatOnly = int8 && !int8->floatOnly.isEmpty();
    for (QLabel* label : {m_fp32Latency, m_int8Latency, m_latencyRatio}) label->setText(floatOnly ? dash : none);
    m_latencyNote->setText(floatOnly ? tr("no integer kernel runs for these settings")
                                     : pending ? tr("measured after the evaluation") : QString());
  }
  setStale(stale && accuracy.has_value());
}

void QuantSummaryPanel::setStale(bool stale) {
  m_stale = stale;
  for (QLabel* label : {m_top1[1], m_top5[1], m_agreement, m_top1[2], m_top5[2], m_int8Agreement, m_fp32Latency,
                        m_int8Latency, m_latencyRatio}) {
    QPalette palette = this->palette();
    if (stale) palette.setColor(QPalette::WindowText, palette.color(QPalette::PlaceholderText));
    label->setPalette(palette);
  }
}

QString QuantSummaryPanel::top1(int column) const { return m_top1[column]->text(); }
QString QuantSummaryPanel::top5(int column) const { return m_top5[column]->text(); }
QString QuantSummaryPanel::agreementText() const { return m_agreement->text(); }
QString QuantSummaryPanel::int8AgreementText() const { return m_int8Agreement->text(); }
QString QuantSummaryPanel::int8Note() const { return m_int8Note->text(); }
QString QuantSummaryPanel::latencyText(int row) const {
  return (row == 0 ? m_fp32Latency : row == 1 ? m_int8Latency : m_latencyRatio)->text();
}
QString QuantSummaryPanel::sizeText() const { return m_quantizedBytes->text(); }

}  // namespace quantlens::ui
