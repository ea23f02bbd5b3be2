// The analysis page: quantization and data controls on the left; the model summary, the layer table
// and the plots of the selected layer on the right. Edits go to the session; views follow its signals.
#pragma once

#include <QWidget>

class QMenu;
class QSortFilterProxyModel;
class QSplitter;
class QTableView;
class QTabWidget;

namespace quantlens::ui {

class AnalysisSession;
class DataPanel;
class LayerPlotsPanel;
class LayerTableModel;
class QuantControlsPanel;
class QuantSummaryPanel;

class AnalysisView : public QWidget {
  Q_OBJECT

public:
  explicit AnalysisView(AnalysisSession* session, QWidget* parent = nullptr);

  QuantControlsPanel* controls() const { return m_controls; }
  DataPanel* dataPanel() const { return m_data; }
  QuantSummaryPanel* summary() const { return m_summary; }
  LayerTableModel* layerModel() const { return m_layerModel; }
  QSortFilterProxyModel* layerProxy() const { return m_layerProxy; }
  QTableView* layerTable() const { return m_layerTable; }
  LayerPlotsPanel* plots() const { return m_plots; }

  // The side panel's page: 0 quantization controls, 1 data and preprocessing.
  void showSidePage(int page);
  // Selects a layer (plan index) in the table and the plots.
  void selectLayer(int layer);
  int selectedLayer() const;
  // The context menu of a layer-table row (plan index): keep float, weight bits. Owned by `parent`.
  QMenu* createLayerMenu(int layer, QWidget* parent);
  // Milliseconds from the last control change to every view redrawn (re-derive included).
  double lastUpdateMs() const { return m_lastUpdateMs; }

  QByteArray saveLayout() const;
  void restoreLayout(const QByteArray& state);

signals:
  // After each control change: the re-derive time and the total until every view was redrawn.
  void viewsUpdated(double requantizeMs, double totalMs);
  void chooseCalibrationData();
  void chooseEvaluationData();

private:
  QWidget* createSidePanel();
  QWidget* createLayerTable();
  void applyControls();
  void onQuantizationChanged();
  void showLayerMenu(const QPoint& pos);
  // Gives the table the height of its rows (up to a screenful), the plots the rest.
  void fitTableToRows();

  AnalysisSession* m_session;
  QSplitter* m_horizontal = nullptr;
  QSplitter* m_vertical = nullptr;
  QTabWidget* m_sideTabs = nullptr;
  QuantControlsPanel* m_controls = nullptr;
  DataPanel* m_data = nullptr;
  QuantSummaryPanel* m_summary = nullptr;
  LayerTableModel* m_layerModel = nullptr;
  QSortFilterProxyModel* m_layerProxy = nullptr;
  QTableView* m_layerTable = nullptr;
  LayerPlotsPanel* m_plots = nullptr;
  double m_lastUpdateMs = 0.0;
  bool m_layoutRestored = false;
};

}  // namespace quantlens::ui
