// The emulator's request handling in process: the input is a short script of HTTP requests, each
// sent through Router::Handle of a fresh emulator (manual clock, built-in templates), so one
// input replays the same way every time. The router must answer every request with a status
// and keep answering: after the script, a health check still gets 200.
//
// Script format: requests separated by a line `===`. In each, the first line is `METHOD TARGET`
// (TARGET split at `?` into the percent-decoded path and the raw query, as the HTTP front does),
// then `name: value` header lines up to an empty line (names lower-cased, repeats joined with
// ", "), then the body. With XBL_FUZZ_TRACE set, each request's status and body go to stderr
// (to read what a seed or a crash input does).
#include "emulator.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

namespace {

using xbl::emulator::HttpRequest;

constexpr std::size_t kMaxRequests = 8;

std::string_view NextLine(std::string_view& text) {
  auto const end = text.find('\n');
  std::string_view line = text.substr(0, end);
  text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

HttpRequest ReadRequest(std::string_view text) {
  HttpRequest request;
  std::string_view const start = NextLine(text);
  auto const space = start.find(' ');
  request.method = std::string(start.substr(0, space));
  std::string const target(space == std::string_view::npos ? std::string_view() : start.substr(space + 1));
  auto const q = target.find('?');
  std::string const raw_path = target.substr(0, q);
  if (!xbl::emulator::PercentDecode(raw_path, request.path)) request.path = raw_path;
  if (q != std::string::npos) request.query = target.substr(q + 1);
  while (!text.empty()) {
    std::string_view const line = NextLine(text);
    if (line.empty()) break;
    auto const colon = line.find(':');
    std::string name = xbl::emulator::ToLower(std::string(line.substr(0, colon)));
    std::string_view value = colon == std::string_view::npos ? std::string_view() : line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    auto [it, added] = request.headers.emplace(std::move(name), std::string(value));
    if (!added) it->second += ", " + std::string(value);
  }
  request.body = std::string(text);
  return request;
}

std::vector<HttpRequest> ReadScript(std::string_view text) {
  std::vector<HttpRequest> out;
  while (out.size() < kMaxRequests) {
    auto const separator = text.find("\n===\n");
    out.push_back(ReadRequest(text.substr(0, separator)));
    if (separator == std::string_view::npos) break;
    text.remove_prefix(separator + 5);
  }
  return out;
}

/// The built-in templates, parsed once: installing them into each fresh emulator is what
/// TemplateStore::LoadBuiltins does, without parsing the same files for every input.
void InstallBuiltinTemplates(xbl::emulator::TemplateStore& store) {
  struct Parsed {
    std::string scid, name;
    xbl::emulator::Json document;
  };
  static std::vector<Parsed> const parsed = [] {
    std::vector<Parsed> out;
    for (auto const& file : xbl::emulator::BuiltinTemplateFiles()) {
      if (auto document = xbl::emulator::ParseJson(file.text)) out.push_back({file.scid, file.name, *document});
    }
    return out;
  }();
  for (auto const& t : parsed) store.Install(t.scid, t.name, t.document, nullptr);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
  static bool const trace = std::getenv("XBL_FUZZ_TRACE") != nullptr;
  xbl::emulator::EmulatorOptions options;
  options.manual_clock = true;
  xbl::emulator::Emulator emulator(options);
  InstallBuiltinTemplates(emulator.state().templates);
  for (auto const& request : ReadScript(std::string_view(reinterpret_cast<char const*>(data), size))) {
    auto const response = emulator.Handle(request);
    if (trace)
      std::fprintf(stderr, "%s %s -> %d %s\n", request.method.c_str(), request.path.c_str(), response.status,
                   response.body.substr(0, 200).c_str());
    if (response.status < 100 || response.status > 599) std::abort();
  }
  HttpRequest health;
  health.method = "GET";
  health.path = "/_emulator/health";
  if (emulator.Handle(health).status != 200) std::abort();
  return 0;
}
