# Tests of the command-line configuration shared by the CLI and the GUI (included by tests/CMakeLists.txt).
quantlens_add_test(core_config_test
  SOURCES core/config/quant_options_test.cpp
  LIBS quantlens::core)
