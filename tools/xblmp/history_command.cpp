// xblmp session history: the emulator's record of a session's committed versions (not an MPSD call).
#include "cli_context.h"
#include "readable.h"

#include <cstdio>

namespace xblmp {
namespace {

// One path segment, percent-encoded so any SCID, template or session name arrives as it is.
std::string EncodeSegment(std::string const& text) {
  std::string out;
  for (unsigned char c : text) {
    bool const plain = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                       c == '_' || c == '.' || c == '~';
    if (plain) {
      out += static_cast<char>(c);
    } else {
      char escaped[4];
      std::snprintf(escaped, sizeof escaped, "%%%02X", c);
      out += escaped;
    }
  }
  return out;
}

std::string Cause(nlohmann::json const& cause) {
  std::string kind = cause.value("kind", "");
  std::string text = kind;
  if (cause.contains("method")) text += " " + cause.value("method", "") + " " + cause.value("path", "");
  if (cause.contains("identity")) text += " by " + cause.value("identity", "");
  if (cause.contains("action")) text += ": " + cause.value("action", "");
  return EscapeControl(text);
}

std::string Readable(nlohmann::json const& body) {
  auto const& versions = body["versions"];
  // Each piece is escaped on its own, so a name or value cannot break the lines apart.
  std::string text =
      "session " +
      EscapeControl(body.value("scid", "") + " " + body.value("template", "") + " " + body.value("name", "")) +
      (body.value("live", false) ? " (live)" : " (deleted)") + ", " + std::to_string(versions.size()) +
      " version(s) kept\n";
  for (auto const& v : versions) {
    text += v.value("deleted", false) ? "deleted" : "change " + std::to_string(v.value("changeNumber", 0));
    text += "  " + EscapeControl(v.value("time", "")) + "  " + Cause(v["cause"]);
    if (!v["changeTypes"].empty()) {
      text += "  [";
      for (std::size_t i = 0; i < v["changeTypes"].size(); ++i)
        text += (i ? " " : "") + EscapeControl(v["changeTypes"][i].get<std::string>());
      text += "]";
    }
    text += "\n";
    for (auto const& op : v["patch"]) {
      std::string path = op.value("path", "");
      text += "  " + EscapeControl(op.value("op", "")) + " " +
              (path.empty() ? std::string("(whole document)") : EscapeControl(path));
      if (op.contains("value")) text += " " + EscapeControl(op["value"].dump());
      text += "\n";
    }
  }
  return text;
}

int History(Invocation const& invocation) {
  auto const& p = invocation.line.positional();
  if (p[0].empty() || p[1].empty() || p[2].empty()) return invocation.Usage("SCID TEMPLATE NAME must all be non-empty");
  std::string endpoint = invocation.context->endpoint();
  while (!endpoint.empty() && endpoint.back() == '/') endpoint.pop_back();
  xbl::HttpRequest request;
  request.method = "GET";
  request.url = endpoint + "/_emulator/sessions/" + EncodeSegment(p[0]) + "/" + EncodeSegment(p[1]) + "/" +
                EncodeSegment(p[2]) + "/history";
  auto sent = invocation.context->transport().SendAsync(request, pplx::cancellation_token::none()).get();
  if (!sent) return invocation.Fail(sent.error());
  if (sent->status == 404)
    return invocation.Fail(
        xbl::Error(xbl::ErrorCode::kNotFound, "the emulator has no such session, live or in its history", 404));
  if (sent->status != 200)
    return invocation.Fail(
        xbl::Error(xbl::ErrorCode::kHttpError, "the emulator answered: " + sent->body, sent->status));
  auto body = nlohmann::json::parse(sent->body, nullptr, false);
  if (body.is_discarded() || !body.is_object() || !body.contains("versions") || !body["versions"].is_array())
    return invocation.Fail(xbl::Error(xbl::ErrorCode::kMalformedResponse, "the history is not the expected JSON", 200));
  invocation.out.Print(body, Readable(body));
  return kExitOk;
}

}  // namespace

std::vector<Command> EmulatorCommands() {
  return {
      {{"session", "history"},
       "SCID TEMPLATE NAME",
       3,
       3,
       "the emulator's last committed versions of a session, each with its cause and JSON Patch",
       "  Only the local emulator keeps this (it is not part of MPSD). A deleted session's history stays\n"
       "  until it ages out, so this shows why a session vanished. --json prints the emulator's answer.",
       "GET /_emulator/sessions/{scid}/{template}/{name}/history",
       {},
       "xblmp session history 00000000-0000-0000-0000-000000000000 quick game-1",
       true,
       true,
       History},
  };
}

}  // namespace xblmp
