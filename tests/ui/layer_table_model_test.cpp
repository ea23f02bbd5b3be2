// Tests of the layer table: its rows and columns against the session's core data, sorting, the SQNR
// colour scale, and the context menu's overrides.
#include "ui/layer_table_model.h"

#include <gtest/gtest.h>

#include <QAction>
#include <QMenu>
#include <QSortFilterProxyModel>
#include <cmath>

#include "tests/ui/demo_session.h"
#include "tests/ui/qt_printers.h"
#include "ui/analysis_view.h"
#include "ui/number_format.h"

using namespace quantlens;
using namespace quantlens::ui;
using namespace quantlens::ui::testing;

namespace {

double cell(const LayerTableModel& model, int row, int column) {
  return model.data(model.index(row, column), LayerTableModel::kValueRole).toDouble();
}

QString text(const QAbstractItemModel& model, int row, int column) {
  return model.data(model.index(row, column)).toString();
}

class LayerTableTest : public ::testing::Test {
protected:
  void SetUp() override {
    view = std::make_unique<AnalysisView>(&session);
    ASSERT_TRUE(openDemo(session));
  }
  const LayerTableModel& table() const { return *view->layerModel(); }

  AnalysisSession session;
  std::unique_ptr<AnalysisView> view;
};

}  // namespace

TEST_F(LayerTableTest, HasOneRowPerPlannedLayerWithTheCoreNumbers) {
  const QuantPlan& plan = session.model()->plan;
  ASSERT_EQ(table().rowCount(), static_cast<int>(plan.layers.size()));
  EXPECT_EQ(table().columnCount(), LayerTableModel::ColumnCount);
  for (int row = 0; row < table().rowCount(); ++row) {
    const size_t i = static_cast<size_t>(row);
    EXPECT_EQ(table().layerName(row).toStdString(), plan.layers[i].name);
    EXPECT_EQ(table().data(table().index(row, LayerTableModel::LayerColumn), Qt::ToolTipRole).toString().toStdString(),
              plan.layers[i].name);
    EXPECT_TRUE(text(table(), row, LayerTableModel::OpColumn).startsWith(QString::fromStdString(plan.layers[i].op)));
    const LayerQuant& quant = session.state()->layers[i];
    EXPECT_DOUBLE_EQ(cell(table(), row, LayerTableModel::WeightSqnrColumn), quant.weight->error.sqnrDb);
    const LayerActivationError* error = session.layerError(plan.layers[i].name);
    ASSERT_NE(error, nullptr);
    EXPECT_DOUBLE_EQ(cell(table(), row, LayerTableModel::IsolatedSqnrColumn), error->isolated.sqnrDb);
    EXPECT_DOUBLE_EQ(cell(table(), row, LayerTableModel::AccumulatedSqnrColumn), error->accumulated.sqnrDb);
    EXPECT_EQ(text(table(), row, LayerTableModel::ScalesColumn), formatScales(quant.weight->qparams.scales));
    EXPECT_EQ(text(table(), row, LayerTableModel::ActivationRangeColumn),
              formatRange(session.state()->activations.at(plan.layers[i].output).clip));
    // Parameters: weight and bias elements.
    const Graph& graph = session.model()->prepared;
    int64_t parameters = graph.initializer(plan.layers[i].weight)->numel();
    if (!plan.layers[i].bias.empty()) parameters += graph.initializer(plan.layers[i].bias)->numel();
    EXPECT_EQ(
        table().data(table().index(row, LayerTableModel::ParametersColumn), LayerTableModel::kSortRole).toLongLong(),
        parameters);
  }
}

TEST_F(LayerTableTest, FollowsAGranularityChange) {
  QuantConfig perTensor = session.config();
  perTensor.weightScheme.granularity = Granularity::perTensor();
  ASSERT_TRUE(session.setConfig(perTensor));
  for (int row = 0; row < table().rowCount(); ++row) {
    const LayerQuant& quant = session.state()->layers[static_cast<size_t>(row)];
    EXPECT_EQ(text(table(), row, LayerTableModel::WeightFormatColumn), "int8 per-tensor");
    EXPECT_DOUBLE_EQ(cell(table(), row, LayerTableModel::WeightSqnrColumn), quant.weight->error.sqnrDb);
    EXPECT_EQ(text(table(), row, LayerTableModel::ScalesColumn), formatValue(quant.weight->qparams.scales.at(0)));
  }
  // Until the re-evaluation ends, the output SQNR columns say they are stale.
  EXPECT_TRUE(
      table().data(table().index(0, LayerTableModel::IsolatedSqnrColumn), LayerTableModel::kStaleRole).toBool());
  EXPECT_FALSE(table().data(table().index(0, LayerTableModel::WeightSqnrColumn), LayerTableModel::kStaleRole).toBool());
}

