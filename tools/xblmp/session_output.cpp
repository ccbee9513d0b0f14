#include "session_output.h"
#include "output.h"
#include "readable.h"
#include <iostream>

namespace xblmp {

namespace mp = xbl::multiplayer;

std::string ReadableReference(mp::SessionReference const& reference) {
  return EscapeControl(reference.scid + "/" + reference.template_name + "/" + reference.name);
}

namespace {

std::string ReadableSession(mp::MultiplayerSession const& session, std::string const& status) {
  std::string header = "session " + ReadableReference(session.reference()) + ": " + status;
  if (!session.etag().empty()) header += ", etag " + EscapeControl(session.etag());
  return header + "\n" + ReadableJson(session.ToJson());
}

}  // namespace

int PrintSessionResult(Invocation const& invocation, xbl::Result<mp::SessionResult> const& result) {
  auto const& out = invocation.out;
  if (!result) {
    if (auto const& session = result.error().session) out.Print(session->ToJson(), ReadableSession(*session, "current"));
    return invocation.Fail(result.error());
  }
  switch (result->status) {
    case mp::SessionResultStatus::kNotFound:
      std::cerr << "error: no_such_session 204 the session does not exist" << std::endl;
      return kExitNotFound;
    case mp::SessionResultStatus::kDeleted:
    case mp::SessionResultStatus::kNotModified: {
      std::string const status = mp::ToString(result->status);
      out.Print({{"status", status}}, status == "deleted" ? "deleted: the session no longer has this element, or no longer exists\n"
                                                          : "not modified: the ETag given is current\n");
      return kExitOk;
    }
    default:
      if (!result->session) {
        out.Print(nlohmann::json::object(), std::string(mp::ToString(result->status)) + "\n");
        return kExitOk;
      }
      out.Print(result->session->ToJson(), ReadableSession(*result->session, mp::ToString(result->status)));
      return kExitOk;
  }
}

}  // namespace xblmp
