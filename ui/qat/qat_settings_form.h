// The QAT tab's settings: training data and sample count, epochs, optimizer and learning rate with its
// schedule, observer freezing, learnable qparams, distillation and augmentation — the CLI's `qat`
// options (CLI.md) as fields.
#pragma once

#include <QString>
#include <QWidget>

#include "core/train/qat_settings.h"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QGroupBox;
class QLabel;
class QSpinBox;

namespace quantlens::ui {

class ElidedLabel;

class QatSettingsForm : public QWidget {
  Q_OBJECT

public:
  explicit QatSettingsForm(QWidget* parent = nullptr);

  QatSettings settings() const;
  void setSettings(const QatSettings& settings);
  // Empty: train on the calibration data.
  QString trainingPath() const { return m_trainingPath; }
  void setTrainingPath(const QString& path);
  int64_t trainCount() const;  // -1: every sample
  void setTrainCount(int64_t count);
  // Shows what training starts from ("weights int4 symmetric per-tensor, …").
  void setStartingPoint(const QString& text);

private:
  QWidget* createDataGroup();
  QWidget* createTrainingGroup();
  QWidget* createDistillationGroup();
  QWidget* createAugmentationGroup();
  void chooseTrainingData(bool idxFile);
  void onOptimizerChanged();

  QString m_trainingPath;
  QLabel* m_startingPoint = nullptr;
  ElidedLabel* m_trainingLabel = nullptr;
  QSpinBox* m_trainCount = nullptr;
  QSpinBox* m_epochs = nullptr;
  QComboBox* m_optimizer = nullptr;
  QDoubleSpinBox* m_learningRate = nullptr;
  QComboBox* m_schedule = nullptr;
  QSpinBox* m_freezePercent = nullptr;
  QCheckBox* m_learnable = nullptr;
  QSpinBox* m_seed = nullptr;
  QGroupBox* m_distill = nullptr;
  QDoubleSpinBox* m_alpha = nullptr;
  QDoubleSpinBox* m_temperature = nullptr;
  QCheckBox* m_flip = nullptr;
  QSpinBox* m_crop = nullptr;
};

}  // namespace quantlens::ui
