// xblmp sessions query; templates list|get
#include "cli_context.h"

namespace xblmp {
namespace {
namespace mp = xbl::multiplayer;
}

int RunSessionsCommand(CliContext& context, std::vector<std::string> const& words) {
  std::string error;
  auto line = CommandLine::Parse(words, {"--template", "--keyword", "--xuid", "--visibility", "--take"},
                                 {"--private", "--reservations", "--inactive"}, error);
  if (!line) return UsageError(error);
  auto const& p = line->positional();
  if (p.size() != 2 || p[0] != "query") {
    return UsageError("sessions query SCID [--template T] [--keyword K] [--xuid X]... [--private] [--reservations] "
                      "[--inactive] [--visibility V] [--take N]");
  }
  mp::GetSessionsRequest request(p[1]);
  request.set_template_name(line->value("--template")).set_keyword(line->value("--keyword"));
  auto const xuids = line->values("--xuid");
  if (xuids.size() == 1) request.set_xuid(xuids[0]);
  if (xuids.size() > 1) request.set_xuids(xuids);
  request.set_include_private(line->has("--private"))
      .set_include_reservations(line->has("--reservations"))
      .set_include_inactive(line->has("--inactive"));
  if (line->has("--visibility")) {
    auto const visibility = mp::ParseSessionVisibility(line->value("--visibility"));
    if (visibility == mp::SessionVisibility::kUnknown) return UsageError("--visibility takes open, visible, private or full");
    request.set_visibility(visibility);
  }
  if (line->has("--take")) {
    try {
      request.set_take(std::stoi(line->value("--take")));
    } catch (std::exception const&) {
      return UsageError("--take takes a number");
    }
  }
  auto result = context.service().GetSessionsAsync(request).get();
  if (!result) return ReportError(result.error());
  nlohmann::json results = nlohmann::json::array();
  for (auto const& entry : *result) results.push_back(entry.document);
  PrintJson({{"results", results}});
  return kExitOk;
}

int RunTemplatesCommand(CliContext& context, std::vector<std::string> const& words) {
  std::string error;
  auto line = CommandLine::Parse(words, {}, {}, error);
  if (!line) return UsageError(error);
  auto const& p = line->positional();
  if (p.size() == 2 && p[0] == "list") {
    auto result = context.service().GetSessionTemplatesAsync(p[1]).get();
    if (!result) return ReportError(result.error());
    nlohmann::json results = nlohmann::json::array();
    for (auto const& summary : *result) results.push_back(summary.document);
    PrintJson({{"results", results}});
    return kExitOk;
  }
  if (p.size() == 3 && p[0] == "get") {
    auto result = context.service().GetSessionTemplateAsync(p[1], p[2]).get();
    if (!result) return ReportError(result.error());
    PrintJson(result->document);
    return kExitOk;
  }
  return UsageError("templates list SCID | templates get SCID NAME");
}

}  // namespace xblmp
