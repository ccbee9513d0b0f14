#include "commit_point.h"

#include "change_types.h"
#include "ids.h"
#include "service_state.h"
#include "session_timers.h"

namespace xbl::emulator {

void StampCommit(SessionRecord& record) {
  std::int64_t change = record.doc.value("changeNumber", Json(0)).get<std::int64_t>() + 1;
  record.doc["changeNumber"] = change;
  record.rendered.clear();
  record.etag = "\"" + HexHash(record.doc.value("branch", std::string()) + ":" + std::to_string(change)) + "\"";
  StampNextTimer(record);
}

namespace {

ChangeEntry EntryFor(ServiceState& state, SessionRecord const& record, CommitCause const& cause) {
  ChangeEntry entry;
  entry.session_key = SessionKey(record.scid, record.template_name, record.name);
  entry.scid = record.scid;
  entry.template_name = record.template_name;
  entry.name = record.name;
  entry.branch = record.doc.value("branch", std::string());
  entry.change_number = record.doc.value("changeNumber", Json(0)).get<std::int64_t>();
  entry.time = state.clock.Now();
  entry.committed_at = std::chrono::steady_clock::now();
  entry.cause = cause;
  entry.document = std::make_shared<Json const>(record.doc);
  return entry;
}

}  // namespace

void CommitSession(ServiceState& state, SessionRecord& record, Json const& before, CommitCause const& cause) {
  StampCommit(record);
  ChangeEntry entry = EntryFor(state, record, cause);
  entry.change_types = MatchedChangeTypes(before, record.doc);
  state.feed.Append(std::move(entry));
}

void CommitDeletion(ServiceState& state, std::string const& key, CommitCause const& cause) {
  SessionRecord const* record = state.sessions.Find(key);
  if (!record) return;
  ChangeEntry entry = EntryFor(state, *record, cause);
  entry.deleted = true;
  state.feed.Append(std::move(entry));
  state.sessions.Erase(key);
}

CommitCause RequestCause(HttpRequest const& request, Principal const& caller, char const* kind) {
  CommitCause cause;
  cause.kind = kind;
  cause.method = request.method;
  cause.path = request.path;
  cause.identity = caller.has_user() ? caller.xuid : std::string("server");
  return cause;
}

CommitCause ActionCause(char const* kind, std::string action) {
  CommitCause cause;
  cause.kind = kind;
  cause.action = std::move(action);
  return cause;
}

}  // namespace xbl::emulator
