// The CLI's default quantization and the checks of a whole configuration.
#include "core/quant/quant_config.h"

#include "core/error.h"
#include "core/quant/observer_factory.h"

namespace quantlens {

QuantConfig QuantConfig::defaults() {
  QuantConfig config;
  config.activationObserver.kind = ObserverKind::Histogram;
  config.activationScheme = QuantScheme::make({QuantDtype::UInt8, 8}, /*symmetric=*/false);
  config.weightObserver.kind = ObserverKind::MinMax;
  config.weightObserver.symmetric = true;
  config.weightObserver.isUnsigned = false;
  config.weightScheme = QuantScheme::make({QuantDtype::Int8, 8}, /*symmetric=*/true, Granularity::perChannel());
  return config;
}

void QuantConfig::validate() const {
  if (activationScheme) {
    if (activationScheme->granularity.kind != GranularityKind::PerTensor)
      throw Error("activation quantization is per-tensor; got " + activationScheme->describe());
    activationScheme->validate();
    validateObserverSettings(activationObserver);
  }
  if (weightObserver.kind != ObserverKind::MinMax && weightObserver.kind != ObserverKind::Mse)
    throw Error("weight observer '" + std::string(observerKindName(weightObserver.kind)) +
                "' is not supported: expected minmax or mse");
  validateObserverSettings(weightObserver);
  weightScheme.validate();
  for (const auto& [layer, override] : overrides) {
    if (!override.weightBits) continue;
    if (!isIntegerDtype(weightScheme.dtype))
      throw Error("layer '" + layer + "': a bit width override needs an integer weight dtype, not " +
                  quantDtypeName(weightScheme.dtype, weightScheme.bits));
    const int bits = *override.weightBits;
    if (bits < kMinIntegerBits || bits > kMaxIntegerBits)
      throw Error("layer '" + layer + "': weight bits " + std::to_string(bits) + " outside " +
                  std::to_string(kMinIntegerBits) + ".." + std::to_string(kMaxIntegerBits));
  }
}

}  // namespace quantlens
