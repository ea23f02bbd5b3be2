// The data side of an analysis: calibration and evaluation sets, how many samples, and the
// preprocessing (pre-filled from the model's input, editable) with a preview of one preprocessed sample.
#pragma once

#include <QImage>
#include <QWidget>
#include <optional>

#include "core/data/preprocessing.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace quantlens {
class Tensor;
}

namespace quantlens::ui {

class AnalysisSession;
class ElidedLabel;

class DataPanel : public QWidget {
  Q_OBJECT

public:
  explicit DataPanel(AnalysisSession* session, QWidget* parent = nullptr);

  // The preprocessing the fields describe; nullopt (and the reason in `error`) when one is malformed.
  std::optional<Preprocessing> preprocessing(QString* error = nullptr) const;
  const QImage& previewImage() const { return m_preview; }

  // The preprocessed sample as an image: each channel's values stretched over 0..255 (what the model
  // sees, made visible), channels in `color` order shown as RGB.
  // `input` is Preprocessor(preprocessing).run(image): [1, C, H, W].
  static QImage previewOf(const Tensor& input, const Preprocessing& preprocessing);

signals:
  void chooseCalibrationData();
  void chooseEvaluationData();

private:
  QWidget* createDataGroup();
  QWidget* createPreprocessingGroup();
  QWidget* createPreviewGroup();
  void showSession();  // fills every field from the session
  void onFieldEdited();
  void apply();
  void updatePreview();

  AnalysisSession* m_session;
  bool m_filling = false;
  ElidedLabel* m_calibrationPath = nullptr;
  ElidedLabel* m_evaluationPath = nullptr;
  QPushButton* m_sameAsCalibration = nullptr;
  QSpinBox* m_calibrationCount = nullptr;
  QSpinBox* m_evaluationCount = nullptr;
  QSpinBox* m_batchSize = nullptr;
  QSpinBox* m_height = nullptr;
  QSpinBox* m_width = nullptr;
  QComboBox* m_resize = nullptr;
  QComboBox* m_color = nullptr;
  QLineEdit* m_scale = nullptr;
  QLineEdit* m_mean = nullptr;
  QLineEdit* m_std = nullptr;
  QLabel* m_problem = nullptr;
  QPushButton* m_apply = nullptr;
  QSpinBox* m_sample = nullptr;
  QLabel* m_previewLabel = nullptr;
  QLabel* m_previewCaption = nullptr;
  QImage m_preview;
};

}  // namespace quantlens::ui
