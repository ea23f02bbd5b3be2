// `quantlens-cli quantize --report`: the PDF of the demo run has the pages the report promises, and
// its summary states the same numbers as the JSON of the same run (read back with poppler-utils).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <regex>

#include "tests/cli/cli_test_support.h"
#include "tests/report/pdf_text.h"

namespace quantlens {
namespace {

const std::string kModel = (kDemo / "fashion_cnn.onnx").string();
const std::string kImages = (kDemo / "images").string();

using testing::capture;

// "93.33 %", as ui/number_format's formatPercent writes a fraction.
std::string percent(double fraction) {
  char text[32];
  std::snprintf(text, sizeof text, "%.2f %%", 100.0 * fraction);
  return text;
}

// "105,512 B": the exact byte count formatBytes prints in parentheses.
std::string bytes(int64_t value) {
  std::string digits = std::to_string(value);
  for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3) digits.insert(static_cast<size_t>(i), ",");
  return digits + " B";
}

class CliReport : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    if (!testing::hasPoppler()) return;  // poppler-utils missing: tests skip
    const fs::path dir = scratch("report");
    pdf = new fs::path(dir / "report.pdf");
    const fs::path json = dir / "result.json";
    result = new CliResult(runCli("quantize " + kModel + " --calib " + kImages + " --eval " + kImages +
                                  " --report " + pdf->string() + " --report-layers 3 --json " + json.string()));
    if (result->exitCode == 0) j = new nlohmann::json(nlohmann::json::parse(readFile(json)));
  }
  void SetUp() override {
    if (!pdf) GTEST_SKIP() << "pdfinfo/pdftotext (poppler-utils) not installed";
    ASSERT_EQ(result->exitCode, 0) << result->err;
    ASSERT_NE(j, nullptr);
  }
  static std::string page(int number) { return testing::pdfText(pdf->string(), number); }
  static inline fs::path* pdf = nullptr;
  static inline CliResult* result = nullptr;
  static inline nlohmann::json* j = nullptr;
};

TEST_F(CliReport, HasTitleSummaryTableChartAndOnePagePerRequestedLayer) {
  const std::string info = capture("pdfinfo " + pdf->string());
  std::smatch pages;
  ASSERT_TRUE(std::regex_search(info, pages, std::regex(R"(Pages:\s+(\d+))"))) << info;
  // Title (1), summary + findings (2), layer table (3: the demo's few layers fit one page), the SQNR
  // chart and the observer comparison below the table or on the next pages (at most 5), then one page
  // per requested layer (--report-layers 3).
  const int count = std::stoi(pages[1]);
  EXPECT_GE(count, 3 + 3);
  EXPECT_LE(count, 5 + 3);
  EXPECT_NE(info.find("A4"), std::string::npos) << info;
  // The CLI says the same.
  EXPECT_NE(result->out.find("(" + std::to_string(count) + " pages"), std::string::npos) << result->out;
  EXPECT_NE(page(1).find("Quantization report"), std::string::npos);
  EXPECT_NE(page(count).find("Layer 3:"), std::string::npos) << page(count);
}

std::string row(const std::string& text, const std::string& label) { return testing::lineStartingWith(text, label); }

