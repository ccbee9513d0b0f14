#pragma once
#include <string>

namespace xbl::emulator {

/// A request the service refuses. `with_session` answers with the JSON session instead of
/// the text message (the "403 JSON session" and "412 + session" rows of protocol §1.3).
struct Failure {
  int status = 400;
  std::string message;
  bool with_session = false;
};

inline Failure BadRequest(std::string message) { return Failure{400, std::move(message), false}; }
inline Failure Forbidden(std::string message) { return Failure{403, std::move(message), false}; }
inline Failure Conflict(std::string message) { return Failure{409, std::move(message), false}; }

}  // namespace xbl::emulator
