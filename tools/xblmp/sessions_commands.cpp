// xblmp sessions query
#include "arguments.h"
#include "cli_context.h"
#include "readable.h"
#include "session_output.h"

namespace xblmp {
namespace {

namespace mp = xbl::multiplayer;

int Query(Invocation const& invocation) {
  auto const& line = invocation.line;
  mp::GetSessionsRequest request(line.positional()[0]);
  request.set_template_name(line.value("--template")).set_keyword(line.value("--keyword"));
  auto const xuids = line.values("--xuid");
  if (xuids.size() == 1) request.set_xuid(xuids[0]);
  if (xuids.size() > 1) request.set_xuids(xuids);
  request.set_include_private(line.has("--private"))
      .set_include_reservations(line.has("--reservations"))
      .set_include_inactive(line.has("--inactive"));
  if (line.has("--visibility")) {
    auto const visibility = mp::ParseSessionVisibility(line.value("--visibility"));
    if (visibility == mp::SessionVisibility::kUnknown) {
      return invocation.Usage("--visibility takes open, visible, private or full");
    }
    request.set_visibility(visibility);
  }
  if (line.has("--take")) {
    auto const take = ParseUnsigned(line.value("--take"), 1, 100000);
    if (!take) return invocation.Usage("--take takes a positive number");
    request.set_take(static_cast<int>(*take));
  }
  auto result = invocation.context->service().GetSessionsAsync(request).get();
  if (!result) return invocation.Fail(result.error());
  nlohmann::json results = nlohmann::json::array();
  std::string text = std::to_string(result->size()) + " session(s)\n";
  for (auto const& entry : *result) {
    results.push_back(entry.document);
    text += "  " + ReadableReference(entry.reference) + "  accepted " + std::to_string(entry.accepted) +
            "  visibility " + std::string(mp::ToString(entry.visibility));
    if (!entry.xuid.empty()) {
      text += "  xuid " + EscapeControl(entry.xuid) + " " + std::string(mp::ToString(entry.status));
    }
    text += "\n";
  }
  invocation.out.Print({{"results", results}}, text);
  return kExitOk;
}

}  // namespace

std::vector<Command> SessionsCommands() {
  return {
      {{"sessions", "query"},
       "SCID",
       1,
       1,
       "find sessions by keyword or by member xuid (one of them is required)",
       "",
       "GET /serviceconfigs/{scid}[/sessiontemplates/{template}]/sessions?... (keyword or one xuid)\n"
       "  POST /serviceconfigs/{scid}[/sessiontemplates/{template}]/batch (several xuids)",
       {{"--template", "TEMPLATE", "only sessions of this template"},
        {"--keyword", "KEYWORD", "only sessions with this keyword"},
        {"--xuid", "XUID", "only sessions this user is in; several make a batch query", true},
        {"--private", "", "include private sessions (the caller's own only)"},
        {"--reservations", "", "include sessions where the user only has a reservation"},
        {"--inactive", "", "include sessions where the user is inactive"},
        {"--visibility", "V", "only sessions with this visibility: open, visible, private or full"},
        {"--take", "N", "at most N results"}},
       "xblmp --xuid 1001 sessions query 00000000-0000-0000-0000-000000000000 --xuid 1001",
       true,
       true,
       Query},
  };
}

}  // namespace xblmp
