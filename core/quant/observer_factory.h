// Builds the observer a setting names, and derives ranges from cached statistics in one call.
#pragma once

#include <memory>
#include <vector>

#include "core/quant/observer.h"
#include "core/quant/observer_settings.h"

namespace quantlens {

class TensorStatistics;

// Validates the settings (Error naming the bad one) and builds the observer.
std::unique_ptr<Observer> makeObserver(const ObserverSettings& settings);
// makeObserver(settings)->ranges(statistics): switching observer costs no model run.
std::vector<ClipRange> observeRanges(const TensorStatistics& statistics, const ObserverSettings& settings);

}  // namespace quantlens
