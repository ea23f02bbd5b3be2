// Tests of the data panel: the preprocessing fields pre-filled from the model, the preview of one
// preprocessed sample, and malformed fields reported.
#include "ui/data_panel.h"

#include <gtest/gtest.h>

#include <QLineEdit>

#include "core/tensor/tensor.h"
#include "tests/ui/demo_session.h"
#include "tests/ui/qt_printers.h"

using namespace quantlens;
using namespace quantlens::ui;
using namespace quantlens::ui::testing;

TEST(DataPanel, PreviewStretchesEachChannelOverTheGrayLevels) {
  // Values 0, 0.5, 1, 0.25 on a 2×2 gray image: (v − min) / (max − min) · 255 rounded gives
  // 0, 127.5 → 128, 255, 63.75 → 64.
  Preprocessing p;
  p.height = 2;
  p.width = 2;
  p.color = ColorMode::Gray;
  const Tensor input = Tensor::fromVector<float>({1, 1, 2, 2}, {0.0f, 0.5f, 1.0f, 0.25f});
  const QImage image = DataPanel::previewOf(input, p);
  ASSERT_EQ(image.size(), QSize(2, 2));
  EXPECT_EQ(qGray(image.pixel(0, 0)), 0);
  EXPECT_EQ(qGray(image.pixel(1, 0)), 128);
  EXPECT_EQ(qGray(image.pixel(0, 1)), 255);
  EXPECT_EQ(qGray(image.pixel(1, 1)), 64);
}

TEST(DataPanel, ShowsTheDemoPreprocessingAndAPreview) {
  AnalysisSession session;
  DataPanel panel(&session);
  ASSERT_TRUE(openDemo(session));
  // resources/demo/fashion_cnn.json: 28x28 gray, scale 1/255, mean 0, std 1.
  const std::optional<Preprocessing> p = panel.preprocessing();
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->height, 28);
  EXPECT_EQ(p->width, 28);
  EXPECT_EQ(p->color, ColorMode::Gray);
  EXPECT_DOUBLE_EQ(p->scale, 1.0 / 255.0);
  EXPECT_EQ(panel.findChild<QLineEdit*>("scale")->text(), "1/255");
  EXPECT_EQ(panel.previewImage().size(), QSize(28, 28));
}

TEST(DataPanel, AMalformedFieldIsReportedNotApplied) {
  AnalysisSession session;
  DataPanel panel(&session);
  ASSERT_TRUE(openDemo(session));
  QLineEdit* scale = panel.findChild<QLineEdit*>("scale");
  ASSERT_NE(scale, nullptr);
  scale->setText("1/0");
  QString error;
  EXPECT_FALSE(panel.preprocessing(&error).has_value());
  EXPECT_TRUE(error.contains("1/0")) << error.toStdString();
}
