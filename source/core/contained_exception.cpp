#include "core/contained_exception.h"
#include <exception>
#include <iostream>

namespace xbl::internal {

void LogContainedException(Logger const* logger, std::string_view where) {
  std::string what = "an exception that is not a std::exception";
  try {
    throw;
  } catch (std::exception const& e) {
    what = e.what();
  } catch (...) {
  }
  std::string const message = std::string(where) + " threw: " + what;
  if (logger != nullptr && logger->IsEnabled(TraceLevel::kError)) {
    logger->Log(TraceLevel::kError, "sdk", message);
  } else {
    std::cerr << "xbl: error: " << message << "\n";
  }
}

}  // namespace xbl::internal
