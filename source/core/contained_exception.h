#pragma once
// Every `catch (...)` that keeps an exception from crossing an SDK thread or API says so at error
// level: through the service's logger when there is one, else on stderr.
#include "core/logger.h"
#include <string>
#include <string_view>

namespace xbl::internal {

/// Call inside a catch block only: logs "`where` threw: <what>" at error level.
void LogContainedException(Logger const* logger, std::string_view where);

}  // namespace xbl::internal
