// Operator count model.
#include "ui/operator_count_model.h"

#include <QApplication>
#include <QColor>
#include <QStyle>
#include <algorithm>

namespace quantlens::ui {

namespace {

constexpr int kMaxNodeNamesInToolTip = 12;

// Readable on light and dark palettes alike: the text color is set together with the background.
const QColor kUnsupportedBackground(253, 232, 230);
const QColor kUnsupportedText(150, 25, 20);

}  // namespace

OperatorCountModel::OperatorCountModel(QObject* parent) : QAbstractTableModel(parent) {}

void OperatorCountModel::setSummary(const ModelSummary& summary) {
  beginResetModel();
  m_rows.clear();
  for (const auto& [opType, count] : summary.operatorCounts)
    m_rows.push_back({QString::fromStdString(opType), count, true, {}});
  for (const UnsupportedOperator& op : summary.unsupported) {
    const QString opType = QString::fromStdString(op.opType);
    auto row = std::find_if(m_rows.begin(), m_rows.end(), [&](const Row& r) { return r.opType == opType; });
    // Support is judged after graph passes, which may introduce an operator the file does not name.
    if (row == m_rows.end())
      row = m_rows.insert(m_rows.end(), Row{opType, static_cast<int>(op.nodeNames.size()), true, {}});
    row->supported = false;
    for (const std::string& node : op.nodeNames) row->unsupportedNodes << QString::fromStdString(node);
  }
  endResetModel();
}

int OperatorCountModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int OperatorCountModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant OperatorCountModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= rowCount()) return {};
  const Row& row = m_rows[static_cast<size_t>(index.row())];
  switch (role) {
    case Qt::DisplayRole:
      switch (index.column()) {
        case OperatorColumn: return row.opType;
        case NodesColumn: return row.nodes;
        case StatusColumn: return row.supported ? tr("Supported") : tr("Not supported yet");
      }
      break;
    case Qt::ToolTipRole:
      if (!row.supported) {
        QStringList shown = row.unsupportedNodes.mid(0, kMaxNodeNamesInToolTip);
        if (row.unsupportedNodes.size() > kMaxNodeNamesInToolTip)
          shown << tr("… and %1 more").arg(row.unsupportedNodes.size() - kMaxNodeNamesInToolTip);
        return tr("QuantLens cannot run %1 yet. Nodes: %2").arg(row.opType, shown.join(QStringLiteral(", ")));
      }
      break;
    case Qt::DecorationRole:
      if (!row.supported && index.column() == StatusColumn)
        return QApplication::style()->standardIcon(QStyle::SP_MessageBoxWarning);
      break;
    case Qt::BackgroundRole:
      if (!row.supported) return kUnsupportedBackground;
      break;
    case Qt::ForegroundRole:
      if (!row.supported) return kUnsupportedText;
      break;
    case Qt::TextAlignmentRole:
      if (index.column() == NodesColumn) return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
      break;
  }
  return {};
}

QVariant OperatorCountModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
    return QAbstractTableModel::headerData(section, orientation, role);
  switch (section) {
    case OperatorColumn: return tr("Operator");
    case NodesColumn: return tr("Nodes");
    case StatusColumn: return tr("Status");
  }
  return {};
}

int OperatorCountModel::rowOf(const QString& opType) const {
  for (size_t i = 0; i < m_rows.size(); ++i)
    if (m_rows[i].opType == opType) return static_cast<int>(i);
  return -1;
}

int OperatorCountModel::unsupportedCount() const {
  return static_cast<int>(std::count_if(m_rows.begin(), m_rows.end(), [](const Row& r) { return !r.supported; }));
}

}  // namespace quantlens::ui
