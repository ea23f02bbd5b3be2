// The quantization controls: observers, granularity, dtypes, schemes and reference arithmetic, edited
// as a QuantConfig. Every edit is applied at once (the session re-derives from cached statistics).
#pragma once

#include <QWidget>

#include "core/quant/quant_config.h"

class QComboBox;
class QDoubleSpinBox;
class QSpinBox;

namespace quantlens::ui {

class QuantControlsPanel : public QWidget {
  Q_OBJECT

public:
  explicit QuantControlsPanel(QWidget* parent = nullptr);

  // Shows `config` without emitting configEdited.
  void setConfig(const QuantConfig& config);
  // The last config set, with the controls' choices applied (overrides and settings without a
  // control are kept).
  QuantConfig config() const;

  // The controls, for tests that edit them as a user would.
  QComboBox* activationObserverBox() const { return m_activationObserver; }
  QDoubleSpinBox* percentileBox() const { return m_percentile; }
  QComboBox* activationDtypeBox() const { return m_activationDtype; }
  QComboBox* activationSchemeBox() const { return m_activationScheme; }
  QComboBox* weightObserverBox() const { return m_weightObserver; }
  QComboBox* granularityBox() const { return m_granularity; }
  QSpinBox* groupSizeBox() const { return m_groupSize; }
  QComboBox* weightDtypeBox() const { return m_weightDtype; }
  QSpinBox* weightBitsBox() const { return m_weightBits; }
  QComboBox* weightSchemeBox() const { return m_weightScheme; }
  QComboBox* referenceBox() const { return m_reference; }

signals:
  void configEdited();

private:
  QWidget* createActivationGroup();
  QWidget* createWeightGroup();
  QWidget* createArithmeticGroup();
  void updateEnabled();
  void onEdited();

  QuantConfig m_config;
  bool m_updating = false;
  QComboBox* m_activationObserver = nullptr;
  QDoubleSpinBox* m_percentile = nullptr;
  QComboBox* m_activationDtype = nullptr;
  QComboBox* m_activationScheme = nullptr;
  QComboBox* m_weightObserver = nullptr;
  QComboBox* m_granularity = nullptr;
  QSpinBox* m_groupSize = nullptr;
  QComboBox* m_weightDtype = nullptr;
  QSpinBox* m_weightBits = nullptr;
  QComboBox* m_weightScheme = nullptr;
  QComboBox* m_reference = nullptr;
};

}  // namespace quantlens::ui
