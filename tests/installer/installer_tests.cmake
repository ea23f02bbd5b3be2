# Packaging test: builds the Debian package from this build tree and checks what it holds.
set(check_deb_args ${PROJECT_BINARY_DIR} ${PROJECT_VERSION})
if(QUANTLENS_BUILD_GUI)
  list(APPEND check_deb_args --gui)
endif()
add_test(NAME installer_deb_package
  COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/check_deb_package.sh ${check_deb_args})
# 77: cpack or dpkg-deb is not installed.
set_tests_properties(installer_deb_package PROPERTIES LABELS package TIMEOUT 120 SKIP_RETURN_CODE 77)
