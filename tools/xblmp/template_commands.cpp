// xblmp templates list|get
#include "cli_context.h"
#include "readable.h"

namespace xblmp {
namespace {

int List(Invocation const& invocation) {
  auto result = invocation.context->service().GetSessionTemplatesAsync(invocation.line.positional()[0]).get();
  if (!result) return invocation.Fail(result.error());
  nlohmann::json results = nlohmann::json::array();
  std::string text = std::to_string(result->size()) + " template(s)\n";
  for (auto const& summary : *result) {
    results.push_back(summary.document);
    text += "  " + EscapeControl(summary.name);
    if (summary.contract_version) text += "  contract " + std::to_string(*summary.contract_version);
    text += "\n";
  }
  invocation.out.Print({{"results", results}}, text);
  return kExitOk;
}

int Get(Invocation const& invocation) {
  auto const& p = invocation.line.positional();
  auto result = invocation.context->service().GetSessionTemplateAsync(p[0], p[1]).get();
  if (!result) return invocation.Fail(result.error());
  invocation.out.Print(result->document, "template " + EscapeControl(p[0] + "/" + p[1]) + "\n" + ReadableJson(result->document));
  return kExitOk;
}

}  // namespace

std::vector<Command> TemplateCommands() {
  return {
      {{"templates", "list"},
       "SCID",
       1,
       1,
       "list the session templates of a service configuration",
       "",
       "GET /serviceconfigs/{scid}/sessiontemplates",
       {},
       "xblmp --xuid 1001 templates list 00000000-0000-0000-0000-000000000000",
       true,
       false,
       List},
      {{"templates", "get"},
       "SCID NAME",
       2,
       2,
       "read one session template (its constants); a missing template is a service error (exit 1)",
       "",
       "GET /serviceconfigs/{scid}/sessiontemplates/{name}",
       {},
       "xblmp --xuid 1001 templates get 00000000-0000-0000-0000-000000000000 quick",
       true,
       false,
       Get},
  };
}

}  // namespace xblmp