TEST_F(LayerTableTest, SortsByValueAndColoursTheWorstLayersRed) {
  QSortFilterProxyModel* proxy = view->layerProxy();
  proxy->sort(LayerTableModel::AccumulatedSqnrColumn, Qt::AscendingOrder);
  std::vector<double> sorted;
  for (int row = 0; row < proxy->rowCount(); ++row)
    sorted.push_back(
        proxy->data(proxy->index(row, LayerTableModel::AccumulatedSqnrColumn), LayerTableModel::kValueRole).toDouble());
  EXPECT_TRUE(std::is_sorted(sorted.begin(), sorted.end()));
  std::vector<double> core;
  for (const LayerActivationError& error : session.layerErrors()) core.push_back(error.accumulated.sqnrDb);
  std::sort(core.begin(), core.end());
  EXPECT_EQ(sorted, core);
  const int worst = proxy->mapToSource(proxy->index(0, 0)).row();
  // Sorting the layer column restores graph order.
  proxy->sort(LayerTableModel::LayerColumn, Qt::AscendingOrder);
  for (int row = 0; row < proxy->rowCount(); ++row) EXPECT_EQ(proxy->mapToSource(proxy->index(row, 0)).row(), row);

  // The colour scale: the worst accumulated SQNR is the reddest (lowest hue), and the scale's ends
  // are red and green.
  proxy->sort(LayerTableModel::AccumulatedSqnrColumn, Qt::DescendingOrder);
  const int best = proxy->mapToSource(proxy->index(0, 0)).row();
  const auto hue = [&](int row) {
    return table()
        .data(table().index(row, LayerTableModel::AccumulatedSqnrColumn), Qt::BackgroundRole)
        .value<QColor>()
        .hsvHue();
  };
  EXPECT_LE(hue(worst), hue(best));
  EXPECT_EQ(LayerTableModel::sqnrColor(LayerTableModel::kBadDb - 5).hsvHue(), 0);
  EXPECT_EQ(LayerTableModel::sqnrColor(LayerTableModel::kGoodDb + 5).hsvHue(), 120);
  EXPECT_TRUE(
      table().data(table().index(worst, LayerTableModel::AccumulatedSqnrColumn), Qt::FontRole).value<QFont>().bold());
}

TEST_F(LayerTableTest, TheContextMenuSetsOverrides) {
  const int fc = table().rowCount() - 1;
  const std::string fcName = table().layerName(fc).toStdString();
  {
    std::unique_ptr<QMenu> menu(view->createLayerMenu(fc, nullptr));
    QAction* keepFloat = menu->findChild<QAction*>("keepFloat");
    ASSERT_NE(keepFloat, nullptr);
    keepFloat->trigger();
  }
  EXPECT_TRUE(session.config().overrides.at(fcName).keepFloat);
  EXPECT_FALSE(session.state()->layers.back().quantized);
  EXPECT_EQ(text(table(), fc, LayerTableModel::WeightFormatColumn), "float (kept)");
  EXPECT_TRUE(std::isnan(cell(table(), fc, LayerTableModel::WeightSqnrColumn)));
  {
    std::unique_ptr<QMenu> menu(view->createLayerMenu(fc, nullptr));
    menu->findChild<QAction*>("keepFloat")->trigger();  // back to quantized
  }
  EXPECT_EQ(session.config().overrides.count(fcName), 0u);
  {
    std::unique_ptr<QMenu> menu(view->createLayerMenu(fc, nullptr));
    QMenu* bits = menu->findChild<QMenu*>("weightBits");
    ASSERT_NE(bits, nullptr);
    QAction* four = nullptr;
    for (QAction* action : bits->actions())
      if (action->data() == QVariant(4)) four = action;
    ASSERT_NE(four, nullptr);
    four->trigger();
  }
  EXPECT_EQ(session.config().overrides.at(fcName), (LayerOverride{false, 4}));
  EXPECT_EQ(text(table(), fc, LayerTableModel::WeightFormatColumn), "int4 per-channel");
  EXPECT_DOUBLE_EQ(cell(table(), fc, LayerTableModel::WeightSqnrColumn),
                   session.state()->layers.back().weight->error.sqnrDb);
}
