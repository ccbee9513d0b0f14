#pragma once
// Shared by the MultiplayerService unit tests: options over a manual clock, a
// strict mock transport, and session documents.
#include "xbl/multiplayer/multiplayer_service.h"
#include "xbl/testing/manual_clock.h"
#include "xbl/testing/mock_http_transport.h"
#include <gtest/gtest.h>
#include <mutex>
#include <string>
#include <vector>

namespace xbl::testing {

inline constexpr char kEndpoint[] = "https://mpsd.test";
inline constexpr char kAuthorization[] = "XBL3.0 x=1;token";
inline constexpr char kSessionUrl[] =
    "https://mpsd.test/serviceconfigs/00000000-0000-0000-0000-00000000abcd/sessiontemplates/lobby/sessions/s1";

inline multiplayer::SessionReference Reference() {
  return {"00000000-0000-0000-0000-00000000abcd", "lobby", "s1"};
}

/// A small 107 session document with one member and a custom `counter`.
inline std::string SessionJson(int counter = 0, std::string const& extra_custom = {}) {
  return R"({"contractVersion":107,"constants":{"system":{"version":1,"maxMembersCount":8,"visibility":"open"},"custom":{}},)"
         R"("properties":{"system":{"joinRestriction":"none","readRestriction":"none"},"custom":{"counter":)" +
         std::to_string(counter) + extra_custom +
         R"(}},"members":{"0":{"constants":{"system":{"xuid":"1001","index":0},"custom":{}},)"
         R"("properties":{"system":{"active":true},"custom":{}},"gamertag":"one","activeTitleId":"1234"}},)"
         R"("membersInfo":{"first":0,"next":1,"count":1,"accepted":1},"correlationId":"c0ffee"})";
}

inline HttpHeaders JsonHeaders(std::string etag = {}) {
  HttpHeaders headers{{"Content-Type", "application/json"}};
  if (!etag.empty()) headers["ETag"] = std::move(etag);
  return headers;
}

struct ServiceHarness {
  explicit ServiceHarness(std::function<void(ClientOptions&)> configure = nullptr) {
    clock = std::make_shared<ManualClock>();
    sleeper = std::make_shared<ManualSleeper>(clock);
    transport = std::make_shared<::testing::StrictMock<MockHttpTransport>>();
    options.endpoint = kEndpoint;
    options.honor_environment = false;
    options.auth_token_provider = StaticAuthToken(kAuthorization);
    options.clock = clock;
    options.sleeper = sleeper;
    options.jitter = [] { return 0.0; };
    options.diagnostics.trace_level = TraceLevel::kVerbose;
    options.diagnostics.log_handler = [this](TraceLevel, std::string_view category, std::string_view message) {
      std::lock_guard<std::mutex> lock(mutex);
      logs.push_back(std::string(category) + ": " + std::string(message));
    };
    if (configure) configure(options);
    service = std::make_unique<multiplayer::MultiplayerService>(transport, options);
  }

  std::vector<std::string> Logs() {
    std::lock_guard<std::mutex> lock(mutex);
    return logs;
  }

  std::shared_ptr<ManualClock> clock;
  std::shared_ptr<ManualSleeper> sleeper;
  std::shared_ptr<::testing::StrictMock<MockHttpTransport>> transport;
  ClientOptions options;
  std::unique_ptr<multiplayer::MultiplayerService> service;
  std::mutex mutex;
  std::vector<std::string> logs;
};

/// Captures the request a mock call receives and answers with `response`.
inline auto CaptureAndRespond(HttpRequest* captured, HttpResponse response) {
  return [captured, response](HttpRequest request, pplx::cancellation_token) {
    *captured = std::move(request);
    return pplx::task_from_result(Result<HttpResponse>(response));
  };
}

}  // namespace xbl::testing
