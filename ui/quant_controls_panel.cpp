// Quantization controls panel.
#include "ui/quant_controls_panel.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSpinBox>
#include <QVBoxLayout>

#include "core/quant/quant_dtype.h"

namespace quantlens::ui {

namespace {

// Weight number formats: integers take their width from the bits box.
constexpr char kSignedInt[] = "int";
constexpr char kUnsignedInt[] = "uint";

void addItem(QComboBox* box, const QString& text, const QVariant& data, const QString& toolTip) {
  box->addItem(text, data);
  box->setItemData(box->count() - 1, toolTip, Qt::ToolTipRole);
}

void select(QComboBox* box, const QVariant& data) {
  const int index = box->findData(data);
  if (index >= 0) box->setCurrentIndex(index);
}

QComboBox* symmetryBox(QWidget* parent) {
  auto* box = new QComboBox(parent);
  addItem(box, QObject::tr("symmetric"), true, QObject::tr("Zero maps to the middle code: the range is ±max|x|."));
  addItem(box, QObject::tr("affine"), false,
          QObject::tr("A zero point shifts the grid so it covers [min, max] exactly (asymmetric)."));
  return box;
}

QGroupBox* group(const QString& title, QWidget* parent) {
  auto* box = new QGroupBox(title, parent);
  auto* form = new QFormLayout(box);
  form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
  form->setLabelAlignment(Qt::AlignLeft);
  return box;
}

QFormLayout* formOf(QGroupBox* box) { return static_cast<QFormLayout*>(box->layout()); }

}  // namespace

QuantControlsPanel::QuantControlsPanel(QWidget* parent) : QWidget(parent), m_config(QuantConfig::defaults()) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(10);
  layout->addWidget(createActivationGroup());
  layout->addWidget(createWeightGroup());
  layout->addWidget(createArithmeticGroup());
  auto* hint = new QLabel(tr("Every change re-derives all scales from the cached calibration statistics — no "
                             "model run. Accuracy and output SQNR follow in the background."),
                          this);
  hint->setWordWrap(true);
  QPalette muted = hint->palette();
  muted.setColor(QPalette::WindowText, muted.color(QPalette::PlaceholderText));
  hint->setPalette(muted);
  layout->addWidget(hint);
  layout->addStretch(1);

  for (QComboBox* box : {m_activationObserver, m_activationDtype, m_activationScheme, m_weightObserver, m_granularity,
                         m_weightDtype, m_weightScheme, m_reference})
    connect(box, &QComboBox::currentIndexChanged, this, &QuantControlsPanel::onEdited);
  for (QSpinBox* box : {m_groupSize, m_weightBits})
    connect(box, &QSpinBox::valueChanged, this, &QuantControlsPanel::onEdited);
  connect(m_percentile, &QDoubleSpinBox::valueChanged, this, &QuantControlsPanel::onEdited);
  setConfig(m_config);
}

QWidget* QuantControlsPanel::createActivationGroup() {
  QGroupBox* box = group(tr("Activations"), this);
  m_activationObserver = new QComboBox(box);
  addItem(m_activationObserver, tr("minmax"), static_cast<int>(ObserverKind::MinMax),
          tr("PyTorch MinMaxObserver: the full range seen in calibration; never clips, wastes levels on outliers."));
  addItem(m_activationObserver, tr("moving-average"), static_cast<int>(ObserverKind::MovingAverage),
          tr("PyTorch MovingAverageMinMaxObserver: batch ranges averaged with constant 0.01."));
  addItem(m_activationObserver, tr("histogram"), static_cast<int>(ObserverKind::Histogram),
          tr("PyTorch HistogramObserver: the range minimizing the L2 quantization error of the histogram."));
  addItem(m_activationObserver, tr("percentile"), static_cast<int>(ObserverKind::Percentile),
          tr("ONNX Runtime percentile calibration: clips the given percentile of |x|."));
  addItem(m_activationObserver, tr("entropy"), static_cast<int>(ObserverKind::Entropy),
          tr("ONNX Runtime entropy calibration: the threshold minimizing the KL divergence."));
  addItem(m_activationObserver, tr("mse"), static_cast<int>(ObserverKind::Mse),
          tr("The range minimizing the expected mean squared quantization error."));
  m_activationObserver->setToolTip(
      tr("How the clip range of each activation is chosen from its calibration statistics."));

  m_percentile = new QDoubleSpinBox(box);
  m_percentile->setDecimals(3);
  m_percentile->setRange(90.0, 100.0);
  m_percentile->setSingleStep(0.01);
  m_percentile->setSuffix(QStringLiteral(" %"));
  m_percentile->setToolTip(tr("Percentile observer: the share of |x| kept inside the clip range."));

  m_activationDtype = new QComboBox(box);
  for (const char* name : {"uint8", "int8", "int16", "fp8e4m3"})
    addItem(m_activationDtype, QString::fromLatin1(name), QString::fromLatin1(name), {});
  addItem(m_activationDtype, tr("none (float)"), QStringLiteral("none"), tr("Quantize weights only."));
  m_activationDtype->setToolTip(tr("Number format of the activations."));

  m_activationScheme = symmetryBox(box);
  formOf(box)->addRow(tr("Observer"), m_activationObserver);
  formOf(box)->addRow(tr("Percentile"), m_percentile);
  formOf(box)->addRow(tr("Type"), m_activationDtype);
  formOf(box)->addRow(tr("Scheme"), m_activationScheme);
  return box;
}

