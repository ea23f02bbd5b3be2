// Data and preprocessing panel.
#include "ui/data_panel.h"

#include <QComboBox>
#include <QDir>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPixmap>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

#include "core/data/dataset.h"
#include "core/data/preprocessor.h"
#include "core/error.h"
#include "ui/analysis_session.h"
#include "ui/elided_label.h"
#include "ui/form_group.h"

namespace quantlens::ui {

namespace {

constexpr int kPreviewSide = 112;
constexpr int kMaxSamples = 1 << 24;

// "1/255" when the scale is the reciprocal of a whole number, else the decimal.
QString scaleText(double scale) {
  const double reciprocal = 1.0 / scale;
  if (std::abs(reciprocal - std::round(reciprocal)) < 1e-6 * reciprocal)
    return QStringLiteral("1/%1").arg(std::llround(reciprocal));
  return QString::number(scale, 'g', 8);
}

QString valuesText(const std::vector<double>& values) {
  QStringList parts;
  for (const double v : values) parts << QString::number(v, 'g', 6);
  return parts.join(u',');
}

}  // namespace

DataPanel::DataPanel(AnalysisSession* session, QWidget* parent) : QWidget(parent), m_session(session) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(10);
  layout->addWidget(createDataGroup());
  layout->addWidget(createPreprocessingGroup());
  layout->addWidget(createPreviewGroup());
  layout->addStretch(1);

  connect(session, &AnalysisSession::modelChanged, this, &DataPanel::showSession);
  connect(session, &AnalysisSession::datasetsChanged, this, &DataPanel::showSession);
  connect(session, &AnalysisSession::calibrated, this, &DataPanel::showSession);
  showSession();
}

QWidget* DataPanel::createDataGroup() {
  QFormLayout* form = nullptr;
  QGroupBox* box = formGroup(tr("Data sets"), this, form);
  const auto pathRow = [box](ElidedLabel*& label, QPushButton* button, QPushButton* extra = nullptr) {
    auto* row = new QWidget(box);
    auto* layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    label = new ElidedLabel(row);
    layout->addWidget(label, 1);
    if (extra) layout->addWidget(extra);
    layout->addWidget(button);
    return row;
  };
  auto* chooseCalibration = new QPushButton(tr("…"), box);
  chooseCalibration->setFixedWidth(chooseCalibration->fontMetrics().horizontalAdvance(QStringLiteral("……")) + 16);
  chooseCalibration->setToolTip(
      tr("Choose the calibration data: a folder of images (class subfolders give labels) or an IDX images file."));
  connect(chooseCalibration, &QPushButton::clicked, this, &DataPanel::chooseCalibrationData);
  auto* chooseEvaluation = new QPushButton(tr("…"), box);
  chooseEvaluation->setFixedWidth(chooseCalibration->width());
  chooseEvaluation->setToolTip(tr("Choose a separate labeled set to measure accuracy on."));
  connect(chooseEvaluation, &QPushButton::clicked, this, &DataPanel::chooseEvaluationData);
  m_sameAsCalibration = new QPushButton(tr("×"), box);
  m_sameAsCalibration->setFixedWidth(chooseCalibration->width());
  m_sameAsCalibration->setToolTip(tr("Evaluate on the calibration data again."));
  connect(m_sameAsCalibration, &QPushButton::clicked, this, [this] {
    m_session->setEvaluationData({});
    showSession();
  });
  form->addRow(tr("Calibration"), pathRow(m_calibrationPath, chooseCalibration));
  form->addRow(tr("Evaluation"), pathRow(m_evaluationPath, chooseEvaluation, m_sameAsCalibration));

  m_calibrationCount = new QSpinBox(box);
  m_calibrationCount->setRange(1, kMaxSamples);
  m_calibrationCount->setToolTip(tr("Calibration uses the first N samples (--calib-count)."));
  m_evaluationCount = new QSpinBox(box);
  m_evaluationCount->setRange(0, kMaxSamples);
  m_evaluationCount->setSpecialValueText(tr("all"));
  m_evaluationCount->setToolTip(tr("Accuracy is measured on the first N samples (--eval-count); 0 means all."));
  m_batchSize = new QSpinBox(box);
  m_batchSize->setRange(1, 4096);
  m_batchSize->setToolTip(tr("Samples per model run (--batch)."));
  form->addRow(tr("Calib. samples"), m_calibrationCount);
  form->addRow(tr("Eval. samples"), m_evaluationCount);
  form->addRow(tr("Batch size"), m_batchSize);
  for (QSpinBox* spin : {m_calibrationCount, m_evaluationCount, m_batchSize})
    connect(spin, &QSpinBox::valueChanged, this, &DataPanel::onFieldEdited);
  return box;
}

