#pragma once
// Shared helpers for the conformance suite: a tiny keep-alive HTTP/1.1 client over Boost.Beast
// (not the SDK's transport), the protocol §4.1 principals, and a fixture running the embedded emulator.
#include "xbl/testing/local_session_directory.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <map>
#include <memory>
#include <string>

namespace xbl::conformance {

using Json = nlohmann::ordered_json;

struct Response {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;

  std::string Header(std::string const& lower_name) const;
  bool HasHeader(std::string const& lower_name) const { return headers.count(lower_name) > 0; }
  /// The body as JSON (null when empty or malformed).
  Json JsonBody() const;
};

/// One keep-alive connection; reconnects when the server closed it.
class HttpClient {
 public:
  explicit HttpClient(std::uint16_t port);
  ~HttpClient();
  Response Send(std::string const& method, std::string const& target,
                std::map<std::string, std::string> const& headers = {}, std::string const& body = "");
  /// Sends raw bytes and returns what the server answers before closing (for malformed HTTP).
  static std::string SendRaw(std::uint16_t port, std::string const& bytes);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Protocol §4.1 principals (Authorization header values).
extern char const* const kA;    // xuid 1001, device dA, title 8397267, gamertag Alpha
extern char const* const kB;    // xuid 1002, device dB, gamertag Bravo
extern char const* const kC;    // xuid 1003, device dC
extern char const* const kA2;   // xuid 1004, device dA
extern char const* const kE;    // xuid 1005, device dE
extern char const* const kSrv;  // server principal
extern char const* const kScid; // the fixture SCID of the built-in templates

/// `{"members":{"me":{"constants":{"system":{"xuid":X}},"properties":{"system":{"active":true}}}}}`
Json JoinBody(std::string const& xuid, bool active = true);
std::string SessionPath(std::string const& template_name, std::string const& name,
                        std::string const& scid = kScid);

/// Runs one emulator per test (manual clock, rate limiting off unless a test turns it on).
class ConformanceTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  Response Put(char const* who, std::string const& path, Json const& body,
               std::map<std::string, std::string> headers = {});
  Response PutRaw(char const* who, std::string const& path, std::string const& body,
                  std::map<std::string, std::string> headers = {});
  Response Get(char const* who, std::string const& path, std::map<std::string, std::string> headers = {});
  Response Delete(char const* who, std::string const& path, std::map<std::string, std::string> headers = {});
  Response Post(char const* who, std::string const& path, Json const& body,
                std::map<std::string, std::string> headers = {});
  /// Admin call (no auth, no contract header).
  Response Admin(std::string const& method, std::string const& path, Json const& body = nullptr);
  void Advance(std::int64_t ms);
  /// Creates `template/name` with JOIN(who) and returns the 201 body.
  Json Create(char const* who, std::string const& xuid, std::string const& template_name, std::string const& name);

  std::unique_ptr<testing::LocalSessionDirectory> emulator_;
  std::unique_ptr<HttpClient> client_;
};

}  // namespace xbl::conformance
