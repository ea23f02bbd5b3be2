// The layer table: one row per quantized layer of the session's plan, with its shapes, weight and
// activation quantization and errors, read from the session's core objects (it keeps none itself).
#pragma once

#include <QAbstractTableModel>
#include <QColor>
#include <QString>
#include <vector>

#include "core/quant/clip_range.h"

namespace quantlens::ui {

class AnalysisSession;

class LayerTableModel : public QAbstractTableModel {
  Q_OBJECT

public:
  enum Column {
    LayerColumn,
    OpColumn,
    ShapeColumn,
    ParametersColumn,
    WeightFormatColumn,
    WeightRangeColumn,
    ScalesColumn,
    ActivationRangeColumn,
    WeightSqnrColumn,
    IsolatedSqnrColumn,
    AccumulatedSqnrColumn,
    ColumnCount
  };
  // Numbers to sort by (QSortFilterProxyModel::setSortRole): the value itself, not its text; the
  // layer column sorts in graph order. Missing values sort as -inf.
  static constexpr int kSortRole = Qt::UserRole;
  // SQNR columns: the value in dB as a double (NaN when unknown).
  static constexpr int kValueRole = Qt::UserRole + 1;
  // Whether the value is from an evaluation of an older configuration (activation SQNR columns).
  static constexpr int kStaleRole = Qt::UserRole + 2;

  explicit LayerTableModel(const AnalysisSession* session, QObject* parent = nullptr);

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

  QString layerName(int row) const;
  int rowOf(const QString& layer) const;  // -1 when not a planned layer
  static bool isSqnrColumn(int column);

  // The colour scale of the SQNR columns: red at kBadDb and below, through amber, to green at
  // kGoodDb and above (8-bit quantization typically lands at 30–50 dB; below 20 dB a layer loses
  // visible accuracy).
  static constexpr double kBadDb = 15.0;
  static constexpr double kGoodDb = 40.0;
  static QColor sqnrColor(double db);

private:
  void reset();
  void refresh();
  double sqnr(int row, int column) const;  // NaN when unknown
  QVariant display(int row, int column) const;
  QVariant toolTip(int row, int column) const;
  QVariant sortKey(int row, int column) const;

  const AnalysisSession* m_session;
  std::vector<ClipRange> m_weightRanges;  // FP32 min/max of each layer's weight (fixed per model)
  std::vector<int64_t> m_parameters;      // weight + bias elements
  double m_worst[3] = {};                 // lowest SQNR of each SQNR column, shown bold
  bool m_shortNames = false;              // the layer column shows SqnrPlot::shortName
};

}  // namespace quantlens::ui
