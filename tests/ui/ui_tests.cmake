# GUI tests: the main window, the analysis session, the layer table and the plots, on Qt's offscreen
# platform (no display needed).
quantlens_add_test(ui_test
  SOURCES ui/qt_test_main.cpp ui/main_window_test.cpp ui/launch_arguments_test.cpp ui/dropped_path_test.cpp
    ui/resource_extraction_test.cpp ui/analysis_session_test.cpp ui/layer_table_model_test.cpp ui/plots_test.cpp
    ui/data_panel_test.cpp ui/int8_summary_test.cpp ui/qat_panel_test.cpp
  LIBS quantlens::ui Qt6::Test
  LABELS gui
  TIMEOUT 600)
set_tests_properties(ui_test PROPERTIES ENVIRONMENT "QT_QPA_PLATFORM=offscreen")
# File ▸ Export report (the PDF report of the window's session, read back with poppler-utils) and the
# layout of the plots the report draws.
quantlens_add_test(ui_report_test
  SOURCES ui/qt_test_main.cpp ui/report_export_test.cpp ui/activation_label_layout_test.cpp
  LIBS quantlens::ui Qt6::Test
  LABELS gui
  TIMEOUT 600)
set_tests_properties(ui_report_test PROPERTIES ENVIRONMENT "QT_QPA_PLATFORM=offscreen")
