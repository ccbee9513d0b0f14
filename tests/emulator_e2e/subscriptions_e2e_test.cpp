// MultiplayerService's subscriptions over the real WebSocket against the emulator's /connect:
// enabling, a write that carries the connection id, and another member's write arriving as a
// session-changed event with its change number (docs/live-sessions.md).
#include "emulator_e2e_fixture.h"
#include "wait_for.h"
#include <mutex>
#include <vector>

namespace xbl::multiplayer {
namespace {

using testing_support::WaitUntil;

using SubscriptionsEndToEndTest = EmulatorEndToEndTest;

TEST_F(SubscriptionsEndToEndTest, AnotherMembersWriteReachesTheSubscribedMemberAsASessionChangedEvent) {
  auto host = As("1001");
  std::mutex mutex;
  std::vector<SessionChangedEvent> events;
  auto token = host->AddSessionChangedHandler([&](SessionChangedEvent const& event) {
    std::lock_guard<std::mutex> lock(mutex);
    events.push_back(event);
  });
  auto const id = host->EnableSubscriptionsAsync().get();
  ASSERT_TRUE(id.ok()) << id.error().ToString();
  ASSERT_FALSE(id->empty());

  // A session that needs a connection for active members: the host's join carries its id.
  SessionReference const ref{scid_, "dyn", "subs-e2e-1"};
  MultiplayerSession create(ref, "1001");
  ASSERT_TRUE(
      create
          .MergeRawChanges(
              {{"constants",
                {{"system",
                  {{"maxMembersCount", 4}, {"capabilities", {{"connectionRequiredForActiveMembers", true}}}}}}}})
          .ok());
  ASSERT_TRUE(create.Join().ok());
  ASSERT_TRUE(create.SetCurrentUserSubscription("5a1c2e3f-4b5d-4c6e-8f70-8192a3b4c5d6", {"everything"}).ok());
  auto const created = host->WriteSessionAsync(create, SessionWriteMode::kUpdateOrCreateNew).get();
  ASSERT_TRUE(created.ok()) << created.error().ToString();
  ASSERT_TRUE(created->session);

  // Another member joins (bound to a connection of its own, as the session requires).
  auto guest = As("1002");
  ASSERT_TRUE(guest->EnableSubscriptionsAsync().get().ok());
  MultiplayerSession join(ref, "1002");
  ASSERT_TRUE(join.Join().ok());
  auto const written = guest->WriteSessionAsync(join, SessionWriteMode::kUpdateExisting).get();
  ASSERT_TRUE(written.ok()) << written.error().ToString();
  auto const joined = written->session;
  ASSERT_TRUE(joined);
  auto const change = joined->change_number();
  ASSERT_GT(change, created->session->change_number());

  ASSERT_TRUE(WaitUntil([&] {
    std::lock_guard<std::mutex> lock(mutex);
    for (auto const& event : events) {
      if (event.change_number == change) return true;
    }
    return false;
  })) << "the host never saw change number "
      << change;
  std::lock_guard<std::mutex> lock(mutex);
  for (auto const& event : events) {
    EXPECT_EQ(event.reference, ref) << "named as the host spelled it";
    EXPECT_EQ(event.branch, joined->branch());
  }
  guest->Shutdown();
  host->Shutdown();
}

}  // namespace
}  // namespace xbl::multiplayer
