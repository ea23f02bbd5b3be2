# The report: findings (plain core logic) and the PDF rendered by `quantlens-cli quantize --report`.
quantlens_add_test(core_findings_test
  SOURCES core/analysis/findings_test.cpp
  LIBS quantlens::core)
if(QUANTLENS_BUILD_GUI)
  quantlens_add_test(cli_report_test
    SOURCES report/cli_report_test.cpp
    LIBS nlohmann_json::nlohmann_json
    TIMEOUT 600)
  add_dependencies(cli_report_test quantlens-cli)
endif()
quantlens_add_test(core_observer_comparison_test
  SOURCES core/analysis/observer_comparison_test.cpp
  LIBS quantlens::core
  TIMEOUT 600)
