// Number formatting.
#include "ui/number_format.h"

#include <QLocale>
#include <QObject>
#include <algorithm>
#include <cmath>

namespace quantlens::ui {

QString formatValue(double value) {
  if (std::isnan(value)) return QStringLiteral("NaN");
  if (std::isinf(value)) return value > 0 ? QStringLiteral("∞") : QStringLiteral("-∞");
  return QString::number(value, 'g', 3);
}

QString formatDb(double db) {
  if (std::isinf(db) && db > 0) return QStringLiteral("∞ dB");
  return QString::number(db, 'f', 1) + QStringLiteral(" dB");
}

QString formatRange(const ClipRange& range) {
  if (!range.observed()) return QStringLiteral("—");
  return QStringLiteral("[%1, %2]").arg(formatValue(range.min), formatValue(range.max));
}

QString formatPercent(std::optional<double> fraction) {
  if (!fraction) return QStringLiteral("—");
  return QLocale().toString(*fraction * 100.0, 'f', 2) + QStringLiteral(" %");
}

QString formatBytes(int64_t bytes) {
  const QLocale locale;
  return QObject::tr("%1 (%2 B)")
      .arg(locale.formattedDataSize(bytes, 1, QLocale::DataSizeTraditionalFormat),
           locale.toString(static_cast<qlonglong>(bytes)));
}

QString formatScales(std::span<const float> scales) {
  if (scales.empty()) return QStringLiteral("—");
  if (scales.size() == 1) return formatValue(scales.front());
  const auto [lo, hi] = std::minmax_element(scales.begin(), scales.end());
  return QObject::tr("%1…%2 (%3)").arg(formatValue(*lo), formatValue(*hi)).arg(scales.size());
}

}  // namespace quantlens::ui
