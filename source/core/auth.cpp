#include "xbl/auth.h"

namespace xbl {

AuthTokenProvider StaticAuthToken(std::string authorization) {
  return [authorization = std::move(authorization)](bool, pplx::cancellation_token) {
    return pplx::task_from_result(Result<std::string>(authorization));
  };
}

}  // namespace xbl
