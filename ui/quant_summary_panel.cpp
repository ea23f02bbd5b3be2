// Quantization summary panel.
#include "ui/quant_summary_panel.h"

#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>

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
      tr("The integer executor; not available in this build yet.")};
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
  accuracy->addWidget(caption(tr("agreement"), accuracyCard,
                              tr("Share of samples where the quantized model predicts the same class as FP32.")),
                      4, 0);
  m_agreement =
      value(accuracy, 4, 2, tr("Share of samples where the quantized model predicts the same class as FP32."));
  m_samples = caption(QString(), accuracyCard);
  accuracy->addWidget(m_samples, 4, 3, Qt::AlignRight);

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
  latency->addWidget(caption(tr("FP32"), latencyCard), 1, 0);
  latency->addWidget(caption(tr("int8"), latencyCard), 2, 0);
  m_fp32Latency = value(latency, 1, 1, tr("Measured by the benchmark, which comes with the int8 executor."));
  m_int8Latency = value(latency, 2, 1, tr("Measured by the benchmark, which comes with the int8 executor."));
  auto* note = caption(tr("needs the int8 executor"), latencyCard);
  note->setWordWrap(true);
  latency->addWidget(note, 3, 0, 1, 2);

  auto* layout = new QHBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(10);
  layout->addWidget(accuracyCard, 5);
  layout->addWidget(sizeCard, 3);
  layout->addWidget(latencyCard, 2);

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
  const bool stale = m_session->isEvaluationStale();
  const QString updating = stale ? tr(" (updating…)") : QString();
  if (accuracy) {
    m_top1[0]->setText(formatPercent(accuracy->fp32.score.top1()));
    m_top5[0]->setText(formatPercent(accuracy->fp32.score.top5()));
    m_top1[1]->setText(formatPercent(accuracy->quantized.score.top1()) + updating);
    m_top5[1]->setText(formatPercent(accuracy->quantized.score.top5()) + updating);
    m_agreement->setText(formatPercent(accuracy->agreement) + updating);
    const qint64 samples = accuracy->fp32.score.samples();
    m_samples->setText(samples == 1 ? tr("1 sample") : tr("%1 samples").arg(QLocale().toString(samples)));
  } else {
    const bool pending = m_session->state() && (stale || m_session->isBusy());
    const QString text = pending ? tr("…") : dash;
    for (int c = 0; c < 2; ++c) m_top1[c]->setText(text), m_top5[c]->setText(text);
    m_agreement->setText(text);
    m_samples->setText(m_session->state() && !pending ? tr("needs labeled data") : QString());
  }
  m_top1[2]->setText(dash);
  m_top5[2]->setText(dash);

  if (const auto size = m_session->size()) {
    m_fp32Bytes->setText(formatBytes(size->fp32Bytes));
    m_quantizedBytes->setText(formatBytes(size->quantizedBytes));
    m_ratio->setText(tr("%1× smaller").arg(QLocale().toString(size->ratio(), 'f', 2)));
  } else {
    for (QLabel* label : {m_fp32Bytes, m_quantizedBytes, m_ratio}) label->setText(dash);
  }
  m_fp32Latency->setText(dash);
  m_int8Latency->setText(dash);
  setStale(stale && accuracy.has_value());
}

void QuantSummaryPanel::setStale(bool stale) {
  m_stale = stale;
  for (QLabel* label : {m_top1[1], m_top5[1], m_agreement}) {
    QPalette palette = this->palette();
    if (stale) palette.setColor(QPalette::WindowText, palette.color(QPalette::PlaceholderText));
    label->setPalette(palette);
  }
}

QString QuantSummaryPanel::top1(int column) const { return m_top1[column]->text(); }
QString QuantSummaryPanel::agreementText() const { return m_agreement->text(); }
QString QuantSummaryPanel::sizeText() const { return m_quantizedBytes->text(); }

}  // namespace quantlens::ui
