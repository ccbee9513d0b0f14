// The session object itself: identity, member lookup, and the pending changes as a whole (what
// they hold, how they render, when they may be recorded). Each kind of mutator lives in its own
// file: session_constants_changes, session_role_changes, session_membership_changes,
// session_current_user_changes, session_property_changes, session_server_changes and
// session_raw_changes.
#include "xbl/multiplayer/multiplayer_session.h"
#include "multiplayer/pending_changes.h"
#include "multiplayer/session_change_rules.h"

namespace xbl::multiplayer {

using change_rules::InvalidState;

MultiplayerSession::PendingHolder::PendingHolder() noexcept = default;
MultiplayerSession::PendingHolder::PendingHolder(PendingHolder const& other)
    : changes_(other.changes_ ? std::make_unique<internal::PendingChanges>(*other.changes_) : nullptr) {}
MultiplayerSession::PendingHolder::PendingHolder(PendingHolder&& other) noexcept = default;
MultiplayerSession::PendingHolder& MultiplayerSession::PendingHolder::operator=(PendingHolder const& other) {
  if (this != &other) changes_ = other.changes_ ? std::make_unique<internal::PendingChanges>(*other.changes_) : nullptr;
  return *this;
}
MultiplayerSession::PendingHolder& MultiplayerSession::PendingHolder::operator=(PendingHolder&& other) noexcept = default;
MultiplayerSession::PendingHolder::~PendingHolder() = default;
void MultiplayerSession::PendingHolder::reset() noexcept { changes_.reset(); }

internal::PendingChanges& MultiplayerSession::PendingHolder::GetOrCreate() {
  if (!changes_) changes_ = std::make_unique<internal::PendingChanges>();
  return *changes_;
}

MultiplayerSession::MultiplayerSession(SessionReference reference, std::string current_user_xuid)
    : reference_(std::move(reference)), current_user_xuid_(std::move(current_user_xuid)) {}

void MultiplayerSession::set_current_user_xuid(std::string xuid) { current_user_xuid_ = std::move(xuid); }

SessionMember const* MultiplayerSession::current_user() const {
  for (auto const& member : members_) {
    if (member.is_current_user) return &member;
    if (!current_user_xuid_.empty() && member.xuid == current_user_xuid_) return &member;
  }
  return nullptr;
}

SessionMember const* MultiplayerSession::member_by_index(std::uint32_t index) const {
  for (auto const& member : members_) {
    if (member.index == index) return &member;
  }
  return nullptr;
}

// --- the pending changes as a whole --------------------------------------------------------

bool MultiplayerSession::has_pending_changes() const {
  auto const* pending = pending_.get();
  return pending != nullptr && !pending->empty();
}

void MultiplayerSession::ClearPendingChanges() { pending_.reset(); }

nlohmann::ordered_json MultiplayerSession::RequestBody() const {
  auto const* pending = pending_.get();
  return pending != nullptr ? pending->Body() : nlohmann::ordered_json::object();
}

std::string MultiplayerSession::RequestBodyText() const { return RequestBody().dump(); }

bool MultiplayerSession::PendingJoin() const {
  auto const* pending = pending_.get();
  return pending != nullptr && pending->joining();
}

bool MultiplayerSession::PendingLeave() const {
  auto const* pending = pending_.get();
  return pending != nullptr && pending->leaving();
}

Result<void> MultiplayerSession::RequireNew(char const* what) const {
  if (from_service_) {
    return InvalidState(std::string(what) + " is a constant: it can only be set before the session is first written");
  }
  return {};
}

Result<void> MultiplayerSession::RequireCurrentUser(char const* what) const {
  if (PendingLeave()) return InvalidState(std::string(what) + ": the current user is leaving in this write");
  if (current_user_xuid_.empty() && !constants_.capabilities.large) {
    return InvalidState(std::string(what) + ": no current user (set current_user_xuid first)");
  }
  if ((pending_.get() != nullptr && pending_.get()->has_me()) || current_user() != nullptr) return {};
  return InvalidState(std::string(what) + ": the current user is not a member of the session; Join first");
}

}  // namespace xbl::multiplayer
