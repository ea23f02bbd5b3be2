// Layer table model.
#include "ui/layer_table_model.h"

#include <QFont>
#include <QLocale>
#include <QSet>
#include <algorithm>
#include <cmath>
#include <limits>

#include "core/quant/quant_dtype.h"
#include "core/quant/weight_quantization.h"
#include "ui/analysis_session.h"
#include "ui/number_format.h"
#include "ui/plots/sqnr_plot.h"

namespace quantlens::ui {

namespace {

constexpr double kUnknown = std::numeric_limits<double>::quiet_NaN();

// "16×28×28": a value's shape without its batch dimension.
QString shapeText(const Graph& graph, const std::string& value) {
  const auto found = graph.valueInfo.find(value);
  const ValueInfo* info = found != graph.valueInfo.end() ? &found->second : nullptr;
  if (!info)
    for (const ValueInfo& input : graph.inputs)
      if (input.name == value) info = &input;
  if (!info || !info->hasShape) return QStringLiteral("?");
  QStringList dims;
  for (size_t d = 1; d < info->shape.size(); ++d)
    dims << (info->shape[d].isKnown() ? QString::number(info->shape[d].value)
                                      : QString::fromStdString(info->shape[d].symbol));
  return dims.isEmpty() ? QStringLiteral("scalar") : dims.join(QChar(0x00D7));
}

QString weightFormat(const QuantScheme& scheme) {
  return QStringLiteral("%1 %2").arg(QString::fromStdString(quantDtypeName(scheme.dtype, scheme.bits)),
                                     QString::fromStdString(granularityName(scheme.granularity)));
}

}  // namespace

LayerTableModel::LayerTableModel(const AnalysisSession* session, QObject* parent)
    : QAbstractTableModel(parent), m_session(session) {
  connect(session, &AnalysisSession::modelChanged, this, &LayerTableModel::reset);
  connect(session, &AnalysisSession::quantizationChanged, this, &LayerTableModel::refresh);
  connect(session, &AnalysisSession::evaluationChanged, this, &LayerTableModel::refresh);
  reset();
}

void LayerTableModel::reset() {
  beginResetModel();
  m_weightRanges.clear();
  m_parameters.clear();
  m_shortNames = false;
  if (m_session->canAnalyse()) {
    const LoadedModel& model = *m_session->model();
    // Short names when they still tell the layers apart ("res_a.0/Conv" for "/res_a/res_a.0/Conv").
    QSet<QString> shortNames;
    for (const QuantizedLayer& layer : model.plan.layers)
      shortNames.insert(SqnrPlot::shortName(QString::fromStdString(layer.name)));
    m_shortNames = shortNames.size() == static_cast<qsizetype>(model.plan.layers.size());
    for (const QuantizedLayer& layer : model.plan.layers) {
      ClipRange range;
      int64_t parameters = 0;
      if (const Tensor* weight = model.prepared.initializer(layer.weight)) {
        for (const float v : weight->values<float>()) {
          range.min = std::min(range.min, v);
          range.max = std::max(range.max, v);
        }
        parameters += weight->numel();
      }
      if (const Tensor* bias = layer.bias.empty() ? nullptr : model.prepared.initializer(layer.bias))
        parameters += bias->numel();
      m_weightRanges.push_back(range);
      m_parameters.push_back(parameters);
    }
  }
  endResetModel();
  refresh();
}

void LayerTableModel::refresh() {
  for (int i = 0; i < 3; ++i) {
    m_worst[i] = kUnknown;
    for (int row = 0; row < rowCount(); ++row) {
      const double db = sqnr(row, WeightSqnrColumn + i);
      if (!std::isnan(db) && !(db >= m_worst[i])) m_worst[i] = db;
    }
  }
  if (rowCount() > 0) emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

int LayerTableModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(m_weightRanges.size());
}

int LayerTableModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

bool LayerTableModel::isSqnrColumn(int column) {
  return column == WeightSqnrColumn || column == IsolatedSqnrColumn || column == AccumulatedSqnrColumn;
}

QString LayerTableModel::layerName(int row) const {
  if (row < 0 || row >= rowCount()) return {};
  return QString::fromStdString(m_session->model()->plan.layers[static_cast<size_t>(row)].name);
}

int LayerTableModel::rowOf(const QString& layer) const {
  for (int row = 0; row < rowCount(); ++row)
    if (layerName(row) == layer) return row;
  return -1;
}

double LayerTableModel::sqnr(int row, int column) const {
  const QuantState* state = m_session->state();
  if (!state) return kUnknown;
  const LayerQuant& quant = state->layers[static_cast<size_t>(row)];
  if (column == WeightSqnrColumn) return quant.weight ? quant.weight->error.sqnrDb : kUnknown;
  const LayerActivationError* error = m_session->layerError(quant.layer);
  if (!error) return kUnknown;
  return column == IsolatedSqnrColumn ? error->isolated.sqnrDb : error->accumulated.sqnrDb;
}

QColor LayerTableModel::sqnrColor(double db) {
  if (std::isnan(db)) return {};
  // Hue 0 (red) to 120 (green), pale enough for dark text on it.
  const double t = std::clamp((db - kBadDb) / (kGoodDb - kBadDb), 0.0, 1.0);
  return QColor::fromHsv(static_cast<int>(std::lround(t * 120.0)), 70, 250);
}

QVariant LayerTableModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= rowCount()) return {};
  const int row = index.row();
  const int column = index.column();
  const bool stale =
      m_session->isEvaluationStale() && (column == IsolatedSqnrColumn || column == AccumulatedSqnrColumn);
  const QuantState* state = m_session->state();
  const bool keptFloat = state && !state->layers[static_cast<size_t>(row)].quantized;
  switch (role) {
    case Qt::DisplayRole: return display(row, column);
    case Qt::ToolTipRole: return toolTip(row, column);
    case kSortRole: return sortKey(row, column);
    case kValueRole: return isSqnrColumn(column) ? QVariant(sqnr(row, column)) : QVariant();
    case kStaleRole: return stale;
    case Qt::TextAlignmentRole:
      return column >= ParametersColumn && column != WeightFormatColumn ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
                                                                        : QVariant(Qt::AlignLeft | Qt::AlignVCenter);
    case Qt::BackgroundRole:
      if (isSqnrColumn(column) && !stale) {
        const QColor colour = sqnrColor(sqnr(row, column));
        if (colour.isValid()) return colour;
      }
      return {};
    case Qt::ForegroundRole:
      if (stale || keptFloat) return QColor(0x80, 0x80, 0x80);
      if (isSqnrColumn(column) && sqnr(row, column) == sqnr(row, column)) return QColor(0x20, 0x20, 0x20);
      return {};
    case Qt::FontRole: {
      QFont font;
      font.setItalic(stale || keptFloat);
      if (isSqnrColumn(column)) {
        const double db = sqnr(row, column);
        font.setBold(!stale && !std::isnan(db) && db == m_worst[column - WeightSqnrColumn] && rowCount() > 1);
      }
      return font;
    }
    default: return {};
  }
}

