// Model summary panel.
#include "ui/model_summary_panel.h"

#include <QDir>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTableWidget>
#include <QVBoxLayout>
#include <algorithm>

#include "ui/elided_label.h"
#include "ui/operator_count_model.h"
#include "ui/stat_card.h"

namespace quantlens::ui {

namespace {

// "1.23 M" for the card; the exact figure goes in the tooltip.
QString compactCount(int64_t n) {
  const QLocale locale;
  if (n < 10'000) return locale.toString(static_cast<qlonglong>(n));
  if (n < 1'000'000) return locale.toString(static_cast<double>(n) / 1e3, 'f', 1) + QStringLiteral(" k");
  if (n < 1'000'000'000) return locale.toString(static_cast<double>(n) / 1e6, 'f', 2) + QStringLiteral(" M");
  return locale.toString(static_cast<double>(n) / 1e9, 'f', 2) + QStringLiteral(" G");
}

QString bytes(int64_t n) { return QLocale().formattedDataSize(n, 1, QLocale::DataSizeTraditionalFormat); }

void mute(QWidget* widget) {
  QPalette palette = widget->palette();
  palette.setColor(QPalette::WindowText, palette.color(QPalette::PlaceholderText));
  widget->setPalette(palette);
}

// A section: a bold title over its table, with no frame around both.
QWidget* section(const QString& title, QTableView* table, QWidget* parent) {
  auto* widget = new QWidget(parent);
  auto* label = new QLabel(title, widget);
  QFont font = label->font();
  font.setBold(true);
  font.setPointSizeF(font.pointSizeF() * 1.1);
  label->setFont(font);
  table->setParent(widget);
  auto* layout = new QVBoxLayout(widget);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(6);
  layout->addWidget(label);
  layout->addWidget(table, 1);
  return widget;
}

void styleTable(QTableView* table) {
  table->setEditTriggers(QAbstractItemView::NoEditTriggers);
  table->setSelectionBehavior(QAbstractItemView::SelectRows);
  table->setAlternatingRowColors(true);
  table->setShowGrid(false);
  table->setWordWrap(false);
  table->verticalHeader()->hide();
  table->horizontalHeader()->setHighlightSections(false);
  table->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
  // Rows a little taller than the font, so text never touches the row edges.
  table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 12);
}

}  // namespace

ModelSummaryPanel::ModelSummaryPanel(QWidget* parent) : QWidget(parent) {
  m_unsupportedBanner = new QLabel(this);
  m_unsupportedBanner->setObjectName(QStringLiteral("unsupportedBanner"));
  m_unsupportedBanner->setWordWrap(true);
  m_unsupportedBanner->setTextInteractionFlags(Qt::TextSelectableByMouse);
  m_unsupportedBanner->setStyleSheet(QStringLiteral(
      "QLabel#unsupportedBanner { background: #fdecea; color: #8a1c14; border: 1px solid #f3b7b1;"
      " border-radius: 6px; padding: 10px 14px; }"));
  m_unsupportedBanner->hide();

  auto* tables = new QHBoxLayout;
  tables->setSpacing(24);
  tables->addWidget(createIoSection(), 3);
  tables->addWidget(createOperatorSection(), 2);

  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(24, 20, 24, 16);
  layout->setSpacing(14);
  layout->addWidget(createHeader());
  layout->addWidget(m_unsupportedBanner);
  layout->addWidget(createCards());
  layout->addWidget(createDatasetRow());
  layout->addLayout(tables, 1);
}

QWidget* ModelSummaryPanel::createHeader() {
  auto* header = new QWidget(this);
  m_title = new QLabel(header);
  QFont titleFont = m_title->font();
  titleFont.setPointSizeF(titleFont.pointSizeF() * 1.8);
  titleFont.setBold(true);
  m_title->setFont(titleFont);
  m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);

  m_path = new ElidedLabel(header);
  mute(m_path);
  m_producer = new QLabel(header);
  mute(m_producer);

  auto* layout = new QVBoxLayout(header);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(4);
  layout->addWidget(m_title);
  layout->addWidget(m_path);
  layout->addWidget(m_producer);
  return header;
}

QWidget* ModelSummaryPanel::createCards() {
  auto* cards = new QWidget(this);
  m_nodes = new StatCard(tr("Nodes"), cards);
  m_operatorTypes = new StatCard(tr("Operator types"), cards);
  m_parameters = new StatCard(tr("Parameters"), cards);
  m_weightBytes = new StatCard(tr("Weights as FP32"), cards);
  m_fileBytes = new StatCard(tr("File size"), cards);
  m_opset = new StatCard(tr("ONNX opset"), cards);
  auto* layout = new QHBoxLayout(cards);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(12);
  for (StatCard* card : {m_nodes, m_operatorTypes, m_parameters, m_weightBytes, m_fileBytes, m_opset})
    layout->addWidget(card, 1);
  return cards;
}

QWidget* ModelSummaryPanel::createDatasetRow() {
  auto* row = new QWidget(this);
  auto* caption = new QLabel(tr("Data set:"), row);
  QFont bold = caption->font();
  bold.setBold(true);
  caption->setFont(bold);
  m_dataset = new ElidedLabel(row);
  auto* layout = new QHBoxLayout(row);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(8);
  layout->addWidget(caption);
  layout->addWidget(m_dataset, 1);
  setDatasetPath({});
  return row;
}

QWidget* ModelSummaryPanel::createIoSection() {
  m_ioTable = new QTableWidget(0, 3, this);
  m_ioTable->setObjectName(QStringLiteral("ioTable"));
  m_ioTable->setHorizontalHeaderLabels({tr("Role"), tr("Name"), tr("Type and shape")});
  styleTable(m_ioTable);
  m_ioTable->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
  m_ioTable->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Interactive);
  m_ioTable->horizontalHeader()->setStretchLastSection(true);
  return section(tr("Inputs and outputs"), m_ioTable, this);
}

