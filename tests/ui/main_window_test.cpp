// Tests of the main window: opening models by path and by drop, the data set, and errors that keep the open model.
#include "ui/main_window.h"

#include <gtest/gtest.h>

#include <QComboBox>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFile>
#include <QMessageBox>
#include <QMimeData>
#include <QRandomGenerator>
#include <QSettings>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>
#include <functional>

#include "tests/ui/demo_session.h"
#include "tests/ui/qt_printers.h"
#include "ui/analysis_session.h"
#include "ui/analysis_view.h"
#include "ui/app_settings.h"
#include "ui/layer_plots_panel.h"
#include "ui/layer_table_model.h"
#include "ui/model_summary_panel.h"
#include "ui/number_format.h"
#include "ui/operator_count_model.h"
#include "ui/plots/activation_histogram_plot.h"
#include "ui/quant_controls_panel.h"
#include "ui/quant_summary_panel.h"

using namespace quantlens;
using namespace quantlens::ui;
using namespace quantlens::ui::testing;

namespace {

// Tiny real models from Debian's libonnx-testdata (the ONNX backend node tests).
const QString kReluModel = QStringLiteral("/usr/share/libonnx-testdata/data/node/test_relu/model.onnx");
const QString kAddModel = QStringLiteral("/usr/share/libonnx-testdata/data/node/test_add/model.onnx");
constexpr int kLoadTimeoutMs = 20000;

// Waits until the window has either opened a model or reported an error; true when it opened one.
bool waitForLoad(MainWindow& window, const std::function<void()>& start) {
  QSignalSpy loaded(&window, &MainWindow::modelLoaded);
  QSignalSpy failed(&window, &MainWindow::errorReported);
  start();
  const bool done = QTest::qWaitFor([&] { return !loaded.isEmpty() || !failed.isEmpty(); }, kLoadTimeoutMs);
  return done && !loaded.isEmpty();
}

bool openAndWait(MainWindow& window, const QString& path) {
  return waitForLoad(window, [&] { window.openModel(path); });
}

QStringList ioNames(const MainWindow& window) {
  QStringList names;
  const QTableWidget* table = window.summaryPanel()->ioTable();
  for (int row = 0; row < table->rowCount(); ++row) names << table->item(row, 1)->text();
  return names;
}

int operatorNodes(const MainWindow& window, const QString& opType) {
  const OperatorCountModel* model = window.summaryPanel()->operatorModel();
  const int row = model->rowOf(opType);
  if (row < 0) return -1;
  return model->data(model->index(row, OperatorCountModel::NodesColumn)).toInt();
}

void sendDrop(MainWindow& window, QMimeData& mime) {
  const QPoint center = window.rect().center();
  QDragEnterEvent enter(center, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
  QApplication::sendEvent(&window, &enter);
  ASSERT_TRUE(enter.isAccepted()) << "the window refused the drag";
  QDropEvent drop(QPointF(center), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
  QApplication::sendEvent(&window, &drop);
  EXPECT_TRUE(drop.isAccepted());
}

class MainWindowTest : public ::testing::Test {
protected:
  void SetUp() override {
    if (!QFile::exists(kReluModel) || !QFile::exists(kAddModel))
      GTEST_SKIP() << "libonnx-testdata is not installed";
    QSettings(quantlens::ui::kSettingsOrganization, quantlens::ui::kSettingsApplication).clear();
  }
};

}  // namespace

TEST_F(MainWindowTest, StartsEmptyWithAPlainTitle) {
  MainWindow window;
  window.show();
  EXPECT_EQ(window.windowTitle(), "QuantLens");
  EXPECT_EQ(window.currentModel(), nullptr);
  EXPECT_FALSE(window.summaryPanel()->isVisible());
}

TEST_F(MainWindowTest, OpeningAModelShowsItsSummary) {
  MainWindow window;
  window.show();
  ASSERT_TRUE(openAndWait(window, kReluModel));

  ASSERT_NE(window.currentModel(), nullptr);
  EXPECT_EQ(window.currentModel()->path, kReluModel);
  EXPECT_TRUE(window.summaryPanel()->isVisible());
  EXPECT_EQ(window.summaryPanel()->modelPath(), kReluModel);
  EXPECT_EQ(ioNames(window), QStringList({"x", "y"}));  // test_relu: y = Relu(x)
  EXPECT_EQ(operatorNodes(window, "Relu"), 1);
  EXPECT_EQ(window.windowTitle(), QStringLiteral("QuantLens — model.onnx"));
  EXPECT_EQ(window.recentModels().value(0), kReluModel);
}

TEST_F(MainWindowTest, DroppingAModelFileOpensIt) {
  MainWindow window;
  window.show();
  ASSERT_TRUE(openAndWait(window, kReluModel));

  QMimeData mime;
  mime.setUrls({QUrl::fromLocalFile(kAddModel)});
  ASSERT_TRUE(waitForLoad(window, [&] { sendDrop(window, mime); }));
  ASSERT_NE(window.currentModel(), nullptr);
  EXPECT_EQ(window.currentModel()->path, kAddModel);
  EXPECT_EQ(ioNames(window), QStringList({"x", "y", "sum"}));  // test_add: sum = x + y
  EXPECT_EQ(operatorNodes(window, "Add"), 1);
  EXPECT_EQ(operatorNodes(window, "Relu"), -1);
}

TEST_F(MainWindowTest, DroppingAFolderRemembersItAsTheDataset) {
  QTemporaryDir images;
  MainWindow window;
  window.show();
  QSignalSpy changed(&window, &MainWindow::datasetChanged);
  QMimeData mime;
  mime.setUrls({QUrl::fromLocalFile(images.path())});
  sendDrop(window, mime);
  EXPECT_EQ(window.datasetPath(), images.path());
  EXPECT_EQ(changed.count(), 1);
  EXPECT_EQ(window.currentModel(), nullptr);
}

TEST_F(MainWindowTest, RefusesToDragAFileItCannotUse) {
  QTemporaryDir dir;
  const QString notes = dir.filePath("notes.txt");
  QFile file(notes);
  ASSERT_TRUE(file.open(QIODevice::WriteOnly));
  file.close();
  MainWindow window;
  window.show();
  QMimeData mime;
  mime.setUrls({QUrl::fromLocalFile(notes)});
  QDragEnterEvent enter(window.rect().center(), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
  QApplication::sendEvent(&window, &enter);
  EXPECT_FALSE(enter.isAccepted());
}

TEST_F(MainWindowTest, ACorruptModelIsReportedAndThePreviousModelStays) {
  QTemporaryDir dir;
  const QString corrupt = dir.filePath("corrupt.onnx");
  {
    QFile file(corrupt);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    QRandomGenerator random(20261122);  // fixed seed: the same bytes every run
    QByteArray bytes(4096, Qt::Uninitialized);
    for (char& byte : bytes) byte = static_cast<char>(random.bounded(256));
    file.write(bytes);
  }
  MainWindow window;
  window.show();
  ASSERT_TRUE(openAndWait(window, kReluModel));

  QSignalSpy errors(&window, &MainWindow::errorReported);
  EXPECT_FALSE(openAndWait(window, corrupt));
  ASSERT_EQ(errors.count(), 1);
  EXPECT_TRUE(errors.at(0).at(0).toString().contains("corrupt.onnx")) << errors.at(0).at(0).toString().toStdString();

  QMessageBox* dialog = window.errorDialog();
  ASSERT_NE(dialog, nullptr);
  EXPECT_TRUE(dialog->isVisible());
  EXPECT_TRUE(dialog->text().contains("corrupt.onnx"));

  ASSERT_NE(window.currentModel(), nullptr);
  EXPECT_EQ(window.currentModel()->path, kReluModel);
  EXPECT_EQ(window.summaryPanel()->modelPath(), kReluModel);
  EXPECT_EQ(ioNames(window), QStringList({"x", "y"}));
  EXPECT_EQ(window.windowTitle(), QStringLiteral("QuantLens — model.onnx"));
  dialog->close();
}

TEST_F(MainWindowTest, AMissingModelIsReportedByName) {
  QTemporaryDir dir;
  const QString missing = dir.filePath("missing.onnx");
  MainWindow window;
  QSignalSpy errors(&window, &MainWindow::errorReported);
  EXPECT_FALSE(openAndWait(window, missing));
  ASSERT_EQ(errors.count(), 1);
  EXPECT_TRUE(errors.at(0).at(0).toString().contains("missing.onnx"));
  EXPECT_EQ(window.currentModel(), nullptr);
}

TEST_F(MainWindowTest, AFileThatIsNoDatasetIsReported) {
  MainWindow window;
  QSignalSpy errors(&window, &MainWindow::errorReported);
  window.openDataset(kReluModel);
  EXPECT_EQ(errors.count(), 1);
  EXPECT_TRUE(window.datasetPath().isEmpty());
}

TEST_F(MainWindowTest, RecentModelsAndLayoutOutliveTheWindow) {
  {
    MainWindow window;
    window.show();
    ASSERT_TRUE(openAndWait(window, kReluModel));
    ASSERT_TRUE(openAndWait(window, kAddModel));
    window.resize(780, 560);  // within the offscreen screen (800×600) and above the minimum size
    window.close();
  }
  MainWindow window;
  EXPECT_EQ(window.recentModels(), QStringList({kAddModel, kReluModel}));
  EXPECT_EQ(window.size(), QSize(780, 560));
}

TEST_F(MainWindowTest, TheLastConfigurationOutlivesTheWindow) {
  QuantConfig config = QuantConfig::defaults();
  config.activationObserver.kind = ObserverKind::Percentile;
  config.activationObserver.percentile = 99.5;
  config.weightScheme.granularity = Granularity::perGroup(16);
  config.weightScheme.reference = QuantReference::OnnxRuntime;
  config.activationScheme->reference = QuantReference::OnnxRuntime;
  {
    MainWindow window;
    window.show();
    ASSERT_TRUE(window.session()->setConfig(config));
    window.close();
  }
  MainWindow window;
  EXPECT_EQ(window.session()->config(), config);
  EXPECT_EQ(window.analysisView()->controls()->config(), config);
}

TEST_F(MainWindowTest, KeepsTheOptionsGivenOnTheCommandLine) {
  MainWindow window;
  window.setLaunchOptions({"--observer", "entropy"});
  EXPECT_EQ(window.launchOptions(), QStringList({"--observer", "entropy"}));
}

namespace {

// The table's number for `layer` in `column` (kValueRole: the SQNR in dB).
double tableValue(const MainWindow& window, int layer, int column) {
  const LayerTableModel* model = window.analysisView()->layerModel();
  return model->data(model->index(layer, column), LayerTableModel::kValueRole).toDouble();
}

void choose(QComboBox* box, const QVariant& data) {
  const int index = box->findData(data);
  ASSERT_GE(index, 0) << data.toString().toStdString();
  box->setCurrentIndex(index);
}

}  // namespace

TEST_F(MainWindowTest, DroppingTheDemoModelAndImagesAnalysesThem) {
  MainWindow window;
  window.show();
  QMimeData mime;
  mime.setUrls({QUrl::fromLocalFile(kDemoModel), QUrl::fromLocalFile(kDemoImages)});
  sendDrop(window, mime);
  AnalysisSession& session = *window.session();
  ASSERT_TRUE(waitFor([&] { return isSettled(session); }));
  EXPECT_EQ(window.datasetPath(), kDemoImages);
  EXPECT_EQ(session.calibrationPath(), kDemoImages);
  EXPECT_EQ(window.pages()->currentIndex(), 0);  // the analysis page
  EXPECT_TRUE(window.analysisView()->isVisible());
  EXPECT_EQ(window.analysisView()->layerModel()->rowCount(), static_cast<int>(session.model()->plan.layers.size()));
  EXPECT_EQ(window.analysisView()->summary()->top1(0), "93.33 %");  // fashion_cnn.json: 0.933333
  EXPECT_GE(window.analysisView()->selectedLayer(), 0);  // the worst layer is selected for the plots
}

TEST_F(MainWindowTest, ControlChangesUpdateTheTableAndPlotsToTheCoresNumbers) {
  MainWindow window;
  window.show();
  ASSERT_TRUE(openDemo(window));
  AnalysisSession& session = *window.session();
  AnalysisView& view = *window.analysisView();
  view.selectLayer(1);
  const int runs = session.modelRuns();

  // Granularity: per-tensor gives every layer one weight scale and a lower weight SQNR.
  const double perChannelDb = tableValue(window, 1, LayerTableModel::WeightSqnrColumn);
  choose(view.controls()->granularityBox(), static_cast<int>(GranularityKind::PerTensor));
  EXPECT_EQ(session.config().weightScheme.granularity.kind, GranularityKind::PerTensor);
  const double perTensorDb = tableValue(window, 1, LayerTableModel::WeightSqnrColumn);
  EXPECT_EQ(perTensorDb, session.state()->layers[1].weight->error.sqnrDb);
  EXPECT_LT(perTensorDb, perChannelDb);
  EXPECT_EQ(session.state()->layers[1].weight->qparams.scales.size(), 1u);

  // Observer: the plot's highlighted clip range is the state's.
  choose(view.controls()->activationObserverBox(), static_cast<int>(ObserverKind::Mse));
  const QuantizedLayer& layer = session.model()->plan.layers[1];
  const ActivationHistogramPlot& plot = *view.plots()->activationPlot();
  ASSERT_EQ(plot.activeObserver(), ObserverKind::Mse);
  const auto active = std::find_if(plot.lines().begin(), plot.lines().end(),
                                   [](const ObserverClipLine& l) { return l.kind == ObserverKind::Mse; });
  ASSERT_NE(active, plot.lines().end());
  EXPECT_EQ(active->range, session.state()->activations.at(layer.output).clip);
  EXPECT_EQ(session.modelRuns(), runs);  // both changes re-derived without running the model
  EXPECT_TRUE(view.summary()->showsStale());
  EXPECT_TRUE(view.summary()->agreementText().contains("updating"));
  ASSERT_TRUE(waitFor([&] { return isSettled(session); }));
  EXPECT_FALSE(view.summary()->showsStale());
  std::cout << "control change to all views updated: " << view.lastUpdateMs() << " ms (requantize "
            << session.state()->requantizeMs << " ms)\n";
}

TEST_F(MainWindowTest, EveryObserverAndGranularityReachesEveryView) {
  MainWindow window;
  window.resize(1600, 1000);
  window.show();
  ASSERT_TRUE(openDemo(window));
  AnalysisSession& session = *window.session();
  AnalysisView& view = *window.analysisView();
  const int layer = view.selectedLayer();
  ASSERT_GE(layer, 0);
  const int runs = session.modelRuns();
  std::vector<double> times;
  for (const GranularityKind granularity :
       {GranularityKind::PerTensor, GranularityKind::PerGroup, GranularityKind::PerChannel}) {
    choose(view.controls()->granularityBox(), static_cast<int>(granularity));
    times.push_back(view.lastUpdateMs());
    for (const ObserverKind observer : {ObserverKind::MinMax, ObserverKind::MovingAverage, ObserverKind::Histogram,
                                        ObserverKind::Percentile, ObserverKind::Entropy, ObserverKind::Mse}) {
      choose(view.controls()->activationObserverBox(), static_cast<int>(observer));
      times.push_back(view.lastUpdateMs());
      const QuantState& state = *session.state();
      ASSERT_EQ(state.config.activationObserver.kind, observer);
      ASSERT_EQ(state.config.weightScheme.granularity.kind, granularity);
      const QuantizedLayer& planned = session.model()->plan.layers[static_cast<size_t>(layer)];
      EXPECT_EQ(view.plots()->activationPlot()->activeObserver(), observer);
      EXPECT_EQ(tableValue(window, layer, LayerTableModel::WeightSqnrColumn),
                state.layers[static_cast<size_t>(layer)].weight->error.sqnrDb);
      const LayerTableModel& table = *view.layerModel();
      EXPECT_EQ(table.data(table.index(layer, LayerTableModel::ActivationRangeColumn)).toString(),
                formatRange(state.activations.at(planned.output).clip));
    }
  }
  // No model run: the changes came faster than the re-evaluation delay, so none was even started.
  EXPECT_EQ(session.modelRuns(), runs);
  std::sort(times.begin(), times.end());
  std::cout << "control change to all views updated over " << times.size() << " changes: median "
            << times[times.size() / 2] << " ms, max " << times.back() << " ms\n";
}

TEST_F(MainWindowTest, LaunchOptionsSetTheConfiguration) {
  MainWindow window;
  ASSERT_TRUE(window.setLaunchOptions({"--observer", "percentile", "--percentile", "99.9", "--granularity",
                                       "per-group:8", "--weight-dtype", "int4", "--calib", kDemoImages}));
  const QuantConfig& config = window.session()->config();
  EXPECT_EQ(config.activationObserver.kind, ObserverKind::Percentile);
  EXPECT_EQ(config.activationObserver.percentile, 99.9);
  EXPECT_EQ(config.weightScheme.granularity, Granularity::perGroup(8));
  EXPECT_EQ(config.weightScheme.dtype, QuantDtype::Int4);
  EXPECT_EQ(window.session()->calibrationPath(), kDemoImages);
  EXPECT_EQ(window.analysisView()->controls()->config(), config);

  QSignalSpy errors(&window, &MainWindow::errorReported);
  EXPECT_FALSE(window.setLaunchOptions({"--observer", "median"}));
  ASSERT_EQ(errors.count(), 1);
  EXPECT_TRUE(errors.at(0).at(0).toString().contains("median"));
  window.errorDialog()->close();
}

TEST_F(MainWindowTest, AModelWithUnsupportedOperatorsSaysWhichOnes) {
  const QString lstm = QStringLiteral("/usr/share/libonnx-testdata/data/node/test_lstm_defaults/model.onnx");
  MainWindow window;
  window.show();
  ASSERT_TRUE(openAndWait(window, lstm));
  EXPECT_FALSE(window.session()->canAnalyse());
  const QString error = window.session()->model()->analysisError;
  EXPECT_TRUE(error.contains("LSTM")) << error.toStdString();
  EXPECT_TRUE(window.summaryPanel()->isVisible());  // the model page, whose banner lists them
  EXPECT_TRUE(window.summaryPanel()->unsupportedText().contains("LSTM"));
}

TEST_F(MainWindowTest, ACorruptModelLeavesTheAnalysedModelUsable) {
  QTemporaryDir dir;
  const QString corrupt = dir.filePath("corrupt.onnx");
  {
    QFile file(corrupt);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write("definitely not protobuf");
  }
  MainWindow window;
  window.show();
  ASSERT_TRUE(openDemo(window));
  AnalysisSession& session = *window.session();
  QSignalSpy errors(&window, &MainWindow::errorReported);
  QMimeData mime;
  mime.setUrls({QUrl::fromLocalFile(corrupt)});
  EXPECT_FALSE(waitForLoad(window, [&] { sendDrop(window, mime); }));
  ASSERT_EQ(errors.count(), 1);
  window.errorDialog()->close();
  EXPECT_EQ(session.model()->path, kDemoModel);
  // Still analysable: a control change re-derives as before.
  choose(window.analysisView()->controls()->activationObserverBox(), static_cast<int>(ObserverKind::MinMax));
  EXPECT_EQ(session.state()->config.activationObserver.kind, ObserverKind::MinMax);
}

TEST_F(MainWindowTest, CancelFromTheWindowStopsCalibration) {
  MainWindow window;
  window.show();
  SamplingOptions slow;
  slow.batchSize = 1;
  window.session()->setSampling(slow);
  QSignalSpy progress(window.session(), &AnalysisSession::progress);
  window.openModel(kDemoModel);
  window.openDataset(kDemoImages);
  ASSERT_TRUE(waitFor([&] { return !progress.isEmpty(); }));
  QAction* cancel = nullptr;
  for (QAction* action : window.findChildren<QAction*>())
    if (action->shortcut() == QKeySequence(Qt::Key_Escape)) cancel = action;
  ASSERT_NE(cancel, nullptr);
  EXPECT_TRUE(cancel->isEnabled());
  cancel->trigger();
  EXPECT_FALSE(window.session()->isBusy());
  EXPECT_FALSE(cancel->isEnabled());
  EXPECT_EQ(window.session()->state(), nullptr);
}
