// File ▸ Export report on the demo session in the main window: the PDF is written where asked, has the
// report's pages, states the session's own numbers (read back with poppler-utils), compares every
// observer with the session's one among them, and a path that cannot be written is reported, not fatal.
#include <gtest/gtest.h>

#include <QFile>
#include <QFileInfo>
#include <QMessageBox>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <memory>

#include "tests/report/pdf_text.h"
#include "tests/ui/demo_session.h"
#include "tests/ui/qt_printers.h"
#include "ui/app_settings.h"
#include "ui/main_window.h"
#include "ui/number_format.h"

using namespace quantlens;
using namespace quantlens::ui;
using namespace quantlens::ui::testing;
using quantlens::testing::lineStartingWith;
using quantlens::testing::pdfPages;
using quantlens::testing::pdfText;

namespace {

constexpr int kReportLayers = 5;  // ReportOptions' default, what the window exports

std::string text(const QString& s) { return s.toStdString(); }

// The window with the demo model and images open, calibrated and evaluated; shared by the tests.
class ReportExport : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    QSettings(kSettingsOrganization, kSettingsApplication).clear();
    s_window = new MainWindow;
    QSignalSpy loaded(s_window, &MainWindow::modelLoaded);
    s_window->openModel(kDemoModel);
    if (!waitFor([&] { return !loaded.isEmpty(); })) return;
    s_window->openDataset(kDemoImages);
    s_ready = waitFor([] { return isSettled(*s_window->session()); });
  }
  static void TearDownTestSuite() {
    delete s_window;
    s_window = nullptr;
  }
  void SetUp() override {
    ASSERT_TRUE(s_ready) << "the demo session did not settle";
    if (!quantlens::testing::hasPoppler()) GTEST_SKIP() << "pdfinfo/pdftotext (poppler-utils) not installed";
  }
  static AnalysisSession& session() { return *s_window->session(); }

  static inline MainWindow* s_window = nullptr;
  static inline bool s_ready = false;
};

TEST_F(ReportExport, WritesThePdfWithTheSessionsNumbers) {
  QTemporaryDir dir;
  const QString path = dir.filePath(QStringLiteral("demo-report.pdf"));
  QSignalSpy errors(s_window, &MainWindow::errorReported);
  ASSERT_TRUE(s_window->exportReport(path));
  EXPECT_TRUE(errors.isEmpty());
  ASSERT_TRUE(QFileInfo(path).isFile());
  const std::string pdf = text(path);

  // Title, summary + findings, the layer table, then the SQNR chart and the observer table below it or
  // on the next pages (3 to 5), and one page for each of the 5 worst layers at the end.
  const int pages = pdfPages(pdf);
  EXPECT_GE(pages, 3 + kReportLayers);
  EXPECT_LE(pages, 5 + kReportLayers);
  EXPECT_NE(pdfText(pdf, 1).find("Quantization report"), std::string::npos);
  EXPECT_NE(pdfText(pdf, pages - kReportLayers + 1).find("Layer 1:"), std::string::npos);
  EXPECT_NE(pdfText(pdf, pages).find("Layer 5:"), std::string::npos);

  // The summary's columns: FP32, quantized (sim.), int8 executor, comparison; the session's numbers
  // as the window's panels print them.
  const std::string summary = pdfText(pdf, 2);
  SCOPED_TRACE(summary);
  const QuantizedAccuracy& accuracy = *session().accuracy();
  const std::string top1 = lineStartingWith(summary, "Top-1 accuracy");
  const size_t fp32 = top1.find(text(formatPercent(accuracy.fp32.score.top1())));
  ASSERT_NE(fp32, std::string::npos);
  const size_t quantized = top1.find(text(formatPercent(accuracy.quantized.score.top1())), fp32 + 1);
  ASSERT_NE(quantized, std::string::npos);
  ASSERT_TRUE(session().int8() && session().int8()->accuracy);
  EXPECT_NE(top1.find(text(formatPercent(session().int8()->accuracy->score.top1())), quantized + 1),
            std::string::npos);
  EXPECT_NE(lineStartingWith(summary, "Same class as FP32").find(text(formatPercent(accuracy.agreement))),
            std::string::npos);
  const ModelSize size = *session().size();
  const std::string sizeRow = lineStartingWith(summary, "Size");
  EXPECT_NE(sizeRow.find(text(formatBytes(size.fp32Bytes))), std::string::npos);
  EXPECT_NE(sizeRow.find(text(formatBytes(size.quantizedBytes))), std::string::npos);
  EXPECT_NE(sizeRow.find(text(QStringLiteral("%1× smaller").arg(size.ratio(), 0, 'f', 2))), std::string::npos);
  ASSERT_TRUE(session().int8()->latency);
  EXPECT_NE(lineStartingWith(summary, "Latency")
                .find(text(QStringLiteral("%1 ms").arg(session().int8()->latency->int8Ms, 0, 'f', 3))),
            std::string::npos);
}