QWidget* ModelSummaryPanel::createOperatorSection() {
  m_operatorModel = new OperatorCountModel(this);
  m_operatorProxy = new QSortFilterProxyModel(this);
  m_operatorProxy->setSourceModel(m_operatorModel);
  m_operatorTable = new QTableView(this);
  m_operatorTable->setObjectName(QStringLiteral("operatorTable"));
  m_operatorTable->setModel(m_operatorProxy);
  styleTable(m_operatorTable);
  m_operatorTable->horizontalHeader()->setSectionResizeMode(OperatorCountModel::OperatorColumn, QHeaderView::Stretch);
  m_operatorTable->horizontalHeader()->setSectionResizeMode(OperatorCountModel::NodesColumn,
                                                            QHeaderView::ResizeToContents);
  m_operatorTable->horizontalHeader()->setSectionResizeMode(OperatorCountModel::StatusColumn,
                                                            QHeaderView::ResizeToContents);
  // Most used first; clicking a header sorts by that column.
  m_operatorTable->horizontalHeader()->setSortIndicator(OperatorCountModel::NodesColumn, Qt::DescendingOrder);
  m_operatorTable->setSortingEnabled(true);
  return section(tr("Operators"), m_operatorTable, this);
}

void ModelSummaryPanel::showSummary(const ModelSummary& summary) {
  const QString path = QString::fromStdString(summary.path);
  m_title->setText(QFileInfo(path).fileName());
  m_path->setText(QDir::toNativeSeparators(path));

  QStringList origin;
  if (!summary.producer.empty()) origin << tr("Produced by %1").arg(QString::fromStdString(summary.producer));
  origin << tr("ONNX IR version %1").arg(summary.irVersion);
  m_producer->setText(origin.join(QStringLiteral("  ·  ")));

  const QLocale locale;
  m_nodes->setValue(locale.toString(summary.nodeCount));
  m_operatorTypes->setValue(locale.toString(static_cast<qlonglong>(summary.operatorCounts.size())));
  m_parameters->setValue(compactCount(summary.parameters),
                         tr("%1 parameters").arg(locale.toString(static_cast<qlonglong>(summary.parameters))));
  m_weightBytes->setValue(bytes(summary.fp32Bytes),
                          tr("%1 bytes").arg(locale.toString(static_cast<qlonglong>(summary.fp32Bytes))));
  m_fileBytes->setValue(bytes(summary.fileBytes),
                        tr("%1 bytes").arg(locale.toString(static_cast<qlonglong>(summary.fileBytes))));
  m_opset->setValue(QString::number(summary.opset));

  m_ioTable->setRowCount(0);
  const auto addRows = [this](const std::vector<ValueInfo>& values, const QString& role) {
    for (const ValueInfo& value : values) {
      const int row = m_ioTable->rowCount();
      m_ioTable->insertRow(row);
      m_ioTable->setItem(row, 0, new QTableWidgetItem(role));
      m_ioTable->setItem(row, 1, new QTableWidgetItem(QString::fromStdString(value.name)));
      m_ioTable->setItem(row, 2, new QTableWidgetItem(QString::fromStdString(describeValue(value))));
    }
  };
  addRows(summary.inputs, tr("Input"));
  addRows(summary.outputs, tr("Output"));
  m_ioTable->resizeColumnToContents(1);
  // Room to breathe beside short names; long ones keep their full width.
  m_ioTable->setColumnWidth(1, std::max(m_ioTable->columnWidth(1) + 24, 160));

  m_operatorModel->setSummary(summary);

  if (summary.unsupported.empty()) {
    m_unsupportedBanner->hide();
  } else {
    QStringList parts;
    for (const UnsupportedOperator& op : summary.unsupported) {
      const QString opType = QString::fromStdString(op.opType);
      const auto nodes = static_cast<qlonglong>(op.nodeNames.size());
      parts << (nodes == 1 ? tr("%1 (1 node)").arg(opType) : tr("%1 (%2 nodes)").arg(opType).arg(nodes));
    }
    const int types = static_cast<int>(summary.unsupported.size());
    m_unsupportedBanner->setText(
        (types == 1 ? tr("<b>1 operator type is not supported yet:</b> %1.")
                    : tr("<b>%1 operator types are not supported yet:</b> %2.").arg(QString::number(types)))
            .arg(parts.join(QStringLiteral(", ")).toHtmlEscaped()) +
        tr(" QuantLens can show this model but cannot run or quantize it until every operator is supported; "
           "their rows are highlighted below."));
    m_unsupportedBanner->show();
  }
}

void ModelSummaryPanel::setDatasetPath(const QString& path) {
  if (path.isEmpty()) {
    m_dataset->setText(tr("none yet — drop a folder of images or an IDX file on the window, "
                          "or use File ▸ Open data folder…"));
    mute(m_dataset);
  } else {
    m_dataset->setText(QDir::toNativeSeparators(path));
    m_dataset->setPalette(palette());
  }
}

QString ModelSummaryPanel::modelPath() const { return m_path->text(); }

QString ModelSummaryPanel::unsupportedText() const {
  return m_unsupportedBanner->isHidden() ? QString() : m_unsupportedBanner->text();
}

}  // namespace quantlens::ui