QVariant LayerTableModel::display(int row, int column) const {
  const LoadedModel& model = *m_session->model();
  const QuantizedLayer& layer = model.plan.layers[static_cast<size_t>(row)];
  const QuantState* state = m_session->state();
  const LayerQuant* quant = state ? &state->layers[static_cast<size_t>(row)] : nullptr;
  const QString pending = QStringLiteral("…");
  switch (column) {
    case LayerColumn:
      return m_shortNames ? SqnrPlot::shortName(QString::fromStdString(layer.name))
                          : QString::fromStdString(layer.name);
    case OpColumn: {
      QString op = QString::fromStdString(layer.op);
      if (layer.fusedActivation >= 0)
        op += QStringLiteral("+") +
              QString::fromStdString(model.prepared.nodes[static_cast<size_t>(layer.fusedActivation)].opType);
      return op;
    }
    case ShapeColumn:
      return QStringLiteral("%1 → %2").arg(shapeText(model.prepared, layer.input),
                                           shapeText(model.prepared, layer.output));
    case ParametersColumn: return QLocale().toString(static_cast<qlonglong>(m_parameters[static_cast<size_t>(row)]));
    case WeightFormatColumn:
      if (!quant) return pending;
      if (!quant->weight) return tr("float (kept)");
      return weightFormat(quant->weight->qparams.scheme);
    case WeightRangeColumn: return formatRange(m_weightRanges[static_cast<size_t>(row)]);
    case ScalesColumn:
      if (!quant) return pending;
      return quant->weight ? formatScales(quant->weight->qparams.scales) : QStringLiteral("—");
    case ActivationRangeColumn: {
      if (!state) return pending;
      const auto found = state->activations.find(layer.output);
      if (found == state->activations.end()) return tr("float");
      return formatRange(found->second.clip);
    }
    case WeightSqnrColumn:
    case IsolatedSqnrColumn:
    case AccumulatedSqnrColumn: {
      const double db = sqnr(row, column);
      if (!std::isnan(db)) return formatDb(db);
      if (quant && !quant->quantized) return tr("float");
      return m_session->isEvaluationStale() || m_session->isBusy() ? pending : QStringLiteral("—");
    }
    default: return {};
  }
}

