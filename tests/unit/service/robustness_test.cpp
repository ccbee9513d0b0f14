#include "service_test_support.h"
#include "xbl/har_writer.h"
#include <random>

namespace xbl::testing {
namespace {

using multiplayer::GetSessionsRequest;
using ::testing::_;
using ::testing::Invoke;
using ::testing::Return;

/// Bodies that are broken in many ways: cut at every length, random bytes, wrong JSON shapes.
std::vector<std::string> BrokenBodies() {
  std::vector<std::string> bodies;
  std::string const session = SessionJson(3);
  for (std::size_t cut = 0; cut < session.size(); cut += 7) bodies.push_back(session.substr(0, cut));
  std::mt19937 random(12345);  // fixed seed: the same bodies every run
  for (int i = 0; i < 50; ++i) {
    std::string noise(random() % 200, '\0');
    for (auto& c : noise) c = static_cast<char>(random() % 256);
    bodies.push_back(noise);
  }
  for (char const* shape : {"null", "[]", "{}", "1e999", R"({"results":null})", R"({"results":[1]})",
                            R"({"constants":[]})", R"({"members":{"x":{}}})", R"({"properties":{"custom":5}})",
                            R"({"results":[{"sessionRef":{"scid":1,"templateName":"t","name":"n"}}]})"}) {
    bodies.push_back(shape);
  }
  return bodies;
}

TEST(RobustnessTest, BrokenResponseBodiesNeverCrashAnyCall) {
  auto const bodies = BrokenBodies();
  ServiceHarness h;
  std::size_t next = 0;
  EXPECT_CALL(*h.transport, SendAsync(_, _)).WillRepeatedly(Invoke([&](HttpRequest, pplx::cancellation_token) {
    auto const& body = bodies[next++ % bodies.size()];
    return RespondWith(200, JsonHeaders("\"e\""), body);
  }));
  int errors = 0;
  for (std::size_t i = 0; i < bodies.size(); ++i) {
    auto read = h.service->GetCurrentSessionAsync(Reference()).get();
    auto query = h.service->GetSessionsAsync(GetSessionsRequest("scid").set_keyword("k")).get();
    auto templates = h.service->GetSessionTemplatesAsync("scid").get();
    Error const* read_error = read.ok() ? nullptr : &read.error();
    for (Error const* error : {read_error, query.ok() ? nullptr : &query.error(),
                               templates.ok() ? nullptr : &templates.error()}) {
      if (error == nullptr) continue;
      ++errors;
      EXPECT_EQ(error->code, ErrorCode::kMalformedResponse) << error->ToString();
    }
  }
  EXPECT_GT(errors, 0);
}

TEST(RobustnessTest, NonUtf8XuidIsRejectedNotThrown) {
  ServiceHarness h;
  auto result = h.service->GetSessionsAsync(GetSessionsRequest("scid").set_xuids({"1", std::string("\xff\xfe")})).get();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument);
}

TEST(RobustnessTest, HarWriterRecordsEveryAttemptOfAServiceCall) {
  HarWriter har;
  ServiceHarness h([&har](ClientOptions& o) { o.diagnostics.http_exchange_handler = har.Handler(); });
  EXPECT_CALL(*h.transport, SendAsync(_, _))
      .WillOnce(Return(RespondWith(503, {{"Retry-After", "1"}})))
      .WillOnce(Return(RespondWith(200, JsonHeaders("\"e\""), SessionJson())));
  ASSERT_TRUE(h.service->GetCurrentSessionAsync(Reference()).get().ok());
  auto const document = har.ToJson();
  auto const& entries = document["log"]["entries"];
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0]["response"]["status"], 503);
  EXPECT_EQ(entries[1]["response"]["status"], 200);
  EXPECT_EQ(entries[1]["_attempt"], 2);
  EXPECT_EQ(entries[1]["request"]["url"], kSessionUrl);
  EXPECT_EQ(document.dump().find("token"), std::string::npos) << "the Authorization value leaked into the HAR";
}

}  // namespace
}  // namespace xbl::testing
