// The panel that describes the open model: file, producer, key figures, inputs/outputs and operators.
#pragma once

#include <QString>
#include <QWidget>

#include "core/analysis/model_summary.h"

class QLabel;
class QSortFilterProxyModel;
class QTableView;
class QTableWidget;

namespace quantlens::ui {

class ElidedLabel;
class OperatorCountModel;
class StatCard;

class ModelSummaryPanel : public QWidget {
  Q_OBJECT

public:
  explicit ModelSummaryPanel(QWidget* parent = nullptr);

  void showSummary(const ModelSummary& summary);
  void setDatasetPath(const QString& path);

  // What is shown, for tests and for panels added later.
  QString modelPath() const;
  const OperatorCountModel* operatorModel() const { return m_operatorModel; }
  const QTableWidget* ioTable() const { return m_ioTable; }
  QString unsupportedText() const;

private:
  QWidget* createHeader();
  QWidget* createCards();
  QWidget* createDatasetRow();
  QWidget* createIoSection();
  QWidget* createOperatorSection();

  QLabel* m_title = nullptr;
  ElidedLabel* m_path = nullptr;
  QLabel* m_producer = nullptr;
  QLabel* m_unsupportedBanner = nullptr;
  StatCard* m_nodes = nullptr;
  StatCard* m_operatorTypes = nullptr;
  StatCard* m_parameters = nullptr;
  StatCard* m_weightBytes = nullptr;
  StatCard* m_fileBytes = nullptr;
  StatCard* m_opset = nullptr;
  ElidedLabel* m_dataset = nullptr;
  QTableWidget* m_ioTable = nullptr;
  OperatorCountModel* m_operatorModel = nullptr;
  QSortFilterProxyModel* m_operatorProxy = nullptr;
  QTableView* m_operatorTable = nullptr;
};

}  // namespace quantlens::ui
