// Every reader of a handle, query or template response, on any body: the bytes go through
// ParseJsonBody as a 200 response's would, then each reader reads the document and every entry
// of its `results` array; the error readers (412 and 403 session bodies, the 429 rate-limit
// object) read the same bytes as those statuses' bodies. Nothing may crash or throw, and
// whatever a reader accepts must serialize again.
#include "core/response_errors.h"
#include "multiplayer/response_parsing.h"
#include "multiplayer/session_template_reader.h"
#include "xbl/multiplayer/activity_details.h"
#include "xbl/multiplayer/invite_handle.h"
#include "xbl/multiplayer/search_handle.h"
#include "xbl/multiplayer/session_query_result.h"
#include "xbl/multiplayer/transfer_handle.h"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

namespace {

using nlohmann::json;
using namespace xbl::multiplayer;

template <typename Handle>
void ReadAs(json const& document) {
  auto handle = Handle::FromJson(document);
  if (handle.ok()) (void)handle->ToJson().dump();
}

void ReadEveryWay(json const& document) {
  ReadAs<ActivityDetails>(document);
  ReadAs<InviteHandle>(document);
  ReadAs<TransferHandle>(document);
  ReadAs<SearchHandleDetails>(document);
  if (auto result = SessionQueryResult::FromJson(document); result.ok()) (void)result->keywords.size();
  if (auto templates = xbl::internal::ReadSessionTemplateList(document); templates.ok()) {
    for (auto const& summary : *templates) (void)summary.document.dump();
  }
  (void)xbl::internal::ReadSessionTemplate("scid", "lobby", document);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
  std::string const bytes(reinterpret_cast<char const*>(data), size);
  auto const now = std::chrono::system_clock::time_point(std::chrono::hours(24 * 365 * 56));
  for (int status : {412, 403, 429}) {
    xbl::HttpResponse const response(status, {{"Content-Type", "application/json"}, {"Retry-After", "2"}}, bytes);
    auto const error = xbl::internal::SessionErrorFromResponse(response, 1, now, {"scid", "lobby", "s1"}, "1001");
    if (error.session) (void)error.session->ToJson().dump();
  }
  xbl::HttpResponse const response(200, {{"Content-Type", "application/json"}}, bytes);
  auto body = xbl::internal::ParseJsonBody(response);
  if (!body.ok()) return 0;
  ReadEveryWay(*body);
  if (auto results = body->is_object() ? body->find("results") : body->end();
      results != body->end() && results->is_array()) {
    for (auto const& entry : *results) ReadEveryWay(entry);
  }
  return 0;
}
