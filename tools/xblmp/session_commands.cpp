// xblmp session get|write|join|leave|update|set|properties|remove-member|remove-server
#include "arguments.h"
#include "cli_context.h"
#include "session_output.h"

namespace xblmp {
namespace {

namespace mp = xbl::multiplayer;

constexpr char kSessionPath[] = "/serviceconfigs/{scid}/sessiontemplates/{template}/sessions/{name}";
constexpr char kSessionArguments[] = "SCID TEMPLATE NAME";
constexpr char kExampleRef[] = "00000000-0000-0000-0000-000000000000 quick game-1";

// The session a get/write/join names: SCID TEMPLATE NAME, or a handle with --by-handle.
struct SessionTarget {
  mp::SessionReference reference;
  std::string handle_id;
};

OptionSpec const kByHandleOption{"--by-handle", "ID", "go through this handle (activity, invite, transfer or search) "
                                                       "instead of SCID TEMPLATE NAME"};

std::optional<SessionTarget> Target(Invocation const& invocation, std::string& error) {
  auto const& line = invocation.line;
  bool const by_handle = line.has("--by-handle");
  if (by_handle == !line.positional().empty() || (!by_handle && line.positional().size() != 3)) {
    error = "give either SCID TEMPLATE NAME or --by-handle ID";
    return std::nullopt;
  }
  SessionTarget target;
  if (by_handle) {
    target.handle_id = line.value("--by-handle");
    if (target.handle_id.empty()) error = "--by-handle takes a handle id";
  } else if (auto reference = ReferenceAt(line, 0)) {
    target.reference = *reference;
  } else {
    error = "SCID TEMPLATE NAME must all be non-empty";
  }
  if (!error.empty()) return std::nullopt;
  return target;
}

xbl::Result<mp::SessionResult> WriteTo(Invocation const& invocation, SessionTarget const& target,
                                       mp::MultiplayerSession const& session, mp::SessionWriteMode mode) {
  auto& service = invocation.context->service();
  if (!target.handle_id.empty()) return service.WriteSessionByHandleAsync(session, mode, target.handle_id).get();
  return service.WriteSessionAsync(session, mode).get();
}

int Get(Invocation const& invocation) {
  std::string error;
  auto target = Target(invocation, error);
  if (!target) return invocation.Usage(error);
  auto& service = invocation.context->service();
  if (!target->handle_id.empty()) {
    if (invocation.line.has("--etag")) return invocation.Usage("--etag goes with SCID TEMPLATE NAME");
    return PrintSessionResult(invocation, service.GetCurrentSessionByHandleAsync(target->handle_id).get());
  }
  return PrintSessionResult(invocation,
                            service.GetCurrentSessionAsync(target->reference, invocation.line.value("--etag")).get());
}

std::optional<mp::SessionWriteMode> ParseWriteMode(std::string const& name) {
  if (name == "create") return mp::SessionWriteMode::kCreateNew;
  if (name == "update") return mp::SessionWriteMode::kUpdateExisting;
  if (name == "upsert") return mp::SessionWriteMode::kUpdateOrCreateNew;
  if (name == "sync") return mp::SessionWriteMode::kSynchronizedUpdate;
  return std::nullopt;
}

int Write(Invocation const& invocation) {
  auto const& line = invocation.line;
  std::string error;
  auto target = Target(invocation, error);
  if (!target) return invocation.Usage(error);
  auto const mode = ParseWriteMode(line.value("--mode", "upsert"));
  if (!mode) return invocation.Usage("--mode takes create, update, upsert or sync");
  if (line.has("--etag") && *mode != mp::SessionWriteMode::kSynchronizedUpdate) {
    return invocation.Usage("--etag goes with --mode sync");
  }
  auto delta = ReadJsonBody(line, error);
  if (!delta) return invocation.Usage(error);
  mp::MultiplayerSession session(target->reference, invocation.context->xuid());
  session.set_etag(line.value("--etag"));
  if (auto merged = session.MergeRawChanges(*delta); !merged) return invocation.Fail(merged.error());
  return PrintSessionResult(invocation, WriteTo(invocation, *target, session, *mode));
}

int Join(Invocation const& invocation) {
  std::string error;
  auto target = Target(invocation, error);
  if (!target) return invocation.Usage(error);
  if (invocation.context->xuid().empty()) return invocation.Usage("session join needs the global --xuid");
  mp::MultiplayerSession session(target->reference, invocation.context->xuid());
  mp::JoinOptions options;
  options.active = invocation.line.has("--active");
  options.initialize = invocation.line.has("--initialize");
  if (auto joined = session.Join(options); !joined) return invocation.Fail(joined.error());
  return PrintSessionResult(invocation, WriteTo(invocation, *target, session, mp::SessionWriteMode::kUpdateOrCreateNew));
}

int Leave(Invocation const& invocation) {
  auto reference = ReferenceAt(invocation.line, 0);
  if (!reference) return invocation.Usage("SCID TEMPLATE NAME must all be non-empty");
  return PrintSessionResult(invocation, invocation.context->service().LeaveSessionAsync(*reference).get());
}

int Update(Invocation const& invocation) {
  auto const& line = invocation.line;
  auto reference = ReferenceAt(line, 0);
  if (!reference) return invocation.Usage("SCID TEMPLATE NAME must all be non-empty");
  std::string error;
  auto changes = ParseKeyJsonPairs(line.values("--custom"), "--custom", error);
  if (!changes) return invocation.Usage(error);
  auto const deletions = line.values("--delete-custom");
  if (changes->empty() && deletions.empty()) return invocation.Usage("give --custom KEY=JSON or --delete-custom KEY");
  mp::UpdateSessionOptions options;
  options.create_if_missing = line.has("--create");
  if (line.has("--max-writes")) {
    auto const writes = ParseUnsigned(line.value("--max-writes"), 1, 100);
    if (!writes) return invocation.Usage("--max-writes takes 1 to 100");
    options.max_writes = static_cast<int>(*writes);
  }
  auto mutate = [changes = *changes, deletions](mp::MultiplayerSession& session) -> xbl::Result<void> {
    for (auto const& [key, value] : changes) {
      if (auto set = session.SetCustomProperty(key, value); !set) return set;
    }
    for (auto const& key : deletions) {
      if (auto deleted = session.DeleteCustomProperty(key); !deleted) return deleted;
    }
    return {};
  };
  return PrintSessionResult(invocation, invocation.context->service().UpdateSessionAsync(*reference, mutate, options).get());
}

int Properties(Invocation const& invocation) {
  auto reference = ReferenceAt(invocation.line, 0);
  if (!reference) return invocation.Usage("SCID TEMPLATE NAME must all be non-empty");
  std::string error;
  auto properties = ReadJsonBody(invocation.line, error);
  if (!properties) return invocation.Usage(error);
  if (!properties->is_object()) return invocation.Usage("the body must be a JSON object such as {\"custom\":{..}}");
  return PrintSessionResult(invocation, invocation.context->service()
                                            .UpdateSessionPropertiesAsync(*reference, *properties,
                                                                          invocation.line.value("--etag"))
                                            .get());
}

int RemoveMember(Invocation const& invocation) {
  auto reference = ReferenceAt(invocation.line, 0);
  if (!reference) return invocation.Usage("SCID TEMPLATE NAME must all be non-empty");
  auto const index = ParseUnsigned(invocation.line.positional()[3], 0, 0xffffffffu);
  if (!index) return invocation.Usage("INDEX takes a member index (0 or more)");
  return PrintSessionResult(
      invocation, invocation.context->service().RemoveMemberAsync(*reference, static_cast<std::uint32_t>(*index)).get());
}

int RemoveServer(Invocation const& invocation) {
  auto reference = ReferenceAt(invocation.line, 0);
  auto const& server = invocation.line.positional()[3];
  if (!reference || server.empty()) return invocation.Usage("SCID TEMPLATE NAME SERVER must all be non-empty");
  return PrintSessionResult(invocation, invocation.context->service().RemoveServerAsync(*reference, server).get());
}

Command UpdateCommand(std::string const& verb, std::string const& summary) {
  return {{"session", verb},
          kSessionArguments,
          3,
          3,
          summary,
          "  Reads the session, applies the changes to a fresh copy, writes it with If-Match, and on 412\n"
          "  starts again from the current session, so no concurrent update is lost.",
          std::string("GET then PUT ") + kSessionPath + " (If-Match; repeated after a 412)",
          {{"--custom", "KEY=JSON", "set properties.custom.KEY to the JSON value", true},
           {"--delete-custom", "KEY", "remove properties.custom.KEY", true},
           {"--create", "", "create the session when it does not exist (default: exit 3)"},
           {"--max-writes", "N", "give up with exit 4 after N writes that met a 412 (1 to 100, default 10)"}},
          std::string("xblmp --xuid 1001 session ") + verb + " " + kExampleRef + " --custom map='\"dust\"' --custom round=3",
          true,
          true,
          Update};
}

}  // namespace

std::vector<Command> SessionCommands() {
  std::string const path = kSessionPath;
  return {
      {{"session", "get"},
       "[SCID TEMPLATE NAME]",
       0,
       3,
       "read a session (exit 3 when it does not exist)",
       "",
       "GET " + path + "\n  with --by-handle: GET /handles/{id}/session",
       {kByHandleOption,
        {"--etag", "ETAG", "the ETag you hold, sent as If-None-Match: prints `not modified` when it is current"}},
       std::string("xblmp --xuid 1001 session get ") + kExampleRef,
       true,
       true,
       Get},
      {{"session", "write"},
       "[SCID TEMPLATE NAME]",
       0,
       3,
       "write a change (a session document delta) to a session",
       "  The body is merged into the session as MPSD merges a PUT: members.me joins or changes the caller,\n"
       "  null removes a value. The session as written is printed; on 412 the current session is printed.",
       "PUT " + path + "\n  with --by-handle: PUT /handles/{id}/session",
       {{"--body", "FILE|-", "the change as JSON, from FILE or stdin", false, true},
        {"--mode", "MODE", "create (If-None-Match: *), update (If-Match: *), upsert (no precondition) or sync "
                           "(If-Match: ETAG); default upsert"},
        {"--etag", "ETAG", "with --mode sync: the ETag the change is based on"},
        kByHandleOption},
       std::string("echo '{\"properties\":{\"custom\":{\"map\":\"dust\"}}}' | xblmp --xuid 1001 session write ") +
           kExampleRef + " --body -",
       true,
       true,
       Write},
      {{"session", "join"},
       "[SCID TEMPLATE NAME]",
       0,
       3,
       "join a session as the global --xuid (creating it when it does not exist)",
       "",
       "PUT " + path + " (members.me)\n  with --by-handle: PUT /handles/{id}/session",
       {{"--active", "", "join as an active member (default: inactive)"},
        {"--initialize", "", "ask for member initialization (constants.system.initialize)"},
        kByHandleOption},
       std::string("xblmp --xuid 1001 session join ") + kExampleRef + " --active",
       true,
       true,
       Join},
      {{"session", "leave"},
       kSessionArguments,
       3,
       3,
       "leave a session as the global --xuid (`deleted` when it ended with its last member)",
       "",
       "DELETE " + path + "/members/me",
       {},
       std::string("xblmp --xuid 1001 session leave ") + kExampleRef,
       true,
       true,
       Leave},
      UpdateCommand("update", "change custom properties by read-modify-write, surviving concurrent writers"),
      UpdateCommand("set", "the same as session update (the older name)"),
      {{"session", "properties"},
       kSessionArguments,
       3,
       3,
       "merge properties into an existing session",
       "  The body is {\"system\": {..}, \"custom\": {..}}; the session is never created (exit 3 when missing).",
       "PUT " + path + "/properties",
       {{"--body", "FILE|-", "the properties as JSON, from FILE or stdin", false, true},
        {"--etag", "ETAG", "send If-Match: ETAG (exit 4 when the session has changed)"}},
       std::string("echo '{\"custom\":{\"round\":4}}' | xblmp --xuid 1001 session properties ") + kExampleRef +
           " --body -",
       true,
       true,
       Properties},
      {{"session", "remove-member"},
       "SCID TEMPLATE NAME INDEX",
       4,
       4,
       "remove the member with this index (server principals: use the global --server)",
       "",
       "DELETE " + path + "/members/{index}",
       {},
       std::string("xblmp --server session remove-member ") + kExampleRef + " 0",
       true,
       true,
       RemoveMember},
      {{"session", "remove-server"},
       "SCID TEMPLATE NAME SERVER",
       4,
       4,
       "remove the servers entry SERVER (server principals: use the global --server)",
       "",
       "DELETE " + path + "/servers/{server}",
       {},
       std::string("xblmp --server session remove-server ") + kExampleRef + " game",
       true,
       true,
       RemoveServer},
  };
}

}  // namespace xblmp
