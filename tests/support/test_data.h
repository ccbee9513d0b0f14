#pragma once
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

namespace xbl::testing_support {

/// Reads a file under tests/data/ (XBL_TEST_DATA_DIR is set by tests/CMakeLists.txt).
inline std::string ReadTestData(std::string const& relative_path) {
  std::ifstream in(std::string(XBL_TEST_DATA_DIR) + "/" + relative_path, std::ios::binary);
  if (!in) throw std::runtime_error("missing test data: " + relative_path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace xbl::testing_support