QWidget* DataPanel::createPreprocessingGroup() {
  QFormLayout* form = nullptr;
  QGroupBox* box = formGroup(tr("Preprocessing"), this, form);
  box->setToolTip(tr("Each input value is (pixel × scale − mean) / std, pixel in 0..255."));
  m_height = new QSpinBox(box);
  m_width = new QSpinBox(box);
  for (QSpinBox* side : {m_height, m_width}) side->setRange(1, 8192);
  auto* size = new QWidget(box);
  auto* sizeLayout = new QHBoxLayout(size);
  sizeLayout->setContentsMargins(0, 0, 0, 0);
  sizeLayout->addWidget(m_height, 1);
  sizeLayout->addWidget(new QLabel(QStringLiteral("×"), size));
  sizeLayout->addWidget(m_width, 1);
  m_resize = new QComboBox(box);
  for (const ResizeMode mode : {ResizeMode::Stretch, ResizeMode::KeepAspectPad, ResizeMode::CenterCrop})
    m_resize->addItem(QString::fromLatin1(resizeModeName(mode)), static_cast<int>(mode));
  m_color = new QComboBox(box);
  for (const ColorMode mode : {ColorMode::Gray, ColorMode::Rgb, ColorMode::Bgr})
    m_color->addItem(QString::fromLatin1(colorModeName(mode)), static_cast<int>(mode));
  m_scale = new QLineEdit(box);
  m_scale->setObjectName(QStringLiteral("scale"));
  m_scale->setToolTip(tr("A decimal or a fraction, e.g. 1/255."));
  m_mean = new QLineEdit(box);
  m_mean->setToolTip(tr("One value, or one per channel: 0.485,0.456,0.406."));
  m_std = new QLineEdit(box);
  m_std->setToolTip(tr("One value, or one per channel: 0.229,0.224,0.225."));
  m_problem = new QLabel(box);
  m_problem->setWordWrap(true);
  m_problem->setStyleSheet(QStringLiteral("color: #a32015;"));
  m_problem->hide();
  m_apply = new QPushButton(tr("Apply and recalibrate"), box);
  m_apply->setToolTip(tr("Calibrate again with these samples and this preprocessing."));
  connect(m_apply, &QPushButton::clicked, this, &DataPanel::apply);

  form->addRow(tr("Size (H × W)"), size);
  form->addRow(tr("Resize"), m_resize);
  form->addRow(tr("Color"), m_color);
  form->addRow(tr("Scale"), m_scale);
  form->addRow(tr("Mean"), m_mean);
  form->addRow(tr("Std"), m_std);
  form->addRow(m_problem);
  form->addRow(m_apply);
  for (QSpinBox* spin : {m_height, m_width}) connect(spin, &QSpinBox::valueChanged, this, &DataPanel::onFieldEdited);
  for (QComboBox* combo : {m_resize, m_color})
    connect(combo, &QComboBox::currentIndexChanged, this, &DataPanel::onFieldEdited);
  for (QLineEdit* edit : {m_scale, m_mean, m_std})
    connect(edit, &QLineEdit::textEdited, this, &DataPanel::onFieldEdited);
  return box;
}

