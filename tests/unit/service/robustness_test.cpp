#include "service_test_support.h"
#include "xbl/har_writer.h"
#include <map>
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

/// Counts, per call, how its results ended; any error must be the one a broken body gives.
struct BrokenBodyTally {
  template <typename T>
  void Add(std::string const& call, Result<T> const& result) {
    if (result.ok()) return;
    ++errors[call];
    EXPECT_EQ(result.error().code, ErrorCode::kMalformedResponse) << call << ": " << result.error().ToString();
  }
  std::map<std::string, int> errors;
};

TEST(RobustnessTest, BrokenResponseBodiesNeverCrashAnyCall) {
  auto const bodies = BrokenBodies();
  ServiceHarness h([](ClientOptions& options) { options.user_xuid = "1001"; });
  std::size_t next = 0;
  EXPECT_CALL(*h.transport, SendAsync(_, _)).WillRepeatedly(Invoke([&](HttpRequest, pplx::cancellation_token) {
    auto const& body = bodies[next++ % bodies.size()];
    return RespondWith(200, JsonHeaders("\"e\""), body);
  }));
  auto const& service = *h.service;
  multiplayer::MultiplayerSession session(Reference());
  ASSERT_TRUE(session.SetCustomProperty("counter", 1).ok());
  multiplayer::SearchHandleRequest search;
  search.session_reference = Reference();
  multiplayer::SearchHandlesQuery query;
  query.scid = Reference().scid;
  query.template_name = Reference().template_name;
  auto const update = multiplayer::SessionWriteMode::kUpdateExisting;
  auto mutation = [](multiplayer::MultiplayerSession& s) { return s.SetCustomProperty("counter", 2); };
  BrokenBodyTally tally;
  int successful_bodiless_calls = 0;
  for (std::size_t i = 0; i < bodies.size(); ++i) {
    tally.Add("GetCurrentSessionAsync", service.GetCurrentSessionAsync(Reference()).get());
    tally.Add("GetCurrentSessionByHandleAsync", service.GetCurrentSessionByHandleAsync("h1").get());
    tally.Add("WriteSessionAsync", service.WriteSessionAsync(session, update).get());
    tally.Add("WriteSessionByHandleAsync", service.WriteSessionByHandleAsync(session, update, "h1").get());
    tally.Add("LeaveSessionAsync", service.LeaveSessionAsync(Reference()).get());
    tally.Add("UpdateSessionPropertiesAsync",
              service.UpdateSessionPropertiesAsync(Reference(), {{"custom", {{"counter", 3}}}}).get());
    tally.Add("RemoveMemberAsync", service.RemoveMemberAsync(Reference(), 0).get());
    tally.Add("RemoveServerAsync", service.RemoveServerAsync(Reference(), "game").get());
    tally.Add("UpdateSessionAsync", service.UpdateSessionAsync(Reference(), mutation).get());
    tally.Add("GetSessionsAsync", service.GetSessionsAsync(GetSessionsRequest("scid").set_keyword("k")).get());
    tally.Add("GetSessionTemplatesAsync", service.GetSessionTemplatesAsync("scid").get());
    tally.Add("GetSessionTemplateAsync", service.GetSessionTemplateAsync("scid", "lobby").get());
    tally.Add("GetActivitiesForUsersAsync", service.GetActivitiesForUsersAsync("scid", {"1001"}).get());
    tally.Add("GetActivitiesForSocialGroupAsync",
              service.GetActivitiesForSocialGroupAsync("scid", "1001", "people").get());
    tally.Add("ClearActivityAsync", service.ClearActivityAsync("scid").get());
    tally.Add("SetTransferHandleAsync", service.SetTransferHandleAsync(Reference(), Reference()).get());
    tally.Add("SetSearchHandleAsync", service.SetSearchHandleAsync(search).get());
    tally.Add("GetSearchHandlesAsync", service.GetSearchHandlesAsync(query).get());
    auto invites = service.SendInvitesAsync(Reference(), {"1002"}, "1234567").get();
    ASSERT_TRUE(invites.ok()) << "one invitee's failure is in its InviteResult";
    ASSERT_EQ(invites->size(), 1u);
    if ((*invites)[0].error) tally.Add("SendInvitesAsync", Result<void>(*(*invites)[0].error));
    // These two read no body: a 2xx is their whole answer, whatever comes with it.
    successful_bodiless_calls += service.SetActivityAsync(Reference()).get().ok();
    successful_bodiless_calls += service.ClearSearchHandleAsync("h1").get().ok();
  }
  // Every call that reads a body met bodies it cannot read (the random bytes, at least).
  for (char const* call :
       {"GetCurrentSessionAsync", "GetCurrentSessionByHandleAsync", "WriteSessionAsync", "WriteSessionByHandleAsync",
        "LeaveSessionAsync", "UpdateSessionPropertiesAsync", "RemoveMemberAsync", "RemoveServerAsync",
        "UpdateSessionAsync", "GetSessionsAsync", "GetSessionTemplatesAsync", "GetSessionTemplateAsync",
        "GetActivitiesForUsersAsync", "GetActivitiesForSocialGroupAsync", "ClearActivityAsync",
        "SetTransferHandleAsync", "SetSearchHandleAsync", "GetSearchHandlesAsync", "SendInvitesAsync"}) {
    EXPECT_GE(tally.errors[call], 50) << call;
  }
  EXPECT_EQ(successful_bodiless_calls, static_cast<int>(2 * bodies.size()));
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
