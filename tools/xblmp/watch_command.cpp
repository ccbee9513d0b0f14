// xblmp session watch: each change of one session as it happens, until SIGINT or SIGTERM.
#include "arguments.h"
#include "cli_context.h"
#include "session_output.h"
#include "stop_signal.h"
#include "xbl/multiplayer/session_watcher.h"
#include "xbl/timestamp.h"
#include <chrono>
#include <iostream>
#include <mutex>

namespace xblmp {
namespace {

namespace mp = xbl::multiplayer;

// MPSD names a member's subscription by a GUID of the title's choosing; one member per process
// per session, so one fixed id is enough.
constexpr char kSubscriptionId[] = "0d5e7c1a-9b3f-4e62-8a47-3c2b1f0e9d84";

// The kinds by their `SessionChanges` names, in its order.
std::vector<std::string> ChangeKinds(mp::SessionChanges const& changes) {
  std::vector<std::string> kinds;
  std::pair<bool, char const*> const named[] = {{changes.host, "host"},
                                                {changes.initialization, "initialization"},
                                                {changes.matchmaking_status, "matchmaking_status"},
                                                {changes.members_list, "members_list"},
                                                {changes.members_status, "members_status"},
                                                {changes.joinability, "joinability"},
                                                {changes.custom_property, "custom_property"},
                                                {changes.members_custom_property, "members_custom_property"}};
  for (auto const& [set, name] : named) {
    if (set) kinds.push_back(name);
  }
  return kinds;
}

nlohmann::json ChangeNumber(std::shared_ptr<mp::MultiplayerSession const> const& session) {
  return session ? nlohmann::json(session->change_number()) : nlohmann::json();
}

// Every key is always there (null when it does not apply), so a script can read any line alike.
nlohmann::json EventJson(mp::SessionWatchEvent const& event, std::string const& time) {
  nlohmann::json item = {{"time", time},
                         {"kind", mp::ToString(event.kind)},
                         {"reference", event.reference},
                         {"changeNumber", ChangeNumber(event.current)},
                         {"previousChangeNumber", ChangeNumber(event.previous)},
                         {"changes", ChangeKinds(event.changes)},
                         {"session", event.current ? event.current->ToJson() : nlohmann::json()},
                         {"error", nullptr}};
  if (event.error) {
    item["error"] = {{"code", xbl::ToString(event.error->code)},
                     {"httpStatus", event.error->http_status},
                     {"message", event.error->message}};
  }
  return item;
}

// `12:03:04 changed #14 custom_property, members_list` (UTC).
std::string ReadableEvent(mp::SessionWatchEvent const& event, std::string const& time) {
  std::string line = time.substr(11, 8) + " " + mp::ToString(event.kind);
  if (event.current) line += " #" + std::to_string(event.current->change_number());
  if (event.kind == mp::SessionWatchEventKind::kChanged) {
    auto const kinds = ChangeKinds(event.changes);
    std::string joined;
    for (auto const& kind : kinds) joined += (joined.empty() ? "" : ", ") + kind;
    line += " " + (joined.empty() ? std::string("(other)") : joined);
  }
  if (event.error) line += " " + std::string(xbl::ToString(event.error->code)) + " " + EscapeControl(event.error->message);
  return line;
}

// Joins as an active member subscribed to every change: the taps then come to this process.
int JoinForTaps(Invocation const& invocation, mp::SessionReference const& reference) {
  mp::MultiplayerSession session(reference, invocation.context->xuid());
  if (auto joined = session.Join(); !joined) return invocation.Fail(joined.error());
  if (auto subscribed = session.SetCurrentUserSubscription(kSubscriptionId, {"everything"}); !subscribed) {
    return invocation.Fail(subscribed.error());
  }
  auto written = invocation.context->service().WriteSessionAsync(session, mp::SessionWriteMode::kUpdateExisting).get();
  if (!written && written.error().code == xbl::ErrorCode::kPreconditionFailed && !written.error().session) {
    // If-Match: * failed: there is no such session (watch --join never creates one).
    std::cerr << "error: no_such_session 412 the session does not exist" << std::endl;
    return kExitNotFound;
  }
  if (!written) return invocation.Fail(written.error());
  if (written->session && !written->session->constants().capabilities.connection_required_for_active_members) {
    std::cerr << "note: the session does not set connectionRequiredForActiveMembers, so MPSD sends no shoulder taps "
                 "for it: changes show only after a reconnect or a Resync"
              << std::endl;
  }
  return kExitOk;
}

int Watch(Invocation const& invocation) {
  auto reference = ReferenceAt(invocation.line, 0);
  if (!reference) return invocation.Usage("SCID TEMPLATE NAME must all be non-empty");
  bool const join = invocation.line.has("--join");
  if (join && invocation.context->xuid().empty()) return invocation.Usage("--join needs the global --xuid");
  auto& service = invocation.context->service();

  StopSignal stop;  // before anything is printed: a signal sent after the first line is caught
  std::mutex output;  // handlers run on the callback executor, notes on this thread
  auto lost = service.AddSubscriptionLostHandler([&output](xbl::Error const& error) {
    std::lock_guard<std::mutex> lock(output);
    std::cerr << "note: subscription lost (" << EscapeControl(error.ToString()) << "); reconnecting" << std::endl;
  });
  mp::SessionWatcher watcher(service, [&output, &invocation](mp::SessionWatchEvent const& event) {
    auto const time = xbl::Timestamp::FromTimePoint(std::chrono::system_clock::now()).ToString();
    std::lock_guard<std::mutex> lock(output);
    invocation.out.PrintStreamItem(EventJson(event, time), ReadableEvent(event, time));
  });
  if (join) {
    if (int status = JoinForTaps(invocation, *reference); status != kExitOk) return status;
  } else {
    std::lock_guard<std::mutex> lock(output);
    std::cerr << "note: not a member: changes show only after a reconnect or a Resync; pass --join (with --xuid) to "
                 "see each change as it happens"
              << std::endl;
  }
  watcher.Watch(*reference);
  stop.Wait();
  watcher.Stop();  // no event is printed after this
  if (!join) return kExitOk;
  auto left = service.LeaveSessionAsync(*reference).get();
  if (!left) return invocation.Fail(left.error());
  std::cerr << "left " << ReadableReference(*reference) << std::endl;
  return kExitOk;
}

}  // namespace

std::vector<Command> WatchCommands() {
  return {
      {{"session", "watch"},
       "SCID TEMPLATE NAME",
       3,
       3,
       "print each change of a session as it happens, until SIGINT or SIGTERM (exit 0)",
       "  One line per event: UTC time, kind (first_snapshot, changed, ended), change number and, for a\n"
       "  change, what changed (e.g. `12:03:04 changed #14 custom_property, members_list`). With --json,\n"
       "  one JSON object per line: time, kind, reference, changeNumber, previousChangeNumber, changes and\n"
       "  session (the new document). Several commits between two reads arrive as one change.\n"
       "  MPSD sends shoulder taps only to an active member bound to the RTA connection and subscribed, in a\n"
       "  session whose constants set connectionRequiredForActiveMembers. --join makes the global --xuid\n"
       "  that member (and leaves on exit); without it the session is read at start, after each reconnect\n"
       "  and after each Resync only.",
       "GET /serviceconfigs/{scid}/sessiontemplates/{template}/sessions/{name} on each shoulder tap (and at\n"
       "  start), over the RTA WebSocket (--rta-endpoint); with --join: PUT {session} (members.me) first, DELETE\n"
       "  {session}/members/me on exit",
       {{"--join", "", "join as an active member subscribed to every change, and leave on exit (needs --xuid)"}},
       "xblmp --xuid 1002 session watch c0f0c0f0-0000-4000-8000-000000000001 dyn lobby-1 --join",
       true,
       true,
       Watch},
  };
}

}  // namespace xblmp