QWidget* DataPanel::createPreviewGroup() {
  auto* box = new QGroupBox(tr("Preview of one preprocessed sample"), this);
  m_previewLabel = new QLabel(box);
  m_previewLabel->setFixedSize(kPreviewSide, kPreviewSide);
  m_previewLabel->setAlignment(Qt::AlignCenter);
  m_previewLabel->setStyleSheet(QStringLiteral("background: #202020; border-radius: 4px;"));
  m_previewCaption = new QLabel(box);
  m_previewCaption->setWordWrap(true);
  m_previewCaption->setAlignment(Qt::AlignTop | Qt::AlignLeft);
  m_previewCaption->setTextInteractionFlags(Qt::TextSelectableByMouse);
  m_sample = new QSpinBox(box);
  m_sample->setPrefix(tr("sample "));
  m_sample->setRange(0, 0);
  connect(m_sample, &QSpinBox::valueChanged, this, &DataPanel::updatePreview);
  auto* side = new QVBoxLayout;
  side->addWidget(m_sample);
  side->addWidget(m_previewCaption, 1);
  auto* layout = new QHBoxLayout(box);
  layout->addWidget(m_previewLabel, 0, Qt::AlignTop);
  layout->addLayout(side, 1);
  return box;
}

void DataPanel::showSession() {
  m_filling = true;
  const QString calibration = m_session->calibrationPath();
  m_calibrationPath->setText(calibration.isEmpty() ? tr("none — drop a folder of images on the window")
                                                   : QDir::toNativeSeparators(calibration));
  const QString evaluation = m_session->evaluationPath();
  m_evaluationPath->setText(evaluation.isEmpty() ? tr("the calibration data (when labeled)")
                                                 : QDir::toNativeSeparators(evaluation));
  m_sameAsCalibration->setVisible(!evaluation.isEmpty());
  const SamplingOptions& sampling = m_session->sampling();
  m_calibrationCount->setValue(static_cast<int>(std::min<int64_t>(sampling.calibCount, kMaxSamples)));
  m_evaluationCount->setValue(
      sampling.evalCount < 0 ? 0 : static_cast<int>(std::min<int64_t>(sampling.evalCount, kMaxSamples)));
  m_batchSize->setValue(static_cast<int>(sampling.batchSize));

  const Preprocessing& p = m_session->preprocessing();
  m_height->setValue(p.height);
  m_width->setValue(p.width);
  m_resize->setCurrentIndex(m_resize->findData(static_cast<int>(p.resize)));
  m_color->setCurrentIndex(m_color->findData(static_cast<int>(p.color)));
  m_scale->setText(scaleText(p.scale));
  m_mean->setText(valuesText(p.mean));
  m_std->setText(valuesText(p.stdDev));
  if (const auto dataset = m_session->calibrationDataset())
    m_sample->setRange(0, static_cast<int>(std::max<int64_t>(0, std::min<int64_t>(dataset->size() - 1, kMaxSamples))));
  m_filling = false;
  onFieldEdited();
  m_apply->setEnabled(false);
}

std::optional<Preprocessing> DataPanel::preprocessing(QString* error) const {
  try {
    Preprocessing p = m_session->preprocessing();
    p.height = m_height->value();
    p.width = m_width->value();
    p.resize = static_cast<ResizeMode>(m_resize->currentData().toInt());
    p.color = static_cast<ColorMode>(m_color->currentData().toInt());
    p.scale = parseScale(m_scale->text().trimmed().toStdString());
    p.mean = parseChannelValues(m_mean->text().trimmed().toStdString(), "mean");
    p.stdDev = parseChannelValues(m_std->text().trimmed().toStdString(), "std");
    p.validate();
    if (m_session->canAnalyse()) checkPreprocessingFitsModel(p, m_session->model()->prepared);
    return p;
  } catch (const Error& e) {
    if (error) *error = QString::fromStdString(e.message());
    return std::nullopt;
  }
}

