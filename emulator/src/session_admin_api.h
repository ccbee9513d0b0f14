#pragma once
#include "change_feed.h"
#include "http_message.h"
#include "service_state.h"

#include <string>

namespace xbl::emulator {

/// The session views under `/_emulator/sessions` that the explorer page and `xblmp session
/// history` read: no auth, JSON. Like session queries they read the stored documents without
/// running the lazy timers, so looking never changes a session.
///   GET /_emulator/sessions[?scid=&template=&xuid=]           live sessions and deleted ones with history
///   GET /_emulator/sessions/{scid}/{template}/{name}          the document and its pending timers
///   GET /_emulator/sessions/{scid}/{template}/{name}/history  the kept versions with their JSON Patches
class SessionAdminApi {
 public:
  explicit SessionAdminApi(ServiceState& state) : state_(state) {}
  /// `rest` is the part after "/_emulator/sessions".
  HttpResponse Handle(HttpRequest const& request, std::string const& rest);

 private:
  HttpResponse List(HttpRequest const& request);
  HttpResponse Detail(std::string const& scid, std::string const& template_name, std::string const& name);
  HttpResponse History(std::string const& scid, std::string const& template_name, std::string const& name);
  ServiceState& state_;
};

/// What made a commit, as the admin views show it (empty fields left out).
Json CauseJson(CommitCause const& cause);
/// The `change` event of the admin event stream for one change-feed entry (no document: the page
/// reads the session view it needs).
Json ChangeEventJson(ChangeEntry const& entry);

}  // namespace xbl::emulator
