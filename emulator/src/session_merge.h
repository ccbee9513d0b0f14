#pragma once
#include "auth.h"
#include "failure.h"
#include "session_record.h"
#include "social_graph.h"
#include "template_store.h"

#include <optional>
#include <variant>

namespace xbl::emulator {

/// Who writes, when, and how they reached the session.
struct WriteContext {
  Principal caller;
  TimeMs now = 0;
  SocialGraph const* social = nullptr;
  int contract = 107;
  bool creating = false;
  /// Set when the write comes through an invite, transfer or search handle (protocol §3.13):
  /// joinRestriction and visibility do not apply; `closed` still does.
  bool via_handle = false;
};

/// A new, empty session from the template and the request's constants (protocol §3.2): template
/// constants are locked (409 on a different value), request constants add to them, defaults fill
/// the rest, then `/constants/system` is validated.
std::variant<SessionRecord, Failure> CreateSessionRecord(SessionTemplate const& tmpl, std::string const& name,
                                                         Json const& request, WriteContext const& ctx,
                                                         std::string const& correlation_id);

/// Merges a validated request into `record` (protocol §3.3-3.6): access, constants, members in request
/// order, session properties, servers, then the derived read-only fields. On failure `record` is
/// partially changed: callers merge into a copy.
std::optional<Failure> ApplyWrite(SessionRecord& record, Json const& request, WriteContext const& ctx);

/// Members with `initialize: true` in a request (for membersNeededToStart at creation).
std::int64_t CountInitializeMembers(Json const& request);

/// Normalises a JSON xuid (string or bare number) to its decimal string; "" when invalid.
std::string XuidString(Json const& value);

}  // namespace xbl::emulator
