// Batch assembly: each sample preprocessed straight into its slot of the batch tensor.
#include "core/data/batch.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cassert>
#include <cstring>
#include <exception>
#include <thread>

#include "core/error.h"

namespace quantlens {

Batch loadBatch(const Dataset& dataset, std::span<const int64_t> indices, const Preprocessor& preprocessor,
                int threads) {
  const auto count = static_cast<int64_t>(indices.size());
  const size_t values = preprocessor.valuesPerImage();
  Tensor input(DataType::Float32, preprocessor.settings().inputShape(count));
  float* out = input.data<float>();
  // Empty when sample i loaded; otherwise why it was skipped.
  std::vector<std::string> failures(indices.size());

  auto loadOne = [&](size_t i) {
    const int64_t index = indices[i];
    // Indices come from sampleOrder() over this dataset; anything else is a caller bug.
    assert(index >= 0 && index < dataset.size() && "sample index out of range");
    try {
      preprocessor.run(dataset.load(index), out + i * values);
    } catch (const Error& e) {
      failures[i] = e.message();
    } catch (const std::exception& e) {  // e.g. OpenCV or allocation failures on a huge image
      failures[i] = "cannot be loaded (" + std::string(e.what()) + ")";
    }
    if (failures[i].empty()) return;
    // Decoding errors already name the file; anything else gets the sample's name added.
    const std::string name = dataset.sampleName(index);
    const bool named = failures[i].find(name) != std::string::npos;
    failures[i] = "skipped sample " + std::to_string(index) + (named ? "" : " (" + name + ")") + ": " + failures[i];
  };

  int workers = static_cast<int>(std::min<int64_t>(std::max(threads, 1), count));
  std::atomic<size_t> next{0};
  if (workers > 1) {
    // Starting threads costs tens of microseconds: more than a whole in-memory IDX sample. The
    // first sample shows which kind of dataset this is.
    const auto start = std::chrono::steady_clock::now();
    loadOne(next++);
    if (std::chrono::steady_clock::now() - start < std::chrono::microseconds(50)) workers = 1;
  }
  if (workers <= 1) {
    for (size_t i = next; i < indices.size(); ++i) loadOne(i);
  } else {
    std::vector<std::jthread> pool;
    for (int t = 0; t < workers; ++t)
      pool.emplace_back([&] {
        for (size_t i = next++; i < indices.size(); i = next++) loadOne(i);
      });
  }  // the jthreads join here

  Batch batch;
  batch.indices.reserve(indices.size());
  batch.labels.reserve(indices.size());
  size_t kept = 0;
  for (size_t i = 0; i < indices.size(); ++i) {
    if (!failures[i].empty()) {
      batch.warnings.push_back(std::move(failures[i]));
      continue;
    }
    // Close the gaps skipped samples left, keeping the input order.
    if (kept != i) std::memmove(out + kept * values, out + i * values, values * sizeof(float));
    batch.indices.push_back(indices[i]);
    batch.labels.push_back(dataset.label(indices[i]));
    ++kept;
  }
  batch.skipped = static_cast<int64_t>(batch.warnings.size());
  if (kept != indices.size()) {
    Tensor shrunk(DataType::Float32, preprocessor.settings().inputShape(static_cast<int64_t>(kept)));
    std::memcpy(shrunk.data<float>(), out, kept * values * sizeof(float));
    input = std::move(shrunk);
  }
  batch.input = std::move(input);
  return batch;
}

Batch loadBatch(const Dataset& dataset, std::span<const int64_t> indices, const Preprocessing& preprocessing,
                int threads) {
  return loadBatch(dataset, indices, Preprocessor(preprocessing), threads);
}

}  // namespace quantlens
