// Batch loop.
#include "core/data/batch_loop.h"

#include <algorithm>
#include <cassert>

namespace quantlens {

int64_t forEachBatch(const Dataset& dataset, std::span<const int64_t> indices, const Preprocessor& preprocessor,
                     const BatchLoopOptions& options, const std::function<void(Batch&)>& visit) {
  assert(options.batchSize > 0 && "the caller validates the batch size");
  const auto total = static_cast<int64_t>(indices.size());
  int64_t skipped = 0;
  for (int64_t start = 0; start < total; start += options.batchSize) {
    if (options.cancel) options.cancel->throwIfCancelled();
    const int64_t count = std::min(options.batchSize, total - start);
    Batch batch = loadBatch(dataset, indices.subspan(static_cast<size_t>(start), static_cast<size_t>(count)),
                            preprocessor, options.decodeThreads);
    skipped += batch.skipped;
    if (options.onWarning)
      for (const std::string& warning : batch.warnings) options.onWarning(warning);
    if (batch.size() > 0) visit(batch);
    if (options.progress) options.progress(start + count, total);
  }
  return skipped;
}

}  // namespace quantlens
