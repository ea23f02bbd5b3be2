// The observer classes behind ObserverKind.
#include "core/quant/observer_factory.h"

#include "core/quant/entropy_observer.h"
#include "core/quant/histogram_observer.h"
#include "core/quant/min_max_observer.h"
#include "core/quant/moving_average_observer.h"
#include "core/quant/mse_observer.h"
#include "core/quant/percentile_observer.h"

namespace quantlens {

std::unique_ptr<Observer> makeObserver(const ObserverSettings& s) {
  validateObserverSettings(s);
  switch (s.kind) {
    case ObserverKind::MinMax:
      return std::make_unique<MinMaxObserver>(s.perChannel);
    case ObserverKind::MovingAverage:
      return std::make_unique<MovingAverageObserver>(s.averagingConstant, s.perChannel);
    case ObserverKind::Histogram:
      return std::make_unique<HistogramObserver>(s.bits);
    case ObserverKind::Percentile:
      return std::make_unique<PercentileObserver>(s.percentile, s.percentileSymmetric);
    case ObserverKind::Entropy:
      return std::make_unique<EntropyObserver>(s.entropyVariant, s.entropyBins, s.entropyQuantizedBins, s.bits,
                                               s.isUnsigned);
    case ObserverKind::Mse:
      return std::make_unique<MseObserver>(s.bits, s.symmetric);
  }
  return nullptr;
}

std::vector<ClipRange> observeRanges(const TensorStatistics& statistics, const ObserverSettings& settings) {
  return makeObserver(settings)->ranges(statistics);
}

}  // namespace quantlens
