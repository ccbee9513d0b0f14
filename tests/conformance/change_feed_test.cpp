// The one commit point and its change feed (in-process: the feed is not on the wire). Every
// committed change appends one entry with its session, branch, change number, matched change
// types, emulator time, cause and the document after it; a nocommit preview appends nothing.
#include "conformance_fixture.h"
#include "emulator.h"

#include <algorithm>

namespace xbl::conformance {
namespace {

class ChangeFeed : public ::testing::Test {
 protected:
  ChangeFeed() {
    emulator::EmulatorOptions options;
    options.manual_clock = true;
    options.rate_limit = false;
    emu_ = std::make_unique<emulator::Emulator>(options);
    std::string error;
    EXPECT_TRUE(emu_->Start("127.0.0.1", 0, 1, &error)) << error;
  }
  emulator::HttpResponse Send(std::string method, std::string path, char const* who, Json const& body = nullptr,
                              std::string query = "") {
    emulator::HttpRequest r;
    r.method = std::move(method);
    r.path = std::move(path);
    r.query = std::move(query);
    r.headers["x-xbl-contract-version"] = "107";
    if (who) r.headers["authorization"] = who;
    if (!body.is_null()) r.body = body.dump();
    return emu_->Handle(r);
  }
  std::vector<emulator::ChangeEntry> Feed() { return emu_->state().feed.Since(1); }
  static bool Has(emulator::ChangeEntry const& e, char const* type) {
    return std::find(e.change_types.begin(), e.change_types.end(), type) != e.change_types.end();
  }
  std::unique_ptr<emulator::Emulator> emu_;
};

TEST_F(ChangeFeed, RestWriteAppendsOneEntryWithItsCauseAndDocument) {
  emu_->state().clock.Advance(250);
  auto r = Send("PUT", SessionPath("open", "Feed1"), kA, JoinBody("1001"));
  ASSERT_EQ(r.status, 201);
  auto feed = Feed();
  ASSERT_EQ(feed.size(), 1u);
  auto const& e = feed[0];
  EXPECT_EQ(e.seq, 1);
  EXPECT_EQ(e.session_key, std::string(kScid) + "~open~feed1");
  EXPECT_EQ(e.name, "Feed1");
  EXPECT_EQ(e.change_number, 1);
  Json body = Json::parse(r.body);
  EXPECT_EQ(e.branch, body["branch"]);
  EXPECT_EQ(e.time, emulator::TimeMs{1767225600250});
  EXPECT_EQ(e.cause.kind, "request");
  EXPECT_EQ(e.cause.method, "PUT");
  EXPECT_EQ(e.cause.path, SessionPath("open", "Feed1"));
  EXPECT_EQ(e.cause.identity, "1001");
  ASSERT_TRUE(e.document);
  EXPECT_EQ((*e.document)["changeNumber"], 1);
  EXPECT_TRUE(Has(e, "everything"));
  EXPECT_TRUE(Has(e, "membersList"));
}

TEST_F(ChangeFeed, ChangeTypesComeFromTheDocumentBeforeAndAfter) {
  ASSERT_EQ(Send("PUT", SessionPath("open", "s"), kA, JoinBody("1001")).status, 201);
  Json custom;
  custom["properties"]["custom"]["k"] = 1;
  ASSERT_EQ(Send("PUT", SessionPath("open", "s"), kA, custom).status, 200);
  auto e = Feed().back();
  EXPECT_EQ(e.change_number, 2);
  EXPECT_TRUE(Has(e, "customProperty"));
  EXPECT_FALSE(Has(e, "membersList"));
  EXPECT_FALSE(Has(e, "membersCustomProperty"));
}

TEST_F(ChangeFeed, NocommitPreviewAppendsNothing) {
  ASSERT_EQ(Send("PUT", SessionPath("open", "s"), kA, JoinBody("1001")).status, 201);
  Json custom;
  custom["properties"]["custom"]["k"] = 1;
  ASSERT_EQ(Send("PUT", SessionPath("open", "s"), kA, custom, "nocommit=true").status, 200);
  EXPECT_EQ(Feed().size(), 1u);
}

TEST_F(ChangeFeed, TimersAndAdminHooksAreCommitsWithTheirCause) {
  ASSERT_EQ(Send("PUT", SessionPath("open", "s"), kA, JoinBody("1001")).status, 201);
  ASSERT_EQ(Send("PUT", SessionPath("open", "s"), kB, JoinBody("1002")).status, 200);
  emulator::HttpRequest presence;
  presence.method = "POST";
  presence.path = "/_emulator/presence";
  presence.body = R"({"xuid":"1002","present":false})";
  ASSERT_EQ(emu_->Handle(presence).status, 200);
  auto e = Feed().back();
  EXPECT_EQ(e.cause.kind, "admin");
  EXPECT_TRUE(Has(e, "membersStatus"));
  // inactiveRemovalTimeout 0: the next read runs the timer that removes B, caused by that read.
  ASSERT_EQ(Send("GET", SessionPath("open", "s"), kA).status, 200);
  e = Feed().back();
  EXPECT_EQ(e.cause.kind, "timer");
  EXPECT_EQ(e.cause.method, "GET");
  EXPECT_TRUE(Has(e, "membersList"));
  EXPECT_EQ(e.change_number, 4);
}

TEST_F(ChangeFeed, ResetClearsTheFeed) {
  ASSERT_EQ(Send("PUT", SessionPath("open", "s"), kA, JoinBody("1001")).status, 201);
  emulator::HttpRequest reset;
  reset.method = "POST";
  reset.path = "/_emulator/reset";
  ASSERT_EQ(emu_->Handle(reset).status, 200);
  EXPECT_TRUE(Feed().empty());
}

}  // namespace
}  // namespace xbl::conformance
