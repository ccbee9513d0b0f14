// xblmp handles activity set|get|clear, invite send, transfer create, search set|query|clear
#include "arguments.h"
#include "cli_context.h"
#include "readable.h"
#include "session_output.h"
#include <cmath>
#include <cstdlib>

namespace xblmp {
namespace {

namespace mp = xbl::multiplayer;

constexpr char kExampleScid[] = "00000000-0000-0000-0000-000000000000";
constexpr char kSearchScid[] = "c0f0c0f0-0000-4000-8000-000000000001";  // the emulator's template srch is here
constexpr char kHandleQueryRoute[] = "POST /handles/query?include=relatedInfo,customProperties";

std::string MembersText(std::optional<mp::HandleRelatedInfo> const& info) {
  if (!info) return "";
  return ", " + std::to_string(info->members_count) + "/" + std::to_string(info->max_members_count) + " members" +
         (info->closed ? ", closed" : "");
}

int ActivitySet(Invocation const& invocation) {
  auto reference = ReferenceAt(invocation.line, 0);
  if (!reference) return invocation.Usage("SCID TEMPLATE NAME must all be non-empty");
  if (auto set = invocation.context->service().SetActivityAsync(*reference).get(); !set) return invocation.Fail(set.error());
  invocation.out.Print({{"status", "set"}, {"sessionRef", *reference}},
                       "activity set: " + ReadableReference(*reference) + "\n");
  return kExitOk;
}

int ActivityGet(Invocation const& invocation) {
  auto const& line = invocation.line;
  auto const& scid = line.positional()[0];
  auto const xuids = line.values("--xuid");
  bool const by_group = line.has("--social-group");
  if (by_group == !xuids.empty()) return invocation.Usage("give either --xuid XUID... or --social-group GROUP");
  if (line.has("--owner") && !by_group) return invocation.Usage("--owner goes with --social-group");
  auto& service = invocation.context->service();
  auto result = by_group ? service
                               .GetActivitiesForSocialGroupAsync(scid, line.value("--owner", invocation.context->xuid()),
                                                                 line.value("--social-group"))
                               .get()
                         : service.GetActivitiesForUsersAsync(scid, xuids).get();
  if (!result) return invocation.Fail(result.error());
  nlohmann::json results = nlohmann::json::array();
  std::string text = std::to_string(result->size()) + " activity handle(s)\n";
  for (auto const& activity : *result) {
    results.push_back(activity.ToJson());
    text += "  " + EscapeControl(activity.owner_xuid) + " in " + ReadableReference(activity.session_reference) +
            " (handle " + EscapeControl(activity.handle_id) + MembersText(activity.related_info) + ")\n";
  }
  invocation.out.Print({{"results", results}}, text);
  return kExitOk;
}

int ActivityClear(Invocation const& invocation) {
  if (invocation.context->xuid().empty()) return invocation.Usage("handles activity clear needs the global --xuid");
  auto const& scid = invocation.line.positional()[0];
  if (auto cleared = invocation.context->service().ClearActivityAsync(scid).get(); !cleared) {
    return invocation.Fail(cleared.error());
  }
  invocation.out.Print({{"status", "cleared"}, {"scid", scid}},
                       "activity cleared in " + EscapeControl(scid) + " (if there was one)\n");
  return kExitOk;
}

int InviteSend(Invocation const& invocation) {
  auto const& line = invocation.line;
  auto reference = ReferenceAt(line, 0);
  if (!reference) return invocation.Usage("SCID TEMPLATE NAME must all be non-empty");
  auto const invitees = line.values("--to");
  auto result = invocation.context->service()
                    .SendInvitesAsync(*reference, invitees, line.value("--title-id"), line.value("--context-string"),
                                      line.value("--context"))
                    .get();
  if (!result) return invocation.Fail(result.error());
  nlohmann::json invites = nlohmann::json::array();
  std::string text;
  int status = kExitOk;
  for (auto const& invite : *result) {
    if (invite.error) {
      auto error = *invite.error;
      invites.push_back({{"xuid", invite.invited_xuid},
                         {"error", {{"code", xbl::ToString(error.code)}, {"httpStatus", error.http_status},
                                    {"message", error.message}}}});
      error.message = "invite to " + invite.invited_xuid + ": " + error.message;
      int const failed = invocation.Fail(error);  // one line per failed invitee; the first decides the status
      if (status == kExitOk) status = failed;
    } else {
      invites.push_back({{"xuid", invite.invited_xuid}, {"handleId", invite.handle_id}});
      text += "invited " + EscapeControl(invite.invited_xuid) + ": handle " + EscapeControl(invite.handle_id) + "\n";
    }
  }
  invocation.out.Print({{"invites", invites}}, text);
  return status;
}

int TransferCreate(Invocation const& invocation) {
  auto target = ReferenceAt(invocation.line, 0);
  if (!target) return invocation.Usage("SCID TEMPLATE NAME must all be non-empty");
  auto origin = ParseSlashReference(invocation.line.value("--origin"), target->scid);
  if (!origin) return invocation.Usage("--origin takes TEMPLATE/NAME or SCID/TEMPLATE/NAME");
  auto result = invocation.context->service().SetTransferHandleAsync(*target, *origin).get();
  if (!result) return invocation.Fail(result.error());
  invocation.out.Print({{"handleId", *result}, {"sessionRef", *target}, {"originSessionRef", *origin}},
                       "transfer handle " + EscapeControl(*result) + ": members of " + ReadableReference(*origin) +
                           " may join " + ReadableReference(*target) + "\n");
  return kExitOk;
}

std::optional<double> ParseNumber(std::string const& text) {
  char* end = nullptr;
  double const value = std::strtod(text.c_str(), &end);
  if (text.empty() || end == nullptr || *end != '\0' || !std::isfinite(value)) return std::nullopt;
  return value;
}

std::string ReadableSearchHandle(mp::SearchHandleDetails const& handle) {
  std::string text = "search handle " + EscapeControl(handle.handle_id) + " for " +
                     ReadableReference(handle.session_reference) + MembersText(handle.related_info) + "\n";
  for (auto const& tag : handle.tags) text += "  tag " + EscapeControl(tag) + "\n";
  for (auto const& [name, value] : handle.strings) text += "  " + EscapeControl(name) + " = " + EscapeControl(value) + "\n";
  for (auto const& [name, value] : handle.numbers) text += "  " + EscapeControl(name) + " = " + ReadableScalar(value) + "\n";
  return text;
}

int SearchSet(Invocation const& invocation) {
  auto const& line = invocation.line;
  auto reference = ReferenceAt(line, 0);
  if (!reference) return invocation.Usage("SCID TEMPLATE NAME must all be non-empty");
  mp::SearchHandleRequest request;
  request.session_reference = *reference;
  request.tags = line.values("--tag");
  std::string error;
  auto strings = ParseKeyValuePairs(line.values("--string"), "--string", error);
  auto numbers = strings ? ParseKeyValuePairs(line.values("--number"), "--number", error) : std::nullopt;
  if (!numbers) return invocation.Usage(error);
  request.strings.insert(strings->begin(), strings->end());
  for (auto const& [name, text] : *numbers) {
    auto const number = ParseNumber(text);
    if (!number) return invocation.Usage("--number " + name + ": the value is not a finite number");
    request.numbers[name] = *number;
  }
  auto result = invocation.context->service().SetSearchHandleAsync(request).get();
  if (!result) return invocation.Fail(result.error());
  invocation.out.Print(result->ToJson(), ReadableSearchHandle(*result));
  return kExitOk;
}

int SearchQuery(Invocation const& invocation) {
  auto const& line = invocation.line;
  mp::SearchHandlesQuery query;
  query.scid = line.positional()[0];
  query.template_name = line.positional()[1];
  query.filter = line.value("--filter");
  query.order_by = line.value("--order-by");
  query.order_ascending = line.has("--ascending");
  query.social_group = line.value("--social-group");
  query.social_group_xuid = line.value("--owner");
  if (line.has("--owner") && query.social_group.empty()) return invocation.Usage("--owner goes with --social-group");
  if (line.has("--ascending") && query.order_by.empty()) return invocation.Usage("--ascending goes with --order-by");
  auto result = invocation.context->service().GetSearchHandlesAsync(query).get();
  if (!result) return invocation.Fail(result.error());
  nlohmann::json results = nlohmann::json::array();
  std::string text = std::to_string(result->size()) + " search handle(s)\n";
  for (auto const& handle : *result) {
    results.push_back(handle.ToJson());
    text += ReadableSearchHandle(handle);
  }
  invocation.out.Print({{"results", results}}, text);
  return kExitOk;
}

int SearchClear(Invocation const& invocation) {
  auto const& id = invocation.line.positional()[0];
  if (auto cleared = invocation.context->service().ClearSearchHandleAsync(id).get(); !cleared) {
    return invocation.Fail(cleared.error());
  }
  invocation.out.Print({{"status", "deleted"}, {"handleId", id}}, "deleted handle " + EscapeControl(id) + "\n");
  return kExitOk;
}

std::string Example(std::string const& rest) { return "xblmp --xuid 1001 handles " + rest; }

}  // namespace

std::vector<Command> HandleCommands() {
  std::string const ref = std::string(kExampleScid) + " quick game-1";
  return {
      {{"handles", "activity", "set"},
       "SCID TEMPLATE NAME",
       3,
       3,
       "publish the session the global --xuid is playing in (an active member); replaces the previous one",
       "",
       "POST /handles (type activity)",
       {},
       Example("activity set " + ref),
       true,
       true,
       ActivitySet},
      {{"handles", "activity", "get"},
       "SCID",
       1,
       1,
       "the activities of some users, or of a user's social group",
       "",
       std::string(kHandleQueryRoute) + " (owners.xuids, or owners.people with --social-group)",
       {{"--xuid", "XUID", "a user whose activity to read", true},
        {"--social-group", "GROUP", "instead of --xuid: the activities of this social group, e.g. people"},
        {"--owner", "XUID", "with --social-group: whose group (default: the global --xuid)"}},
       Example("activity get " + std::string(kExampleScid) + " --xuid 1001 --xuid 1002"),
       true,
       true,
       ActivityGet},
      {{"handles", "activity", "clear"},
       "SCID",
       1,
       1,
       "remove the global --xuid's activity in SCID (no activity is not an error)",
       "",
       std::string(kHandleQueryRoute) + ", then DELETE /handles/{id}",
       {},
       Example("activity clear " + std::string(kExampleScid)),
       true,
       true,
       ActivityClear},
      {{"handles", "invite", "send"},
       "SCID TEMPLATE NAME",
       3,
       3,
       "invite users to a session, one invite handle each",
       "  Each invitee is sent separately; a failed one is an error line on stderr and does not stop the\n"
       "  others. The exit status is that of the first failure.",
       "POST /handles (type invite), once per invitee",
       {{"--to", "XUID", "a user to invite", true, true},
        {"--title-id", "ID", "the decimal title id the invite launches", false, true},
        {"--context-string", "ID", "the id of a localized custom invite string"},
        {"--context", "TEXT", "custom activation context (at most 256 characters URI-encoded)"}},
       Example("invite send " + ref + " --to 1002 --title-id 123456"),
       true,
       true,
       InviteSend},
      {{"handles", "transfer", "create"},
       "SCID TEMPLATE NAME",
       3,
       3,
       "let the members of --origin (a lobby) join this session through the printed handle",
       "  They join with `xblmp session join --by-handle ID`, whatever the session's join restriction.",
       "POST /handles (type transfer)",
       {{"--origin", "[SCID/]TEMPLATE/NAME", "the lobby whose members may join (default SCID: the target's)", false, true}},
       Example("transfer create " + ref + " --origin lobby/lobby-1"),
       true,
       true,
       TransferCreate},
      {{"handles", "search", "set"},
       "SCID TEMPLATE NAME",
       3,
       3,
       "publish a search handle for a searchable session, with tags and attributes",
       "",
       "POST /handles (type search)",
       {{"--tag", "TAG", "a tag", true},
        {"--string", "NAME=VALUE", "a string attribute", true},
        {"--number", "NAME=NUMBER", "a number attribute", true}},
       Example("search set " + std::string(kSearchScid) + " srch game-1 --tag casual --number rank=7"),
       true,
       true,
       SearchSet},
      {{"handles", "search", "query"},
       "SCID TEMPLATE",
       2,
       2,
       "find search handles of a template (at most 100)",
       "",
       "POST /handles/query?include=relatedInfo,roleInfo,customProperties (type search)",
       {{"--filter", "FILTER", "OData filter, e.g. \"numbers/rank gt 5 and tags/any(t: t eq 'casual')\""},
        {"--order-by", "ATTRIBUTE", "sort by an attribute, e.g. numbers/rank (default: service order)"},
        {"--ascending", "", "with --order-by: ascending (default descending)"},
        {"--social-group", "GROUP", "only sessions with members of this social group, e.g. people"},
        {"--owner", "XUID", "with --social-group: whose group (default: the caller)"}},
       Example("search query " + std::string(kSearchScid) + " srch --filter \"numbers/rank ge 5\""),
       true,
       true,
       SearchQuery},
      {{"handles", "search", "clear"},
       "HANDLE_ID",
       1,
       1,
       "delete a search handle (or any handle the caller may delete)",
       "",
       "DELETE /handles/{id}",
       {},
       Example("search clear 5f4e3d2c-0000-4000-8000-000000000001"),
       true,
       true,
       SearchClear},
  };
}

}  // namespace xblmp