TEST_F(ReportExport, ComparesEveryObserverWithTheSessionsOwnAmongThem) {
  QTemporaryDir dir;
  const QString path = dir.filePath(QStringLiteral("observers.pdf"));
  ASSERT_TRUE(s_window->exportReport(path));
  const std::string all = pdfText(text(path));
  const size_t section = all.find("Activation observers compared");
  ASSERT_NE(section, std::string::npos);
  const std::string table = all.substr(section, all.find("page", section) - section);
  SCOPED_TRACE(table);
  for (const char* observer : {"minmax", "moving-average", "histogram", "percentile", "entropy", "mse"})
    EXPECT_FALSE(lineStartingWith(table, observer).empty()) << observer;
  // The session's observer re-derived by the comparison gives the session's own accuracy.
  const std::string own =
      lineStartingWith(table, std::string(observerKindName(session().config().activationObserver.kind)));
  EXPECT_NE(own.find(text(formatPercent(session().accuracy()->quantized.score.top1()))), std::string::npos);
  EXPECT_NE(own.find(text(formatPercent(session().accuracy()->agreement))), std::string::npos);
}

TEST_F(ReportExport, AnUnwritablePathIsReportedNotFatal) {
  QTemporaryDir dir;
  // A folder that does not exist, and a path that is a folder.
  for (const QString& path : {dir.filePath(QStringLiteral("missing/report.pdf")), dir.path()}) {
    SCOPED_TRACE(text(path));
    QSignalSpy errors(s_window, &MainWindow::errorReported);
    EXPECT_FALSE(s_window->exportReport(path));
    ASSERT_EQ(errors.count(), 1);
    const QString message = errors.at(0).at(0).toString();
    EXPECT_TRUE(message.contains(path)) << text(message);
    QMessageBox* dialog = s_window->errorDialog();
    ASSERT_NE(dialog, nullptr);
    EXPECT_TRUE(dialog->text().contains(QFileInfo(path).fileName())) << text(dialog->text());
    dialog->close();
  }
  EXPECT_FALSE(QFile::exists(dir.filePath(QStringLiteral("missing/report.pdf"))));
  // The window still exports afterwards.
  EXPECT_TRUE(s_window->exportReport(dir.filePath(QStringLiteral("after.pdf"))));
}

TEST_F(ReportExport, ResultsStillBeingMeasuredAreNotExported) {
  QuantConfig config = session().config();
  config.activationObserver.kind = ObserverKind::Percentile;
  ASSERT_TRUE(session().setConfig(config));  // marks the accuracy stale until it is re-evaluated
  QTemporaryDir dir;
  QSignalSpy errors(s_window, &MainWindow::errorReported);
  EXPECT_FALSE(s_window->exportReport(dir.filePath(QStringLiteral("stale.pdf"))));
  ASSERT_EQ(errors.count(), 1);
  EXPECT_TRUE(errors.at(0).at(0).toString().contains(QStringLiteral("Up to date")));
  s_window->errorDialog()->close();
  ASSERT_TRUE(waitFor([] { return isSettled(session()); }));
  EXPECT_TRUE(s_window->exportReport(dir.filePath(QStringLiteral("settled.pdf"))));
}

TEST(ReportExportWithoutModel, SaysWhatIsMissing) {
  MainWindow window;
  QTemporaryDir dir;
  QSignalSpy errors(&window, &MainWindow::errorReported);
  EXPECT_FALSE(window.exportReport(dir.filePath(QStringLiteral("empty.pdf"))));
  ASSERT_EQ(errors.count(), 1);
  EXPECT_TRUE(errors.at(0).at(0).toString().contains(QStringLiteral("calibration data first")));
  EXPECT_FALSE(QFile::exists(dir.filePath(QStringLiteral("empty.pdf"))));
  window.errorDialog()->close();
}

}  // namespace
