// Tests of `quantlens [MODEL] [DATA] [options]` parsing.
#include "ui/launch_arguments.h"

#include <gtest/gtest.h>

#include "tests/ui/qt_printers.h"

using quantlens::ui::LaunchArguments;
using quantlens::ui::parseLaunchArguments;

TEST(LaunchArguments, TakesModelThenData) {
  const LaunchArguments args = parseLaunchArguments({"m.onnx", "images"});
  EXPECT_EQ(args.model, "m.onnx");
  EXPECT_EQ(args.data, "images");
  EXPECT_TRUE(args.options.isEmpty());
  EXPECT_TRUE(args.extra.isEmpty());
}

TEST(LaunchArguments, KeepsOptionsWithTheirValuesOutOfThePositionals) {
  const LaunchArguments args =
      parseLaunchArguments({"--observer", "entropy", "m.onnx", "--granularity=per-tensor", "images", "--batch", "8"});
  EXPECT_EQ(args.model, "m.onnx");
  EXPECT_EQ(args.data, "images");
  EXPECT_EQ(args.options, QStringList({"--observer", "entropy", "--granularity=per-tensor", "--batch", "8"}));
}

TEST(LaunchArguments, AnOptionFollowedByAnotherOptionHasNoValue) {
  const LaunchArguments args = parseLaunchArguments({"--flag", "--size", "28x28", "m.onnx"});
  EXPECT_EQ(args.options, QStringList({"--flag", "--size", "28x28"}));
  EXPECT_EQ(args.model, "m.onnx");
}

TEST(LaunchArguments, EverythingAfterDoubleDashIsPositional) {
  const LaunchArguments args = parseLaunchArguments({"--", "--odd-name.onnx", "data", "more"});
  EXPECT_EQ(args.model, "--odd-name.onnx");
  EXPECT_EQ(args.data, "data");
  EXPECT_EQ(args.extra, QStringList({"more"}));
}

TEST(LaunchArguments, RecognizesHelpAndVersion) {
  EXPECT_TRUE(parseLaunchArguments({"--help"}).help);
  EXPECT_TRUE(parseLaunchArguments({"-h"}).help);
  EXPECT_TRUE(parseLaunchArguments({"--version"}).version);
  EXPECT_FALSE(parseLaunchArguments({"m.onnx"}).help);
}

TEST(LaunchArguments, EmptyCommandLineOpensNothing) {
  const LaunchArguments args = parseLaunchArguments({});
  EXPECT_TRUE(args.model.isEmpty());
  EXPECT_TRUE(args.data.isEmpty());
}
