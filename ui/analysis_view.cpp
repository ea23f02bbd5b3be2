// Analysis view.
#include "ui/analysis_view.h"

#include <QActionGroup>
#include <QElapsedTimer>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QScrollArea>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>
#include <cmath>

#include "core/quant/quant_dtype.h"
#include "ui/analysis_session.h"
#include "ui/data_panel.h"
#include "ui/layer_plots_panel.h"
#include "ui/layer_table_model.h"
#include "ui/quant_controls_panel.h"
#include "ui/quant_summary_panel.h"

namespace quantlens::ui {

namespace {

constexpr int kSidePanelWidth = 330;
constexpr int kBitChoices[] = {2, 3, 4, 5, 6, 8};

QScrollArea* scrolling(QWidget* content, QWidget* parent) {
  auto* area = new QScrollArea(parent);
  area->setWidget(content);
  area->setWidgetResizable(true);
  area->setFrameShape(QFrame::NoFrame);
  area->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  content->setContentsMargins(8, 8, 8, 8);
  return area;
}

}  // namespace

AnalysisView::AnalysisView(AnalysisSession* session, QWidget* parent) : QWidget(parent), m_session(session) {
  m_summary = new QuantSummaryPanel(session, this);
  m_plots = new LayerPlotsPanel(session, this);

  m_vertical = new QSplitter(Qt::Vertical, this);
  m_vertical->setChildrenCollapsible(false);
  m_vertical->addWidget(createLayerTable());
  m_vertical->addWidget(m_plots);
  m_vertical->setStretchFactor(0, 0);  // the table keeps the height fitTableToRows gave it
  m_vertical->setStretchFactor(1, 1);

  auto* right = new QWidget(this);
  auto* rightLayout = new QVBoxLayout(right);
  rightLayout->setContentsMargins(0, 0, 0, 0);
  rightLayout->setSpacing(8);
  rightLayout->addWidget(m_summary);
  rightLayout->addWidget(m_vertical, 1);

  m_horizontal = new QSplitter(Qt::Horizontal, this);
  m_horizontal->setChildrenCollapsible(false);
  m_horizontal->addWidget(createSidePanel());
  m_horizontal->addWidget(right);
  m_horizontal->setStretchFactor(1, 1);
  m_horizontal->setSizes({kSidePanelWidth, 1600 - kSidePanelWidth});

  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(8, 8, 8, 4);
  layout->addWidget(m_horizontal);

  connect(m_controls, &QuantControlsPanel::configEdited, this, &AnalysisView::applyControls);
  connect(session, &AnalysisSession::quantizationChanged, this, &AnalysisView::onQuantizationChanged);
  connect(session, &AnalysisSession::configChanged, this, [this] { m_controls->setConfig(m_session->config()); });
  connect(session, &AnalysisSession::modelChanged, this, [this] {
    if (!m_layoutRestored) fitTableToRows();
  });
  connect(m_plots, &LayerPlotsPanel::layerClicked, this, &AnalysisView::selectLayer);
  connect(m_data, &DataPanel::chooseCalibrationData, this, &AnalysisView::chooseCalibrationData);
  connect(m_data, &DataPanel::chooseEvaluationData, this, &AnalysisView::chooseEvaluationData);
  m_controls->setConfig(session->config());
}

QWidget* AnalysisView::createSidePanel() {
  m_controls = new QuantControlsPanel;
  m_data = new DataPanel(m_session);
  m_sideTabs = new QTabWidget(this);
  m_sideTabs->setDocumentMode(true);
  m_sideTabs->addTab(scrolling(m_controls, m_sideTabs), tr("Quantization"));
  m_sideTabs->addTab(scrolling(m_data, m_sideTabs), tr("Data"));
  m_sideTabs->setMinimumWidth(220);
  return m_sideTabs;
}

QWidget* AnalysisView::createLayerTable() {
  m_layerModel = new LayerTableModel(m_session, this);
  m_layerProxy = new QSortFilterProxyModel(this);
  m_layerProxy->setSourceModel(m_layerModel);
  m_layerProxy->setSortRole(LayerTableModel::kSortRole);
  m_layerTable = new QTableView(this);
  m_layerTable->setObjectName(QStringLiteral("layerTable"));
  m_layerTable->setModel(m_layerProxy);
  m_layerTable->setSelectionBehavior(QAbstractItemView::SelectRows);
  m_layerTable->setSelectionMode(QAbstractItemView::SingleSelection);
  m_layerTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
  m_layerTable->setShowGrid(false);
  m_layerTable->setWordWrap(false);
  m_layerTable->setAlternatingRowColors(true);
  m_layerTable->setContextMenuPolicy(Qt::CustomContextMenu);
  m_layerTable->verticalHeader()->hide();
  m_layerTable->verticalHeader()->setDefaultSectionSize(m_layerTable->fontMetrics().height() + 8);
  QHeaderView* header = m_layerTable->horizontalHeader();
  header->setHighlightSections(false);
  header->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
  header->setSectionResizeMode(QHeaderView::ResizeToContents);
  header->setStretchLastSection(true);
  header->setSortIndicator(LayerTableModel::LayerColumn, Qt::AscendingOrder);
  m_layerTable->setSortingEnabled(true);
  m_layerTable->setToolTip(QString());

  connect(m_layerTable->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
          [this](const QModelIndex& current) {
            m_plots->setLayer(current.isValid() ? m_layerProxy->mapToSource(current).row() : -1);
          });
  connect(m_layerTable, &QTableView::customContextMenuRequested, this, &AnalysisView::showLayerMenu);
  return m_layerTable;
}

void AnalysisView::fitTableToRows() {
  constexpr int kMaxRowsShown = 9;
  const int rows = std::min(m_layerModel->rowCount(), kMaxRowsShown);
  const int wanted = m_layerTable->horizontalHeader()->sizeHint().height() +
                     std::max(rows, 3) * m_layerTable->verticalHeader()->defaultSectionSize() +
                     2 * m_layerTable->frameWidth() + 2;
  const int total = std::max(m_vertical->height(), wanted * 3);
  m_vertical->setSizes({wanted, total - wanted});
}

void AnalysisView::showSidePage(int page) { m_sideTabs->setCurrentIndex(page); }

void AnalysisView::selectLayer(int layer) {
  const QModelIndex index = m_layerProxy->mapFromSource(m_layerModel->index(layer, 0));
  if (!index.isValid()) return;
  m_layerTable->selectionModel()->setCurrentIndex(index,
                                                  QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
  m_layerTable->scrollTo(index);
}

int AnalysisView::selectedLayer() const { return m_plots->layer(); }

void AnalysisView::applyControls() {
  QElapsedTimer timer;
  timer.start();
  if (!m_session->setConfig(m_controls->config())) {
    m_controls->setConfig(m_session->config());  // show what is in effect
    return;
  }
  repaint();  // every view drawn now, so the figure covers what the user waits for
  m_lastUpdateMs = static_cast<double>(timer.nsecsElapsed()) * 1e-6;
  const QuantState* state = m_session->state();
  emit viewsUpdated(state ? state->requantizeMs : 0.0, m_lastUpdateMs);
}

void AnalysisView::onQuantizationChanged() {
  if (m_plots->layer() >= 0 || !m_session->state()) return;
  // First results: show the layer whose weights suffer most.
  const QuantState& state = *m_session->state();
  int worst = 0;
  double worstDb = INFINITY;
  for (size_t i = 0; i < state.layers.size(); ++i)
    if (state.layers[i].weight && state.layers[i].weight->error.sqnrDb < worstDb)
      worstDb = state.layers[i].weight->error.sqnrDb, worst = static_cast<int>(i);
  selectLayer(worst);
}

QMenu* AnalysisView::createLayerMenu(int layer, QWidget* parent) {
  auto* menu = new QMenu(parent);
  if (!m_session->canAnalyse() || layer < 0 || layer >= m_layerModel->rowCount()) return menu;
  const std::string name = m_layerModel->layerName(layer).toStdString();
  const QuantConfig& config = m_session->config();
  const auto found = config.overrides.find(name);
  const LayerOverride current = found == config.overrides.end() ? LayerOverride{} : found->second;

  QAction* keepFloat = menu->addAction(tr("Do not quantize this layer"));
  keepFloat->setObjectName(QStringLiteral("keepFloat"));
  keepFloat->setCheckable(true);
  keepFloat->setChecked(current.keepFloat);
  keepFloat->setToolTip(tr("Keep the layer's weights and activations in float (a mixed-precision fallback)."));
  connect(keepFloat, &QAction::toggled, this, [this, name, current](bool on) {
    LayerOverride changed = current;
    changed.keepFloat = on;
    m_session->setLayerOverride(name, changed);
  });

  QMenu* bits = menu->addMenu(tr("Weight bits"));
  bits->setObjectName(QStringLiteral("weightBits"));
  const bool integer = isIntegerDtype(config.weightScheme.dtype);
  bits->setEnabled(integer && !current.keepFloat);
  auto* group = new QActionGroup(bits);
  const auto addBits = [&](const QString& text, std::optional<int> value) {
    QAction* action = bits->addAction(text);
    action->setCheckable(true);
    action->setChecked(current.weightBits == value);
    action->setData(value ? QVariant(*value) : QVariant());
    group->addAction(action);
    connect(action, &QAction::triggered, this, [this, name, current, value] {
      LayerOverride changed = current;
      changed.weightBits = value;
      m_session->setLayerOverride(name, changed);
    });
  };
  addBits(tr("As configured (%1)").arg(config.weightScheme.bits), std::nullopt);
  for (const int b : kBitChoices)
    if (b != config.weightScheme.bits) addBits(tr("%1 bits").arg(b), b);
  if (found != config.overrides.end()) {
    menu->addSeparator();
    menu->addAction(tr("Clear this layer's overrides"), this, [this, name] { m_session->setLayerOverride(name, {}); });
  }
  return menu;
}

void AnalysisView::showLayerMenu(const QPoint& pos) {
  const QModelIndex index = m_layerTable->indexAt(pos);
  if (!index.isValid()) return;
  QMenu* menu = createLayerMenu(m_layerProxy->mapToSource(index).row(), this);
  menu->setAttribute(Qt::WA_DeleteOnClose);
  menu->popup(m_layerTable->viewport()->mapToGlobal(pos));
}

QByteArray AnalysisView::saveLayout() const {
  QByteArray state;
  QDataStream out(&state, QIODevice::WriteOnly);
  out << m_horizontal->saveState() << m_vertical->saveState();
  return state;
}

void AnalysisView::restoreLayout(const QByteArray& state) {
  QDataStream in(state);
  QByteArray horizontal, vertical;
  in >> horizontal >> vertical;
  if (in.status() != QDataStream::Ok) return;
  m_layoutRestored = m_horizontal->restoreState(horizontal) && m_vertical->restoreState(vertical);
}

}  // namespace quantlens::ui
