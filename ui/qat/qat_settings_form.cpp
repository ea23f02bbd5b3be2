// QAT settings form.
#include "ui/qat/qat_settings_form.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QVBoxLayout>
#include <cmath>

#include "ui/app_settings.h"
#include "ui/elided_label.h"
#include "ui/form_group.h"

namespace quantlens::ui {

namespace {

constexpr int kMaxSamples = 1 << 24;
constexpr char kTrainingDirKey[] = "lastDirectory/training";

}  // namespace

QatSettingsForm::QatSettingsForm(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(10);
  layout->addWidget(createDataGroup());
  layout->addWidget(createTrainingGroup());
  layout->addWidget(createDistillationGroup());
  layout->addWidget(createAugmentationGroup());
  layout->addStretch(1);
  setSettings(QatSettings{});
  setTrainingPath({});
}

QWidget* QatSettingsForm::createDataGroup() {
  QFormLayout* form = nullptr;
  QGroupBox* box = formGroup(tr("Start and data"), this, form);
  m_startingPoint = new QLabel(box);
  m_startingPoint->setWordWrap(true);
  m_startingPoint->setToolTip(tr("Training starts from the analysis page's current quantization (its qparams and "
                                 "weights); change it there."));
  form->addRow(tr("From"), m_startingPoint);

  auto* row = new QWidget(box);
  auto* rowLayout = new QHBoxLayout(row);
  rowLayout->setContentsMargins(0, 0, 0, 0);
  m_trainingLabel = new ElidedLabel(row);
  rowLayout->addWidget(m_trainingLabel, 1);
  auto* choose = new QPushButton(tr("…"), row);
  choose->setFixedWidth(choose->fontMetrics().horizontalAdvance(QStringLiteral("……")) + 16);
  choose->setToolTip(tr("Choose labeled training data: a folder with one sub-folder per class, or IDX images "
                        "with their labels file beside them."));
  auto* menu = new QMenu(choose);
  menu->addAction(tr("Folder of images…"), this, [this] { chooseTrainingData(false); });
  menu->addAction(tr("IDX images file…"), this, [this] { chooseTrainingData(true); });
  menu->addAction(tr("The calibration data"), this, [this] { setTrainingPath({}); });
  choose->setMenu(menu);
  rowLayout->addWidget(choose);
  form->addRow(tr("Training"), row);

  m_trainCount = new QSpinBox(box);
  m_trainCount->setRange(0, kMaxSamples);
  m_trainCount->setSpecialValueText(tr("all"));
  m_trainCount->setToolTip(tr("Train on the first N samples (--train-count); 0 means all."));
  form->addRow(tr("Samples"), m_trainCount);
  return box;
}

QWidget* QatSettingsForm::createTrainingGroup() {
  QFormLayout* form = nullptr;
  QGroupBox* box = formGroup(tr("Training"), this, form);
  m_epochs = new QSpinBox(box);
  m_epochs->setRange(1, 10000);
  form->addRow(tr("Epochs"), m_epochs);

  m_optimizer = new QComboBox(box);
  m_optimizer->addItem(tr("SGD, momentum 0.9"), static_cast<int>(OptimizerKind::Sgd));
  m_optimizer->addItem(tr("Adam"), static_cast<int>(OptimizerKind::Adam));
  form->addRow(tr("Optimizer"), m_optimizer);
  m_learningRate = new QDoubleSpinBox(box);
  m_learningRate->setDecimals(6);
  m_learningRate->setRange(1e-6, 10.0);
  m_learningRate->setSingleStep(1e-4);
  m_learningRate->setToolTip(tr("The base learning rate (--lr); fine-tuning a trained model wants a small one."));
  form->addRow(tr("Learning rate"), m_learningRate);
  connect(m_optimizer, &QComboBox::currentIndexChanged, this, &QatSettingsForm::onOptimizerChanged);

  m_schedule = new QComboBox(box);
  for (const auto schedule : {LearningRateSchedule::Cosine, LearningRateSchedule::OneCycle, LearningRateSchedule::Constant})
    m_schedule->addItem(QString::fromStdString(scheduleName(schedule)), static_cast<int>(schedule));
  form->addRow(tr("Schedule"), m_schedule);

  m_freezePercent = new QSpinBox(box);
  m_freezePercent->setRange(0, 100);
  m_freezePercent->setSuffix(tr(" %"));
  m_freezePercent->setToolTip(tr("Observers move the activation and weight ranges for this share of the training, "
                                 "then the qparams freeze (--freeze-observers-after)."));
  form->addRow(tr("Observers until"), m_freezePercent);

  m_learnable = new QCheckBox(tr("Learn scales and zero points (LSQ)"), box);
  m_learnable->setToolTip(tr("Scales and zero points become trained parameters (PyTorch's _LearnableFakeQuantize) "
                             "instead of following observers."));
  form->addRow(m_learnable);

  m_seed = new QSpinBox(box);
  m_seed->setRange(0, 1 << 30);
  m_seed->setToolTip(tr("Sample order of each epoch and augmentation; the same seed repeats a run exactly."));
  form->addRow(tr("Seed"), m_seed);
  return box;
}

QWidget* QatSettingsForm::createDistillationGroup() {
  QFormLayout* form = nullptr;
  m_distill = formGroup(tr("Distillation from the FP32 model"), this, form);
  m_distill->setCheckable(true);
  m_distill->setToolTip(tr("loss = α·T²·KL(teacher/T ‖ student/T) + (1 − α)·cross-entropy, the FP32 model as "
                           "teacher (--distill α,T)."));
  m_alpha = new QDoubleSpinBox(m_distill);
  m_alpha->setRange(0.0, 1.0);
  m_alpha->setSingleStep(0.1);
  m_alpha->setDecimals(2);
  form->addRow(tr("α"), m_alpha);
  m_temperature = new QDoubleSpinBox(m_distill);
  m_temperature->setRange(0.1, 100.0);
  m_temperature->setSingleStep(0.5);
  m_temperature->setDecimals(1);
  form->addRow(tr("Temperature"), m_temperature);
  return m_distill;
}

QWidget* QatSettingsForm::createAugmentationGroup() {
  QFormLayout* form = nullptr;
  QGroupBox* box = formGroup(tr("Augmentation"), this, form);
  m_flip = new QCheckBox(tr("Random horizontal flip"), box);
  form->addRow(m_flip);
  m_crop = new QSpinBox(box);
  m_crop->setRange(0, 64);
  m_crop->setSpecialValueText(tr("off"));
  m_crop->setSuffix(tr(" px"));
  m_crop->setToolTip(tr("Random crop from the image padded by this many pixels (--augment-crop)."));
  form->addRow(tr("Random crop"), m_crop);
  return box;
}

QatSettings QatSettingsForm::settings() const {
  QatSettings s;
  s.epochs = m_epochs->value();
  s.optimizer = static_cast<OptimizerKind>(m_optimizer->currentData().toInt());
  s.learningRate = m_learningRate->value();
  s.schedule = static_cast<LearningRateSchedule>(m_schedule->currentData().toInt());
  s.freezeObserversAfter = m_freezePercent->value() / 100.0;
  s.learnable = m_learnable->isChecked();
  s.seed = static_cast<uint64_t>(m_seed->value());
  if (m_distill->isChecked())
    s.distill = DistillationOptions{static_cast<float>(m_alpha->value()), static_cast<float>(m_temperature->value())};
  s.flip = m_flip->isChecked();
  s.cropPadding = m_crop->value();
  return s;
}

void QatSettingsForm::setSettings(const QatSettings& s) {
  m_epochs->setValue(static_cast<int>(s.epochs));
  m_optimizer->setCurrentIndex(m_optimizer->findData(static_cast<int>(s.optimizer)));
  m_learningRate->setValue(effectiveLearningRate(s));
  m_schedule->setCurrentIndex(m_schedule->findData(static_cast<int>(s.schedule)));
  m_freezePercent->setValue(static_cast<int>(std::lround(s.freezeObserversAfter * 100.0)));
  m_learnable->setChecked(s.learnable);
  m_seed->setValue(static_cast<int>(s.seed));
  const DistillationOptions distill = s.distill.value_or(DistillationOptions{});
  m_distill->setChecked(s.distill.has_value());
  m_alpha->setValue(distill.alpha);
  m_temperature->setValue(distill.temperature);
  m_flip->setChecked(s.flip);
  m_crop->setValue(static_cast<int>(s.cropPadding));
}

void QatSettingsForm::setTrainingPath(const QString& path) {
  m_trainingPath = path.isEmpty() ? QString() : QFileInfo(path).absoluteFilePath();
  m_trainingLabel->setText(m_trainingPath.isEmpty() ? tr("the calibration data") : m_trainingPath);
}

int64_t QatSettingsForm::trainCount() const { return m_trainCount->value() == 0 ? -1 : m_trainCount->value(); }

void QatSettingsForm::setTrainCount(int64_t count) { m_trainCount->setValue(count < 0 ? 0 : static_cast<int>(count)); }

void QatSettingsForm::setStartingPoint(const QString& text) { m_startingPoint->setText(text); }

void QatSettingsForm::chooseTrainingData(bool idxFile) {
  QSettings settings(kSettingsOrganization, kSettingsApplication);
  const QString dir = settings.value(kTrainingDirKey).toString();
  const QString path =
      idxFile ? QFileDialog::getOpenFileName(this, tr("Training images (IDX)"), dir,
                                             tr("IDX images (*-idx3-ubyte *-idx3-ubyte.gz);;All files (*)"))
              : QFileDialog::getExistingDirectory(this, tr("Training data folder"), dir);
  if (path.isEmpty()) return;
  settings.setValue(kTrainingDirKey, QFileInfo(path).absolutePath());
  setTrainingPath(path);
}

void QatSettingsForm::onOptimizerChanged() {
  // Each optimizer's own default rate: Adam's steps are scaled differently from SGD's.
  m_learningRate->setValue(defaultLearningRate(static_cast<OptimizerKind>(m_optimizer->currentData().toInt())));
}

}  // namespace quantlens::ui