void DataPanel::onFieldEdited() {
  if (m_filling) return;
  QString error;
  const bool valid = preprocessing(&error).has_value();
  m_problem->setText(error);
  m_problem->setVisible(!valid);
  m_apply->setEnabled(valid && m_session->canAnalyse());
  updatePreview();
}

void DataPanel::apply() {
  const std::optional<Preprocessing> p = preprocessing();
  if (!p) return;
  SamplingOptions sampling = m_session->sampling();
  sampling.calibCount = m_calibrationCount->value();
  sampling.evalCount = m_evaluationCount->value() == 0 ? -1 : m_evaluationCount->value();
  sampling.batchSize = m_batchSize->value();
  m_session->setSampling(sampling);
  m_session->setPreprocessing(*p);
  m_apply->setEnabled(false);
}

QImage DataPanel::previewOf(const Tensor& input, const Preprocessing& preprocessing) {
  const int channels = preprocessing.channels();
  const int h = preprocessing.height, w = preprocessing.width;
  const std::span<const float> values = input.values<float>();
  QImage image(w, h, channels == 1 ? QImage::Format_Grayscale8 : QImage::Format_RGB888);
  for (int c = 0; c < channels; ++c) {
    const auto plane = values.subspan(static_cast<size_t>(c) * static_cast<size_t>(h * w), static_cast<size_t>(h * w));
    const auto [lo, hi] = std::minmax_element(plane.begin(), plane.end());
    const float range = *hi > *lo ? *hi - *lo : 1.0f;
    // BGR input shows as RGB: channel 0 is blue.
    const int target = preprocessing.color == ColorMode::Bgr ? 2 - c : c;
    for (int y = 0; y < h; ++y) {
      uchar* line = image.scanLine(y);
      for (int x = 0; x < w; ++x)
        line[x * channels + target] =
            static_cast<uchar>(std::lround(255.0f * (plane[static_cast<size_t>(y * w + x)] - *lo) / range));
    }
  }
  return image;
}

void DataPanel::updatePreview() {
  m_preview = {};
  const auto dataset = m_session->calibrationDataset();
  const std::optional<Preprocessing> p = preprocessing();
  if (!dataset || !p || dataset->size() == 0) {
    m_previewLabel->clear();
    m_previewCaption->setText(dataset ? tr("Fix the preprocessing to see a preview.")
                                      : tr("The preview appears once the calibration data is open."));
    return;
  }
  const int64_t index = std::min<int64_t>(m_sample->value(), dataset->size() - 1);
  Tensor values;
  try {
    values = Preprocessor(*p).run(dataset->load(index));
    m_preview = previewOf(values, *p);
  } catch (const Error& e) {
    m_previewLabel->clear();
    m_previewCaption->setText(QString::fromStdString(e.message()));
    return;
  }
  m_previewLabel->setPixmap(QPixmap::fromImage(
      m_preview.scaled(kPreviewSide, kPreviewSide, Qt::KeepAspectRatio,
                       p->width <= kPreviewSide ? Qt::FastTransformation : Qt::SmoothTransformation)));
  const auto span = values.values<float>();
  const auto [lo, hi] = std::minmax_element(span.begin(), span.end());
  QString label;
  if (dataset->hasLabels()) {
    const int64_t cls = dataset->label(index);
    label =
        tr("class %1 (%2)\n").arg(cls).arg(QString::fromStdString(dataset->classNames().at(static_cast<size_t>(cls))));
  }
  m_previewCaption->setText(tr("%1\n%2%3×%4 %5, values in [%6, %7]")
                                .arg(QFileInfo(QString::fromStdString(dataset->sampleName(index))).fileName(), label)
                                .arg(p->height)
                                .arg(p->width)
                                .arg(QString::fromLatin1(colorModeName(p->color)))
                                .arg(*lo, 0, 'g', 3)
                                .arg(*hi, 0, 'g', 3));
}

}  // namespace quantlens::ui
