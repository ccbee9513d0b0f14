#include "emulator_e2e_fixture.h"

namespace xbl::multiplayer {
namespace {

using HandlesEndToEndTest = EmulatorEndToEndTest;

TEST_F(HandlesEndToEndTest, ActivitySetQueriedAndGoneAfterLeaving) {
  SessionReference const ref{scid_, "open", "act-1"};
  ASSERT_TRUE(Join("1001", ref));
  ASSERT_TRUE(Join("1002", ref));
  auto a = As("1001");
  auto set = a->SetActivityAsync(ref).get();
  ASSERT_TRUE(set.ok()) << set.error().ToString();

  auto found = a->GetActivitiesForUsersAsync(scid_, {"1001"}).get();
  ASSERT_TRUE(found.ok()) << found.error().ToString();
  ASSERT_EQ(found->size(), 1u);
  EXPECT_EQ((*found)[0].owner_xuid, "1001");
  EXPECT_EQ((*found)[0].session_reference, ref);
  ASSERT_TRUE((*found)[0].related_info);
  EXPECT_EQ((*found)[0].related_info->members_count, 2u);

  ASSERT_TRUE(a->LeaveSessionAsync(ref).get().ok());
  auto after = a->GetActivitiesForUsersAsync(scid_, {"1001"}).get();
  ASSERT_TRUE(after.ok());
  EXPECT_TRUE(after->empty()) << "leaving deletes the activity handle";
}

TEST_F(HandlesEndToEndTest, ClearActivityDeletesTheCallersActivityOnly) {
  SessionReference const ref{scid_, "open", "act-2"};
  ASSERT_TRUE(Join("1001", ref));
  ASSERT_TRUE(Join("1002", ref));
  ASSERT_TRUE(As("1001")->SetActivityAsync(ref).get().ok());
  ASSERT_TRUE(As("1002")->SetActivityAsync(ref).get().ok());
  auto cleared = As("1001")->ClearActivityAsync(scid_).get();
  ASSERT_TRUE(cleared.ok()) << cleared.error().ToString();
  auto left = As("1001")->GetActivitiesForUsersAsync(scid_, {"1001", "1002"}).get();
  ASSERT_TRUE(left.ok()) << left.error().ToString();
  ASSERT_EQ(left->size(), 1u);
  EXPECT_EQ((*left)[0].owner_xuid, "1002");
  EXPECT_TRUE(As("1001")->ClearActivityAsync(scid_).get().ok()) << "no activity left is not an error";
}

TEST_F(HandlesEndToEndTest, ActivitiesOfASocialGroupFollowTheFollowGraph) {
  HttpRequest social;  // admin API: 1001 follows 1002, not 1003
  social.method = "PUT";
  social.url = emulator_->base_url() + "/_emulator/social";
  social.headers["Content-Type"] = "application/json";
  social.body = R"({"follows":{"1001":["1002"]}})";
  auto put = transport_->SendAsync(social, pplx::cancellation_token::none()).get();
  ASSERT_TRUE(put.ok() && put->status < 300);
  SessionReference const ref{scid_, "open", "act-3"};
  for (char const* xuid : {"1002", "1003"}) {
    ASSERT_TRUE(Join(xuid, ref));
    ASSERT_TRUE(As(xuid)->SetActivityAsync(ref).get().ok());
  }
  auto found = As("1001")->GetActivitiesForSocialGroupAsync(scid_, "1001", "people").get();
  ASSERT_TRUE(found.ok()) << found.error().ToString();
  ASSERT_EQ(found->size(), 1u);
  EXPECT_EQ((*found)[0].owner_xuid, "1002");
}

TEST_F(HandlesEndToEndTest, InviteOnAClosedSessionIsCreatedButGivesReadOnlyAccess) {
  SessionReference const ref{scid_, "open", "inv-1"};
  auto host = Join("1001", ref);
  ASSERT_TRUE(host);
  MultiplayerSession closing = *host;
  ASSERT_TRUE(closing.SetClosed(true).ok());
  ASSERT_TRUE(As("1001")->WriteSessionAsync(closing, SessionWriteMode::kSynchronizedUpdate).get().ok());

  auto invites = As("1001")->SendInvitesAsync(ref, {"1002"}, "8397267").get();
  ASSERT_TRUE(invites.ok()) << invites.error().ToString();
  ASSERT_EQ(invites->size(), 1u);
  ASSERT_FALSE((*invites)[0].error) << (*invites)[0].error->ToString();
  auto const handle = (*invites)[0].handle_id;
  ASSERT_FALSE(handle.empty()) << "an invite can be created even on a closed session";

  MultiplayerSession join(SessionReference{}, "1002");
  ASSERT_TRUE(join.Join().ok());
  auto refused = As("1002")->WriteSessionByHandleAsync(join, SessionWriteMode::kUpdateExisting, handle).get();
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kForbidden) << "closed: the invite grants read-only access";
  auto read = As("1002")->GetCurrentSessionByHandleAsync(handle).get();
  ASSERT_TRUE(read.ok()) << read.error().ToString();
  EXPECT_EQ(read->session->reference(), ref) << "the reference comes from Content-Location";
}

TEST_F(HandlesEndToEndTest, TransferHandleAdmitsLobbyMembersOnly) {
  SessionReference const lobby{scid_, "open", "lobby-1"};
  SessionReference const game{scid_, "priv", "game-1"};
  ASSERT_TRUE(Join("1001", lobby));
  ASSERT_TRUE(Join("1002", lobby));
  ASSERT_TRUE(Join("1001", game));
  auto handle = As("1001")->SetTransferHandleAsync(game, lobby).get();
  ASSERT_TRUE(handle.ok()) << handle.error().ToString();

  MultiplayerSession bob(SessionReference{}, "1002");
  ASSERT_TRUE(bob.Join().ok());
  auto joined = As("1002")->WriteSessionByHandleAsync(bob, SessionWriteMode::kUpdateExisting, *handle).get();
  ASSERT_TRUE(joined.ok()) << joined.error().ToString();
  EXPECT_EQ(joined->session->reference(), game);
  EXPECT_EQ(joined->session->members().size(), 2u);

  MultiplayerSession carol(SessionReference{}, "1003");
  ASSERT_TRUE(carol.Join().ok());
  auto refused = As("1003")->WriteSessionByHandleAsync(carol, SessionWriteMode::kUpdateExisting, *handle).get();
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kForbidden) << "not in the lobby: " << refused.error().ToString();
}

