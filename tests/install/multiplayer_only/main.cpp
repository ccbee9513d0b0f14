// Reads a session through MultiplayerService over a transport of the title's own (no network):
// enough to show the installed xbl::multiplayer links and runs on its own.
#include "xbl/multiplayer/multiplayer_service.h"
#include <iostream>

namespace {

class CannedTransport final : public xbl::HttpTransport {
 public:
  pplx::task<xbl::Result<xbl::HttpResponse>> SendAsync(xbl::HttpRequest request, pplx::cancellation_token) override {
    std::cout << request.method << " " << request.url << "\n";
    return pplx::task_from_result(xbl::Result<xbl::HttpResponse>(xbl::HttpResponse(
        200, {{"ETag", "\"e1\""}, {"Content-Type", "application/json"}},
        R"({"constants":{"system":{"maxMembersCount":4}},"properties":{"custom":{"map":"dust"}}})")));
  }
};

}  // namespace

int main() {
  xbl::ClientOptions options;
  options.endpoint = "https://mpsd.test";
  options.honor_environment = false;
  xbl::multiplayer::MultiplayerService service(std::make_shared<CannedTransport>(), options);
  auto read = service.GetCurrentSessionAsync({"00000000-0000-0000-0000-0000000000aa", "lobby", "l1"}).get();
  if (!read.ok() || !read->session) {
    std::cerr << "read failed: " << (read.ok() ? "no session" : read.error().ToString()) << "\n";
    return 1;
  }
  std::cout << "map " << read->session->properties().custom.value("map", "") << ", max "
            << read->session->constants().max_members_count << "\n";
  return 0;
}