QWidget* QuantControlsPanel::createWeightGroup() {
  QGroupBox* box = group(tr("Weights"), this);
  m_weightObserver = new QComboBox(box);
  addItem(m_weightObserver, tr("minmax"), static_cast<int>(ObserverKind::MinMax),
          tr("Each slot's smallest and largest weight."));
  addItem(m_weightObserver, tr("mse"), static_cast<int>(ObserverKind::Mse),
          tr("The range minimizing each slot's mean squared quantization error (clips outlier weights)."));
  m_weightObserver->setToolTip(tr("How the weight's clip range is chosen."));

  m_granularity = new QComboBox(box);
  addItem(m_granularity, tr("per-tensor"), static_cast<int>(GranularityKind::PerTensor),
          tr("One scale for the whole weight."));
  addItem(m_granularity, tr("per-channel"), static_cast<int>(GranularityKind::PerChannel),
          tr("One scale per output channel."));
  addItem(m_granularity, tr("per-group"), static_cast<int>(GranularityKind::PerGroup),
          tr("One scale per block of G input channels within each output channel."));
  m_granularity->setToolTip(tr("Which weights share one scale and zero point."));
  m_groupSize = new QSpinBox(box);
  m_groupSize->setRange(1, 4096);
  m_groupSize->setPrefix(QStringLiteral("G = "));
  m_groupSize->setToolTip(tr("Per-group: input channels per group."));
  auto* granularityRow = new QWidget(box);
  auto* row = new QHBoxLayout(granularityRow);
  row->setContentsMargins(0, 0, 0, 0);
  row->addWidget(m_granularity, 1);
  row->addWidget(m_groupSize);

  m_weightDtype = new QComboBox(box);
  addItem(m_weightDtype, tr("signed int"), QString::fromLatin1(kSignedInt),
          tr("Signed integer codes of the chosen width."));
  addItem(m_weightDtype, tr("unsigned int"), QString::fromLatin1(kUnsignedInt),
          tr("Unsigned integer codes of the chosen width."));
  addItem(m_weightDtype, QStringLiteral("fp8e4m3"), QStringLiteral("fp8e4m3"),
          tr("8-bit float, 4 exponent bits (max 448)."));
  addItem(m_weightDtype, QStringLiteral("fp8e5m2"), QStringLiteral("fp8e5m2"),
          tr("8-bit float, 5 exponent bits (max 57344)."));
  addItem(m_weightDtype, QStringLiteral("nf4"), QStringLiteral("nf4"),
          tr("NormalFloat4: 16 levels at normal quantiles, per block."));
  m_weightDtype->setToolTip(tr("Number format of the weights."));
  m_weightBits = new QSpinBox(box);
  m_weightBits->setRange(kMinIntegerBits, kMaxIntegerBits);
  m_weightBits->setSuffix(tr(" bits"));
  m_weightBits->setToolTip(tr("Width of integer weights: each bit halves the step and adds about 6 dB of SQNR."));
  auto* dtypeRow = new QWidget(box);
  auto* dtypeLayout = new QHBoxLayout(dtypeRow);
  dtypeLayout->setContentsMargins(0, 0, 0, 0);
  dtypeLayout->addWidget(m_weightDtype, 1);
  dtypeLayout->addWidget(m_weightBits);

  m_weightScheme = symmetryBox(box);
  formOf(box)->addRow(tr("Observer"), m_weightObserver);
  formOf(box)->addRow(tr("Granularity"), granularityRow);
  formOf(box)->addRow(tr("Type"), dtypeRow);
  formOf(box)->addRow(tr("Scheme"), m_weightScheme);
  return box;
}

QWidget* QuantControlsPanel::createArithmeticGroup() {
  QGroupBox* box = group(tr("Arithmetic"), this);
  m_reference = new QComboBox(box);
  addItem(m_reference, QStringLiteral("PyTorch"), static_cast<int>(QuantReference::PyTorch),
          tr("torch.ao.quantization's qparams and rounding (symmetric int8 scale = amax / 127.5)."));
  addItem(m_reference, QStringLiteral("ONNX Runtime"), static_cast<int>(QuantReference::OnnxRuntime),
          tr("onnxruntime.quantization's qparams and rounding (symmetric int8 scale = amax / 127)."));
  m_reference->setToolTip(tr("Whose exact arithmetic to follow where the two differ."));
  formOf(box)->addRow(tr("Reference"), m_reference);
  return box;
}