TEST_F(HandlesEndToEndTest, SearchFiltersOnNumbersStringsAndTags) {
  auto publish = [&](std::string const& name, std::string const& owner, double rank, std::string const& region,
                     std::vector<std::string> tags) -> std::string {
    SessionReference const ref{scid_, "srch", name};
    EXPECT_TRUE(Join(owner, ref));
    SearchHandleRequest request;
    request.session_reference = ref;
    request.tags = std::move(tags);
    request.numbers = {{"rank", rank}};
    request.strings = {{"region", region}};
    auto created = As(owner)->SetSearchHandleAsync(request).get();
    EXPECT_TRUE(created.ok()) << (created.ok() ? "" : created.error().ToString());
    return created.ok() ? created->handle_id : std::string();
  };
  auto const low = publish("s-low", "2001", 10, "west", {"CoolPeopleOnly"});
  auto const high = publish("s-high", "2002", 90, "west", {"CoolPeopleOnly"});
  auto const east = publish("s-east", "2003", 20, "east", {"casual"});
  ASSERT_FALSE(low.empty() || high.empty() || east.empty());

  SearchHandlesQuery query;
  query.scid = scid_;
  query.template_name = "srch";
  query.filter = "numbers/rank lt 60 and strings/region eq 'west' and tags/any(d:tolower(d) eq 'coolpeopleonly')";
  auto found = As("2009")->GetSearchHandlesAsync(query).get();
  ASSERT_TRUE(found.ok()) << found.error().ToString();
  ASSERT_EQ(found->size(), 1u);
  EXPECT_EQ((*found)[0].handle_id, low);
  ASSERT_TRUE((*found)[0].related_info) << "include=relatedInfo";

  ASSERT_TRUE(As("2001")->ClearSearchHandleAsync(low).get().ok());
  auto after = As("2009")->GetSearchHandlesAsync(query).get();
  ASSERT_TRUE(after.ok());
  EXPECT_TRUE(after->empty());
}

}  // namespace
}  // namespace xbl::multiplayer