QVariant LayerTableModel::toolTip(int row, int column) const {
  const LoadedModel& model = *m_session->model();
  const QuantizedLayer& layer = model.plan.layers[static_cast<size_t>(row)];
  const QuantState* state = m_session->state();
  const LayerQuant* quant = state ? &state->layers[static_cast<size_t>(row)] : nullptr;
  switch (column) {
    case LayerColumn: return QString::fromStdString(layer.name);
    case ShapeColumn: {
      const Tensor* weight = model.prepared.initializer(layer.weight);
      return tr("Input '%1' → output '%2'; weight '%3' %4")
          .arg(QString::fromStdString(layer.input), QString::fromStdString(layer.output),
               QString::fromStdString(layer.weight),
               weight ? QString::fromStdString(shapeToString(weight->shape())) : QString());
    }
    case ScalesColumn:
      if (quant && quant->weight) {
        const QParams& q = quant->weight->qparams;
        const auto [zmin, zmax] = std::minmax_element(q.zeroPoints.begin(), q.zeroPoints.end());
        return tr("%1: %2 scale(s), zero point%3 %4")
            .arg(QString::fromStdString(q.scheme.describe()))
            .arg(q.scales.size())
            .arg(*zmin == *zmax ? QString() : QStringLiteral("s"),
                 *zmin == *zmax ? QString::number(*zmin) : QStringLiteral("%1 … %2").arg(*zmin).arg(*zmax));
      }
      return {};
    case ActivationRangeColumn:
      if (state) {
        const auto found = state->activations.find(layer.output);
        if (found == state->activations.end()) return tr("The layer's output stays float");
        const ActivationQuant& a = found->second;
        return tr("Output '%1': the observer clips to %2 of the calibrated range %3; scale %4, zero point %5")
            .arg(QString::fromStdString(a.tensor), formatRange(a.clip), formatRange(a.observed),
                 formatValue(a.qparams.scales.at(0)))
            .arg(a.qparams.zeroPoints.at(0));
      }
      return {};
    default: return headerData(column, Qt::Horizontal, Qt::ToolTipRole);
  }
}

QVariant LayerTableModel::sortKey(int row, int column) const {
  constexpr double kMissing = -std::numeric_limits<double>::infinity();
  const QuantState* state = m_session->state();
  switch (column) {
    case LayerColumn: return row;  // graph order
    case ParametersColumn: return static_cast<qlonglong>(m_parameters[static_cast<size_t>(row)]);
    case WeightRangeColumn: {
      const ClipRange& r = m_weightRanges[static_cast<size_t>(row)];
      return r.observed() ? static_cast<double>(r.max) - r.min : kMissing;
    }
    case ScalesColumn: {
      if (!state || !state->layers[static_cast<size_t>(row)].weight) return kMissing;
      const std::vector<float>& scales = state->layers[static_cast<size_t>(row)].weight->qparams.scales;
      return static_cast<double>(*std::max_element(scales.begin(), scales.end()));
    }
    case ActivationRangeColumn: {
      if (!state) return kMissing;
      const auto found = state->activations.find(m_session->model()->plan.layers[static_cast<size_t>(row)].output);
      return found == state->activations.end() ? kMissing
                                               : static_cast<double>(found->second.clip.max) - found->second.clip.min;
    }
    case WeightSqnrColumn:
    case IsolatedSqnrColumn:
    case AccumulatedSqnrColumn: {
      const double db = sqnr(row, column);
      return std::isnan(db) ? kMissing : db;
    }
    default: return display(row, column);
  }
}

QVariant LayerTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal) return QAbstractTableModel::headerData(section, orientation, role);
  if (role == Qt::DisplayRole) {
    switch (section) {
      case LayerColumn: return tr("Layer");
      case OpColumn: return tr("Op");
      case ShapeColumn: return tr("Input → output\nshape");
      case ParametersColumn: return tr("Params");
      case WeightFormatColumn: return tr("Weight\nformat");
      case WeightRangeColumn: return tr("Weight\nrange");
      case ScalesColumn: return tr("Weight\nscale(s)");
      case ActivationRangeColumn: return tr("Output\nclip range");
      case WeightSqnrColumn: return tr("SQNR\nweight");
      case IsolatedSqnrColumn: return tr("SQNR output\nisolated");
      case AccumulatedSqnrColumn: return tr("SQNR output\naccumulated");
      default: return {};
    }
  }
  if (role == Qt::ToolTipRole) {
    switch (section) {
      case LayerColumn:
        return tr(
            "The layer (node) whose weight is quantized, by the end of its name (hover for the "
            "full name); sorting this column restores graph order.");
      case OpColumn: return tr("The operator, with the activation fused into it (as PyTorch fuses Conv+ReLU).");
      case ShapeColumn: return tr("Shapes of the layer's input and output activations, without the batch dimension.");
      case ParametersColumn: return tr("Elements of the weight and bias.");
      case WeightFormatColumn:
        return tr(
            "The weight's number format and granularity; right-click a row to change "
            "its bits or keep it float.");
      case WeightRangeColumn: return tr("Smallest and largest FP32 weight.");
      case ScalesColumn: return tr("The weight's quantization step(s): real = scale × (code − zero point).");
      case ActivationRangeColumn:
        return tr(
            "The range the activation observer clips the layer's output to; "
            "values outside it saturate.");
      case WeightSqnrColumn:
        return tr(
            "Signal-to-quantization-noise ratio of the weight: 10·log10(Σw² / Σ(w − ŵ)²); "
            "higher is better, each bit adds about 6 dB.");
      case IsolatedSqnrColumn:
        return tr(
            "SQNR of the layer's output when only this layer (weight and activations) is "
            "quantized: the error the layer causes by itself.");
      case AccumulatedSqnrColumn:
        return tr(
            "SQNR of the layer's output when the whole model is quantized: its own "
            "error plus everything accumulated from the layers before it.");
      default: return {};
    }
  }
  return QAbstractTableModel::headerData(section, orientation, role);
}

}  // namespace quantlens::ui
