// Test support: the demo model prepared for analysis, planned, and calibrated once on its 300
// images (resources/demo), shared by the suites that quantize it.
#pragma once

#include <gtest/gtest.h>

#include <numeric>
#include <vector>

#include "core/data/image_folder_dataset.h"
#include "core/data/preprocessor.h"
#include "core/graph/onnx_import.h"
#include "core/graph/passes/prepare_graph.h"
#include "core/quant/calibration.h"
#include "core/quant/quant_plan.h"
#include "core/quant/quant_state.h"

namespace quantlens::testing {

inline constexpr const char* kDemoModelPath = QUANTLENS_SOURCE_DIR "/resources/demo/fashion_cnn.onnx";
inline constexpr const char* kDemoImagesPath = QUANTLENS_SOURCE_DIR "/resources/demo/images";

// resources/demo/fashion_cnn.json: 28x28 gray, scale 1/255, mean 0, std 1.
inline Preprocessor demoPreprocessor() {
  Preprocessing p;
  p.height = 28;
  p.width = 28;
  p.color = ColorMode::Gray;
  p.scale = 1.0 / 255.0;
  return Preprocessor(p);
}

inline BatchLoopOptions batchesOf(int64_t size) {
  BatchLoopOptions options;
  options.batchSize = size;
  return options;
}

// The batches the demo suites calibrate and evaluate with.
inline BatchLoopOptions demoBatches() { return batchesOf(32); }

// The demo imported and prepared for analysis, with its plan (no calibration).
struct PlannedDemo {
  Model model = importOnnxFile(kDemoModelPath);
  QuantPlan plan;
  ImageFolderDataset images{kDemoImagesPath};
  std::vector<int64_t> indices;

  PlannedDemo() {
    prepareForAnalysis(model.graph);
    plan = planQuantization(model.graph);
    indices.resize(static_cast<size_t>(images.size()));
    std::iota(indices.begin(), indices.end(), int64_t{0});
  }
  const Graph& graph() const { return model.graph; }
};

// ... and calibrated on all 300 images in batches of 32.
struct CalibratedDemo : PlannedDemo {
  CalibrationResult calibration =
      calibrate(Executor(model.graph), plan, images, indices, demoPreprocessor(), demoBatches());
};

// A suite's fixture sharing one `Shared` (CalibratedDemo, or a type deriving from it with what the
// suite also computes once) among its tests: calibrating the demo takes seconds, deriving from the
// calibration never needs the model again.
template <typename Shared = CalibratedDemo>
class DemoSuite : public ::testing::Test {
protected:
  static void SetUpTestSuite() { s_shared = new Shared; }
  static void TearDownTestSuite() {
    delete s_shared;
    s_shared = nullptr;
  }
  static Preprocessor preprocessor() { return demoPreprocessor(); }
  static BatchLoopOptions options() { return demoBatches(); }
  static const Graph& graph() { return s_shared->model.graph; }
  static QuantState derive(const QuantConfig& config) {
    return deriveQuantization(graph(), s_shared->plan, s_shared->calibration, config);
  }

  static inline Shared* s_shared = nullptr;
};

}  // namespace quantlens::testing
