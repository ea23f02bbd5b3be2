# Compiler warnings every QuantLens target builds with.
add_library(quantlens_warnings INTERFACE)
target_compile_options(quantlens_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wcast-align -Woverloaded-virtual
  -Wimplicit-fallthrough
  # GCC 12 reports false -Wrestrict overlaps inside std::string (GCC bug 105329).
  -Wno-restrict)
add_library(quantlens::warnings ALIAS quantlens_warnings)
