// Table model of a model's operators: type, how many nodes use it, and whether QuantLens runs it.
#pragma once

#include <QAbstractTableModel>
#include <QString>
#include <QStringList>
#include <vector>

#include "core/analysis/model_summary.h"

namespace quantlens::ui {

class OperatorCountModel : public QAbstractTableModel {
  Q_OBJECT

public:
  enum Column { OperatorColumn, NodesColumn, StatusColumn, ColumnCount };

  explicit OperatorCountModel(QObject* parent = nullptr);

  void setSummary(const ModelSummary& summary);

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

  // Row lookup by operator type, or -1; for tests and for panels that link to the table.
  int rowOf(const QString& opType) const;
  int unsupportedCount() const;

private:
  struct Row {
    QString opType;
    int nodes = 0;
    bool supported = true;
    QStringList unsupportedNodes;  // names, when not supported
  };
  std::vector<Row> m_rows;
};

}  // namespace quantlens::ui