void QuantControlsPanel::setConfig(const QuantConfig& config) {
  m_config = config;
  m_updating = true;
  select(m_activationObserver, static_cast<int>(config.activationObserver.kind));
  m_percentile->setValue(config.activationObserver.percentile);
  if (config.activationScheme) {
    select(m_activationDtype,
           QString::fromStdString(quantDtypeName(config.activationScheme->dtype, config.activationScheme->bits)));
    select(m_activationScheme, config.activationScheme->symmetric);
  } else {
    select(m_activationDtype, QStringLiteral("none"));
  }
  const QuantScheme& weights = config.weightScheme;
  select(m_weightObserver, static_cast<int>(config.weightObserver.kind));
  select(m_granularity, static_cast<int>(weights.granularity.kind));
  if (weights.granularity.kind == GranularityKind::PerGroup)
    m_groupSize->setValue(static_cast<int>(weights.granularity.groupSize));
  else if (m_groupSize->value() <= 1)
    m_groupSize->setValue(32);
  if (isIntegerDtype(weights.dtype)) {
    select(m_weightDtype, QString::fromLatin1(isSignedDtype(weights.dtype) ? kSignedInt : kUnsignedInt));
    m_weightBits->setValue(weights.bits);
  } else {
    select(m_weightDtype, QString::fromStdString(quantDtypeName(weights.dtype, weights.bits)));
  }
  select(m_weightScheme, weights.symmetric);
  select(m_reference, static_cast<int>(weights.reference));
  updateEnabled();
  m_updating = false;
}

QuantConfig QuantControlsPanel::config() const {
  QuantConfig config = m_config;
  config.activationObserver.kind = static_cast<ObserverKind>(m_activationObserver->currentData().toInt());
  config.activationObserver.percentile = m_percentile->value();
  const auto reference = static_cast<QuantReference>(m_reference->currentData().toInt());

  const QString activationDtype = m_activationDtype->currentData().toString();
  if (activationDtype == QStringLiteral("none")) {
    config.activationScheme.reset();
  } else {
    QuantScheme scheme = config.activationScheme.value_or(*QuantConfig::defaults().activationScheme);
    const QuantDtypeWidth type = parseQuantDtype(activationDtype.toStdString());
    scheme.dtype = type.dtype;
    scheme.bits = type.bits;
    scheme.symmetric = !isIntegerDtype(type.dtype) || m_activationScheme->currentData().toBool();
    scheme.reference = reference;
    config.activationScheme = scheme;
  }

  config.weightObserver.kind = static_cast<ObserverKind>(m_weightObserver->currentData().toInt());
  QuantScheme& weights = config.weightScheme;
  const QString weightDtype = m_weightDtype->currentData().toString();
  const bool integer = weightDtype == QLatin1String(kSignedInt) || weightDtype == QLatin1String(kUnsignedInt);
  const QuantDtypeWidth type =
      parseQuantDtype((integer ? weightDtype + QString::number(m_weightBits->value()) : weightDtype).toStdString());
  weights.dtype = type.dtype;
  weights.bits = type.bits;
  weights.symmetric = !integer || m_weightScheme->currentData().toBool();
  weights.reference = reference;
  switch (static_cast<GranularityKind>(m_granularity->currentData().toInt())) {
    case GranularityKind::PerTensor: weights.granularity = Granularity::perTensor(); break;
    case GranularityKind::PerChannel: weights.granularity = Granularity::perChannel(); break;
    case GranularityKind::PerGroup: weights.granularity = Granularity::perGroup(m_groupSize->value()); break;
  }
  return config;
}

void QuantControlsPanel::updateEnabled() {
  m_percentile->setEnabled(m_activationObserver->currentData().toInt() == static_cast<int>(ObserverKind::Percentile));
  const QString activationDtype = m_activationDtype->currentData().toString();
  const bool activationInteger =
      activationDtype != QStringLiteral("none") && activationDtype != QStringLiteral("fp8e4m3");
  m_activationScheme->setEnabled(activationInteger);
  m_activationObserver->setEnabled(activationDtype != QStringLiteral("none"));
  const QString weightDtype = m_weightDtype->currentData().toString();
  const bool weightInteger = weightDtype == QLatin1String(kSignedInt) || weightDtype == QLatin1String(kUnsignedInt);
  m_weightBits->setEnabled(weightInteger);
  m_weightScheme->setEnabled(weightInteger);
  // FP8 and NF4 are symmetric formats: show what applies.
  if (!weightInteger) select(m_weightScheme, true);
  if (!activationInteger && activationDtype != QStringLiteral("none")) select(m_activationScheme, true);
  m_groupSize->setEnabled(m_granularity->currentData().toInt() == static_cast<int>(GranularityKind::PerGroup));
}

void QuantControlsPanel::onEdited() {
  if (m_updating) return;
  m_updating = true;  // updateEnabled may change a box, which must not recurse
  updateEnabled();
  m_updating = false;
  emit configEdited();
}

}  // namespace quantlens::ui
