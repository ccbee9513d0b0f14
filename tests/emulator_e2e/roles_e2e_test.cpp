// Protocol §2.4.8 and §3.6: an owner changes mutable role settings; a non-owner is refused.
#include "emulator_e2e_fixture.h"

namespace xbl::multiplayer {
namespace {

using RolesEndToEndTest = EmulatorEndToEndTest;

RoleType Roles(std::string const& role, std::uint32_t max, std::uint32_t target) {
  RoleType type;
  type.roles[role] = Role{max, target, 0, {}};
  return type;
}

TEST_F(RolesEndToEndTest, OwnerChangesMutableRoleSettingsAndNonOwnerIsRefused) {
  SessionReference const ref{scid_, "dyn", "roles-1"};
  MultiplayerSession create(ref, "1001");
  SessionCapabilities capabilities;
  capabilities.has_owners = true;
  ASSERT_TRUE(create.SetCapabilities(capabilities).ok());
  RoleType lfg = Roles("tank", 1, 0);
  lfg.mutable_role_settings = {"max", "target"};
  lfg.roles["healer"] = Role{2, 1, 0, {}};
  ASSERT_TRUE(create.SetRoleTypes({{"lfg", lfg}}).ok());
  ASSERT_TRUE(create.Join().ok());
  ASSERT_TRUE(create.SetOwners({0}).ok());
  auto created = As("1001")->WriteSessionAsync(create, SessionWriteMode::kCreateNew).get();
  ASSERT_TRUE(created.ok()) << created.error().ToString();
  EXPECT_EQ(created->session->properties().owners, (std::vector<std::uint32_t>{0}));
  ASSERT_TRUE(Join("1002", ref));

  auto as_member = As("1002")->GetCurrentSessionAsync(ref).get();
  ASSERT_TRUE(as_member.ok()) << as_member.error().ToString();
  ASSERT_EQ(as_member->status, SessionResultStatus::kRead);
  MultiplayerSession member_view = *as_member->session;
  EXPECT_EQ(member_view.current_user_xuid(), "1002") << "the reading service's user";
  ASSERT_TRUE(member_view.SetMutableRoleSettings({{"lfg", Roles("tank", 2, 0)}}).ok());
  auto refused = As("1002")->WriteSessionAsync(member_view, SessionWriteMode::kSynchronizedUpdate).get();
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kForbidden) << refused.error().ToString();

  auto as_owner = As("1001")->GetCurrentSessionAsync(ref).get();
  ASSERT_TRUE(as_owner.ok()) << as_owner.error().ToString();
  ASSERT_EQ(as_owner->status, SessionResultStatus::kRead);
  MultiplayerSession owner_view = *as_owner->session;
  RoleType change = Roles("tank", 3, 0);
  change.roles["healer"] = Role{0, 2, 0, {}};
  ASSERT_TRUE(owner_view.SetMutableRoleSettings({{"lfg", change}}).ok());
  auto changed = As("1001")->WriteSessionAsync(owner_view, SessionWriteMode::kSynchronizedUpdate).get();
  ASSERT_TRUE(changed.ok()) << changed.error().ToString();
  auto const& roles = changed->session->role_types().at("lfg").roles;
  EXPECT_EQ(roles.at("tank").max, 3u);
  EXPECT_EQ(roles.at("healer").max, 2u);
  EXPECT_EQ(roles.at("healer").target, 2u);
}

}  // namespace
}  // namespace xbl::multiplayer