TEST_F(CliReport, SummaryNumbersEqualTheJsonOfTheSameRun) {
  const std::string summary = page(2);
  ASSERT_NE(summary.find("Summary"), std::string::npos) << summary;
  SCOPED_TRACE(summary);
  // Each row holds its JSON numbers in the order of the columns FP32, quantized, int8, comparison.
  const std::string top1 = row(summary, "Top-1 accuracy");
  const size_t fp32 = top1.find(percent((*j)["fp32"]["top1"].get<double>()));
  ASSERT_NE(fp32, std::string::npos);
  const size_t quantized = top1.find(percent((*j)["quantized"]["top1"].get<double>()), fp32 + 1);
  ASSERT_NE(quantized, std::string::npos);
  EXPECT_NE(top1.find(percent((*j)["int8"]["top1"].get<double>()), quantized + 1), std::string::npos);
  char delta[32];
  std::snprintf(delta, sizeof delta, "%.2f pp",
                100.0 * ((*j)["quantized"]["top1"].get<double>() - (*j)["fp32"]["top1"].get<double>()));
  EXPECT_NE(top1.find(delta), std::string::npos);
  const std::string top5 = row(summary, "Top-5 accuracy");
  EXPECT_NE(top5.find(percent((*j)["fp32"]["top5"].get<double>())), std::string::npos);
  EXPECT_NE(top5.find(percent((*j)["quantized"]["top5"].get<double>())), std::string::npos);
  EXPECT_NE(row(summary, "Same class as FP32").find(percent((*j)["quantized"]["agreement"].get<double>())),
            std::string::npos);
  EXPECT_NE(row(summary, "Same class as sim.").find(percent((*j)["int8"]["agreement_with_quantized"].get<double>())),
            std::string::npos);
  const std::string size = row(summary, "Size");
  EXPECT_NE(size.find(bytes((*j)["model"]["fp32_bytes"].get<int64_t>())), std::string::npos);
  EXPECT_NE(size.find(bytes((*j)["quantized"]["bytes"].get<int64_t>())), std::string::npos);
  char ratio[32];
  std::snprintf(ratio, sizeof ratio, "%.2f× smaller", (*j)["quantized"]["size_ratio"].get<double>());
  EXPECT_NE(size.find(ratio), std::string::npos);
}

TEST_F(CliReport, LayerTableListsEveryLayerOfTheJsonWorstFirst) {
  std::string text = capture("pdftotext -layout " + pdf->string() + " -");
  // pdftotext writes the "fi" ligature of "first" as one character.
  const size_t table = text.find("Layers, worst");
  ASSERT_NE(table, std::string::npos);
  // Worst first: the JSON layer with the lowest accumulated SQNR is ranked 1.
  std::string worst;
  double lowest = 1e9;
  for (const auto& layer : (*j)["layers"]) {
    if (layer["activation"].is_null() || layer["activation"]["sqnr_db"].is_null()) continue;
    const double db = layer["activation"]["sqnr_db"].get<double>();
    if (db < lowest) lowest = db, worst = layer["name"].get<std::string>();
  }
  ASSERT_FALSE(worst.empty());
  const std::string tail = worst.substr(worst.rfind('/', worst.rfind('/') - 1) + 1);  // SqnrPlot::shortName
  const std::regex rankOne("\\n\\s*1\\s+" + std::regex_replace(tail, std::regex(R"([.^$|()\[\]{}*+?\\/])"), R"(\$&)"));
  EXPECT_TRUE(std::regex_search(text.substr(table), rankOne)) << "rank 1 should be " << tail;
}

TEST_F(CliReport, ObserverTableStatesTheJsonObservers) {
  // --report compares every activation observer; the JSON of the same run lists them (cli-additions.md).
  ASSERT_TRUE(j->contains("observers"));
  const auto& observers = (*j)["observers"];
  ASSERT_EQ(observers.size(), 6u);
  const std::string text = capture("pdftotext -layout " + pdf->string() + " -");
  const size_t section = text.find("Activation observers compared");
  ASSERT_NE(section, std::string::npos);
  const std::string table = text.substr(section, text.find("page", section) - section);
  SCOPED_TRACE(table);
  int configured = 0;
  for (const auto& observer : observers) {
    const std::string name = observer["observer"].get<std::string>();
    ASSERT_TRUE(observer["error"].is_null()) << name;
    const std::string line = row(table, name);
    ASSERT_FALSE(line.empty()) << name;
    EXPECT_NE(line.find(percent(observer["top1"].get<double>())), std::string::npos) << name;
    EXPECT_NE(line.find(percent(observer["agreement"].get<double>())), std::string::npos) << name;
    char db[32];
    std::snprintf(db, sizeof db, "%.1f dB", observer["mean_layer_sqnr_db"].get<double>());
    EXPECT_NE(line.find(db), std::string::npos) << name;
    if (!observer["configured"].get<bool>()) continue;
    ++configured;
    // The configured observer's row is the run's own result.
    EXPECT_EQ(name, (*j)["config"]["observer"].get<std::string>());
    EXPECT_DOUBLE_EQ(observer["top1"].get<double>(), (*j)["quantized"]["top1"].get<double>());
    EXPECT_DOUBLE_EQ(observer["agreement"].get<double>(), (*j)["quantized"]["agreement"].get<double>());
  }
  EXPECT_EQ(configured, 1);
}

}  // namespace
}  // namespace quantlens
