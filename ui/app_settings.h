// Where the window keeps its layout and recent files: QSettings("QuantLens", "QuantLens").
#pragma once

namespace quantlens::ui {

inline constexpr char kSettingsOrganization[] = "QuantLens";
inline constexpr char kSettingsApplication[] = "QuantLens";

}  // namespace quantlens::ui
