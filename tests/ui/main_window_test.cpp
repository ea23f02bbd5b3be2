// Tests of the main window: opening models by path and by drop, the data set, and errors that keep the open model.
#include "ui/main_window.h"

#include <gtest/gtest.h>

#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFile>
#include <QMessageBox>
#include <QMimeData>
#include <QRandomGenerator>
#include <QSettings>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>
#include <functional>

#include "tests/ui/qt_printers.h"
#include "ui/app_settings.h"
#include "ui/model_summary_panel.h"
#include "ui/operator_count_model.h"

using quantlens::ui::MainWindow;
using quantlens::ui::OperatorCountModel;

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

TEST_F(MainWindowTest, KeepsTheOptionsGivenOnTheCommandLine) {
  MainWindow window;
  window.setLaunchOptions({"--observer", "entropy"});
  EXPECT_EQ(window.launchOptions(), QStringList({"--observer", "entropy"}));
}
