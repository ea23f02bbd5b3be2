// QAT panel.
#include "ui/qat/qat_panel.h"

#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>
#include <algorithm>

#include "ui/analysis_session.h"
#include "ui/number_format.h"
#include "ui/qat/qat_session.h"
#include "ui/qat/qat_settings_form.h"
#include "ui/qat/training_curve_plot.h"
#include "ui/quantized_model_export.h"

namespace quantlens::ui {

namespace {

constexpr int kCurveUpdateMs = 150;  // live curves redraw at most this often
constexpr int kSidePanelWidth = 330;
const QColor kTrainColour(0x9A, 0xB8, 0xD6);

// "weights int4 symmetric per-tensor (pytorch), activations uint8 … (histogram observer)".
QString configText(const QuantConfig& config) {
  QString text = QObject::tr("weights %1").arg(QString::fromStdString(config.weightScheme.describe()));
  if (config.activationScheme)
    text += QObject::tr(", activations %1 (%2 observer)")
                .arg(QString::fromStdString(config.activationScheme->describe()),
                     QString::fromUtf8(observerKindName(config.activationObserver.kind)));
  else
    text += QObject::tr(", activations float");
  if (!config.overrides.empty()) text += QObject::tr(", overrides on %1 layers").arg(config.overrides.size());
  return text;
}

QString deltaText(std::optional<double> value, std::optional<double> reference) {
  if (!value || !reference) return QStringLiteral("—");
  return QStringLiteral("%1%2 pp").arg(*value >= *reference ? QStringLiteral("+") : QString()).arg(100.0 * (*value - *reference), 0, 'f', 2);
}

}  // namespace

QatPanel::QatPanel(AnalysisSession* analysis, QatSession* qat, QWidget* parent)
    : QWidget(parent), m_analysis(analysis), m_qat(qat) {
  auto* splitter = new QSplitter(Qt::Horizontal, this);
  splitter->addWidget(createSidePanel());

  auto* right = new QWidget(splitter);
  auto* rightLayout = new QVBoxLayout(right);
  rightLayout->setContentsMargins(4, 0, 0, 0);
  auto* plots = new QSplitter(Qt::Horizontal, right);
  m_lossPlot = new TrainingCurvePlot(tr("Training loss"), tr("loss"), plots);
  m_lossPlot->addSeries(tr("batch"), kTrainColour, false, 1.0);
  m_lossPlot->addSeries(tr("epoch mean so far"), PlotBase::kFp32Colour, false, 2.0);
  m_accuracyPlot = new TrainingCurvePlot(tr("Top-1 accuracy"), tr("top-1 (%)"), plots);
  m_accuracyPlot->addSeries(tr("training, epoch so far"), kTrainColour, false, 1.5);
  m_accuracyPlot->addSeries(tr("evaluation (frozen qparams)"), PlotBase::kQuantizedColour, true, 2.0);
  m_fp32Line = m_accuracyPlot->addReference(PlotBase::kFp32Colour);
  m_ptqLine = m_accuracyPlot->addReference(PlotBase::kHighlightColour);
  plots->addWidget(m_lossPlot);
  plots->addWidget(m_accuracyPlot);
  rightLayout->addWidget(plots, 3);
  rightLayout->addWidget(createResults(), 0);
  splitter->addWidget(right);
  splitter->setStretchFactor(1, 1);
  splitter->setSizes({kSidePanelWidth, 1000});

  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(8, 8, 8, 8);
  layout->addWidget(splitter);

  m_curveTimer = new QTimer(this);
  m_curveTimer->setSingleShot(true);
  m_curveTimer->setInterval(kCurveUpdateMs);
  connect(m_curveTimer, &QTimer::timeout, this, &QatPanel::updateCurves);

  connect(m_qat, &QatSession::started, this, [this] {
    setStatus(tr("Training…"));
    updateCurves();
    updateResults();
  });
  connect(m_qat, &QatSession::baselineEvaluated, this, [this] {
    updateCurves();
    updateResults();
  });
  connect(m_qat, &QatSession::stepTrained, this, &QatPanel::scheduleCurveUpdate);
  connect(m_qat, &QatSession::epochFinished, this, [this](int epoch) {
    setStatus(tr("Epoch %1 of %2 done").arg(epoch + 1).arg(m_qat->runSettings().epochs));
    updateCurves();
  });
  connect(m_qat, &QatSession::finished, this, [this] {
    setStatus(tr("Done"));
    updateCurves();
    updateResults();
  });
  connect(m_qat, &QatSession::cancelled, this, [this] {
    setStatus(tr("Cancelled — the curves show the steps trained; no result was kept"));
    updateCurves();
  });
  connect(m_qat, &QatSession::failed, this, [this](const QString& message) { setStatus(tr("Failed: %1").arg(message)); });
  connect(m_qat, &QatSession::progress, this, [this](const QString&, qint64 done, qint64 total) {
    m_progress->setRange(0, total > 0 ? 100 : 0);
    if (total > 0) m_progress->setValue(static_cast<int>(100 * done / total));
  });
  connect(m_qat, &QatSession::runningChanged, this, &QatPanel::updateButtons);
  connect(m_qat, &QatSession::pausedChanged, this, [this](bool paused) {
    setStatus(paused ? tr("Paused — Resume continues from the next step") : tr("Training…"));
    updateButtons();
  });
  for (auto signal : {&AnalysisSession::quantizationChanged, &AnalysisSession::modelChanged})
    connect(m_analysis, signal, this, [this] {
      updateStartingPoint();
      updateButtons();
    });
  connect(m_analysis, &AnalysisSession::modelChanged, this, [this] {
    updateCurves();
    updateResults();
    setStatus({});
  });
  updateStartingPoint();
  updateButtons();
  updateResults();
}

QWidget* QatPanel::createSidePanel() {
  auto* scroll = new QScrollArea(this);
  scroll->setWidgetResizable(true);
  scroll->setFrameShape(QFrame::NoFrame);
  scroll->setMinimumWidth(kSidePanelWidth - 40);
  auto* content = new QWidget(scroll);
  auto* layout = new QVBoxLayout(content);
  layout->setContentsMargins(0, 0, 6, 0);
  m_form = new QatSettingsForm(content);
  layout->addWidget(m_form, 1);

  auto* buttons = new QHBoxLayout;
  m_start = new QPushButton(tr("Start"), content);
  m_start->setToolTip(tr("Train from the analysis page's current quantization"));
  m_pause = new QPushButton(tr("Pause"), content);
  m_cancel = new QPushButton(tr("Cancel"), content);
  for (QPushButton* button : {m_start, m_pause, m_cancel}) buttons->addWidget(button);
  layout->addLayout(buttons);
  m_progress = new QProgressBar(content);
  m_progress->setTextVisible(false);
  m_progress->setMaximumHeight(8);
  layout->addWidget(m_progress);
  m_status = new QLabel(content);
  m_status->setWordWrap(true);
  layout->addWidget(m_status);
  scroll->setWidget(content);

  connect(m_start, &QPushButton::clicked, this, &QatPanel::start);
  connect(m_pause, &QPushButton::clicked, this, [this] { m_qat->setPaused(!m_qat->isPaused()); });
  connect(m_cancel, &QPushButton::clicked, m_qat, &QatSession::cancel);
  return scroll;
}

QWidget* QatPanel::createResults() {
  auto* box = new QWidget(this);
  auto* layout = new QVBoxLayout(box);
  layout->setContentsMargins(0, 0, 0, 0);
  m_results = new QTableWidget(3, 5, box);
  m_results->setHorizontalHeaderLabels(
      {tr("top-1"), tr("top-5"), tr("top-1 vs FP32"), tr("agreement with FP32"), tr("model size")});
  m_results->setVerticalHeaderLabels({tr("FP32"), tr("PTQ"), tr("QAT")});
  m_results->setEditTriggers(QAbstractItemView::NoEditTriggers);
  m_results->setSelectionMode(QAbstractItemView::NoSelection);
  m_results->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
  m_results->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
  m_results->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  m_results->setFixedHeight(m_results->horizontalHeader()->sizeHint().height() +
                            3 * m_results->verticalHeader()->defaultSectionSize() + 4);
  for (int row = 0; row < 3; ++row)
    for (int column = 0; column < 5; ++column) {
      auto* item = new QTableWidgetItem;
      item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
      m_results->setItem(row, column, item);
    }
  layout->addWidget(m_results);

  auto* row = new QHBoxLayout;
  m_summary = new QLabel(box);
  m_summary->setWordWrap(true);
  m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
  row->addWidget(m_summary, 1);
  m_export = new QPushButton(tr("Export QAT model…"), box);
  m_export->setToolTip(tr("Write the trained model as QDQ ONNX (.onnx) or its qparams (.json)"));
  connect(m_export, &QPushButton::clicked, this, [this] {
    const QatResult* result = m_qat->result();
    if (!result) return;
    const QString base = QFileInfo(m_analysis->model()->path).completeBaseName() + QStringLiteral("_qat");
    exportQuantizedModelInteractively(this, base, result->graph, result->plan, result->state);
  });
  row->addWidget(m_export, 0, Qt::AlignTop);
  layout->addLayout(row);
  return box;
}

void QatPanel::start() {
  if (m_qat->start(m_form->settings(), m_form->trainingPath(), m_form->trainCount())) updateButtons();
}

void QatPanel::updateButtons() {
  const bool running = m_qat->isRunning();
  m_start->setEnabled(!running && m_analysis->state() != nullptr);
  m_pause->setEnabled(running);
  m_pause->setText(m_qat->isPaused() ? tr("Resume") : tr("Pause"));
  m_cancel->setEnabled(running);
  m_form->setEnabled(!running);
  m_export->setEnabled(m_qat->result() != nullptr && !running);
  if (!running) {
    m_progress->setRange(0, 100);
    m_progress->setValue(m_qat->result() ? 100 : 0);
  }
}

void QatPanel::updateStartingPoint() {
  m_form->setStartingPoint(m_analysis->state() ? configText(m_analysis->config())
                                               : tr("calibrate a model on the analysis page first"));
}

void QatPanel::scheduleCurveUpdate() {
  if (!m_curveTimer->isActive()) m_curveTimer->start();
}

void QatPanel::updateCurves() {
  m_curveTimer->stop();
  const int64_t stepsPerEpoch = std::max<int64_t>(1, m_qat->stepsPerEpoch());
  QVector<double> x, batchLoss, meanLoss, trainTop1;
  // Loss and top-1 over the batches of the current epoch so far: what the epoch's line ends at.
  int64_t epoch = -1;
  double lossSum = 0.0;
  int64_t correct = 0, samples = 0;
  for (const BatchStats& step : m_qat->steps()) {
    const int64_t stepEpoch = step.step / stepsPerEpoch;
    if (stepEpoch != epoch) {
      epoch = stepEpoch;
      lossSum = 0.0;
      correct = samples = 0;
    }
    lossSum += step.loss * static_cast<double>(step.samples);
    correct += step.correct;
    samples += step.samples;
    x << static_cast<double>(step.step + 1) / static_cast<double>(stepsPerEpoch);
    batchLoss << step.loss;
    meanLoss << lossSum / static_cast<double>(samples);
    trainTop1 << 100.0 * static_cast<double>(correct) / static_cast<double>(samples);
  }
  m_lossPlot->setSeriesData(kBatchLossSeries, x, batchLoss);
  m_lossPlot->setSeriesData(kEpochLossSeries, x, meanLoss);
  m_accuracyPlot->setSeriesData(kTrainAccuracySeries, x, trainTop1);

  QVector<double> evalX, evalTop1;
  const auto& baseline = m_qat->baseline();
  const auto fp32 = baseline ? baseline->fp32.score.top1() : std::nullopt;
  const auto ptq = baseline ? baseline->quantized.score.top1() : std::nullopt;
  // Evaluation top-1 at epoch 0 (PTQ, where training starts) and after every epoch.
  const auto addEvaluation = [&](double at, std::optional<double> top1) {
    if (!top1) return;
    evalX << at;
    evalTop1 << 100.0 * *top1;
  };
  addEvaluation(0.0, ptq);
  for (size_t e = 0; e < m_qat->epochs().size(); ++e)
    addEvaluation(static_cast<double>(e + 1), m_qat->epochs()[e].evaluationTop1);
  m_accuracyPlot->setSeriesData(kEvalAccuracySeries, evalX, evalTop1);
  m_accuracyPlot->setReference(m_fp32Line, fp32 ? tr("FP32 %1").arg(formatPercent(fp32)) : QString(),
                               fp32 ? 100.0 * *fp32 : 0.0);
  m_accuracyPlot->setReference(m_ptqLine, ptq ? tr("PTQ %1").arg(formatPercent(ptq)) : QString(),
                               ptq ? 100.0 * *ptq : 0.0);
  const auto epochs = static_cast<double>(m_qat->steps().empty() ? 1 : m_qat->runSettings().epochs);
  m_lossPlot->fitToData(epochs);
  m_accuracyPlot->fitToData(epochs);
}

void QatPanel::updateResults() {
  const auto& baseline = m_qat->baseline();
  const QatResult* result = m_qat->result();
  const auto set = [this](Row row, Column column, const QString& text) { m_results->item(row, column)->setText(text); };
  const QString dash = QStringLiteral("—");
  const auto fp32 = baseline ? baseline->fp32.score.top1() : std::nullopt;
  const auto ptq = baseline ? baseline->quantized.score.top1() : std::nullopt;
  const auto qat = result && result->quantized ? result->quantized->score.top1() : std::nullopt;
  set(Fp32Row, Top1Column, formatPercent(fp32));
  set(Fp32Row, Top5Column, formatPercent(baseline ? baseline->fp32.score.top5() : std::nullopt));
  set(Fp32Row, DeltaColumn, dash);
  set(Fp32Row, AgreementColumn, dash);
  set(PtqRow, Top1Column, formatPercent(ptq));
  set(PtqRow, Top5Column, formatPercent(baseline ? baseline->quantized.score.top5() : std::nullopt));
  set(PtqRow, DeltaColumn, deltaText(ptq, fp32));
  set(PtqRow, AgreementColumn, baseline ? formatPercent(baseline->agreement) : dash);
  set(QatRow, Top1Column, formatPercent(qat));
  set(QatRow, Top5Column, formatPercent(result && result->quantized ? result->quantized->score.top5() : std::nullopt));
  set(QatRow, DeltaColumn, deltaText(qat, fp32));
  set(QatRow, AgreementColumn, result && result->quantized ? formatPercent(result->agreementWithFp32) : dash);
  const auto& ptqSize = m_qat->ptqSize();
  set(Fp32Row, SizeColumn, ptqSize ? formatBytes(ptqSize->fp32Bytes) : dash);
  set(PtqRow, SizeColumn, ptqSize ? formatBytes(ptqSize->quantizedBytes) : dash);
  set(QatRow, SizeColumn, result ? formatBytes(result->size.quantizedBytes) : dash);

  QString summary;
  if (result) {
    double seconds = 0.0;
    for (const QatEpoch& e : m_qat->epochs()) seconds += e.seconds;
    const auto epochs = static_cast<int>(m_qat->epochs().size());
    const int64_t images = result->trainingSamples * epochs;
    summary = tr("Trained %1 %2 on %3 samples in %4 s (%5 images/s).")
                  .arg(epochs)
                  .arg(epochs == 1 ? tr("epoch") : tr("epochs"))
                  .arg(result->trainingSamples)
                  .arg(seconds, 0, 'f', 1)
                  .arg(seconds > 0.0 ? static_cast<double>(images) / seconds : 0.0, 0, 'f', 0);
    if (qat && ptq && fp32)
      summary += QLatin1Char(' ') + tr("QAT %1 vs PTQ %2 (%3); FP32 %4.")
                                        .arg(formatPercent(qat), formatPercent(ptq), deltaText(qat, ptq),
                                             formatPercent(fp32));
    else if (!result->quantized)
      summary += QLatin1Char(' ') + tr("No labeled evaluation data, so no accuracy was measured.");
    QStringList with;
    if (m_qat->runSettings().distill) with << tr("distillation");
    if (m_qat->runSettings().learnable) with << tr("learnable qparams");
    if (!with.isEmpty()) summary += tr(" With %1.").arg(with.join(tr(" and ")));
    summary += tr(" Started from %1.").arg(configText(m_qat->startConfig()));
  }
  m_summary->setText(summary);
  updateButtons();
}

void QatPanel::setStatus(const QString& text) { m_status->setText(text); }

QString QatPanel::statusText() const { return m_status->text(); }

QString QatPanel::summaryText() const { return m_summary->text(); }

}  // namespace quantlens::ui
